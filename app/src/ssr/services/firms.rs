//! Firm provisioning: the firm and its first admin, in one transaction.

use sea_orm::{ActiveValue::Set, DatabaseConnection, TransactionTrait};

use crate::error::{AppError, Validator};
use crate::ssr::db::entities::users;
use crate::ssr::db::{FirmDb, NewFirm, PlatformDb, new_id, now};
use crate::ssr::tenant::{FirmRef, RESERVED_SLUGS, is_valid_slug};

/// What is needed to create a firm.
#[derive(Clone, Debug)]
pub struct FirmRequest {
    /// Subdomain label.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The first admin's email.
    pub admin_email: String,
    /// The admin's password; a random one is generated when `None`.
    pub admin_password: Option<String>,
}

/// A created firm and the one-time password of its first admin.
pub struct Provisioned {
    /// The new firm.
    pub firm: FirmRef,
    /// The admin's email, normalised.
    pub admin_email: String,
    /// Shown once, never stored in clear.
    pub admin_password: String,
}

/// Validates the request, then creates the firm and its owner in one transaction: a failure at
/// any point leaves nothing behind.
pub async fn provision(
    db: &DatabaseConnection,
    request: FirmRequest,
) -> Result<Provisioned, AppError> {
    let slug = request.slug.trim().to_ascii_lowercase();
    let name = request.name.trim().to_string();
    let mut v = Validator::default();
    if !is_valid_slug(&slug) {
        v.reject("slug", "Use 3 to 40 lowercase letters, digits and hyphens, not starting or ending with a hyphen.");
    } else if RESERVED_SLUGS.contains(&slug.as_str()) {
        v.reject(
            "slug",
            format!("\"{slug}\" is reserved; choose another subdomain."),
        );
    }
    if name.is_empty() || name.chars().count() > 200 {
        v.reject("name", "Enter the firm's name (up to 200 characters).");
    }
    let admin_email = v.email("admin_email", &request.admin_email);
    v.finish()?;

    let tx = db.begin().await?;
    let platform = PlatformDb::new(&tx);
    if platform.firm_by_slug(&slug).await?.is_some() {
        return Err(AppError::Invalid(vec![crate::error::FieldError {
            field: "slug".into(),
            message: format!("\"{slug}\" is already taken; choose another subdomain."),
        }]));
    }
    let firm = platform.insert_firm(NewFirm { slug, name }).await?;
    let firm_db = FirmDb::enter(tx, firm.id).await?;
    let admin_password = request
        .admin_password
        .unwrap_or_else(|| super::passwords::generate(20));
    let password_hash = super::passwords::hash(admin_password.clone())
        .await
        .map_err(|e| crate::ssr::errors::internal(&e))?;
    firm_db
        .insert(users::ActiveModel {
            id: Set(new_id()),
            email: Set(admin_email.clone()),
            name: Set("Administrator".into()),
            password_hash: Set(password_hash),
            role: Set(crate::auth::Role::Owner.as_str().into()),
            created_at: Set(now()),
            ..Default::default()
        })
        .await?;
    firm_db.commit().await?;
    Ok(Provisioned {
        firm: FirmRef {
            id: firm.id,
            slug: firm.slug,
            name: firm.name,
        },
        admin_email,
        admin_password,
    })
}
