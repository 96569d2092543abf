//! The one table of screens: each screen's path, who may open it, and its entry in the side
//! navigation. The router (`app.rs`), the navigation (`components/app_frame.rs`) and the
//! frame's access check are all built from [`SCREENS`], so a screen cannot be reachable by a
//! link it may not open, or listed for people it refuses.

use icondata_lu::{
    LuAppWindow, LuBookOpen, LuClipboardList, LuFilePlus, LuFolderTree, LuHouse, LuNetwork,
    LuServer, LuTags, LuUserCog, LuUsers,
};

use crate::account::CurrentUser;
use crate::i18n::{design, frame, workorders, Text};
use crate::kit::icon::IconData;

/// Who may open a screen (inside the frame; the sign-in page is outside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (the sign-in gate lets strangers through to these).
    Public,
    /// Every signed-in user.
    SignedIn,
    /// Administrators only.
    Admin,
}

impl Access {
    /// Whether `user` may open a screen needing this access.
    pub fn allows(self, user: &CurrentUser) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::Admin => user.is_admin,
        }
    }

    /// Whether the page's user (`None` for a stranger) may open a screen needing this access.
    pub fn admits(self, user: Option<&CurrentUser>) -> bool {
        match (self, user) {
            (Access::Public, _) => true,
            (_, None) => false,
            (access, Some(user)) => access.allows(user),
        }
    }
}

/// The navigation section a screen is listed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavGroup {
    /// The top of the navigation, no heading.
    Main,
    /// 工单大厅.
    Hall,
    /// 工单设计.
    Design,
    /// 系统管理.
    System,
}

impl NavGroup {
    /// Sections in the order they are shown.
    pub const ALL: [NavGroup; 4] = [
        NavGroup::Main,
        NavGroup::Hall,
        NavGroup::Design,
        NavGroup::System,
    ];

    /// The section's heading, when it has one.
    pub fn title(self) -> Option<Text> {
        match self {
            NavGroup::Main => None,
            NavGroup::Hall => Some(workorders::NAV_HALL),
            NavGroup::Design => Some(design::NAV_DESIGN),
            NavGroup::System => Some(frame::NAV_SYSTEM),
        }
    }
}

/// A screen's entry in the side navigation.
#[derive(Debug, Clone, Copy)]
pub struct NavEntry {
    /// Section.
    pub group: NavGroup,
    /// The icon shown before the label.
    pub icon: IconData,
    /// The label, in the current language.
    pub label: Text,
}

/// Which screen (the router maps each to its page component).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenId {
    /// 工作台.
    Home,
    /// 接口文档.
    ApiDocs,
    /// 发起工单.
    Start,
    /// 表单定义: the forms.
    Forms,
    /// 表单设计器: one form in the designer (reached from 表单定义).
    FormDesigner,
    /// 用户管理.
    Users,
    /// 部门管理.
    Depts,
    /// 用户组.
    Groups,
    /// 应用管理.
    Apps,
    /// 服务管理.
    Services,
    /// 工单分类.
    Categories,
    /// 综合分类.
    Synthesis,
}

/// One screen inside the frame.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    /// Which screen.
    pub id: ScreenId,
    /// Its path segments (`["system", "users"]` is `/system/users`; none is `/`).
    pub segments: &'static [&'static str],
    /// Who may open it.
    pub access: Access,
    /// Its navigation entry; `None` for screens reached from other screens only.
    pub nav: Option<NavEntry>,
}

impl Screen {
    /// The screen's path, as links use it.
    pub fn path(&self) -> String {
        if self.segments.is_empty() {
            "/".to_owned()
        } else {
            self.segments.iter().map(|s| format!("/{s}")).collect()
        }
    }

    /// Whether `path` (without query) is this screen's.
    pub fn matches(&self, path: &str) -> bool {
        let trimmed = path.trim_end_matches('/');
        let mut parts = trimmed.split('/').skip(1);
        self.segments.iter().all(|s| parts.next() == Some(s)) && parts.next().is_none()
    }
}

const fn nav(group: NavGroup, icon: IconData, label: Text) -> Option<NavEntry> {
    Some(NavEntry { group, icon, label })
}

