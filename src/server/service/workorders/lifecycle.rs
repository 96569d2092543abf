//! The end of a work order: closing (its starter or an administrator; a running process is
//! cancelled with the closing comment, type 5) and the starter's one evaluation of a
//! completed or closed work order.

use woc_engine::Command;
use woc_store::SqlStore;

use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::server::service::workorders::{get, WorkOrderStatus};
use crate::with_pool;

/// A rating of 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating(i64);

impl Rating {
    /// Parses `rating`.
    pub fn parse(value: i64) -> Result<Rating, FieldProblem> {
        if (1..=5).contains(&value) {
            Ok(Rating(value))
        } else {
            Err(FieldProblem::new(
                "rating",
                "须为 1 到 5 的整数",
                "must be an integer from 1 to 5",
            ))
        }
    }

    /// The stars.
    pub fn get(self) -> i64 {
        self.0
    }
}

/// Closes work order `number` as `user`; returns the status it had before.
pub async fn close(
    store: &SqlStore,
    actor: &Actor,
    number: &str,
    comment: Option<String>,
) -> Result<WorkOrderStatus, ServiceError> {
    let order = get(store.db(), number).await?;
    if !actor.is_admin() && order.created_by != actor.username() {
        return Err(ServiceError::Forbidden);
    }
    let before = order.status();
    match before {
        WorkOrderStatus::Closed => {
            return Err(ServiceError::refused(format!(
                "work order {number} is closed"
            )));
        }
        WorkOrderStatus::Processing => {
            // Closing means nobody works on it any more: the process ends as cancelled and its
            // history says who closed it and why.
            let comment = comment.unwrap_or_else(|| format!("关闭工单 {number}"));
            store
                .execute(
                    Command::Cancel {
                        instance_id: order.instance_id.clone(),
                        comment: Some(comment),
                    },
                    Some(actor.username()),
                )
                .await?;
        }
        WorkOrderStatus::Completed | WorkOrderStatus::Rejected | WorkOrderStatus::Canceled => {}
    }
    let changed = with_pool!(store.db(), |pool| {
        sqlx::query(
            "UPDATE work_orders SET closed_by = $1, closed_at = $2
             WHERE workorder_number = $3 AND closed_at IS NULL",
        )
        .bind(actor.username())
        .bind(now_millis())
        .bind(number)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::refused(format!(
            "work order {number} is closed"
        )));
    }
    Ok(before)
}

/// Records the starter's evaluation of work order `number`: only once it is completed or
/// closed, only by its starter (the person served), only once.
pub async fn evaluate(
    store: &SqlStore,
    actor: &Actor,
    number: &str,
    rating: Rating,
    text: Option<String>,
) -> Result<(), ServiceError> {
    let order = get(store.db(), number).await?;
    if order.created_by != actor.username() {
        return Err(ServiceError::Forbidden);
    }
    if !matches!(
        order.status(),
        WorkOrderStatus::Completed | WorkOrderStatus::Closed
    ) {
        return Err(ServiceError::refused(format!(
            "work order {number} is {}: only a completed or closed work order can be evaluated",
            order.status().as_str()
        )));
    }
    let changed = with_pool!(store.db(), |pool| {
        sqlx::query(
            "UPDATE work_orders SET rating = $1, evaluation = $2, evaluated_at = $3
             WHERE workorder_number = $4 AND rating IS NULL",
        )
        .bind(rating.get())
        .bind(text.as_deref())
        .bind(now_millis())
        .bind(number)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::refused(format!(
            "work order {number} is evaluated already"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(Rating::parse(1).unwrap().get(), 1);
        assert_eq!(Rating::parse(5).unwrap().get(), 5);
        assert_eq!(Rating::parse(0).unwrap_err().field, "rating");
        assert!(Rating::parse(6).is_err());
    }
}
