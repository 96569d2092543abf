//! 用户管理: every account, paged.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::account::{Page, UserRow};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::use_texts;
use crate::server_fns::system::{list_users, USERS_PAGE_SIZE};

/// The user table with paging through `?page=N`.
#[component]
pub fn UsersPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    });
    let users = Resource::new(move || page.get(), list_users);

    view! {
        <Title text=move || t.get().users_title />
        <div class="page-header">
            <h1>{move || t.get().users_title}</h1>
            <p class="muted">{move || t.get().users_intro}</p>
        </div>
        <section class="card">
            <Transition fallback=move || view! { <p class="muted">{move || t.get().loading}</p> }>
                {move || {
                    users.get()
                        .map(|r| match r {
                            Ok(p) => view! { <UserTable data=p page=page.get_untracked() /> }.into_any(),
                            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn UserTable(data: Page<UserRow>, page: u32) -> impl IntoView {
    let t = use_texts();
    let total = data.total;
    let pages =
        u32::try_from((total + i64::from(USERS_PAGE_SIZE) - 1) / i64::from(USERS_PAGE_SIZE))
            .unwrap_or(1)
            .max(1);
    let empty = data.rows.is_empty();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t.get().col_username}</th>
                        <th scope="col">{move || t.get().col_nick_name}</th>
                        <th scope="col">{move || t.get().col_role}</th>
                        <th scope="col">{move || t.get().col_status}</th>
                        <th scope="col">{move || t.get().col_created}</th>
                    </tr>
                </thead>
                <tbody>
                    {data
                        .rows
                        .into_iter()
                        .map(|u| {
                            let is_admin = u.is_admin;
                            let enabled = u.enabled;
                            view! {
                                <tr>
                                    <td>{u.username}</td>
                                    <td>{u.nick_name}</td>
                                    <td>{move || if is_admin { t.get().role_admin } else { t.get().role_user }}</td>
                                    <td>
                                        <span class="badge" class:badge-off=!enabled>
                                            {move || if enabled { t.get().status_enabled } else { t.get().status_disabled }}
                                        </span>
                                    </td>
                                    <td class="nowrap">{u.created}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <Show when=move || empty>
            <p class="muted empty-row">{move || t.get().empty_list}</p>
        </Show>
        <nav class="pager" aria-label=move || t.get().pagination>
            <span class="muted">
                {move || (t.get().pager)(total, page, pages)}
            </span>
            <Show when=move || { page > 1 }>
                <A href=format!("/system/users?page={}", page - 1)>{move || t.get().prev_page}</A>
            </Show>
            <Show when=move || { page < pages }>
                <A href=format!("/system/users?page={}", page + 1)>{move || t.get().next_page}</A>
            </Show>
        </nav>
    }
}
