-- The plan of a placement (issue 5): when the programme's task template was applied, so applying it
-- again (the placement moves back to planned and on to ready) never adds the tasks twice, and a task
-- the teacher deleted stays deleted. Unread notices are counted on every page, so they get an index.
ALTER TABLE placements ADD COLUMN task_template_applied_at timestamptz;
-- A template task remembers its day, so a placement whose dates change before it starts keeps its
-- template tasks on the same day of the placement.
ALTER TABLE placement_tasks ADD COLUMN template_day smallint;

CREATE INDEX notifications_unread_idx ON notifications (user_id, school_id) WHERE read_at IS NULL;

-- The overdue scan looks for rows past their date that the mentor has not been told about.
CREATE INDEX task_progress_overdue_idx ON task_progress (due_date) WHERE done_at IS NULL AND overdue_notified_at IS NULL;
