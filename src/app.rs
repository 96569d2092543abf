//! The HTML shell, the app root and its routes.

use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Link, MetaTags, Title};
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Outlet, Route, Router, Routes};
use leptos_router::{path, MatchNestedRoutes, NestedRoute, StaticSegment};

use crate::components::app_frame::{AppFrame, Guarded};
use crate::i18n::{common, initial_locale, use_locale};
use crate::page_user::provide_page_user;
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
use crate::screens::{ScreenId, SCREENS};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `lang` comes from <Html> in <App/>, in the page's language.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <AutoReload options=options.clone() />
                // The stylesheet's name carries its content hash in release builds, which only
                // the server knows: so it is linked here, not from <App/>.
                <HashedStylesheet options=options.clone() id="leptos" />
                // The JS-widget host (src/kit/js_widget.rs), before the bundle that calls it.
                <script src="/js-widgets.js" defer></script>
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// One route per entry of [`SCREENS`]: the table gives the path and who may open it; this
/// match gives each screen its page.
fn screen_routes() -> StaticVec<AnyNestedRoute> {
    SCREENS
        .iter()
        .map(|screen| {
            let page = match screen.id {
                ScreenId::Home => || HomePage().into_any(),
                ScreenId::ApiDocs => || ApiDocsPage().into_any(),
                ScreenId::Users => || UsersPage().into_any(),
                ScreenId::Depts => || DeptsPage().into_any(),
                ScreenId::Groups => || GroupsPage().into_any(),
                ScreenId::Apps => || AppsPage().into_any(),
                ScreenId::Services => || ServicesPage().into_any(),
                ScreenId::Categories => || CategoriesPage().into_any(),
                ScreenId::Synthesis => || SynthesisPage().into_any(),
            } as fn() -> AnyView;
            let access = screen.access;
            let view = move || view! { <Guarded access page /> };
            match *screen.segments {
                [] => view! { <Route path=() view/> }
                    .into_inner()
                    .into_any_nested_route(),
                [a] => view! { <Route path=(StaticSegment(a),) view/> }
                    .into_inner()
                    .into_any_nested_route(),
                [a, b] => view! { <Route path=(StaticSegment(a), StaticSegment(b)) view/> }
                    .into_inner()
                    .into_any_nested_route(),
                _ => unreachable!("screen paths have at most two segments"),
            }
        })
        .collect::<Vec<_>>()
        .into()
}

/// The screens inside the frame.
#[component(transparent)]
fn FramedScreens() -> impl MatchNestedRoutes + Clone {
    NestedRoute::new(path!(""), || view! { <AppFrame><Outlet /></AppFrame> }).child(screen_routes())
}

/// The application: language, page metadata and routes.
#[component]
pub fn App() -> impl IntoView {
    // First: its place among the values serialized into the page must not move.
    provide_page_user();
    provide_meta_context();
    let locale = RwSignal::new(initial_locale());
    provide_context(locale);
    let t = use_locale();

    view! {
        <Html {..} lang=move || locale.get().tag() />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=move |page: String| {
            let app = common::APP_NAME.of(t.get());
            if page.is_empty() { app.to_owned() } else { format!("{page} · {app}") }
        } />
        <Router>
            <Routes fallback=|| view! { <AppFrame><NotFound /></AppFrame> }>
                <Route path=path!("/login") view=LoginPage />
                <FramedScreens />
            </Routes>
        </Router>
    }
}
