//! Mail and one-time links: password reset, sign-up with email verification, invitations, the
//! lockout notice, the outbox's retries, and delivery to a real SMTP server.

use app::error::AppError;
use app::invitations::{InvitationInfo, InvitationRow};
use app::signup::SlugCheck;
use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::{ADMIN_PASSWORD, TestApp, TestMail, session_cookie};

both_backends!(
    a_reset_link_sets_a_new_password_once_and_ends_every_session,
    the_reset_form_answers_the_same_for_unknown_emails_and_sends_nothing,
    reset_links_expire_and_never_work_on_another_firms_host,
    sign_up_creates_the_firm_and_the_verification_link_signs_the_owner_in,
    sign_up_refuses_bad_input_and_taken_subdomains_and_writes_nothing,
    concurrent_sign_ups_for_one_subdomain_create_one_firm,
    an_invitation_link_creates_the_user_with_the_role_and_signs_them_in,
    invitations_can_be_resent_and_revoked,
    another_firms_invitations_are_not_found_and_unchanged,
    owners_are_told_by_mail_when_an_account_locks,
    a_failed_delivery_stays_queued_and_is_retried,
);

const NEW_PASSWORD: &str = "correct horse battery staple";

fn admin(firm: &crate::harness::TestFirm) -> String {
    format!("admin@{}.test", firm.slug)
}

async fn forgot(app: &TestApp, host: &str, email: &str) -> reqwest::Response {
    app.send_form(host, "auth/forgot-password", &[("email", email)], None)
        .await
}

async fn reset(
    app: &TestApp,
    host: &str,
    token: &str,
    password: &str,
) -> Result<(), (StatusCode, AppError)> {
    TestApp::decode(
        app.send_form(
            host,
            "auth/reset-password",
            &[
                ("token", token),
                ("new_password", password),
                ("confirm_password", password),
            ],
            None,
        )
        .await,
    )
    .await
}

async fn a_reset_link_sets_a_new_password_once_and_ends_every_session(app: TestApp) {
    let host = app.a.host();
    let email = admin(&app.a);
    let old_session = app.cookies[&host].clone();
    assert_eq!(forgot(&app, &host, &email).await.status(), StatusCode::OK);
    let mail = app.wait_for_mail(&email, 1).await;
    assert_eq!(mail.subject, "Reset your Docket password");
    assert_eq!(mail.to, vec![email.clone()]);
    assert!(
        mail.from
            .starts_with("Alpha & Partners via Docket <no-reply@localhost>"),
        "{}",
        mail.from
    );
    assert!(
        mail.html.contains("Alpha &#38; Partners"),
        "the HTML part carries the firm's name"
    );
    // The link points at the firm's canonical host, whatever Host the request came with.
    let (link_host, path) = mail.link("/reset-password");
    assert_eq!(link_host, "alpha.localhost");
    assert!(mail.text.contains(&format!(
        "http://alpha.localhost:{}/reset-password?token=",
        app.port
    )));
    assert!(path.starts_with("/reset-password?token="));
    let token = mail.token("/reset-password");

    // A weak password is refused and the link still works afterwards.
    let (status, err) = reset(&app, &host, &token, "password1234")
        .await
        .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("new_password").is_some());

    reset(&app, &host, &token, NEW_PASSWORD)
        .await
        .expect("reset works");
    // The old session is over, the old password refused, the new one works.
    let page = app.get_with(&host, "/clients", Some(&old_session)).await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert!(app.sign_in(&host, &email, ADMIN_PASSWORD).await.is_err());
    app.sign_in(&host, &email, NEW_PASSWORD)
        .await
        .expect("new password signs in");
    // The link works once.
    let (status, err) = reset(&app, &host, &token, "another long passphrase")
        .await
        .unwrap_err();
    assert_eq!((status, err), (StatusCode::GONE, AppError::LinkExpired));
    // And the user is told their password changed.
    let changed = app.wait_for_mail(&email, 2).await;
    assert_eq!(changed.subject, "Your Docket password was changed");
    assert_eq!(changed.link("/forgot-password").0, "alpha.localhost");
}

