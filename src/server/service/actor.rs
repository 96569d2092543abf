//! Who a service acts for: a signed-in user, or a registered client (app or service) acting
//! for a user. Administrators are users with the administrator role.

use crate::account::CurrentUser;
use crate::server::service::error::ServiceError;

/// A registered client of the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// A front-end application (`requestType: app`).
    App(String),
    /// A back-end service (`requestType: service`).
    Service(String),
}

/// The user a service acts for and, for the public API, the client acting for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    user: CurrentUser,
    client: Option<Client>,
}

impl Actor {
    /// A user acting in person (the browser).
    pub fn user(user: CurrentUser) -> Actor {
        Actor { user, client: None }
    }

    /// `client` acting for `user`.
    pub fn client(client: Client, user: CurrentUser) -> Actor {
        Actor {
            user,
            client: Some(client),
        }
    }

    /// Their username: the id BPMN assignments and history name.
    pub fn username(&self) -> &str {
        &self.user.username
    }

    /// Whether the user is an administrator.
    pub fn is_admin(&self) -> bool {
        self.user.is_admin
    }

    /// Whether a back-end service acts (rather than a user or an app in front of one).
    pub fn is_service(&self) -> bool {
        matches!(self.client, Some(Client::Service(_)))
    }

    /// `Forbidden` unless an administrator acts.
    pub fn require_admin(&self) -> Result<(), ServiceError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }
}
