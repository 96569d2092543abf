//! Deployed process definitions: versions per key, suspension, listing and the parsed cache.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use woc_engine::{Definition, DefinitionRef, EngineError, SubscriptionKind, Timestamp};

use crate::db::BeginWrite;
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::{timer_start, with_pool};
use woc_paging::{Page, Paging};

/// A deployed definition as lists show it (without the XML).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DefinitionRow {
    /// `key:version:uuid`.
    pub id: String,
    /// Process key (the `<process id>`).
    pub key: String,
    /// Version within the key, from 1.
    pub version: i64,
    /// Process name.
    pub name: Option<String>,
    /// Category code.
    pub category: Option<String>,
    /// Start form, when one is linked.
    pub form_id: Option<i64>,
    /// The start form's name, from the web app's `forms` table in the same database; `None`
    /// without a form (or once the form is deleted).
    pub form_name: Option<String>,
    /// The version of the start form this definition renders and validates: the form's
    /// latest version when the definition was deployed (or linked to it).
    pub form_version: Option<i64>,
    /// Deployment time (ms).
    pub deployed_at: i64,
    /// Whether new instances are refused.
    pub suspended: bool,
}

/// Filters of the definition list; `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionFilter {
    /// Exact process key.
    pub key: Option<String>,
    /// Part of the name.
    pub name: Option<String>,
    /// Exact category.
    pub category: Option<String>,
    /// Only offline (`Some(true)`) or only online (`Some(false)`) definitions. The latest
    /// version of a key is chosen first: a key whose latest version is offline is not listed
    /// as online, as starting it by key is refused too.
    pub suspended: Option<bool>,
}

/// The columns of a [`DefinitionRow`], from `process_definitions d` and [`FORM_JOIN`].
const COLUMNS: &str = "d.definition_id, d.process_key, d.version, d.name, d.category, \
     d.form_id, f.form_name, d.form_version, d.deployed_at, d.suspended";

/// Names the start form: a primary-key lookup per row; LEFT, as most definitions have none.
const FORM_JOIN: &str = "LEFT JOIN forms f ON f.form_id = d.form_id";

fn definition_row(row: &impl Columns) -> Result<DefinitionRow, sqlx::Error> {
    Ok(DefinitionRow {
        id: row.string("definition_id")?,
        key: row.string("process_key")?,
        version: row.number("version")?,
        name: row.text("name")?,
        category: row.text("category")?,
        form_id: row.int("form_id")?,
        form_name: row.text("form_name")?,
        form_version: row.int("form_version")?,
        deployed_at: row.number("deployed_at")?,
        suspended: row.flag("suspended")?,
    })
}

/// Checks every executable process of `xml` and prepares it at `version` under `id`.
fn prepare(xml: &str, key: &str, version: u32, id: &str) -> Result<Definition, StoreError> {
    let parsed = woc_bpmn::parse(xml).map_err(|e| deployment(e.to_string()))?;
    let process = parsed
        .executable_processes()
        .find(|p| p.id() == key)
        .cloned()
        .ok_or_else(|| deployment(format!("process '{key}' is not in the stored XML")))?;
    let mut definition = Definition::deploy(process, version)?;
    definition.id = id.to_string();
    Ok(definition)
}

/// The SELECT of what parsing a stored definition needs.
pub(crate) fn source(id: &str) -> Statement {
    Statement::new(
        "SELECT process_key, version, xml FROM process_definitions WHERE definition_id = $1",
    )
    .arg(id)
}

fn deployment(problem: String) -> StoreError {
    StoreError::Engine(EngineError::Deployment {
        problems: vec![problem],
    })
}

impl SqlStore {
    /// Deploys every executable process in `xml` as the next version of its key; running
    /// instances keep the version they started with. The new version's timer start events are
    /// scheduled and replace the older versions' (see [`crate::timer_start`]).
    pub async fn deploy(
        &self,
        xml: &str,
        category: Option<&str>,
    ) -> Result<Vec<DefinitionRow>, StoreError> {
        self.deploy_with_form(xml, category, None).await
    }

