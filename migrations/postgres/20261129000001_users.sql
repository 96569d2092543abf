-- Accounts. The username is the user id that BPMN assignments name (flowable:assignee="kermit").
CREATE TABLE users (
    username      TEXT    PRIMARY KEY NOT NULL,
    nick_name     TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    enabled       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

CREATE INDEX users_created_at ON users (created_at);
