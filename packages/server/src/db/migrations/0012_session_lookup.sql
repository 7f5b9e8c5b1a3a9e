-- The session lookup that every request makes, as a PL/pgSQL function: PL/pgSQL keeps the plan of
-- its query for the life of the connection, so it is planned once instead of on every request.
-- Planning the plain query cost about four times its execution, on the embedded database and on a
-- server alike (docs/benchmarks.md). What a session carries changes here, in a new migration
-- (CREATE OR REPLACE; DROP and CREATE when the columns change), together with auth.repository.ts.
CREATE FUNCTION app_find_session(p_token_hash text)
RETURNS TABLE (
  user_id uuid,
  school_id uuid,
  last_seen_at timestamptz,
  email text,
  given_name text,
  family_name text,
  locale text,
  has_password boolean,
  memberships json
)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT s.user_id, s.school_id, s.last_seen_at, u.email, u.given_name, u.family_name, u.locale,
    u.password_hash IS NOT NULL,
    coalesce((
      SELECT json_agg(json_build_object('schoolId', m.school_id, 'schoolName', sc.name, 'role', m.role)
        ORDER BY sc.name)
      FROM memberships m JOIN schools sc ON sc.id = m.school_id
      WHERE m.user_id = u.id AND m.is_active
    ), '[]'::json)
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.expires_at > now() AND u.is_active;
END
$$;
