//! A document's bytes in and out of storage, never whole in memory: an upload is encrypted chunk
//! by chunk into a multipart upload (at most one 5 MB part buffered and two in flight), and a
//! download is opened chunk by chunk, holding back one chunk so that its last bytes go out only
//! after the plaintext's SHA-256 matched the one recorded. A stored file that fails to open or
//! to match therefore ends the download with an error (the HTTP body is cut short), never with
//! a complete wrong file.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_util::stream::{self, BoxStream};
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::cipher::{self, CipherError, DataKey, Opening};
use super::storage::Storage;
use super::{DocumentLimits, files};
use crate::error::AppError;
use crate::ssr::db::entities::document_versions;
use crate::ssr::errors::internal;

/// Bytes of an upload's beginning kept to detect its type.
const HEAD: usize = cipher::CHUNK;

/// Parts of a multipart upload sent at once; with the one being filled, what an upload holds.
const PARTS_IN_FLIGHT: usize = 2;

/// The associated data of a version's stored file: ciphertext moved to another version's or
/// another firm's object does not open.
fn associated_data(firm_id: Uuid, version_id: Uuid) -> Vec<u8> {
    format!("doc:{firm_id}:{version_id}").into_bytes()
}

/// What storing an upload measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// Bytes of plaintext.
    pub size: u64,
    /// Hex SHA-256 of the plaintext.
    pub sha256: String,
    /// The type its first bytes show.
    pub content_type: String,
    /// Bytes of the stored (encrypted) object.
    pub stored_size: u64,
}

/// Encrypts `body` under the file's `key` into the object of version `version_id`. A body past
/// `limits.max_upload_bytes` is refused under `file`; one that breaks off is a `BadRequest`.
/// Nothing is left at the object's key after an error (the multipart upload is aborted).
pub async fn store<S, E>(
    storage: &Storage,
    key: &DataKey,
    firm_id: Uuid,
    version_id: Uuid,
    body: S,
    limits: &DocumentLimits,
) -> Result<Stored, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: fmt::Display,
{
    let (head, whole, body) = peek(body, HEAD).await;
    let content_type = files::content_type(&head, whole);
    let mut sealing = cipher::encrypt_stream(
        key,
        associated_data(firm_id, version_id),
        body,
        Some(limits.max_upload_bytes),
    );
    let mut upload = storage
        .write(firm_id, version_id)
        .await
        .map_err(|e| internal(&e))?;
    let sent = async {
        while let Some(piece) = sealing.next().await {
            let piece = piece.map_err(|e| refusal(e, limits))?;
            upload
                .wait_for_capacity(PARTS_IN_FLIGHT)
                .await
                .map_err(|e| internal(&e))?;
            upload.put(piece);
        }
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(err) = sent {
        if let Err(abort) = upload.abort().await {
            tracing::warn!(%firm_id, %version_id, error = %abort, "aborting a failed upload failed");
        }
        return Err(err);
    }
    upload.finish().await.map_err(|e| internal(&e))?;
    let summary = sealing
        .summary()
        .ok_or_else(|| internal(&"an upload was sealed without its summary"))?;
    Ok(Stored {
        size: summary.plaintext_len,
        sha256: hex::encode(summary.sha256),
        content_type,
        stored_size: summary.ciphertext_len,
    })
}

/// What a sealing error means for the person uploading.
fn refusal(err: CipherError, limits: &DocumentLimits) -> AppError {
    match err {
        CipherError::TooLarge => limits.too_large(),
        CipherError::Input(reason) => {
            tracing::info!(%reason, "an upload broke off");
            AppError::BadRequest("the file did not arrive whole; upload it again".into())
        }
        other @ CipherError::Corrupt => internal(&other),
    }
}

/// A body again from its start, after [`peek`] read its first pieces.
type Replayed<S, E> =
    stream::Chain<stream::Iter<std::vec::IntoIter<Result<Bytes, E>>>, stream::Fuse<S>>;

/// The body's pieces until `want` bytes (or its end) are seen: a copy of those first bytes,
/// whether they are the whole body, and the body again from its start.
async fn peek<S, E>(body: S, want: usize) -> (Vec<u8>, bool, Replayed<S, E>)
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    let mut body = body.fuse();
    let mut taken = Vec::new();
    let mut head = Vec::with_capacity(want);
    let mut whole = false;
    while head.len() < want {
        match body.next().await {
            Some(Ok(piece)) => {
                let take = piece.len().min(want - head.len());
                head.extend_from_slice(&piece[..take]);
                taken.push(Ok(piece));
            }
            Some(Err(err)) => {
                taken.push(Err(err));
                break;
            }
            None => {
                whole = true;
                break;
            }
        }
    }
    (head, whole, stream::iter(taken).chain(body))
}

/// Opens the stored file of `version` for download.
pub async fn open(
    storage: &Storage,
    key: &DataKey,
    firm_id: Uuid,
    version: &document_versions::Model,
) -> Result<Download, AppError> {
    let stored = storage
        .read(firm_id, &version.object_key)
        .await
        .map_err(|e| internal(&e))?;
    Ok(Download {
        opening: cipher::decrypt_stream(key, associated_data(firm_id, version.id), stored),
        hasher: Sha256::new(),
        sha256: version.sha256.clone(),
        held: None,
        ended: false,
        version_id: version.id,
    })
}

