-- The tables every command writes, made lean (SQLite's twin also rebuilds them WITHOUT ROWID):
-- - no foreign keys between the engine's own rows: only the store writes them, always together
--   in one transaction (tasks::sync deletes a task's candidates with it), and each check was an
--   index search plus a share lock on the parent row in every command;
-- - only instances started by a call activity have a parent: the others need no index entry.
ALTER TABLE task_candidates DROP CONSTRAINT IF EXISTS task_candidates_task_id_fkey;
ALTER TABLE open_tasks DROP CONSTRAINT IF EXISTS open_tasks_instance_id_fkey;
DROP INDEX process_instances_parent;
CREATE INDEX process_instances_parent ON process_instances (parent_instance_id)
    WHERE parent_instance_id IS NOT NULL;
