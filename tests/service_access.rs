//! Who may do what is decided inside the directory, catalog and integration services, so the
//! REST API, the server functions and anything added later get the same rules: these tests
//! call the services directly, with no adapter in front.

mod support;

use support::TestDatabase;
use woc_paging::Paging;
use workorder::account::CurrentUser;
use workorder::server::service::accounts::{self, NewUser};
use workorder::server::service::actor::Actor;
use workorder::server::service::catalog::synthesis::SynthesisFields;
use workorder::server::service::catalog::{categories, forms, synthesis};
use workorder::server::service::directory::depts::{self, DeptFields};
use workorder::server::service::directory::groups;
use workorder::server::service::directory::users::{self, UserFields};
use workorder::server::service::error::{Problem, ServiceError};
use workorder::server::service::integrations::{apps, services};
use workorder::server::service::names::{Code, DisplayName};

fn person(username: &str, is_admin: bool) -> Actor {
    Actor::user(CurrentUser {
        username: username.into(),
        nick_name: username.into(),
        is_admin,
    })
}

fn forbidden<T: std::fmt::Debug>(result: Result<T, ServiceError>, what: &str) {
    match result {
        Err(ServiceError::Forbidden) => {}
        other => panic!("{what}: expected Forbidden for a non-administrator, got {other:?}"),
    }
}

fn own_account<T: std::fmt::Debug>(result: Result<T, ServiceError>, what: &str) {
    match result {
        Err(ServiceError::Invalid(problems))
            if problems
                .iter()
                .any(|p| p.field == "userId" && p.problem == Problem::OwnAccount) => {}
        other => panic!("{what}: expected the own-account refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_services_refuse_non_administrators_and_self_lockout() {
    let database = TestDatabase::sqlite("service-access");
    let state = support::prepared_state(&database.url).await;
    let db = &state.db;
    accounts::create(
        db,
        NewUser {
            username: "zhangsan".into(),
            nick_name: "张三".into(),
            password: "Zhang-San-1".into(),
            is_admin: false,
        },
    )
    .await
    .unwrap();
    let clerk = person("zhangsan", false);
    let admin = person("admin", true);
    let all = Paging::new(1, 10);
    let name = DisplayName::parse("运维部").unwrap();

    let dept = DeptFields::parse("运维部", None, None).unwrap();
    forbidden(
        depts::create(db, &clerk, &dept).await,
        "create a department",
    );
    forbidden(depts::list(db, &clerk, all).await, "list departments");
    forbidden(groups::list(db, &clerk, all).await, "list groups");
    forbidden(
        users::list(db, &clerk, &users::UserFilter::default(), all, None).await,
        "list users",
    );
    forbidden(users::get(db, &clerk, "admin").await, "read another user");
    forbidden(
        users::set_enabled(db, &clerk, "admin", false).await,
        "disable a user",
    );
    forbidden(users::delete(db, &clerk, "admin").await, "delete a user");
    forbidden(
        categories::create(db, &clerk, &name, &Code::parse("ops").unwrap()).await,
        "create a category",
    );
    forbidden(forms::list(db, &clerk, all).await, "list forms");
    forbidden(forms::get(db, &clerk, 1, None).await, "read a form");
    let node = SynthesisFields {
        category_name: name.clone(),
        parent_id: None,
        description: None,
    };
    forbidden(
        synthesis::create(db, &clerk, &node).await,
        "create a 综合分类",
    );
    forbidden(
        services::register(db, &clerk, &name).await,
        "register a service",
    );
    forbidden(
        apps::register(db, &clerk, &name, None).await,
        "register an app",
    );
    forbidden(apps::get(db, &clerk, "none").await, "read an app");

    // Nothing was written by the refused calls; an administrator's call goes through.
    assert_eq!(depts::list(db, &admin, all).await.unwrap().total, 0);
    depts::create(db, &admin, &dept).await.unwrap();
    assert_eq!(depts::list(db, &admin, all).await.unwrap().total, 1);

    // A user may read their own record.
    let (me, _) = users::get(db, &clerk, "zhangsan").await.unwrap();
    assert_eq!(me.nick_name, "张三");

    // An administrator cannot lock themselves out, through any door.
    own_account(
        users::set_enabled(db, &admin, "admin", false).await,
        "disable oneself",
    );
    own_account(users::delete(db, &admin, "admin").await, "delete oneself");
    let demote = UserFields {
        nick_name: DisplayName::parse("系统管理员").unwrap(),
        dept_id: None,
        email: None,
        phone: None,
        is_admin: Some(false),
        password: None,
        groups: None,
    };
    own_account(
        users::update(db, &admin, "admin", &demote).await,
        "demote oneself",
    );
    // ...but may enable themselves (a no-op) and disable someone else.
    users::set_enabled(db, &admin, "admin", true).await.unwrap();
    users::set_enabled(db, &admin, "zhangsan", false)
        .await
        .unwrap();
    let (clerk_now, _) = users::get(db, &admin, "zhangsan").await.unwrap();
    assert!(!clerk_now.enabled);
    state.db.close().await;
}
