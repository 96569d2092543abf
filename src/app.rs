//! The HTML shell, the app root and its routes.

use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_meta::{provide_meta_context, HashedStylesheet, Html, Link, MetaTags, Title};
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Outlet, Route, Router, Routes};
use leptos_router::{path, ChooseView, Lazy, MatchNestedRoutes, NestedRoute, StaticSegment};

use crate::components::app_frame::{AppFrame, Guarded};
use crate::i18n::{common, initial_locale, use_locale};
use crate::page_user::provide_page_user;
use crate::pages::lazy_routes::{
    ApiDocsRoute, AppsRoute, CategoriesRoute, DeptsRoute, FormDesignerRoute, FormsRoute,
    GroupsRoute, HomeRoute, LoginRoute, ServicesRoute, StartRoute, SynthesisRoute, UsersRoute,
};
use crate::pages::not_found::NotFound;
use crate::screens::{Access, ScreenId, SCREENS};

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
                // Link clicks before hydration are page loads (public/before-hydration.js).
                <script src="/before-hydration.js" defer></script>
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
/// match gives each screen its page, loaded on demand ([`crate::pages::lazy_routes`]).
/// [`Guarded`] checks access before the page's code is fetched.
fn screen_routes() -> StaticVec<AnyNestedRoute> {
    SCREENS
        .iter()
        .map(|screen| {
            let (at, access) = (screen.segments, screen.access);
            match screen.id {
                ScreenId::Home => screen_route(at, access, Lazy::<HomeRoute>::new()),
                ScreenId::ApiDocs => screen_route(at, access, Lazy::<ApiDocsRoute>::new()),
                ScreenId::Start => screen_route(at, access, Lazy::<StartRoute>::new()),
                ScreenId::Forms => screen_route(at, access, Lazy::<FormsRoute>::new()),
                ScreenId::FormDesigner => {
                    screen_route(at, access, Lazy::<FormDesignerRoute>::new())
                }
                ScreenId::Users => screen_route(at, access, Lazy::<UsersRoute>::new()),
                ScreenId::Depts => screen_route(at, access, Lazy::<DeptsRoute>::new()),
                ScreenId::Groups => screen_route(at, access, Lazy::<GroupsRoute>::new()),
                ScreenId::Apps => screen_route(at, access, Lazy::<AppsRoute>::new()),
                ScreenId::Services => screen_route(at, access, Lazy::<ServicesRoute>::new()),
                ScreenId::Categories => screen_route(at, access, Lazy::<CategoriesRoute>::new()),
                ScreenId::Synthesis => screen_route(at, access, Lazy::<SynthesisRoute>::new()),
            }
        })
        .collect::<Vec<_>>()
        .into()
}

/// The route at `segments` (at most two: every screen path is) showing `view` to whoever
/// `access` admits.
fn screen_route<V>(segments: &'static [&'static str], access: Access, view: V) -> AnyNestedRoute
where
    V: ChooseView + Sync,
{
    let view = Guarded { access, view };
    match *segments {
        [] => NestedRoute::new((), view).into_any_nested_route(),
        [a] => NestedRoute::new((StaticSegment(a),), view).into_any_nested_route(),
        [a, b] => {
            NestedRoute::new((StaticSegment(a), StaticSegment(b)), view).into_any_nested_route()
        }
        _ => unreachable!("screen paths have at most two segments"),
    }
}

/// The screens inside the frame (type-erased: components are erased in every build, see
/// `always-erase-components` in Cargo.toml).
#[component(transparent)]
fn FramedScreens() -> impl MatchNestedRoutes + Clone {
    NestedRoute::new(path!(""), || view! { <AppFrame><Outlet /></AppFrame> })
        .child(screen_routes())
        .into_any_nested_route()
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
    let login = Lazy::<LoginRoute>::new();

    view! {
        <Html {..} lang=move || locale.get().tag() />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=move |page: String| {
            let app = common::APP_NAME.of(t.get());
            if page.is_empty() { app.to_owned() } else { format!("{page} · {app}") }
        } />
        <Router>
            <Routes fallback=|| view! { <AppFrame><NotFound /></AppFrame> }>
                <Route path=path!("/login") view=login />
                <FramedScreens />
            </Routes>
        </Router>
    }
}
