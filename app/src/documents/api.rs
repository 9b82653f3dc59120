//! Server functions for documents (uploads and downloads are HTTP routes, see
//! `crate::ssr::documents::routes`). Each runs inside the request's firm, and every document one
//! reaches is on a matter the signed-in user may see (see [`super::store`]); any other id is
//! "not found". The trash is the firm admins' (`settings.manage`).

use leptos::prelude::*;
use uuid::Uuid;

use super::model::{Document, DocumentVersion, TrashedDocument};
use crate::error::AppError;

/// The documents of a matter, by name.
#[server(endpoint = "documents/list")]
pub async fn list_documents(matter_id: Uuid) -> Result<Vec<Document>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::DocumentsRead).await?;
    let result = super::store::list(&firm, &me, matter_id).await;
    firm.finish(result).await
}

/// The documents that changed last, across the matters the user may see, for the dashboard.
#[server(endpoint = "documents/recent")]
pub async fn recent_documents() -> Result<Vec<Document>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::DocumentsRead).await?;
    let result = super::store::recent(&firm, &me).await;
    firm.finish(result).await
}

/// The documents on a client's matters that the user may see, newest first.
#[server(endpoint = "documents/client")]
pub async fn client_documents(client_id: Uuid) -> Result<Vec<Document>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::DocumentsRead).await?;
    let result = super::store::for_client(&firm, &me, client_id).await;
    firm.finish(result).await
}

/// Every version of a document, newest first.
#[server(endpoint = "documents/versions")]
pub async fn document_versions(document_id: Uuid) -> Result<Vec<DocumentVersion>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::DocumentsRead).await?;
    let result = super::store::versions(&firm, &me, document_id).await;
    firm.finish(result).await
}

/// Renames a document (the name it downloads as; where its bytes are stored never changes).
#[server(endpoint = "documents/rename")]
pub async fn rename_document(document_id: Uuid, name: String) -> Result<Document, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::DocumentsWrite).await?;
    let result = async {
        let name = super::model::validate_name("name", &name)?;
        super::store::rename(&firm, &me, document_id, name).await
    }
    .await;
    firm.finish(result).await
}

/// Moves a document to another of the firm's matters that the user may see.
#[server(endpoint = "documents/move")]
pub async fn move_document(document_id: Uuid, matter_id: Uuid) -> Result<Document, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::DocumentsWrite).await?;
    let result = super::store::move_to(&firm, &me, document_id, matter_id).await;
    firm.finish(result).await
}

/// Puts a document in the trash, with all its versions; a firm admin can restore it.
#[server(endpoint = "documents/delete")]
pub async fn delete_document(document_id: Uuid) -> Result<(), AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::DocumentsDelete).await?;
    let result = super::store::delete(&firm, &me, document_id).await;
    firm.finish(result).await
}

/// The firm's trash, most recently deleted first (firm admins only).
#[server(endpoint = "documents/trash")]
pub async fn list_trash() -> Result<Vec<TrashedDocument>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::SettingsManage).await?;
    let result = super::store::trash(&firm, &me).await;
    firm.finish(result).await
}

/// Takes a document out of the trash, back onto its matter (firm admins only).
#[server(endpoint = "documents/restore")]
pub async fn restore_document(document_id: Uuid) -> Result<Document, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::SettingsManage).await?;
    let result = super::store::restore(&firm, &me, document_id).await;
    firm.finish(result).await
}

/// Deletes every document in the trash for good, with all their versions' bytes (firm admins
/// only). Answers how many documents were removed.
#[server(endpoint = "documents/empty-trash")]
pub async fn empty_trash() -> Result<u64, AppError> {
    let state = use_context::<crate::ssr::state::AppState>()
        .ok_or_else(|| crate::ssr::errors::internal(&"application state missing"))?;
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::SettingsManage).await?;
    let result = super::store::empty_trash(&firm, &me).await;
    let emptied = firm.finish(result).await?;
    crate::ssr::documents::intents::release_all(
        &state.db,
        &state.storage,
        me.firm_id,
        &emptied.objects,
    )
    .await;
    Ok(emptied.documents)
}
