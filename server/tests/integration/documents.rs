//! Documents: files round-trip encrypted and intact, stored bytes that were altered or copied
//! never download, limits and hostile names are refused clearly and leave nothing behind,
//! another firm's or an unreachable matter's documents are "not found" and change nothing,
//! versions keep their history, the trash, and the sweeper after a crash mid-upload.

use std::path::{Path, PathBuf};
use std::time::Duration;

use app::documents::{Document, DocumentVersion, TrashedDocument};
use app::error::AppError;
use app::matters::Matter;
use app::ssr::db::entities::upload_intents;
use app::ssr::db::{FirmDb, new_id, now};
use app::ssr::documents::sweeper::{UPLOAD_GRACE, sweep};
use figment::providers::Serialized;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use sea_orm::ActiveValue::Set;
use sea_orm::PaginatorTrait;
use uuid::Uuid;

use crate::both_backends;
use crate::harness::{TestApp, TestFirm};
use crate::matters::{Answer, NOT_FOUND, create, pairs, send, user_id};

both_backends!(
    a_large_file_round_trips_encrypted_and_intact,
    altered_or_truncated_bytes_never_download,
    bytes_copied_to_another_version_or_firm_never_download,
    limits_are_refused_clearly_and_leave_nothing_behind,
    hostile_file_names_are_refused_and_leave_nothing_behind,
    another_firms_documents_are_not_found_and_nothing_changes,
    users_reach_only_the_documents_of_matters_they_may_see,
    new_versions_keep_the_history_and_every_version_downloads,
    documents_are_renamed_moved_trashed_restored_and_purged,
    the_sweeper_cleans_up_after_a_crash_mid_upload,
);

const MIB: usize = 1024 * 1024;

/// Bytes of plaintext in each sealed chunk, and of a sealed chunk and of the header on disk.
const CHUNK: usize = 64 * 1024;
const SEALED: usize = CHUNK + 16;
const HEADER: usize = 16;

const FORBIDDEN: (StatusCode, AppError) = (StatusCode::FORBIDDEN, AppError::Forbidden);

