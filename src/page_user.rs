//! Who the page is for, known the moment it renders.
//!
//! The sign-in gate looks the user up before the page renders and puts them on the request;
//! the server reads them from there, and the browser gets the same value with the page (a
//! [`SharedValue`] serialized into the HTML), so the frame, the navigation and each screen's
//! access check render synchronously and identically on both sides. An asynchronous lookup
//! here (a resource calling a server function) made the whole frame wait on a suspense boundary, and
//! hydration of a frame whose outlet sat inside one broke.
//!
//! The user cannot change while the app runs: signing in and out are full page loads (see
//! `hydrate` in `lib.rs`), which render the app afresh with the new user.

use leptos::prelude::*;

use crate::account::CurrentUser;

/// The page's user; `None` on the public pages (sign-in, API reference) for strangers.
#[derive(Debug, Clone, Copy)]
pub struct PageUser(StoredValue<Option<CurrentUser>>);

impl PageUser {
    /// The signed-in user, if any.
    pub fn get(self) -> Option<CurrentUser> {
        self.0.get_value()
    }
}

/// Provides the page's user to the app; called once, first thing in the app root, so its
/// place in the serialized page is the same on the server and in the browser.
pub fn provide_page_user() {
    let user = SharedValue::new(request_user).into_inner();
    provide_context(PageUser(StoredValue::new(user)));
}

/// The page's user.
pub fn use_page_user() -> Option<CurrentUser> {
    use_context::<PageUser>().and_then(PageUser::get)
}

/// On the server: the user the sign-in gate found for this request.
#[cfg(feature = "ssr")]
fn request_user() -> Option<CurrentUser> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
}

/// In the browser the value always comes from the page; this runs only if it is missing.
#[cfg(not(feature = "ssr"))]
fn request_user() -> Option<CurrentUser> {
    None
}
