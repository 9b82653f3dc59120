//! Configuration: built-in defaults, then an optional `docket.toml`, then `DOCKET_*` environment
//! variables. Validated once at start, with messages that say what to fix. Secrets are held as
//! `SecretString` so they never reach a log or a `Debug` print.
//!
//! `figment` does the layering: it is the well-kept crate for exactly this (defaults, a file and
//! the environment merged into one typed struct, with errors that name the offending key).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use app::ssr::documents::{DocumentLimits, MB};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// The most megabytes a limit may be: its bytes must fit the databases' signed 64-bit sums.
const MAX_MB: u64 = 1 << 40;

/// Where Docket runs: development generates what it lacks, production requires it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunMode {
    /// Local development: a master key is generated into the data dir if none is set.
    Development,
    /// Production: every secret must be configured; cookies are `Secure`.
    Production,
}

/// Docket's settings.
#[derive(Clone, Debug, Deserialize)]
pub struct Config {
    /// `DOCKET_ENV`: `development` (default) or `production`.
    pub env: RunMode,
    /// `DOCKET_DATABASE_URL`: the owning role's connection (migrations). Default: the SQLite file
    /// `{data_dir}/docket.db`.
    pub database_url: Option<SecretString>,
    /// `DOCKET_APP_DATABASE_URL`: the unprivileged role the server runs as on PostgreSQL.
    pub app_database_url: Option<SecretString>,
    /// `DOCKET_BASE_DOMAIN`: firms live at `{slug}.{base_domain}`. Default `localhost`.
    pub base_domain: String,
    /// `DOCKET_LISTEN`: the address to serve on. Default `127.0.0.1:3000`.
    pub listen: SocketAddr,
    /// `DOCKET_DATA_DIR`: database, outbox and documents in development. Default `data`.
    pub data_dir: PathBuf,
    /// `DOCKET_MASTER_KEY`: 64 hex characters (32 bytes) that wrap each firm's data key.
    pub master_key: Option<SecretString>,
    /// `DOCKET_TRUSTED_PROXY`: honour `X-Forwarded-Host` (only behind a proxy that sets it).
    pub trusted_proxy: bool,
    /// `DOCKET_SITE_ROOT` (or cargo-leptos' `LEPTOS_SITE_ROOT`): the built static site.
    pub site_root: PathBuf,
    /// `DOCKET_LOG`: a tracing filter such as `info` or `docket=debug,info`.
    pub log: String,
    /// `DOCKET_SIGN_IN_PER_MINUTE`: sign-in attempts allowed per client address per minute.
    pub sign_in_per_minute: u32,
    /// `DOCKET_SEARCHES_PER_MINUTE`: searches allowed per user per minute (a firm's users
    /// together: ten times as many).
    pub searches_per_minute: u32,
    /// `DOCKET_UPLOADS_PER_MINUTE`: uploads allowed per user per minute (a firm's users
    /// together: ten times as many).
    pub uploads_per_minute: u32,
    /// `DOCKET_PUBLIC_URL`: how people reach Docket, e.g. `https://docket.example.com`; links in
    /// mail are built from it (firms at `https://{slug}.docket.example.com`). Default
    /// `http://{base_domain}:{port}`.
    pub public_url: Option<String>,
    /// `DOCKET_MAIL_TRANSPORT`: `files` (default: `.eml` files under `{data_dir}/mail`),
    /// `smtp` (the default when `DOCKET_SMTP_URL` is set) or `memory` (tests only).
    pub mail_transport: Option<MailTransport>,
    /// `DOCKET_SMTP_URL`: e.g. `smtp://user:pass@smtp.example.com:587?tls=required`.
    pub smtp_url: Option<SecretString>,
    /// `DOCKET_MAIL_FROM`: the sender address. Default `no-reply@{base_domain}`.
    pub mail_from: Option<String>,
    /// `DOCKET_DOCUMENTS_DIR`: where documents are kept (encrypted) unless an S3 bucket is set.
    /// Default `{data_dir}/documents`.
    pub documents_dir: Option<PathBuf>,
    /// `DOCKET_S3_BUCKET`: keep documents in this S3-compatible bucket instead, reached and
    /// authenticated as the standard `AWS_*` variables say (`AWS_ENDPOINT`,
    /// `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, ...).
    pub s3_bucket: Option<String>,
    /// `DOCKET_MAX_UPLOAD_MB`: the largest file one upload may be, in MB. Default 1024.
    pub max_upload_mb: u64,
    /// `DOCKET_FIRM_QUOTA_MB`: how much each firm may store (every version, the trash included),
    /// in MB. Default 10240.
    pub firm_quota_mb: u64,
}

