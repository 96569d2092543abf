//! The HTML shell, the app root and its routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Link, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::app_frame::AppFrame;
use crate::i18n::{initial_locale, use_texts};
use crate::pages::api_docs::ApiDocsPage;
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFound;
use crate::pages::system::apps::AppsPage;
use crate::pages::system::categories::CategoriesPage;
use crate::pages::system::depts::DeptsPage;
use crate::pages::system::groups::GroupsPage;
use crate::pages::system::services::ServicesPage;
use crate::pages::system::synthesis::SynthesisPage;
use crate::pages::system::users::UsersPage;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <AutoReload options=options.clone() />
                // The stylesheet's name carries its content hash in release builds, which only
                // the server knows: so it is linked here, not from <App/>.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: language, page metadata and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = RwSignal::new(initial_locale());
    provide_context(locale);
    let t = use_texts();

    view! {
        <Html {..} lang=move || locale.get().tag() />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=move |page: String| {
            let app = t.get().app_name;
            if page.is_empty() { app.to_owned() } else { format!("{page} · {app}") }
        } />
        <Router>
            <Routes fallback=|| view! { <AppFrame><NotFound /></AppFrame> }>
                <Route path=path!("/login") view=LoginPage />
                <ParentRoute path=path!("") view=|| view! { <AppFrame><Outlet /></AppFrame> }>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("/api-docs") view=ApiDocsPage />
                    <Route path=path!("/system/users") view=UsersPage />
                    <Route path=path!("/system/depts") view=DeptsPage />
                    <Route path=path!("/system/groups") view=GroupsPage />
                    <Route path=path!("/system/apps") view=AppsPage />
                    <Route path=path!("/system/services") view=ServicesPage />
                    <Route path=path!("/system/categories") view=CategoriesPage />
                    <Route path=path!("/system/synthesis-tree") view=SynthesisPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