/// `len` bytes that look random, the same for the same `seed`.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// `name` percent-encoded the way the browser's `encodeURIComponent` does it.
fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Uploads `bytes` named `name` on `host` as `cookie`; `target` is `matter={id}` (a new
/// document) or `document={id}` (a new version).
async fn upload(
    app: &TestApp,
    host: &str,
    cookie: Option<&str>,
    target: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Answer<Document> {
    let mut request = app
        .http
        .post(app.url(&format!("/api/documents/upload?{target}")))
        .header("host", host)
        .header("origin", format!("http://{host}"))
        .header("x-file-name", encode(name))
        .body(bytes);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    TestApp::decode(request.send().await.expect("request sent")).await
}

/// Uploads a new document on `matter` that must be accepted.
pub async fn add(
    app: &TestApp,
    host: &str,
    cookie: &str,
    matter: Uuid,
    name: &str,
    bytes: Vec<u8>,
) -> Document {
    upload(
        app,
        host,
        Some(cookie),
        &format!("matter={matter}"),
        name,
        bytes,
    )
    .await
    .expect("uploaded")
}

/// GETs `path` on `host` as `cookie`: the status, the headers, and the body or the error that
/// cut it short.
async fn download(
    app: &TestApp,
    host: &str,
    cookie: &str,
    path: &str,
) -> (StatusCode, HeaderMap, Result<Vec<u8>, reqwest::Error>) {
    let response = app.get_with(host, path, Some(cookie)).await;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map(|b| b.to_vec());
    (status, headers, body)
}

/// GETs `path`, where the server may also drop the connection before answering: `None` then,
/// else the status and the body as far as it came.
async fn try_download(
    app: &TestApp,
    host: &str,
    cookie: &str,
    path: &str,
) -> Option<(StatusCode, Result<Vec<u8>, reqwest::Error>)> {
    let response = app
        .http
        .get(app.url(path))
        .header("host", host)
        .header("cookie", cookie)
        .send()
        .await
        .ok()?;
    let status = response.status();
    Some((status, response.bytes().await.map(|b| b.to_vec())))
}

fn current(document: &Document) -> String {
    format!("/documents/{}/download", document.id)
}

fn of_version(document: &Document, version: Uuid) -> String {
    format!("/documents/{}/versions/{version}/download", document.id)
}

/// The body of a download that must succeed.
async fn downloaded(app: &TestApp, host: &str, cookie: &str, path: &str) -> Vec<u8> {
    let (status, _, body) = download(app, host, cookie, path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    body.expect("the whole body")
}

async fn list(app: &TestApp, host: &str, cookie: &str, matter: Uuid) -> Answer<Vec<Document>> {
    let fields = pairs(&[("matter_id", matter.to_string())]);
    send(app, host, cookie, "documents/list", fields).await
}

async fn versions(
    app: &TestApp,
    host: &str,
    cookie: &str,
    document: Uuid,
) -> Answer<Vec<DocumentVersion>> {
    let fields = pairs(&[("document_id", document.to_string())]);
    send(app, host, cookie, "documents/versions", fields).await
}

async fn rename(
    app: &TestApp,
    host: &str,
    cookie: &str,
    document: Uuid,
    name: &str,
) -> Answer<Document> {
    let fields = pairs(&[("document_id", document.to_string()), ("name", name.into())]);
    send(app, host, cookie, "documents/rename", fields).await
}

async fn move_to(
    app: &TestApp,
    host: &str,
    cookie: &str,
    document: Uuid,
    matter: Uuid,
) -> Answer<Document> {
    let fields = pairs(&[
        ("document_id", document.to_string()),
        ("matter_id", matter.to_string()),
    ]);
    send(app, host, cookie, "documents/move", fields).await
}

async fn delete(app: &TestApp, host: &str, cookie: &str, document: Uuid) -> Answer<()> {
    let fields = pairs(&[("document_id", document.to_string())]);
    send(app, host, cookie, "documents/delete", fields).await
}

async fn restore(app: &TestApp, host: &str, cookie: &str, document: Uuid) -> Answer<Document> {
    let fields = pairs(&[("document_id", document.to_string())]);
    send(app, host, cookie, "documents/restore", fields).await
}

async fn trash(app: &TestApp, host: &str, cookie: &str) -> Answer<Vec<TrashedDocument>> {
    send(app, host, cookie, "documents/trash", vec![]).await
}

async fn empty_trash(app: &TestApp, host: &str, cookie: &str) -> Answer<u64> {
    send(app, host, cookie, "documents/empty-trash", vec![]).await
}

async fn recent(app: &TestApp, host: &str, cookie: &str) -> Answer<Vec<Document>> {
    send(app, host, cookie, "documents/recent", vec![]).await
}

/// A client and a matter on `host`, opened as `cookie`.
pub async fn matter(app: &TestApp, host: &str, cookie: &str, client: &str) -> Matter {
    let client = app.create_client(host, client).await;
    create(app, host, cookie, client.id, &[])
        .await
        .expect("matter opened")
}

/// Every file under the test server's documents folder.
fn stored_files(app: &TestApp) -> Vec<PathBuf> {
    files_under(&app.documents_dir)
}

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

/// Where the test server keeps the bytes of a version of `firm`.
fn object_file(app: &TestApp, firm: &TestFirm, version: Uuid) -> PathBuf {
    app.documents_dir
        .join(firm.id.to_string())
        .join(version.to_string())
}

/// How many upload intents `firm` has.
async fn intents(app: &TestApp, firm: &TestFirm) -> u64 {
    let db = FirmDb::begin(&app.served, firm.id).await.unwrap();
    let count = db
        .find::<upload_intents::Entity>()
        .count(db.conn())
        .await
        .unwrap();
    db.commit().await.unwrap();
    count
}

/// The id of a document's only (or newest) version.
async fn newest_version(app: &TestApp, host: &str, cookie: &str, document: Uuid) -> Uuid {
    versions(app, host, cookie, document).await.unwrap()[0].id
}

fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut altered = bytes.to_vec();
    altered[at] ^= 0x01;
    altered
}

async fn a_large_file_round_trips_encrypted_and_intact(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Large Files Ltd").await;
    let original = noise(50 * MIB, 1);
    let document = add(
        &app,
        &a,
        &owner,
        matter.id,
        "Disclosure bundle.bin",
        original.clone(),
    )
    .await;
    assert_eq!(document.name, "Disclosure bundle.bin");
    assert_eq!(document.matter_id, matter.id);
    assert_eq!(document.size, original.len() as u64);
    assert_eq!(document.version, 1);
    assert_eq!(
        list(&app, &a, &owner, matter.id).await.unwrap(),
        vec![document.clone()]
    );
    // At rest: one object, at {firm}/{version}, holding ciphertext only.
    let history = versions(&app, &a, &owner, document.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].sha256.len(), 64);
    let path = object_file(&app, &app.a, history[0].id);
    assert_eq!(stored_files(&app), vec![path.clone()]);
    let stored = std::fs::read(path).expect("the object is at {firm}/{version}");
    assert_eq!(&stored[..4], b"DKT1");
    assert_eq!(
        stored.len(),
        HEADER + original.len() + original.len().div_ceil(CHUNK) * 16
    );
    assert_ne!(&stored[HEADER..HEADER + 4096], &original[..4096]);
    drop(stored);
    // Downloaded whole, as an attachment that is never sniffed or cached.
    let (status, headers, body) = download(&app, &a, &owner, &current(&document)).await;
    assert_eq!(status, StatusCode::OK);
    let header = |name: &str| headers[name].to_str().unwrap().to_string();
    assert_eq!(header("content-length"), original.len().to_string());
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"Disclosure bundle.bin\"; filename*=UTF-8''Disclosure%20bundle.bin"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("cache-control"), "private, no-store");
    assert_eq!(header("content-type"), document.content_type);
    let body = body.expect("the whole body");
    assert!(body == original, "the downloaded bytes differ");
}

