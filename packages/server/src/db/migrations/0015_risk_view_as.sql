-- Learners at risk and "view as learner" (issue 5).

-- View as learner (docs/decisions/011-view-as-learner.md): a member of staff's session can stand for
-- one learner of the session's school. While it does, every request reads as that learner and every
-- write but "exit" is refused. Ending the session ends the view with it.
ALTER TABLE sessions ADD COLUMN viewing_as uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE sessions ADD COLUMN viewing_as_since timestamptz;

-- The session lookup (0012) returns the learner being viewed as well: still one statement per
-- request. The learner counts only while they are an active learner of the session's school.
DROP FUNCTION app_find_session(text);
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
  memberships json,
  viewing_as uuid,
  viewing_as_email text,
  viewing_as_given_name text,
  viewing_as_family_name text
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
    ), '[]'::json),
    s.viewing_as, v.email, v.given_name, v.family_name
  FROM sessions s JOIN users u ON u.id = s.user_id
  LEFT JOIN LATERAL (
    SELECT vu.email, vu.given_name, vu.family_name
    FROM users vu JOIN memberships vm ON vm.user_id = vu.id
    WHERE vu.id = s.viewing_as AND vu.is_active AND vm.school_id = s.school_id AND vm.is_active
      AND vm.role = 'learner'
  ) v ON true
  WHERE s.token_hash = p_token_hash AND s.expires_at > now() AND u.is_active;
END
$$;

-- The at-risk statement aggregates each active placement's diary by learner: with the hours and the
-- status in the index it reads no table pages.
CREATE INDEX diary_entries_risk_idx ON diary_entries (placement_id, learner_id) INCLUDE (entry_date, hours, status);
-- The school's active placements (in progress, or planned/ready and started) without a table scan.
CREATE INDEX placements_active_idx ON placements (school_id, status, start_date)
  WHERE status IN ('in_progress', 'planned', 'ready');
