//! The frame around every signed-in page: top bar, navigation, content.
//!
//! Navigation lists only areas that exist; an area appears here when its pages do.

use icondata_lu::LuMenu;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use leptos_router::ChooseView;

use crate::account::CurrentUser;
use crate::components::language_switch::LanguageSwitch;
use crate::components::user_menu::UserMenu;
use crate::i18n::{common, frame, login, use_locale};
use crate::kit::icon::Icon;
use crate::page_user::use_page_user;
use crate::pages::forbidden::Forbidden;
use crate::screens::{nav_entries, Access, NavGroup};

/// Top bar, side navigation (a drawer on narrow screens) and the page.
#[component]
pub fn AppFrame(children: Children) -> impl IntoView {
    let t = use_locale();
    let user = use_page_user();
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
        <a class="skip-link" href="#main">{move || frame::SKIP_TO_CONTENT.of(t.get())}</a>
        <div class="frame" class:nav-open=move || nav_open.get()>
            <header class="topbar">
                <button
                    type="button"
                    class="icon-button nav-toggle"
                    aria-controls="sidebar"
                    aria-expanded=move || nav_open.get().to_string()
                    aria-label=move || frame::MENU.of(t.get())
                    on:click=move |_| nav_open.update(|o| *o = !*o)
                >
                    <Icon icon=LuMenu size=22 />
                </button>
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"工"</span>
                    <span class="brand-name">{move || common::APP_NAME.of(t.get())}</span>
                </a>
                <div class="topbar-actions">
                    <LanguageSwitch />
                    {match user.clone() {
                        Some(u) => view! { <UserMenu user=u open=menu_open /> }.into_any(),
                        None => {
                            view! {
                                <a class="button" href="/login" rel="external">
                                    {move || login::LOGIN_BUTTON.of(t.get())}
                                </a>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </header>
            <nav id="sidebar" class="sidebar" aria-label=move || frame::NAV_MAIN.of(t.get())>
                {user
                    .map(|me| {
                        NavGroup::ALL
                            .iter()
                            .map(|&group| view! { <NavSection group me=me.clone() /> })
                            .collect_view()
                    })}
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
    let t = use_locale();
    let entries = nav_entries(group, &me);
    (!entries.is_empty()).then(|| {
        let items = entries
            .into_iter()
            .map(|(screen, entry)| {
                view! {
                    <li>
                        <A href=screen.path() exact=screen.segments.is_empty()>
                            <span class="nav-icon"><Icon icon=entry.icon /></span>
                            <span>{move || entry.label.of(t.get())}</span>
                        </A>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="nav-group">
                {move || {
                    group
                        .title()
                        .map(|title| view! { <p class="nav-group-title">{title.of(t.get())}</p> })
                }}
                <ul class="nav-list">{items}</ul>
            </div>
        }
    })
}

/// A screen's route view behind the screens table's access rule: the page, or, when the
/// page's user may not open the screen, a 403 in the frame with nothing of the page.
///
/// The check runs before the router loads anything of the screen: for a screen whose code is
/// split out of the first bundle (`pages::lazy_routes`), a refused user's browser never
/// fetches that code, neither on navigation nor when hovering a link (`preload`).
#[derive(Clone)]
pub struct Guarded<V> {
    /// Who may open the screen.
    pub access: Access,
    /// The screen's view: a page function, or a [`leptos_router::Lazy`] route.
    pub view: V,
}

impl<V> Guarded<V> {
    fn admitted(&self) -> bool {
        self.access.admits(use_page_user().as_ref())
    }
}

impl<V: ChooseView> ChooseView for Guarded<V> {
    async fn choose(self) -> AnyView {
        if self.admitted() {
            self.view.choose().await
        } else {
            view! { <Forbidden /> }.into_any()
        }
    }

    async fn preload(&self) {
        if self.admitted() {
            self.view.preload().await;
        }
    }
}
