-- Erasmus+ grant rules per call year: travel by distance band, funded travel days, individual
-- support by destination group and role, inclusion support and course fees. Data an admin edits
-- (the Programme Guide changes them); a new school starts with example values marked as such.
CREATE TABLE grant_rule_sets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  call_year smallint NOT NULL CHECK (call_year BETWEEN 2014 AND 2100),
  -- the placements it prices: those starting within this period
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  is_example boolean NOT NULL DEFAULT true,
  -- the rates and bands (features/grants/grant.ts GrantRules); checked by the service
  rules jsonb NOT NULL,
  lock_version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to >= valid_from)
);
CREATE INDEX grant_rule_sets_school_idx ON grant_rule_sets (school_id, call_year, valid_from);

ALTER TABLE grant_rule_sets ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON grant_rule_sets USING (school_id = app_school());
GRANT SELECT, INSERT, UPDATE, DELETE ON grant_rule_sets TO tilts_app;
