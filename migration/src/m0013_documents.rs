//! Documents: the firm-owned `firm_keys` (the firm's data key, sealed under the master key),
//! `documents` (a file on a matter, with its current version; trashed ones keep `deleted_at`),
//! `document_versions` (every upload of a document, with where its encrypted bytes are stored, the
//! key they are encrypted under sealed by the firm's key, and the SHA-256 of its plaintext) and `upload_intents` (objects that may be in storage without a
//! version row: written before an upload's bytes are stored and before emptied versions' bytes
//! are deleted, so the sweeper can find what a crash leaves behind).
//!
//! `documents.current_version_id` has no foreign key: versions point at their document, and a
//! key back would make the two tables refer to each other. It is set in the transaction that
//! inserts the version it names.

use sea_orm_migration::prelude::*;

use crate::rls;
use crate::table_parts::{Matters, Users, created_at, firm_table, index, same_firm_key};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FirmKeys {
    Table,
    Sealed,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Documents {
    Table,
    MatterId,
    Name,
    CurrentVersionId,
    Size,
    ContentType,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum DocumentVersions {
    Table,
    DocumentId,
    Number,
    ObjectKey,
    SealedKey,
    Size,
    Sha256,
    ContentType,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UploadIntents {
    Table,
    ObjectKey,
    Purpose,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                firm_table("firm_keys")
                    .col(ColumnDef::new(FirmKeys::Sealed).text().not_null())
                    .col(created_at(FirmKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        // One key per firm: two first uploads racing insert one row between them.
        manager
            .create_index(index("firm_keys_firm", FirmKeys::Table, &["firm_id"], true))
            .await?;
        rls::protect(manager, "firm_keys").await?;

        manager
            .create_table(
                firm_table("documents")
                    .col(ColumnDef::new(Documents::MatterId).uuid().not_null())
                    .col(ColumnDef::new(Documents::Name).string_len(255).not_null())
                    .col(ColumnDef::new(Documents::CurrentVersionId).uuid().null())
                    .col(ColumnDef::new(Documents::Size).big_integer().not_null())
                    .col(
                        ColumnDef::new(Documents::ContentType)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Documents::CreatedBy).uuid().not_null())
                    .col(created_at(Documents::CreatedAt))
                    .col(created_at(Documents::UpdatedAt))
                    .col(
                        ColumnDef::new(Documents::DeletedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(Documents::DeletedBy).uuid().null())
                    .foreign_key(&mut same_firm_key(
                        Documents::Table,
                        Documents::MatterId,
                        Matters::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut same_firm_key(
                        Documents::Table,
                        Documents::CreatedBy,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut same_firm_key(
                        Documents::Table,
                        Documents::DeletedBy,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("documents_matter", &["firm_id", "matter_id"][..]),
            ("documents_deleted", &["firm_id", "deleted_at"][..]),
            ("documents_updated", &["firm_id", "updated_at"][..]),
        ] {
            manager
                .create_index(index(name, Documents::Table, cols, false))
                .await?;
        }
        rls::protect(manager, "documents").await?;

        manager
            .create_table(
                firm_table("document_versions")
                    .col(
                        ColumnDef::new(DocumentVersions::DocumentId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentVersions::Number)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentVersions::ObjectKey)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentVersions::SealedKey)
                            .text()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentVersions::Size)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentVersions::Sha256)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentVersions::ContentType)
                            .string_len(100)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DocumentVersions::UploadedBy)
                            .uuid()
                            .not_null(),
                    )
                    .col(created_at(DocumentVersions::CreatedAt))
                    .foreign_key(&mut same_firm_key(
                        DocumentVersions::Table,
                        DocumentVersions::DocumentId,
                        Documents::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut same_firm_key(
                        DocumentVersions::Table,
                        DocumentVersions::UploadedBy,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "document_versions_number",
                &["firm_id", "document_id", "number"][..],
            ),
            ("document_versions_object", &["firm_id", "object_key"][..]),
        ] {
            manager
                .create_index(index(name, DocumentVersions::Table, cols, true))
                .await?;
        }
        rls::protect(manager, "document_versions").await?;

        manager
            .create_table(
                firm_table("upload_intents")
                    .col(
                        ColumnDef::new(UploadIntents::ObjectKey)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UploadIntents::Purpose)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(created_at(UploadIntents::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "upload_intents_object",
                UploadIntents::Table,
                &["firm_id", "object_key"],
                true,
            ))
            .await?;
        rls::protect(manager, "upload_intents").await
    }
}
