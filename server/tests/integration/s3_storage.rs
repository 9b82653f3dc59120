//! Documents in S3-compatible storage, configured only as an operator would (`DOCKET_S3_BUCKET`
//! and the standard `AWS_*` variables), against a real S3 API on loopback: moto's server
//! (`moto_server`, from PyPI; `scripts/setup.sh` installs it for the tests). The bytes in the
//! bucket are ciphertext under the generated key, and they come back whole.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use app::documents::Document;
use app::ssr::documents::cipher::ciphertext_len;

use crate::documents::{files_under, noise};
use crate::process::{Docket, HOST};

const BUCKET: &str = "docket-documents";

/// A moto S3 server on a free loopback port, stopped when dropped.
struct Moto {
    child: Child,
    url: String,
}

impl Moto {
    /// Starts it, or `None` when `moto_server` is not installed.
    async fn start() -> Option<Moto> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..100 {
            if reqwest::get(&moto.url).await.is_ok() {
                return Some(moto);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("moto_server did not start");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_round_trip_through_s3_compatible_storage() {
    let Some(s3) = Moto::start().await else {
        assert!(
            std::env::var("CI").is_err(),
            "moto_server is required under CI (scripts/setup.sh installs it)"
        );
        eprintln!("skipped: moto_server is not installed");
        return;
    };
    let http = reqwest::Client::new();
    let made = http
        .put(format!("{}/{BUCKET}", s3.url))
        .send()
        .await
        .unwrap();
    assert!(made.status().is_success(), "bucket: {}", made.status());

    let docket = Docket::new()
        .with_env("DOCKET_S3_BUCKET", BUCKET)
        .with_env("AWS_ENDPOINT", &s3.url)
        .with_env("AWS_ALLOW_HTTP", "true")
        .with_env("AWS_ACCESS_KEY_ID", "docket-test")
        .with_env("AWS_SECRET_ACCESS_KEY", "docket-test")
        .with_env("AWS_DEFAULT_REGION", "us-east-1");
    docket.run(&["migrate"]);
    docket.run(&["seed", "demo"]);
    let mut server = docket.serve().await;
    let cookie = docket.sign_in().await;
    let matter = docket.open_matter(&cookie, "Bucketed").await;

    // 6 MB: more than one 5 MB part of a multipart upload.
    let original = noise(6 * 1024 * 1024 + 17, 11);
    let response = http
        .post(docket.url(&format!("/api/documents/upload?matter={}", matter.id)))
        .header("host", HOST)
        .header("origin", format!("http://{HOST}"))
        .header("cookie", &cookie)
        .header("x-file-name", "Bucketed.bin")
        .body(original.clone())
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let document: Document = response.json().await.unwrap();
    let back = http
        .get(docket.url(&format!("/documents/{}/download", document.id)))
        .header("host", HOST)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert!(back.status().is_success(), "{}", back.status());
    assert!(
        back.bytes().await.unwrap() == original,
        "the same bytes come back"
    );
    let _ = server.kill();
    let _ = server.wait();

    // Nothing on the local disk; in the bucket, one object under the firm's prefix, of the
    // ciphertext's length, that is not the file.
    assert!(files_under(&docket.documents()).is_empty());
    let listing = http
        .get(format!("{}/{BUCKET}?list-type=2", s3.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let keys: Vec<&str> = listing
        .split("<Key>")
        .skip(1)
        .filter_map(|rest| rest.split("</Key>").next())
        .collect();
    assert_eq!(keys.len(), 1, "{listing}");
    let stored = http
        .get(format!("{}/{BUCKET}/{}", s3.url, keys[0]))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(stored.len() as u64, ciphertext_len(original.len() as u64));
    assert!(!stored.windows(64).any(|w| w == &original[1000..1064]));
    let _ = std::fs::remove_dir_all(&docket.dir);
}
