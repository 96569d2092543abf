//! The signed-in user's menu in the top bar: who is signed in, and the way out.

use icondata_lu::LuChevronDown;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::account::CurrentUser;
use crate::i18n::{frame, use_locale};
use crate::kit::icon::Icon;
use crate::server_fns::auth::Logout;

/// A disclosure button with the account summary and the logout action.
#[component]
pub fn UserMenu(user: CurrentUser, open: RwSignal<bool>) -> impl IntoView {
    let t = use_locale();
    let initial = user.nick_name.chars().next().unwrap_or('?').to_string();
    let nick = user.nick_name.clone();
    let is_admin = user.is_admin;
    view! {
        <div
            class="user-menu"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="user-button"
                aria-haspopup="true"
                aria-controls="user-menu-panel"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{}: {}", frame::USER_MENU.of(t.get()), nick)
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="avatar" aria-hidden="true">{initial}</span>
                <span class="user-name">{user.nick_name.clone()}</span>
                <span class="caret"><Icon icon=LuChevronDown /></span>
            </button>
            <div id="user-menu-panel" class="menu-panel" hidden=move || !open.get()>
                <div class="menu-header">
                    <strong>{user.nick_name.clone()}</strong>
                    <span class="muted">
                        <span>{user.username.clone()}</span>
                        <span aria-hidden="true">" · "</span>
                        <span>{move || if is_admin { frame::ROLE_ADMIN.of(t.get()) } else { frame::ROLE_USER.of(t.get()) }}</span>
                    </span>
                </div>
                // A plain form post: signing out loads the sign-in page afresh anyway, so there
                // is nothing for a server action to do in the browser (and its decoding code
                // stays out of the first bundle).
                <form method="post" action=Logout::PATH>
                    <button type="submit" class="menu-item">{move || frame::LOGOUT.of(t.get())}</button>
                </form>
            </div>
        </div>
    }
}
