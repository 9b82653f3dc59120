//! Delivery to a real SMTP server: aiosmtpd (from PyPI; `make test` installs it) on loopback,
//! writing what it receives into a Maildir. Skips when aiosmtpd is missing, except under
//! `CI=true`, where it fails.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use figment::providers::Serialized;
use reqwest::StatusCode;

use crate::harness::{Backend, TestApp, TestMail};

/// A running aiosmtpd, stopped on drop.
struct SmtpSink {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpSink {
    fn start() -> Option<SmtpSink> {
        let available = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        if !available {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "aiosmtpd is missing under CI=true (pip install aiosmtpd)"
            );
            eprintln!("skipping: aiosmtpd is not installed");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let maildir =
            std::env::temp_dir().join(format!("docket-smtp-{}", uuid::Uuid::now_v7().simple()));
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let sink = SmtpSink {
            child,
            port,
            maildir,
        };
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(sink);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("aiosmtpd did not listen on port {port}");
    }

    /// The messages received so far.
    fn received(&self) -> Vec<Vec<u8>> {
        std::fs::read_dir(self.maildir.join("new"))
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .filter_map(|e| std::fs::read(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_mail_reaches_a_real_smtp_server() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let url = format!("smtp://127.0.0.1:{}", sink.port);
    let app = TestApp::spawn_with(Backend::Sqlite, |figment| {
        figment
            .merge(Serialized::default("mail_transport", "smtp"))
            .merge(Serialized::default("smtp_url", url))
    })
    .await
    .expect("SQLite always runs");
    let response = app
        .send_form(
            &app.a.host(),
            "auth/forgot-password",
            &[("email", "admin@alpha.test")],
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut received = Vec::new();
    for _ in 0..200 {
        received = sink.received();
        if !received.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(received.len(), 1, "one message reached the SMTP server");
    let mail = TestMail::parse(vec![], &received[0]);
    assert_eq!(mail.subject, "Reset your Docket password");
    assert_eq!(mail.link("/reset-password").0, "alpha.localhost");
    assert!(mail.html.contains("Choose a new password"));
    // Delivered, so the outbox row is marked sent (a moment after the server accepted it).
    let mut waiting = u64::MAX;
    for _ in 0..100 {
        waiting = app.outbox_waiting().await;
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(waiting, 0);
}