/// Where mail goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// `.eml` files in `{data_dir}/mail`.
    Files,
    /// The SMTP relay at `DOCKET_SMTP_URL`.
    Smtp,
    /// Kept in memory; for tests.
    Memory,
}

#[derive(Serialize)]
struct Defaults {
    env: RunMode,
    base_domain: &'static str,
    listen: &'static str,
    data_dir: &'static str,
    trusted_proxy: bool,
    site_root: String,
    log: &'static str,
    sign_in_per_minute: u32,
    max_upload_mb: u64,
    firm_quota_mb: u64,
    searches_per_minute: u32,
    uploads_per_minute: u32,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            env: RunMode::Development,
            base_domain: "localhost",
            listen: "127.0.0.1:3000",
            data_dir: "data",
            trusted_proxy: false,
            site_root: std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()),
            log: "info",
            sign_in_per_minute: 10,
            max_upload_mb: 1024,
            firm_quota_mb: 10240,
            searches_per_minute: 60,
            uploads_per_minute: 120,
        }
    }
}

/// A configuration problem, worded for the person starting Docket.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A value could not be read.
    #[error("configuration: {0}")]
    Read(#[from] Box<figment::Error>),
    /// A value was read but is not acceptable.
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Loads defaults, `docket.toml` (if present, or the file `DOCKET_CONFIG` names), then
    /// `DOCKET_*` variables, and validates the result.
    pub fn load() -> Result<Config, ConfigError> {
        let file = std::env::var("DOCKET_CONFIG").unwrap_or_else(|_| "docket.toml".into());
        let figment = Figment::from(Serialized::defaults(Defaults::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("DOCKET_").ignore(&["config"]));
        Self::from_figment(figment)
    }

    /// Reads and validates a configuration from any figment (tests build their own).
    pub fn from_figment(figment: Figment) -> Result<Config, ConfigError> {
        let figment = Figment::from(Serialized::defaults(Defaults::default())).merge(figment);
        let config: Config = figment.extract().map_err(Box::new)?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let domain = &self.base_domain;
        if domain.is_empty()
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain
                .chars()
                .any(|c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        {
            return Err(ConfigError::Invalid(format!(
                "DOCKET_BASE_DOMAIN {domain:?} is not a domain name; use something like docket.example.com or localhost"
            )));
        }
        if let Some(key) = &self.master_key {
            parse_master_key(key.expose_secret())?;
        }
        if self.env == RunMode::Production {
            if self.master_key.is_none() {
                return Err(ConfigError::Invalid(
                    "DOCKET_MASTER_KEY is required in production: set it to 64 hex characters (e.g. `openssl rand -hex 32`) and keep it safe".into(),
                ));
            }
            if self.database_url.is_none() {
                return Err(ConfigError::Invalid(
                    "DOCKET_DATABASE_URL is required in production: point it at PostgreSQL".into(),
                ));
            }
        }
        match (self.mail_transport(), &self.smtp_url, self.env) {
            (MailTransport::Smtp, None, _) => {
                return Err(ConfigError::Invalid(
                    "DOCKET_MAIL_TRANSPORT is smtp but DOCKET_SMTP_URL is not set; set it (e.g. smtp://user:pass@smtp.example.com:587?tls=required)".into(),
                ));
            }
            (MailTransport::Memory, _, RunMode::Production) => {
                return Err(ConfigError::Invalid(
                    "DOCKET_MAIL_TRANSPORT=memory loses every mail; use smtp in production".into(),
                ));
            }
            _ => {}
        }
        for (name, mb) in [
            ("DOCKET_MAX_UPLOAD_MB", self.max_upload_mb),
            ("DOCKET_FIRM_QUOTA_MB", self.firm_quota_mb),
        ] {
            if mb == 0 || mb > MAX_MB {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be a number of megabytes from 1 to {MAX_MB} (got {mb})"
                )));
            }
        }
        if self
            .s3_bucket
            .as_deref()
            .is_some_and(|bucket| bucket.trim().is_empty())
        {
            return Err(ConfigError::Invalid(
                "DOCKET_S3_BUCKET is empty: set it to the bucket's name, or unset it to keep documents in DOCKET_DOCUMENTS_DIR".into(),
            ));
        }
        if let Some(public) = &self.public_url {
            let parsed = url::Url::parse(public).ok().filter(|u| {
                matches!(u.scheme(), "http" | "https")
                    && u.host_str() == Some(self.base_domain.as_str())
                    && u.path() == "/"
            });
            if parsed.is_none() {
                return Err(ConfigError::Invalid(format!(
                    "DOCKET_PUBLIC_URL {public:?} must be http(s)://{}[:port], with no path",
                    self.base_domain
                )));
            }
        }
        for (name, url) in [
            ("DOCKET_DATABASE_URL", &self.database_url),
            ("DOCKET_APP_DATABASE_URL", &self.app_database_url),
        ] {
            if let Some(url) = url {
                let url = url.expose_secret();
                if !(url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://"))
                {
                    return Err(ConfigError::Invalid(format!(
                        "{name} must start with sqlite: or postgres:// (got a value starting {:?})",
                        url.chars().take(9).collect::<String>()
                    )));
                }
            }
        }
        Ok(())
    }

    /// The owner's database URL: the configured one, or the SQLite file in the data dir.
    pub fn owner_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose_secret().to_string(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("docket.db").display()
            ),
        }
    }

    /// The URL the server runs on: the app role's if set, else the owner's (which the start-up
    /// checks then refuse on PostgreSQL).
    pub fn serving_database_url(&self) -> String {
        match &self.app_database_url {
            Some(url) => url.expose_secret().to_string(),
            None => self.owner_database_url(),
        }
    }

    /// Where mail goes: as configured, else SMTP if a URL is set, else files.
    pub fn mail_transport(&self) -> MailTransport {
        match (self.mail_transport, &self.smtp_url) {
            (Some(t), _) => t,
            (None, Some(_)) => MailTransport::Smtp,
            (None, None) => MailTransport::Files,
        }
    }

    /// The sender address of mail.
    pub fn mail_from(&self) -> String {
        self.mail_from
            .clone()
            .unwrap_or_else(|| format!("no-reply@{}", self.base_domain))
    }

    /// The scheme and authority of links in mail: `DOCKET_PUBLIC_URL`, else plain HTTP on the
    /// base domain and the port actually bound.
    pub fn urls(&self, bound_port: u16) -> app::ssr::urls::Urls {
        match self
            .public_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
        {
            Some(u) => {
                let authority = match u.port() {
                    Some(port) => format!("{}:{port}", self.base_domain),
                    None => self.base_domain.clone(),
                };
                app::ssr::urls::Urls::new(u.scheme(), &authority)
            }
            None => {
                app::ssr::urls::Urls::new("http", &format!("{}:{bound_port}", self.base_domain))
            }
        }
    }

    /// Where documents are kept when no S3 bucket is set.
    pub fn documents_dir(&self) -> PathBuf {
        self.documents_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("documents"))
    }

    /// The upload and storage limits, in bytes.
    pub fn document_limits(&self) -> DocumentLimits {
        DocumentLimits {
            max_upload_bytes: self.max_upload_mb * MB,
            firm_quota_bytes: self.firm_quota_mb * MB,
        }
    }

    /// Whether the database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.owner_database_url().starts_with("postgres")
    }

    /// The master key: configured, or in development read from (or generated into)
    /// `{data_dir}/master.key` with owner-only permissions.
    pub fn master_key(&self) -> Result<SecretString, ConfigError> {
        if let Some(key) = &self.master_key {
            return Ok(key.clone());
        }
        let path = self.data_dir.join("master.key");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            parse_master_key(existing.trim())?;
            return Ok(SecretString::from(existing.trim().to_string()));
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| ConfigError::Invalid(format!("no randomness for a master key: {e}")))?;
        let key = hex::encode(bytes);
        write_private(&path, &key)?;
        tracing::warn!(path = %path.display(), "generated a development master key");
        Ok(SecretString::from(key))
    }
}

