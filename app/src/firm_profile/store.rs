//! The firm's profile in the database: `firms.name`, the contact and time zone columns of
//! `firm_settings`, and `firm_logos`.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;

use super::{FirmProfile, FirmProfileForm};
use crate::clock::FirmClock;
use crate::error::AppError;
use crate::ssr::db::entities::{firm_logos, firm_settings, firms};
use crate::ssr::db::{FirmDb, new_id};
use crate::ssr::sessions::time_now;

/// A logo checked and ready to store.
#[derive(Debug)]
pub struct Logo {
    /// The PNG file.
    pub content: Vec<u8>,
    /// Its size in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// The firm's name, from its own row.
async fn name(firm: &FirmDb) -> Result<String, AppError> {
    firms::Entity::find_by_id(firm.firm_id())
        .one(firm.conn())
        .await?
        .map(|f| f.name)
        .ok_or(AppError::NotFound)
}

/// The firm's profile.
pub async fn load(firm: &FirmDb) -> Result<FirmProfile, AppError> {
    let name = name(firm).await?;
    let settings = firm
        .find::<firm_settings::Entity>()
        .one(firm.conn())
        .await?;
    let logo = logo_version(firm).await?;
    Ok(match settings {
        Some(s) => FirmProfile {
            name,
            address: s.address,
            contact_email: s.contact_email,
            phone: s.phone,
            website: s.website,
            time_zone: s.time_zone,
            logo,
        },
        None => FirmProfile {
            name,
            address: String::new(),
            contact_email: String::new(),
            phone: String::new(),
            website: String::new(),
            time_zone: "UTC".into(),
            logo,
        },
    })
}

/// The letterhead of the firm's mail: its name, address and contact details.
pub async fn letterhead(firm: &FirmDb) -> Result<crate::ssr::mail::Letterhead, AppError> {
    let profile = load(firm).await?;
    Ok(crate::ssr::mail::Letterhead {
        address: profile
            .address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        contact: profile.contact_line(),
        name: profile.name,
    })
}

/// Saves a validated profile: the time zone must be one Docket knows.
pub async fn save(firm: &FirmDb, valid: FirmProfileForm) -> Result<FirmProfile, AppError> {
    if valid.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::Invalid(vec![crate::error::FieldError {
            field: "time_zone".into(),
            message: "Choose one of the listed time zones.".into(),
        }]));
    }
    crate::ssr::firm_settings::change(
        firm,
        firm_settings::ActiveModel {
            address: Set(valid.address),
            contact_email: Set(valid.contact_email),
            phone: Set(valid.phone),
            website: Set(valid.website),
            time_zone: Set(valid.time_zone),
            ..Default::default()
        },
    )
    .await?;
    let before = name(firm).await?;
    if before != valid.name {
        // `firms` is the tenant's own row, not a firm-owned table: its change is logged here.
        firms::Entity::update_many()
            .col_expr(firms::Column::Name, Expr::value(valid.name.clone()))
            .filter(firms::Column::Id.eq(firm.firm_id()))
            .exec(firm.conn())
            .await?;
        firm.log(
            "update",
            "firms",
            Some(firm.firm_id()),
            json!({ "name": { "from": before, "to": valid.name } }),
        );
    }
    load(firm).await
}

/// Replaces the firm's logo.
pub async fn save_logo(firm: &FirmDb, logo: Logo) -> Result<FirmProfile, AppError> {
    use sha2::{Digest, Sha256};
    let etag = hex::encode(Sha256::digest(&logo.content));
    let row = firm.find::<firm_logos::Entity>().one(firm.conn()).await?;
    let active = firm_logos::ActiveModel {
        id: Set(row.as_ref().map_or_else(new_id, |r| r.id)),
        content: Set(logo.content),
        width: Set(logo.width as i32),
        height: Set(logo.height as i32),
        etag: Set(etag),
        updated_at: Set(time_now()),
        ..Default::default()
    };
    match row {
        Some(_) => {
            firm.update(active).await?;
        }
        None => {
            firm.insert(active).await?;
        }
    }
    load(firm).await
}

/// Removes the firm's logo, if it has one.
pub async fn remove_logo(firm: &FirmDb) -> Result<(), AppError> {
    firm.delete_many::<firm_logos::Entity>().exec().await?;
    Ok(())
}

/// The firm's logo, whole.
pub async fn logo(firm: &FirmDb) -> Result<Option<firm_logos::Model>, AppError> {
    Ok(firm.find::<firm_logos::Entity>().one(firm.conn()).await?)
}

/// The logo's version (its content hash), without reading the file.
pub async fn logo_version(firm: &FirmDb) -> Result<Option<String>, AppError> {
    Ok(firm
        .find::<firm_logos::Entity>()
        .select_only()
        .column(firm_logos::Column::Etag)
        .into_tuple::<String>()
        .one(firm.conn())
        .await?)
}

/// The firm's time zone name (`UTC` when it never chose one).
async fn zone(firm: &FirmDb) -> Result<String, AppError> {
    let zone = firm
        .find::<firm_settings::Entity>()
        .select_only()
        .column(firm_settings::Column::TimeZone)
        .into_tuple::<String>()
        .one(firm.conn())
        .await?;
    Ok(zone.unwrap_or_else(|| "UTC".into()))
}

/// The firm's clock (UTC when its time zone is unset or unknown).
pub async fn clock(firm: &FirmDb) -> Result<FirmClock, AppError> {
    Ok(FirmClock::of_zone(&zone(firm).await?).unwrap_or_default())
}

/// Today, where the firm is.
pub async fn today(firm: &FirmDb) -> Result<chrono::NaiveDate, AppError> {
    let tz: chrono_tz::Tz = zone(firm).await?.parse().unwrap_or(chrono_tz::UTC);
    Ok(chrono::Utc::now().with_timezone(&tz).date_naive())
}
