//! 工作台: the landing page after signing in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{common, frame, home, login, system, use_locale};
use crate::kit::error_notice::ErrorNotice;
use crate::page_user::use_page_user;
use crate::server_fns::system::system_status;

/// The signed-in account and the state of this installation.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_locale();
    let user = use_page_user();
    let info = Resource::new(|| (), |_| system_status());

    view! {
        <Title text=move || home::HOME_TITLE.of(t.get()) />
        <div class="page-header">
            <h1>
                <span>{move || home::HOME_WELCOME.of(t.get())}</span>
                <span>{user.as_ref().map(|u| u.nick_name.clone())}</span>
            </h1>
        </div>
        <div class="card-grid">
            <section class="card" aria-labelledby="home-account">
                <h2 id="home-account">{move || home::HOME_ACCOUNT.of(t.get())}</h2>
                {user
                    .map(|u| {
                        view! {
                            <dl class="facts">
                                <dt>{move || login::USERNAME.of(t.get())}</dt>
                                <dd>{u.username.clone()}</dd>
                                <dt>{move || system::COL_NICK_NAME.of(t.get())}</dt>
                                <dd>{u.nick_name.clone()}</dd>
                                <dt>{move || system::COL_ROLE.of(t.get())}</dt>
                                <dd>
                                    {move || if u.is_admin { frame::ROLE_ADMIN.of(t.get()) } else { frame::ROLE_USER.of(t.get()) }}
                                </dd>
                            </dl>
                        }
                    })}
            </section>
            <section class="card" aria-labelledby="home-system">
                <h2 id="home-system">{move || home::HOME_SYSTEM.of(t.get())}</h2>
                <Transition fallback=move || view! { <p class="muted">{move || common::LOADING.of(t.get())}</p> }>
                    {move || {
                        info.get()
                            .map(|r| match r {
                                Ok(i) => {
                                    view! {
                                        <dl class="facts">
                                            <dt>{move || home::HOME_VERSION.of(t.get())}</dt>
                                            <dd>{i.version.clone()}</dd>
                                            <dt>{move || home::HOME_DATABASE.of(t.get())}</dt>
                                            <dd>{i.database.clone()}</dd>
                                            <dt>{move || home::HOME_USERS_COUNT.of(t.get())}</dt>
                                            <dd>{i.users}</dd>
                                            <dt>{move || home::HOME_STARTED.of(t.get())}</dt>
                                            <dd>{i.started.clone()}</dd>
                                        </dl>
                                    }
                                        .into_any()
                                }
                                Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                            })
                    }}
                </Transition>
            </section>
        </div>
    }
}
