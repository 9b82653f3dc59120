//! Document queries, always through the firm's [`FirmDb`]. A document is reachable only while
//! its matter is one `me` may see ([`crate::matters::store::visible`]): another firm's document,
//! or one on a matter the user cannot open, is `NotFound`, as a missing one is. Documents in the
//! trash are reached only by the trash functions.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, Func, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
};
use uuid::Uuid;

use super::model::{Document, DocumentVersion, RECENT_DOCUMENTS, TrashedDocument, format_size};
use crate::error::{AppError, FieldError};
use crate::matters::store::{reach, visible};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::entities::{clients, document_versions, documents, matters, users};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::documents::intents;
use crate::ssr::errors::internal;

/// Where an upload goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Upload {
    /// A new document with this (validated) name on the matter.
    NewDocument {
        /// The matter it is filed on.
        matter_id: Uuid,
        /// Its name.
        name: String,
    },
    /// The next version of the document, which keeps its name.
    NewVersion {
        /// The document.
        document_id: Uuid,
    },
}

/// An upload's bytes as stored, to record as a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVersion {
    /// The version's id (its object key was made from it).
    pub id: Uuid,
    /// Where its bytes are.
    pub object_key: String,
    /// The key its bytes are encrypted under, sealed by the firm's key.
    pub sealed_key: String,
    /// Bytes of plaintext.
    pub size: u64,
    /// Hex SHA-256 of the plaintext.
    pub sha256: String,
    /// Its type, detected from its bytes.
    pub content_type: String,
}

/// What emptying the trash removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Emptied {
    /// How many documents.
    pub documents: u64,
    /// The keys of their versions' objects, to delete once the removal is committed.
    pub objects: Vec<String>,
}

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

fn bytes(size: i64) -> u64 {
    u64::try_from(size).unwrap_or_default()
}

/// The ids of the matters `me` may see, as a subquery.
fn seen_matters(firm: &FirmDb, me: &CurrentUser) -> SelectStatement {
    visible(firm, me)
        .select_only()
        .column(matters::Column::Id)
        .into_query()
}

/// The firm's documents on matters `me` may see: those in the trash if `trashed`, else the
/// others.
fn reachable(firm: &FirmDb, me: &CurrentUser, trashed: bool) -> Select<documents::Entity> {
    let query = firm
        .find::<documents::Entity>()
        .filter(documents::Column::MatterId.in_subquery(seen_matters(firm, me)));
    if trashed {
        query.filter(documents::Column::DeletedAt.is_not_null())
    } else {
        query.filter(documents::Column::DeletedAt.is_null())
    }
}

/// The document `id` if `me` may reach it (in the trash if `trashed`), else `NotFound`.
async fn one(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
    trashed: bool,
) -> Result<documents::Model, AppError> {
    reachable(firm, me, trashed)
        .filter(documents::Column::Id.eq(id))
        .one(firm.conn())
        .await?
        .ok_or(AppError::NotFound)
}

/// The names of these users of the firm.
async fn names(
    firm: &FirmDb,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let found: Vec<(Uuid, String)> = firm
        .find::<users::Entity>()
        .filter(users::Column::Id.is_in(ids))
        .select_only()
        .columns([users::Column::Id, users::Column::Name])
        .into_tuple()
        .all(firm.conn())
        .await?;
    Ok(found.into_iter().collect())
}

