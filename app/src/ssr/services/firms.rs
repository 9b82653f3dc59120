//! Firm provisioning: the firm and its owner, in one transaction. Used by sign-up, the CLI, the
//! demo seed and the tests.

use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, SqlErr};
use uuid::Uuid;

use crate::error::{AppError, FieldError, Validator};
use crate::ssr::db::entities::{firm_settings, users};
use crate::ssr::db::{FirmDb, NewFirm, PlatformDb, begin_write, new_id, now};
use crate::ssr::tenant::{FirmRef, RESERVED_SLUGS, is_valid_slug};

/// What is needed to create a firm.
#[derive(Clone, Debug)]
pub struct FirmRequest {
    /// Subdomain label.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The owner's name; "Administrator" when `None`.
    pub admin_name: Option<String>,
    /// The owner's email.
    pub admin_email: String,
    /// The owner's password; a random one is generated when `None`.
    pub admin_password: Option<String>,
    /// Whether the owner's email counts as confirmed (false for self-service sign-up).
    pub admin_verified: bool,
    /// The ISO code of the currency the firm bills in; USD when `None`.
    pub currency: Option<String>,
    /// The firm's plan; `standard` when `None`.
    pub plan: Option<String>,
}

/// A created firm and the one-time password of its owner.
pub struct Provisioned {
    /// The new firm.
    pub firm: FirmRef,
    /// The owner's id.
    pub owner_id: Uuid,
    /// The owner's name.
    pub owner_name: String,
    /// The owner's email, normalised.
    pub admin_email: String,
    /// Shown once, never stored in clear.
    pub admin_password: String,
}

/// Why a subdomain cannot be had, in words for the person choosing it; `None` if the label is
/// well-formed and not reserved (whether it is free is a database question).
pub fn slug_problem(slug: &str) -> Option<String> {
    if !is_valid_slug(slug) {
        Some("Use 3 to 40 lowercase letters, digits and hyphens, not starting or ending with a hyphen.".into())
    } else if RESERVED_SLUGS.contains(&slug) {
        Some(format!("\"{slug}\" is reserved; choose another subdomain."))
    } else {
        None
    }
}

/// The message for a subdomain that another firm has.
pub fn slug_taken(slug: &str) -> String {
    format!("\"{slug}\" is already taken; choose another subdomain.")
}

/// Validates the request, creates the firm and its owner, and commits: a failure at any point
/// leaves nothing behind.
pub async fn provision(
    db: &DatabaseConnection,
    request: FirmRequest,
) -> Result<Provisioned, AppError> {
    let (firm, provisioned) = begin_provision(db, request).await?;
    firm.commit().await?;
    Ok(provisioned)
}

