-- Issue 15, point 4: the follow-up of a call linked to a deal, kept on the laptop. One task
-- per call (the drafted e-mail due two working days after it ended), made by itself when the
-- call ends; done or snoozed from the task list; pushed to the deal's CRM when a connector
-- has it, the push's outcome kept (a failure stays 'failed' with its error, retried later).
CREATE TABLE follow_up_tasks (
  id TEXT PRIMARY KEY,
  deal_id TEXT NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
  call_id TEXT REFERENCES calls (id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL, -- the drafted e-mail
  note TEXT, -- the call's summary, written to the CRM with the task
  language TEXT CHECK (language IN ('pt', 'en')),
  due_at INTEGER NOT NULL, -- ms since epoch
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'snoozed')),
  snoozed_until INTEGER, -- when status = 'snoozed'
  done_at INTEGER,
  -- The connected CRM: none (no connector for the deal, or not asked yet), pushed, failed.
  push_state TEXT NOT NULL DEFAULT 'none' CHECK (push_state IN ('none', 'pushed', 'failed')),
  push_error TEXT,
  pushed_at INTEGER,
  crm_task_id TEXT,
  crm_note_id TEXT,
  -- When the due-notification was sent for the current due time (cleared by a snooze).
  notified_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (status <> 'snoozed' OR snoozed_until IS NOT NULL)
);
-- One task per call: ending or linking twice makes none more.
CREATE UNIQUE INDEX follow_up_tasks_call ON follow_up_tasks (call_id) WHERE call_id IS NOT NULL;
CREATE INDEX follow_up_tasks_due ON follow_up_tasks (status, due_at);
CREATE INDEX follow_up_tasks_deal ON follow_up_tasks (deal_id);
