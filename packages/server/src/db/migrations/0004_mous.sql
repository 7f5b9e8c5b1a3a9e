-- Memoranda of understanding (ECVET MoU template): drafted, signed by every party's representative,
-- active until their validity passes. A signed version never changes; a change is a new version.

CREATE TABLE mous (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  -- every version of one memorandum shares the first version's id
  series_id uuid NOT NULL,
  version integer NOT NULL DEFAULT 1 CHECK (version > 0),
  title text NOT NULL,
  objectives text NOT NULL DEFAULT '',
  qualification_ids uuid[] NOT NULL DEFAULT '{}',
  unit_ids uuid[] NOT NULL DEFAULT '{}',
  -- how learning outcomes are assessed, documented, validated and recognised, and who is responsible
  assessment text NOT NULL DEFAULT '',
  documentation text NOT NULL DEFAULT '',
  validation text NOT NULL DEFAULT '',
  recognition text NOT NULL DEFAULT '',
  responsibilities text NOT NULL DEFAULT '',
  min_duration_days integer CHECK (min_duration_days > 0),
  max_duration_days integer CHECK (max_duration_days > 0),
  evaluation text NOT NULL DEFAULT '',
  valid_from date NOT NULL,
  valid_until date NOT NULL,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'awaiting_signatures', 'active', 'expired', 'terminated')),
  -- SHA-256 of the content sent for signature; each signature records the hash it saw
  content_hash text,
  sent_at timestamptz,
  activated_at timestamptz,
  ended_at timestamptz,
  end_reason text NOT NULL DEFAULT '',
  lock_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until >= valid_from),
  CHECK (min_duration_days IS NULL OR max_duration_days IS NULL OR max_duration_days >= min_duration_days),
  UNIQUE (series_id, version)
);
CREATE INDEX mous_school_status_idx ON mous (school_id, status, valid_until);

-- A signing organisation: the school itself (no partner) or a partner, with its details as drafted.
CREATE TABLE mou_parties (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  mou_id uuid NOT NULL REFERENCES mous (id) ON DELETE CASCADE,
  position smallint NOT NULL,
  partner_id uuid REFERENCES partners (id) ON DELETE RESTRICT,
  organisation_name text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  address text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  website text NOT NULL DEFAULT '',
  contact_name text NOT NULL DEFAULT '',
  contact_position text NOT NULL DEFAULT '',
  -- who signs for the organisation
  signatory_name text NOT NULL DEFAULT '',
  signatory_position text NOT NULL DEFAULT '',
  signatory_email text NOT NULL DEFAULT '',
  signed_at timestamptz,
  signed_name text,
  signed_position text,
  signed_email text,
  sign_method text CHECK (sign_method IN ('in_app', 'email_link')),
  signed_hash text,
  signed_ip text,
  signed_by_user uuid REFERENCES users (id) ON DELETE SET NULL,
  UNIQUE (mou_id, position)
);
CREATE INDEX mou_parties_partner_idx ON mou_parties (partner_id);

ALTER TABLE mous ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON mous USING (school_id = app_school());
ALTER TABLE mou_parties ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON mou_parties USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE, DELETE ON mous, mou_parties TO tilts_app;
