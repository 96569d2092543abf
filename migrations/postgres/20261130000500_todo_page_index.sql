-- The todo list reads a user's assigned tasks newest first straight from this index and stops
-- after one page; with task_id in it the order (created_at DESC, task_id DESC) needs no sort
-- and the count reads only the index. It replaces (assignee, created_at), its prefix.
DROP INDEX open_tasks_assignee;
CREATE INDEX open_tasks_assignee_created ON open_tasks (assignee, created_at, task_id);
