//! Forms designed in the form designer. The schema is checked (`woc-forms`) and kept as JSON
//! text in this product's format; each change of the schema is a new version, so work orders
//! keep the form they were filled in with.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use serde_json::Value;

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::server::service::names::DisplayName;
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A checked form schema (`docs/form-schema.md`), as JSON text in this product's format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormSchema(String);

impl FormSchema {
    /// Parses the `schema` field of a request: this product's schema, or a RuoYi/form-generator
    /// or form-create document converted to it, given as JSON or as a string holding JSON.
    /// Every problem is refused at once, each on the path of the part it concerns
    /// (`schema.fields[3].__config__.tag`), worded in both languages; nothing else is stored.
    pub fn parse(value: &Value) -> Result<FormSchema, Vec<FieldProblem>> {
        let text = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        match woc_forms::import::import(&text) {
            Ok(form) => serde_json::to_string(form.schema())
                .map(FormSchema)
                .map_err(|e| vec![FieldProblem::new("schema", e.to_string(), e.to_string())]),
            Err(problems) => Err(problems
                .into_iter()
                .map(|p| {
                    let field = match p.path.as_str() {
                        "" => "schema".to_owned(),
                        path if path.starts_with('[') => format!("schema{path}"),
                        path => format!("schema.{path}"),
                    };
                    FieldProblem::new(
                        field,
                        p.problem.message(woc_forms::messages::Lang::Zh),
                        p.problem.message(woc_forms::messages::Lang::En),
                    )
                })
                .collect()),
        }
    }