/// Every screen inside the frame, in navigation order.
pub const SCREENS: [Screen; 12] = [
    Screen {
        id: ScreenId::Home,
        segments: &[],
        access: Access::SignedIn,
        nav: nav(NavGroup::Main, LuHouse, frame::NAV_HOME),
    },
    // Public: integrators with app credentials but no account read it (the sign-in gate lets
    // strangers through to it too).
    Screen {
        id: ScreenId::ApiDocs,
        segments: &["api-docs"],
        access: Access::Public,
        nav: nav(NavGroup::Main, LuBookOpen, frame::NAV_API_DOCS),
    },
    Screen {
        id: ScreenId::Start,
        segments: &["workorders", "start"],
        access: Access::SignedIn,
        nav: nav(NavGroup::Hall, LuFilePlus, workorders::NAV_START),
    },
    Screen {
        id: ScreenId::Forms,
        segments: &["design", "forms"],
        access: Access::Admin,
        nav: nav(NavGroup::Design, LuClipboardList, design::NAV_FORMS),
    },
    Screen {
        id: ScreenId::FormDesigner,
        segments: &["design", "form-designer"],
        access: Access::Admin,
        nav: None,
    },
    Screen {
        id: ScreenId::Users,
        segments: &["system", "users"],
        access: Access::Admin,
        nav: nav(NavGroup::System, LuUsers, frame::NAV_USERS),
    },
    Screen {
        id: ScreenId::Depts,
        segments: &["system", "depts"],
        access: Access::Admin,
        nav: nav(NavGroup::System, LuNetwork, frame::NAV_DEPTS),
    },
    Screen {
        id: ScreenId::Groups,
        segments: &["system", "groups"],
        access: Access::Admin,
        nav: nav(NavGroup::System, LuUserCog, frame::NAV_GROUPS),
    },
    Screen {
        id: ScreenId::Apps,
        segments: &["system", "apps"],
        access: Access::Admin,
        nav: nav(NavGroup::System, LuAppWindow, frame::NAV_APPS),
    },
    Screen {
        id: ScreenId::Services,
        segments: &["system", "services"],
        access: Access::Admin,
        nav: nav(NavGroup::System, LuServer, frame::NAV_SERVICES),
    },
    Screen {
        id: ScreenId::Categories,
        segments: &["system", "categories"],
        access: Access::Admin,
        nav: nav(NavGroup::System, LuTags, frame::NAV_CATEGORIES),
    },
    // 综合分类 lives at /system/synthesis-tree: the REST API owns /system/synthesis.
    Screen {
        id: ScreenId::Synthesis,
        segments: &["system", "synthesis-tree"],
        access: Access::Admin,
        nav: nav(NavGroup::System, LuFolderTree, frame::NAV_SYNTHESIS),
    },
];

/// The screen at `path`, if any.
pub fn screen_at(path: &str) -> Option<&'static Screen> {
    SCREENS.iter().find(|s| s.matches(path))
}

/// The navigation entries of `group` that `user` may open.
pub fn nav_entries(group: NavGroup, user: &CurrentUser) -> Vec<(&'static Screen, NavEntry)> {
    SCREENS
        .iter()
        .filter(|s| s.access.allows(user))
        .filter_map(|s| s.nav.filter(|n| n.group == group).map(|n| (s, n)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(is_admin: bool) -> CurrentUser {
        CurrentUser {
            username: "u".into(),
            nick_name: "u".into(),
            is_admin,
        }
    }

    #[test]
    fn paths_are_matched_whole() {
        assert_eq!(screen_at("/").map(|s| s.id), Some(ScreenId::Home));
        assert_eq!(
            screen_at("/system/users").map(|s| s.id),
            Some(ScreenId::Users)
        );
        assert_eq!(
            screen_at("/system/users/").map(|s| s.id),
            Some(ScreenId::Users)
        );
        assert!(screen_at("/system/users/extra").is_none());
        assert!(screen_at("/system").is_none());
        assert!(screen_at("/no/such").is_none());
        assert_eq!(SCREENS[5].path(), "/system/users");
        assert_eq!(SCREENS[0].path(), "/");
    }

    #[test]
    fn the_navigation_lists_what_the_user_may_open() {
        let admin = nav_entries(NavGroup::System, &user(true));
        assert_eq!(admin.len(), 7);
        assert!(nav_entries(NavGroup::System, &user(false)).is_empty());
        assert_eq!(nav_entries(NavGroup::Main, &user(false)).len(), 2);
    }

    #[test]
    fn strangers_get_public_screens_only() {
        assert!(Access::Public.admits(None));
        assert!(!Access::SignedIn.admits(None));
        assert!(!Access::Admin.admits(None));
        assert!(Access::SignedIn.admits(Some(&user(false))));
        assert!(!Access::Admin.admits(Some(&user(false))));
        assert!(Access::Admin.admits(Some(&user(true))));
    }

    #[test]
    fn every_path_is_unique() {
        for (i, a) in SCREENS.iter().enumerate() {
            for b in &SCREENS[i + 1..] {
                assert_ne!(a.path(), b.path());
            }
        }
    }
}
