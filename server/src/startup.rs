//! Building the application: one `build` for `docket serve` and for the tests.

use std::sync::{Arc, LazyLock};

use app::ssr::crypto::MasterKey;
use app::ssr::documents::{Storage, sweeper};
use app::ssr::limits::{Allowances, Limits};
use app::ssr::mail::{Mailer, Transport};
use app::ssr::sessions::DbSessionStore;
use app::ssr::state::AppState;
use app::ssr::stats::{self, Activity};
use app::ssr::tenant::SiteResolver;
use app::{App, shell};
use axum::extract::State;
use axum::routing::get;
use axum::{Router, middleware};
use http::StatusCode;
use leptos::config::LeptosOptions;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use secrecy::ExposeSecret;
use tokio::net::TcpListener;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration as CookieDuration;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::checks::{self, CheckReport};
use crate::config::{Config, ConfigError, MailTransport, RunMode};
use crate::middleware::{
    HostPolicy, MakeRequestUuidV7, client_addr, require_sign_in, resolve_site, same_origin,
    security_headers,
};
use crate::{db, telemetry};

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// Configuration is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The database could not be reached.
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    /// A start-up check failed.
    #[error("start-up checks failed; nothing is served:\n{0}")]
    Checks(CheckReport),
    /// The listen address could not be bound.
    #[error("cannot listen on the configured address: {0}")]
    Bind(#[from] std::io::Error),
}

/// A built server, bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Connects, runs the start-up checks, builds the router and binds the listener. Refuses to
    /// build if any check fails.
    pub async fn build(config: &Config) -> Result<Application, StartupError> {
        let master_key = MasterKey::from_hex(config.master_key()?.expose_secret())
            .map_err(ConfigError::Invalid)?;
        let db = db::connect(&config.serving_database_url()).await?;
        let report = checks::run(&db).await;
        if !report.ok() {
            return Err(StartupError::Checks(report));
        }
        let listener = TcpListener::bind(config.listen).await?;
        let addr = listener.local_addr()?;
        let leptos_options = LeptosOptions::builder()
            .output_name("docket")
            .site_root(config.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();
        let mailer = Mailer::new(mail_transport(config)?, &config.mail_from())
            .map_err(|e| ConfigError::Invalid(format!("DOCKET_MAIL_FROM: {e}")))?;
        mailer.spawn_sender(db.clone());
        let storage = document_storage(config)?;
        sweeper::spawn(db.clone(), storage.clone());
        let activity = Arc::new(Activity::default());
        stats::spawn_flusher(db.clone(), activity.clone());
        let counting = db.clone();
        tokio::spawn(async move {
            match stats::bootstrap(&counting).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(firms = n, "dashboard counters counted for older firms"),
                Err(err) => tracing::warn!(error = %err, "counting older firms failed"),
            }
        });
        let state = AppState {
            leptos_options,
            sites: Arc::new(SiteResolver::new(db.clone(), &config.base_domain)),
            limits: Arc::new(Limits::new(Allowances {
                sign_in: config.sign_in_per_minute,
                searches: config.searches_per_minute,
                uploads: config.uploads_per_minute,
            })),
            mailer,
            urls: config.urls(addr.port()),
            master_key,
            storage,
            document_limits: config.document_limits(),
            activity: activity.clone(),
            db,
        };
        let router = router(state.clone(), config);
        Ok(Application {
            listener,
            router,
            state,
        })
    }

    /// The port the server listens on (useful when configured with port 0).
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The application state (tests use its database handle and resolver).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes in-flight requests.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await
    }
}

/// The app's routes, generated once per process. While they are generated, Leptos stops every
/// resource in the process from loading (a global switch in `leptos_server`; a resource first
/// polled meanwhile waits forever), so this must not run while any server in the process
/// renders, as it would when the integration tests build one server per test.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

fn router(state: AppState, config: &Config) -> Router {
    let options = state.leptos_options.clone();
    let routes = ROUTES.clone();
    let policy = HostPolicy {
        sites: state.sites.clone(),
        trusted_proxy: config.trusted_proxy,
        activity: state.activity.clone(),
        limits: state.limits.clone(),
    };
    let store = DbSessionStore::new(state.db.clone());
    sweep_expired_sessions(store.clone());
    // Host-only cookie (no Domain), so a firm's cookie is never sent to another firm's host.
    let sessions = SessionManagerLayer::new(store)
        .with_name("docket_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.env == RunMode::Production)
        .with_expiry(Expiry::OnInactivity(CookieDuration::minutes(
            IDLE_TIMEOUT_MINUTES,
        )));
    let site = Router::new()
        .leptos_routes(&state, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(app::ssr::documents::routes::router())
        .merge(app::ssr::billing::routes::router())
        .merge(app::ssr::audit::routes::router())
        .merge(app::ssr::firm_logo::router())
        .merge(app::ssr::support::router())
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            state.db.clone(),
            require_sign_in,
        ))
        .layer(middleware::from_fn_with_state(policy.clone(), resolve_site))
        .layer(middleware::from_fn_with_state(policy, client_addr))
        .layer(sessions)
        .layer(middleware::from_fn(same_origin))
        .with_state(state.clone());
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .with_state(state)
        .nest_service(
            "/pkg",
            ServeDir::new(config.site_root.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .merge(site);
    for (name, value) in security_headers(config.env == RunMode::Production) {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(telemetry::request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuidV7))
}

fn mail_transport(config: &Config) -> Result<Transport, ConfigError> {
    match config.mail_transport() {
        MailTransport::Files => {
            let dir = config.data_dir.join("mail");
            Transport::files(dir.clone()).map_err(|e| {
                ConfigError::Invalid(format!(
                    "cannot create the mail folder {}: {e}",
                    dir.display()
                ))
            })
        }
        MailTransport::Smtp => {
            let url = config
                .smtp_url
                .as_ref()
                .map(|u| u.expose_secret().to_string());
            Transport::smtp(url.as_deref().unwrap_or_default())
                .map_err(|e| ConfigError::Invalid(format!("DOCKET_SMTP_URL: {e}")))
        }
        MailTransport::Memory => Ok(Transport::memory()),
    }
}

/// Where documents are kept: the S3 bucket if one is configured, else the documents folder.
pub fn document_storage(config: &Config) -> Result<Storage, ConfigError> {
    match &config.s3_bucket {
        Some(bucket) => Storage::s3_from_env(bucket)
            .map_err(|e| ConfigError::Invalid(format!("DOCKET_S3_BUCKET: {e}"))),
        None => Storage::local(&config.documents_dir())
            .map_err(|e| ConfigError::Invalid(format!("DOCKET_DOCUMENTS_DIR: {e}"))),
    }
}

/// Minutes without a request after which a session ends.
const IDLE_TIMEOUT_MINUTES: i64 = 30;

/// Deletes expired sessions every ten minutes, for as long as the runtime runs.
fn sweep_expired_sessions(store: DbSessionStore) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(err) = store.delete_expired().await {
                tracing::warn!(error = %err, "sweeping expired sessions failed");
            }
        }
    });
}

/// 200 when the database answers, 503 otherwise.
async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