async fn altered_or_truncated_bytes_never_download(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Tamper Test").await;
    let original = noise(5 * CHUNK + 123, 2);
    let document = add(&app, &a, &owner, matter.id, "Ledger.xlsx", original.clone()).await;
    let version = newest_version(&app, &a, &owner, document.id).await;
    let path = object_file(&app, &app.a, version);
    let pristine = std::fs::read(&path).unwrap();
    // The first chunks cannot be opened: nothing is sent but an error.
    for at in [0, 5, HEADER + 100, HEADER + SEALED + 7] {
        std::fs::write(&path, flipped(&pristine, at)).unwrap();
        let (status, _, body) = download(&app, &a, &owner, &current(&document)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "byte {at}");
        assert!(
            body.is_ok_and(|b| b.len() < 1000),
            "byte {at}: only an error text"
        );
    }
    // Later damage cuts the body short: never the whole file.
    let cases = [
        (
            "a byte of the fourth chunk",
            flipped(&pristine, HEADER + 3 * SEALED + 5),
        ),
        ("the last byte", flipped(&pristine, pristine.len() - 1)),
        (
            "the last chunk cut off",
            pristine[..HEADER + 5 * SEALED].to_vec(),
        ),
        ("a byte added", [pristine.clone(), vec![0]].concat()),
    ];
    for (what, altered) in cases {
        std::fs::write(&path, altered).unwrap();
        match try_download(&app, &a, &owner, &current(&document)).await {
            // The connection was dropped before any answer: nothing was delivered.
            None => {}
            Some((status, Ok(body))) => {
                assert!(!status.is_success(), "{what}: {status} with a whole body");
                assert!(body != original, "{what}: the original came out");
            }
            Some((status, Err(_))) => assert_eq!(status, StatusCode::OK, "{what}"),
        }
    }
    std::fs::write(path, pristine).unwrap();
    assert!(downloaded(&app, &a, &owner, &current(&document)).await == original);
}

