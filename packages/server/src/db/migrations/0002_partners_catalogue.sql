-- The partner register grows its contacts; the catalogue of qualifications, units and learning
-- outcomes; Erasmus+ projects and domestic programmes; and the Erasmus+ activity rules as data.

ALTER TABLE partners
  ADD COLUMN notes text NOT NULL DEFAULT '',
  -- registration number without spaces, dots or dashes, upper case: two spellings of one number match
  ADD COLUMN registration_key text GENERATED ALWAYS AS (upper(regexp_replace(registration_number, '[^0-9A-Za-z]', '', 'g'))) STORED;
-- Same registration number and country is the same organisation (what makes a re-import idempotent).
CREATE UNIQUE INDEX partners_registration_key ON partners (school_id, country, registration_key)
  WHERE registration_key <> '';
CREATE INDEX partners_school_country_idx ON partners (school_id, country);

CREATE TABLE partner_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
  name text NOT NULL,
  position text NOT NULL DEFAULT '',
  email text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_contacts_partner_idx ON partner_contacts (partner_id);

-- A qualification the school teaches, with its frameworks' levels.
CREATE TABLE qualifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  code text NOT NULL,
  title text NOT NULL,
  title_en text NOT NULL DEFAULT '',
  eqf_level smallint NOT NULL CHECK (eqf_level BETWEEN 1 AND 8),
  lki_level smallint NOT NULL CHECK (lki_level BETWEEN 1 AND 8),
  programme text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (school_id, code)
);

-- A unit of learning outcomes (ECVET) of one qualification.
CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  qualification_id uuid NOT NULL REFERENCES qualifications (id) ON DELETE CASCADE,
  code text NOT NULL,
  title text NOT NULL,
  title_en text NOT NULL DEFAULT '',
  eqf_level smallint NOT NULL CHECK (eqf_level BETWEEN 1 AND 8),
  credit_points numeric(6, 2) NOT NULL DEFAULT 0 CHECK (credit_points >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (qualification_id, code)
);
CREATE INDEX units_school_idx ON units (school_id);

-- One statement of what a learner knows or can do after a unit, with how it is assessed.
CREATE TABLE learning_outcomes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  position integer NOT NULL DEFAULT 0,
  kind text NOT NULL CHECK (kind IN ('knowledge', 'skills', 'responsibility_autonomy')),
  text text NOT NULL,
  text_en text NOT NULL DEFAULT '',
  assessment_criteria text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learning_outcomes_unit_idx ON learning_outcomes (unit_id, position);

-- An Erasmus+ accreditation (KA121) or short-term project (KA122) of one call year.
CREATE TABLE projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  action text NOT NULL CHECK (action IN ('KA121', 'KA122')),
  call_year smallint NOT NULL CHECK (call_year BETWEEN 2014 AND 2100),
  project_number text NOT NULL,
  title text NOT NULL,
  budget_eur numeric(12, 2) NOT NULL DEFAULT 0 CHECK (budget_eur >= 0),
  start_date date NOT NULL,
  end_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date),
  UNIQUE (school_id, project_number)
);

-- A domestic internship (MK 481) or work-based learning (DVB, MK 484) programme of a qualification.
CREATE TABLE programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('internship', 'dvb')),
  title text NOT NULL,
  qualification_id uuid REFERENCES qualifications (id) ON DELETE SET NULL,
  hours integer NOT NULL CHECK (hours > 0),
  start_date date NOT NULL,
  end_date date NOT NULL,
  -- [{ "title", "description", "dueDay" }]: dueDay counts from the placement's first day
  task_template jsonb NOT NULL DEFAULT '[]',
  -- days before a deadline that a learner who has not done the task is reminded
  reminder_days smallint NOT NULL DEFAULT 3 CHECK (reminder_days BETWEEN 0 AND 60),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date)
);

-- The Erasmus+ activity rules of one call year (DOMAIN.md section 2): data an admin can edit,
-- because the Programme Guide changes them. Each school keeps its own copy.
CREATE TABLE mobility_rules (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  call_year smallint NOT NULL,
  activity_type text NOT NULL,
  -- who takes part: learners, staff, or people the school hosts
  participants text NOT NULL CHECK (participants IN ('learners', 'staff', 'hosted')),
  min_days integer,
  max_days integer,
  min_learners integer NOT NULL DEFAULT 1,
  needs_accompanying_staff boolean NOT NULL DEFAULT false,
  -- months after graduation within which a recent graduate must start; null: recent graduates not eligible
  graduate_months integer,
  needs_linked_mobility boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, call_year, activity_type),
  CHECK (min_days IS NULL OR max_days IS NULL OR max_days >= min_days)
);

ALTER TABLE partner_contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON partner_contacts USING (school_id = app_school());
ALTER TABLE qualifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON qualifications USING (school_id = app_school());
ALTER TABLE units ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON units USING (school_id = app_school());
ALTER TABLE learning_outcomes ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON learning_outcomes USING (school_id = app_school());
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON projects USING (school_id = app_school());
ALTER TABLE programmes ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON programmes USING (school_id = app_school());
ALTER TABLE mobility_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON mobility_rules USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE, DELETE ON partner_contacts, qualifications, units, learning_outcomes, projects,
  programmes, mobility_rules TO tilts_app;
