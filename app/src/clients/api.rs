//! Server functions for clients. Each runs inside the request's firm, through its `FirmDb`.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{Client, ClientPage};
use crate::error::AppError;

/// Lists the firm's clients whose name, email or a tag contains `q`, one page at a time (from
/// 1), in the order `sort` names (a [`super::model::ClientSort`] value; by name if empty).
#[server(endpoint = "clients/list")]
pub async fn list_clients(
    q: String,
    page: u64,
    #[server(default)] sort: String,
) -> Result<ClientPage, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::ClientsRead).await?;
    let sort = super::model::ClientSort::parse(&sort);
    let result = super::store::list(&firm, &q, page, sort).await;
    firm.finish(result).await
}

/// One client of the firm.
#[server(endpoint = "clients/get")]
pub async fn get_client(id: Uuid) -> Result<Client, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::ClientsRead).await?;
    let result = super::store::get(&firm, id).await;
    firm.finish(result).await
}

/// Opens a client's page: the client, recorded as viewed by the signed-in user (for their
/// dashboard).
#[server(endpoint = "clients/open")]
pub async fn open_client(id: Uuid) -> Result<Client, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::ClientsRead).await?;
    let result = async {
        let client = super::store::get(&firm, id).await?;
        if !firm.is_read_only() {
            super::store::record_view(&firm, me.id, client.id).await?;
        }
        Ok(client)
    }
    .await;
    firm.finish(result).await
}

/// The clients the signed-in user opened last, most recent first.
#[server(endpoint = "clients/recent")]
pub async fn recent_clients() -> Result<Vec<Client>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::ClientsRead).await?;
    let result = super::store::recent(&firm, me.id).await;
    firm.finish(result).await
}

/// Adds a client to the firm.
#[server(endpoint = "clients/create")]
pub async fn create_client(
    #[server(flatten)] form: super::model::ClientForm,
) -> Result<Client, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::ClientsWrite).await?;
    let result = async { super::store::create(&firm, form.validate()?).await }.await;
    firm.finish(result).await
}

/// Changes a client of the firm.
#[server(endpoint = "clients/update")]
pub async fn update_client(
    id: Uuid,
    #[server(flatten)] form: super::model::ClientForm,
) -> Result<Client, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::ClientsWrite).await?;
    let result = async { super::store::update(&firm, id, form.validate()?).await }.await;
    firm.finish(result).await
}
