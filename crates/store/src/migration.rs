//! Migrating running instances to another version of their process, one transaction each.

use serde::{Deserialize, Serialize};
use woc_engine::{migrate_instance, CommandTarget, EngineError, NodeMapping};

use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;

/// How one instance's migration went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MigrationResult {
    /// The instance.
    pub instance_id: String,
    /// Whether it now runs on the target definition.
    pub migrated: bool,
    /// Why not, when it was not migrated.
    pub error: Option<String>,
}

impl SqlStore {
    /// Moves instances of `source_id` to `target_id` (another version of the same process),
    /// renaming the nodes they are at by `mapping` (identity for unnamed nodes). `instance_ids`
    /// picks the instances; `None` means every running or suspended instance of the source.
    ///
    /// Each instance is its own transaction, so one instance the mapping does not fit (or that
    /// ended, or runs on another definition) is reported and the others still move. Errors
    /// that concern the whole request (a definition missing, another process key) are returned
    /// before anything changes.
    pub async fn migrate_instances(
        &self,
        source_id: &str,
        target_id: &str,
        mapping: &NodeMapping,
        instance_ids: Option<&[String]>,
        actor: &str,
    ) -> Result<Vec<MigrationResult>, StoreError> {
        let source = self.engine_definition(source_id).await?;
        let target = self.engine_definition(target_id).await?;
        if source.key != target.key {
            return Err(StoreError::Engine(EngineError::invalid(
                "migrate",
                format!(
                    "target '{target_id}' is process '{}', the source is process '{}'",
                    target.key, source.key
                ),
            )));
        }
        let ids = match instance_ids {
            Some(ids) => ids.to_vec(),
            None => self.migratable_instances(source_id).await?,
        };
        let mut results = Vec::with_capacity(ids.len());
        for id in ids {
            let result = self
                .migrate_one(&id, &source, &target, mapping, actor)
                .await;
            results.push(MigrationResult {
                instance_id: id,
                migrated: result.is_ok(),
                error: result.err().map(|e| e.to_string()),
            });
        }
        Ok(results)
    }

    /// One instance, re-run on fresh state after a conflict (the checks are repeated then).
    async fn migrate_one(
        &self,
        instance_id: &str,
        source: &woc_engine::Definition,
        target: &woc_engine::Definition,
        mapping: &NodeMapping,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tries = 0;
        loop {
            tries += 1;
            let now = self.clock.now();
            let result = self
                .commit_run(
                    CommandTarget::Instance(instance_id.to_string()),
                    None,
                    None,
                    Some(actor),
                    now,
                    |_, state| {
                        migrate_instance(
                            source,
                            target,
                            &self.config,
                            state,
                            mapping,
                            Some(actor),
                            now,
                        )
                    },
                )
                .await;
            match result {
                Err(error) if error.is_conflict() && tries < 5 => continue,
                other => return other.map(|_| ()),
            }
        }
    }

    async fn migratable_instances(&self, definition_id: &str) -> Result<Vec<String>, StoreError> {
        let select = Statement::new(
            "SELECT instance_id FROM process_instances WHERE definition_id = $1 \
             AND status IN ('running', 'suspended') ORDER BY started_at, instance_id",
        )
        .arg(definition_id);
        Ok(with_pool!(&self.db, |pool| {
            let mut ids = Vec::new();
            for row in query(&select).fetch_all(pool).await? {
                ids.push(row.string("instance_id")?);
            }
            ids
        }))
    }
}