    /// The JSON text to store.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The fields of a designer schema as `(key, label)` in schema order, for showing submitted
/// values under their labels. Understands the form generator's `__vModel__` with
/// `__config__.label` (RuoYi, the seed's `input58922` keys), form-create's `field` with `title`,
/// and plain `{key|name, label}` fields; anything else is skipped.
pub fn field_labels(schema_json: &str) -> Vec<(String, String)> {
    fn text<'a>(object: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
        object
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
    fn walk(value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Object(object) => {
                let config_label = object
                    .get("__config__")
                    .and_then(Value::as_object)
                    .and_then(|c| text(c, "label"));
                let key = text(object, "__vModel__")
                    .or_else(|| text(object, "field"))
                    .or_else(|| text(object, "key"))
                    .or_else(|| text(object, "name"));
                let label = config_label
                    .or_else(|| text(object, "label"))
                    .or_else(|| text(object, "title"));
                if let (Some(key), Some(label)) = (key, label) {
                    if !out.iter().any(|(k, _)| k == key) {
                        out.push((key.to_owned(), label.to_owned()));
                    }
                }
                object.values().for_each(|v| walk(v, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(schema) = serde_json::from_str::<Value>(schema_json) {
        walk(&schema, &mut out);
    }
    out
}

/// Checked forms by their stored text. A stored version never changes, so a checked form is
/// good for as long as the process runs; keyed by the text rather than `(form_id, version)`
/// so that two databases in one process (the tests) can never see each other's forms.
static CHECKED: LazyLock<Mutex<HashMap<Arc<str>, Arc<woc_forms::Form>>>> =
    LazyLock::new(Default::default);

/// How many checked forms are kept; past it the cache starts over (a form is checked in well
/// under a millisecond, so this bounds memory, not work).
const CHECKED_CAPACITY: usize = 512;

impl Form {
    /// This version's schema checked (`woc-forms`), for validating submissions and rendering.
    /// Schemas stored before forms were checked on the way in (form-generator JSON) are
    /// converted; `None` for a stored text that is not a form at all (nothing to validate
    /// against: such a form was never accepted by this product's `/system/form`).
    pub fn checked(&self) -> Option<Arc<woc_forms::Form>> {
        if let Some(form) = CHECKED
            .lock()
            .ok()
            .and_then(|cache| cache.get(self.schema_json.as_str()).cloned())
        {
            return Some(form);
        }
        let form = match woc_forms::import::import(&self.schema_json) {
            Ok(form) => Arc::new(form),
            Err(problems) => {
                tracing::warn!(
                    form_id = self.form_id,
                    version = self.version,
                    problems = problems.len(),
                    "stored form schema is not a form; submissions are not validated against it"
                );
                return None;
            }
        };
        if let Ok(mut cache) = CHECKED.lock() {
            if cache.len() >= CHECKED_CAPACITY {
                cache.clear();
            }
            cache.insert(Arc::from(self.schema_json.as_str()), form.clone());
        }
        Some(form)
    }
}

/// A form with one version of its schema.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Form {
    /// Identifier.
    pub form_id: i64,
    /// Display name.
    pub form_name: String,
    /// Version of `schema_json`.
    pub version: i64,
    /// Schema JSON text.
    pub schema_json: String,
    /// Creation time of the form, epoch millis.
    pub created_at: i64,
    /// Time of the last change, epoch millis.
    pub updated_at: i64,
}

/// A form as listed (without its schema).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FormSummary {
    /// Identifier.
    pub form_id: i64,
    /// Display name.
    pub form_name: String,
    /// Latest version.
    pub latest_version: i64,
    /// Creation time, epoch millis.
    pub created_at: i64,
    /// Time of the last change, epoch millis.
    pub updated_at: i64,
}

/// Creates a form with version 1 of its schema; returns its id.
pub async fn create(
    db: &Db,
    actor: &Actor,
    name: &DisplayName,
    schema: &FormSchema,
) -> Result<i64, ServiceError> {
    actor.require_admin()?;
    let now = now_millis();
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let form_id: i64 = sqlx::query_scalar(
            "INSERT INTO forms (form_name, latest_version, created_at, updated_at) VALUES ($1, 1, $2, $2)
             RETURNING form_id",
        )
        .bind(name.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO form_versions (form_id, version, schema_json, created_at, created_by) VALUES ($1, 1, $2, $3, $4)")
            .bind(form_id)
            .bind(schema.as_str())
            .bind(now)
            .bind(actor.username())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(form_id)
    })
}

/// One page of forms.
pub async fn list(
    db: &Db,
    actor: &Actor,
    window: Paging,
) -> Result<Page<FormSummary>, ServiceError> {
    actor.require_admin()?;
    let (rows, total) = with_pool!(db, |pool| {
        let rows: Vec<FormSummary> = sqlx::query_as(
            "SELECT form_id, form_name, latest_version, created_at, updated_at FROM forms
             ORDER BY form_id LIMIT $1 OFFSET $2",
        )
        .bind(window.limit())
        .bind(window.offset())
        .fetch_all(pool)
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM forms")
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok(Page::counted(rows, total))
}

/// One form (`version`, or the latest), for an administrator.
pub async fn get(
    db: &Db,
    actor: &Actor,
    form_id: i64,
    version: Option<i64>,
) -> Result<Form, ServiceError> {
    actor.require_admin()?;
    load(db, form_id, version).await
}

/// A form with the given version of its schema, or the latest when `version` is `None`.
/// No access check: for the services' own lookups (a work order naming its form, app or
/// category; a token's user), never for an adapter answering a caller.
pub async fn load(db: &Db, form_id: i64, version: Option<i64>) -> Result<Form, ServiceError> {
    let found: Option<Form> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT f.form_id, f.form_name, v.version, v.schema_json, f.created_at, f.updated_at
             FROM forms f JOIN form_versions v ON v.form_id = f.form_id
             WHERE f.form_id = $1 AND v.version = COALESCE($2, f.latest_version)",
        )
        .bind(form_id)
        .bind(version)
        .fetch_optional(pool)
        .await
    })?;
    found.ok_or(ServiceError::NotFound)
}

/// One saved version of a form, as the designer's version list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VersionEntry {
    /// The version number.
    pub version: i64,
    /// Username of whoever saved it; `None` for versions saved before authors were recorded.
    pub saved_by: Option<String>,
    /// When it was saved, epoch millis.
    pub saved_at: i64,
}

/// Every version of a form, newest first, for an administrator.
pub async fn versions(
    db: &Db,
    actor: &Actor,
    form_id: i64,
) -> Result<Vec<VersionEntry>, ServiceError> {
    actor.require_admin()?;
    let rows: Vec<VersionEntry> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT version, created_by AS saved_by, created_at AS saved_at FROM form_versions
             WHERE form_id = $1 ORDER BY version DESC",
        )
        .bind(form_id)
        .fetch_all(pool)
        .await
    })?;
    // A form always has version 1, so no rows means no such form.
    if rows.is_empty() {
        return Err(ServiceError::NotFound);
    }
    Ok(rows)
}

