-- Timer start events (timeDate, timeDuration, timeCycle) of the latest version of each process:
-- the job executor starts an instance when one is due. They belong to a definition, not to an
-- instance, hence a table of their own beside `jobs`. Deploying a newer version or suspending
-- the definition removes them; activating the latest version schedules them again.
CREATE TABLE timer_start_jobs (
    job_id          TEXT    PRIMARY KEY,
    definition_id   TEXT    NOT NULL REFERENCES process_definitions (definition_id),
    process_key     TEXT    NOT NULL,
    node            TEXT    NOT NULL,
    due_at          BIGINT  NOT NULL,
    cycle           TEXT,             -- the ISO 8601 cycle, for repeating timers
    remaining       BIGINT,           -- firings left after this one (NULL: unbounded or once)
    retries         BIGINT  NOT NULL,
    last_error      TEXT,
    lock_owner      TEXT,
    lock_expires_at BIGINT,
    incident        BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX timer_start_jobs_due ON timer_start_jobs (incident, due_at);
CREATE INDEX timer_start_jobs_key ON timer_start_jobs (process_key);
CREATE INDEX timer_start_jobs_definition ON timer_start_jobs (definition_id);
