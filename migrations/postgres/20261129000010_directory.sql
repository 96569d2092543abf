-- Departments, user groups and the user columns the admin API sets.
CREATE TABLE depts (
    dept_id        BIGSERIAL PRIMARY KEY,
    name           TEXT   NOT NULL,
    -- No cascade: a department with sub-departments cannot be deleted by accident.
    parent_id      BIGINT REFERENCES depts (dept_id),
    leader_user_id TEXT   REFERENCES users (username) ON DELETE SET NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE INDEX depts_parent_id ON depts (parent_id);

ALTER TABLE users ADD COLUMN dept_id BIGINT REFERENCES depts (dept_id) ON DELETE SET NULL;
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN phone TEXT;

-- A group's key is what BPMN candidateGroups name.
CREATE TABLE user_groups (
    group_id   BIGSERIAL PRIMARY KEY,
    group_key  TEXT   NOT NULL UNIQUE,
    name       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE group_members (
    group_id BIGINT NOT NULL REFERENCES user_groups (group_id) ON DELETE CASCADE,
    username TEXT   NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    PRIMARY KEY (group_id, username)
);

CREATE INDEX group_members_username ON group_members (username);