async fn bytes_copied_to_another_version_or_firm_never_download(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (alpha, beta) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let a_matter = matter(&app, &a, &alpha, "Alpha Client").await;
    let b_matter = matter(&app, &b, &beta, "Beta Client").await;
    let a_bytes = noise(3 * CHUNK, 3);
    let a_doc = add(
        &app,
        &a,
        &alpha,
        a_matter.id,
        "Same size.bin",
        a_bytes.clone(),
    )
    .await;
    let a_other = add(
        &app,
        &a,
        &alpha,
        a_matter.id,
        "Same size.bin",
        noise(3 * CHUNK, 4),
    )
    .await;
    let b_doc = add(
        &app,
        &b,
        &beta,
        b_matter.id,
        "Same size.bin",
        noise(3 * CHUNK, 5),
    )
    .await;
    let a_version = newest_version(&app, &a, &alpha, a_doc.id).await;
    let a_other_version = newest_version(&app, &a, &alpha, a_other.id).await;
    let b_version = newest_version(&app, &b, &beta, b_doc.id).await;
    let a_file = object_file(&app, &app.a, a_version);
    // Into another firm's object: another key (and other associated data).
    std::fs::copy(&a_file, object_file(&app, &app.b, b_version)).unwrap();
    let (status, _, body) = download(&app, &b, &beta, &current(&b_doc)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(body.is_ok_and(|b| b != a_bytes));
    // Into another version of the same firm: the same key, but the associated data names the
    // version.
    std::fs::copy(a_file, object_file(&app, &app.a, a_other_version)).unwrap();
    let (status, _, _) = download(&app, &a, &alpha, &current(&a_other)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    // The original still opens.
    assert!(downloaded(&app, &a, &alpha, &current(&a_doc)).await == a_bytes);
}

async fn limits_are_refused_clearly_and_leave_nothing_behind(app: TestApp) {
    // 1 MB a file and 2 MB a firm, so the limits are cheap to reach.
    let app = TestApp::spawn_with(app.backend, |figment| {
        figment
            .merge(Serialized::default("max_upload_mb", 1))
            .merge(Serialized::default("firm_quota_mb", 2))
    })
    .await
    .expect("spawns like the first");
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Quota Client").await;
    let target = format!("matter={}", matter.id);
    let send_file = |name: &'static str, len: usize, seed: u64| {
        upload(
            &app,
            &a,
            Some(owner.as_str()),
            &target,
            name,
            noise(len, seed),
        )
    };
    let refused = |answer: Answer<Document>| {
        let (status, err) = answer.expect_err("refused");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err:?}");
        err.field("file").expect("a message on the file")
    };

    let message = refused(send_file("big.bin", MIB + 1, 1).await);
    assert!(message.contains("1 MB limit"), "{message}");
    assert!(list(&app, &a, &owner, matter.id).await.unwrap().is_empty());
    assert!(stored_files(&app).is_empty());
    assert_eq!(intents(&app, &app.a).await, 0);

    let full = send_file("exactly 1 MB.bin", MIB, 2)
        .await
        .expect("the limit itself is fine");
    send_file("0.6 MB.bin", 6 * MIB / 10, 3).await.unwrap();
    let message = refused(send_file("one too many.bin", 6 * MIB / 10, 4).await);
    assert!(message.contains("1.6 MB of its 2.0 MB"), "{message}");
    assert!(
        message.contains("Ask your firm's administrator"),
        "{message}"
    );
    assert_eq!(list(&app, &a, &owner, matter.id).await.unwrap().len(), 2);
    assert_eq!(stored_files(&app).len(), 2);
    assert_eq!(intents(&app, &app.a).await, 0);

    // Two uploads that fit alone but not together: one is recorded, the other refused.
    let (first, second) = tokio::join!(
        send_file("racing 1.bin", 3 * MIB / 10, 5),
        send_file("racing 2.bin", 3 * MIB / 10, 6)
    );
    let (recorded, lost): (Vec<_>, Vec<_>) = [first, second].into_iter().partition(Result::is_ok);
    assert_eq!(recorded.len(), 1, "{lost:?}");
    for answer in lost {
        refused(answer);
    }
    assert_eq!(list(&app, &a, &owner, matter.id).await.unwrap().len(), 3);
    assert_eq!(stored_files(&app).len(), 3);
    assert_eq!(intents(&app, &app.a).await, 0);

    // The trash still counts; emptying it frees the space.
    delete(&app, &a, &owner, full.id).await.unwrap();
    refused(send_file("after delete.bin", 3 * MIB / 10, 7).await);
    assert_eq!(empty_trash(&app, &a, &owner).await.unwrap(), 1);
    send_file("after emptying.bin", 3 * MIB / 10, 8)
        .await
        .expect("fits once the trash is empty");
    assert_eq!(stored_files(&app).len(), 3);
}

