//! Custom roles: a firm's own role grants exactly its permissions, changes apply on the next
//! request, another firm's roles are not found, a role in use is kept, bad input is refused by
//! field, and nobody grants what they may not do themselves.

use app::auth::Permission;
use app::error::AppError;
use app::invitations::{InvitationInfo, InvitationRow};
use app::roles::RoleChoice;
use app::users::UserRow;
use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::{TestApp, session_cookie};

both_backends!(
    a_custom_role_grants_exactly_its_permissions_and_changes_apply_at_once,
    another_firms_roles_are_not_found_and_nothing_changes,
    a_role_in_use_cannot_be_deleted,
    nobody_grants_what_they_may_not_do_themselves,
    bad_names_and_permission_lists_are_refused_by_field,
    an_invitation_gives_its_custom_role_while_the_role_exists,
);

type Answer<T> = Result<T, (StatusCode, AppError)>;

const NOT_FOUND: (StatusCode, AppError) = (StatusCode::NOT_FOUND, AppError::NotFound);
const FORBIDDEN: (StatusCode, AppError) = (StatusCode::FORBIDDEN, AppError::Forbidden);

async fn save(
    app: &TestApp,
    host: &str,
    cookie: &str,
    id: Option<&str>,
    name: &str,
    permissions: &str,
) -> Answer<RoleChoice> {
    let mut form = vec![("name", name), ("permissions", permissions)];
    if let Some(id) = id {
        form.push(("id", id));
    }
    TestApp::decode(app.send_form(host, "roles/save", &form, Some(cookie)).await).await
}

async fn delete(app: &TestApp, host: &str, cookie: &str, id: &str) -> Answer<()> {
    TestApp::decode(
        app.send_form(host, "roles/delete", &[("id", id)], Some(cookie))
            .await,
    )
    .await
}

async fn list(app: &TestApp, host: &str, cookie: &str) -> Answer<Vec<RoleChoice>> {
    TestApp::decode(app.send_form(host, "roles/list", &[], Some(cookie)).await).await
}

async fn set_role(
    app: &TestApp,
    host: &str,
    cookie: &str,
    user_id: &str,
    role: &str,
) -> Answer<UserRow> {
    TestApp::decode(
        app.send_form(
            host,
            "users/set-role",
            &[("id", user_id), ("role", role)],
            Some(cookie),
        )
        .await,
    )
    .await
}

async fn invite(
    app: &TestApp,
    host: &str,
    cookie: &str,
    email: &str,
    role: &str,
) -> Answer<InvitationRow> {
    TestApp::decode(
        app.send_form(
            host,
            "invitations/create",
            &[("email", email), ("role", role)],
            Some(cookie),
        )
        .await,
    )
    .await
}

/// The firm's users, as its seeded admin sees them.
async fn users(app: &TestApp, host: &str) -> Vec<UserRow> {
    TestApp::decode(app.call(host, "users/list", &[]).await)
        .await
        .expect("users listed")
}

/// The id of the user with this email, as a form value.
async fn user_id(app: &TestApp, host: &str, email: &str) -> String {
    users(app, host)
        .await
        .into_iter()
        .find(|u| u.email == email)
        .expect("the user exists")
        .id
        .to_string()
}

/// The id of a custom role, as a form value.
fn id_of(role: &RoleChoice) -> String {
    role.custom_id().expect("a custom role").to_string()
}

/// The status of listing clients of firm A with this session.
async fn list_clients(app: &TestApp, cookie: &str) -> StatusCode {
    app.send_form(
        &app.a.host(),
        "clients/list",
        &[("q", ""), ("page", "1")],
        Some(cookie),
    )
    .await
    .status()
}

/// The status of adding a client to firm A with this session.
async fn add_client(app: &TestApp, cookie: &str, name: &str) -> StatusCode {
    app.send_form(
        &app.a.host(),
        "clients/create",
        &[
            ("name", name),
            ("email", ""),
            ("phone", ""),
            ("kind", "person"),
            ("notes", ""),
        ],
        Some(cookie),
    )
    .await
    .status()
}

