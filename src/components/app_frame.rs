//! The frame around every signed-in page: top bar, navigation, content.
//!
//! Navigation lists only areas that exist; an area appears here when its pages do.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::account::CurrentUser;
use crate::components::language_switch::LanguageSwitch;
use crate::components::user_menu::UserMenu;
use crate::error::UiError;
use crate::i18n::{use_texts, Texts};
use crate::server_fns::auth::who_am_i;

/// The 系统管理 screens: path, icon, label. Shown to administrators only.
/// A navigation entry: path, icon, label.
type NavEntry = (&'static str, &'static str, fn(&Texts) -> &'static str);

const SYSTEM_NAV: [NavEntry; 7] = [
    ("/system/users", "◎", |t| t.nav_users),
    ("/system/depts", "▦", |t| t.nav_depts),
    ("/system/groups", "◉", |t| t.nav_groups),
    ("/system/apps", "▣", |t| t.nav_apps),
    ("/system/services", "⚙", |t| t.nav_services),
    ("/system/categories", "▤", |t| t.nav_categories),
    ("/system/synthesis-tree", "▧", |t| t.nav_synthesis),
];

/// The signed-in user, loaded once per frame and shared with the pages inside it.
pub type UserResource = Resource<Result<CurrentUser, UiError>>;

/// The user of this frame; pages inside [`AppFrame`] can rely on it.
pub fn use_current_user() -> UserResource {
    expect_context::<UserResource>()
}

/// Top bar, side navigation (a drawer on narrow screens) and the page.
#[component]
pub fn AppFrame(children: Children) -> impl IntoView {
    let t = use_texts();
    let user: UserResource = Resource::new(|| (), |_| who_am_i());
    provide_context(user);
    let nav_open = RwSignal::new(false);
    let menu_open = RwSignal::new(false);
    let location = use_location();
    // A navigation closes the drawer and the menu, as a native app would.
    Effect::new(move |_| {
        location.pathname.track();
        nav_open.set(false);
        menu_open.set(false);
    });
    let is_admin = move || user.get().and_then(|r| r.ok()).is_some_and(|u| u.is_admin);

    view! {
        <a class="skip-link" href="#main">{move || t.get().skip_to_content}</a>
        <div class="frame" class:nav-open=move || nav_open.get()>
            <header class="topbar">
                <button
                    type="button"
                    class="icon-button nav-toggle"
                    aria-controls="sidebar"
                    aria-expanded=move || nav_open.get().to_string()
                    aria-label=move || t.get().menu
                    on:click=move |_| nav_open.update(|o| *o = !*o)
                >
                    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                        <path d="M3 6h18M3 12h18M3 18h18" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                    </svg>
                </button>
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"工"</span>
                    <span class="brand-name">{move || t.get().app_name}</span>
                </a>
                <div class="topbar-actions">
                    <LanguageSwitch />
                    <Transition fallback=|| view! { <span class="user-placeholder"></span> }>
                        {move || {
                            user.get()
                                .map(|result| match result {
                                    Ok(u) => view! { <UserMenu user=u open=menu_open /> }.into_any(),
                                    Err(_) => {
                                        view! {
                                            <a class="button" href="/login" rel="external">
                                                {move || t.get().login_button}
                                            </a>
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </Transition>
                </div>
            </header>
            <nav id="sidebar" class="sidebar" aria-label=move || t.get().nav_main>
                <ul class="nav-list">
                    <li>
                        <A href="/" exact=true>
                            <span class="nav-icon" aria-hidden="true">"⌂"</span>
                            <span>{move || t.get().nav_home}</span>
                        </A>
                    </li>
                    // For every signed-in user: integrators read it without admin rights.
                    <li>
                        <A href="/api-docs">
                            <span class="nav-icon" aria-hidden="true">"⇄"</span>
                            <span>{move || t.get().nav_api_docs}</span>
                        </A>
                    </li>
                </ul>
                <Transition fallback=|| ()>
                    <Show when=is_admin>
                        <div class="nav-group">
                            <p class="nav-group-title">{move || t.get().nav_system}</p>
                            <ul class="nav-list">
                                {SYSTEM_NAV
                                    .iter()
                                    .map(|&(href, icon, label)| {
                                        view! {
                                            <li>
                                                <A href=href>
                                                    <span class="nav-icon" aria-hidden="true">{icon}</span>
                                                    <span>{move || label(t.get())}</span>
                                                </A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    </Show>
                </Transition>
            </nav>
            <div class="scrim" aria-hidden="true" on:click=move |_| nav_open.set(false)></div>
            <main id="main" class="content" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}
