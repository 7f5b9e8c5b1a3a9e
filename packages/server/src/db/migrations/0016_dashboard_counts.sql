-- The dashboards' counts, kept up to date by triggers as placements, their learners and recognitions
-- change: a dashboard over 100,000 placements then adds up a few thousand rows instead of reading
-- every placement and participant (docs/benchmarks.md, "Reports and dashboards"). Periods are counted
-- in whole months: a placement is in a period when any of its months is.

CREATE TABLE placement_counts (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  project_id uuid,
  programme_id uuid,
  status text NOT NULL,
  kind text NOT NULL,
  country text NOT NULL,
  start_month date NOT NULL,
  end_month date NOT NULL,
  placements integer NOT NULL DEFAULT 0,
  -- learners on these placements (a learner on two placements counts twice)
  learners integer NOT NULL DEFAULT 0,
  -- learners whose learning on these placements was recognised
  recognised integer NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (school_id, project_id, programme_id, status, kind, country, start_month, end_month)
);

CREATE TABLE host_counts (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  host_partner_id uuid NOT NULL,
  project_id uuid,
  programme_id uuid,
  start_month date NOT NULL,
  end_month date NOT NULL,
  learners integer NOT NULL DEFAULT 0,
  UNIQUE NULLS NOT DISTINCT (school_id, host_partner_id, project_id, programme_id, start_month, end_month)
);

