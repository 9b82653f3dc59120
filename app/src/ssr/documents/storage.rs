//! Where documents' encrypted bytes live, through the `object_store` crate: a local folder (the
//! default), memory (tests), or an S3-compatible bucket. Objects are always at
//! `{firm_id}/{version_id}`, made here from ids the server generated, never from a file name;
//! keys read back from the database are used only when they lie under the firm's own prefix.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::{self, BoxStream};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjectPath;
use object_store::{GetOptions, ObjectStore, PutMultipartOptions, WriteMultipart};
use uuid::Uuid;

/// The object store documents are kept in. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The folder of a local store: a multipart upload cut short by a crash leaves its staging
    /// file (`{key}#{n}`) there, which [`Storage::delete`] removes too.
    folder: Option<PathBuf>,
}

impl Storage {
    /// Objects as files under `dir`, which is created if missing.
    pub fn local(dir: &Path) -> Result<Storage, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the documents folder {}: {e}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| format!("cannot use the documents folder {}: {e}", dir.display()))?;
        Ok(Storage {
            store: Arc::new(store),
            folder: Some(dir.to_path_buf()),
        })
    }

    /// Objects in memory, gone when the process ends (tests).
    pub fn memory() -> Storage {
        Storage {
            store: Arc::new(InMemory::new()),
            folder: None,
        }
    }

    /// Objects in the S3-compatible `bucket`, reached and authenticated as the standard `AWS_*`
    /// environment variables say (`AWS_ENDPOINT`, `AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`, ...).
    pub fn s3_from_env(bucket: &str) -> Result<Storage, String> {
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| format!("cannot use the S3 bucket {bucket}: {e}"))?;
        Ok(Storage {
            store: Arc::new(store),
            folder: None,
        })
    }

    /// The key of a version's object: `{firm_id}/{version_id}`.
    pub fn object_key(firm_id: Uuid, version_id: Uuid) -> String {
        format!("{firm_id}/{version_id}")
    }

    /// The path of `key`, which must be a key [`Storage::object_key`] made for `firm_id`.
    fn path(firm_id: Uuid, key: &str) -> object_store::Result<ObjectPath> {
        let canonical = key
            .split_once('/')
            .and_then(|(_, version)| Uuid::parse_str(version).ok())
            .is_some_and(|version| key == Self::object_key(firm_id, version));
        if canonical {
            Ok(ObjectPath::from(key))
        } else {
            Err(object_store::Error::Generic {
                store: "docket",
                source: format!("object key {key:?} is not one of firm {firm_id}'s").into(),
            })
        }
    }

    /// Starts writing a version's object in parts of 5 MB; nothing is visible at its key until
    /// [`WriteMultipart::finish`] succeeds.
    pub async fn write(
        &self,
        firm_id: Uuid,
        version_id: Uuid,
    ) -> object_store::Result<WriteMultipart> {
        let path = Self::path(firm_id, &Self::object_key(firm_id, version_id))?;
        let upload = self
            .store
            .put_multipart_opts(&path, PutMultipartOptions::default())
            .await?;
        Ok(WriteMultipart::new(upload))
    }

    /// The bytes of the object at `key`, as they come.
    pub async fn read(
        &self,
        firm_id: Uuid,
        key: &str,
    ) -> object_store::Result<BoxStream<'static, object_store::Result<Bytes>>> {
        let path = Self::path(firm_id, key)?;
        Ok(self
            .store
            .get_opts(&path, GetOptions::default())
            .await?
            .into_stream())
    }

    /// Bytes of the object at `key`.
    pub async fn size(&self, firm_id: Uuid, key: &str) -> object_store::Result<u64> {
        let path = Self::path(firm_id, key)?;
        let head = self
            .store
            .get_opts(&path, GetOptions::new().with_head(true))
            .await?;
        Ok(head.meta.size)
    }

    /// Deletes the object at `key`, and in a local folder any staging file a crashed upload
    /// left for it; one that is not there is fine.
    pub async fn delete(&self, firm_id: Uuid, key: &str) -> object_store::Result<()> {
        let path = Self::path(firm_id, key)?;
        let mut deleted = self.store.delete_stream(stream::iter([Ok(path)]).boxed());
        match deleted.next().await {
            Some(Err(object_store::Error::NotFound { .. })) | Some(Ok(_)) | None => {}
            Some(Err(err)) => return Err(err),
        }
        if let Some(folder) = &self.folder {
            remove_staging(&folder.join(key));
        }
        Ok(())
    }

    /// Deletes every object of a firm (and, in a local folder, the firm's folder with any
    /// staging files); returns how many objects went.
    pub async fn delete_firm(&self, firm_id: Uuid) -> object_store::Result<u64> {
        let prefix = ObjectPath::from(firm_id.to_string());
        let locations = self
            .store
            .list(Some(&prefix))
            .map(|meta| meta.map(|m| m.location))
            .boxed();
        let mut deleted = self.store.delete_stream(locations);
        let mut count = 0;
        while let Some(result) = deleted.next().await {
            match result {
                Ok(_) => count += 1,
                Err(object_store::Error::NotFound { .. }) => {}
                Err(err) => return Err(err),
            }
        }
        if let Some(folder) = &self.folder {
            match std::fs::remove_dir_all(folder.join(firm_id.to_string())) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    return Err(object_store::Error::Generic {
                        store: "docket",
                        source: err.into(),
                    });
                }
                _ => {}
            }
        }
        Ok(count)
    }
}

/// Removes the staging files (`{file}#{n}`) of a multipart upload to `file` that never finished.
fn remove_staging(file: &Path) {
    let (Some(dir), Some(name)) = (file.parent(), file.file_name()) else {
        return;
    };
    let prefix = format!("{}#", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix)
            && let Err(err) = std::fs::remove_file(entry.path())
        {
            tracing::warn!(error = %err, "a crashed upload's staging file was not removed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn objects_are_written_read_measured_and_deleted_under_the_firms_prefix() {
        let storage = Storage::memory();
        let (firm, version) = (Uuid::now_v7(), Uuid::now_v7());
        let key = Storage::object_key(firm, version);
        let mut upload = storage.write(firm, version).await.unwrap();
        upload.put(Bytes::from_static(b"sealed bytes"));
        upload.finish().await.unwrap();
        assert_eq!(storage.size(firm, &key).await.unwrap(), 12);
        let read: Vec<Bytes> = storage
            .read(firm, &key)
            .await
            .unwrap()
            .map(Result::unwrap)
            .collect()
            .await;
        assert_eq!(read.concat(), b"sealed bytes");
        storage.delete(firm, &key).await.unwrap();
        storage.delete(firm, &key).await.unwrap();
        assert!(storage.size(firm, &key).await.is_err());
        // Another firm's key, or anything that is not a key, is refused before any I/O.
        assert!(storage.read(Uuid::now_v7(), &key).await.is_err());
        assert!(storage.delete(firm, "../etc/passwd").await.is_err());
        assert!(storage.delete(firm, &format!("{firm}/x/y")).await.is_err());
    }
}
