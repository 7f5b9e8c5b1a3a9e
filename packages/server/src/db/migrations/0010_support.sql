-- Support around a placement (DOMAIN.md 3.4, seed 001): before the start an intake questionnaire and
-- introductions; during it a message thread per placement, a forum per project, a "need help" hotline,
-- a FAQ per audience with votes and a report of the most asked topics, and the learner's own goals and
-- self-assessment. Topics come from one fixed list (shared `supportTopics`) so they can be counted
-- together across the forum, the tickets and the FAQ.

-- What a learner tells the school before the start (seed 001, 3.1): one per learner and placement.
CREATE TABLE placement_intakes (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  prior_knowledge text NOT NULL DEFAULT '',
  social_environment text NOT NULL DEFAULT '',
  expectations text NOT NULL DEFAULT '',
  needs text NOT NULL DEFAULT '',
  preferred_channels text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (placement_id, learner_id)
);

-- A short introduction by each party; `author_key` is a user's id, or `supervisor:<e-mail>` for the
-- workplace supervisor, who usually writes through an e-mailed link.
CREATE TABLE placement_introductions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  author_key text NOT NULL,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  author_name text NOT NULL,
  author_role text NOT NULL CHECK (author_role IN ('learner', 'mentor', 'teacher', 'coordinator', 'supervisor')),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (placement_id, author_key)
);

-- The placement's thread. Messages are kept as typed: plain text, never HTML.
CREATE TABLE placement_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the order of the thread and what "read up to" points at
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  author_key text NOT NULL,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  author_name text NOT NULL,
  author_role text NOT NULL CHECK (author_role IN ('learner', 'mentor', 'teacher', 'coordinator', 'supervisor')),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placement_messages_thread_idx ON placement_messages (placement_id, seq);

-- Per person and thread: read up to which message, when last e-mailed (to batch notifications),
-- and for the supervisor the language they last wrote in.
CREATE TABLE placement_thread_readers (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  reader_key text NOT NULL,
  last_read_seq bigint NOT NULL DEFAULT 0,
  last_read_at timestamptz,
  last_notified_at timestamptz,
  locale text CHECK (locale IN ('lv', 'en')),
  PRIMARY KEY (placement_id, reader_key)
);

-- The FAQ (seed 001, 2.5): per audience, in one language each, searchable without diacritics.
CREATE TABLE faq_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  audience text NOT NULL CHECK (audience IN ('learners', 'mentors', 'teachers', 'school')),
  topic text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('lv', 'en')),
  question text NOT NULL,
  answer text NOT NULL,
  published boolean NOT NULL DEFAULT true,
  -- lower case, diacritics removed: question, answer (kept by the service)
  search_text text NOT NULL DEFAULT '',
  -- the forum question it was promoted from
  source_question_id uuid,
  lock_version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX faq_entries_school_idx ON faq_entries (school_id, audience, topic);

-- "Did this help": one vote per person and entry (a second vote changes the first).
CREATE TABLE faq_votes (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  entry_id uuid NOT NULL REFERENCES faq_entries (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  helpful boolean NOT NULL,
  voted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, user_id)
);

-- Each opening of an entry, for the report of what people look for.
CREATE TABLE faq_views (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  entry_id uuid NOT NULL REFERENCES faq_entries (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  viewed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX faq_views_school_idx ON faq_views (school_id, viewed_at);

-- A forum per project (per call when calls arrive: call_id, and project_id becomes optional).
CREATE TABLE forum_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  project_id uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- a question about one call of the project (its applicants ask before the deadline)
  call_id uuid REFERENCES calls (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  topic text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  accepted_answer_id uuid,
  faq_entry_id uuid REFERENCES faq_entries (id) ON DELETE SET NULL,
  search_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_questions_project_idx ON forum_questions (project_id, created_at DESC);
CREATE INDEX forum_questions_call_idx ON forum_questions (call_id, created_at DESC) WHERE call_id IS NOT NULL;
CREATE INDEX forum_questions_school_idx ON forum_questions (school_id, created_at);

CREATE TABLE forum_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  question_id uuid NOT NULL REFERENCES forum_questions (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX forum_answers_question_idx ON forum_answers (question_id, created_at);
ALTER TABLE forum_questions ADD FOREIGN KEY (accepted_answer_id) REFERENCES forum_answers (id) ON DELETE SET NULL;
ALTER TABLE faq_entries ADD FOREIGN KEY (source_question_id) REFERENCES forum_questions (id) ON DELETE SET NULL;

-- The hotline (seed 001, 3.2): a technical problem goes to the school's administrators, "I need my
-- mentor" to the mentor of the learner's current placement.
CREATE TABLE help_tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  asker_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  category text NOT NULL CHECK (category IN ('technical', 'mentor')),
  topic text NOT NULL,
  -- for "mentor": the placement and its mentor at the time of asking
  placement_id uuid REFERENCES placements (id) ON DELETE SET NULL,
  assignee_id uuid REFERENCES users (id) ON DELETE SET NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX help_tickets_asker_idx ON help_tickets (asker_id, created_at DESC);
CREATE INDEX help_tickets_school_idx ON help_tickets (school_id, category, status);

CREATE TABLE help_ticket_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  ticket_id uuid NOT NULL REFERENCES help_tickets (id) ON DELETE CASCADE,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX help_ticket_replies_ticket_idx ON help_ticket_replies (ticket_id, created_at);

-- Self-mentoring (seed 001, 3.2): the learner's own goals and self-assessment; the mentor reads them.
CREATE TABLE learner_goals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text text NOT NULL,
  target_date date,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'achieved', 'dropped')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX learner_goals_idx ON learner_goals (placement_id, learner_id, created_at);

CREATE TABLE outcome_self_assessments (
  school_id uuid NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  placement_id uuid NOT NULL REFERENCES placements (id) ON DELETE CASCADE,
  learner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  outcome_id uuid NOT NULL REFERENCES learning_outcomes (id) ON DELETE CASCADE,
  level text NOT NULL CHECK (level IN ('not_yet', 'partly', 'achieved')),
  comment text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (placement_id, learner_id, outcome_id)
);

ALTER TABLE placement_intakes ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_intakes USING (school_id = app_school());
ALTER TABLE placement_introductions ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_introductions USING (school_id = app_school());
ALTER TABLE placement_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_messages USING (school_id = app_school());
ALTER TABLE placement_thread_readers ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON placement_thread_readers USING (school_id = app_school());
ALTER TABLE faq_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON faq_entries USING (school_id = app_school());
ALTER TABLE faq_votes ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON faq_votes USING (school_id = app_school());
ALTER TABLE faq_views ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON faq_views USING (school_id = app_school());
ALTER TABLE forum_questions ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON forum_questions USING (school_id = app_school());
ALTER TABLE forum_answers ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON forum_answers USING (school_id = app_school());
ALTER TABLE help_tickets ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON help_tickets USING (school_id = app_school());
ALTER TABLE help_ticket_replies ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON help_ticket_replies USING (school_id = app_school());
ALTER TABLE learner_goals ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON learner_goals USING (school_id = app_school());
ALTER TABLE outcome_self_assessments ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_rows ON outcome_self_assessments USING (school_id = app_school());

GRANT SELECT, INSERT, UPDATE, DELETE ON placement_intakes, placement_introductions, placement_thread_readers,
  faq_entries, faq_votes, forum_questions, forum_answers, help_tickets, learner_goals,
  outcome_self_assessments TO tilts_app;
-- Messages, replies and views are never changed once written.
GRANT SELECT, INSERT ON placement_messages, help_ticket_replies, faq_views TO tilts_app;