-- Adds a placement's counts (sign 1) or takes them away (sign -1).
CREATE FUNCTION placement_counts_apply(p placements, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n_learners integer;
  n_recognised integer;
BEGIN
  SELECT count(*) INTO n_learners FROM placement_participants WHERE placement_id = p.id AND role = 'learner';
  SELECT count(*) INTO n_recognised FROM recognitions WHERE placement_id = p.id;
  INSERT INTO placement_counts AS c (school_id, project_id, programme_id, status, kind, country, start_month,
    end_month, placements, learners, recognised)
  VALUES (p.school_id, p.project_id, p.programme_id, p.status, p.kind, p.destination_country,
    date_trunc('month', p.start_date)::date, date_trunc('month', p.end_date)::date, sign, sign * n_learners,
    sign * n_recognised)
  ON CONFLICT (school_id, project_id, programme_id, status, kind, country, start_month, end_month)
  DO UPDATE SET placements = c.placements + excluded.placements, learners = c.learners + excluded.learners,
    recognised = c.recognised + excluded.recognised;
  IF p.host_partner_id IS NOT NULL AND n_learners <> 0 THEN
    PERFORM host_counts_apply(p, sign * n_learners);
  END IF;
END $$;

CREATE FUNCTION host_counts_apply(p placements, learners integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO host_counts AS c (school_id, host_partner_id, project_id, programme_id, start_month, end_month, learners)
  VALUES (p.school_id, p.host_partner_id, p.project_id, p.programme_id, date_trunc('month', p.start_date)::date,
    date_trunc('month', p.end_date)::date, learners)
  ON CONFLICT (school_id, host_partner_id, project_id, programme_id, start_month, end_month)
  DO UPDATE SET learners = c.learners + excluded.learners;
END $$;

-- One learner or one recognition more (1) or less (-1) on a placement, if the placement is still there
-- (when a placement is deleted its participants go with it, after its own counts were taken away).
CREATE FUNCTION placement_counts_learner(placement uuid, learners integer, recognised integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  p placements;
BEGIN
  SELECT * INTO p FROM placements WHERE id = placement;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  UPDATE placement_counts c SET learners = c.learners + placement_counts_learner.learners,
    recognised = c.recognised + placement_counts_learner.recognised
  WHERE c.school_id = p.school_id AND c.project_id IS NOT DISTINCT FROM p.project_id
    AND c.programme_id IS NOT DISTINCT FROM p.programme_id AND c.status = p.status AND c.kind = p.kind
    AND c.country = p.destination_country AND c.start_month = date_trunc('month', p.start_date)::date
    AND c.end_month = date_trunc('month', p.end_date)::date;
  IF p.host_partner_id IS NOT NULL AND placement_counts_learner.learners <> 0 THEN
    PERFORM host_counts_apply(p, placement_counts_learner.learners);
  END IF;
END $$;

CREATE FUNCTION placements_counts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM placement_counts_apply(OLD, -1);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    PERFORM placement_counts_apply(NEW, 1);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- New placements, once per statement (an import or a call's teams add many at once): a new placement
-- has no learners or recognitions yet, since those rows need it to exist first.
CREATE FUNCTION placements_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO placement_counts AS c (school_id, project_id, programme_id, status, kind, country, start_month,
    end_month, placements)
  SELECT n.school_id, n.project_id, n.programme_id, n.status, n.kind, n.destination_country,
    date_trunc('month', n.start_date)::date, date_trunc('month', n.end_date)::date, count(*)
  FROM new_rows n
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (school_id, project_id, programme_id, status, kind, country, start_month, end_month)
  DO UPDATE SET placements = c.placements + excluded.placements;
  RETURN NULL;
END $$;

-- Learners or recognitions added (sign 1) or removed (-1) by one statement, per placement, for the
-- placements that are still there (when a placement is deleted, its own counts went before it).
CREATE FUNCTION placement_counts_people(changed uuid[], learners_sign integer, recognised_sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH per_placement AS (
    SELECT x AS placement_id, count(*)::integer AS n
    FROM unnest(changed) x
    GROUP BY 1
  ), keyed AS (
    SELECT p.school_id, p.project_id, p.programme_id, p.status, p.kind, p.destination_country,
      date_trunc('month', p.start_date)::date AS start_month, date_trunc('month', p.end_date)::date AS end_month,
      p.host_partner_id, pp.n
    FROM per_placement pp JOIN placements p ON p.id = pp.placement_id
  ), hosts AS (
    INSERT INTO host_counts AS c (school_id, host_partner_id, project_id, programme_id, start_month, end_month,
      learners)
    SELECT k.school_id, k.host_partner_id, k.project_id, k.programme_id, k.start_month, k.end_month,
      learners_sign * sum(k.n)
    FROM keyed k
    WHERE k.host_partner_id IS NOT NULL AND learners_sign <> 0
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (school_id, host_partner_id, project_id, programme_id, start_month, end_month)
    DO UPDATE SET learners = c.learners + excluded.learners
  )
  INSERT INTO placement_counts AS c (school_id, project_id, programme_id, status, kind, country, start_month,
    end_month, placements, learners, recognised)
  SELECT k.school_id, k.project_id, k.programme_id, k.status, k.kind, k.destination_country, k.start_month,
    k.end_month, 0, learners_sign * sum(k.n), recognised_sign * sum(k.n)
  FROM keyed k
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (school_id, project_id, programme_id, status, kind, country, start_month, end_month)
  DO UPDATE SET learners = c.learners + excluded.learners, recognised = c.recognised + excluded.recognised;
END $$;

-- Before a delete, while the placement's participants are still there to be counted.
CREATE TRIGGER placements_counts_delete BEFORE DELETE ON placements
  FOR EACH ROW EXECUTE FUNCTION placements_counts_trigger();
CREATE TRIGGER placements_counts_insert AFTER INSERT ON placements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION placements_counts_inserted();
CREATE TRIGGER placements_counts_update AFTER UPDATE ON placements
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.kind IS DISTINCT FROM NEW.kind
    OR OLD.destination_country IS DISTINCT FROM NEW.destination_country
    OR OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.end_date IS DISTINCT FROM NEW.end_date
    OR OLD.project_id IS DISTINCT FROM NEW.project_id OR OLD.programme_id IS DISTINCT FROM NEW.programme_id
    OR OLD.host_partner_id IS DISTINCT FROM NEW.host_partner_id)
  EXECUTE FUNCTION placements_counts_trigger();

CREATE FUNCTION participants_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM placement_counts_people(
    ARRAY(SELECT placement_id FROM new_rows WHERE role = 'learner'),
    1, 0);
  RETURN NULL;
END $$;
CREATE FUNCTION participants_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM placement_counts_people(
    ARRAY(SELECT placement_id FROM old_rows WHERE role = 'learner'),
    -1, 0);
  RETURN NULL;
END $$;
-- A participant moved or made learner (rare): one row at a time.
CREATE FUNCTION participants_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.role = 'learner' THEN
    PERFORM placement_counts_learner(OLD.placement_id, -1, 0);
  END IF;
  IF NEW.role = 'learner' THEN
    PERFORM placement_counts_learner(NEW.placement_id, 1, 0);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER participants_counts_insert AFTER INSERT ON placement_participants
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participants_counts_inserted();
CREATE TRIGGER participants_counts_delete AFTER DELETE ON placement_participants
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participants_counts_deleted();
CREATE TRIGGER participants_counts_update AFTER UPDATE OF role, placement_id ON placement_participants
  FOR EACH ROW EXECUTE FUNCTION participants_counts_updated();

CREATE FUNCTION recognitions_counts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM placement_counts_people(
    ARRAY(SELECT placement_id FROM new_rows), 0, 1);
  RETURN NULL;
END $$;
CREATE FUNCTION recognitions_counts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM placement_counts_people(
    ARRAY(SELECT placement_id FROM old_rows), 0, -1);
  RETURN NULL;
END $$;
CREATE FUNCTION recognitions_counts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM placement_counts_learner(OLD.placement_id, 0, -1);
  PERFORM placement_counts_learner(NEW.placement_id, 0, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER recognitions_counts_insert AFTER INSERT ON recognitions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION recognitions_counts_inserted();
CREATE TRIGGER recognitions_counts_delete AFTER DELETE ON recognitions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION recognitions_counts_deleted();
CREATE TRIGGER recognitions_counts_update AFTER UPDATE OF placement_id ON recognitions
  FOR EACH ROW EXECUTE FUNCTION recognitions_counts_updated();

-- The counts of what is already there.
INSERT INTO placement_counts (school_id, project_id, programme_id, status, kind, country, start_month, end_month,
  placements, learners, recognised)
SELECT p.school_id, p.project_id, p.programme_id, p.status, p.kind, p.destination_country,
  date_trunc('month', p.start_date)::date, date_trunc('month', p.end_date)::date, count(*),
  coalesce(sum((SELECT count(*) FROM placement_participants pp WHERE pp.placement_id = p.id AND pp.role = 'learner')), 0),
  coalesce(sum((SELECT count(*) FROM recognitions r WHERE r.placement_id = p.id)), 0)
FROM placements p
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
INSERT INTO host_counts (school_id, host_partner_id, project_id, programme_id, start_month, end_month, learners)
SELECT p.school_id, p.host_partner_id, p.project_id, p.programme_id, date_trunc('month', p.start_date)::date,
  date_trunc('month', p.end_date)::date, count(*)
FROM placements p JOIN placement_participants pp ON pp.placement_id = p.id AND pp.role = 'learner'
WHERE p.host_partner_id IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

ALTER TABLE placement_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_counts USING (school_id = app_school());
ALTER TABLE host_counts ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON host_counts USING (school_id = app_school());
GRANT SELECT, INSERT, UPDATE ON placement_counts, host_counts TO tilts_app;