/// Like [`provision`], but leaves the transaction open so the caller can add to it (sign-up
/// queues the verification mail in it) before committing.
pub async fn begin_provision(
    db: &DatabaseConnection,
    request: FirmRequest,
) -> Result<(FirmDb, Provisioned), AppError> {
    let slug = request.slug.trim().to_ascii_lowercase();
    let name = request.name.trim().to_string();
    let owner_name = request
        .admin_name
        .as_deref()
        .map(str::trim)
        .unwrap_or("Administrator")
        .to_string();
    let mut v = Validator::default();
    if let Some(problem) = slug_problem(&slug) {
        v.reject("slug", problem);
    }
    if name.is_empty() || name.chars().count() > 200 {
        v.reject("name", "Enter the firm's name (up to 200 characters).");
    }
    if owner_name.is_empty() || owner_name.chars().count() > 200 {
        v.reject("admin_name", "Enter your name (up to 200 characters).");
    }
    let admin_email = v.email("admin_email", &request.admin_email);
    let currency = request
        .currency
        .as_deref()
        .unwrap_or("USD")
        .trim()
        .to_uppercase();
    if crate::billing::money::currency(&currency).is_none() {
        v.reject("currency", "Choose one of the listed currencies.");
    }
    if let Some(problem) = request
        .admin_password
        .as_deref()
        .and_then(super::passwords::weakness)
    {
        v.reject("admin_password", problem);
    }
    let plan = request
        .plan
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or("standard")
        .to_string();
    if crate::ssr::db::entities::plans::Entity::find_by_id(plan.clone())
        .one(db)
        .await?
        .is_none()
    {
        v.reject("plan", "Choose one of the plans listed.");
    }
    v.finish()?;
    let admin_password = request
        .admin_password
        .unwrap_or_else(|| super::passwords::generate(20));
    let password_hash = super::passwords::hash(admin_password.clone())
        .await
        .map_err(|e| crate::ssr::errors::internal(&e))?;

    let tx = begin_write(db).await?;
    let platform = PlatformDb::new(&tx);
    let taken = || {
        AppError::Invalid(vec![FieldError {
            field: "slug".into(),
            message: slug_taken(&slug),
        }])
    };
    if platform.firm_by_slug(&slug).await?.is_some() {
        return Err(taken());
    }
    // Two sign-ups for one subdomain at the same moment: the unique index decides.
    let firm = match platform
        .insert_firm(NewFirm {
            slug: slug.clone(),
            name,
            plan,
        })
        .await
    {
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(taken());
        }
        other => other?,
    };
    let firm_db = FirmDb::enter(tx, firm.id).await?;
    let owner = firm_db
        .insert(users::ActiveModel {
            id: Set(new_id()),
            email: Set(admin_email.clone()),
            name: Set(owner_name.clone()),
            password_hash: Set(password_hash),
            role: Set(crate::auth::Role::Owner.as_str().into()),
            created_at: Set(now()),
            email_verified: Set(request.admin_verified),
            ..Default::default()
        })
        .await?;
    firm_db
        .insert(firm_settings::ActiveModel {
            id: Set(new_id()),
            require_two_factor: Set(false),
            currency: Set(currency),
            ..Default::default()
        })
        .await?;
    Ok((
        firm_db,
        Provisioned {
            firm: FirmRef {
                id: firm.id,
                slug: firm.slug,
                name: firm.name,
                logo: None,
                clock: Default::default(),
                requests_per_minute: None,
            },
            owner_id: owner.id,
            owner_name,
            admin_email,
            admin_password,
        },
    ))
}

/// How long the link that lets the owner of a firm opened by a platform admin choose their
/// password works.
pub const OPENING_LINK_HOURS: i64 = 72;

/// Opens a firm as a platform admin: the same provisioning as sign-up, on the chosen plan, the
/// owner's address taken as confirmed, and a mail to the owner with a one-time link to choose
/// their password (no password is shown to anyone). Recorded in the platform audit log and the
/// firm's trail in the transaction that creates the firm, with the mail.
pub async fn open(
    state: &crate::ssr::state::AppState,
    actor: &crate::ssr::audit::platform::PlatformActor,
    form: crate::platform::NewFirmForm,
) -> Result<crate::ssr::db::entities::firms::Model, AppError> {
    use serde_json::json;

    use crate::ssr::db::entities::firms;
    use crate::ssr::tokens::{self, Purpose};

    let (firm, provisioned) = begin_provision(
        &state.db,
        FirmRequest {
            slug: form.slug,
            name: form.name,
            admin_name: Some(form.admin_name),
            admin_email: form.admin_email,
            admin_password: None,
            admin_verified: true,
            currency: Some(form.currency).filter(|c| !c.trim().is_empty()),
            plan: Some(form.plan),
        },
    )
    .await?;
    let opened = &provisioned.firm;
    let result = async {
        let created = firms::Entity::find_by_id(opened.id)
            .one(firm.conn())
            .await?
            .ok_or(AppError::NotFound)?;
        let details = json!({ "plan": created.plan, "owner": provisioned.admin_email });
        crate::ssr::audit::platform::record(
            firm.conn(),
            actor,
            "firm.create",
            Some((opened.id, &opened.name)),
            details.clone(),
        )
        .await?;
        firm.log("firm.create", "firms", Some(opened.id), details);
        let token = tokens::issue_for_user(
            &firm,
            provisioned.owner_id,
            Purpose::Reset,
            OPENING_LINK_HOURS * 3600,
        )
        .await?;
        let mail = crate::ssr::mail::templates::FirmOpened {
            name: provisioned.owner_name.clone(),
            link: state
                .urls
                .firm(&opened.slug, &format!("/reset-password?token={token}")),
            hours: OPENING_LINK_HOURS,
            address: state.urls.firm(&opened.slug, "/"),
        };
        state
            .mailer
            .queue_in(&firm, opened, &provisioned.admin_email, &mail)
            .await?;
        Ok(created)
    }
    .await;
    let created = firm.finish(result).await?;
    // The new host may be cached as unknown.
    state.sites.invalidate();
    state.mailer.wake();
    tracing::info!(firm_id = %created.id, "firm opened by a platform admin");
    Ok(created)
}
