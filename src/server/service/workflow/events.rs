//! Messages and signals from integrators: a message goes to the instance waiting for it or
//! starts a process at its message start event; a signal is broadcast to every waiting
//! instance and starts every process with a matching signal start event.
//!
//! Both move instances the caller did not start (a signal, all of them), so only back-end
//! services and administrators may send them; an app acting for an ordinary user may not.

use woc_engine::{SignalDelivery, Variables};
use woc_store::{MessageDelivery, SqlStore};

use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;

/// Refuses callers that may not send events.
fn may_send_events(actor: &Actor) -> Result<(), ServiceError> {
    if actor.is_service() || actor.is_admin() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Delivers message `name` as `user`; `NotFound` when no instance waits for it and no process
/// starts with it.
pub async fn message(
    store: &SqlStore,
    actor: &Actor,
    name: &str,
    business_key: Option<&str>,
    instance_id: Option<&str>,
    variables: Variables,
) -> Result<MessageDelivery, ServiceError> {
    may_send_events(actor)?;
    Ok(store
        .deliver_message(
            name,
            business_key,
            instance_id,
            variables,
            Some(actor.username()),
        )
        .await?)
}

/// Broadcasts signal `name` as `user`.
pub async fn signal(
    store: &SqlStore,
    actor: &Actor,
    name: &str,
    variables: Variables,
) -> Result<SignalDelivery, ServiceError> {
    may_send_events(actor)?;
    Ok(store
        .signal(name, variables, Some(actor.username()))
        .await?)
}