    /// [`SqlStore::deploy`] with a start form linked to every deployed definition in the same
    /// transaction, so no version is ever online without the form it was deployed with.
    pub async fn deploy_with_form(
        &self,
        xml: &str,
        category: Option<&str>,
        form_id: Option<i64>,
    ) -> Result<Vec<DefinitionRow>, StoreError> {
        let parsed = woc_bpmn::parse(xml).map_err(|e| deployment(e.to_string()))?;
        let processes: Vec<_> = parsed.executable_processes().cloned().collect();
        if processes.is_empty() {
            return Err(deployment("the document has no executable process".into()));
        }
        let now = self.clock.now().0;
        let mut deployed = Vec::new();
        with_pool!(&self.writer, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut problems = Vec::new();
            // The form's latest version is read in the deploy's transaction: the definition
            // is pinned to the version that existed when it went online.
            let (form_name, form_version) = match form_id {
                Some(form_id) => {
                    let form = Statement::new(
                        "SELECT form_name, latest_version FROM forms WHERE form_id = $1",
                    )
                    .arg(form_id);
                    match query(&form).fetch_optional(&mut *tx).await? {
                        Some(row) => (row.text("form_name")?, row.int("latest_version")?),
                        None => (None, None),
                    }
                }
                None => (None, None),
            };
            for process in processes {
                let key = process.id().to_string();
                let latest = Statement::new(
                    "SELECT MAX(version) AS version FROM process_definitions WHERE process_key = $1",
                )
                .arg(key.as_str());
                let version = query(&latest).fetch_one(&mut *tx).await?.int("version")?;
                let version = version.unwrap_or(0) + 1;
                let name = process.name().map(str::to_string);
                let id = format!("{key}:{version}:{}", uuid::Uuid::new_v4().simple());
                let mut definition = match Definition::deploy(process, version as u32) {
                    Ok(d) => d,
                    Err(EngineError::Deployment { problems: p }) => {
                        problems.extend(p);
                        continue;
                    }
                    Err(other) => return Err(other.into()),
                };
                definition.id = id.clone();
                let insert = Statement::new(
                    "INSERT INTO process_definitions (definition_id, process_key, version, name, \
                     category, form_id, form_version, xml, deployed_at, suspended) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .arg(id.as_str())
                .arg(key.as_str())
                .arg(version)
                .arg(name.clone())
                .arg(category)
                .arg(form_id)
                .arg(form_version)
                .arg(xml)
                .arg(now)
                .arg(false);
                query(&insert).execute(&mut *tx).await?;
                // A timer start that cannot be scheduled (an expression: no variables exist
                // before the instance) refuses the deployment, naming the event.
                let timers = match timer_start::schedule(
                    &definition,
                    Timestamp(now),
                    self.config.job_retries,
                ) {
                    Ok(timers) => timers,
                    Err(StoreError::Engine(problem)) => {
                        problems.push(problem.to_string());
                        continue;
                    }
                    Err(other) => return Err(other),
                };
                for statement in &timers {
                    query(statement).execute(&mut *tx).await?;
                }
                let starts: Vec<Vec<crate::statement::Arg>> = definition
                    .event_starts()
                    .into_iter()
                    .map(|(kind, name, node)| {
                        let kind = match kind {
                            SubscriptionKind::Signal => "signal",
                            _ => "message",
                        };
                        vec![id.as_str().into(), kind.into(), name.into(), node.into()]
                    })
                    .collect();
                for insert in Statement::insert(
                    "INSERT INTO event_starts (definition_id, kind, name, node) VALUES ",
                    starts,
                ) {
                    query(&insert).execute(&mut *tx).await?;
                }
                deployed.push((
                    Arc::new(definition),
                    DefinitionRow {
                        id,
                        key,
                        version,
                        name,
                        category: category.map(str::to_string),
                        form_id,
                        form_name: form_name.clone(),
                        form_version,
                        deployed_at: now,
                        suspended: false,
                    },
                ));
            }
            if !problems.is_empty() {
                return Err(StoreError::Engine(EngineError::Deployment { problems }));
            }
            tx.commit().await?;
        });
        Ok(deployed
            .into_iter()
            .map(|(definition, row)| {
                self.remember(definition);
                row
            })
            .collect())
    }

    /// Refuses new instances of a definition (流程下线); running ones continue.
    pub async fn suspend_definition(&self, id: &str) -> Result<(), StoreError> {
        self.set_suspended(id, true).await
    }

    /// Accepts new instances of a definition again (发布).
    pub async fn activate_definition(&self, id: &str) -> Result<(), StoreError> {
        self.set_suspended(id, false).await
    }

    async fn set_suspended(&self, id: &str, suspended: bool) -> Result<(), StoreError> {
        let update = Statement::new(
            "UPDATE process_definitions SET suspended = $1 WHERE definition_id = $2",
        )
        .arg(suspended)
        .arg(id);
        self.expect_one_row(&update, "definition", id).await?;
        // A suspended definition starts nothing, not even on its timers (Flowable semantics).
        if suspended {
            self.unschedule_start_timers(id).await
        } else {
            self.reschedule_start_timers(id).await
        }
    }

    /// Links a start form, at its latest version, to a definition (or unlinks it with `None`).
    pub async fn set_definition_form(
        &self,
        id: &str,
        form_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let update = Statement::new(
            "UPDATE process_definitions SET form_id = $1, \
             form_version = (SELECT latest_version FROM forms WHERE form_id = $1) \
             WHERE definition_id = $2",
        )
        .arg(form_id)
        .arg(id);
        self.expect_one_row(&update, "definition", id).await
    }

    pub(crate) async fn expect_one_row(
        &self,
        statement: &Statement,
        what: &'static str,
        id: &str,
    ) -> Result<(), StoreError> {
        let changed = with_pool!(&self.db, |pool| query(statement)
            .execute(pool)
            .await?
            .rows_affected());
        if changed == 0 {
            return Err(StoreError::not_found(what, id));
        }
        Ok(())
    }

