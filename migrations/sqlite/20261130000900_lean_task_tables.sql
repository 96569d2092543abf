-- The tables every command writes, rebuilt lean (SQLite only; PostgreSQL keeps its heaps):
-- - WITHOUT ROWID: a table keyed by TEXT was a rowid table plus a separate index on its key,
--   two B-trees written per row; keyed by the primary key itself it is one.
-- - No foreign keys between the engine's own rows: only the store writes them, always together
--   in one transaction (tasks::sync deletes a task's candidates with it), and each check or
--   cascade was an extra index search on every insert and delete.
-- The old tables are dropped child first, so dropping open_tasks cascades into nothing.
CREATE TABLE open_tasks_lean (
    task_id     TEXT   PRIMARY KEY,
    instance_id TEXT   NOT NULL,
    node        TEXT   NOT NULL,
    name        TEXT,
    assignee    TEXT,
    owner       TEXT,
    priority    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    due_at      BIGINT
) WITHOUT ROWID;
INSERT INTO open_tasks_lean SELECT task_id, instance_id, node, name, assignee, owner, priority,
    created_at, due_at FROM open_tasks;

CREATE TABLE task_candidates_lean (
    task_id    TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    unassigned BOOLEAN NOT NULL,
    PRIMARY KEY (task_id, kind, value)
) WITHOUT ROWID;
INSERT INTO task_candidates_lean SELECT task_id, kind, value, created_at, unassigned
    FROM task_candidates;

CREATE TABLE task_history_lean (
    task_id     TEXT   PRIMARY KEY,
    instance_id TEXT   NOT NULL,
    node        TEXT   NOT NULL,
    name        TEXT,
    assignee    TEXT,
    created_at  BIGINT NOT NULL,
    ended_at    BIGINT NOT NULL,
    ended_by    TEXT,
    outcome     TEXT   NOT NULL
) WITHOUT ROWID;
INSERT INTO task_history_lean SELECT task_id, instance_id, node, name, assignee, created_at,
    ended_at, ended_by, outcome FROM task_history;

DROP TABLE task_candidates;
DROP TABLE open_tasks;
DROP TABLE task_history;
ALTER TABLE open_tasks_lean RENAME TO open_tasks;
ALTER TABLE task_candidates_lean RENAME TO task_candidates;
ALTER TABLE task_history_lean RENAME TO task_history;

CREATE INDEX open_tasks_assignee_created ON open_tasks (assignee, created_at, task_id);
CREATE INDEX task_candidates_value_open
    ON task_candidates (value, kind, unassigned, created_at, task_id);
CREATE INDEX task_history_ended_by ON task_history (ended_by, ended_at);

-- Only instances started by a call activity have a parent: the others need no entry.
DROP INDEX process_instances_parent;
CREATE INDEX process_instances_parent ON process_instances (parent_instance_id)
    WHERE parent_instance_id IS NOT NULL;
