-- Counters for the todo list's exact total, so counting costs the number of distinct offers
-- that reach the user instead of the number of their tasks. An open task's offer signature
-- is `assignee:<id>` when assigned, else its sorted, de-duplicated candidate routes
-- (`group:<key>`, `user:<id>`, byte order) joined with a newline; an unassigned task without
-- candidates is on nobody's list and has none. todo_offers counts open tasks per signature,
-- todo_offer_routes says which routes reach a signature; a user's total is the sum over the
-- signatures reached by `assignee:`/`user:` them and `group:` each of their groups.
-- crates/store/src/tasks.rs keeps both in each command's transaction, next to open_tasks.
CREATE TABLE todo_offers (
    signature  TEXT   PRIMARY KEY,
    open_tasks BIGINT NOT NULL
);

CREATE TABLE todo_offer_routes (
    route     TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (route, signature)
);

-- Backfill from the open tasks (the test todo_counts.rs runs everything below this line again
-- and compares with what the Rust code maintained). COLLATE "C" orders bytewise, as Rust sorts
-- Strings, whatever the database's collation.
INSERT INTO todo_offers (signature, open_tasks)
SELECT signature, COUNT(*)
FROM (
    SELECT 'assignee:' || o.assignee AS signature
    FROM open_tasks o
    WHERE o.assignee IS NOT NULL
    UNION ALL
    SELECT string_agg(c.kind || ':' || c.value, chr(10)
                      ORDER BY (c.kind || ':' || c.value) COLLATE "C")
    FROM open_tasks o
    JOIN task_candidates c ON c.task_id = o.task_id
    WHERE o.assignee IS NULL
    GROUP BY o.task_id
) offers
GROUP BY signature;

INSERT INTO todo_offer_routes (route, signature)
SELECT 'assignee:' || o.assignee, 'assignee:' || o.assignee
FROM open_tasks o
WHERE o.assignee IS NOT NULL
UNION
SELECT c.kind || ':' || c.value, s.signature
FROM (
    SELECT o.task_id,
           string_agg(c.kind || ':' || c.value, chr(10)
                      ORDER BY (c.kind || ':' || c.value) COLLATE "C")
               AS signature
    FROM open_tasks o
    JOIN task_candidates c ON c.task_id = o.task_id
    WHERE o.assignee IS NULL
    GROUP BY o.task_id
) s
JOIN task_candidates c ON c.task_id = s.task_id;
