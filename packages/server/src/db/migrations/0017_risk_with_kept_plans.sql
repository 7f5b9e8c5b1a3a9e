-- Learners at risk, fast enough for a school of 20,000 learners on placements and 2,000,000 diary
-- entries (docs/benchmarks.md, "Learners at risk").
--
-- 1. Each learner's diary in one row per placement (risk_diary_totals), kept by statement triggers
--    on diary_entries from the rows each statement wrote: a school's lights read 20,000 rows instead
--    of 2,000,000 entries. An insert (the diary's everyday write) adds to its row; an update (the
--    supervisor confirms a week) or a delete recounts that learner's entries through the index.
-- 2. The at-risk statement as a PL/pgSQL function: like the session lookup (0012), its plans are made
--    once per connection and kept, on the embedded database and on a server alike; planning it (eight
--    tables under row-level security) cost more than running it for a mentor's 200 learners. The
--    whole school is joined set-based (hash joins over each table once); a mentor's or a learner's
--    placements are read through the indexes by placement and learner.
-- features/risk/risk.repository.ts reads it; change the columns together (DROP and CREATE).

CREATE TABLE risk_diary_totals (
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  last_date date,
  -- hours of submitted and confirmed entries
  hours numeric NOT NULL DEFAULT 0,
  -- entries not confirmed (submitted or returned)
  unconfirmed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (placement_id, learner_id)
);
ALTER TABLE risk_diary_totals ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON risk_diary_totals USING (school_id = app_school());
GRANT SELECT, INSERT, UPDATE, DELETE ON risk_diary_totals TO tilts_app;

INSERT INTO risk_diary_totals (placement_id, learner_id, school_id, last_date, hours, unconfirmed)
SELECT placement_id, learner_id, min(school_id::text)::uuid, max(entry_date),
  coalesce(sum(hours) FILTER (WHERE status IN ('submitted', 'confirmed')), 0),
  count(*) FILTER (WHERE status <> 'confirmed')
FROM diary_entries GROUP BY placement_id, learner_id;

CREATE FUNCTION risk_diary_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO risk_diary_totals AS t (placement_id, learner_id, school_id, last_date, hours, unconfirmed)
  SELECT placement_id, learner_id, min(school_id::text)::uuid, max(entry_date),
    coalesce(sum(hours) FILTER (WHERE status IN ('submitted', 'confirmed')), 0),
    count(*) FILTER (WHERE status <> 'confirmed')
  FROM added GROUP BY placement_id, learner_id
  ON CONFLICT (placement_id, learner_id) DO UPDATE SET
    last_date = greatest(t.last_date, excluded.last_date),
    hours = t.hours + excluded.hours,
    unconfirmed = t.unconfirmed + excluded.unconfirmed;
  RETURN NULL;
END
$$;

-- What an update or a delete touched: recount those learners' entries (a handful of index reads).
CREATE FUNCTION risk_diary_recount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH touched AS (SELECT DISTINCT placement_id, learner_id, school_id FROM changed),
  counted AS (
    SELECT k.placement_id, k.learner_id, k.school_id, max(de.entry_date) AS last_date,
      coalesce(sum(de.hours) FILTER (WHERE de.status IN ('submitted', 'confirmed')), 0) AS hours,
      count(de.id) FILTER (WHERE de.status <> 'confirmed') AS unconfirmed
    FROM touched k
    LEFT JOIN diary_entries de ON de.placement_id = k.placement_id AND de.learner_id = k.learner_id
    GROUP BY k.placement_id, k.learner_id, k.school_id
  )
  INSERT INTO risk_diary_totals AS t (placement_id, learner_id, school_id, last_date, hours, unconfirmed)
  SELECT placement_id, learner_id, school_id, last_date, hours, unconfirmed FROM counted
  ON CONFLICT (placement_id, learner_id) DO UPDATE SET
    last_date = excluded.last_date, hours = excluded.hours, unconfirmed = excluded.unconfirmed;
  RETURN NULL;
END
$$;

CREATE TRIGGER risk_diary_inserted AFTER INSERT ON diary_entries
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION risk_diary_added();
CREATE TRIGGER risk_diary_updated AFTER UPDATE ON diary_entries
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION risk_diary_recount();
CREATE TRIGGER risk_diary_deleted AFTER DELETE ON diary_entries
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION risk_diary_recount();

CREATE FUNCTION app_risk_facts(p_scope text, p_user uuid, p_today date)
RETURNS TABLE (
  placement_id uuid,
  placement_title text,
  start_date date,
  end_date date,
  planned_hours integer,
  comm_every_days smallint,
  mentor_id uuid,
  mentor_name text,
  learner_id uuid,
  given_name text,
  family_name text,
  last_sign_in_at timestamptz,
  last_diary_date date,
  diary_hours numeric,
  unconfirmed bigint,
  tasks_total bigint,
  tasks_done bigint,
  missed bigint,
  last_contact_date date,
  assessed_achieved bigint,
  assessed_total bigint
)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
  ids uuid[];