/// The number and title of these matters of the firm.
async fn matter_labels(
    firm: &FirmDb,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, (String, String)>, AppError> {
    let found: Vec<(Uuid, String, String)> = firm
        .find::<matters::Entity>()
        .filter(matters::Column::Id.is_in(ids))
        .select_only()
        .columns([
            matters::Column::Id,
            matters::Column::Number,
            matters::Column::Title,
        ])
        .into_tuple()
        .all(firm.conn())
        .await?;
    Ok(found
        .into_iter()
        .map(|(id, number, title)| (id, (number, title)))
        .collect())
}

/// Documents as lists show them, in the order given (names loaded in three `IN` queries).
async fn rows(firm: &FirmDb, docs: Vec<documents::Model>) -> Result<Vec<Document>, AppError> {
    let versions: HashMap<Uuid, document_versions::Model> = firm
        .find::<document_versions::Entity>()
        .filter(
            document_versions::Column::Id.is_in(docs.iter().filter_map(|d| d.current_version_id)),
        )
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let people = names(firm, versions.values().map(|v| v.uploaded_by)).await?;
    let labels = matter_labels(firm, docs.iter().map(|d| d.matter_id)).await?;
    Ok(docs
        .into_iter()
        .map(|d| {
            let current = d.current_version_id.and_then(|id| versions.get(&id));
            let (matter_number, matter_title) =
                labels.get(&d.matter_id).cloned().unwrap_or_default();
            Document {
                id: d.id,
                matter_id: d.matter_id,
                matter_number,
                matter_title,
                name: d.name,
                size: bytes(d.size),
                content_type: d.content_type,
                version: current.map_or(0, |v| v.number),
                updated_at: d.updated_at,
                uploaded_by: current
                    .and_then(|v| people.get(&v.uploaded_by).cloned())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// One document as lists show it.
async fn row(firm: &FirmDb, doc: documents::Model) -> Result<Document, AppError> {
    rows(firm, vec![doc])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}

/// The documents of a matter `me` may see, by name.
pub async fn list(
    firm: &FirmDb,
    me: &CurrentUser,
    matter_id: Uuid,
) -> Result<Vec<Document>, AppError> {
    let matter = reach(firm, me, matter_id).await?;
    let docs = reachable(firm, me, false)
        .filter(documents::Column::MatterId.eq(matter.id))
        .all(firm.conn())
        .await?;
    let mut listed = rows(firm, docs).await?;
    listed.sort_by_cached_key(|d| (d.name.to_lowercase(), d.id));
    Ok(listed)
}

/// The documents `me` may see that changed last, newest first.
pub async fn recent(firm: &FirmDb, me: &CurrentUser) -> Result<Vec<Document>, AppError> {
    let docs = reachable(firm, me, false)
        .order_by_desc(documents::Column::UpdatedAt)
        .limit(RECENT_DOCUMENTS)
        .all(firm.conn())
        .await?;
    rows(firm, docs).await
}

/// How many of a client's documents its page lists.
const CLIENT_DOCUMENTS: u64 = 50;

/// The documents on the matters of the firm's client `client_id` that `me` may reach, newest
/// first; `NotFound` for a client the firm does not have.
pub async fn for_client(
    firm: &FirmDb,
    me: &CurrentUser,
    client_id: Uuid,
) -> Result<Vec<Document>, AppError> {
    firm.get::<clients::Entity>(client_id).await?;
    let client_matters = Query::select()
        .column(matters::Column::Id)
        .from(matters::Entity)
        .and_where(matters::Column::FirmId.eq(firm.firm_id()))
        .and_where(matters::Column::ClientId.eq(client_id))
        .to_owned();
    let docs = reachable(firm, me, false)
        .filter(documents::Column::MatterId.in_subquery(client_matters))
        .order_by_desc(documents::Column::UpdatedAt)
        .limit(CLIENT_DOCUMENTS)
        .all(firm.conn())
        .await?;
    rows(firm, docs).await
}

/// Every version of a document `me` may reach, newest first.
pub async fn versions(
    firm: &FirmDb,
    me: &CurrentUser,
    document_id: Uuid,
) -> Result<Vec<DocumentVersion>, AppError> {
    let doc = one(firm, me, document_id, false).await?;
    let versions = firm
        .find::<document_versions::Entity>()
        .filter(document_versions::Column::DocumentId.eq(doc.id))
        .order_by_desc(document_versions::Column::Number)
        .all(firm.conn())
        .await?;
    let people = names(firm, versions.iter().map(|v| v.uploaded_by)).await?;
    Ok(versions
        .into_iter()
        .map(|v| DocumentVersion {
            id: v.id,
            number: v.number,
            size: bytes(v.size),
            uploaded_by: people.get(&v.uploaded_by).cloned().unwrap_or_default(),
            sha256: v.sha256,
            content_type: v.content_type,
            created_at: v.created_at,
        })
        .collect())
}

/// A document `me` may reach and one of its versions (the current one without `version`), to
/// download.
pub async fn downloadable(
    firm: &FirmDb,
    me: &CurrentUser,
    document_id: Uuid,
    version: Option<Uuid>,
) -> Result<(documents::Model, document_versions::Model), AppError> {
    let doc = one(firm, me, document_id, false).await?;
    let version_id = version
        .or(doc.current_version_id)
        .ok_or(AppError::NotFound)?;
    let version = firm
        .find::<document_versions::Entity>()
        .filter(document_versions::Column::Id.eq(version_id))
        .filter(document_versions::Column::DocumentId.eq(doc.id))
        .one(firm.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((doc, version))
}

/// Renames a document `me` may reach (`name` already validated).
pub async fn rename(
    firm: &FirmDb,
    me: &CurrentUser,
    document_id: Uuid,
    name: String,
) -> Result<Document, AppError> {
    let doc = one(firm, me, document_id, false).await?;
    let renamed = firm
        .update(documents::ActiveModel {
            id: Set(doc.id),
            name: Set(name),
            updated_at: Set(now()),
            ..Default::default()
        })
        .await?;
    row(firm, renamed).await
}

/// Moves a document `me` may reach to another matter `me` may see.
pub async fn move_to(
    firm: &FirmDb,
    me: &CurrentUser,
    document_id: Uuid,
    matter_id: Uuid,
) -> Result<Document, AppError> {
    let doc = one(firm, me, document_id, false).await?;
    let matter = reach(firm, me, matter_id).await?;
    if matter.id == doc.matter_id {
        return row(firm, doc).await;
    }
    let moved = firm
        .update(documents::ActiveModel {
            id: Set(doc.id),
            matter_id: Set(matter.id),
            updated_at: Set(now()),
            ..Default::default()
        })
        .await?;
    tracing::info!(document_id = %doc.id, from = %doc.matter_id, to = %matter.id, "document moved");
    row(firm, moved).await
}

/// Puts a document `me` may reach in the trash.
pub async fn delete(firm: &FirmDb, me: &CurrentUser, document_id: Uuid) -> Result<(), AppError> {
    let doc = one(firm, me, document_id, false).await?;
    firm.update(documents::ActiveModel {
        id: Set(doc.id),
        deleted_at: Set(Some(now())),
        deleted_by: Set(Some(me.id)),
        ..Default::default()
    })
    .await?;
    tracing::info!(document_id = %doc.id, "document put in the trash");
    Ok(())
}

/// The trash: documents on matters `me` may see, most recently deleted first.
pub async fn trash(firm: &FirmDb, me: &CurrentUser) -> Result<Vec<TrashedDocument>, AppError> {
    let docs = reachable(firm, me, true)
        .order_by_desc(documents::Column::DeletedAt)
        .all(firm.conn())
        .await?;
    let sizes: Vec<(Uuid, i64)> = firm
        .find::<document_versions::Entity>()
        .filter(document_versions::Column::DocumentId.is_in(docs.iter().map(|d| d.id)))
        .select_only()
        .columns([
            document_versions::Column::DocumentId,
            document_versions::Column::Size,
        ])
        .into_tuple()
        .all(firm.conn())
        .await?;
    let mut per_document: HashMap<Uuid, (i32, u64)> = HashMap::new();
    for (document_id, size) in sizes {
        let entry = per_document.entry(document_id).or_default();
        entry.0 += 1;
        entry.1 += bytes(size);
    }
    let people = names(firm, docs.iter().filter_map(|d| d.deleted_by)).await?;
    let labels = matter_labels(firm, docs.iter().map(|d| d.matter_id)).await?;
    Ok(docs
        .into_iter()
        .map(|d| {
            let (versions, stored) = per_document.get(&d.id).copied().unwrap_or_default();
            let (matter_number, matter_title) =
                labels.get(&d.matter_id).cloned().unwrap_or_default();
            TrashedDocument {
                id: d.id,
                matter_id: d.matter_id,
                matter_number,
                matter_title,
                name: d.name,
                versions,
                stored,
                deleted_at: d.deleted_at.unwrap_or(d.updated_at),
                deleted_by: d
                    .deleted_by
                    .and_then(|id| people.get(&id).cloned())
                    .unwrap_or_default(),
            }
        })
        .collect())
}

/// Takes a document out of the trash, back onto its matter.
pub async fn restore(
    firm: &FirmDb,
    me: &CurrentUser,
    document_id: Uuid,
) -> Result<Document, AppError> {
    let doc = one(firm, me, document_id, true).await?;
    let restored = firm
        .update(documents::ActiveModel {
            id: Set(doc.id),
            deleted_at: Set(None),
            deleted_by: Set(None),
            ..Default::default()
        })
        .await?;
    tracing::info!(document_id = %doc.id, "document restored from the trash");
    row(firm, restored).await
}

/// Removes the documents in the trash that `me` can reach, with every version, and records a
/// delete intent for each version's object in the same transaction; the caller deletes the
/// objects once this is committed.
pub async fn empty_trash(firm: &FirmDb, me: &CurrentUser) -> Result<Emptied, AppError> {
    let ids: Vec<Uuid> = reachable(firm, me, true)
        .select_only()
        .column(documents::Column::Id)
        .into_tuple()
        .all(firm.conn())
        .await?;
    let objects: Vec<String> = firm
        .find::<document_versions::Entity>()
        .filter(document_versions::Column::DocumentId.is_in(ids.iter().copied()))
        .select_only()
        .column(document_versions::Column::ObjectKey)
        .into_tuple()
        .all(firm.conn())
        .await?;
    for key in &objects {
        intents::insert(firm, key, intents::DELETE).await?;
    }
    firm.delete_many::<document_versions::Entity>()
        .filter(document_versions::Column::DocumentId.is_in(ids.iter().copied()))
        .exec()
        .await?;
    let removed = firm
        .delete_many::<documents::Entity>()
        .filter(documents::Column::Id.is_in(ids.iter().copied()))
        .exec()
        .await?;
    tracing::info!(
        documents = removed,
        objects = objects.len(),
        "trash emptied"
    );
    Ok(Emptied {
        documents: removed,
        objects,
    })
}

/// Bytes the firm stores: every version of every document, the trash included.
pub async fn stored_bytes(firm: &FirmDb) -> Result<u64, AppError> {
    let total = Func::cast_as(document_versions::Column::Size.sum(), Alias::new("BIGINT"));
    let used: Option<i64> = firm
        .find::<document_versions::Entity>()
        .select_only()
        .column_as(Expr::from(total), "used")
        .into_tuple::<Option<i64>>()
        .one(firm.conn())
        .await?
        .flatten();
    Ok(used.map_or(0, bytes))
}

/// Refuses, under `file`, `adding` bytes that would take the firm past its `quota`.
pub async fn check_quota(firm: &FirmDb, adding: u64, quota: u64) -> Result<(), AppError> {
    let used = stored_bytes(firm).await?;
    if used.saturating_add(adding) <= quota {
        return Ok(());
    }
    Err(invalid(
        "file",
        format!(
            "This file ({}) does not fit: the firm stores {} of its {} of storage. Ask your firm's administrator to free space by emptying the trash or to raise the plan's storage.",
            format_size(adding),
            format_size(used),
            format_size(quota)
        ),
    ))
}

/// Checks that `upload` goes to a matter `me` may see, or to a document `me` may reach.
pub async fn check_destination(
    firm: &FirmDb,
    me: &CurrentUser,
    upload: &Upload,
) -> Result<(), AppError> {
    match upload {
        Upload::NewDocument { matter_id, .. } => reach(firm, me, *matter_id).await.map(drop),
        Upload::NewVersion { document_id } => one(firm, me, *document_id, false).await.map(drop),
    }
}

/// Records an upload whose bytes are stored (step 3 of the write order, after the firm's key
/// row is locked and the intent claimed): checks again that it may go where it goes and that it
/// fits the `quota`, then inserts the document (or bumps it to the new version) and the version.
pub async fn record_upload(
    firm: &FirmDb,
    me: &CurrentUser,
    upload: &Upload,
    version: NewVersion,
    quota: u64,
) -> Result<Document, AppError> {
    check_quota(firm, version.size, quota).await?;
    let size = i64::try_from(version.size).map_err(|_| internal(&"an upload past i64 bytes"))?;
    let stamp = now();
    let (doc, number) = match upload {
        Upload::NewDocument { matter_id, name } => {
            let matter = reach(firm, me, *matter_id).await?;
            let doc = firm
                .insert(documents::ActiveModel {
                    id: Set(new_id()),
                    matter_id: Set(matter.id),
                    name: Set(name.clone()),
                    current_version_id: Set(Some(version.id)),
                    size: Set(size),
                    content_type: Set(version.content_type.clone()),
                    created_by: Set(me.id),
                    created_at: Set(stamp),
                    updated_at: Set(stamp),
                    deleted_at: Set(None),
                    deleted_by: Set(None),
                    ..Default::default()
                })
                .await?;
            (doc, 1)
        }
        Upload::NewVersion { document_id } => {
            let doc = one(firm, me, *document_id, false).await?;
            let last: Option<i32> = firm
                .find::<document_versions::Entity>()
                .filter(document_versions::Column::DocumentId.eq(doc.id))
                .select_only()
                .column_as(document_versions::Column::Number.max(), "last")
                .into_tuple::<Option<i32>>()
                .one(firm.conn())
                .await?
                .flatten();
            let doc = firm
                .update(documents::ActiveModel {
                    id: Set(doc.id),
                    current_version_id: Set(Some(version.id)),
                    size: Set(size),
                    content_type: Set(version.content_type.clone()),
                    updated_at: Set(stamp),
                    ..Default::default()
                })
                .await?;
            (doc, last.unwrap_or(0) + 1)
        }
    };
    firm.insert(document_versions::ActiveModel {
        id: Set(version.id),
        document_id: Set(doc.id),
        number: Set(number),
        object_key: Set(version.object_key),
        sealed_key: Set(version.sealed_key),
        size: Set(size),
        sha256: Set(version.sha256),
        content_type: Set(version.content_type),
        uploaded_by: Set(me.id),
        created_at: Set(stamp),
        ..Default::default()
    })
    .await?;
    row(firm, doc).await
}