async fn hostile_file_names_are_refused_and_leave_nothing_behind(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Names Client").await;
    let target = format!("matter={}", matter.id);
    let long = "a".repeat(300);
    for name in [
        "../etc/passwd",
        "a\0b.txt",
        long.as_str(),
        "invoice\u{202E}fdp.exe",
        "",
        "..",
        "a\\b.txt",
        "line\nbreak.txt",
    ] {
        let (status, err) = upload(
            &app,
            &a,
            Some(owner.as_str()),
            &target,
            name,
            b"hostile".to_vec(),
        )
        .await
        .unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        assert!(
            err.field("file").is_some_and(|m| !m.is_empty()),
            "{name:?}: {err:?}"
        );
    }
    assert!(list(&app, &a, &owner, matter.id).await.unwrap().is_empty());
    assert!(stored_files(&app).is_empty());
    assert_eq!(intents(&app, &app.a).await, 0);

    // Any script is kept whole; the download offers a safe fallback too.
    let name = "Résumé 2026 (final).pdf";
    let document = upload(
        &app,
        &a,
        Some(owner.as_str()),
        &target,
        name,
        b"%PDF-1.7\n%...".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(document.name, name);
    assert_eq!(document.content_type, "application/pdf");
    let (status, headers, _) = download(&app, &a, &owner, &current(&document)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["content-disposition"].to_str().unwrap(),
        "attachment; filename=\"Resume 2026 (final).pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026%20%28final%29.pdf"
    );
    // Stored by version id under the firm, whatever the name.
    let version = newest_version(&app, &a, &owner, document.id).await;
    assert_eq!(stored_files(&app), vec![object_file(&app, &app.a, version)]);
    // Renaming refuses the same names.
    for bad in ["../x", "", "a\u{202E}b"] {
        let (status, err) = rename(&app, &a, &owner, document.id, bad)
            .await
            .unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(err.field("name").is_some(), "{bad:?}: {err:?}");
    }
}

async fn another_firms_documents_are_not_found_and_nothing_changes(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (alpha, beta) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let a_matter = matter(&app, &a, &alpha, "Alpha Secret Client").await;
    let b_matter = matter(&app, &b, &beta, "Beta Client").await;
    let bytes = b"Project Nightingale: confidential".to_vec();
    let doc = add(
        &app,
        &a,
        &alpha,
        a_matter.id,
        "Nightingale.txt",
        bytes.clone(),
    )
    .await;
    let a_version = newest_version(&app, &a, &alpha, doc.id).await;
    let b_doc = add(&app, &b, &beta, b_matter.id, "Beta.txt", b"beta".to_vec()).await;

    // Every documents function and route on B's host treats A's ids as unknown.
    assert_eq!(
        list(&app, &b, &beta, a_matter.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        versions(&app, &b, &beta, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        rename(&app, &b, &beta, doc.id, "Hijacked.txt")
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        move_to(&app, &b, &beta, doc.id, b_matter.id)
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        move_to(&app, &b, &beta, b_doc.id, a_matter.id)
            .await
            .unwrap_err(),
        NOT_FOUND,
        "B's document onto A's matter"
    );
    assert_eq!(
        delete(&app, &b, &beta, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        restore(&app, &b, &beta, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    for path in [
        current(&doc),
        of_version(&doc, a_version),
        of_version(&b_doc, a_version),
    ] {
        let (status, _, body) = download(&app, &b, &beta, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.is_ok_and(|b| !b.windows(11).any(|w| w == b"Nightingale")));
    }
    for target in [
        format!("matter={}", a_matter.id),
        format!("document={}", doc.id),
    ] {
        let refused = upload(
            &app,
            &b,
            Some(beta.as_str()),
            &target,
            "Planted.txt",
            b"x".to_vec(),
        )
        .await;
        assert_eq!(refused.unwrap_err(), NOT_FOUND, "{target}");
    }
    assert!(
        recent(&app, &b, &beta)
            .await
            .unwrap()
            .iter()
            .all(|d| d.id != doc.id)
    );

    // In A's trash, it is still out of B's reach: B's trash neither lists nor empties it.
    delete(&app, &a, &alpha, doc.id).await.unwrap();
    assert!(trash(&app, &b, &beta).await.unwrap().is_empty());
    assert_eq!(empty_trash(&app, &b, &beta).await.unwrap(), 0);
    assert_eq!(
        restore(&app, &b, &beta, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    let a_trash = trash(&app, &a, &alpha).await.unwrap();
    assert_eq!(
        a_trash.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![doc.id]
    );
    assert!(object_file(&app, &app.a, a_version).exists());
    restore(&app, &a, &alpha, doc.id).await.unwrap();

    // Nothing of A's changed.
    assert_eq!(
        list(&app, &a, &alpha, a_matter.id).await.unwrap(),
        vec![doc.clone()]
    );
    assert_eq!(versions(&app, &a, &alpha, doc.id).await.unwrap().len(), 1);
    assert!(downloaded(&app, &a, &alpha, &current(&doc)).await == bytes);
    assert_eq!(
        list(&app, &b, &beta, b_matter.id).await.unwrap(),
        vec![b_doc]
    );
    assert_eq!(stored_files(&app).len(), 2);
}

async fn users_reach_only_the_documents_of_matters_they_may_see(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Team Client").await;
    let target = format!("matter={}", matter.id);
    let doc = upload(
        &app,
        &a,
        Some(owner.as_str()),
        &target,
        "Brief.txt",
        b"brief".to_vec(),
    )
    .await
    .unwrap();
    let new_version = format!("document={}", doc.id);
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let paralegal_id = user_id(&app, &a, "para@alpha.test").await;

    // Not on the team: the matter's documents do not exist for them.
    assert_eq!(
        list(&app, &a, &paralegal, matter.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        versions(&app, &a, &paralegal, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        rename(&app, &a, &paralegal, doc.id, "Mine.txt")
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    let (status, _, _) = download(&app, &a, &paralegal, &current(&doc)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for target in [&target, &new_version] {
        let refused = upload(
            &app,
            &a,
            Some(paralegal.as_str()),
            target,
            "x.txt",
            b"x".to_vec(),
        )
        .await;
        assert_eq!(refused.unwrap_err(), NOT_FOUND, "{target}");
    }
    assert!(recent(&app, &a, &paralegal).await.unwrap().is_empty());
    // Paralegals may not delete, nor see the trash.
    assert_eq!(
        delete(&app, &a, &paralegal, doc.id).await.unwrap_err(),
        FORBIDDEN
    );
    assert_eq!(trash(&app, &a, &paralegal).await.unwrap_err(), FORBIDDEN);

    // On the team: the documents, to read and add to.
    let _: Matter = send(
        &app,
        &a,
        &owner,
        "matters/team-add",
        pairs(&[
            ("matter_id", matter.id.to_string()),
            ("user_id", paralegal_id.to_string()),
            ("role", "paralegal".into()),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(
        list(&app, &a, &paralegal, matter.id).await.unwrap().len(),
        1
    );
    assert_eq!(
        downloaded(&app, &a, &paralegal, &current(&doc)).await,
        b"brief"
    );
    let bumped = upload(
        &app,
        &a,
        Some(paralegal.as_str()),
        &new_version,
        "",
        b"brief 2".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(bumped.version, 2);
    assert_eq!(bumped.uploaded_by, "paralegal");

    // Read-only users read but never write.
    let reader = app.add_user(&app.a, "reader@alpha.test", "read_only").await;
    let refused = upload(
        &app,
        &a,
        Some(reader.as_str()),
        &target,
        "x.txt",
        b"x".to_vec(),
    )
    .await;
    assert_eq!(refused.unwrap_err(), FORBIDDEN);
    assert_eq!(
        rename(&app, &a, &reader, doc.id, "x.txt")
            .await
            .unwrap_err(),
        FORBIDDEN
    );

    // Walled: the paralegal on the team is screened from the matter, and its documents are gone
    // for them in every way, as for an Admin screened from it.
    let admin = app
        .add_user(&app.a, "walled-admin@alpha.test", "admin")
        .await;
    let admin_id = user_id(&app, &a, "walled-admin@alpha.test").await;
    for user in [paralegal_id, admin_id] {
        let _: Vec<app::matters::Screen> = send(
            &app,
            &a,
            &owner,
            "matters/screen",
            pairs(&[
                ("matter_id", matter.id.to_string()),
                ("user_id", user.to_string()),
                ("reason", "Acted for the other side".into()),
            ]),
        )
        .await
        .unwrap();
    }
    for walled in [&paralegal, &admin] {
        assert_eq!(
            list(&app, &a, walled, matter.id).await.unwrap_err(),
            NOT_FOUND
        );
        assert_eq!(
            versions(&app, &a, walled, doc.id).await.unwrap_err(),
            NOT_FOUND
        );
        let (status, _, _) = download(&app, &a, walled, &current(&doc)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let refused = upload(
            &app,
            &a,
            Some(walled.as_str()),
            &new_version,
            "",
            b"x".to_vec(),
        )
        .await;
        assert_eq!(refused.unwrap_err(), NOT_FOUND);
        assert!(recent(&app, &a, walled).await.unwrap().is_empty());
    }

    // Signed out: the upload is refused, the download asks to sign in first.
    let refused = upload(&app, &a, None, &target, "x.txt", b"x".to_vec()).await;
    assert_eq!(
        refused.unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::Unauthorized)
    );
    let response = app.get_with(&a, &current(&doc), None).await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/login?next="), "{location}");
    assert_eq!(list(&app, &a, &owner, matter.id).await.unwrap().len(), 1);
}

async fn new_versions_keep_the_history_and_every_version_downloads(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Versions Client").await;
    let first = b"Dear client, this is the first draft.".to_vec();
    let second = b"%PDF-1.7\n% the signed letter\n".to_vec();
    let doc = add(
        &app,
        &a,
        &owner,
        matter.id,
        "Engagement letter",
        first.clone(),
    )
    .await;
    assert_eq!(doc.content_type, "text/plain; charset=utf-8");
    let bumped = upload(
        &app,
        &a,
        Some(owner.as_str()),
        &format!("document={}", doc.id),
        "ignored for a new version.pdf",
        second.clone(),
    )
    .await
    .unwrap();
    assert_eq!(bumped.id, doc.id);
    assert_eq!(
        bumped.name, "Engagement letter",
        "a new version keeps the name"
    );
    assert_eq!(bumped.version, 2);
    assert_eq!(bumped.size, second.len() as u64);
    assert_eq!(bumped.content_type, "application/pdf");
    assert_eq!(
        list(&app, &a, &owner, matter.id).await.unwrap(),
        vec![bumped.clone()]
    );

    let history = versions(&app, &a, &owner, doc.id).await.unwrap();
    assert_eq!(
        history.iter().map(|v| v.number).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(history[1].size, first.len() as u64);
    assert_eq!(history[1].content_type, "text/plain; charset=utf-8");
    assert_ne!(history[0].sha256, history[1].sha256);

    let (status, headers, body) = download(&app, &a, &owner, &current(&doc)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"].to_str().unwrap(), "application/pdf");
    assert_eq!(body.unwrap(), second);
    let (status, headers, body) =
        download(&app, &a, &owner, &of_version(&doc, history[1].id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["content-type"].to_str().unwrap(),
        "text/plain; charset=utf-8"
    );
    assert_eq!(body.unwrap(), first);
    assert_eq!(
        downloaded(&app, &a, &owner, &of_version(&doc, history[0].id)).await,
        second
    );

    // A version of another document is not one of this document's.
    let other = add(&app, &a, &owner, matter.id, "Other", b"other".to_vec()).await;
    let other_version = newest_version(&app, &a, &owner, other.id).await;
    let (status, _, _) = download(&app, &a, &owner, &of_version(&doc, other_version)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = download(&app, &a, &owner, &of_version(&doc, Uuid::now_v7())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(stored_files(&app).len(), 3);
}

async fn documents_are_renamed_moved_trashed_restored_and_purged(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let first = matter(&app, &a, &owner, "First Client").await;
    let second = matter(&app, &a, &owner, "Second Client").await;
    let doc = add(
        &app,
        &a,
        &owner,
        first.id,
        "Contract draft.txt",
        b"draft".to_vec(),
    )
    .await;
    upload(
        &app,
        &a,
        Some(owner.as_str()),
        &format!("document={}", doc.id),
        "",
        b"signed!".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(stored_files(&app).len(), 2);

    let renamed = rename(&app, &a, &owner, doc.id, "  Signed contract.txt ")
        .await
        .unwrap();
    assert_eq!(renamed.name, "Signed contract.txt");
    assert_eq!(
        list(&app, &a, &owner, first.id).await.unwrap(),
        vec![renamed.clone()]
    );
    assert_eq!(recent(&app, &a, &owner).await.unwrap()[0], renamed);

    let moved = move_to(&app, &a, &owner, doc.id, second.id).await.unwrap();
    assert_eq!(moved.matter_id, second.id);
    assert_eq!(moved.matter_number, second.number);
    assert!(list(&app, &a, &owner, first.id).await.unwrap().is_empty());
    assert_eq!(
        list(&app, &a, &owner, second.id).await.unwrap(),
        vec![moved.clone()]
    );
    assert_eq!(
        move_to(&app, &a, &owner, doc.id, Uuid::now_v7())
            .await
            .unwrap_err(),
        NOT_FOUND
    );

    // In the trash: gone from everywhere but the trash.
    delete(&app, &a, &owner, doc.id).await.unwrap();
    assert!(list(&app, &a, &owner, second.id).await.unwrap().is_empty());
    assert!(recent(&app, &a, &owner).await.unwrap().is_empty());
    assert_eq!(
        versions(&app, &a, &owner, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        rename(&app, &a, &owner, doc.id, "x.txt").await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        delete(&app, &a, &owner, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    let (status, _, _) = download(&app, &a, &owner, &current(&doc)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let in_trash = trash(&app, &a, &owner).await.unwrap();
    assert_eq!(in_trash.len(), 1);
    assert_eq!(in_trash[0].id, doc.id);
    assert_eq!(in_trash[0].name, "Signed contract.txt");
    assert_eq!(in_trash[0].matter_id, second.id);
    assert_eq!(in_trash[0].versions, 2);
    assert_eq!(
        in_trash[0].stored,
        (b"draft".len() + b"signed!".len()) as u64
    );
    assert!(!in_trash[0].deleted_by.is_empty());

    // Restored as it was.
    assert_eq!(restore(&app, &a, &owner, doc.id).await.unwrap(), moved);
    assert_eq!(
        list(&app, &a, &owner, second.id).await.unwrap(),
        vec![moved]
    );
    assert!(trash(&app, &a, &owner).await.unwrap().is_empty());
    assert_eq!(
        restore(&app, &a, &owner, doc.id).await.unwrap_err(),
        NOT_FOUND
    );

    // Emptied: the rows and every version's bytes are gone for good.
    delete(&app, &a, &owner, doc.id).await.unwrap();
    assert_eq!(empty_trash(&app, &a, &owner).await.unwrap(), 1);
    assert!(trash(&app, &a, &owner).await.unwrap().is_empty());
    assert!(stored_files(&app).is_empty());
    assert_eq!(intents(&app, &app.a).await, 0);
    assert_eq!(
        restore(&app, &a, &owner, doc.id).await.unwrap_err(),
        NOT_FOUND
    );
    let (status, _, _) = download(&app, &a, &owner, &current(&doc)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(empty_trash(&app, &a, &owner).await.unwrap(), 0);
}

async fn the_sweeper_cleans_up_after_a_crash_mid_upload(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Crash Client").await;
    let kept = add(&app, &a, &owner, matter.id, "Kept.txt", b"kept".to_vec()).await;
    let kept_version = newest_version(&app, &a, &owner, kept.id).await;
    // As if servers had died: after storing an upload's bytes (`crashed`), while storing them
    // (`interrupted`, no bytes yet), and after emptying the trash but before deleting its bytes
    // (`purged`). An intent naming a recorded version's bytes (`kept`) must not lose them.
    let (crashed, interrupted, purged) = (new_id(), new_id(), new_id());
    let db = FirmDb::begin(&app.served, app.a.id).await.unwrap();
    for (version, purpose) in [
        (crashed, "upload"),
        (interrupted, "upload"),
        (kept_version, "upload"),
        (purged, "delete"),
    ] {
        db.insert(upload_intents::ActiveModel {
            id: Set(new_id()),
            object_key: Set(format!("{}/{version}", app.a.id)),
            purpose: Set(purpose.into()),
            created_at: Set(now()),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    db.commit().await.unwrap();
    for version in [crashed, purged] {
        std::fs::write(object_file(&app, &app.a, version), noise(1000, 9)).unwrap();
    }
    assert_eq!(
        list(&app, &a, &owner, matter.id).await.unwrap(),
        vec![kept.clone()]
    );
    assert_eq!(stored_files(&app).len(), 3);

    // On its schedule, the sweeper settles delete intents at once and leaves fresh uploads be.
    assert_eq!(
        sweep(&app.served, &app.storage, UPLOAD_GRACE)
            .await
            .unwrap(),
        1
    );
    assert!(!object_file(&app, &app.a, purged).exists());
    assert!(object_file(&app, &app.a, crashed).exists());
    assert_eq!(intents(&app, &app.a).await, 3);
    // Past the grace period, the abandoned uploads go; the recorded version's bytes stay.
    assert_eq!(
        sweep(&app.served, &app.storage, Duration::ZERO)
            .await
            .unwrap(),
        2
    );
    assert_eq!(intents(&app, &app.a).await, 0);
    assert_eq!(
        stored_files(&app),
        vec![object_file(&app, &app.a, kept_version)]
    );
    assert_eq!(downloaded(&app, &a, &owner, &current(&kept)).await, b"kept");
    assert_eq!(list(&app, &a, &owner, matter.id).await.unwrap(), vec![kept]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_past_the_allowance_are_refused_with_a_clear_message() {
    use figment::providers::Serialized;
    // Two a minute: the next one comes back after 30 s, far longer than the test takes.
    let app = TestApp::spawn_with(crate::harness::Backend::Sqlite, |f| {
        f.merge(Serialized::default("uploads_per_minute", 2))
    })
    .await
    .expect("SQLite always runs");
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let matter = matter(&app, &a, &owner, "Busy Client").await;
    let target = format!("matter={}", matter.id);
    for name in ["One.txt", "Two.txt"] {
        upload(&app, &a, Some(owner.as_str()), &target, name, b"x".to_vec())
            .await
            .unwrap();
    }
    let (status, err) = upload(
        &app,
        &a,
        Some(owner.as_str()),
        &target,
        "Three.txt",
        b"x".to_vec(),
    )
    .await
    .unwrap_err();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        err.to_string()
            .starts_with("You have started many uploads in a short time."),
        "{err}"
    );
    assert_eq!(list(&app, &a, &owner, matter.id).await.unwrap().len(), 2);
}
