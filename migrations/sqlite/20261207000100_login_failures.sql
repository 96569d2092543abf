-- Failed sign-ins, counted per throttle key (`ip:<address>`, `user:<username>`) over a sliding
-- window: kept in the database rather than in a process, so every server process sharing a
-- PostgreSQL database counts the same attempts (and a restart forgets nothing). Rows older
-- than the window are deleted whenever a failure is recorded.
CREATE TABLE login_failures (
    throttle_key TEXT   NOT NULL,
    failed_at    BIGINT NOT NULL   -- epoch milliseconds
);

CREATE INDEX login_failures_by_key ON login_failures (throttle_key, failed_at);
CREATE INDEX login_failures_by_time ON login_failures (failed_at);
