-- Learners at risk for one mentor's (or one learner's) placements, as a PL/pgSQL function: like the
-- session lookup (0012), its plan is made once per connection and kept, on the embedded database and
-- on a server alike. Planning the statement (eight tables under row-level security) cost more than
-- running it for a mentor's 200 learners (docs/benchmarks.md, "Learners at risk"); the generic plan
-- is the right one here, since every lookup goes through an index by placement and learner.
-- features/risk/risk.repository.ts has the school-wide shape and the same columns; change them
-- together (CREATE OR REPLACE in a new migration; DROP and CREATE when the columns change).
CREATE FUNCTION app_risk_facts(p_user uuid, p_learner boolean, p_today date)
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
BEGIN
  RETURN QUERY
  WITH ap AS (
    SELECT p.id, p.title, p.start_date, p.end_date, p.planned_hours, p.comm_every_days, p.mentor_id,
      pp.user_id AS learner_id
    FROM placements p
    JOIN placement_participants pp ON pp.placement_id = p.id AND pp.role = 'learner'
    WHERE (p.status = 'in_progress' OR (p.status IN ('planned', 'ready') AND p.start_date <= p_today))
      AND CASE WHEN p_learner THEN pp.user_id = p_user
        ELSE p.id IN (
          SELECT m.id FROM placements m WHERE m.mentor_id = p_user
          UNION ALL
          SELECT s.placement_id FROM placement_participants s WHERE s.user_id = p_user AND s.role <> 'learner')
        END
  )
  SELECT ap.id, ap.title, ap.start_date, ap.end_date, ap.planned_hours, ap.comm_every_days, ap.mentor_id,
    CASE WHEN m.id IS NULL THEN NULL ELSE m.given_name || ' ' || m.family_name END,
    ap.learner_id, u.given_name, u.family_name, u.last_sign_in_at,
    d.last_date, d.hours, d.unconfirmed, t.total, t.done, t.missed, c.last_date, s.achieved, s.total
  FROM ap
  JOIN users u ON u.id = ap.learner_id
  LEFT JOIN users m ON m.id = ap.mentor_id
  LEFT JOIN LATERAL (
    SELECT max(de.entry_date) AS last_date,
      sum(de.hours) FILTER (WHERE de.status IN ('submitted', 'confirmed')) AS hours,
      count(*) FILTER (WHERE de.status <> 'confirmed') AS unconfirmed
    FROM diary_entries de WHERE de.placement_id = ap.id AND de.learner_id = ap.learner_id
  ) d ON true
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
