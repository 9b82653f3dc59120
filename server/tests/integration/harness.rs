//! The test harness: `TestApp::spawn(Backend)` builds the server with the same `build()` as
//! `docket serve`, on port 0, with a fresh database (a temp SQLite file, or a new PostgreSQL
//! database dropped afterwards) and two seeded firms, and gives typed helpers.
//!
//! PostgreSQL is at `DOCKET_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`).
//! When it is unreachable the PostgreSQL variants skip, except under `CI=true`, where they fail.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use app::clients::{Client, ClientPage};
use app::error::AppError;
use app::ssr::documents::Storage;
use app::ssr::mail::Mailer;
use app::ssr::services::firms::{FirmRequest, provision};
use app::ssr::tenant::SiteResolver;
use figment::Figment;
use figment::providers::Serialized;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use secrecy::ExposeSecret;
use server::config::Config;
use server::startup::Application;
use uuid::Uuid;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A seeded firm.
#[derive(Clone, Debug)]
pub struct TestFirm {
    pub id: Uuid,
    pub slug: String,
}

impl TestFirm {
    /// The firm's `Host` header value.
    pub fn host(&self) -> String {
        format!("{}.localhost", self.slug)
    }
}

/// A running server with its database.
pub struct TestApp {
    pub port: u16,
    pub http: reqwest::Client,
    pub a: TestFirm,
    pub b: TestFirm,
    /// The owner's connection (migrations, direct inspection).
    pub owner: DatabaseConnection,
    /// The connection the server serves with (the app role on PostgreSQL).
    pub served: DatabaseConnection,
    pub config: Config,
    /// The running server's host resolver (to invalidate its cache after direct changes).
    pub resolver: Arc<SiteResolver>,
    /// The running server's mailer (in memory: tests read what it delivered).
    pub mailer: Arc<Mailer>,
    pub backend: Backend,
    /// The session cookie of each firm's signed-in admin, by host.
    pub cookies: HashMap<String, String>,
    /// The running server's document storage (tests run its sweeper by hand).
    pub storage: Storage,
    /// The running server's activity tallies (tests write them out by hand).
    pub activity: Arc<app::ssr::stats::Activity>,
    /// Where that storage keeps its files: `{documents_dir}/{firm_id}/{version_id}`.
    pub documents_dir: PathBuf,
    _cleanup: Cleanup,
}

/// The platform console's host.
pub const ADMIN_HOST: &str = "admin.localhost";

/// The password every seeded admin has.
pub const ADMIN_PASSWORD: &str = "a test password of some length";

