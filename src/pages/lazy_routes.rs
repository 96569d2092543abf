//! The screens whose code the browser loads only when one is first opened: each is a route
//! of its own in the bundle (`cargo leptos build --split`), so the first load of the sign-in
//! page and the home page does not grow with every screen added. Even the sign-in page and
//! 工作台 are routes of their own: the first bundle holds the app's frame, the router and
//! the kit, and each page's code comes with the first visit to it.
//!
//! The access check ([`crate::components::app_frame::Guarded`]) runs before a route's code
//! is fetched: a refused user never loads it.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use crate::pages::api_docs::ApiDocsPage;
use crate::pages::design::form_designer::FormDesignerPage;
use crate::pages::design::forms::FormsPage;
use crate::pages::home::HomePage;
use crate::pages::login::LoginPage;
use crate::pages::system::apps::AppsPage;
use crate::pages::system::categories::CategoriesPage;
use crate::pages::system::depts::DeptsPage;
use crate::pages::system::groups::GroupsPage;
use crate::pages::system::services::ServicesPage;
use crate::pages::system::synthesis::SynthesisPage;
use crate::pages::system::users::UsersPage;
use crate::pages::workorders::start::StartPage;

/// A route whose page is `$page`, loaded on demand; it loads no data of its own (the page's
/// resources start when it renders).
macro_rules! lazy_screen {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_screen!(
    /// 登录 (outside the frame).
    LoginRoute => LoginPage
);
lazy_screen!(
    /// 工作台.
    HomeRoute => HomePage
);
lazy_screen!(
    /// 接口文档: Swagger UI behind the JS-widget host.
    ApiDocsRoute => ApiDocsPage
);
lazy_screen!(
    /// 发起工单: the start page and the form renderer (with `woc-forms`, checked in the
    /// browser), loaded only by those who start a work order.
    StartRoute => StartPage
);
lazy_screen!(
    /// 表单定义: the list of forms.
    FormsRoute => FormsPage
);
lazy_screen!(
    /// 表单设计器: palette, canvas, properties, preview; with `woc-forms` for the checks and
    /// the preview's renderer, loaded only by those who design forms.
    FormDesignerRoute => FormDesignerPage
);
lazy_screen!(
    /// 用户管理.
    UsersRoute => UsersPage
);
lazy_screen!(
    /// 部门管理.
    DeptsRoute => DeptsPage
);
lazy_screen!(
    /// 用户组.
    GroupsRoute => GroupsPage
);
lazy_screen!(
    /// 应用管理.
    AppsRoute => AppsPage
);
lazy_screen!(
    /// 服务管理.
    ServicesRoute => ServicesPage
);
lazy_screen!(
    /// 工单分类.
    CategoriesRoute => CategoriesPage
);
lazy_screen!(
    /// 综合分类.
    SynthesisRoute => SynthesisPage
);