/// Renames a form and, when a schema is given, stores it as the next version. Returns the
/// latest version after the change.
pub async fn update(
    db: &Db,
    actor: &Actor,
    form_id: i64,
    name: &DisplayName,
    schema: Option<&FormSchema>,
) -> Result<i64, ServiceError> {
    actor.require_admin()?;
    let now = now_millis();
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        // Bumping the counter first takes the row lock, so two concurrent saves get two
        // different version numbers instead of a primary-key clash.
        let bump: i64 = i64::from(schema.is_some());
        let latest: Option<i64> = sqlx::query_scalar(
            "UPDATE forms SET form_name = $1, latest_version = latest_version + $2, updated_at = $3
             WHERE form_id = $4 RETURNING latest_version",
        )
        .bind(name.as_str())
        .bind(bump)
        .bind(now)
        .bind(form_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(latest) = latest else {
            return Err(ServiceError::NotFound);
        };
        if let Some(schema) = schema {
            sqlx::query("INSERT INTO form_versions (form_id, version, schema_json, created_at, created_by) VALUES ($1, $2, $3, $4, $5)")
                .bind(form_id)
                .bind(latest)
                .bind(schema.as_str())
                .bind(now)
                .bind(actor.username())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(latest)
    })
}

/// Deletes a form with all its versions.
pub async fn delete(db: &Db, actor: &Actor, form_id: i64) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM forms WHERE form_id = $1")
            .bind(form_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })
    .map_err(ServiceError::from_delete)?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_come_in_three_formats_and_are_stored_in_ours() {
        let ours =
            json!({"version": 1, "fields": [{"key": "title", "type": "input", "label": "标题"}]});
        let stored = FormSchema::parse(&ours).unwrap();
        assert!(
            stored.as_str().contains(r#""key":"title""#),
            "{}",
            stored.as_str()
        );
        // As a string holding JSON, too (what the designer may send).
        assert_eq!(FormSchema::parse(&json!(ours.to_string())).unwrap(), stored);
        let generator = json!({"fields": [{"__config__": {"label": "报修内容", "tag": "el-input",
            "tagIcon": "input", "required": true}, "__vModel__": "input58922"}]});
        let converted = FormSchema::parse(&generator).unwrap();
        assert!(
            converted.as_str().contains(r#""key":"input58922""#),
            "{}",
            converted.as_str()
        );
        let form_create = json!([{"type": "input", "field": "reason", "title": "原因"}]);
        let converted = FormSchema::parse(&form_create).unwrap();
        assert!(
            converted.as_str().contains(r#""key":"reason""#),
            "{}",
            converted.as_str()
        );
    }

    #[test]
    fn labels_come_from_the_common_designers() {
        let generator = json!({"fields": [
            {"__config__": {"label": "房号", "children": [
                {"__config__": {"label": "楼栋"}, "__vModel__": "building1"}
            ]}, "__vModel__": "input58922"}
        ]});
        assert_eq!(
            field_labels(&generator.to_string()),
            [
                ("input58922".to_string(), "房号".to_string()),
                ("building1".to_string(), "楼栋".to_string())
            ]
        );
        let form_create = json!([{"type": "input", "field": "reason", "title": "原因"}]);
        assert_eq!(
            field_labels(&form_create.to_string()),
            [("reason".to_string(), "原因".to_string())]
        );
        assert!(field_labels("not json").is_empty());
    }

    #[test]
    fn scalars_broken_text_and_bad_parts_are_refused_by_path() {
        for bad in [json!(3), json!("{oops"), json!("\"text\"")] {
            let problems = FormSchema::parse(&bad).unwrap_err();
            assert!(!problems.is_empty(), "{bad}");
            assert!(
                problems.iter().all(|p| p.field.starts_with("schema")),
                "{problems:?}"
            );
        }
        // Every bad part at once, each at its path in the document sent.
        let problems = FormSchema::parse(&json!({"version": 1, "fields": [
            {"key": "a", "type": "nonsense", "label": "A"},
            {"key": "a", "type": "input", "label": "B"},
            {"key": "b", "type": "input", "label": "C", "visibleWhen": "${a ==}"}
        ]}))
        .unwrap_err();
        assert!(
            problems
                .iter()
                .all(|p| p.field.starts_with("schema.fields[")),
            "{problems:?}"
        );
    }
}