/// The fixed master key of test servers.
const TEST_MASTER_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn admin_postgres_url() -> String {
    std::env::var("DOCKET_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Replaces the database name in a PostgreSQL URL.
fn with_database(url: &str, db: &str) -> String {
    let mut url = url::Url::parse(url).expect("DOCKET_TEST_POSTGRES_URL is a URL");
    url.set_path(db);
    url.to_string()
}

fn with_user(url: &str, user: &str, password: &str) -> String {
    let mut url = url::Url::parse(url).expect("a database URL");
    url.set_username(user).expect("URL takes a user");
    url.set_password(Some(password))
        .expect("URL takes a password");
    url.to_string()
}

impl TestApp {
    /// Spawns a server, or `None` when PostgreSQL is unreachable outside CI.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |figment| figment).await
    }

    /// Spawns a server whose configuration `adjust` changes last.
    pub async fn spawn_with(
        backend: Backend,
        adjust: impl FnOnce(Figment) -> Figment,
    ) -> Option<TestApp> {
        let dir = std::env::temp_dir().join(format!("docket-test-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut cleanup = Cleanup {
            dir: dir.clone(),
            database: None,
        };
        let mut figment = Figment::new()
            .merge(Serialized::default("data_dir", dir.display().to_string()))
            .merge(Serialized::default("listen", "127.0.0.1:0"))
            .merge(Serialized::default("master_key", TEST_MASTER_KEY))
            .merge(Serialized::default(
                "site_root",
                dir.join("site").display().to_string(),
            ));
        if backend == Backend::Postgres {
            let admin = match server::db::connect(&admin_postgres_url()).await {
                Ok(conn) => conn,
                Err(err) if std::env::var("CI").as_deref() == Ok("true") => {
                    panic!("PostgreSQL is unreachable under CI=true: {err}")
                }
                Err(err) => {
                    eprintln!("skipping: PostgreSQL unreachable ({err})");
                    return None;
                }
            };
            let name = format!("docket_test_{}", Uuid::now_v7().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            cleanup.database = Some(name.clone());
            let owner_url = with_database(&admin_postgres_url(), &name);
            figment = figment
                .merge(Serialized::default("database_url", owner_url.clone()))
                .merge(Serialized::default(
                    "app_database_url",
                    with_user(&owner_url, "docket_app", "docket_app"),
                ));
        }
        // Tests sign in often from one address; the rate-limit test sets its own allowance.
        // Mail stays in memory unless a test sends it somewhere real. Documents go to the temp
        // dir, with limits small enough to reach.
        let figment = adjust(
            figment
                .merge(Serialized::default("sign_in_per_minute", 1000))
                .merge(Serialized::default("mail_transport", "memory"))
                .merge(Serialized::default(
                    "documents_dir",
                    dir.join("documents").display().to_string(),
                ))
                .merge(Serialized::default("max_upload_mb", 60))
                .merge(Serialized::default("firm_quota_mb", 200)),
        );
        let config = Config::from_figment(figment).expect("test configuration is valid");
        let owner = server::db::connect(&config.owner_database_url())
            .await
            .expect("owner connects");
        let app_url = config
            .app_database_url
            .as_ref()
            .map(|s| secrecy::ExposeSecret::expose_secret(s).to_string());
        let report = server::db::migrate(&owner, app_url.as_deref())
            .await
            .expect("migrations run");
        assert!(
            report.todo.is_empty(),
            "migrate left work: {:?}",
            report.todo
        );
        let served = server::db::connect(&config.serving_database_url())
            .await
            .expect("app role connects");
        let a = seed_firm(&served, "alpha", "Alpha & Partners").await;
        let b = seed_firm(&served, "bravo", "Bravo Legal").await;
        let application = Application::build(&config).await.expect("server builds");
        let port = application.port();
        let resolver = application.state().sites.clone();
        let mailer = application.state().mailer.clone();
        let storage = application.state().storage.clone();
        let activity = application.state().activity.clone();
        let documents_dir = config.documents_dir();
        tokio::spawn(application.run_until_stopped());
        let mut app = TestApp {
            port,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .unwrap(),
            a,
            b,
            owner,
            served,
            config,
            resolver,
            mailer,
            backend,
            cookies: HashMap::new(),
            storage,
            activity,
            documents_dir,
            _cleanup: cleanup,
        };
        for firm in [app.a.clone(), app.b.clone()] {
            let cookie = app
                .sign_in(
                    &firm.host(),
                    &format!("admin@{}.test", firm.slug),
                    ADMIN_PASSWORD,
                )
                .await
                .expect("the seeded admin signs in");
            app.cookies.insert(firm.host(), cookie);
        }
        Some(app)
    }

    /// Signs in on `host`; the session cookie (`name=value`) on success.
    pub async fn sign_in(
        &self,
        host: &str,
        email: &str,
        password: &str,
    ) -> Result<String, (StatusCode, AppError)> {
        let response = self
            .send_form(
                host,
                "auth/sign-in",
                &[("email", email), ("password", password), ("next", "/")],
                None,
            )
            .await;
        let cookie = session_cookie(&response);
        Self::decode::<String>(response).await?;
        Ok(cookie.expect("a session cookie after signing in"))
    }

    /// POSTs a form to `/api/{endpoint}` on `host` from a page of that host (same `Origin`), with
    /// this cookie.
    pub async fn send_form(
        &self,
        host: &str,
        endpoint: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.url(&format!("/api/{endpoint}")))
            .header("host", host)
            .header("origin", format!("http://{host}"))
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// `http://127.0.0.1:{port}{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// GET `path` with this `Host` header, as the host's signed-in admin if it is a seeded firm.
    pub async fn get(&self, host: &str, path: &str) -> reqwest::Response {
        self.get_with(host, path, self.cookies.get(host).map(String::as_str))
            .await
    }

    /// GET `path` on `host` (any spelling of it) with the session of `firm`'s signed-in admin.
    pub async fn get_as(&self, firm: &TestFirm, host: &str, path: &str) -> reqwest::Response {
        self.get_with(host, path, Some(&self.cookies[&firm.host()]))
            .await
    }

    /// GET `path` on `host` with this session cookie, or none.
    pub async fn get_with(
        &self,
        host: &str,
        path: &str,
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self.http.get(self.url(path)).header("host", host);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.expect("request sent")
    }

    /// Calls the server function at `/api/{endpoint}` on `host`, as the host's signed-in admin
    /// if it is a seeded firm.
    pub async fn call(
        &self,
        host: &str,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.send_form(
            host,
            endpoint,
            form,
            self.cookies.get(host).map(String::as_str),
        )
        .await
    }

    /// Decodes a server function's answer into its value, or its status and typed error.
    pub async fn decode<T: serde::de::DeserializeOwned>(
        response: reqwest::Response,
    ) -> Result<T, (StatusCode, AppError)> {
        let status = response.status();
        let body = response.text().await.expect("body");
        if status.is_success() {
            Ok(serde_json::from_str(&body).unwrap_or_else(|e| panic!("bad body {body}: {e}")))
        } else {
            Err((
                status,
                serde_json::from_str(&body)
                    .unwrap_or_else(|e| panic!("bad error body ({status}) {body}: {e}")),
            ))
        }
    }

    /// Creates a client through the server function, on `host`.
    pub async fn create_client(&self, host: &str, name: &str) -> Client {
        let response = self
            .call(
                host,
                "clients/create",
                &[
                    ("name", name),
                    ("email", ""),
                    ("phone", ""),
                    ("kind", "person"),
                    ("notes", ""),
                ],
            )
            .await;
        Self::decode(response).await.expect("client created")
    }

    /// Lists clients through the server function, on `host`.
    pub async fn list_clients(
        &self,
        host: &str,
        q: &str,
        page: u64,
    ) -> Result<ClientPage, (StatusCode, AppError)> {
        let page = page.to_string();
        Self::decode(
            self.call(host, "clients/list", &[("q", q), ("page", &page)])
                .await,
        )
        .await
    }

    /// Gets a client through the server function, on `host`.
    pub async fn get_client(&self, host: &str, id: Uuid) -> Result<Client, (StatusCode, AppError)> {
        let id = id.to_string();
        Self::decode(self.call(host, "clients/get", &[("id", &id)]).await).await
    }
}

impl TestApp {
    /// Creates the platform admin `ops@docket.test` and signs them in at [`ADMIN_HOST`]; their
    /// session cookie.
    pub async fn platform_admin(&self) -> String {
        let (email, password) = app::ssr::platform::create_admin(&self.served, "ops@docket.test")
            .await
            .unwrap();
        self.sign_in(ADMIN_HOST, &email, &password)
            .await
            .expect("the platform admin signs in")
    }

    /// Calls the platform's server function `endpoint` as the platform admin with this cookie.
    pub async fn as_platform<T: serde::de::DeserializeOwned>(
        &self,
        cookie: &str,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<T, (StatusCode, AppError)> {
        Self::decode(
            self.send_form(ADMIN_HOST, endpoint, form, Some(cookie))
                .await,
        )
        .await
    }

    /// The app role's database URL (PostgreSQL).
    pub fn app_role_url(&self) -> String {
        self.config
            .app_database_url
            .as_ref()
            .expect("app role URL")
            .expose_secret()
            .to_string()
    }

    /// Adds a user with this role to `firm` (password [`ADMIN_PASSWORD`]) and signs them in;
    /// returns their session cookie.
    pub async fn add_user(&self, firm: &TestFirm, email: &str, role: &str) -> String {
        use app::ssr::db::entities::users;
        use sea_orm::ActiveValue::Set;
        let hash = app::ssr::services::passwords::hash(ADMIN_PASSWORD.into())
            .await
            .unwrap();
        let db = app::ssr::db::FirmDb::begin(&self.served, firm.id)
            .await
            .unwrap();
        db.insert(users::ActiveModel {
            id: Set(app::ssr::db::new_id()),
            email: Set(email.into()),
            name: Set(role.into()),
            password_hash: Set(hash),
            role: Set(role.into()),
            created_at: Set(app::ssr::db::now()),
            failed_sign_ins: Set(0),
            locked_until: Set(None),
            active: Set(true),
            last_sign_in_at: Set(None),
            ..Default::default()
        })
        .await
        .unwrap();
        db.commit().await.unwrap();
        self.sign_in(&firm.host(), email, ADMIN_PASSWORD)
            .await
            .unwrap()
    }
}

/// A delivered mail, parsed.
#[derive(Clone, Debug)]
pub struct TestMail {
    pub to: Vec<String>,
    pub from: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl TestMail {
    /// Parses a raw RFC 5322 message.
    pub fn parse(to: Vec<String>, raw: &[u8]) -> TestMail {
        let message = mail_parser::MessageParser::default()
            .parse(raw)
            .expect("a parsable message");
        TestMail {
            to,
            from: message
                .from()
                .and_then(|f| f.first())
                .map(|a| {
                    format!(
                        "{} <{}>",
                        a.name().unwrap_or_default(),
                        a.address().unwrap_or_default()
                    )
                })
                .unwrap_or_default(),
            subject: message.subject().unwrap_or_default().to_string(),
            text: message
                .body_text(0)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            html: message
                .body_html(0)
                .map(|t| t.to_string())
                .unwrap_or_default(),
        }
    }

    /// The first link in the text part that contains `path`, as `(host, path and query)`.
    pub fn link(&self, path: &str) -> (String, String) {
        let url = self
            .text
            .split_whitespace()
            .find(|w| w.starts_with("http") && w.contains(path))
            .unwrap_or_else(|| panic!("no link to {path} in:\n{}", self.text));
        let url = url::Url::parse(url).expect("a URL");
        let host = url.host_str().expect("a host").to_string();
        let tail = match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        };
        (host, tail)
    }

    /// The `token` query parameter of the first link to `path`.
    pub fn token(&self, path: &str) -> String {
        let (_, tail) = self.link(path);
        tail.split_once("token=")
            .map(|(_, t)| t.to_string())
            .expect("a token in the link")
    }
}

impl TestApp {
    /// Every mail delivered so far to `email`, oldest first.
    pub async fn mails_to(&self, email: &str) -> Vec<TestMail> {
        self.mailer
            .delivered()
            .await
            .into_iter()
            .filter(|(to, _)| to.iter().any(|t| t == email))
            .map(|(to, raw)| TestMail::parse(to, raw.as_bytes()))
            .collect()
    }

    /// Every raw message delivered so far to `email`, oldest first.
    pub async fn raw_mails_to(&self, email: &str) -> Vec<String> {
        self.mailer
            .delivered()
            .await
            .into_iter()
            .filter(|(to, _)| to.iter().any(|t| t == email))
            .map(|(_, raw)| raw)
            .collect()
    }

    /// Waits (up to 10 s) until `email` has received `count` mails, and returns the last.
    pub async fn wait_for_mail(&self, email: &str, count: usize) -> TestMail {
        for _ in 0..200 {
            let mails = self.mails_to(email).await;
            if mails.len() >= count {
                return mails[count - 1].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!(
            "{email} received {} mails, expected {count}",
            self.mails_to(email).await.len()
        );
    }

    /// Mails queued but not yet delivered or given up on, for every firm.
    pub async fn outbox_waiting(&self) -> u64 {
        use app::ssr::db::entities::outbox;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        outbox::Entity::find()
            .filter(outbox::Column::SentAt.is_null())
            .count(&self.served)
            .await
            .unwrap()
    }

    /// The number of rows in the outbox, sent or not.
    pub async fn outbox_total(&self) -> u64 {
        use app::ssr::db::entities::outbox;
        use sea_orm::{EntityTrait, PaginatorTrait};
        outbox::Entity::find().count(&self.served).await.unwrap()
    }
}

/// The `docket_session=...` pair a response sets, if any.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("docket_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

async fn seed_firm(db: &DatabaseConnection, slug: &str, name: &str) -> TestFirm {
    let created = provision(
        db,
        FirmRequest {
            slug: slug.into(),
            name: name.into(),
            admin_email: format!("admin@{slug}.test"),
            admin_name: None,
            admin_verified: true,
            admin_password: Some(ADMIN_PASSWORD.into()),
            currency: None,
            plan: None,
        },
    )
    .await
    .expect("firm provisioned");
    TestFirm {
        id: created.firm.id,
        slug: created.firm.slug,
    }
}

/// Removes the temp dir and drops the PostgreSQL database when the test ends.
struct Cleanup {
    dir: PathBuf,
    database: Option<String>,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(name) = self.database.take() {
            // A fresh thread with its own runtime: Drop may run inside the test's runtime.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    if let Ok(admin) = server::db::connect(&admin_postgres_url()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Runs each named test function on SQLite and on PostgreSQL: `both_backends!(a, b);` makes
/// `sqlite::a`, `postgres::a`, ... Each function takes a `TestApp`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = $crate::harness::TestApp::spawn($crate::harness::Backend::Sqlite).await.expect("SQLite always runs");
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = $crate::harness::TestApp::spawn($crate::harness::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            )*
        }
    };
}
