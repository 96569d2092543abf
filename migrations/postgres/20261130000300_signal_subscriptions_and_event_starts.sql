-- Open signal subscriptions (signal catch and boundary events, event sub-process signal
-- starts), kept equal to the instance state on every commit, so a broadcast finds every
-- waiting instance by index.
CREATE TABLE signal_subscriptions (
    instance_id  TEXT   NOT NULL REFERENCES process_instances (instance_id) ON DELETE CASCADE,
    subscription BIGINT NOT NULL,
    signal       TEXT   NOT NULL,
    node         TEXT   NOT NULL,
    PRIMARY KEY (instance_id, subscription)
);

CREATE INDEX signal_subscriptions_signal ON signal_subscriptions (signal);

-- Process-level message and signal start events of each deployed definition, written at
-- deployment; only the latest version of a key starts (older versions keep running).
CREATE TABLE event_starts (
    definition_id TEXT NOT NULL REFERENCES process_definitions (definition_id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,  -- 'message' or 'signal'
    name          TEXT NOT NULL,
    node          TEXT NOT NULL,
    PRIMARY KEY (definition_id, node)
);

CREATE INDEX event_starts_name ON event_starts (kind, name);
