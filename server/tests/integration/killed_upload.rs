//! A `docket serve` process killed (SIGKILL) in the middle of an upload: after a restart the
//! upload is nowhere to be seen, and the sweeper removes what bytes it left.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use app::documents::Document;
use app::ssr::documents::Storage;
use app::ssr::documents::sweeper::sweep;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use uuid::Uuid;

use crate::documents::files_under;

const HOST: &str = "demo.localhost";
const PASSWORD: &str = "demo-docket-2026";

/// A Docket binary run on a data folder of its own (SQLite, documents in a folder).
struct Docket {
    dir: PathBuf,
    port: u16,
}

impl Docket {
    fn new() -> Docket {
        let dir = std::env::temp_dir().join(format!("docket-kill-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Docket { dir, port }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_docket"));
        command
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DOCKET_DATA_DIR", &self.dir)
            .env("DOCKET_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("DOCKET_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) {
        let status = self.command(args).status().unwrap();
        assert!(status.success(), "docket {args:?}: {status}");
    }

    async fn serve(&self) -> Child {
        let mut child = self.command(&["serve"]).spawn().unwrap();
        let health = format!("http://127.0.0.1:{}/healthz", self.port);
        let mut up = false;
        for _ in 0..100 {
            up = reqwest::get(&health)
                .await
                .is_ok_and(|r| r.status().is_success());
            if up {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if !up {
            let _ = child.kill();
            let _ = child.wait();
            panic!("docket serve did not start");
        }
        child
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// POSTs a form as the signed-in `cookie` (or signs in with none) and decodes the answer.
    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> (Option<String>, T) {
        let mut request = reqwest::Client::new()
            .post(self.url(path))
            .header("host", HOST)
            .header("origin", format!("http://{HOST}"))
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        let cookie = crate::harness::session_cookie(&response);
        let body = response.text().await.unwrap();
        let value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {body}: {e}"));
        (cookie, value)
    }

    async fn sign_in(&self) -> String {
        let (cookie, _): (_, String) = self
            .post(
                "/api/auth/sign-in",
                None,
                &[
                    ("email", "admin@demo.test"),
                    ("password", PASSWORD),
                    ("next", "/"),
                ],
            )
            .await;
        cookie.expect("a session cookie")
    }

    fn documents(&self) -> PathBuf {
        self.dir.join("documents")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_upload_leaves_no_visible_document() {
    let docket = Docket::new();
    docket.run(&["migrate"]);
    docket.run(&["seed", "demo"]);
    let mut server = docket.serve().await;
    let cookie = docket.sign_in().await;
    let (_, client): (_, app::clients::Client) = docket
        .post(
            "/api/clients/create",
            Some(&cookie),
            &[
                ("name", "Killed Upload Client"),
                ("email", ""),
                ("phone", ""),
                ("kind", "company"),
                ("notes", ""),
            ],
        )
        .await;
    let client_id = client.id.to_string();
    let (_, matter): (_, app::matters::Matter) = docket
        .post(
            "/api/matters/create",
            Some(&cookie),
            &[
                ("client_id", client_id.as_str()),
                ("form[title]", "Killed upload"),
                ("form[status]", "open"),
                ("form[opened_on]", "2026-12-01"),
                ("opening[conflict][decision]", "clear"),
            ],
        )
        .await;

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