fn parse_master_key(key: &str) -> Result<[u8; 32], ConfigError> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(key, &mut out).map_err(|_| {
        ConfigError::Invalid(
            "DOCKET_MASTER_KEY must be exactly 64 hex characters (32 bytes)".into(),
        )
    })?;
    Ok(out)
}

fn write_private(path: &Path, contents: &str) -> Result<(), ConfigError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let fail =
        |e: std::io::Error| ConfigError::Invalid(format!("cannot write {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(fail)?;
    file.write_all(contents.as_bytes()).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut figment = Figment::new();
        for (k, v) in pairs {
            figment = figment.merge(Serialized::default(k, v));
        }
        Config::from_figment(figment)
    }

    #[test]
    fn defaults_serve_sqlite_on_localhost() {
        let c = with(&[]).unwrap();
        assert_eq!(c.base_domain, "localhost");
        assert_eq!(c.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(c.owner_database_url(), "sqlite://data/docket.db?mode=rwc");
        assert!(!c.is_postgres());
    }

    #[test]
    fn bad_values_are_refused_with_the_setting_named() {
        let err = with(&[("base_domain", "exa mple.com")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("DOCKET_BASE_DOMAIN"), "{err}");
        let err = with(&[("master_key", "abc")]).unwrap_err().to_string();
        assert!(err.contains("64 hex"), "{err}");
        let err = with(&[("database_url", "mysql://x")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("DOCKET_DATABASE_URL"), "{err}");
        let err = with(&[("listen", "nowhere")]).unwrap_err().to_string();
        assert!(err.contains("listen"), "{err}");
    }

    #[test]
    fn mail_goes_to_files_unless_smtp_is_configured() {
        assert_eq!(with(&[]).unwrap().mail_transport(), MailTransport::Files);
        let c = with(&[("smtp_url", "smtp://127.0.0.1:2525")]).unwrap();
        assert_eq!(c.mail_transport(), MailTransport::Smtp);
        let err = with(&[("mail_transport", "smtp")]).unwrap_err().to_string();
        assert!(err.contains("DOCKET_SMTP_URL"), "{err}");
        assert_eq!(with(&[]).unwrap().mail_from(), "no-reply@localhost");
    }

    #[test]
    fn links_use_the_public_url_or_the_bound_port() {
        let c = with(&[
            ("base_domain", "docket.example.com"),
            ("public_url", "https://docket.example.com"),
        ])
        .unwrap();
        assert_eq!(
            c.urls(3000).firm("acme", "/x"),
            "https://acme.docket.example.com/x"
        );
        assert_eq!(
            with(&[]).unwrap().urls(4321).firm("acme", "/"),
            "http://acme.localhost:4321/"
        );
        let err = with(&[("public_url", "https://elsewhere.example")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("DOCKET_PUBLIC_URL"), "{err}");
    }

    #[test]
    fn documents_default_to_the_data_dir_with_limits_in_megabytes() {
        let c = with(&[]).unwrap();
        assert_eq!(c.documents_dir(), PathBuf::from("data/documents"));
        assert_eq!(c.document_limits().max_upload_bytes, 1024 * MB);
        assert_eq!(c.document_limits().firm_quota_bytes, 10240 * MB);
        let zero = Figment::new().merge(Serialized::default("max_upload_mb", 0));
        let err = Config::from_figment(zero).unwrap_err().to_string();
        assert!(err.contains("DOCKET_MAX_UPLOAD_MB"), "{err}");
        let err = with(&[("s3_bucket", " ")]).unwrap_err().to_string();
        assert!(err.contains("DOCKET_S3_BUCKET"), "{err}");
    }

    #[test]
    fn production_requires_its_secrets() {
        let err = with(&[("env", "production")]).unwrap_err().to_string();
        assert!(err.contains("DOCKET_MASTER_KEY"), "{err}");
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let c = with(&[("database_url", "postgres://u:hunter2@db/docket")]).unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
