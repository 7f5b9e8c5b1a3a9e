-- Foundation: schools, people and their roles, sessions and sign-in tokens, the audit log,
-- the e-mail outbox, a first partner register, and row-level security keyed on the request's school.

-- The role every request runs as (SET LOCAL ROLE), so that row-level security applies even when the
-- connection itself is a superuser, as it is on PGlite and on a trust-auth PostgreSQL.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tilts_app') THEN
    CREATE ROLE tilts_app NOLOGIN;
  END IF;
END
$$;

-- The school of the current request, or NULL outside a school.
CREATE FUNCTION app_school() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('app.school_id', true), '')::uuid
$$;

CREATE TABLE schools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  legal_address text NOT NULL DEFAULT '',
  -- the sending city, from which Erasmus+ travel distances are measured
  city text NOT NULL DEFAULT '',
  registration_number text NOT NULL DEFAULT '',
  country text NOT NULL DEFAULT 'LV' CHECK (country ~ '^[A-Z]{2}$'),
  erasmus_oid text NOT NULL DEFAULT '',
  logo bytea,
  logo_mime text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  given_name text NOT NULL,
  family_name text NOT NULL,
  password_hash text,
  locale text NOT NULL DEFAULT 'lv' CHECK (locale IN ('lv', 'en')),
  is_active boolean NOT NULL DEFAULT true,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- A person's role in one school; the same person may hold another role in another school.
CREATE TABLE memberships (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin', 'coordinator', 'teacher', 'learner', 'supervisor')),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);
CREATE INDEX memberships_school_role_idx ON memberships (school_id, role);

-- The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  school_id uuid REFERENCES schools (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Single-use links: password reset, sign-in by e-mail, invitation.
CREATE TABLE auth_tokens (
  token_hash text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('reset', 'magic', 'invite')),
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  school_id uuid REFERENCES schools (id) ON DELETE CASCADE,
  email text NOT NULL,
  role text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Failed sign-ins per account and per address; a block here is temporary.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  blocked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only; each entry's hash covers the previous entry's hash (see audit/chain.ts).
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id uuid,
  actor_id uuid,
  actor_email text,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  before jsonb,
  after jsonb,
  ip text,
  request_id text,
  created_at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_school_idx ON audit_log (school_id, id DESC);

CREATE TABLE audit_chain_head (
  id integer PRIMARY KEY CHECK (id = 1),
  last_id bigint NOT NULL,
  last_hash text NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, 0, repeat('0', 64));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Every e-mail Tilts sends. With no SMTP configured, status 'outbox' is where delivery ends.
CREATE TABLE mail_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid REFERENCES schools (id) ON DELETE CASCADE,
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  locale text NOT NULL,
  template text NOT NULL,
  -- who caused the message (an invitation's sender, say): a coordinator reads the e-mail they caused
  caused_by uuid REFERENCES users (id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sent', 'outbox', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_messages_school_idx ON mail_messages (school_id, created_at DESC);

-- Partner organisations; the partners issue adds contacts, import and the rest.
CREATE TABLE partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('company', 'school', 'intermediary')),
  legal_name text NOT NULL,
  registration_number text NOT NULL DEFAULT '',
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  city text NOT NULL DEFAULT '',
  legal_address text NOT NULL DEFAULT '',
  website text NOT NULL DEFAULT '',
  sector text NOT NULL DEFAULT '',
  erasmus_oid text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partners_school_idx ON partners (school_id, legal_name);

-- Row-level security: the second wall behind the services' own checks.
ALTER TABLE schools ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_self ON schools USING (id = app_school());
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON memberships USING (school_id = app_school());
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON audit_log FOR SELECT USING (school_id = app_school());
CREATE POLICY school_insert ON audit_log FOR INSERT WITH CHECK (school_id IS NULL OR school_id = app_school());
ALTER TABLE mail_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON mail_messages USING (school_id = app_school())
  WITH CHECK (school_id IS NULL OR school_id = app_school());
ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON partners USING (school_id = app_school());

GRANT USAGE ON SCHEMA public TO tilts_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON schools, users, memberships, sessions, auth_tokens, login_throttle,
  mail_messages, partners TO tilts_app;
GRANT SELECT, INSERT ON audit_log TO tilts_app;
GRANT SELECT, UPDATE ON audit_chain_head TO tilts_app;
