-- Follow-ups of committed commands (woc_engine::Effect): start the process a call activity
-- calls, report a child's completion to its parent, cancel the children of a cancelled call
-- activity, broadcast a thrown signal. Each one touches other instances, so it runs as commands
-- of its own after the command that produced it committed. The row is written in that
-- command's transaction and removed when the follow-up is done (in the same transaction as
-- the child's start or the parent's ChildCompleted), so a process that stops in between leaves
-- the row behind, and the job executor runs it once its lease expires: a crash can no longer
-- leave a parent waiting for a child that never started, or for news of a child that ended.
CREATE TABLE pending_effects (
    effect_id       TEXT   PRIMARY KEY,   -- <instance_id>:<revision>:<position in the outcome>
    effect          TEXT   NOT NULL,      -- the serialized woc_engine::Effect
    actor           TEXT,                 -- who ran the command that produced it
    at              BIGINT NOT NULL,      -- the command's time; the follow-up runs as of it
    lock_expires_at BIGINT NOT NULL,      -- until then the committing process runs it
    attempts        BIGINT NOT NULL DEFAULT 0,  -- recoveries tried by job executors
    last_error      TEXT
);

CREATE INDEX pending_effects_lock ON pending_effects (lock_expires_at);
