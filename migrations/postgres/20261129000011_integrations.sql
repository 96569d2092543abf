-- Registered front-end apps and back-end services, and REST access tokens.
-- Secrets are argon2 hashes; token rows hold the SHA-256 of the token, never the token.
CREATE TABLE apps (
    app_id           TEXT   PRIMARY KEY NOT NULL,
    application_name TEXT   NOT NULL,
    images           TEXT,
    secret_hash      TEXT   NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);

CREATE TABLE services (
    server_id    TEXT   PRIMARY KEY NOT NULL,
    service_name TEXT   NOT NULL,
    secret_hash  TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE access_tokens (
    token_hash TEXT   PRIMARY KEY NOT NULL,
    username   TEXT   NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX access_tokens_username ON access_tokens (username);
CREATE INDEX access_tokens_expires_at ON access_tokens (expires_at);
