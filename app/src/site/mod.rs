//! Which site a page belongs to (a firm, the platform console or the public site), shared with
//! the browser so the layout can render the right shell.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The site the request's host resolved to, as the pages need to know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SiteInfo {
    /// A firm's workspace at `{slug}.{base domain}` or a verified custom domain.
    Firm {
        /// The firm's subdomain label.
        slug: String,
        /// The firm's display name.
        name: String,
        /// The version of the firm's logo, when it has one.
        logo: Option<String>,
        /// The firm's clock.
        clock: crate::clock::FirmClock,
        /// Who is signed in, if anyone.
        user: Option<crate::auth::UserInfo>,
    },
    /// The platform console at `admin.{base domain}`.
    Platform {
        /// The signed-in platform admin, if any.
        admin: Option<crate::auth::UserInfo>,
    },
    /// The public site at the bare domain or `www.`.
    Public,
}

/// Puts the current [`SiteInfo`] in context: read from the request on the server, and from the
/// server's serialized value while hydrating.
pub fn provide_site() {
    let site = SharedValue::new(current_site_on_server).into_inner();
    provide_context(site);
}

/// The current site, from context.
pub fn use_site() -> SiteInfo {
    use_context::<SiteInfo>().unwrap_or(SiteInfo::Public)
}

/// `at` on the firm's wall clock, formatted with a `chrono` format string (UTC off firm hosts).
pub fn format_local(at: chrono::DateTime<chrono::Utc>, format: &str) -> String {
    with_context::<SiteInfo, _>(|site| match site {
        SiteInfo::Firm { clock, .. } => Some(clock.format(at, format)),
        _ => None,
    })
    .flatten()
    .unwrap_or_else(|| at.format(format).to_string())
}

/// The firm's clock, for showing its dates and times (UTC off firm hosts).
pub fn use_clock() -> crate::clock::FirmClock {
    match use_site() {
        SiteInfo::Firm { clock, .. } => clock,
        _ => crate::clock::FirmClock::default(),
    }
}

/// Whether the signed-in user of this firm may do `permission` (screens hide what they may not;
/// the server checks again).
pub fn user_can(permission: crate::auth::Permission) -> bool {
    matches!(use_site(), SiteInfo::Firm { user: Some(user), .. } if user.can(permission))
}

#[cfg(feature = "ssr")]
fn current_site_on_server() -> SiteInfo {
    use crate::ssr::{auth::CurrentUser, platform::PlatformAdmin, tenant::Site};
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            let user = parts.extensions.get::<CurrentUser>().map(CurrentUser::info);
            let admin = parts
                .extensions
                .get::<PlatformAdmin>()
                .map(PlatformAdmin::info);
            parts
                .extensions
                .get::<Site>()
                .map(|site| site.info(user.or(admin)))
        })
        .unwrap_or(SiteInfo::Public)
}

#[cfg(not(feature = "ssr"))]
fn current_site_on_server() -> SiteInfo {
    // Only reached outside hydration, which Docket never does: every page is server-rendered.
    SiteInfo::Public
}