/// A version's plaintext, chunk by chunk, one chunk behind the decryption so the last one is
/// yielded only once the whole file opened and its SHA-256 matched. Any failure is logged and
/// yielded as the stream's last item.
pub struct Download {
    opening: Opening<BoxStream<'static, object_store::Result<Bytes>>>,
    hasher: Sha256,
    /// The hex SHA-256 recorded at upload.
    sha256: String,
    /// The chunk opened last, not yet yielded.
    held: Option<Bytes>,
    ended: bool,
    version_id: Uuid,
}

impl Stream for Download {
    type Item = Result<Bytes, CipherError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.ended {
                return Poll::Ready(None);
            }
            match ready!(this.opening.poll_next_unpin(cx)) {
                Some(Ok(chunk)) => {
                    this.hasher.update(&chunk);
                    if let Some(previous) = this.held.replace(chunk) {
                        return Poll::Ready(Some(Ok(previous)));
                    }
                }
                Some(Err(err)) => {
                    this.ended = true;
                    this.held = None;
                    tracing::error!(version_id = %this.version_id, error = %err, "a stored document failed to open; download cut short");
                    return Poll::Ready(Some(Err(err)));
                }
                None => {
                    this.ended = true;
                    let digest = hex::encode(std::mem::take(&mut this.hasher).finalize());
                    if digest != this.sha256 {
                        this.held = None;
                        tracing::error!(version_id = %this.version_id, "a stored document does not match its SHA-256; download cut short");
                        return Poll::Ready(Some(Err(CipherError::Corrupt)));
                    }
                    return Poll::Ready(this.held.take().map(Ok));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::*;

    const LIMITS: DocumentLimits = DocumentLimits {
        max_upload_bytes: 10 * cipher::CHUNK as u64,
        firm_quota_bytes: u64::MAX,
    };

    fn body(data: &[u8]) -> stream::Iter<std::vec::IntoIter<Result<Bytes, Infallible>>> {
        let pieces: Vec<Result<Bytes, Infallible>> = data
            .chunks(10_000)
            .map(|piece| Ok(Bytes::copy_from_slice(piece)))
            .collect();
        stream::iter(pieces)
    }

    async fn download(
        storage: &Storage,
        key: &DataKey,
        firm: Uuid,
        version: &document_versions::Model,
    ) -> Vec<Result<Bytes, CipherError>> {
        open(storage, key, firm, version)
            .await
            .unwrap()
            .collect()
            .await
    }

    fn version(firm: Uuid, id: Uuid, stored: &Stored) -> document_versions::Model {
        document_versions::Model {
            firm_id: firm,
            id,
            document_id: Uuid::now_v7(),
            number: 1,
            object_key: Storage::object_key(firm, id),
            sealed_key: String::new(),
            size: stored.size as i64,
            sha256: stored.sha256.clone(),
            content_type: stored.content_type.clone(),
            uploaded_by: Uuid::now_v7(),
            created_at: crate::ssr::db::now(),
        }
    }

    #[tokio::test]
    async fn uploads_round_trip_and_a_wrong_digest_withholds_the_last_chunk() {
        let storage = Storage::memory();
        let key = DataKey::generate();
        let (firm, id) = (Uuid::now_v7(), Uuid::now_v7());
        let plain: Vec<u8> = (0..3 * cipher::CHUNK + 7).map(|i| (i % 7) as u8).collect();
        let stored = store(&storage, &key, firm, id, body(&plain), &LIMITS)
            .await
            .unwrap();
        assert_eq!(stored.size, plain.len() as u64);
        assert_eq!(stored.sha256, hex::encode(Sha256::digest(&plain)));
        assert_eq!(
            stored.stored_size,
            cipher::ciphertext_len(plain.len() as u64)
        );
        assert_eq!(stored.content_type, files::BINARY);
        let mut row = version(firm, id, &stored);
        let opened: Vec<Bytes> = download(&storage, &key, firm, &row)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(opened.concat(), plain);

        row.sha256 = hex::encode(Sha256::digest(b"something else"));
        let opened = download(&storage, &key, firm, &row).await;
        let (last, rest) = opened.split_last().unwrap();
        assert!(matches!(last, Err(CipherError::Corrupt)));
        assert_eq!(rest.len(), 3, "the last chunk is never yielded");
    }

    #[tokio::test]
    async fn oversized_uploads_are_refused_and_leave_nothing() {
        let storage = Storage::memory();
        let key = DataKey::generate();
        let (firm, id) = (Uuid::now_v7(), Uuid::now_v7());
        let plain = vec![7u8; LIMITS.max_upload_bytes as usize + 1];
        let err = store(&storage, &key, firm, id, body(&plain), &LIMITS)
            .await
            .unwrap_err();
        assert!(err.field("file").unwrap().contains("MB limit"), "{err:?}");
        assert!(
            storage
                .size(firm, &Storage::object_key(firm, id))
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn text_is_told_from_the_bytes() {
        let storage = Storage::memory();
        let key = DataKey::generate();
        let firm = Uuid::now_v7();
        let stored = store(
            &storage,
            &key,
            firm,
            Uuid::now_v7(),
            body(b"Dear Sir,"),
            &LIMITS,
        )
        .await
        .unwrap();
        assert_eq!(stored.content_type, files::TEXT);
    }
}
