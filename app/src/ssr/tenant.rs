//! The tenant context: which site a request's host names, cached, and the firm-scoped data
//! handle that server functions reach firm data through.
//!
//! The server's middleware resolves the host once per request and puts the [`Site`] in the
//! request's extensions; Leptos hands those to server functions and pages as `Parts`. No `Site`,
//! or a site that is not a firm, means no firm data: [`firm_db`] answers `NotFound`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use http::request::Parts;
use leptos::prelude::*;
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use super::audit::AuditContext;
use super::auth::CurrentUser;
use super::db::{FirmDb, PlatformDb};
use super::errors::{internal, respond};
use super::state::AppState;
use crate::auth::{Permission, UserInfo};
use crate::clock::FirmClock;
use crate::error::AppError;
use crate::plans::Feature;
use crate::site::SiteInfo;

/// Subdomain labels that can never be a firm's slug.
pub const RESERVED_SLUGS: &[&str] = &[
    "admin", "www", "api", "app", "assets", "static", "mail", "email", "help", "support", "status",
    "docs", "blog", "login", "signup", "docket",
];

/// The firm a request belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirmRef {
    /// The firm's id.
    pub id: Uuid,
    /// The firm's subdomain label.
    pub slug: String,
    /// The firm's display name.
    pub name: String,
    /// The version of the firm's logo, when it has one.
    pub logo: Option<String>,
    /// The firm's clock.
    pub clock: FirmClock,
    /// The requests a minute the firm's plan allows (none: no limit).
    pub requests_per_minute: Option<u32>,
}

/// The site a request's host resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Site {
    /// An active firm's workspace.
    Firm(FirmRef),
    /// The platform console (`admin.`).
    Platform,
    /// The public site (bare domain or `www.`).
    Public,
}

impl Site {
    /// What the pages need to know of the site, with whoever is signed in to it.
    pub fn info(&self, user: Option<UserInfo>) -> SiteInfo {
        match self {
            Site::Firm(firm) => SiteInfo::Firm {
                slug: firm.slug.clone(),
                name: firm.name.clone(),
                logo: firm.logo.clone(),
                clock: firm.clock.clone(),
                user,
            },
            Site::Platform => SiteInfo::Platform { admin: user },
            Site::Public => SiteInfo::Public,
        }
    }

    /// The firm's id, for firm sites.
    pub fn firm_id(&self) -> Option<Uuid> {
        match self {
            Site::Firm(firm) => Some(firm.id),
            _ => None,
        }
    }
}

/// What a host resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// A site Docket serves.
    Site(Site),
    /// A firm whose account is suspended: its users see a page that says so.
    Suspended {
        /// The firm's display name.
        name: String,
        /// Why, as the platform admin gave it.
        reason: Option<String>,
    },
    /// No firm or site at this host.
    Unknown,
}

/// What a host names, before any database look-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostKind {
    /// `{slug}.{base}` with a well-formed, unreserved slug.
    FirmSlug(String),
    /// `admin.{base}`.
    Platform,
    /// `{base}` or `www.{base}`.
    Public,
    /// Any other well-formed host: perhaps a firm's verified custom domain.
    Custom(String),
    /// Malformed, reserved, or nested deeper than one label under the base domain.
    Invalid,
}

