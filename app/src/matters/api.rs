//! Server functions for matters, their teams and the firm's practice areas. Each runs inside the
//! request's firm, and every matter one reaches is one the signed-in user may see (see
//! [`super::store::visible`]); any other id is "not found".

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{
    ActivityItem, Choice, Matter, MatterFilter, MatterForm, MatterOptions, MatterPage, Screen,
};
use crate::error::AppError;

/// Lists the matters the user may see, one page at a time (from 1), filtered by `filter`.
#[server(endpoint = "matters/list")]
pub async fn list_matters(filter: MatterFilter, page: u64) -> Result<MatterPage, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersRead).await?;
    let result = super::store::list(&firm, &filter, page).await;
    firm.finish(result).await
}

/// One matter the user may see, with its team.
#[server(endpoint = "matters/get")]
pub async fn get_matter(id: Uuid) -> Result<Matter, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersRead).await?;
    let result = super::store::get(&firm, id).await;
    firm.finish(result).await
}

/// What happened on a matter, newest first: its opening, team, parties, conflict checks and
/// uploads.
#[server(endpoint = "matters/activity")]
pub async fn matter_activity(id: Uuid) -> Result<Vec<ActivityItem>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersRead).await?;
    let result = super::activity::of(&firm, id).await;
    firm.finish(result).await
}

/// The firm's active users and practice areas, for the matter forms and filters.
#[server(endpoint = "matters/options")]
pub async fn load_matter_options() -> Result<MatterOptions, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersRead).await?;
    let result = super::store::options(&firm).await;
    firm.finish(result).await
}

/// Opens a matter for a client of the firm, with its related parties and the decision on the
/// conflict check that the server runs over the client's and the parties' names (all in one
/// transaction). It gets the next number of the year; the user who opens it and the responsible
/// lawyer join its team.
#[server(endpoint = "matters/create")]
pub async fn create_matter(
    client_id: Uuid,
    form: MatterForm,
    opening: crate::conflicts::OpeningForm,
) -> Result<Matter, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersWrite).await?;
    let result = async {
        let valid = form.validate();
        let opening = opening.validate();
        let (valid, opening) = match (valid, opening) {
            (Ok(valid), Ok(opening)) => (valid, opening),
            (Err(AppError::Invalid(mut a)), Err(AppError::Invalid(b))) => {
                a.extend(b);
                return Err(AppError::Invalid(a));
            }
            (Err(e), _) | (_, Err(e)) => return Err(e),
        };
        super::store::create(&firm, client_id, valid, opening).await
    }
    .await;
    firm.finish(result).await
}

/// Changes a matter's details and status (closing it sets its close date; reopening clears it).
#[server(endpoint = "matters/update")]
pub async fn update_matter(id: Uuid, form: MatterForm) -> Result<Matter, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersWrite).await?;
    let result = async { super::store::update(&firm, id, form.validate()?).await }.await;
    firm.finish(result).await
}

/// Adds an active user of the firm to a matter's team, or changes their role on it.
#[server(endpoint = "matters/team-add")]
pub async fn add_team_member(
    matter_id: Uuid,
    user_id: Uuid,
    role: String,
) -> Result<Matter, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersWrite).await?;
    let result = super::store::add_member(&firm, matter_id, user_id, &role).await;
    firm.finish(result).await
}

/// Takes a user off a matter's team (not the responsible lawyer).
#[server(endpoint = "matters/team-remove")]
pub async fn remove_team_member(matter_id: Uuid, user_id: Uuid) -> Result<Matter, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersWrite).await?;
    let result = super::store::remove_member(&firm, matter_id, user_id).await;
    firm.finish(result).await
}

/// The firm's practice areas by name, for the settings that edit them.
#[server(endpoint = "practice-areas/list")]
pub async fn list_practice_areas() -> Result<Vec<Choice>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = super::store::areas(&firm).await;
    firm.finish(result).await
}

/// Adds a practice area to the firm's list.
#[server(endpoint = "practice-areas/create")]
pub async fn create_practice_area(name: String) -> Result<Choice, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = async {
        let name = super::model::validate_area_name(&name)?;
        super::store::create_area(&firm, name).await
    }
    .await;
    firm.finish(result).await
}

/// Deletes a practice area that no matter uses.
#[server(endpoint = "practice-areas/delete")]
pub async fn delete_practice_area(id: Uuid) -> Result<(), AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = super::store::delete_area(&firm, id).await;
    firm.finish(result).await
}

/// The ethical walls of a matter, in force and lifted, newest first (firm admins only).
#[server(endpoint = "matters/screens")]
pub async fn list_screens(matter_id: Uuid) -> Result<Vec<Screen>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = super::store::screens(&firm, matter_id).await;
    firm.finish(result).await
}

/// Screens a user from a matter for the recorded reason: from then on they cannot reach it in
/// any way, whatever their role or team, until the screen is lifted. They leave its team.
#[server(endpoint = "matters/screen")]
pub async fn screen_user(
    matter_id: Uuid,
    user_id: Uuid,
    reason: String,
) -> Result<Vec<Screen>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = async {
        let reason = super::model::validate_reason(&reason)?;
        super::store::screen(&firm, matter_id, user_id, reason).await
    }
    .await;
    firm.finish(result).await
}

/// Lifts a user's screen from a matter (the record stays).
#[server(endpoint = "matters/unscreen")]
pub async fn lift_screen(matter_id: Uuid, user_id: Uuid) -> Result<Vec<Screen>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = super::store::lift(&firm, matter_id, user_id).await;
    firm.finish(result).await
}