async fn a_custom_role_grants_exactly_its_permissions_and_changes_apply_at_once(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let role = save(&app, &a, &owner, None, "Client viewer", "clients.read")
        .await
        .unwrap();
    assert_eq!(
        (role.name.as_str(), role.builtin, role.users),
        ("Client viewer", false, 0)
    );
    assert_eq!(role.permissions, vec![Permission::ClientsRead]);
    assert_eq!(role.stored, format!("custom:{}", id_of(&role)));
    let viewer = app.add_user(&app.a, "viewer@alpha.test", "read_only").await;
    let viewer_id = user_id(&app, &a, "viewer@alpha.test").await;
    let row = set_role(&app, &a, &owner, &viewer_id, &role.stored)
        .await
        .unwrap();
    assert_eq!(row.role, role.stored);
    // Exactly its permissions: clients may be seen, not changed, and nothing else.
    assert_eq!(list_clients(&app, &viewer).await, StatusCode::OK);
    assert_eq!(
        add_client(&app, &viewer, "Not Allowed").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(list(&app, &a, &viewer).await.unwrap_err(), FORBIDDEN);
    // Built-in roles first, then the custom role with its one user.
    let roles = list(&app, &a, &owner).await.unwrap();
    assert_eq!(roles.len(), 7);
    assert!(roles[..6].iter().all(|r| r.builtin) && !roles[6].builtin);
    assert_eq!(
        (roles[6].stored.as_str(), roles[6].users),
        (role.stored.as_str(), 1)
    );
    // A change to the role applies to the viewer's next request.
    let changed = save(
        &app,
        &a,
        &owner,
        Some(&id_of(&role)),
        "Client editor",
        "clients.write,clients.read",
    )
    .await
    .unwrap();
    assert_eq!(
        (
            changed.stored.as_str(),
            changed.name.as_str(),
            changed.users
        ),
        (role.stored.as_str(), "Client editor", 1)
    );
    assert_eq!(
        changed.permissions,
        vec![Permission::ClientsRead, Permission::ClientsWrite]
    );
    assert_eq!(
        add_client(&app, &viewer, "Now Allowed").await,
        StatusCode::OK
    );
    save(
        &app,
        &a,
        &owner,
        Some(&id_of(&role)),
        "Client editor",
        "matters.read",
    )
    .await
    .unwrap();
    assert_eq!(list_clients(&app, &viewer).await, StatusCode::FORBIDDEN);
    // The settings page shows the role editor with the firm's role.
    let page = app.get(&a, "/settings").await.text().await.unwrap();
    assert!(
        page.contains(r#"data-testid="roles""#) && page.contains("Client editor"),
        "{page}"
    );
}

async fn another_firms_roles_are_not_found_and_nothing_changes(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (a_owner, b_owner) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let role = save(&app, &a, &a_owner, None, "Alpha clerks", "clients.read")
        .await
        .unwrap();
    let id = id_of(&role);
    assert_eq!(
        save(&app, &b, &b_owner, Some(&id), "Taken over", "clients.write")
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        delete(&app, &b, &b_owner, &id).await.unwrap_err(),
        NOT_FOUND
    );
    app.add_user(&app.b, "clerk@bravo.test", "read_only").await;
    let clerk = user_id(&app, &b, "clerk@bravo.test").await;
    assert_eq!(
        set_role(&app, &b, &b_owner, &clerk, &role.stored)
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        invite(&app, &b, &b_owner, "new@bravo.test", &role.stored)
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    // Nothing changed on either side.
    let alpha = list(&app, &a, &a_owner).await.unwrap();
    let kept = alpha.iter().find(|r| r.stored == role.stored).unwrap();
    assert_eq!(
        (kept.name.as_str(), kept.permissions.as_slice()),
        ("Alpha clerks", [Permission::ClientsRead].as_slice())
    );
    assert!(
        list(&app, &b, &b_owner)
            .await
            .unwrap()
            .iter()
            .all(|r| r.builtin)
    );
    let clerk_row = users(&app, &b)
        .await
        .into_iter()
        .find(|u| u.email == "clerk@bravo.test")
        .unwrap();
    assert_eq!(clerk_row.role, "read_only");
    let invitations: Vec<InvitationRow> =
        TestApp::decode(app.call(&b, "invitations/list", &[]).await)
            .await
            .unwrap();
    assert!(invitations.is_empty());
}

async fn a_role_in_use_cannot_be_deleted(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let role = save(&app, &a, &owner, None, "Trainees", "clients.read")
        .await
        .unwrap();
    let id = id_of(&role);
    app.add_user(&app.a, "trainee@alpha.test", &role.stored)
        .await;
    let (status, err) = delete(&app, &a, &owner, &id).await.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = err.field("role").unwrap();
    assert!(
        message.contains("Trainees") && message.contains("1 user"),
        "{message}"
    );
    // A pending invitation keeps it too.
    let invited = invite(&app, &a, &owner, "next@alpha.test", &role.stored)
        .await
        .unwrap();
    assert_eq!(invited.role_name, "Trainees");
    let trainee = user_id(&app, &a, "trainee@alpha.test").await;
    set_role(&app, &a, &owner, &trainee, "read_only")
        .await
        .unwrap();
    let (_, err) = delete(&app, &a, &owner, &id).await.unwrap_err();
    let message = err.field("role").unwrap();
    assert!(
        message.contains("1 pending invitation") && !message.contains("user"),
        "{message}"
    );
    let invitation = invited.id.to_string();
    TestApp::decode::<()>(
        app.call(&a, "invitations/revoke", &[("id", &invitation)])
            .await,
    )
    .await
    .unwrap();
    // Unused, it goes.
    delete(&app, &a, &owner, &id).await.unwrap();
    let roles = list(&app, &a, &owner).await.unwrap();
    assert!(roles.iter().all(|r| r.builtin));
    assert_eq!(delete(&app, &a, &owner, &id).await.unwrap_err(), NOT_FOUND);
}

async fn nobody_grants_what_they_may_not_do_themselves(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let managers = save(
        &app,
        &a,
        &owner,
        None,
        "Role managers",
        "roles.manage,users.manage,clients.read",
    )
    .await
    .unwrap();
    let manager = app
        .add_user(&app.a, "manager@alpha.test", &managers.stored)
        .await;
    // Not in a new role, nor by adding it to their own.
    let (status, err) = save(
        &app,
        &a,
        &manager,
        None,
        "Billing clerks",
        "clients.read,billing.manage",
    )
    .await
    .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = err.field("permissions").unwrap();
    assert!(
        message.contains(Permission::BillingManage.label())
            && !message.contains(Permission::ClientsRead.label()),
        "{message}"
    );
    let (_, err) = save(
        &app,
        &a,
        &manager,
        Some(&id_of(&managers)),
        "Role managers",
        "roles.manage,users.manage,clients.read,billing.manage",
    )
    .await
    .unwrap_err();
    assert!(err.field("permissions").is_some(), "{err:?}");
    // Nor by giving a role that allows more than they may do, to anyone.
    let me = user_id(&app, &a, "manager@alpha.test").await;
    assert_eq!(
        set_role(&app, &a, &manager, &me, "admin")
            .await
            .unwrap_err(),
        FORBIDDEN
    );
    assert_eq!(
        invite(&app, &a, &manager, "new@alpha.test", "lawyer")
            .await
            .unwrap_err(),
        FORBIDDEN
    );
    // Nor demote or deactivate someone who may do more than they may.
    app.add_user(&app.a, "lawyer@alpha.test", "lawyer").await;
    let lawyer = user_id(&app, &a, "lawyer@alpha.test").await;
    assert_eq!(
        set_role(&app, &a, &manager, &lawyer, &managers.stored)
            .await
            .unwrap_err(),
        FORBIDDEN
    );
    let deactivated: Answer<UserRow> = TestApp::decode(
        app.send_form(
            &a,
            "users/set-active",
            &[("id", lawyer.as_str()), ("active", "false")],
            Some(&manager),
        )
        .await,
    )
    .await;
    assert_eq!(deactivated.unwrap_err(), FORBIDDEN);
    let still = users(&app, &a).await;
    let row = still
        .iter()
        .find(|u| u.email == "lawyer@alpha.test")
        .unwrap();
    assert!(row.active && row.role == "lawyer", "{row:?}");
    // What they hold, they may grant and give.
    let clerks = save(
        &app,
        &a,
        &manager,
        None,
        "Clerks",
        "clients.read,users.manage",
    )
    .await
    .unwrap();
    assert_eq!(
        set_role(&app, &a, &manager, &me, &clerks.stored)
            .await
            .unwrap()
            .role,
        clerks.stored
    );
    // Now with users.manage alone: they see the roles to give, and may edit none.
    assert_eq!(list(&app, &a, &manager).await.unwrap().len(), 8);
    assert_eq!(
        save(&app, &a, &manager, None, "More", "clients.read")
            .await
            .unwrap_err(),
        FORBIDDEN
    );
    // The refused calls stored nothing.
    let roles = list(&app, &a, &owner).await.unwrap();
    let custom: Vec<&str> = roles
        .iter()
        .filter(|r| !r.builtin)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(custom, ["Clerks", "Role managers"]);
    let kept = roles.iter().find(|r| r.stored == managers.stored).unwrap();
    assert!(!kept.permissions.contains(&Permission::BillingManage));
}

async fn bad_names_and_permission_lists_are_refused_by_field(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let clerks = save(&app, &a, &owner, None, "Clerks", "clients.read")
        .await
        .unwrap();
    let long = "x".repeat(61);
    for (name, permissions, field) in [
        ("   ", "clients.read", "name"),
        (long.as_str(), "clients.read", "name"),
        ("Lawyer", "clients.read", "name"),
        ("read-only", "clients.read", "name"),
        ("CLERKS", "clients.read", "name"),
        ("Trainees", "", "permissions"),
        ("Trainees", "clients.read,clients.fly", "permissions"),
    ] {
        let (status, err) = save(&app, &a, &owner, None, name, permissions)
            .await
            .unwrap_err();
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?} {permissions:?}"
        );
        assert!(
            err.field(field).is_some(),
            "{name:?} {permissions:?}: {err:?}"
        );
    }
    // Nothing was stored; a role may keep its own name in another case.
    let custom = list(&app, &a, &owner)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| !r.builtin)
        .count();
    assert_eq!(custom, 1);
    let renamed = save(
        &app,
        &a,
        &owner,
        Some(&id_of(&clerks)),
        " clerks ",
        "clients.read",
    )
    .await
    .unwrap();
    assert_eq!(renamed.name, "clerks");
    // A malformed role is refused where roles are given, too.
    let me = user_id(&app, &a, "admin@alpha.test").await;
    let (_, err) = set_role(&app, &a, &owner, &me, "custom:nope")
        .await
        .unwrap_err();
    assert!(err.field("role").is_some(), "{err:?}");
    let (_, err) = invite(&app, &a, &owner, "x@alpha.test", "custom:nope")
        .await
        .unwrap_err();
    assert!(err.field("role").is_some(), "{err:?}");
}

