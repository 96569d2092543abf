-- The todo counters by number (SQLite only; PostgreSQL keeps todo_offer_routes by signature).
-- The todo total reads, for each offer signature that reaches the user, the signature from a
-- route row, drops it if already seen, and searches its counter: by signature text, the
-- searches and the de-duplication compare long strings (`group:x\nuser:y...`). Numbered, each
-- offer is its counter's rowid and a route row holds that integer: the same total costs about
-- a third (`workorder bench todo`, 2,523 offers reaching the user at 100,000 open tasks: the
-- count's median 2.3 ms -> 0.8 ms). Writes cost the same: a command's upsert searches
-- the signature's unique index and updates the counter row, the index changes only when an
-- offer is new.
--
-- The counters are rebuilt from the open tasks rather than copied: the old tables counted
-- exactly those rows, and rebuilding states the invariant once, in the part below the
-- Backfill marker (the test todo_counts.rs runs it again and compares with what the Rust code
-- maintained).
DROP TABLE todo_offer_routes;
DROP TABLE todo_offers;

CREATE TABLE todo_offers (
    offer      INTEGER PRIMARY KEY,
    signature  TEXT    NOT NULL UNIQUE,
    open_tasks BIGINT  NOT NULL
);

CREATE TABLE todo_offer_routes (
    route TEXT    NOT NULL,
    offer INTEGER NOT NULL,
    PRIMARY KEY (route, offer)
) WITHOUT ROWID;

-- Backfill from the open tasks, as 20261130000700_todo_offers.sql did by signature.
INSERT INTO todo_offers (signature, open_tasks)
SELECT signature, COUNT(*)
FROM (
    SELECT 'assignee:' || o.assignee AS signature
    FROM open_tasks o
    WHERE o.assignee IS NOT NULL
    UNION ALL
    SELECT group_concat(c.kind || ':' || c.value, char(10) ORDER BY c.kind || ':' || c.value)
    FROM open_tasks o
    JOIN task_candidates c ON c.task_id = o.task_id
    WHERE o.assignee IS NULL
    GROUP BY o.task_id
) offers
GROUP BY signature;

INSERT INTO todo_offer_routes (route, offer)
SELECT 'assignee:' || o.assignee, f.offer
FROM open_tasks o
JOIN todo_offers f ON f.signature = 'assignee:' || o.assignee
WHERE o.assignee IS NOT NULL
UNION
SELECT c.kind || ':' || c.value, f.offer
FROM (
    SELECT o.task_id,
           group_concat(c.kind || ':' || c.value, char(10) ORDER BY c.kind || ':' || c.value)
               AS signature
    FROM open_tasks o
    JOIN task_candidates c ON c.task_id = o.task_id
    WHERE o.assignee IS NULL
    GROUP BY o.task_id
) s
JOIN todo_offers f ON f.signature = s.signature
JOIN task_candidates c ON c.task_id = s.task_id;
