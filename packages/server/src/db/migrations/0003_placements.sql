-- Placements, the central object: one learner (or a group, or a staff member) learning outside the
-- classroom for a period, with a host. Also the links that let people without an account act, and
-- CSV import batches that wait for confirmation.

CREATE TABLE placements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('internship', 'dvb', 'virtual_internship', 'erasmus')),
  -- Erasmus+ only: one of the activity types of mobility_rules
  activity_type text,
  title text NOT NULL,
  project_id uuid REFERENCES projects (id) ON DELETE RESTRICT,
  programme_id uuid REFERENCES programmes (id) ON DELETE RESTRICT,
  -- the call whose selection made it (the calls migration adds the reference)
  call_id uuid,
  qualification_id uuid REFERENCES qualifications (id) ON DELETE SET NULL,
  -- the host; for an activity hosted at the school (invited experts, hosting teachers), where the
  -- participant comes from
  host_partner_id uuid REFERENCES partners (id) ON DELETE RESTRICT,
  destination_country text NOT NULL CHECK (destination_country ~ '^[A-Z]{2}$'),
  destination_city text NOT NULL DEFAULT '',
  -- where the city is, when the city dataset does not know it (the coordinator enters them)
  destination_lat double precision CHECK (destination_lat BETWEEN -90 AND 90),
  destination_lon double precision CHECK (destination_lon BETWEEN -180 AND 180),
  -- the workplace supervisor: a person at the host who usually has no account
  supervisor_name text NOT NULL DEFAULT '',
  supervisor_position text NOT NULL DEFAULT '',
  supervisor_email text NOT NULL DEFAULT '',
  supervisor_phone text NOT NULL DEFAULT '',
  -- the school's mentor (a teacher)
  mentor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  -- the activity itself, travel excluded
  start_date date NOT NULL,
  end_date date NOT NULL,
  travel_days smallint NOT NULL DEFAULT 0 CHECK (travel_days BETWEEN 0 AND 10),
  interruption_days smallint NOT NULL DEFAULT 0 CHECK (interruption_days >= 0),
  green_travel boolean NOT NULL DEFAULT false,
  mode text NOT NULL DEFAULT 'on_site' CHECK (mode IN ('on_site', 'virtual', 'blended')),
  purpose text CHECK (purpose IN ('programme_module', 'specialised_course', 'innovation', 'long_term_foundation')),
  insurance text NOT NULL DEFAULT '',
  planned_hours integer CHECK (planned_hours > 0),
  -- the communication plan of a virtual or blended placement
  comm_channels text[] NOT NULL DEFAULT '{}',
  comm_every_days smallint CHECK (comm_every_days > 0),
  comm_weekly_hours numeric(5, 1) CHECK (comm_weekly_hours >= 0),
  comm_who text NOT NULL DEFAULT '',
  -- a preparatory visit names the mobility it prepares and why it is needed
  prepares_placement_id uuid REFERENCES placements (id) ON DELETE SET NULL,
  justification text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'planned', 'ready', 'in_progress', 'completed',
    'recognised', 'closed', 'cancelled', 'interrupted')),
  status_reason text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  -- lower-case, diacritics removed: title, host, learners, supervisor (kept by the service)
  search_text text NOT NULL DEFAULT '',
  -- optimistic locking: an edit names the version it started from
  lock_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date),
  CHECK ((kind = 'erasmus') = (activity_type IS NOT NULL))
);
-- The lists filter by school (row-level security), status and kind, search the text and sort by the
-- start: these indexes hold all of it, so the filtering and counting read no table pages.
CREATE INDEX placements_school_status_idx ON placements (school_id, status, start_date DESC, id DESC)
  INCLUDE (kind, search_text);
CREATE INDEX placements_school_start_idx ON placements (school_id, start_date DESC, id DESC)
  INCLUDE (status, kind, search_text);
CREATE INDEX placements_mentor_idx ON placements (mentor_id);
CREATE INDEX placements_supervisor_idx ON placements (school_id, lower(supervisor_email));
CREATE INDEX placements_project_idx ON placements (project_id);
CREATE INDEX placements_host_idx ON placements (host_partner_id);

-- Who goes: learners, a staff member, and the staff accompanying a group.
CREATE TABLE placement_participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  role text NOT NULL CHECK (role IN ('learner', 'staff', 'accompanying')),
  -- a recent graduate's graduation day (must start within the rule's months of it)
  graduation_date date,
  fewer_opportunities boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (placement_id, user_id)
);
CREATE INDEX placement_participants_user_idx ON placement_participants (user_id);

-- The units of learning outcomes a placement is for: what its learning agreement lists, what the
-- host assesses and the school recognises.
CREATE TABLE placement_units (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id) ON DELETE RESTRICT,
  position integer NOT NULL DEFAULT 0,
  PRIMARY KEY (placement_id, unit_id)
);

-- What the school knows of a learner beyond the account: the birth date (a minor's agreement needs a
-- parent or guardian's signature) and the guardian's contact.
CREATE TABLE learner_profiles (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  date_of_birth date,
  guardian_name text NOT NULL DEFAULT '',
  guardian_email text NOT NULL DEFAULT '',
  guardian_phone text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, user_id)
);

CREATE TABLE placement_status_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  from_status text NOT NULL,
  to_status text NOT NULL,
  reason text NOT NULL DEFAULT '',
  changed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placement_status_changes_idx ON placement_status_changes (placement_id, id);

-- A link e-mailed to someone who acts without an account (a partner's representative signs an MoU,
-- a workplace supervisor confirms a diary week). Only the token's SHA-256 is stored.
CREATE TABLE access_links (
  token_hash text PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  purpose text NOT NULL,
  subject_id uuid NOT NULL,
  email text NOT NULL,
  person_name text NOT NULL DEFAULT '',
  locale text NOT NULL DEFAULT 'lv' CHECK (locale IN ('lv', 'en')),
  single_use boolean NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX access_links_subject_idx ON access_links (purpose, subject_id);

-- A CSV read and checked, waiting for the user to confirm it; nothing else is written before that.
CREATE TABLE import_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  kind text NOT NULL,
  filename text NOT NULL DEFAULT '',
  encoding text NOT NULL,
  rows jsonb NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  applied_at timestamptz
);

ALTER TABLE placements ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placements USING (school_id = app_school());
ALTER TABLE placement_participants ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_participants USING (school_id = app_school());
ALTER TABLE placement_units ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_units USING (school_id = app_school());
ALTER TABLE learner_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON learner_profiles USING (school_id = app_school());
ALTER TABLE placement_status_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_status_changes USING (school_id = app_school());
ALTER TABLE access_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON access_links USING (school_id = app_school());
ALTER TABLE import_batches ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON import_batches USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE, DELETE ON placements, placement_participants, placement_units, learner_profiles,
  access_links, import_batches TO tilts_app;
GRANT SELECT, INSERT ON placement_status_changes TO tilts_app;
