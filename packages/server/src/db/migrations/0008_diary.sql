-- During the placement (DOMAIN.md 3.4, seeds 000 and 001): the plan of tasks with deadlines and the
-- reminders about them, the learner's diary with the workplace supervisor's confirmation, the record
-- of every contact, in-app notices, files kept in the database, the school's settings for reminders,
-- extensions and the at-risk signals, and each user's secret calendar feed.

-- A file a user uploaded (a diary photo, a scanned sheet). Kept in the database, so every server
-- process sees it and a backup holds it.
CREATE TABLE stored_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
  filename text NOT NULL,
  -- the type read from the file's first bytes, not the one the browser claimed
  content_type text NOT NULL,
  size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
  sha256 text NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stored_files_owner_idx ON stored_files (owner_id);

-- What a school decides for itself: how many days before a deadline a learner is reminded (a
-- programme may say otherwise), which roles may grant an extension, and the at-risk thresholds.
CREATE TABLE school_placement_settings (
  school_id uuid PRIMARY KEY REFERENCES schools (id) ON DELETE CASCADE,
  reminder_days smallint NOT NULL DEFAULT 3 CHECK (reminder_days BETWEEN 0 AND 60),
  extension_roles text[] NOT NULL DEFAULT '{coordinator,teacher}',
  -- { "diaryDays": {"amber","red"}, "signInDays", "unconfirmed", "missedDeadlines", "hoursBehindPct",
  --   "paceGapPct", "contactOverdueDays", "lowAssessmentPct" }: see the at-risk service for defaults
  risk_thresholds jsonb NOT NULL DEFAULT '{}',
  -- years after a learner's last placement ends before their personal data is anonymised
  retention_years smallint NOT NULL DEFAULT 5 CHECK (retention_years BETWEEN 1 AND 50),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A task of the placement's plan: from the programme's template or added by the teacher.
CREATE TABLE placement_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  due_date date NOT NULL,
  source text NOT NULL DEFAULT 'teacher' CHECK (source IN ('template', 'teacher')),
  position integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placement_tasks_placement_idx ON placement_tasks (placement_id, due_date);

-- One learner's side of a task: done or not, the deadline that applies to them (the task's, or a
-- granted extension), and which reminders have gone out, so a restart or a second process never
-- sends one twice.
CREATE TABLE task_progress (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES placement_tasks (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  due_date date NOT NULL,
  done_at timestamptz,
  reminded_at timestamptz,
  overdue_notified_at timestamptz,
  PRIMARY KEY (task_id, learner_id)
);
CREATE INDEX task_progress_due_idx ON task_progress (due_date) WHERE done_at IS NULL;
CREATE INDEX task_progress_learner_idx ON task_progress (learner_id, placement_id);
CREATE INDEX task_progress_placement_idx ON task_progress (placement_id);

-- Every extension granted, with who granted it and why.
CREATE TABLE task_extensions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  task_id uuid NOT NULL REFERENCES placement_tasks (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  previous_due_date date NOT NULL,
  new_due_date date NOT NULL,
  reason text NOT NULL CHECK (length(reason) > 0),
  granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  granted_role text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  CHECK (new_due_date > previous_due_date)
);
CREATE INDEX task_extensions_task_idx ON task_extensions (task_id, learner_id);

-- The learner's diary: one entry per learner and day. A confirmed entry is locked.
CREATE TABLE diary_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  entry_date date NOT NULL,
  hours numeric(4, 2) NOT NULL CHECK (hours > 0 AND hours <= 24),
  work_done text NOT NULL,
  reflection text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'confirmed', 'returned')),
  -- the supervisor's comment when returning (or confirming) an entry
  supervisor_comment text NOT NULL DEFAULT '',
  reviewed_at timestamptz,
  reviewed_by_name text NOT NULL DEFAULT '',
  lock_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (placement_id, learner_id, entry_date)
);
CREATE INDEX diary_entries_learner_idx ON diary_entries (learner_id, entry_date DESC);
-- what waits for a supervisor
CREATE INDEX diary_entries_unconfirmed_idx ON diary_entries (placement_id, entry_date) WHERE status <> 'confirmed';

CREATE TABLE diary_attachments (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  entry_id uuid NOT NULL REFERENCES diary_entries (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES stored_files (id) ON DELETE CASCADE,
  PRIMARY KEY (entry_id, file_id)
);

-- The teacher's (or mentor's) comments on an entry.
CREATE TABLE diary_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  entry_id uuid NOT NULL REFERENCES diary_entries (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  author_name text NOT NULL,
  body text NOT NULL CHECK (length(body) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX diary_comments_entry_idx ON diary_comments (entry_id, created_at);

-- Every contact between the school and the learner or host: date, channel, who took part, notes.
CREATE TABLE placement_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  contact_date date NOT NULL,
  channel text NOT NULL CHECK (channel IN ('meeting', 'phone', 'video', 'email', 'chat', 'visit', 'other')),
  participants text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  -- a contact planned ahead (shown in the calendar) rather than one that took place
  planned boolean NOT NULL DEFAULT false,
  recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placement_contacts_placement_idx ON placement_contacts (placement_id, contact_date DESC);

-- In-app notices ("3 days left for 'Weekly report'"), read or not.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  -- the message key and its parameters, rendered in the reader's language
  params jsonb NOT NULL DEFAULT '{}',
  link text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);

-- A user's personal iCal feed: only the secret's SHA-256 is kept; resetting it replaces the row.
CREATE TABLE calendar_feeds (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, school_id)
);

ALTER TABLE stored_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON stored_files USING (school_id = app_school());
ALTER TABLE school_placement_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON school_placement_settings USING (school_id = app_school());
ALTER TABLE placement_tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_tasks USING (school_id = app_school());
ALTER TABLE task_progress ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON task_progress USING (school_id = app_school());
ALTER TABLE task_extensions ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON task_extensions USING (school_id = app_school());
ALTER TABLE diary_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON diary_entries USING (school_id = app_school());
ALTER TABLE diary_attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON diary_attachments USING (school_id = app_school());
ALTER TABLE diary_comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON diary_comments USING (school_id = app_school());
ALTER TABLE placement_contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_contacts USING (school_id = app_school());
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON notifications USING (school_id = app_school());
ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON calendar_feeds USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE, DELETE ON stored_files, school_placement_settings, placement_tasks, task_progress,
  diary_entries, diary_attachments, diary_comments, placement_contacts, notifications, calendar_feeds TO tilts_app;
-- An extension, once granted, is history.
GRANT SELECT, INSERT ON task_extensions TO tilts_app;
