//! The frame around every signed-in page: top bar, navigation, content.
//!
//! Navigation lists only areas that exist; an area appears here when its pages do.

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_location;

use crate::account::CurrentUser;
use crate::components::language_switch::LanguageSwitch;
use crate::components::user_menu::UserMenu;
use crate::error::UiError;
use crate::i18n::use_texts;
use crate::pages::forbidden::Forbidden;
use crate::screens::{nav_entries, screen_at, Access, NavGroup};
use crate::server_fns::auth::who_am_i;

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
                <Transition fallback=|| ()>
                    {move || {
                        user.get()
                            .and_then(Result::ok)
                            .map(|me| {
                                NavGroup::ALL
                                    .iter()
                                    .map(|&group| view! { <NavSection group me=me.clone() /> })
                                    .collect_view()
                            })
                    }}
                </Transition>
            </nav>
            <div class="scrim" aria-hidden="true" on:click=move |_| nav_open.set(false)></div>
            <main id="main" class="content" tabindex="-1">
                {children()}
            </main>
        </div>
    }
}

/// One section of the side navigation: the screens of `group` that `me` may open.
#[component]
fn NavSection(group: NavGroup, me: CurrentUser) -> impl IntoView {
    let t = use_texts();
    let entries = nav_entries(group, &me);
    (!entries.is_empty()).then(|| {
        let items = entries
            .into_iter()
            .map(|(screen, entry)| {
                view! {
                    <li>
                        <A href=screen.path() exact=screen.segments.is_empty()>
                            <span class="nav-icon" aria-hidden="true">{entry.icon}</span>
                            <span>{move || (entry.label)(t.get())}</span>
                        </A>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="nav-group">
                {move || {
                    group
                        .title(t.get())
                        .map(|title| view! { <p class="nav-group-title">{title}</p> })
                }}
                <ul class="nav-list">{items}</ul>
            </div>
        }
    })
}

/// The page of the current route, or, when the screens table says the user may not open it,
/// a 403 in the frame with nothing of the page (its code is not even loaded).
#[component]
pub fn GuardedOutlet() -> impl IntoView {
    let user = use_current_user();
    let location = use_location();
    // Changes only when the route crosses into another access level, so moving between
    // screens the user may open keeps the outlet as it is.
    let access = Memo::new(move |_| screen_at(&location.pathname.get()).map(|s| s.access));
    view! {
        <Transition fallback=|| ()>
            {move || {
                let access = access.get();
                user.get()
                    .map(|me| {
                        let allowed = match (access, me) {
                            (None | Some(Access::Public), _) => true,
                            (Some(access), Ok(me)) => access.allows(&me),
                            (Some(_), Err(_)) => false,
                        };
                        if allowed { view! { <Outlet /> }.into_any() } else { view! { <Forbidden /> }.into_any() }
                    })
            }}
        </Transition>
    }
}