/// Whether `slug` is a well-formed firm slug: 3-40 lowercase letters, digits and hyphens, not
/// starting or ending with a hyphen.
pub fn is_valid_slug(slug: &str) -> bool {
    (3..=40).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// Lower-cases a `Host` header value and strips its port and any trailing dot.
pub fn normalize_host(host: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    if host.starts_with('[') {
        return None; // IPv6 literals name no firm.
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        Some(_) => return None,
        None => host.as_str(),
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    let well_formed = !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    well_formed.then(|| name.to_string())
}

/// Classifies a normalised host against the base domain.
pub fn classify_host(host: &str, base_domain: &str) -> HostKind {
    if host == base_domain {
        return HostKind::Public;
    }
    match host
        .strip_suffix(base_domain)
        .and_then(|rest| rest.strip_suffix('.'))
    {
        Some("www") => HostKind::Public,
        Some("admin") => HostKind::Platform,
        Some(label) if label.contains('.') => HostKind::Invalid,
        Some(label) if RESERVED_SLUGS.contains(&label) || !is_valid_slug(label) => {
            HostKind::Invalid
        }
        Some(label) => HostKind::FirmSlug(label.to_string()),
        None => HostKind::Custom(host.to_string()),
    }
}

/// How long a host's resolution is trusted before it is looked up again. Changes made by this
/// process invalidate at once; this bounds how stale a change made elsewhere (another process,
/// the CLI) can be.
const CACHE_TTL: Duration = Duration::from_secs(30);
/// Past this many hosts the cache starts afresh, so random hosts cannot grow it without bound.
const CACHE_MAX: usize = 10_000;

/// Resolves hosts to sites, with a small in-process cache.
///
/// A plain map behind a mutex: look-ups are a hash probe, entries expire after [`CACHE_TTL`],
/// and the whole map is dropped when it passes [`CACHE_MAX`] entries or a firm changes. That is
/// all this cache needs, so no caching crate is pulled in for it.
pub struct SiteResolver {
    db: DatabaseConnection,
    base_domain: String,
    cache: Mutex<HashMap<String, (Instant, Resolution)>>,
}

impl SiteResolver {
    /// A resolver for hosts under `base_domain`.
    pub fn new(db: DatabaseConnection, base_domain: &str) -> Self {
        SiteResolver {
            db,
            base_domain: base_domain.to_ascii_lowercase(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The site a `Host` header value names.
    pub async fn resolve(&self, host: &str) -> Result<Resolution, DbErr> {
        let Some(host) = normalize_host(host) else {
            return Ok(Resolution::Unknown);
        };
        if let Some(hit) = self.cached(&host) {
            return Ok(hit);
        }
        let platform = PlatformDb::new(&self.db);
        let firm = match classify_host(&host, &self.base_domain) {
            HostKind::Public => return Ok(Resolution::Site(Site::Public)),
            HostKind::Platform => return Ok(Resolution::Site(Site::Platform)),
            HostKind::Invalid => return Ok(Resolution::Unknown),
            HostKind::FirmSlug(slug) => platform.firm_by_slug(&slug).await?,
            HostKind::Custom(domain) => platform.firm_by_verified_domain(&domain).await?,
        };
        let resolution = match firm {
            None => Resolution::Unknown,
            Some(firm) if firm.status == "active" => {
                let (logo, clock, requests_per_minute) = self.looks_of(firm.id).await?;
                Resolution::Site(Site::Firm(FirmRef {
                    id: firm.id,
                    slug: firm.slug,
                    name: firm.name,
                    logo,
                    clock,
                    requests_per_minute,
                }))
            }
            Some(firm) => Resolution::Suspended {
                name: firm.name,
                reason: firm.suspended_reason,
            },
        };
        self.store(host, resolution.clone());
        Ok(resolution)
    }

    /// What every request of an active firm needs beyond its row: its logo's version, its
    /// clock and its plan's request rate.
    async fn looks_of(
        &self,
        firm_id: Uuid,
    ) -> Result<(Option<String>, FirmClock, Option<u32>), DbErr> {
        let firm = FirmDb::begin(&self.db, firm_id).await?;
        let looks = async {
            let logo = crate::firm_profile::store::logo_version(&firm).await?;
            let clock = crate::firm_profile::store::clock(&firm).await?;
            let plan = super::plans::of_firm(firm.conn(), firm_id).await?;
            Ok::<_, AppError>((logo, clock, plan.requests_per_minute))
        }
        .await;
        firm.finish(looks)
            .await
            .map_err(|err| DbErr::Custom(err.to_string()))
    }

    /// Forgets every cached host: call after any change to a firm or its domains.
    pub fn invalidate(&self) {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    fn cached(&self, host: &str) -> Option<Resolution> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get(host)
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, resolution)| resolution.clone())
    }

    fn store(&self, host: String, resolution: Resolution) {
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHE_MAX {
            cache.clear();
        }
        cache.insert(host, (Instant::now(), resolution));
    }
}

/// Opens the firm-scoped data handle for the current request's firm, for a signed-in user whose
/// role allows `permission`. Fails closed: without a firm site there is no handle, only
/// `NotFound`; without a user of that firm, `Unauthorized`; for a user the firm requires to set
/// up two-factor sign-in first, `TwoFactorRequired`; without the permission, `Forbidden`.
pub async fn firm_db(permission: Permission) -> Result<FirmDb, AppError> {
    Ok(firm_db_with_user(permission).await?.0)
}

/// [`firm_db`], with the signed-in user it was opened for.
pub async fn firm_db_with_user(permission: Permission) -> Result<(FirmDb, CurrentUser), AppError> {
    let result = async {
        let state =
            use_context::<AppState>().ok_or_else(|| internal(&"application state missing"))?;
        let parts = use_context::<Parts>().ok_or(AppError::NotFound)?;
        firm_db_for(&state, &parts, permission).await
    }
    .await;
    respond(result)
}

/// The checks of [`firm_db`] on a request's `parts`, for handlers outside Leptos (the document
/// routes): the firm handle and the signed-in user it was opened for.
pub async fn firm_db_for(
    state: &AppState,
    parts: &Parts,
    permission: Permission,
) -> Result<(FirmDb, CurrentUser), AppError> {
    let firm_id = parts
        .extensions
        .get::<Site>()
        .and_then(Site::firm_id)
        .ok_or(AppError::NotFound)?;
    match parts.extensions.get::<CurrentUser>() {
        Some(user)
            if user.firm_id == firm_id
                && Feature::of(permission).is_some_and(|f| !user.features.contains(&f)) =>
        {
            let feature = Feature::of(permission).map_or("", |f| f.label());
            Err(AppError::NotInPlan(feature.to_string()))
        }
        Some(user) if user.firm_id == firm_id && user.must_enrol_two_factor => {
            Err(AppError::TwoFactorRequired)
        }
        Some(user) if user.firm_id == firm_id && user.can(permission) => {
            let firm = FirmDb::begin_write(&state.db, firm_id)
                .await?
                .with_context(AuditContext::request(parts, user.actor()));
            let firm = match &user.support {
                Some(support) if !support.write => firm.read_only(),
                _ => firm,
            };
            Ok((firm, user.clone()))
        }
        Some(user) if user.firm_id == firm_id => Err(AppError::Forbidden),
        _ => Err(AppError::Unauthorized),
    }
}

/// The current request's state and firm, for the few things done on a firm's host before anyone
/// is signed in (sign-in, password reset, email verification, accepting an invitation).
/// `NotFound` on any other site.
pub fn request_firm() -> Result<(AppState, FirmRef), AppError> {
    let state = use_context::<AppState>().ok_or_else(|| internal(&"application state missing"))?;
    let parts = use_context::<Parts>().ok_or(AppError::NotFound)?;
    match parts.extensions.get::<Site>() {
        Some(Site::Firm(firm)) => Ok((state, firm.clone())),
        _ => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(host: &str) -> HostKind {
        match normalize_host(host) {
            Some(h) => classify_host(&h, "localhost"),
            None => HostKind::Invalid,
        }
    }

    #[test]
    fn firm_subdomains_resolve_whatever_the_case_port_or_trailing_dot() {
        for host in [
            "acme.localhost",
            "ACME.localhost",
            "acme.localhost:3000",
            "acme.localhost.",
            "Acme.Localhost.:8080",
        ] {
            assert_eq!(kind(host), HostKind::FirmSlug("acme".into()), "{host}");
        }
    }

    #[test]
    fn platform_and_public_hosts() {
        assert_eq!(kind("admin.localhost:3000"), HostKind::Platform);
        assert_eq!(kind("localhost:3000"), HostKind::Public);
        assert_eq!(kind("www.localhost"), HostKind::Public);
    }

    #[test]
    fn reserved_malformed_and_nested_hosts_are_invalid() {
        for host in [
            "api.localhost",
            "docs.localhost",
            "a.b.localhost",
            "ab.localhost",
            "-acme.localhost",
            "acme_1.localhost",
            "[::1]:3000",
            "acme.localhost:port",
            "",
        ] {
            assert_eq!(kind(host), HostKind::Invalid, "{host}");
        }
    }

    #[test]
    fn other_domains_may_be_custom_domains() {
        assert_eq!(
            kind("Law.Example.com"),
            HostKind::Custom("law.example.com".into())
        );
        assert_eq!(kind("127.0.0.1:3000"), HostKind::Custom("127.0.0.1".into()));
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("acme"));
        assert!(is_valid_slug("smith-and-jones-2"));
        for bad in ["ac", "Acme", "acme-", "-acme", "ac me", &"a".repeat(41)] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
