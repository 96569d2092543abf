-- The BPMN engine's persistence (crate woc-store). Same tables on SQLite and PostgreSQL.
-- Times are milliseconds since the Unix epoch (UTC), like the rest of the schema.

-- Deployed process definitions: every deployment of a key is a new version.
CREATE TABLE process_definitions (
    definition_id TEXT    PRIMARY KEY,           -- key:version:uuid
    process_key   TEXT    NOT NULL,
    version       BIGINT  NOT NULL,
    name          TEXT,
    category      TEXT,
    form_id       BIGINT,
    xml           TEXT    NOT NULL,
    deployed_at   BIGINT  NOT NULL,
    suspended     BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (process_key, version)
);

CREATE INDEX process_definitions_category ON process_definitions (category);

-- One row per instance: the engine state (JSON) for loading, plus columns the lists filter on.
-- `revision` is the optimistic lock: every commit is UPDATE ... WHERE revision = expected.
CREATE TABLE process_instances (
    instance_id        TEXT   PRIMARY KEY,
    definition_id      TEXT   NOT NULL REFERENCES process_definitions (definition_id),
    process_key        TEXT   NOT NULL,
    business_key       TEXT,
    status             TEXT   NOT NULL,
    started_by         TEXT,
    started_at         BIGINT NOT NULL,
    ended_at           BIGINT,
    parent_instance_id TEXT,
    parent_execution   BIGINT,
    revision           BIGINT NOT NULL,
    state              TEXT   NOT NULL
);

CREATE INDEX process_instances_started_by ON process_instances (started_by, started_at);
CREATE INDEX process_instances_parent ON process_instances (parent_instance_id);

-- Open user tasks, rewritten from the instance state on every commit.
CREATE TABLE open_tasks (
    task_id     TEXT   PRIMARY KEY,
    instance_id TEXT   NOT NULL REFERENCES process_instances (instance_id) ON DELETE CASCADE,
    node        TEXT   NOT NULL,
    name        TEXT,
    assignee    TEXT,
    owner       TEXT,
    priority    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    due_at      BIGINT
);

CREATE INDEX open_tasks_assignee ON open_tasks (assignee, created_at);

-- Candidate users (kind 'user') and groups (kind 'group') of open tasks.
CREATE TABLE task_candidates (
    task_id TEXT NOT NULL REFERENCES open_tasks (task_id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (task_id, kind, value)
);

CREATE INDEX task_candidates_value ON task_candidates (value, kind, task_id);

-- Every engine event, in order: the instance's audit trail and the source of its detail page.
-- Indexed by its key only: every extra index is paid on each command's many event rows.
-- Typed columns carry what queries filter on; `event` is the serialized woc_engine::Event.
CREATE TABLE history_events (
    instance_id  TEXT     NOT NULL,
    revision     BIGINT   NOT NULL,
    position     BIGINT   NOT NULL,
    at           BIGINT   NOT NULL,
    actor        TEXT,
    kind         TEXT     NOT NULL,
    task_id      TEXT,
    node         TEXT,
    comment_type SMALLINT,
    event        TEXT     NOT NULL,
    PRIMARY KEY (instance_id, revision, position)
);

-- Ended user tasks (completed, returned, rejected, deleted...), for the finished list.
CREATE TABLE task_history (
    task_id     TEXT   PRIMARY KEY,
    instance_id TEXT   NOT NULL,
    node        TEXT   NOT NULL,
    name        TEXT,
    assignee    TEXT,
    created_at  BIGINT NOT NULL,
    ended_at    BIGINT NOT NULL,
    ended_by    TEXT,
    outcome     TEXT   NOT NULL
);

CREATE INDEX task_history_ended_by ON task_history (ended_by, ended_at);

-- Carbon copies (copyUserIds), one row per recipient.
CREATE TABLE carbon_copies (
    instance_id TEXT   NOT NULL,
    user_id     TEXT   NOT NULL,
    task_id     TEXT,
    node        TEXT,
    sent_by     TEXT,
    sent_at     BIGINT NOT NULL
);

CREATE INDEX carbon_copies_user ON carbon_copies (user_id, sent_at);

-- Timers, async continuations and service calls the job executor runs. A row is locked by
-- one executor (lock_owner until lock_expires_at); out of retries it is an incident.
CREATE TABLE jobs (
    job_id          TEXT    PRIMARY KEY,
    instance_id     TEXT    NOT NULL REFERENCES process_instances (instance_id) ON DELETE CASCADE,
    node            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    handler         TEXT,
    due_at          BIGINT  NOT NULL,
    retries         BIGINT  NOT NULL,
    last_error      TEXT,
    lock_owner      TEXT,
    lock_expires_at BIGINT,
    incident        BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX jobs_due ON jobs (incident, due_at);
CREATE INDEX jobs_instance ON jobs (instance_id);
