//! Plans and quotas: each firm is on a plan that caps its seats (active users plus open
//! invitations), its document storage and file size, its request rate, and switches features
//! (documents, billing) on or off. Enforced where the thing happens (inviting, reactivating a
//! user, uploading, every server function of a feature), with messages that say what to do;
//! firm admins see their plan and usage in the settings.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::Permission;
use crate::error::AppError;

/// Something a plan switches on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Feature {
    /// Document storage.
    Documents,
    /// Time, expenses, invoices and trust.
    Billing,
}

impl Feature {
    /// Every feature.
    pub const ALL: [Feature; 2] = [Feature::Documents, Feature::Billing];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Documents => "documents",
            Feature::Billing => "billing",
        }
    }

    /// As people read it.
    pub fn label(self) -> &'static str {
        match self {
            Feature::Documents => "Documents",
            Feature::Billing => "Time and billing",
        }
    }

    /// The feature with this stored name.
    pub fn parse(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.as_str() == name.trim())
    }

    /// The feature a permission belongs to, if any.
    pub fn of(permission: Permission) -> Option<Feature> {
        use Permission::*;
        match permission {
            DocumentsRead | DocumentsWrite | DocumentsDelete => Some(Feature::Documents),
            TimeWrite | BillingRead | BillingManage => Some(Feature::Billing),
            _ => None,
        }
    }
}

/// A plan's limits (`None`: no limit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Short name, as firms refer to it.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Active users plus open invitations.
    pub seat_limit: Option<u32>,
    /// Document storage, in MB.
    pub storage_quota_mb: Option<u64>,
    /// The largest file, in MB.
    pub max_file_mb: Option<u64>,
    /// Server function calls a minute, for the whole firm.
    pub requests_per_minute: Option<u32>,
    /// The features on.
    pub features: Vec<Feature>,
}

impl Plan {
    /// Whether the plan has `feature`.
    pub fn has(&self, feature: Feature) -> bool {
        self.features.contains(&feature)
    }
}

/// A plan as the console edits it: every limit as typed (empty for none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanForm {
    /// Short name: 2-40 lowercase letters, digits and hyphens.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Seats, or empty.
    #[serde(default)]
    pub seat_limit: String,
    /// Storage in MB, or empty.
    #[serde(default)]
    pub storage_quota_mb: String,
    /// Largest file in MB, or empty.
    #[serde(default)]
    pub max_file_mb: String,
    /// Requests a minute, or empty.
    #[serde(default)]
    pub requests_per_minute: String,
    /// Features on, comma-separated.
    #[serde(default)]
    pub features: String,
}

impl PlanForm {
    /// The plan, or what to fix, field by field.
    pub fn validate(&self) -> Result<Plan, AppError> {
        let mut v = crate::error::Validator::default();
        let id = self.id.trim().to_string();
        if !(2..=40).contains(&id.len())
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            v.reject(
                "id",
                "Use 2 to 40 lowercase letters, digits and hyphens, such as \"small-firm\".",
            );
        }
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            v.reject("name", "Give the plan a name of up to 100 characters.");
        }
        let mut limit = |field: &str, raw: &str, max: u64| -> Option<u64> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<u64>() {
                Ok(n) if n <= max => Some(n),
                _ => {
                    v.reject(
                        field,
                        format!(
                            "Enter a whole number from 0 to {max}, or leave it empty for no limit."
                        ),
                    );
                    None
                }
            }
        };
        let seat_limit = limit("seat_limit", &self.seat_limit, 100_000).map(|n| n as u32);
        let storage_quota_mb = limit("storage_quota_mb", &self.storage_quota_mb, 100_000_000);
        let max_file_mb = limit("max_file_mb", &self.max_file_mb, 1_000_000);
        let requests_per_minute =
            limit("requests_per_minute", &self.requests_per_minute, 1_000_000).map(|n| n as u32);
        let mut features = Vec::new();
        for name in self
            .features
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            match Feature::parse(name) {
                Some(f) if !features.contains(&f) => features.push(f),
                Some(_) => {}
                None => v.reject(
                    "features",
                    format!("\"{name}\" is not a feature; use documents and billing."),
                ),
            }
        }
        v.finish()?;
        Ok(Plan {
            id,
            name,
            seat_limit,
            storage_quota_mb,
            max_file_mb,
            requests_per_minute,
            features,
        })
    }
}

/// The firm's plan and how much of it is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanUsage {
    /// The plan.
    pub plan: Plan,
    /// Active users plus open invitations.
    pub seats_used: u32,
    /// Bytes of documents stored (every version, the trash included).
    pub storage_used_bytes: u64,
}

/// The firm's plan and usage (those who manage settings).
#[server(endpoint = "plans/usage")]
pub async fn load_plan_usage() -> Result<PlanUsage, AppError> {
    let firm = crate::ssr::tenant::firm_db(Permission::SettingsManage).await?;
    let result = crate::ssr::plans::usage(&firm).await;
    firm.finish(result).await
}