async fn the_reset_form_answers_the_same_for_unknown_emails_and_sends_nothing(app: TestApp) {
    let host = app.a.host();
    let known = forgot(&app, &host, &admin(&app.a)).await;
    let (known_status, known_body) = (known.status(), known.text().await.unwrap());
    let before = app.outbox_total().await;
    // Unknown here, and known only in another firm: the same answer, and no mail.
    for email in ["nobody@alpha.test", &admin(&app.b)] {
        let unknown = forgot(&app, &host, email).await;
        assert_eq!(unknown.status(), known_status);
        assert_eq!(unknown.text().await.unwrap(), known_body);
    }
    assert_eq!(app.outbox_total().await, before);
    assert!(app.mails_to(&admin(&app.b)).await.is_empty());
    // Malformed input is a field message, not a mail.
    let bad = forgot(&app, &host, "not an email").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.outbox_total().await, before);
}

async fn reset_links_expire_and_never_work_on_another_firms_host(app: TestApp) {
    use app::ssr::db::entities::user_tokens;
    use sea_orm::sea_query::Expr;
    let email = admin(&app.a);
    forgot(&app, &app.a.host(), &email).await;
    let token = app.wait_for_mail(&email, 1).await.token("/reset-password");
    // Firm B's host does not know firm A's token, and nothing changes.
    let (status, err) = reset(&app, &app.b.host(), &token, NEW_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!((status, err), (StatusCode::GONE, AppError::LinkExpired));
    app.sign_in(&app.a.host(), &email, ADMIN_PASSWORD)
        .await
        .expect("password unchanged");
    app.sign_in(&app.b.host(), &admin(&app.b), ADMIN_PASSWORD)
        .await
        .expect("B unchanged");
    // Thirty minutes later the link is refused.
    let firm = app::ssr::db::FirmDb::begin(&app.served, app.a.id)
        .await
        .unwrap();
    firm.update_many::<user_tokens::Entity>()
        .col_expr(
            user_tokens::Column::ExpiresAt,
            Expr::value(app::ssr::sessions::time_now() - 1),
        )
        .exec()
        .await
        .unwrap();
    firm.commit().await.unwrap();
    let (status, _) = reset(&app, &app.a.host(), &token, NEW_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(status, StatusCode::GONE);
    // Only the newest link works.
    forgot(&app, &app.a.host(), &email).await;
    let first = app.wait_for_mail(&email, 2).await.token("/reset-password");
    forgot(&app, &app.a.host(), &email).await;
    let second = app.wait_for_mail(&email, 3).await.token("/reset-password");
    assert_eq!(
        reset(&app, &app.a.host(), &first, NEW_PASSWORD)
            .await
            .unwrap_err()
            .0,
        StatusCode::GONE
    );
    reset(&app, &app.a.host(), &second, NEW_PASSWORD)
        .await
        .expect("the newest link works");
}

async fn sign_up(app: &TestApp, fields: [(&str, &str); 5]) -> reqwest::Response {
    app.send_form("localhost", "signup/create", &fields, None)
        .await
}

fn signup_fields<'a>(slug: &'a str, email: &'a str) -> [(&'static str, &'a str); 5] {
    [
        ("name", "Charlie & Co"),
        ("slug", slug),
        ("admin_name", "Carla Charlie"),
        ("admin_email", email),
        ("admin_password", NEW_PASSWORD),
    ]
}

async fn check_slug(app: &TestApp, slug: &str) -> SlugCheck {
    TestApp::decode(
        app.send_form("localhost", "signup/check-slug", &[("slug", slug)], None)
            .await,
    )
    .await
    .expect("slug checked")
}

async fn sign_up_creates_the_firm_and_the_verification_link_signs_the_owner_in(app: TestApp) {
    let free = check_slug(&app, "Charlie").await;
    assert!(free.available, "{free:?}");
    assert_eq!(
        free.message,
        format!("charlie.localhost:{} is available.", app.port)
    );
    let email = "carla@charlie.test";
    let answer: String = TestApp::decode(sign_up(&app, signup_fields("charlie", email)).await)
        .await
        .expect("signed up");
    assert_eq!(answer, email);
    let taken = check_slug(&app, "charlie").await;
    assert!(
        !taken.available && taken.message.contains("taken"),
        "{taken:?}"
    );

    // Not yet verified: the right password is not enough.
    let host = "charlie.localhost";
    let (status, err) = app.sign_in(host, email, NEW_PASSWORD).await.unwrap_err();
    assert_eq!(
        (status, err),
        (StatusCode::FORBIDDEN, AppError::EmailUnverified)
    );
    // A wrong password still gets the usual answer.
    assert_eq!(
        app.sign_in(host, email, "wrong wrong wrong")
            .await
            .unwrap_err()
            .1,
        AppError::SignInFailed
    );

    let mail = app.wait_for_mail(email, 1).await;
    assert_eq!(
        mail.subject,
        "Confirm your email to open Charlie & Co on Docket"
    );
    assert_eq!(mail.link("/verify-email").0, host);
    let token = mail.token("/verify-email");
    // Opening the page does not use the link up (mail scanners open links).
    assert_eq!(
        app.get_with(host, &format!("/verify-email?token={token}"), None)
            .await
            .status(),
        StatusCode::OK
    );
    let response = app
        .send_form(host, "auth/verify-email", &[("token", &token)], None)
        .await;
    let cookie = session_cookie(&response).expect("signed in by the link");
    TestApp::decode::<()>(response).await.expect("verified");
    // Signed in on the firm's host, with the first-run checklist.
    let home = app.get_with(host, "/", Some(&cookie)).await;
    assert_eq!(home.status(), StatusCode::OK);
    let body = home.text().await.unwrap();
    assert!(
        body.contains("Charlie &amp; Co") || body.contains("Charlie & Co"),
        "{body}"
    );
    // Nothing of the other firms counts: firm A has a client and two users.
    app.create_client(&app.a.host(), "Alpha Client").await;
    app.add_user(&app.a, "second@alpha.test", "lawyer").await;
    let checklist: app::onboarding::Checklist = TestApp::decode(
        app.send_form(host, "onboarding/checklist", &[], Some(&cookie))
            .await,
    )
    .await
    .unwrap();
    assert_eq!(checklist, app::onboarding::Checklist::default());
    // Welcome mail follows; the link is single use; password sign-in now works.
    assert_eq!(
        app.wait_for_mail(email, 2).await.subject,
        "Welcome to Docket: Charlie & Co is ready"
    );
    let again = app
        .send_form(host, "auth/verify-email", &[("token", &token)], None)
        .await;
    assert_eq!(again.status(), StatusCode::GONE);
    app.sign_in(host, email, NEW_PASSWORD)
        .await
        .expect("verified owner signs in");
}

async fn sign_up_refuses_bad_input_and_taken_subdomains_and_writes_nothing(app: TestApp) {
    use app::ssr::db::entities::firms;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let firms_before = firms::Entity::find().count(&app.served).await.unwrap();
    let mail_before = app.outbox_total().await;
    for (slug, field) in [("alpha", "slug"), ("admin", "slug"), ("-bad-", "slug")] {
        let (status, err) =
            TestApp::decode::<String>(sign_up(&app, signup_fields(slug, "x@y.test")).await)
                .await
                .unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{slug}");
        assert!(err.field(field).is_some(), "{slug}: {err:?}");
    }
    let mut weak = signup_fields("delta", "d@delta.test");
    weak[4] = ("admin_password", "password123456");
    let (_, err) = TestApp::decode::<String>(sign_up(&app, weak).await)
        .await
        .unwrap_err();
    assert!(err.field("admin_password").is_some(), "{err:?}");
    let (_, err) = TestApp::decode::<String>(sign_up(&app, signup_fields("delta", "nope")).await)
        .await
        .unwrap_err();
    assert!(err.field("admin_email").is_some(), "{err:?}");
    assert!(!check_slug(&app, "www").await.available);
    assert_eq!(
        firms::Entity::find().count(&app.served).await.unwrap(),
        firms_before
    );
    assert_eq!(app.outbox_total().await, mail_before);
    // Sign-up exists only on the public site.
    let on_firm = app
        .send_form(
            &app.a.host(),
            "signup/create",
            &signup_fields("echo", "e@echo.test"),
            None,
        )
        .await;
    assert_eq!(on_firm.status(), StatusCode::NOT_FOUND);
}

async fn concurrent_sign_ups_for_one_subdomain_create_one_firm(app: TestApp) {
    let emails: Vec<String> = (0..8).map(|i| format!("owner{i}@race.test")).collect();
    let answers = futures_util::future::join_all(
        emails
            .iter()
            .map(|email| sign_up(&app, signup_fields("race", email))),
    )
    .await;
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    let created = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(created, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::UNPROCESSABLE_ENTITY),
        "the others are told the subdomain is taken: {statuses:?}"
    );
    // Exactly one verification mail went out, to the winner.
    let winner = statuses.iter().position(|s| *s == StatusCode::OK).unwrap();
    app.wait_for_mail(&emails[winner], 1).await;
    let mut mailed = 0;
    for email in &emails {
        mailed += app.mails_to(email).await.len();
    }
    assert_eq!(mailed, 1);
}

