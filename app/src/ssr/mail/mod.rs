//! Mail: templates ([`templates`]), the transports, and the outbox.
//!
//! A mail is queued in the `outbox` table inside the transaction of the change it reports, so it
//! exists exactly when the change does. After commit the caller wakes the sender, which delivers
//! it; failed deliveries are retried with backoff and logged, and a message the sender gives up
//! on stays in the table with its last error. lettre formats and delivers messages (SMTP with
//! TLS, `.eml` files, or memory for tests); askama renders the templates at compile time.

mod outbox;
pub mod templates;

use std::path::PathBuf;
use std::sync::Arc;

use lettre::address::Envelope;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::file::AsyncFileTransport;
use lettre::transport::stub::AsyncStubTransport;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use tokio::sync::Notify;
use uuid::Uuid;

use super::db::entities::outbox as row;
use super::db::{FirmDb, new_id};
use super::errors::internal;
use super::sessions::time_now;
use super::state::AppState;
use super::tenant::FirmRef;
use crate::error::AppError;
pub use outbox::{DeliveryReport, MAX_ATTEMPTS};
pub use templates::{Letterhead, Mail};

/// A moment as mail shows it, on the firm's clock: `22 Nov 2026, 14:05 (Europe/London)`.
pub fn format_time(clock: &crate::clock::FirmClock, unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| format!("{} ({})", clock.moment(t), clock.zone))
        .unwrap_or_default()
}

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP relay (`DOCKET_SMTP_URL`).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// One `.eml` file per message in a folder (the default, for development).
    Files(AsyncFileTransport<Tokio1Executor>),
    /// Kept in memory (tests read it back).
    Memory(AsyncStubTransport),
}

impl Transport {
    /// An SMTP transport from a URL such as `smtp://user:pass@host:587?tls=required`.
    pub fn smtp(url: &str) -> Result<Transport, String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map(|b| Transport::Smtp(b.build()))
            .map_err(|e| e.to_string())
    }

    /// A transport writing `.eml` files into `dir` (created if missing).
    pub fn files(dir: PathBuf) -> std::io::Result<Transport> {
        std::fs::create_dir_all(&dir)?;
        Ok(Transport::Files(AsyncFileTransport::new(dir)))
    }

    /// An in-memory transport.
    pub fn memory() -> Transport {
        Transport::Memory(AsyncStubTransport::new_ok())
    }

    async fn send_raw(&self, envelope: &Envelope, message: &[u8]) -> Result<(), String> {
        match self {
            Transport::Smtp(t) => t
                .send_raw(envelope, message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Transport::Files(t) => t
                .send_raw(envelope, message)
                .await
                .map(drop)
                .map_err(|e| e.to_string()),
            Transport::Memory(t) => t
                .send_raw(envelope, message)
                .await
                .map_err(|e| e.to_string()),
        }
    }
}

/// Renders, queues and delivers mail.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    wake: Notify,
}

impl Mailer {
    /// A mailer sending from the address `from` (for example `no-reply@docket.example.com`);
    /// each mail shows the firm's name as the sender's name.
    pub fn new(transport: Transport, from: &str) -> Result<Arc<Mailer>, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("{from:?} is not a mail address: {e}"))?;
        Ok(Arc::new(Mailer {
            transport,
            from,
            wake: Notify::new(),
        }))
    }

    /// Renders `mail` for `to` on the firm's letterhead and queues it on `conn`, the
    /// transaction of the change the mail reports. Call [`Mailer::wake`] after the commit.
    pub async fn queue<C: ConnectionTrait>(
        &self,
        conn: &C,
        firm_id: Option<Uuid>,
        firm: &Letterhead,
        to: &str,
        mail: &impl Mail,
    ) -> Result<(), AppError> {
        let body = self.body(firm, mail)?;
        self.store(conn, firm_id, firm, to, mail, body).await
    }

    /// [`Mailer::queue`], with a PDF attached: `(file name, bytes)`.
    pub async fn queue_with_attachment<C: ConnectionTrait>(
        &self,
        conn: &C,
        firm_id: Option<Uuid>,
        firm: &Letterhead,
        to: &str,
        mail: &impl Mail,
        (file_name, pdf): (String, Vec<u8>),
    ) -> Result<(), AppError> {
        let pdf_type = ContentType::parse("application/pdf").map_err(|e| internal(&e))?;
        let body = MultiPart::mixed()
            .multipart(self.body(firm, mail)?)
            .singlepart(Attachment::new(file_name).body(pdf, pdf_type));
        self.store(conn, firm_id, firm, to, mail, body).await
    }

    fn body(&self, firm: &Letterhead, mail: &impl Mail) -> Result<MultiPart, AppError> {
        let text = mail.text(firm).map_err(|e| internal(&e))?;
        let html = mail.html(firm).map_err(|e| internal(&e))?;
        Ok(MultiPart::alternative_plain_html(text, html))
    }

    async fn store<C: ConnectionTrait>(
        &self,
        conn: &C,
        firm_id: Option<Uuid>,
        firm: &Letterhead,
        to: &str,
        mail: &impl Mail,
        body: MultiPart,
    ) -> Result<(), AppError> {
        let to: Mailbox = to.parse().map_err(|e| internal(&e))?;
        let from = Mailbox::new(
            Some(format!("{} via Docket", firm.name)),
            self.from.email.clone(),
        );
        let message = Message::builder()
            .from(from)
            .to(to.clone())
            .subject(mail.subject(firm))
            .multipart(body)
            .map_err(|e| internal(&e))?;
        let now = time_now();
        row::ActiveModel {
            id: Set(new_id()),
            firm_id: Set(firm_id),
            recipients: Set(to.email.to_string()),
            message: Set(message.formatted()),
            created_at: Set(now),
            attempts: Set(0),
            next_attempt_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        Ok(())
    }

    /// Queues `mail` to `to` on `firm`'s transaction, on that firm's letterhead.
    pub async fn queue_in(
        &self,
        firm: &FirmDb,
        firm_ref: &FirmRef,
        to: &str,
        mail: &impl Mail,
    ) -> Result<(), AppError> {
        let letterhead = crate::firm_profile::store::letterhead(firm).await?;
        self.queue(firm.conn(), Some(firm_ref.id), &letterhead, to, mail)
            .await
    }

    /// Tells the sender that mail was committed.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Every message the in-memory transport got, as `(recipients, raw message)` (empty for
    /// other transports).
    pub async fn delivered(&self) -> Vec<(Vec<String>, String)> {
        match &self.transport {
            Transport::Memory(t) => t
                .messages()
                .await
                .into_iter()
                .map(|(env, raw)| (env.to().iter().map(|a| a.to_string()).collect(), raw))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Wakes the request's mail sender if `result` is `Ok`: call it after the transaction that
/// queued mail has committed.
pub fn wake_after_commit<T>(result: &Result<T, AppError>) {
    if let (Ok(_), Some(state)) = (result, leptos::prelude::use_context::<AppState>()) {
        state.mailer.wake();
    }
}
