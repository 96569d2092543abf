//! Messages and signals from integrators: a message goes to the instance waiting for it or
//! starts a process at its message start event; a signal is broadcast to every waiting
//! instance and starts every process with a matching signal start event.
//!
//! Both move instances the caller did not start (a signal, all of them), so only back-end
//! services and administrators may send them; an app acting for an ordinary user may not.

use woc_engine::{SignalDelivery, Variables};
use woc_store::{MessageDelivery, SqlStore};

use crate::account::CurrentUser;
use crate::server::api::caller::{Caller, Client};
use crate::server::api::error::ApiError;

/// Refuses callers that may not send events.
fn may_send_events(caller: &Caller, user: &CurrentUser) -> Result<(), ApiError> {
    match caller.client {
        Client::Service(_) => Ok(()),
        Client::App(_) if user.is_admin => Ok(()),
        Client::App(_) => Err(ApiError::Forbidden),
    }
}

/// Delivers message `name` as `user`; `NotFound` when no instance waits for it and no process
/// starts with it.
pub async fn message(
    store: &SqlStore,
    caller: &Caller,
    user: &CurrentUser,
    name: &str,
    business_key: Option<&str>,
    instance_id: Option<&str>,
    variables: Variables,
) -> Result<MessageDelivery, ApiError> {
    may_send_events(caller, user)?;
    Ok(store
        .deliver_message(
            name,
            business_key,
            instance_id,
            variables,
            Some(&user.username),
        )
        .await?)
}

/// Broadcasts signal `name` as `user`.
pub async fn signal(
    store: &SqlStore,
    caller: &Caller,
    user: &CurrentUser,
    name: &str,
    variables: Variables,
) -> Result<SignalDelivery, ApiError> {
    may_send_events(caller, user)?;
    Ok(store.signal(name, variables, Some(&user.username)).await?)
}
