//! Sign-up on the server: only on the public site, rate-limited per client address.

use super::{SignUpForm, SlugCheck};
use crate::error::AppError;
use crate::ssr::auth::request;
use crate::ssr::db::PlatformDb;
use crate::ssr::limits::ClientAddr;
use crate::ssr::mail::templates::VerifyEmail;
use crate::ssr::recovery::VERIFY_HOURS;
use crate::ssr::services::firms::{FirmRequest, begin_provision, slug_problem, slug_taken};
use crate::ssr::state::AppState;
use crate::ssr::tenant::Site;
use crate::ssr::tokens::{self, Purpose};

/// The state, if this request is on the public site.
fn public_site() -> Result<(AppState, http::request::Parts), AppError> {
    let (state, parts) = request()?;
    match parts.extensions.get::<Site>() {
        Some(Site::Public) => Ok((state, parts)),
        _ => Err(AppError::NotFound),
    }
}

pub async fn check_slug(slug: String) -> Result<SlugCheck, AppError> {
    let (state, _) = public_site()?;
    let slug = slug.trim().to_ascii_lowercase();
    if let Some(problem) = slug_problem(&slug) {
        return Ok(SlugCheck {
            slug,
            available: false,
            message: problem,
        });
    }
    let taken = PlatformDb::new(&state.db)
        .firm_by_slug(&slug)
        .await?
        .is_some();
    Ok(SlugCheck {
        message: if taken {
            slug_taken(&slug)
        } else {
            format!("{} is available.", state.urls.firm_host(&slug))
        },
        available: !taken,
        slug,
    })
}

pub async fn sign_up(form: SignUpForm) -> Result<String, AppError> {
    let (state, parts) = public_site()?;
    if let Some(addr) = parts.extensions.get::<ClientAddr>() {
        state.limits.sign_in(addr.0)?;
    }
    form.validate()?;
    let (firm, provisioned) = begin_provision(
        &state.db,
        FirmRequest {
            slug: form.slug,
            name: form.name,
            admin_name: Some(form.admin_name),
            admin_email: form.admin_email,
            admin_password: Some(form.admin_password),
            admin_verified: false,
            currency: Some(form.currency).filter(|c| !c.trim().is_empty()),
            plan: None,
        },
    )
    .await?;
    let result = async {
        let token = tokens::issue_for_user(
            &firm,
            provisioned.owner_id,
            Purpose::Verify,
            VERIFY_HOURS * 3600,
        )
        .await?;
        let mail = VerifyEmail {
            name: provisioned.owner_name.clone(),
            link: state.urls.firm(
                &provisioned.firm.slug,
                &format!("/verify-email?token={token}"),
            ),
            hours: VERIFY_HOURS,
        };
        state
            .mailer
            .queue_in(&firm, &provisioned.firm, &provisioned.admin_email, &mail)
            .await
    }
    .await;
    firm.finish(result).await?;
    // The new host may be cached as unknown.
    state.sites.invalidate();
    state.mailer.wake();
    tracing::info!(firm_id = %provisioned.firm.id, "firm signed up; verification mail queued");
    Ok(provisioned.admin_email)
}
