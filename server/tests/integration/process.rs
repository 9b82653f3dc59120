//! Docket as a separate process: the `docket` binary on a data folder of its own, for the
//! tests that need a real process (killed mid-upload) or a configuration only the environment
//! sets (S3 storage).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use uuid::Uuid;

/// The demo firm's host.
pub const HOST: &str = "demo.localhost";
/// The demo admin's password.
pub const PASSWORD: &str = "demo-docket-2026";

/// A Docket binary run on a data folder of its own (SQLite, documents in a folder unless the
/// extra environment says otherwise).
pub struct Docket {
    /// The data folder.
    pub dir: PathBuf,
    /// The port it listens on.
    pub port: u16,
    env: Vec<(String, String)>,
}

impl Docket {
    /// A fresh data folder and a free port.
    pub fn new() -> Docket {
        let dir = std::env::temp_dir().join(format!("docket-proc-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Docket {
            dir,
            port,
            env: Vec::new(),
        }
    }

    /// Sets an environment variable for every run.
    pub fn with_env(mut self, key: &str, value: &str) -> Docket {
        self.env.push((key.into(), value.into()));
        self
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
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    /// Runs `docket {args}` to the end; it must succeed.
    pub fn run(&self, args: &[&str]) {
        let status = self.status(args);
        assert!(status.success(), "docket {args:?}: {status}");
    }

    /// Runs `docket {args}` to the end; how it exited.
    pub fn status(&self, args: &[&str]) -> std::process::ExitStatus {
        self.command(args).status().unwrap()
    }

    /// Starts `docket serve` and waits until it answers.
    pub async fn serve(&self) -> Child {
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

    /// `http://127.0.0.1:{port}{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// POSTs a form as the signed-in `cookie` (or signs in with none) and decodes the answer.
    pub async fn post<T: serde::de::DeserializeOwned>(
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

    /// Signs in as the demo admin; the session cookie.
    pub async fn sign_in(&self) -> String {
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

    /// Where documents are kept in the data folder.
    pub fn documents(&self) -> PathBuf {
        self.dir.join("documents")
    }

    /// Opens a matter (for a new client of the same name) as `cookie`.
    pub async fn open_matter(&self, cookie: &str, title: &str) -> app::matters::Matter {
        let (_, client): (_, app::clients::Client) = self
            .post(
                "/api/clients/create",
                Some(cookie),
                &[
                    ("name", title),
                    ("email", ""),
                    ("phone", ""),
                    ("kind", "company"),
                    ("notes", ""),
                ],
            )
            .await;
        let client_id = client.id.to_string();
        let (_, matter) = self
            .post(
                "/api/matters/create",
                Some(cookie),
                &[
                    ("client_id", client_id.as_str()),
                    ("form[title]", title),
                    ("form[status]", "open"),
                    ("form[opened_on]", "2026-12-01"),
                    ("opening[conflict][decision]", "clear"),
                ],
            )
            .await;
        matter
    }
}