async fn accept(app: &TestApp, host: &str, token: &str) -> reqwest::Response {
    let password = "correct horse battery staple";
    app.send_form(
        host,
        "invitations/accept",
        &[
            ("token", token),
            ("name", "Pat Viewer"),
            ("new_password", password),
            ("confirm_password", password),
        ],
        None,
    )
    .await
}

async fn an_invitation_gives_its_custom_role_while_the_role_exists(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let role = save(&app, &a, &owner, None, "Client viewer", "clients.read")
        .await
        .unwrap();
    let invited = invite(&app, &a, &owner, "pat@alpha.test", &role.stored)
        .await
        .unwrap();
    assert_eq!(
        (invited.role.as_str(), invited.role_name.as_str()),
        (role.stored.as_str(), "Client viewer")
    );
    let mail = app.wait_for_mail("pat@alpha.test", 1).await;
    assert!(mail.text.contains("as Client viewer"), "{}", mail.text);
    let token = mail.token("/invitation");
    let info: InvitationInfo = TestApp::decode(
        app.send_form(&a, "invitations/lookup", &[("token", &token)], None)
            .await,
    )
    .await
    .unwrap();
    assert_eq!(info.role, "Client viewer");
    let response = accept(&app, &a, &token).await;
    let cookie = session_cookie(&response).expect("signed in");
    TestApp::decode::<()>(response).await.expect("accepted");
    assert_eq!(list_clients(&app, &cookie).await, StatusCode::OK);
    assert_eq!(add_client(&app, &cookie, "No").await, StatusCode::FORBIDDEN);
    let pat = users(&app, &a)
        .await
        .into_iter()
        .find(|u| u.email == "pat@alpha.test")
        .unwrap();
    assert_eq!(pat.role, role.stored);

    // A role deleted behind a pending invitation's back (the editor refuses that) is not given.
    invite(&app, &a, &owner, "sam@alpha.test", &role.stored)
        .await
        .unwrap();
    let token = app
        .wait_for_mail("sam@alpha.test", 1)
        .await
        .token("/invitation");
    remove_role(&app, &role).await;
    let (status, err) = TestApp::decode::<InvitationInfo>(
        app.send_form(&a, "invitations/lookup", &[("token", &token)], None)
            .await,
    )
    .await
    .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("role").unwrap().contains("no longer exists"));
    let (_, err) = TestApp::decode::<()>(accept(&app, &a, &token).await)
        .await
        .unwrap_err();
    assert!(err.field("role").is_some(), "{err:?}");
    assert!(
        users(&app, &a)
            .await
            .iter()
            .all(|u| u.email != "sam@alpha.test")
    );
    // Pat's role is gone too: it grants nothing.
    assert_eq!(list_clients(&app, &cookie).await, StatusCode::FORBIDDEN);
}

/// Deletes a custom role straight from the database, as the role editor never would while it
/// is in use.
async fn remove_role(app: &TestApp, role: &RoleChoice) {
    use app::ssr::db::FirmDb;
    use app::ssr::db::entities::roles;
    use sea_orm::{ColumnTrait, QueryFilter};
    let db = FirmDb::begin(&app.served, app.a.id).await.unwrap();
    db.delete_many::<roles::Entity>()
        .filter(roles::Column::Id.eq(role.custom_id().unwrap()))
        .exec()
        .await
        .unwrap();
    db.commit().await.unwrap();
}
