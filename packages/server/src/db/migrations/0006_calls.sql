-- Calls for applications and selection (seed 003): a call under an Erasmus+ project with its
-- destinations, the learners' applications, an interview per candidate scored on the call's criteria,
-- the selection (selected with a destination, a reserve list in order, not selected) and the teams
-- formed per destination and host, from which placements are made.

CREATE TABLE calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE RESTRICT,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- who may apply and how candidates are chosen, in words applicants read
  criteria_text text NOT NULL DEFAULT '',
  places integer NOT NULL CHECK (places >= 1),
  -- applications are taken from opens_on to the end of the deadline day (Riga time), while the call is open
  opens_on date NOT NULL,
  deadline date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'decided')),
  -- [{ "key", "label", "weight" }]: the criteria an interview scores 0–10 and their weights in the total;
  -- the four of seed 003 unless the coordinator changes them (label is empty for those four)
  criteria jsonb NOT NULL DEFAULT '[{"key":"preparation","label":"","weight":1},{"key":"social","label":"","weight":1},{"key":"individual","label":"","weight":1},{"key":"language","label":"","weight":1}]',
  -- lower-case, diacritics removed: title and project number (kept by the service)
  search_text text NOT NULL DEFAULT '',
  lock_version integer NOT NULL DEFAULT 1,
  opened_at timestamptz,
  closed_at timestamptz,
  decided_at timestamptz,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (deadline >= opens_on)
);
CREATE INDEX calls_school_status_idx ON calls (school_id, status, deadline);
CREATE INDEX calls_project_idx ON calls (project_id);

-- Where the call sends learners: a country and city, the host if it is already known, and its places.
CREATE TABLE call_destinations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  call_id uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  position smallint NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  city text NOT NULL DEFAULT '',
  host_partner_id uuid REFERENCES partners (id) ON DELETE RESTRICT,
  places integer NOT NULL CHECK (places >= 1)
);
CREATE INDEX call_destinations_call_idx ON call_destinations (call_id, position);

-- One learner's application to one call.
CREATE TABLE call_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  call_id uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  motivation text NOT NULL,
  -- [{ "language", "level" }], level one of the CEFR levels A1–C2
  languages jsonb NOT NULL DEFAULT '[]',
  consent_data boolean NOT NULL CHECK (consent_data),
  is_minor boolean NOT NULL DEFAULT false,
  consent_guardian boolean NOT NULL DEFAULT false,
  consent_photos boolean NOT NULL DEFAULT false,
  -- selected, reserve and not_selected are the coordinator's working selection until the call is
  -- decided; the learner sees them (and is e-mailed) only then
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'withdrawn', 'selected', 'reserve', 'not_selected')),
  reserve_rank integer CHECK (reserve_rank >= 1),
  -- the destination a selected learner goes to
  destination_id uuid REFERENCES call_destinations (id) ON DELETE RESTRICT,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  notified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, learner_id),
  CHECK (NOT is_minor OR consent_guardian),
  CHECK ((status = 'reserve') = (reserve_rank IS NOT NULL)),
  CHECK ((status = 'selected') = (destination_id IS NOT NULL))
);
CREATE INDEX call_applications_learner_idx ON call_applications (learner_id);

-- The learner's preferred destinations, 1 the most wanted.
CREATE TABLE call_application_destinations (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  application_id uuid NOT NULL REFERENCES call_applications (id) ON DELETE CASCADE,
  destination_id uuid NOT NULL REFERENCES call_destinations (id) ON DELETE RESTRICT,
  preference smallint NOT NULL CHECK (preference >= 1),
  PRIMARY KEY (application_id, destination_id),
  UNIQUE (application_id, preference)
);
CREATE INDEX call_application_destinations_dest_idx ON call_application_destinations (destination_id);

-- The interview of one candidate: a score 0–10 on each of the call's criteria, and notes.
CREATE TABLE call_interviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  application_id uuid NOT NULL UNIQUE REFERENCES call_applications (id) ON DELETE CASCADE,
  interviewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
  interview_date date NOT NULL,
  -- { "<criterion key>": 0–10 }
  scores jsonb NOT NULL,
  notes text NOT NULL DEFAULT '',
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Selected learners who go together: one destination and one host (seed 003: teams per country and host).
CREATE TABLE call_teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  call_id uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  destination_id uuid NOT NULL REFERENCES call_destinations (id) ON DELETE RESTRICT,
  host_partner_id uuid REFERENCES partners (id) ON DELETE RESTRICT,
  name text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_teams_call_idx ON call_teams (call_id);

-- A learner is in at most one team; the placement made for them from the team, once it exists.
CREATE TABLE call_team_members (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  team_id uuid NOT NULL REFERENCES call_teams (id) ON DELETE CASCADE,
  application_id uuid NOT NULL UNIQUE REFERENCES call_applications (id) ON DELETE CASCADE,
  placement_id uuid REFERENCES placements (id) ON DELETE SET NULL,
  PRIMARY KEY (team_id, application_id)
);

-- A call that made placements is never deleted: they keep saying which selection made them.
ALTER TABLE placements ADD CONSTRAINT placements_call_id_fkey FOREIGN KEY (call_id) REFERENCES calls (id);
CREATE INDEX placements_call_idx ON placements (call_id);

ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON calls USING (school_id = app_school());
ALTER TABLE call_destinations ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON call_destinations USING (school_id = app_school());
ALTER TABLE call_applications ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON call_applications USING (school_id = app_school());
ALTER TABLE call_application_destinations ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON call_application_destinations USING (school_id = app_school());
ALTER TABLE call_interviews ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON call_interviews USING (school_id = app_school());
ALTER TABLE call_teams ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON call_teams USING (school_id = app_school());
ALTER TABLE call_team_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON call_team_members USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE, DELETE ON calls, call_destinations, call_applications,
  call_application_destinations, call_interviews, call_teams, call_team_members TO tilts_app;
