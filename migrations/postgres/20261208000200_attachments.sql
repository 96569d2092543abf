-- Files attached to forms (picture and file uploads). The bytes live in the attachment store
-- (a folder under the data directory, or an S3-compatible bucket); this is what they are.
-- The id is random (128 bits): whoever holds a form's value may read its files.
CREATE TABLE attachments (
    attachment_id TEXT    PRIMARY KEY,
    name          TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    BIGINT NOT NULL
);