    /// The latest version of each key, newest deployment first.
    pub async fn definitions(
        &self,
        filter: &DefinitionFilter,
        paging: Paging,
    ) -> Result<Page<DefinitionRow>, StoreError> {
        let mut list = Statement::new(format!(
            "SELECT {COLUMNS}, COUNT(*) OVER () AS total FROM process_definitions d {FORM_JOIN} \
             WHERE d.version = (SELECT MAX(version) FROM process_definitions m \
             WHERE m.process_key = d.process_key)"
        ));
        if let Some(key) = &filter.key {
            list.push(" AND d.process_key = ").param(key.as_str());
        }
        if let Some(name) = &filter.name {
            list.push(" AND d.name LIKE ").param(format!("%{name}%"));
        }
        if let Some(category) = &filter.category {
            list.push(" AND d.category = ").param(category.as_str());
        }
        if let Some(suspended) = filter.suspended {
            list.push(" AND d.suspended = ").param(suspended);
        }
        list.push(" ORDER BY d.deployed_at DESC, d.definition_id LIMIT ")
            .param(paging.limit())
            .push(" OFFSET ")
            .param(paging.offset());
        let mut total = 0;
        let rows = with_pool!(&self.db, |pool| {
            let mut rows = Vec::new();
            for row in query(&list).fetch_all(pool).await? {
                total = row.number("total")?;
                rows.push(definition_row(&row)?);
            }
            rows
        });
        Ok(Page {
            rows,
            total: total as u64,
        })
    }

    /// One deployed definition by id.
    pub async fn definition(&self, id: &str) -> Result<DefinitionRow, StoreError> {
        let select = Statement::new(format!(
            "SELECT {COLUMNS} FROM process_definitions d {FORM_JOIN} WHERE d.definition_id = $1"
        ))
        .arg(id);
        let row = with_pool!(
            &self.db,
            |pool| match query(&select).fetch_optional(pool).await? {
                Some(row) => Some(definition_row(&row)?),
                None => None,
            }
        );
        row.ok_or_else(|| StoreError::not_found("definition", id))
    }

    /// The BPMN XML a definition was deployed from.
    pub async fn definition_xml(&self, id: &str) -> Result<String, StoreError> {
        let select =
            Statement::new("SELECT xml FROM process_definitions WHERE definition_id = $1").arg(id);
        let xml = with_pool!(
            &self.db,
            |pool| match query(&select).fetch_optional(pool).await? {
                Some(row) => Some(row.string("xml")?),
                None => None,
            }
        );
        xml.ok_or_else(|| StoreError::not_found("definition", id))
    }

    /// The parsed definition for `id`, from the cache or parsed from its stored XML.
    pub async fn engine_definition(&self, id: &str) -> Result<Arc<Definition>, StoreError> {
        if let Some(definition) = self.cached(id) {
            return Ok(definition);
        }
        let select = source(id);
        let found = with_pool!(
            &self.db,
            |pool| match query(&select).fetch_optional(pool).await? {
                Some(row) => Some(self.parse_source(id, &row)?),
                None => None,
            }
        );
        found.ok_or_else(|| StoreError::not_found("definition", id))
    }

    /// Parses a row of [`source`] and caches the definition.
    pub(crate) fn parse_source(
        &self,
        id: &str,
        row: &impl Columns,
    ) -> Result<Arc<Definition>, StoreError> {
        let key = row.string("process_key")?;
        let version = row.number("version")?;
        let definition = Arc::new(prepare(&row.string("xml")?, &key, version as u32, id)?);
        self.remember(definition.clone());
        Ok(definition)
    }
}

/// The SELECT finding the definition a new instance starts from: the given id, or the latest
/// version of a key; with what was asked for, for the error.
pub(crate) fn startable(reference: &DefinitionRef) -> (Statement, &str) {
    match reference {
        DefinitionRef::Id(id) => (
            Statement::new(
                "SELECT definition_id, suspended FROM process_definitions WHERE definition_id = $1",
            )
            .arg(id.as_str()),
            id,
        ),
        DefinitionRef::Key(key) => (
            Statement::new(
                "SELECT definition_id, suspended FROM process_definitions \
                 WHERE process_key = $1 ORDER BY version DESC LIMIT 1",
            )
            .arg(key.as_str()),
            key,
        ),
    }
}

/// The id of the definition to start from a [`startable`] row; a suspended one is refused.
pub(crate) fn startable_id(row: Option<&impl Columns>, wanted: &str) -> Result<String, StoreError> {
    let Some(row) = row else {
        return Err(StoreError::not_found("definition", wanted));
    };
    let id = row.string("definition_id")?;
    if row.flag("suspended")? {
        return Err(StoreError::Engine(EngineError::invalid(
            "start",
            format!("definition '{id}' is suspended"),
        )));
    }
    Ok(id)
}
