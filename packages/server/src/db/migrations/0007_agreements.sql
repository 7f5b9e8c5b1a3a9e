-- Learning agreements (one per learner of a placement) in versions that every party signs; the host's
-- mid-term and final assessment of the agreed outcomes; the school's validation and recognition.

CREATE TABLE agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  -- the learner's place on the placement: a participant with an agreement cannot be taken off it
  participant_id uuid NOT NULL REFERENCES placement_participants (id) ON DELETE RESTRICT,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  kind text NOT NULL CHECK (kind IN ('learning_agreement', 'internship_agreement', 'learning_contract')),
  -- the newest version, and the newest that every party signed (null until one is)
  current_version integer NOT NULL DEFAULT 1,
  signed_version integer,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (placement_id, learner_id)
);
CREATE INDEX agreements_learner_idx ON agreements (learner_id);
CREATE INDEX agreements_participant_idx ON agreements (participant_id);

-- One version: the whole content frozen as JSON, and the SHA-256 of its canonical form (keys sorted).
CREATE TABLE agreement_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  agreement_id uuid NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'awaiting_signatures', 'signed', 'superseded', 'withdrawn')),
  content jsonb NOT NULL,
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  -- a version after the first is a change proposal, with its reason
  change_reason text CHECK (change_reason IN ('outcome_not_available', 'outcome_added', 'language', 'timetable',
    'period_extended', 'period_shortened', 'mentor_changed', 'other')),
  change_comment text NOT NULL DEFAULT '',
  -- optimistic locking of the draft: a save names the lock version it started from
  lock_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  sent_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- when the last party signed: from then on the version never changes
  signed_at timestamptz,
  CHECK ((version = 1) = (change_reason IS NULL)),
  CHECK (status <> 'signed' OR signed_at IS NOT NULL),
  UNIQUE (agreement_id, version)
);
-- One version in the making at a time.
CREATE UNIQUE INDEX agreement_versions_open_idx ON agreement_versions (agreement_id)
  WHERE status IN ('draft', 'awaiting_signatures');
CREATE INDEX agreement_versions_hash_idx ON agreement_versions (content_hash);

-- The signature each party owes a version sent for signature, and how it was given.
CREATE TABLE agreement_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  version_id uuid NOT NULL REFERENCES agreement_versions (id) ON DELETE CASCADE,
  party text NOT NULL CHECK (party IN ('school', 'learner', 'host', 'guardian')),
  expected_name text NOT NULL DEFAULT '',
  expected_email text NOT NULL DEFAULT '',
  signed_at timestamptz,
  signed_name text,
  signed_position text,
  signed_email text,
  sign_method text CHECK (sign_method IN ('in_app', 'email_link')),
  -- the SHA-256 of the content the signer was shown; always the version's own hash
  signed_hash text,
  signed_ip text,
  signed_by_user uuid REFERENCES users (id) ON DELETE SET NULL,
  UNIQUE (version_id, party),
  CHECK ((signed_at IS NULL) = (signed_hash IS NULL))
);

-- The SHA-256 of every PDF Tilts made of a version, so the public check recognises the very file.
CREATE TABLE agreement_pdfs (
  file_sha256 text PRIMARY KEY CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  version_id uuid NOT NULL REFERENCES agreement_versions (id) ON DELETE CASCADE,
  locale text NOT NULL CHECK (locale IN ('lv', 'en')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A group mobility's shared learning programme; each learner's agreement carries a copy.
CREATE TABLE group_programmes (
  placement_id uuid PRIMARY KEY REFERENCES placements (id) ON DELETE CASCADE,
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  text text NOT NULL DEFAULT '',
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The host's mid-term or final evaluation of one learner's agreed outcomes.
CREATE TABLE assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  agreement_id uuid NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
  -- the signed version whose outcomes are assessed
  version_id uuid NOT NULL REFERENCES agreement_versions (id) ON DELETE RESTRICT,
  stage text NOT NULL CHECK (stage IN ('mid_term', 'final')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'validated')),
  -- the raksturojums: the supervisor's written assessment of the learner
  characterisation text NOT NULL DEFAULT '',
  assessor_name text NOT NULL DEFAULT '',
  assessor_email text NOT NULL DEFAULT '',
  submitted_at timestamptz,
  validated_at timestamptz,
  validated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  validation_comment text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agreement_id, stage)
);

CREATE TABLE assessment_outcomes (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  -- the outcome's id in the version's content
  outcome_id text NOT NULL,
  result text CHECK (result IN ('achieved', 'partly', 'not_achieved')),
  grade text NOT NULL DEFAULT '',
  comment text NOT NULL DEFAULT '',
  PRIMARY KEY (assessment_id, outcome_id)
);

-- The school's decision: which units (credits, grade) count in the learner's programme.
CREATE TABLE recognitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  agreement_id uuid NOT NULL UNIQUE REFERENCES agreements (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  version_id uuid NOT NULL REFERENCES agreement_versions (id) ON DELETE RESTRICT,
  assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE RESTRICT,
  -- [{ unitId, code, title, titleEn, creditPoints, recognised, grade }]
  units jsonb NOT NULL,
  grade text NOT NULL DEFAULT '',
  comment text NOT NULL DEFAULT '',
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recognitions_learner_idx ON recognitions (learner_id);

ALTER TABLE agreements ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON agreements USING (school_id = app_school());
ALTER TABLE agreement_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON agreement_versions USING (school_id = app_school());
ALTER TABLE agreement_signatures ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON agreement_signatures USING (school_id = app_school());
ALTER TABLE agreement_pdfs ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON agreement_pdfs USING (school_id = app_school());
ALTER TABLE group_programmes ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON group_programmes USING (school_id = app_school());
ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON assessments USING (school_id = app_school());
ALTER TABLE assessment_outcomes ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON assessment_outcomes USING (school_id = app_school());
ALTER TABLE recognitions ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON recognitions USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE ON agreements, agreement_versions, group_programmes, assessments, recognitions
  TO tilts_app;
GRANT SELECT, INSERT ON agreement_pdfs TO tilts_app;
-- a withdrawn version's unsigned signature rows go; an assessment's outcomes are rewritten on save
GRANT SELECT, INSERT, UPDATE, DELETE ON agreement_signatures, assessment_outcomes TO tilts_app;
