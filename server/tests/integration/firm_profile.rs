//! The firm's profile: name, address, contact details, time zone and logo, kept by those who
//! manage settings, shown on pages, mail and invoices, and refused to everyone else; and plan
//! request rates, held per firm.

use app::audit::AuditPage;
use app::clock::FirmClock;
use app::error::AppError;
use app::firm_profile::FirmProfile;
use app::invitations::InvitationRow;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::audit::audit_page;
use crate::both_backends;
use crate::harness::TestApp;

both_backends!(
    the_profile_is_saved_and_shows_on_pages_and_mail,
    bad_profiles_are_refused_and_change_nothing,
    another_firm_never_reaches_the_profile_or_the_logo,
    a_logo_is_checked_stored_redacted_in_the_audit_and_served,
    the_firms_time_zone_sets_its_days,
    requests_past_the_plans_rate_are_refused_for_that_firm_only,
);

/// A 240 × 64 PNG with transparency.
pub const LOGO: &[u8] = include_bytes!("../fixtures/logo.png");

fn profile_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("name", "Alpha & Partners LLP"),
        ("address", "200 Congress Street\nPortland, ME 04101"),
        ("contact_email", "Office@Alpha.Law"),
        ("phone", "+1 207 555 0100"),
        ("website", "https://alpha.law/"),
        ("time_zone", "America/New_York"),
    ];
    for (key, value) in overrides {
        form.retain(|(k, _)| k != key);
        form.push((key, value));
    }
    form
}

async fn save(
    app: &TestApp,
    host: &str,
    form: &[(&str, &str)],
) -> Result<FirmProfile, (StatusCode, AppError)> {
    TestApp::decode(app.call(host, "firm/profile-save", form).await).await
}

async fn load(app: &TestApp, host: &str) -> FirmProfile {
    TestApp::decode(app.call(host, "firm/profile", &[]).await)
        .await
        .expect("the profile loads")
}

/// Uploads `body` as the firm's logo on `host` with this session.
pub async fn upload_logo(
    app: &TestApp,
    host: &str,
    cookie: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.http
        .post(app.url("/api/firm/logo"))
        .header("host", host)
        .header("origin", format!("http://{host}"))
        .header("cookie", cookie)
        .header("content-type", "image/png")
        .body(body)
        .send()
        .await
        .expect("request sent")
}

