//! Server functions for related parties and conflict checks. Each runs inside the request's
//! firm; a matter is reached only if the signed-in user may see it, any other id is "not found".

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{ConflictCheck, ConflictResults, DecisionForm, Party, PartyForm};
use crate::error::AppError;

/// Searches the firm's clients, related parties and matter titles for the names in `names`
/// (one per line). `client_id`, when given, is the client a new matter is for: it is left out,
/// as it always matches its own name.
#[server(endpoint = "conflicts/search")]
pub async fn search_conflicts(
    names: String,
    client_id: Option<Uuid>,
) -> Result<ConflictResults, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::ClientsRead).await?;
    let result = async {
        crate::ssr::limits::count_search(&me)?;
        if let Some(id) = client_id {
            firm.get::<crate::ssr::db::entities::clients::Entity>(id)
                .await?;
        }
        let names = super::model::split_names(&names);
        let own = super::store::Own {
            client: client_id,
            matter: None,
        };
        super::store::search(&firm, &me, names, own).await
    }
    .await;
    firm.finish(result).await
}

/// What a check of a matter would find now: its client's and related parties' names, and
/// `extra` names (one per line), searched across the firm.
#[server(endpoint = "conflicts/preview")]
pub async fn preview_conflicts(
    matter_id: Uuid,
    extra: String,
) -> Result<ConflictResults, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::MattersRead).await?;
    let result = async {
        crate::ssr::limits::count_search(&me)?;
        let matter = crate::matters::store::reach(&firm, &me, matter_id).await?;
        let names =
            super::store::matter_names(&firm, &matter, super::model::split_names(&extra)).await?;
        let own = super::store::Own::matter(&matter);
        super::store::search(&firm, &me, names, own).await
    }
    .await;
    firm.finish(result).await
}

/// Runs a matter's check again and records it with the decision (clear, or waived with a
/// reason) on the matter.
#[server(endpoint = "conflicts/record")]
pub async fn record_conflict_check(
    matter_id: Uuid,
    extra: String,
    form: DecisionForm,
) -> Result<ConflictCheck, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::MattersWrite).await?;
    let result = async {
        crate::ssr::limits::count_search(&me)?;
        let matter = crate::matters::store::reach(&firm, &me, matter_id).await?;
        let (decision, reason) = form.validate()?;
        let extra = super::model::split_names(&extra);
        super::store::record(&firm, &me, &matter, extra, decision, reason).await
    }
    .await;
    firm.finish(result).await
}

/// The recorded conflict checks of a matter, newest first.
#[server(endpoint = "conflicts/checks")]
pub async fn list_conflict_checks(matter_id: Uuid) -> Result<Vec<ConflictCheck>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersRead).await?;
    let result = super::store::checks(&firm, matter_id).await;
    firm.finish(result).await
}

/// The related parties of a matter, by name.
#[server(endpoint = "matters/parties")]
pub async fn list_parties(matter_id: Uuid) -> Result<Vec<Party>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersRead).await?;
    let result = super::store::parties(&firm, matter_id).await;
    firm.finish(result).await
}

/// Adds a related party (opposing party, opposing counsel, witness or other) to a matter.
#[server(endpoint = "matters/party-add")]
pub async fn add_party(matter_id: Uuid, form: PartyForm) -> Result<Vec<Party>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersWrite).await?;
    let result = super::store::add_party(&firm, matter_id, &form).await;
    firm.finish(result).await
}

/// Removes a related party from a matter; recorded checks keep what they found.
#[server(endpoint = "matters/party-remove")]
pub async fn remove_party(matter_id: Uuid, party_id: Uuid) -> Result<Vec<Party>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::MattersWrite).await?;
    let result = super::store::remove_party(&firm, matter_id, party_id).await;
    firm.finish(result).await
}
