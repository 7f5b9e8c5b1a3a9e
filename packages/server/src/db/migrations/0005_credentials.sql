-- Micro-credentials: each school's issuer profile and signing keys, credential templates, the
-- credentials issued (signed JSON kept exactly as issued), their status lists, share links, and
-- batch issues from a CSV.

-- The school as an issuer: what its profile adds to the school's details, and the next free position
-- in its status lists.
CREATE TABLE credential_issuers (
  school_id uuid PRIMARY KEY REFERENCES schools (id) ON DELETE CASCADE,
  region text NOT NULL DEFAULT '',
  website text NOT NULL DEFAULT '',
  next_status_index integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Ed25519 keys, #key-1, #key-2, … in the school's DID document. The secret key is sealed with
-- AES-256-GCM under the master key. A rotated key is retired, never deleted: what it signed still verifies.
CREATE TABLE credential_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  key_no integer NOT NULL CHECK (key_no > 0),
  public_key_multibase text NOT NULL,
  secret_key_sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE (school_id, key_no)
);
CREATE UNIQUE INDEX credential_keys_one_active ON credential_keys (school_id) WHERE retired_at IS NULL;

CREATE TABLE credential_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'lv' CHECK (language IN ('lv', 'en')),
  document_type text NOT NULL
    CHECK (document_type IN ('module_certificate', 'professional_development', 'qualification_part', 'non_formal')),
  -- [{ id, text, kind: knowledge | skills | responsibility_autonomy | null }]
  learning_outcomes jsonb NOT NULL,
  -- the unit of the catalogue its outcomes came from, when they did
  unit_id uuid REFERENCES units (id) ON DELETE SET NULL,
  ects numeric(5, 1) CHECK (ects >= 0),
  hours integer NOT NULL CHECK (hours > 0),
  eqf_level smallint CHECK (eqf_level BETWEEN 1 AND 8),
  lki_level smallint CHECK (lki_level BETWEEN 1 AND 8),
  assessment_type text NOT NULL
    CHECK (assessment_type IN ('exam', 'practical', 'project', 'portfolio', 'observation', 'prior_learning', 'other')),
  assessment_description text NOT NULL DEFAULT '',
  participation_mode text NOT NULL CHECK (participation_mode IN ('on_site', 'online', 'blended')),
  learning_setting text NOT NULL CHECK (learning_setting IN ('formal', 'non_formal')),
  quality_assurance text NOT NULL,
  prerequisites text NOT NULL DEFAULT '',
  identity_verification text CHECK (identity_verification IN ('none', 'supervised', 'online_id', 'onsite_id')),
  grading_scheme text NOT NULL DEFAULT '',
  stacks_into text NOT NULL DEFAULT '',
  further_information text NOT NULL DEFAULT '',
  valid_months integer CHECK (valid_months > 0),
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credential_templates_school_idx ON credential_templates (school_id, title);

-- A larger credential is made of smaller ones: the parts a learner must hold to be issued it.
CREATE TABLE credential_template_parts (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES credential_templates (id) ON DELETE CASCADE,
  part_id uuid NOT NULL REFERENCES credential_templates (id) ON DELETE RESTRICT,
  PRIMARY KEY (template_id, part_id),
  CHECK (template_id <> part_id)
);

CREATE TABLE credential_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES credential_templates (id),
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  total integer NOT NULL,
  done integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX credential_batches_school_idx ON credential_batches (school_id, created_at DESC);

CREATE TABLE credentials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES credential_templates (id),
  learner_id uuid NOT NULL REFERENCES users (id),
  key_id uuid NOT NULL REFERENCES credential_keys (id),
  batch_id uuid REFERENCES credential_batches (id) ON DELETE SET NULL,
  -- where the credential came from: issued by hand, from a CSV batch, or from a recognised placement
  source text NOT NULL CHECK (source IN ('single', 'batch', 'placement')),
  source_id uuid,
  status_index integer NOT NULL,
  title text NOT NULL,
  grade text,
  document text NOT NULL,
  issued_at timestamptz NOT NULL,
  valid_until timestamptz,
  revoked_at timestamptz,
  revoked_reason text,
  suspended_at timestamptz,
  suspended_reason text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  UNIQUE (school_id, status_index)
);
CREATE INDEX credentials_school_idx ON credentials (school_id, issued_at DESC);
CREATE INDEX credentials_learner_idx ON credentials (learner_id, issued_at DESC);
CREATE INDEX credentials_batch_idx ON credentials (batch_id);

CREATE TABLE credential_batch_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  batch_id uuid NOT NULL REFERENCES credential_batches (id) ON DELETE CASCADE,
  row_no integer NOT NULL,
  learner_id uuid NOT NULL REFERENCES users (id),
  grade text,
  credential_id uuid REFERENCES credentials (id) ON DELETE SET NULL,
  error text,
  UNIQUE (batch_id, row_no)
);

-- The signed Bitstring Status List credentials, one per school, purpose and block of 131 072
-- positions, re-signed in the transaction that revokes, suspends or reinstates.
CREATE TABLE credential_status_lists (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  list_no integer NOT NULL CHECK (list_no >= 0),
  document text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, purpose, list_no)
);

-- Links a learner hands out; the token is the link, so it is kept to be shown again.
CREATE TABLE credential_shares (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  credential_id uuid NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
  token text NOT NULL UNIQUE,
  purpose text NOT NULL DEFAULT 'link' CHECK (purpose IN ('link', 'pdf', 'linkedin')),
  label text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  views integer NOT NULL DEFAULT 0,
  last_viewed_at timestamptz
);
CREATE INDEX credential_shares_credential_idx ON credential_shares (credential_id);

ALTER TABLE credential_issuers ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_issuers USING (school_id = app_school());
ALTER TABLE credential_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_keys USING (school_id = app_school());
ALTER TABLE credential_templates ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_templates USING (school_id = app_school());
ALTER TABLE credential_template_parts ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_template_parts USING (school_id = app_school());
ALTER TABLE credential_batches ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_batches USING (school_id = app_school());
ALTER TABLE credentials ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credentials USING (school_id = app_school());
ALTER TABLE credential_batch_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_batch_items USING (school_id = app_school());
ALTER TABLE credential_status_lists ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_status_lists USING (school_id = app_school());
ALTER TABLE credential_shares ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON credential_shares USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE ON credential_issuers, credential_keys, credential_templates, credential_batches,
  credentials, credential_batch_items, credential_status_lists, credential_shares TO tilts_app;
GRANT SELECT, INSERT, DELETE ON credential_template_parts TO tilts_app;
