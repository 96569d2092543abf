//! 工作台: the landing page after signing in.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::error_notice::ErrorNotice;
use crate::i18n::use_texts;
use crate::page_user::use_page_user;
use crate::server_fns::system::system_status;

/// The signed-in account and the state of this installation.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let user = use_page_user();
    let info = Resource::new(|| (), |_| system_status());

    view! {
        <Title text=move || t.get().home_title />
        <div class="page-header">
            <h1>
                <span>{move || t.get().home_welcome}</span>
                <span>{user.as_ref().map(|u| u.nick_name.clone())}</span>
            </h1>
        </div>
        <div class="card-grid">
            <section class="card" aria-labelledby="home-account">
                <h2 id="home-account">{move || t.get().home_account}</h2>
                {user
                    .map(|u| {
                        view! {
                            <dl class="facts">
                                <dt>{move || t.get().username}</dt>
                                <dd>{u.username.clone()}</dd>
                                <dt>{move || t.get().col_nick_name}</dt>
                                <dd>{u.nick_name.clone()}</dd>
                                <dt>{move || t.get().col_role}</dt>
                                <dd>
                                    {move || if u.is_admin { t.get().role_admin } else { t.get().role_user }}
                                </dd>
                            </dl>
                        }
                    })}
            </section>
            <section class="card" aria-labelledby="home-system">
                <h2 id="home-system">{move || t.get().home_system}</h2>
                <Transition fallback=move || view! { <p class="muted">{move || t.get().loading}</p> }>
                    {move || {
                        info.get()
                            .map(|r| match r {
                                Ok(i) => {
                                    view! {
                                        <dl class="facts">
                                            <dt>{move || t.get().home_version}</dt>
                                            <dd>{i.version.clone()}</dd>
                                            <dt>{move || t.get().home_database}</dt>
                                            <dd>{i.database.clone()}</dd>
                                            <dt>{move || t.get().home_users_count}</dt>
                                            <dd>{i.users}</dd>
                                            <dt>{move || t.get().home_started}</dt>
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
