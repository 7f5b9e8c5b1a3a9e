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
  -- the catalogue rows as they read when last saved ([{ id, code, title, titleEn, eqfLevel, … }]): a
  -- signed memorandum keeps the words its parties signed even if the catalogue changes later
  qualifications jsonb NOT NULL DEFAULT '[]',
  units jsonb NOT NULL DEFAULT '[]',
  -- how learning outcomes are assessed, documented, validated and recognised, and who is responsible
  assessment text NOT NULL DEFAULT '',
  documentation text NOT NULL DEFAULT '',
  validation text NOT NULL DEFAULT '',
  recognition text NOT NULL DEFAULT '',
  responsibilities text NOT NULL DEFAULT '',
  min_duration_days integer CHECK (min_duration_days > 0),
  max_duration_days integer CHECK (max_duration_days > 0),
  evaluation text NOT NULL DEFAULT '',
  -- a draft may leave them open; sending for signature needs both
  valid_from date,
  valid_until date,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'awaiting_signatures', 'active', 'expired', 'terminated')),
  -- SHA-256 of the content sent for signature; each signature records the hash it saw
  content_hash text,
  sent_at timestamptz,
  sent_by uuid REFERENCES users (id) ON DELETE SET NULL,
  activated_at timestamptz,
  ended_at timestamptz,
  ended_by uuid REFERENCES users (id) ON DELETE SET NULL,
  end_reason text NOT NULL DEFAULT '',
  -- the later version whose activation ended this one
  replaced_by uuid REFERENCES mous (id) ON DELETE SET NULL,
  -- lower-case, diacritics removed: title and the parties' names (kept by the service)
  search_text text NOT NULL DEFAULT '',
  lock_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until >= valid_from),
  CHECK (status = 'draft' OR (valid_from IS NOT NULL AND valid_until IS NOT NULL)),
  CHECK (min_duration_days IS NULL OR max_duration_days IS NULL OR max_duration_days >= min_duration_days),
  UNIQUE (series_id, version)
);
CREATE INDEX mous_school_status_idx ON mous (school_id, status, valid_until);
-- One version of a memorandum in the making, and one in force, at a time.
CREATE UNIQUE INDEX mous_series_open_idx ON mous (series_id) WHERE status IN ('draft', 'awaiting_signatures');
CREATE UNIQUE INDEX mous_series_active_idx ON mous (series_id) WHERE status = 'active';

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
  -- the language of the e-mails and the signing page for this party's signatory
  locale text NOT NULL DEFAULT 'lv' CHECK (locale IN ('lv', 'en')),
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
-- The school signs once, and a partner is named once.
CREATE UNIQUE INDEX mou_parties_school_idx ON mou_parties (mou_id) WHERE partner_id IS NULL;
CREATE UNIQUE INDEX mou_parties_partner_once_idx ON mou_parties (mou_id, partner_id) WHERE partner_id IS NOT NULL;

ALTER TABLE mous ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON mous USING (school_id = app_school());
ALTER TABLE mou_parties ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON mou_parties USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE, DELETE ON mous, mou_parties TO tilts_app;
