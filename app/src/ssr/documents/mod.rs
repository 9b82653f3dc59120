//! Documents on the server: the firm's and each file's keys ([`keys`]), encryption at rest
//! ([`cipher`]), the object store ([`storage`]), moving bytes in and out ([`transfer`]),
//! uploads ([`upload`]), the record of objects that may lack a version ([`intents`]), the
//! sweeper ([`sweeper`]) and the upload and download routes ([`routes`]).
//!
//! # Write order
//!
//! An upload survives a crash at any point because nothing becomes visible before its bytes
//! are stored, and every object that might lack a version is listed in `upload_intents`:
//!
//! 1. An intent (purpose `upload`) naming the object key `{firm_id}/{version_id}` is committed.
//! 2. The body is encrypted chunk by chunk and streamed into the object store; the object exists
//!    at its key only once the multipart upload completes.
//! 3. One transaction locks the firm's key row (PostgreSQL; SQLite serializes writers anyway),
//!    claims the intent, checks the stored object's size, re-checks the quota, inserts or bumps
//!    the document, inserts the version and commits. Only now can anyone see it.
//!
//! A failure after step 1 deletes the object and the intent (best effort). A crash leaves an
//! intent, and the [`sweeper`] deletes the object (if no version has it) and the intent once it
//! is older than the grace period. If an upload outlasts that period, the sweeper holds the
//! intent's row while it deletes, and step 3 then finds its intent gone and records nothing.
//!
//! Emptying the trash writes intents (purpose `delete`) in the transaction that deletes the
//! versions, then deletes the objects after the commit; the sweeper finishes at once whatever a
//! crash interrupts.

pub mod cipher;
pub mod files;
pub mod intents;
pub mod keys;
pub mod routes;
pub mod storage;
pub mod sweeper;
pub mod transfer;
pub mod upload;

pub use storage::Storage;

use crate::error::{AppError, FieldError};

/// A megabyte as limits count it: 2^20 bytes.
pub const MB: u64 = 1024 * 1024;

/// How much may be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentLimits {
    /// The largest file one upload may be.
    pub max_upload_bytes: u64,
    /// How much each firm may store: every version of every document, the trash included.
    pub firm_quota_bytes: u64,
}

impl DocumentLimits {
    /// The refusal of a file larger than [`DocumentLimits::max_upload_bytes`].
    pub fn too_large(&self) -> AppError {
        AppError::Invalid(vec![FieldError {
            field: "file".into(),
            message: format!(
                "This file is larger than the {} MB limit for one file. Compress it or split it into smaller files, then upload it again.",
                self.max_upload_bytes / MB
            ),
        }])
    }
}