async fn invite(
    app: &TestApp,
    host: &str,
    email: &str,
    role: &str,
) -> Result<InvitationRow, (StatusCode, AppError)> {
    TestApp::decode(
        app.call(
            host,
            "invitations/create",
            &[("email", email), ("role", role)],
        )
        .await,
    )
    .await
}

async fn accept(app: &TestApp, host: &str, token: &str) -> reqwest::Response {
    app.send_form(
        host,
        "invitations/accept",
        &[
            ("token", token),
            ("name", "Pat Paralegal"),
            ("new_password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
        ],
        None,
    )
    .await
}

async fn an_invitation_link_creates_the_user_with_the_role_and_signs_them_in(app: TestApp) {
    let host = app.a.host();
    let email = "pat@alpha.test";
    let row = invite(&app, &host, email, "paralegal")
        .await
        .expect("invited");
    assert_eq!(
        (row.email.as_str(), row.role.as_str(), row.expired),
        (email, "paralegal", false)
    );
    let mail = app.wait_for_mail(email, 1).await;
    assert_eq!(
        mail.subject,
        "Administrator invited you to Alpha & Partners on Docket"
    );
    assert!(mail.text.contains("as Paralegal"), "{}", mail.text);
    let token = mail.token("/invitation");
    let info: InvitationInfo = TestApp::decode(
        app.send_form(&host, "invitations/lookup", &[("token", &token)], None)
            .await,
    )
    .await
    .unwrap();
    assert_eq!(info.email, email);
    assert_eq!(info.role, "Paralegal");
    // Inviting the same address twice, or someone who already has an account, is refused.
    assert!(
        invite(&app, &host, email, "lawyer")
            .await
            .unwrap_err()
            .1
            .field("email")
            .is_some()
    );
    assert!(
        invite(&app, &host, &admin(&app.a), "lawyer")
            .await
            .unwrap_err()
            .1
            .field("email")
            .is_some()
    );

    let response = accept(&app, &host, &token).await;
    let cookie = session_cookie(&response).expect("signed in");
    TestApp::decode::<()>(response).await.expect("accepted");
    // A paralegal: may read clients, may not manage users.
    assert_eq!(
        app.send_form(
            &host,
            "clients/list",
            &[("q", ""), ("page", "1")],
            Some(&cookie)
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.send_form(&host, "users/list", &[], Some(&cookie))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    app.sign_in(&host, email, NEW_PASSWORD)
        .await
        .expect("the new user signs in");
    // Used up, and no longer pending.
    assert_eq!(accept(&app, &host, &token).await.status(), StatusCode::GONE);
    let pending: Vec<InvitationRow> =
        TestApp::decode(app.call(&host, "invitations/list", &[]).await)
            .await
            .unwrap();
    assert!(pending.is_empty(), "{pending:?}");
}

async fn invitations_can_be_resent_and_revoked(app: TestApp) {
    let host = app.a.host();
    let email = "lee@alpha.test";
    let row = invite(&app, &host, email, "lawyer").await.unwrap();
    let first = app.wait_for_mail(email, 1).await.token("/invitation");
    let id = row.id.to_string();
    let resent: InvitationRow =
        TestApp::decode(app.call(&host, "invitations/resend", &[("id", &id)]).await)
            .await
            .unwrap();
    assert_eq!(resent.id, row.id);
    let second = app.wait_for_mail(email, 2).await.token("/invitation");
    assert_ne!(first, second);
    // The old link stopped working; the new one works until revoked.
    let lookup = |token: String| {
        let app = &app;
        let host = host.clone();
        async move {
            app.send_form(&host, "invitations/lookup", &[("token", &token)], None)
                .await
                .status()
        }
    };
    assert_eq!(lookup(first).await, StatusCode::GONE);
    assert_eq!(lookup(second.clone()).await, StatusCode::OK);
    TestApp::decode::<()>(app.call(&host, "invitations/revoke", &[("id", &id)]).await)
        .await
        .unwrap();
    assert_eq!(lookup(second.clone()).await, StatusCode::GONE);
    assert_eq!(
        accept(&app, &host, &second).await.status(),
        StatusCode::GONE
    );
    assert!(app.sign_in(&host, email, NEW_PASSWORD).await.is_err());
    // A revoked invitation cannot be resent, and the address can be invited afresh.
    assert_eq!(
        app.call(&host, "invitations/resend", &[("id", &id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    invite(&app, &host, email, "lawyer")
        .await
        .expect("invited again");
}

async fn another_firms_invitations_are_not_found_and_unchanged(app: TestApp) {
    let email = "sam@alpha.test";
    let row = invite(&app, &app.a.host(), email, "lawyer").await.unwrap();
    let token = app.wait_for_mail(email, 1).await.token("/invitation");
    let id = row.id.to_string();
    let b = app.b.host();
    for endpoint in ["invitations/resend", "invitations/revoke"] {
        let response = app.call(&b, endpoint, &[("id", &id)]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{endpoint}");
    }
    let listed: Vec<InvitationRow> = TestApp::decode(app.call(&b, "invitations/list", &[]).await)
        .await
        .unwrap();
    assert!(listed.iter().all(|i| i.id != row.id));
    // Firm A's link is unknown on firm B's host.
    assert_eq!(
        app.send_form(&b, "invitations/lookup", &[("token", &token)], None)
            .await
            .status(),
        StatusCode::GONE
    );
    assert_eq!(accept(&app, &b, &token).await.status(), StatusCode::GONE);
    // Nothing changed: one mail only, and the link still works at home.
    assert_eq!(app.mails_to(email).await.len(), 1);
    assert_eq!(
        app.send_form(
            &app.a.host(),
            "invitations/lookup",
            &[("token", &token)],
            None
        )
        .await
        .status(),
        StatusCode::OK
    );
    // Firm B's users cannot invite into firm A either: the invitation lands in B, if anywhere.
    let theirs = invite(&app, &b, "sam@bravo.test", "lawyer").await.unwrap();
    let ours: Vec<InvitationRow> =
        TestApp::decode(app.call(&app.a.host(), "invitations/list", &[]).await)
            .await
            .unwrap();
    assert!(ours.iter().all(|i| i.id != theirs.id));
}

async fn owners_are_told_by_mail_when_an_account_locks(app: TestApp) {
    let host = app.a.host();
    app.add_user(&app.a, "lou@alpha.test", "lawyer").await;
    for _ in 0..app::ssr::auth::LOCK_AFTER_FAILURES {
        assert!(
            app.sign_in(&host, "lou@alpha.test", "not the password")
                .await
                .is_err()
        );
    }
    let notice = app.wait_for_mail(&admin(&app.a), 1).await;
    assert_eq!(
        notice.subject,
        "Alpha & Partners: the account lou@alpha.test was locked"
    );
    assert!(notice.text.contains("5 failed sign-ins"), "{}", notice.text);
    assert!(app.mails_to(&admin(&app.b)).await.is_empty());
    // A reset unlocks the account.
    forgot(&app, &host, "lou@alpha.test").await;
    let token = app
        .wait_for_mail("lou@alpha.test", 1)
        .await
        .token("/reset-password");
    reset(&app, &host, &token, NEW_PASSWORD).await.unwrap();
    app.sign_in(&host, "lou@alpha.test", NEW_PASSWORD)
        .await
        .expect("unlocked by the reset");
}

async fn a_failed_delivery_stays_queued_and_is_retried(app: TestApp) {
    use app::ssr::db::entities::outbox;
    use app::ssr::mail::templates::PasswordReset;
    use app::ssr::mail::{DeliveryReport, Letterhead, Mailer, Transport};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    // Nothing listens on port 9 (discard) of loopback here.
    let broken = Mailer::new(
        Transport::smtp("smtp://127.0.0.1:9").unwrap(),
        "no-reply@localhost",
    )
    .unwrap();
    let mail = PasswordReset {
        name: "Queued".into(),
        link: "http://alpha.localhost/x".into(),
        minutes: 30,
    };
    // Queued in a transaction that rolls back: no mail at all.
    let tx = sea_orm::TransactionTrait::begin(&app.served).await.unwrap();
    broken
        .queue(
            &tx,
            None,
            &Letterhead::named("Docket"),
            "gone@alpha.test",
            &mail,
        )
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert!(
        outbox::Entity::find()
            .filter(outbox::Column::Recipients.eq("gone@alpha.test"))
            .one(&app.served)
            .await
            .unwrap()
            .is_none()
    );
    // Queued in one that commits: delivery fails, the mail stays, to be tried again later.
    broken
        .queue(
            &app.served,
            None,
            &Letterhead::named("Docket"),
            "queued@alpha.test",
            &mail,
        )
        .await
        .unwrap();
    // (The server's own sender polls every 15 s; in the rare case its tick lands between these
    // two lines it delivers the mail itself, and only the delivery is checked.)
    let report = broken.deliver_due(&app.served).await.unwrap();
    let row = outbox::Entity::find()
        .filter(outbox::Column::Recipients.eq("queued@alpha.test"))
        .one(&app.served)
        .await
        .unwrap()
        .unwrap();
    if row.sent_at.is_none() {
        assert_eq!(
            report,
            DeliveryReport {
                sent: 0,
                retried: 1,
                failed: 0
            }
        );
        assert_eq!(row.attempts, 1);
        assert!(row.last_error.is_some());
        assert!(row.next_attempt_at > app::ssr::sessions::time_now());
        assert!(!row.message.is_empty(), "the message is kept for the retry");
        // When it is due again, a working sender delivers it and clears the body.
        outbox::Entity::update_many()
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(0))
            .filter(outbox::Column::Id.eq(row.id))
            .exec(&app.served)
            .await
            .unwrap();
        app.mailer.wake();
    }
    let delivered: TestMail = app.wait_for_mail("queued@alpha.test", 1).await;
    assert_eq!(delivered.subject, "Reset your Docket password");
    let row = outbox::Entity::find_by_id(row.id)
        .one(&app.served)
        .await
        .unwrap()
        .unwrap();
    assert!(row.sent_at.is_some());
    assert!(
        row.message.is_empty(),
        "sent mail keeps no body (it may hold a link)"
    );
    assert_eq!(app.outbox_waiting().await, 0);
}
