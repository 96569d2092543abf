-- Process categories, composite (synthesis) work-order categories and versioned forms.
CREATE TABLE process_categories (
    category_id BIGSERIAL PRIMARY KEY,
    name        TEXT   NOT NULL,
    code        TEXT   NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE synthesis_categories (
    synthesis_id  BIGSERIAL PRIMARY KEY,
    -- No cascade: a category with children cannot be deleted by accident.
    parent_id     BIGINT REFERENCES synthesis_categories (synthesis_id),
    category_name TEXT   NOT NULL,
    description   TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE INDEX synthesis_categories_parent_id ON synthesis_categories (parent_id);

CREATE TABLE forms (
    form_id        BIGSERIAL PRIMARY KEY,
    form_name      TEXT   NOT NULL,
    latest_version BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- Every schema change is a new version, so work orders keep the form they were filled in with.
CREATE TABLE form_versions (
    form_id     BIGINT NOT NULL REFERENCES forms (form_id) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    schema_json TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (form_id, version)
);
