//! A `docket serve` process killed (SIGKILL) in the middle of an upload: after a restart the
//! upload is nowhere to be seen, and the sweeper removes what bytes it left.

use std::path::PathBuf;
use std::time::Duration;

use app::documents::Document;
use app::ssr::documents::Storage;
use app::ssr::documents::sweeper::sweep;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::documents::files_under;
use crate::process::{Docket, HOST};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_upload_leaves_no_visible_document() {
    let docket = Docket::new();
    docket.run(&["migrate"]);
    docket.run(&["seed", "demo"]);
    let mut server = docket.serve().await;
    let cookie = docket.sign_in().await;
    let matter = docket.open_matter(&cookie, "Killed upload").await;

    // Announce 20 MB, send 12 MB of it, then kill the server while it waits for the rest.
    let announced = 20 * 1024 * 1024;
    let mut socket = TcpStream::connect(("127.0.0.1", docket.port))
        .await
        .unwrap();
    let head = format!(
        "POST /api/documents/upload?matter={} HTTP/1.1\r\nHost: {HOST}\r\nOrigin: http://{HOST}\r\n\
         Cookie: {cookie}\r\nx-file-name: killed.bin\r\nContent-Length: {announced}\r\n\r\n",
        matter.id
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let piece = vec![7u8; 1024 * 1024];
    for _ in 0..12 {
        socket.write_all(&piece).await.unwrap();
    }
    socket.flush().await.unwrap();
    // Let the server encrypt and store what it has received.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let left: Vec<PathBuf> = files_under(&docket.documents());
    server.kill().unwrap();
    server.wait().unwrap();
    drop(socket);
    assert!(
        !left.is_empty(),
        "the upload had stored some bytes before the kill"
    );

    // Restarted: no document, and nothing of the upload can be downloaded.
    let mut server = docket.serve().await;
    let cookie = docket.sign_in().await;
    let matter_id = matter.id.to_string();
    let (_, listed): (_, Vec<Document>) = docket
        .post(
            "/api/documents/list",
            Some(&cookie),
            &[("matter_id", matter_id.as_str())],
        )
        .await;
    assert!(listed.is_empty(), "{listed:?}");
    let (_, recent): (_, Vec<Document>) = docket
        .post("/api/documents/recent", Some(&cookie), &[])
        .await;
    assert!(recent.is_empty(), "{recent:?}");
    server.kill().unwrap();
    server.wait().unwrap();

    // The sweeper (past its grace period) removes the bytes the upload left.
    let db = sea_orm::Database::connect(format!(
        "sqlite://{}?mode=rwc",
        docket.dir.join("docket.db").display()
    ))
    .await
    .unwrap();
    let storage = Storage::local(&docket.documents()).unwrap();
    sweep(&db, &storage, Duration::ZERO).await.unwrap();
    assert_eq!(files_under(&docket.documents()), Vec::<PathBuf>::new());
    let _ = std::fs::remove_dir_all(&docket.dir);
}
