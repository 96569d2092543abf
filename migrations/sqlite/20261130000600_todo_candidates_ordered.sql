-- The todo list's candidate side, read like its assigned side: each candidate row carries its
-- task's creation time and whether the task is unassigned (both written with the row; a task
-- whose assignee changes is deleted and inserted again with its candidates), so a page reads
-- (value, kind, unassigned, created_at, task_id) backwards and stops after it, and the count
-- reads only this index, without looking up every offered task in open_tasks.
-- It replaces (value, kind, task_id), its prefix for everything that read it.
ALTER TABLE task_candidates ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_candidates ADD COLUMN unassigned BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE task_candidates
SET created_at = (SELECT o.created_at FROM open_tasks o WHERE o.task_id = task_candidates.task_id),
    unassigned = (SELECT o.assignee IS NULL FROM open_tasks o WHERE o.task_id = task_candidates.task_id);
DROP INDEX task_candidates_value;
CREATE INDEX task_candidates_value_open
    ON task_candidates (value, kind, unassigned, created_at, task_id);
