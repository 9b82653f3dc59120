//! The firm's profile, kept by those who manage settings: its name, postal address and contact
//! details (printed on invoices and at the foot of its mail), its logo (in the top bar and on
//! invoices) and its time zone (what "today" is, and how times are shown).
//!
//! The logo is uploaded and served by plain routes (`POST /api/firm/logo` with the PNG as the
//! body, `GET /firm/logo`): see `ssr::firm_logo`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Validator, is_plausible_email};

#[cfg(feature = "ssr")]
pub mod store;

/// The largest logo accepted, in bytes.
pub const LOGO_MAX_BYTES: usize = 512 * 1024;
/// The largest logo accepted, in pixels on either side.
pub const LOGO_MAX_PIXELS: u32 = 2_000;

/// The firm's profile as its settings show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmProfile {
    /// The firm's name, as its people, clients and invoices see it.
    pub name: String,
    /// Postal address, lines separated by `\n`.
    pub address: String,
    /// Contact email address (may be empty).
    pub contact_email: String,
    /// Telephone (may be empty).
    pub phone: String,
    /// Web site (may be empty).
    pub website: String,
    /// IANA time zone.
    pub time_zone: String,
    /// The logo's version, when the firm has one (its URL is `/firm/logo?v={version}`).
    pub logo: Option<String>,
}

impl FirmProfile {
    /// The contact details on one line (`+1 207 555 0100 · office@lee.law · lee.law`), for
    /// invoices and mail.
    pub fn contact_line(&self) -> String {
        [&self.phone, &self.contact_email, &self.website]
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// What a logo over [`LOGO_MAX_BYTES`] is told.
pub fn logo_too_large() -> String {
    format!(
        "The logo is too large: choose a PNG of at most {} KB.",
        LOGO_MAX_BYTES / 1024
    )
}

/// The logo's address, for `<img src>`.
pub fn logo_url(version: &str) -> String {
    format!("/firm/logo?v={version}")
}

/// The profile form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmProfileForm {
    /// Name.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// Contact email.
    pub contact_email: String,
    /// Telephone.
    pub phone: String,
    /// Web site.
    pub website: String,
    /// IANA time zone (checked against the database on the server).
    pub time_zone: String,
}

impl FirmProfileForm {
    /// The form trimmed, or every field that needs fixing with what to do.
    pub fn validate(&self) -> Result<FirmProfileForm, AppError> {
        let mut v = Validator::default();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            v.reject("name", "Enter the firm's name (up to 200 characters).");
        }
        let address = self.address.trim();
        if address.chars().count() > 500 {
            v.reject("address", "Keep the address to 500 characters.");
        }
        let contact_email = self.contact_email.trim().to_lowercase();
        if !contact_email.is_empty() && !is_plausible_email(&contact_email) {
            v.reject(
                "contact_email",
                "Enter an email address like office@example.com, or leave it empty.",
            );
        }
        let phone = self.phone.trim();
        let phone_ok = phone.chars().count() <= 40
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c))
            && (phone.is_empty() || phone.chars().filter(char::is_ascii_digit).count() >= 5);
        if !phone_ok {
            v.reject(
                "phone",
                "Enter a telephone number of digits, spaces and + - ( ), such as +1 207 555 0100.",
            );
        }
        let website = self
            .website
            .trim()
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let website_ok = website.is_empty()
            || (website.len() <= 200
                && website.contains('.')
                && !website.contains(char::is_whitespace)
                && !website.contains(['<', '>', '"', '\'']));
        if !website_ok {
            v.reject("website", "Enter the web site's address, such as lee.law.");
        }
        let time_zone = self.time_zone.trim();
        if time_zone.is_empty() {
            v.reject("time_zone", "Choose the firm's time zone.");
        }
        v.finish()?;
        Ok(FirmProfileForm {
            name: name.into(),
            address: address.into(),
            contact_email,
            phone: phone.into(),
            website: website.into(),
            time_zone: time_zone.into(),
        })
    }
}

/// The firm's profile (those who manage settings).
#[server(endpoint = "firm/profile")]
pub async fn load_firm_profile() -> Result<FirmProfile, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = store::load(&firm).await;
    firm.finish(result).await
}

/// Saves the firm's profile; a new name or time zone shows on every page at once.
#[server(endpoint = "firm/profile-save")]
pub async fn save_firm_profile(
    #[server(flatten)] form: FirmProfileForm,
) -> Result<FirmProfile, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = async { store::save(&firm, form.validate()?).await }.await;
    let saved = firm.finish(result).await?;
    forget_cached_site()?;
    Ok(saved)
}

/// Removes the firm's logo.
#[server(endpoint = "firm/logo-remove")]
pub async fn remove_logo() -> Result<FirmProfile, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = async {
        store::remove_logo(&firm).await?;
        store::load(&firm).await
    }
    .await;
    let saved = firm.finish(result).await?;
    forget_cached_site()?;
    Ok(saved)
}

/// The time zones a firm can choose.
#[server(endpoint = "firm/time-zones")]
pub async fn time_zones() -> Result<Vec<String>, AppError> {
    crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage)
        .await?
        .finish(Ok(crate::clock::zone_names()))
        .await
}

/// Makes the next request look the firm up again (its name, logo and clock are cached with
/// its host).
#[cfg(feature = "ssr")]
pub(crate) fn forget_cached_site() -> Result<(), AppError> {
    let state = use_context::<crate::ssr::state::AppState>()
        .ok_or_else(|| crate::ssr::errors::internal(&"application state missing"))?;
    state.sites.invalidate();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FirmProfileForm {
        FirmProfileForm {
            name: " Lee & Partners LLP ".into(),
            address: "200 Congress Street\nPortland, ME 04101".into(),
            contact_email: "Office@Lee.Law".into(),
            phone: "+1 (207) 555-0100".into(),
            website: "https://lee.law/".into(),
            time_zone: "America/New_York".into(),
        }
    }

    fn rejected(form: FirmProfileForm) -> Vec<String> {
        match form.validate() {
            Err(AppError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn a_good_profile_is_tidied() {
        let valid = form().validate().unwrap();
        assert_eq!(valid.name, "Lee & Partners LLP");
        assert_eq!(valid.contact_email, "office@lee.law");
        assert_eq!(valid.website, "lee.law");
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = FirmProfileForm {
            name: " ".into(),
            contact_email: "office".into(),
            phone: "call us".into(),
            website: "not a site".into(),
            time_zone: " ".into(),
            ..form()
        };
        assert_eq!(
            rejected(bad),
            ["name", "contact_email", "phone", "website", "time_zone"]
        );
    }

    #[test]
    fn contact_details_are_optional() {
        let bare = FirmProfileForm {
            contact_email: String::new(),
            phone: String::new(),
            website: String::new(),
            ..form()
        };
        assert!(bare.validate().is_ok());
    }

    #[test]
    fn the_contact_line_skips_what_is_missing() {
        let profile = FirmProfile {
            name: "Lee".into(),
            address: String::new(),
            contact_email: "office@lee.law".into(),
            phone: String::new(),
            website: "lee.law".into(),
            time_zone: "UTC".into(),
            logo: None,
        };
        assert_eq!(profile.contact_line(), "office@lee.law · lee.law");
    }
}