fn fields(err: AppError) -> Vec<String> {
    match err {
        AppError::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn the_profile_is_saved_and_shows_on_pages_and_mail(app: TestApp) {
    let host = app.a.host();
    let saved = save(&app, &host, &profile_form(&[])).await.unwrap();
    assert_eq!(saved.name, "Alpha & Partners LLP");
    assert_eq!(saved.contact_email, "office@alpha.law");
    assert_eq!(saved.website, "alpha.law");
    assert_eq!(load(&app, &host).await, saved);
    // The new name is the firm's name everywhere at once: the top bar, and the mail it sends,
    // whose foot carries the address and contact details, and whose times are the firm's.
    let page = app.get(&host, "/").await.text().await.unwrap();
    assert!(page.contains("Alpha &amp; Partners LLP"), "{page}");
    let _: InvitationRow = TestApp::decode(
        app.call(
            &host,
            "invitations/create",
            &[("email", "new@alpha.test"), ("role", "lawyer")],
        )
        .await,
    )
    .await
    .unwrap();
    let mail = app.wait_for_mail("new@alpha.test", 1).await;
    assert!(
        mail.subject.contains("Alpha & Partners LLP"),
        "{}",
        mail.subject
    );
    assert!(
        mail.text
            .contains("200 Congress Street, Portland, ME 04101"),
        "{}",
        mail.text
    );
    assert!(
        mail.text
            .contains("+1 207 555 0100 · office@alpha.law · alpha.law"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains("(America/New_York)"), "{}", mail.text);
    // The other firm keeps its own name.
    let bravo = app.get(&app.b.host(), "/").await.text().await.unwrap();
    assert!(!bravo.contains("Alpha &amp; Partners"));
    // The rename is in the firm's audit trail.
    let audit: AuditPage = audit_page(&app, &host, &[("query[entity]", "firms")]).await;
    assert_eq!(audit.total, 1);
}

async fn bad_profiles_are_refused_and_change_nothing(app: TestApp) {
    let host = app.a.host();
    let before = load(&app, &host).await;
    let (status, err) = save(
        &app,
        &host,
        &profile_form(&[
            ("name", " "),
            ("contact_email", "office"),
            ("phone", "call us"),
            ("website", "not a site"),
        ]),
    )
    .await
    .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(err), ["name", "contact_email", "phone", "website"]);
    let (_, err) = save(
        &app,
        &host,
        &profile_form(&[("time_zone", "Mars/Olympus_Mons")]),
    )
    .await
    .unwrap_err();
    let AppError::Invalid(errors) = err else {
        panic!("a field error")
    };
    assert_eq!(errors[0].field, "time_zone");
    assert!(errors[0].message.contains("listed time zones"));
    assert_eq!(
        load(&app, &host).await,
        before,
        "a refused save changed something"
    );
    // A user who may not manage settings is refused, and changes nothing either.
    let lawyer = app.add_user(&app.a, "lawyer@alpha.test", "lawyer").await;
    let pairs = profile_form(&[]);
    let refused = app
        .send_form(&host, "firm/profile-save", &pairs, Some(&lawyer))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = upload_logo(&app, &host, &lawyer, LOGO.to_vec()).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(load(&app, &host).await, before);
}

async fn another_firm_never_reaches_the_profile_or_the_logo(app: TestApp) {
    let (alpha, bravo) = (app.a.host(), app.b.host());
    let admin_b = app.cookies[&bravo].clone();
    let upload = upload_logo(&app, &alpha, &app.cookies[&alpha], LOGO.to_vec()).await;
    assert_eq!(upload.status(), StatusCode::OK);
    // On its own host Bravo has no logo: Alpha's is not found there.
    let own = app.get(&bravo, "/firm/logo").await;
    assert_eq!(own.status(), StatusCode::NOT_FOUND);
    assert!(load(&app, &bravo).await.logo.is_none());
    // Bravo's admin on Alpha's host is nobody there (and that session ends).
    for endpoint in ["firm/profile", "firm/logo-remove", "firm/time-zones"] {
        let refused = app.send_form(&alpha, endpoint, &[], Some(&admin_b)).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    let pairs = profile_form(&[("name", "Taken Over")]);
    let refused = app
        .send_form(&alpha, "firm/profile-save", &pairs, Some(&admin_b))
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let refused = upload_logo(&app, &alpha, &admin_b, LOGO.to_vec()).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let logo = app.get_as(&app.b, &alpha, "/firm/logo").await;
    assert_ne!(logo.status(), StatusCode::OK);
    assert_ne!(logo.bytes().await.unwrap().as_ref(), LOGO);
    assert_eq!(load(&app, &alpha).await.name, "Alpha & Partners");
    // Signed out, the logo is not served either.
    let anonymous = app.get_with(&alpha, "/firm/logo", None).await;
    assert_ne!(anonymous.status(), StatusCode::OK);
}

async fn a_logo_is_checked_stored_redacted_in_the_audit_and_served(app: TestApp) {
    use app::ssr::db::entities::audit_entries;
    let host = app.a.host();
    let cookie = app.cookies[&host].clone();
    // Not a PNG, or too large: refused with what to do, and nothing stored.
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".to_vec();
    let refused = upload_logo(&app, &host, &cookie, svg).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: AppError = refused.json().await.unwrap();
    assert!(err.field("file").unwrap().contains("Save the logo as PNG"));
    let refused = upload_logo(&app, &host, &cookie, vec![0; 600 * 1024]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: AppError = refused.json().await.unwrap();
    assert!(err.field("file").unwrap().contains("at most 512 KB"));
    assert!(load(&app, &host).await.logo.is_none());
    // A PNG is stored, and its version is in the profile and the page's top bar.
    let stored: FirmProfile = upload_logo(&app, &host, &cookie, LOGO.to_vec())
        .await
        .json()
        .await
        .unwrap();
    let version = stored.logo.expect("the logo's version");
    let page = app.get(&host, "/").await.text().await.unwrap();
    assert!(page.contains(&format!("/firm/logo?v={version}")), "{page}");
    let served = app.get(&host, &format!("/firm/logo?v={version}")).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    let etag = served.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(served.bytes().await.unwrap().as_ref(), LOGO);
    let again = app
        .http
        .get(app.url("/firm/logo"))
        .header("host", &host)
        .header("cookie", &cookie)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The audit trail records the upload without the file.
    let entries = audit_entries::Entity::find()
        .filter(audit_entries::Column::FirmId.eq(app.a.id))
        .filter(audit_entries::Column::Entity.eq("firm_logos"))
        .all(&app.owner)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].changes.contains("[redacted]"),
        "{}",
        entries[0].changes
    );
    assert!(
        entries[0].changes.contains("\"width\":240"),
        "{}",
        entries[0].changes
    );
    // Removed, it is gone from the profile and the route.
    let removed: FirmProfile = TestApp::decode(app.call(&host, "firm/logo-remove", &[]).await)
        .await
        .unwrap();
    assert!(removed.logo.is_none());
    assert_eq!(
        app.get(&host, "/firm/logo").await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn the_firms_time_zone_sets_its_days(app: TestApp) {
    let host = app.a.host();
    // UTC+14 and UTC-11 are never on the same date.
    let (east, west) = ("Pacific/Kiritimati", "Pacific/Pago_Pago");
    save(&app, &host, &profile_form(&[("time_zone", east)]))
        .await
        .unwrap();
    let today = FirmClock::of_zone(east).unwrap().today().to_string();
    let other_day = FirmClock::of_zone(west).unwrap().today().to_string();
    assert_ne!(today, other_day);
    // Everything the firm did just now happened on its own today.
    let on_today = audit_page(
        &app,
        &host,
        &[("query[from]", &today), ("query[to]", &today)],
    )
    .await;
    assert!(on_today.total > 0);
    let on_other = audit_page(
        &app,
        &host,
        &[("query[from]", &other_day), ("query[to]", &other_day)],
    )
    .await;
    assert_eq!(on_other.total, 0);
    // Pages show the firm's zone.
    let page = app.get(&host, "/audit").await.text().await.unwrap();
    assert!(page.contains("times in Pacific/Kiritimati"), "{page}");
}

async fn requests_past_the_plans_rate_are_refused_for_that_firm_only(app: TestApp) {
    let admin = app.platform_admin().await;
    let _: app::plans::Plan = app
        .as_platform(
            &admin,
            "platform/plan-save",
            &[
                ("id", "metered"),
                ("name", "Metered"),
                ("seat_limit", ""),
                ("storage_quota_mb", ""),
                ("max_file_mb", ""),
                ("requests_per_minute", "5"),
                ("features", "documents,billing"),
            ],
        )
        .await
        .unwrap();
    let _: app::platform::FirmSummary = app
        .as_platform(
            &admin,
            "platform/firm-plan",
            &[("slug", "alpha"), ("plan", "metered")],
        )
        .await
        .unwrap();
    let host = app.a.host();
    for _ in 0..5 {
        let ok = app.call(&host, "firm/profile", &[]).await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
    // Static files are not counted (were they, this would be the sixth request).
    assert_ne!(
        app.get(&host, "/favicon.svg").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let refused = app.call(&host, "firm/profile", &[]).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers()["retry-after"], "60");
    let err: AppError = refused.json().await.unwrap();
    let AppError::Throttled(message) = &err else {
        panic!("a typed refusal, got {err:?}")
    };
    assert!(message.contains("plan's 5 requests a minute"), "{message}");
    assert!(err.to_string().contains("Wait a minute"));
    let page = app.get(&host, "/matters").await;
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.text().await.unwrap().contains("larger plan"));
    // The other firm, and the platform console, are not held back.
    for _ in 0..10 {
        assert_eq!(
            app.call(&app.b.host(), "firm/profile", &[]).await.status(),
            StatusCode::OK
        );
    }
    let plans: Result<Vec<app::plans::Plan>, _> =
        app.as_platform(&admin, "platform/plans", &[]).await;
    assert!(plans.is_ok());
}