BEGIN
  IF p_scope = 'school' THEN
    RETURN QUERY
    WITH ap AS MATERIALIZED (
      SELECT p.id, p.title, p.start_date, p.end_date, p.planned_hours, p.comm_every_days, p.mentor_id,
        pp.user_id AS learner_id
      FROM placements p
      JOIN placement_participants pp ON pp.placement_id = p.id AND pp.role = 'learner'
      WHERE p.status = 'in_progress' OR (p.status IN ('planned', 'ready') AND p.start_date <= p_today)
    ),
    t AS (
      SELECT tp.placement_id, tp.learner_id, count(*) AS total, count(tp.done_at) AS done,
        count(*) FILTER (WHERE tp.done_at IS NULL AND tp.due_date < p_today) AS missed
      FROM task_progress tp JOIN ap ON ap.id = tp.placement_id AND ap.learner_id = tp.learner_id
      GROUP BY tp.placement_id, tp.learner_id
    ),
    c AS (
      SELECT pc.placement_id, max(pc.contact_date) AS last_date
      FROM placement_contacts pc
      WHERE pc.placement_id IN (SELECT id FROM ap) AND NOT pc.planned AND pc.contact_date <= p_today
      GROUP BY pc.placement_id
    ),
    fa AS (
      SELECT DISTINCT ON (ag.placement_id, ag.learner_id) ag.placement_id, ag.learner_id, a.id
      FROM agreements ag
      JOIN assessments a ON a.agreement_id = ag.id AND a.status IN ('submitted', 'validated')
      ORDER BY ag.placement_id, ag.learner_id, coalesce(a.submitted_at, a.validated_at, a.created_at), a.id
    ),
    s AS (
      SELECT fa.placement_id, fa.learner_id, count(*) FILTER (WHERE ao.result = 'achieved') AS achieved,
        count(*) AS total
      FROM fa JOIN assessment_outcomes ao ON ao.assessment_id = fa.id
      GROUP BY fa.placement_id, fa.learner_id
    )
    SELECT ap.id, ap.title, ap.start_date, ap.end_date, ap.planned_hours, ap.comm_every_days, ap.mentor_id,
      CASE WHEN m.id IS NULL THEN NULL ELSE m.given_name || ' ' || m.family_name END,
      ap.learner_id, u.given_name, u.family_name, u.last_sign_in_at,
      d.last_date, d.hours, d.unconfirmed::bigint, t.total, t.done, t.missed, c.last_date, s.achieved, s.total
    FROM ap
    JOIN users u ON u.id = ap.learner_id
    LEFT JOIN users m ON m.id = ap.mentor_id
    LEFT JOIN risk_diary_totals d ON d.placement_id = ap.id AND d.learner_id = ap.learner_id
    LEFT JOIN t ON t.placement_id = ap.id AND t.learner_id = ap.learner_id
    LEFT JOIN c ON c.placement_id = ap.id
    LEFT JOIN s ON s.placement_id = ap.id AND s.learner_id = ap.learner_id;
    RETURN;
  END IF;
  IF p_scope = 'staff' THEN
    -- what a teacher sees: the placements they mentor or travel with
    ids := ARRAY(
      SELECT m.id FROM placements m WHERE m.mentor_id = p_user
      UNION
      SELECT s.placement_id FROM placement_participants s WHERE s.user_id = p_user AND s.role <> 'learner');
  ELSE
    ids := ARRAY(SELECT s.placement_id FROM placement_participants s WHERE s.user_id = p_user AND s.role = 'learner');
  END IF;
  RETURN QUERY
  WITH ap AS (
    SELECT p.id, p.title, p.start_date, p.end_date, p.planned_hours, p.comm_every_days, p.mentor_id,
      pp.user_id AS learner_id
    FROM placements p
    JOIN placement_participants pp ON pp.placement_id = p.id AND pp.role = 'learner'
    WHERE p.id = ANY (ids)
      AND (p.status = 'in_progress' OR (p.status IN ('planned', 'ready') AND p.start_date <= p_today))
      AND (p_scope <> 'learner' OR pp.user_id = p_user)
  )
  SELECT ap.id, ap.title, ap.start_date, ap.end_date, ap.planned_hours, ap.comm_every_days, ap.mentor_id,
    CASE WHEN m.id IS NULL THEN NULL ELSE m.given_name || ' ' || m.family_name END,
    ap.learner_id, u.given_name, u.family_name, u.last_sign_in_at,
    d.last_date, d.hours, d.unconfirmed::bigint, t.total, t.done, t.missed, c.last_date, s.achieved, s.total
  FROM ap
  JOIN users u ON u.id = ap.learner_id
  LEFT JOIN users m ON m.id = ap.mentor_id
  LEFT JOIN risk_diary_totals d ON d.placement_id = ap.id AND d.learner_id = ap.learner_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS total, count(tp.done_at) AS done,
      count(*) FILTER (WHERE tp.done_at IS NULL AND tp.due_date < p_today) AS missed
    FROM task_progress tp WHERE tp.placement_id = ap.id AND tp.learner_id = ap.learner_id
  ) t ON true
  LEFT JOIN LATERAL (
    SELECT max(pc.contact_date) AS last_date FROM placement_contacts pc
    WHERE pc.placement_id = ap.id AND NOT pc.planned AND pc.contact_date <= p_today
  ) c ON true
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE ao.result = 'achieved') AS achieved, count(*) AS total
    FROM assessment_outcomes ao
    WHERE ao.assessment_id = (
      SELECT a.id FROM agreements ag
      JOIN assessments a ON a.agreement_id = ag.id AND a.status IN ('submitted', 'validated')
      WHERE ag.placement_id = ap.id AND ag.learner_id = ap.learner_id
      ORDER BY coalesce(a.submitted_at, a.validated_at, a.created_at), a.id
      LIMIT 1)
  ) s ON true;
END
$$;


-- The at-risk statement reads the totals now, not the entries: the covering index 0015_risk_view_as
-- made for it would only slow the diary's writes.
DROP INDEX diary_entries_risk_idx;
