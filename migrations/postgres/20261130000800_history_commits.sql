-- History: one row per command (its events as one JSON array, in order) instead of one row per
-- event. A command writes about ten events; as rows each paid an insert into the table and its
-- primary-key index, the largest share of a command's writes. Nothing queried the per-event
-- columns: the detail page reads an instance's events in order, which this key serves.
CREATE TABLE history_commits (
    instance_id TEXT   NOT NULL,
    revision    BIGINT NOT NULL,
    events      TEXT   NOT NULL,
    PRIMARY KEY (instance_id, revision)
);

INSERT INTO history_commits (instance_id, revision, events)
SELECT instance_id, revision, '[' || string_agg(event, ',' ORDER BY position) || ']'
FROM history_events
GROUP BY instance_id, revision;

DROP TABLE history_events;
