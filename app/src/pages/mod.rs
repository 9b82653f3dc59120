//! Screens, one module per page.

use leptos::prelude::*;

pub mod account;
pub mod audit;
pub mod billing;
pub mod billing_settings;
pub mod clients;
pub mod conflicts;
pub mod documents;
pub mod firm_profile;
pub mod home;
pub mod invitation;
pub mod layout;
pub mod matters;
pub mod not_found;
pub mod password_reset;
pub mod plan_usage;
pub mod platform;
pub mod platform_dashboard;
pub mod platform_new_firm;
pub mod platform_plans;
pub mod practice_areas;
pub mod role_editor;
pub mod settings;
pub mod sign_in;
pub mod sign_up;
pub mod support_access;
pub mod time;
pub mod timer;
pub mod two_factor;
pub mod verify_email;

/// The route's `:id` as a UUID (`None` when it is not one), read reactively.
pub fn id_param() -> impl Fn() -> Option<uuid::Uuid> + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| uuid::Uuid::parse_str(&s).ok())
    }
}
