-- Work orders (the seed's 工单表): the business record around one process instance.
-- The number is the identity people quote; the status is derived from closed_at and the
-- instance's status, so it never disagrees with the process.
CREATE TABLE work_orders (
    workorder_number    TEXT    PRIMARY KEY NOT NULL,
    -- The owning app (seed `systemId`): the calling app, or the one a service names. No
    -- foreign key: an app may be unregistered while its work orders stay on record.
    app_id              TEXT    NOT NULL,
    -- The work-order type (seed `workorderId`), a node of the synthesis category tree.
    synthesis_id        BIGINT  REFERENCES synthesis_categories (synthesis_id),
    workorder_id_extend TEXT,
    project_id          TEXT,
    definition_id       TEXT    NOT NULL REFERENCES process_definitions (definition_id),
    instance_id         TEXT    NOT NULL UNIQUE REFERENCES process_instances (instance_id),
    -- The start form version the values were entered with (forms change, orders keep theirs).
    form_id             BIGINT,
    form_version        BIGINT,
    title               TEXT    NOT NULL,
    source              TEXT,
    compensation        TEXT,
    room_number         TEXT,
    description         TEXT,
    attachment_urls     TEXT,
    params              TEXT    NOT NULL,
    created_by          TEXT    NOT NULL,
    created_at          BIGINT  NOT NULL,
    closed_by           TEXT,
    closed_at           BIGINT,
    rating              BIGINT,
    evaluation          TEXT,
    evaluated_at        BIGINT
);

CREATE INDEX work_orders_created_by ON work_orders (created_by, created_at);

-- Last number handed out per day (`WO20250122-0001`): one upsert per new work order, so
-- concurrent creates serialize on the day's row and never share a number.
CREATE TABLE work_order_sequences (
    day        TEXT   PRIMARY KEY NOT NULL,
    last_value BIGINT NOT NULL
);
