//! Time and billing: rates and increments price time; invoices are numbered without gaps
//! under concurrent issuing and never change once issued; payments cannot overpay; trust never
//! goes below zero under concurrent disbursements; LEDES and PDF output hold the invoice; and
//! every billing server function refuses another firm's ids as "not found", changing nothing.

use std::process::{Command, Stdio};

use mail_parser::MimeHeaders;

use app::billing::{
    BillingSettings, Expense, Invoice, InvoicePage, InvoiceStatus, LineKind, MatterBilling,
    Reconciliation, TimeEntry, Timer, TrustBalance, TrustLedger,
};
use app::error::AppError;
use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::both_backends;
use crate::harness::TestApp;
use crate::matters::{Answer, NOT_FOUND, create, send, user_id};

both_backends!(
    time_is_priced_by_the_most_specific_rate_and_the_increment,
    the_timer_survives_and_stops_into_an_entry,
    invoice_totals_equal_their_lines_for_random_work,
    fifty_concurrent_issues_give_unique_gap_free_numbers,
    issued_invoices_reject_every_edit_and_void_releases_their_work,
    payments_add_up_and_overpayment_is_refused,
    fifty_concurrent_disbursements_never_overdraw_trust,
    an_invoice_is_paid_from_trust_and_reconciles,
    ledes_and_pdf_hold_the_invoice_and_it_is_mailed_with_its_pdf,
    another_firms_billing_ids_are_not_found_and_nothing_changes,
    billing_follows_roles_teams_and_walls,
);

fn today() -> String {
    Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

async fn call<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    host: &str,
    cookie: &str,
    endpoint: &str,
    fields: &[(&str, String)],
) -> Answer<T> {
    let fields = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    send(app, host, cookie, endpoint, fields).await
}

/// A client of firm A with one open matter, and the owner's session.
struct Fixture {
    host: String,
    cookie: String,
    client: Uuid,
    matter: Uuid,
}

async fn fixture(app: &TestApp, name: &str) -> Fixture {
    let host = app.a.host();
    let cookie = app.cookies[&host].clone();
    let client = app.create_client(&host, name).await;
    let matter = create(app, &host, &cookie, client.id, &[("title", name)])
        .await
        .expect("matter opened");
    Fixture {
        host,
        cookie,
        client: client.id,
        matter: matter.id,
    }
}

impl Fixture {
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        app: &TestApp,
        endpoint: &str,
        fields: &[(&str, String)],
    ) -> Answer<T> {
        call(app, &self.host, &self.cookie, endpoint, fields).await
    }

    async fn time(&self, app: &TestApp, duration: &str, description: &str) -> Answer<TimeEntry> {
        self.call(
            app,
            "time/create",
            &[
                ("matter_id", self.matter.to_string()),
                ("worked_on", today()),
                ("duration", duration.into()),
                ("description", description.into()),
                ("billable", "true".into()),
                ("task_code", "L120".into()),
                ("activity_code", "A103".into()),
            ],
        )
        .await
    }

    async fn expense(&self, app: &TestApp, amount: &str, description: &str) -> Answer<Expense> {
        self.call(
            app,
            "expenses/create",
            &[
                ("matter_id", self.matter.to_string()),
                ("spent_on", today()),
                ("description", description.into()),
                ("amount", amount.into()),
                ("billable", "true".into()),
                ("expense_code", "E101".into()),
            ],
        )
        .await
    }

    async fn invoice(&self, app: &TestApp, empty: bool) -> Answer<Invoice> {
        self.call(
            app,
            "invoices/create",
            &[
                ("form[client_id]", self.client.to_string()),
                ("form[matter_ids][0]", self.matter.to_string()),
                ("form[to]", today()),
                ("form[empty]", empty.to_string()),
            ],
        )
        .await
    }

    async fn fee_line(&self, app: &TestApp, invoice: Uuid, amount: &str) -> Answer<Invoice> {
        self.call(
            app,
            "invoices/line-add",
            &line(invoice, self.matter, "fee", "", amount),
        )
        .await
    }

    async fn issue(&self, app: &TestApp, invoice: Uuid) -> Answer<Invoice> {
        self.call(app, "invoices/issue", &[("id", invoice.to_string())])
            .await
    }

    async fn get(&self, app: &TestApp, invoice: Uuid) -> Answer<Invoice> {
        self.call(app, "invoices/get", &[("id", invoice.to_string())])
            .await
    }

    async fn trust(&self, app: &TestApp, endpoint: &str, amount: &str) -> Answer<TrustLedger> {
        self.call(
            app,
            endpoint,
            &[
                ("matter_id", self.matter.to_string()),
                ("entered_on", today()),
                ("amount", amount.into()),
                ("description", "Retainer".into()),
                ("reference", "CHK-1".into()),
            ],
        )
        .await
    }

    async fn pay(&self, app: &TestApp, invoice: Uuid, amount: &str) -> Answer<Invoice> {
        self.call(
            app,
            "payments/record",
            &[
                ("invoice_id", invoice.to_string()),
                ("received_on", today()),
                ("amount", amount.into()),
                ("method", "wire".into()),
                ("reference", "WIRE-7".into()),
            ],
        )
        .await
    }
}

fn line(
    invoice: Uuid,
    matter: Uuid,
    kind: &str,
    duration: &str,
    amount: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("invoice_id", invoice.to_string()),
        ("matter_id", matter.to_string()),
        ("kind", kind.into()),
        ("line_date", today()),
        ("description", format!("{kind} line")),
        ("duration", duration.into()),
        ("amount", amount.into()),
        ("task_code", String::new()),
        ("activity_code", String::new()),
        ("expense_code", String::new()),
    ]
}

fn invalid_field(answer: (StatusCode, AppError), field: &str) -> String {
    assert_eq!(answer.0, StatusCode::UNPROCESSABLE_ENTITY, "{answer:?}");
    answer
        .1
        .field(field)
        .unwrap_or_else(|| panic!("no message for {field}: {:?}", answer.1))
}

async fn set_user_rate(f: &Fixture, app: &TestApp, user: Uuid, rate: &str) {
    let _: Vec<app::billing::UserRate> = f
        .call(
            app,
            "billing/rate-user",
            &[("user_id", user.to_string()), ("rate", rate.into())],
        )
        .await
        .expect("rate set");
}

async fn time_is_priced_by_the_most_specific_rate_and_the_increment(app: TestApp) {
    let f = fixture(&app, "Rates Client").await;
    let owner = user_id(&app, &f.host, "admin@alpha.test").await;
    set_user_rate(&f, &app, owner, "300").await;
    // 7 minutes bill as 12 at the 6-minute increment: $300/h × 0.2 h = $60.00.
    let entry = f.time(&app, "0:07", "Call with client").await.unwrap();
    assert_eq!(
        (entry.minutes, entry.rate, entry.amount),
        (7, 30_000, 6_000)
    );
    // The client's rate beats the user's; the matter's beats the client's.
    let rate: Option<i64> = f
        .call(
            &app,
            "billing/rate-client",
            &[
                ("client_id", f.client.to_string()),
                ("rate", "250.50".into()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(rate, Some(25_050));
    assert_eq!(f.time(&app, "1", "Research").await.unwrap().rate, 25_050);
    let fee: app::billing::FeeArrangement = f
        .call(
            &app,
            "billing/fee",
            &[
                ("matter_id", f.matter.to_string()),
                ("kind", "contingency".into()),
                ("rate", "410".into()),
                ("flat_fee", String::new()),
                ("contingency", "33.33".into()),
            ],
        )
        .await
        .unwrap();
    assert_eq!((fee.rate, fee.contingency_bp), (Some(41_000), Some(3_333)));
    let entry = f.time(&app, "1h 30m", "Drafting").await.unwrap();
    assert_eq!((entry.rate, entry.amount), (41_000, 61_500));
    // A firm billing in whole hours of 15 minutes.
    let settings: BillingSettings = f
        .call(
            &app,
            "billing/settings-save",
            &[
                ("currency", "USD".into()),
                ("increment_minutes", "15".into()),
                ("tax_rate", "0".into()),
                ("tax_label", "Tax".into()),
                ("payment_terms_days", "30".into()),
                ("address", "1 Main St".into()),
                ("payment_instructions", "Wire to ACME Bank".into()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(settings.increment_minutes, 15);
    let entry = f.time(&app, "0.1", "Email").await.unwrap();
    assert_eq!(
        (entry.minutes, entry.amount),
        (6, 10_250),
        "6 minutes bill as 15"
    );
    // Bad input says what to fix and records nothing.
    let before: MatterBilling = f
        .call(
            &app,
            "billing/matter",
            &[("matter_id", f.matter.to_string())],
        )
        .await
        .unwrap();
    let bad = f.time(&app, "soon", " ").await.unwrap_err();
    assert!(invalid_field(bad.clone(), "duration").contains("1:30"));
    assert!(bad.1.field("description").is_some());
    let bad = f.expense(&app, "12.345", "Filing fee").await.unwrap_err();
    assert!(invalid_field(bad, "amount").contains("2 decimals"));
    let after: MatterBilling = f
        .call(
            &app,
            "billing/matter",
            &[("matter_id", f.matter.to_string())],
        )
        .await
        .unwrap();
    assert_eq!(after, before);
    assert_eq!(after.entries.len(), 4);
    assert_eq!(
        after.unbilled_time,
        7_500 + 25_050 + 61_500 + 10_250,
        "the first entry now bills 15 minutes: $300 × 0.25 h"
    );
}

async fn the_timer_survives_and_stops_into_an_entry(app: TestApp) {
    let f = fixture(&app, "Timer Client").await;
    let none: Option<Timer> = f.call(&app, "timer/get", &[]).await.unwrap();
    assert!(none.is_none());
    let started: Timer = f
        .call(
            &app,
            "timer/start",
            &[
                ("matter_id", String::new()),
                ("description", "Reviewing".into()),
            ],
        )
        .await
        .unwrap();
    assert!(started.matter.is_none());
    // Read again (as after a reload): the same timer, still running.
    let again: Option<Timer> = f.call(&app, "timer/get", &[]).await.unwrap();
    assert_eq!(
        again.as_ref().map(|t| t.started_at),
        Some(started.started_at)
    );
    // Stopping needs a matter.
    let refused: Answer<TimeEntry> = f.call(&app, "timer/stop", &[]).await;
    assert!(invalid_field(refused.unwrap_err(), "matter_id").contains("matter"));
    let entry: TimeEntry = f
        .call(
            &app,
            "timer/stop",
            &[
                ("matter_id", f.matter.to_string()),
                ("description", String::new()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        (entry.minutes, entry.description.as_str()),
        (1, "Reviewing")
    );
    let gone: Option<Timer> = f.call(&app, "timer/get", &[]).await.unwrap();
    assert!(gone.is_none());
    let refused: Answer<TimeEntry> = f
        .call(&app, "timer/stop", &[("matter_id", f.matter.to_string())])
        .await;
    assert!(invalid_field(refused.unwrap_err(), "timer").contains("No timer"));
}

/// A small deterministic generator, so a failing case can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

fn decimal(minor: u64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

async fn invoice_totals_equal_their_lines_for_random_work(app: TestApp) {
    let mut rng = Lcg(0x5eed);
    for case in 0..6 {
        let f = fixture(&app, &format!("Random Client {case}")).await;
        let owner = user_id(&app, &f.host, "admin@alpha.test").await;
        let rate = 5_000 + rng.below(95_000);
        set_user_rate(&f, &app, owner, &decimal(rate)).await;
        let tax_bp = rng.below(2_500);
        let discount_bp = rng.below(3_000);
        let _: BillingSettings = f
            .call(
                &app,
                "billing/settings-save",
                &[
                    ("currency", "USD".into()),
                    ("increment_minutes", "6".into()),
                    ("tax_rate", decimal(tax_bp)),
                    ("tax_label", "VAT".into()),
                    ("payment_terms_days", "30".into()),
                ],
            )
            .await
            .unwrap();
        let mut expected = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let minutes = 1 + rng.below(300);
            f.time(
                &app,
                &format!("{}:{:02}", minutes / 60, minutes % 60),
                "Work",
            )
            .await
            .unwrap();
            let billed = minutes.div_ceil(6) * 6;
            expected.push(((rate * billed + 30) / 60) as i64);
        }
        for _ in 0..rng.below(4) {
            let amount = 1 + rng.below(50_000);
            f.expense(&app, &decimal(amount), "Courier").await.unwrap();
            expected.push(amount as i64);
        }
        let draft = f.invoice(&app, false).await.unwrap();
        let invoice: Invoice = f
            .call(
                &app,
                "invoices/update",
                &[
                    ("id", draft.id.to_string()),
                    ("discount", decimal(discount_bp)),
                    ("notes", String::new()),
                ],
            )
            .await
            .unwrap();
        let mut amounts: Vec<i64> = invoice.lines.iter().map(|l| l.amount).collect();
        amounts.sort_unstable();
        expected.sort_unstable();
        assert_eq!(
            amounts, expected,
            "case {case}: each line priced once, half up"
        );
        let subtotal: i64 = expected.iter().sum();
        let discount = (subtotal * discount_bp as i64 + 5_000) / 10_000;
        let tax = ((subtotal - discount) * tax_bp as i64 + 5_000) / 10_000;
        assert_eq!(
            (invoice.subtotal, invoice.discount, invoice.tax),
            (subtotal, discount, tax),
            "case {case}"
        );
        assert_eq!(invoice.total, subtotal - discount + tax, "case {case}");
        assert_eq!(
            invoice.lines.iter().map(|l| l.total).sum::<i64>(),
            invoice.total,
            "case {case}: lines add up to the total"
        );
        for l in &invoice.lines {
            assert_eq!(l.total, l.amount - l.discount + l.tax, "case {case}");
        }
    }
}

async fn fifty_concurrent_issues_give_unique_gap_free_numbers(app: TestApp) {
    let f = fixture(&app, "Busy Client").await;
    let mut drafts = Vec::new();
    for _ in 0..50 {
        let draft = f.invoice(&app, true).await.unwrap();
        f.fee_line(&app, draft.id, "100").await.unwrap();
        drafts.push(draft.id);
    }
    // Each draft issued twice at once: one issue wins, the other is refused and gives its
    // number back.
    let issues = drafts
        .iter()
        .chain(drafts.iter())
        .map(|id| f.issue(&app, *id));
    let results = futures_util::future::join_all(issues).await;
    let mut numbers: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|i| i.number.clone().unwrap())
        .collect();
    assert_eq!(numbers.len(), 50, "one issue per draft succeeds");
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(refused.0, StatusCode::UNPROCESSABLE_ENTITY, "{refused:?}");
    }
    numbers.sort();
    let year = Utc::now().year();
    let expected: Vec<String> = (1..=50).map(|n| format!("INV-{year}-{n:04}")).collect();
    assert_eq!(numbers, expected, "unique and without gaps");
    // The other firm's first invoice is its own number one.
    let b = app.b.host();
    let b_cookie = app.cookies[&b].clone();
    let b_client = app.create_client(&b, "Beta Client").await;
    let b_matter = create(&app, &b, &b_cookie, b_client.id, &[]).await.unwrap();
    let g = Fixture {
        host: b,
        cookie: b_cookie,
        client: b_client.id,
        matter: b_matter.id,
    };
    let draft = g.invoice(&app, true).await.unwrap();
    g.fee_line(&app, draft.id, "5").await.unwrap();
    assert_eq!(
        g.issue(&app, draft.id).await.unwrap().number,
        Some(format!("INV-{year}-0001"))
    );
}

async fn issued_invoices_reject_every_edit_and_void_releases_their_work(app: TestApp) {
    let f = fixture(&app, "Frozen Client").await;
    let owner = user_id(&app, &f.host, "admin@alpha.test").await;
    set_user_rate(&f, &app, owner, "200").await;
    let entry = f.time(&app, "1", "Hearing").await.unwrap();
    let expense = f.expense(&app, "40", "Filing fee").await.unwrap();
    let draft = f.invoice(&app, false).await.unwrap();
    assert_eq!(draft.lines.len(), 2);
    assert_eq!(draft.total, 20_000 + 4_000);
    // The work is on the draft: it cannot be edited, and a second invoice finds nothing.
    let edit: Answer<TimeEntry> = f
        .call(
            &app,
            "time/update",
            &[
                ("id", entry.id.to_string()),
                ("matter_id", f.matter.to_string()),
                ("worked_on", today()),
                ("duration", "9".into()),
                ("description", "Changed".into()),
                ("billable", "true".into()),
            ],
        )
        .await;
    assert!(invalid_field(edit.unwrap_err(), "entry").contains("invoice"));
    let again = f.invoice(&app, false).await.unwrap_err();
    assert!(invalid_field(again, "matter_ids").contains("no unbilled work"));
    let issued = f.issue(&app, draft.id).await.unwrap();
    assert_eq!(issued.status, InvoiceStatus::Issued);
    assert!(issued.due_on.is_some());
    let line_id = issued.lines[0].id.to_string();
    let id = issued.id.to_string();
    let attempts: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "invoices/update",
            vec![
                ("id", id.clone()),
                ("discount", "50".into()),
                ("notes", "x".into()),
            ],
        ),
        (
            "invoices/line-add",
            line(issued.id, f.matter, "fee", "", "1"),
        ),
        ("invoices/line-update", {
            let mut fields = line(issued.id, f.matter, "fee", "", "1");
            fields[0] = ("line_id", line_id.clone());
            fields
        }),
        ("invoices/line-remove", vec![("line_id", line_id.clone())]),
        ("invoices/delete", vec![("id", id.clone())]),
        ("invoices/issue", vec![("id", id.clone())]),
        ("invoices/reissue", vec![("id", id.clone())]),
        ("expenses/delete", vec![("id", expense.id.to_string())]),
        ("time/delete", vec![("id", entry.id.to_string())]),
    ];
    for (endpoint, fields) in attempts {
        let refused: Answer<serde_json::Value> = f.call(&app, endpoint, &fields).await;
        let (status, err) = refused.unwrap_err();
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{endpoint}: {err:?}"
        );
    }
    assert_eq!(
        f.get(&app, issued.id).await.unwrap(),
        issued,
        "nothing changed"
    );
    // Void (with a reason) releases the work; reissue makes a new draft of it.
    let unreasoned: Answer<Invoice> = f
        .call(
            &app,
            "invoices/void",
            &[("id", id.clone()), ("reason", " ".into())],
        )
        .await;
    invalid_field(unreasoned.unwrap_err(), "reason");
    let void: Invoice = f
        .call(
            &app,
            "invoices/void",
            &[("id", id.clone()), ("reason", "Wrong rate".into())],
        )
        .await
        .unwrap();
    assert_eq!((void.status, void.balance), (InvoiceStatus::Void, 0));
    assert_eq!(
        void.number, issued.number,
        "a void invoice keeps its number"
    );
    let redo: Invoice = f
        .call(&app, "invoices/reissue", &[("id", id.clone())])
        .await
        .unwrap();
    assert_eq!(
        (redo.status, redo.number.clone(), redo.lines.len()),
        (InvoiceStatus::Draft, None, 2)
    );
    assert_eq!(redo.replaces.as_ref().map(|r| r.id), Some(issued.id));
    assert_eq!(redo.total, issued.total);
    let reissued = f.issue(&app, redo.id).await.unwrap();
    assert_ne!(reissued.number, issued.number);
}

async fn payments_add_up_and_overpayment_is_refused(app: TestApp) {
    let f = fixture(&app, "Paying Client").await;
    let draft = f.invoice(&app, true).await.unwrap();
    f.fee_line(&app, draft.id, "1000").await.unwrap();
    let refused = f.pay(&app, draft.id, "10").await.unwrap_err();
    assert!(invalid_field(refused, "amount").contains("issued"));
    let issued = f.issue(&app, draft.id).await.unwrap();
    let partly = f.pay(&app, issued.id, "400").await.unwrap();
    assert_eq!(
        (partly.status, partly.paid, partly.balance),
        (InvoiceStatus::PartiallyPaid, 40_000, 60_000)
    );
    let summary: app::billing::ClientBilling = f
        .call(
            &app,
            "billing/client",
            &[("client_id", f.client.to_string())],
        )
        .await
        .unwrap();
    assert_eq!((summary.outstanding, summary.open_invoices), (60_000, 1));
    let over = f.pay(&app, issued.id, "600.01").await.unwrap_err();
    assert!(invalid_field(over, "amount").contains("$600.00"));
    // Concurrent payments cannot overpay together either.
    let both = futures_util::future::join_all((0..2).map(|_| f.pay(&app, issued.id, "600"))).await;
    assert_eq!(both.iter().filter(|r| r.is_ok()).count(), 1, "{both:?}");
    let paid = f.get(&app, issued.id).await.unwrap();
    assert_eq!(
        (paid.status, paid.paid, paid.balance, paid.payments.len()),
        (InvoiceStatus::Paid, 100_000, 0, 2)
    );
    let void: Answer<Invoice> = f
        .call(
            &app,
            "invoices/void",
            &[("id", issued.id.to_string()), ("reason", "Oops".into())],
        )
        .await;
    assert!(invalid_field(void.unwrap_err(), "invoice").contains("Payments"));
    let aging: app::billing::AgingReport = f.call(&app, "billing/aging", &[]).await.unwrap();
    assert!(
        aging.rows.iter().all(|r| r.client_id != f.client),
        "a paid invoice is not receivable"
    );
}

async fn fifty_concurrent_disbursements_never_overdraw_trust(app: TestApp) {
    let f = fixture(&app, "Trust Client").await;
    f.trust(&app, "trust/deposit", "100").await.unwrap();
    let attempts =
        futures_util::future::join_all((0..50).map(|_| f.trust(&app, "trust/disburse", "3"))).await;
    let succeeded = attempts.iter().filter(|a| a.is_ok()).count();
    assert_eq!(succeeded, 33, "$100 covers 33 disbursements of $3");
    for refused in attempts.iter().filter_map(|a| a.as_ref().err()) {
        assert!(
            invalid_field(refused.clone(), "amount").contains("below zero"),
            "{refused:?}"
        );
    }
    let ledger: TrustLedger = f
        .call(&app, "trust/ledger", &[("client_id", f.client.to_string())])
        .await
        .unwrap();
    assert_eq!(ledger.balance, 100);
    assert_eq!(ledger.entries.len(), 34);
    assert!(ledger.entries.iter().all(|e| e.balance_after >= 0));
    let mut after: Vec<i64> = ledger.entries.iter().map(|e| e.balance_after).collect();
    after.sort_unstable();
    let expected: Vec<i64> = (0..34).map(|n| 100 + 300 * n).collect();
    assert_eq!(after, expected, "every balance from $1 to $100, each once");
    // Reversing the deposit would go below zero; reversing a disbursement is fine, once.
    let deposit = ledger.entries.iter().find(|e| e.amount > 0).unwrap();
    let refused: Answer<TrustLedger> = f
        .call(
            &app,
            "trust/reverse",
            &[
                ("entry_id", deposit.id.to_string()),
                ("reason", "Bounced".into()),
            ],
        )
        .await;
    invalid_field(refused.unwrap_err(), "amount");
    let disbursement = ledger.entries.iter().find(|e| e.amount < 0).unwrap();
    let reversed: TrustLedger = f
        .call(
            &app,
            "trust/reverse",
            &[
                ("entry_id", disbursement.id.to_string()),
                ("reason", "Duplicate".into()),
            ],
        )
        .await
        .unwrap();
    assert_eq!(reversed.balance, 400);
    assert!(
        reversed
            .entries
            .iter()
            .any(|e| e.id == disbursement.id && e.reversed)
    );
    let twice: Answer<TrustLedger> = f
        .call(
            &app,
            "trust/reverse",
            &[
                ("entry_id", disbursement.id.to_string()),
                ("reason", "Again".into()),
            ],
        )
        .await;
    assert!(invalid_field(twice.unwrap_err(), "entry").contains("already"));
}

async fn an_invoice_is_paid_from_trust_and_reconciles(app: TestApp) {
    let f = fixture(&app, "Retainer Client").await;
    f.trust(&app, "trust/deposit", "5000").await.unwrap();
    let draft = f.invoice(&app, true).await.unwrap();
    f.fee_line(&app, draft.id, "1200").await.unwrap();
    let issued = f.issue(&app, draft.id).await.unwrap();
    assert_eq!(
        issued.trust.iter().map(|(_, held)| *held).sum::<i64>(),
        500_000
    );
    let pay = |amount: &str| {
        vec![
            ("invoice_id", issued.id.to_string()),
            ("matter_id", f.matter.to_string()),
            ("amount", amount.to_string()),
        ]
    };
    let over: Answer<Invoice> = f.call(&app, "payments/from-trust", &pay("1200.01")).await;
    assert!(invalid_field(over.unwrap_err(), "amount").contains("overpayments"));
    let paid: Invoice = f
        .call(&app, "payments/from-trust", &pay("1200"))
        .await
        .unwrap();
    assert_eq!(
        (paid.status, paid.balance, paid.paid_from_trust),
        (InvoiceStatus::Paid, 0, 120_000)
    );
    let ledger: TrustLedger = f
        .call(&app, "trust/ledger", &[("client_id", f.client.to_string())])
        .await
        .unwrap();
    assert_eq!(ledger.balance, 380_000);
    let transfer = &ledger.entries[0];
    assert_eq!(
        (transfer.amount, transfer.invoice.as_ref().map(|i| i.id)),
        (-120_000, Some(issued.id))
    );
    let refused: Answer<TrustLedger> = f
        .call(
            &app,
            "trust/reverse",
            &[
                ("entry_id", transfer.id.to_string()),
                ("reason", "x".into()),
            ],
        )
        .await;
    invalid_field(refused.unwrap_err(), "entry");
    // The three-way reconciliation: bank, journal and client ledgers.
    let reconcile = |bank: &str| {
        vec![
            ("statement_date", today()),
            ("bank_balance", bank.to_string()),
        ]
    };
    let balanced: Reconciliation = f
        .call(&app, "trust/reconcile", &reconcile("3800"))
        .await
        .unwrap();
    assert_eq!(
        (balanced.ledger_total, balanced.client_total),
        (380_000, 380_000)
    );
    assert!(
        balanced.differences.is_empty(),
        "{:?}",
        balanced.differences
    );
    let off: Reconciliation = f
        .call(&app, "trust/reconcile", &reconcile("3750"))
        .await
        .unwrap();
    assert_eq!(off.differences.len(), 1);
    assert!(
        off.differences[0].contains("$50.00 less"),
        "{:?}",
        off.differences
    );
    let balances: Vec<TrustBalance> = f.call(&app, "trust/balances", &[]).await.unwrap();
    assert!(
        balances
            .iter()
            .any(|b| b.client_id == f.client && b.balance == 380_000)
    );
}

async fn ledes_and_pdf_hold_the_invoice_and_it_is_mailed_with_its_pdf(app: TestApp) {
    let f = fixture(&app, "Export Client").await;
    let owner = user_id(&app, &f.host, "admin@alpha.test").await;
    set_user_rate(&f, &app, owner, "333.33").await;
    let _: BillingSettings = f
        .call(
            &app,
            "billing/settings-save",
            &[
                ("currency", "USD".into()),
                ("increment_minutes", "6".into()),
                ("tax_rate", "8.25".into()),
                ("tax_label", "Sales tax".into()),
                ("payment_terms_days", "14".into()),
                ("address", "12 Court Street\nSpringfield".into()),
                (
                    "payment_instructions",
                    "Wire to First Bank, acct 123".into(),
                ),
            ],
        )
        .await
        .unwrap();
    f.time(&app, "0:20", "Review | revise [] motion")
        .await
        .unwrap();
    f.time(&app, "2.3", "Hearing").await.unwrap();
    f.expense(&app, "87.10", "Court reporter").await.unwrap();
    let draft = f.invoice(&app, false).await.unwrap();
    let draft: Invoice = f
        .call(
            &app,
            "invoices/update",
            &[
                ("id", draft.id.to_string()),
                ("discount", "5".into()),
                ("notes", String::new()),
            ],
        )
        .await
        .unwrap();
    let invoice = f.issue(&app, draft.id).await.unwrap();
    let number = invoice.number.clone().unwrap();
    // LEDES 1998B parsed back equals the invoice.
    let response = app
        .get(&f.host, &format!("/billing/invoices/{}/ledes", invoice.id))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(text.starts_with("LEDES1998B[]\r\n"));
    let parsed = app::ssr::billing::ledes::parse_ledes_1998b(&text, "USD").expect("LEDES parses");
    assert_eq!(parsed.len(), invoice.lines.len());
    assert_eq!(parsed.iter().map(|l| l.total).sum::<i64>(), invoice.total);
    for (ledes, line) in parsed.iter().zip(&invoice.lines) {
        assert_eq!(ledes.invoice_number, number);
        assert_eq!(ledes.invoice_total, invoice.total);
        assert_eq!(ledes.total, line.total);
        assert_eq!(ledes.unit_cost, line.rate);
        assert_eq!(ledes.line_date, line.line_date);
        assert_eq!(
            ledes.description,
            app::ssr::billing::ledes::sanitize(&line.description)
        );
        assert_eq!(
            ledes.kind,
            if line.kind == LineKind::Expense {
                'E'
            } else {
                'F'
            }
        );
        assert_eq!(ledes.task_code, line.task_code);
        assert_eq!(ledes.activity_code, line.activity_code);
        assert_eq!(ledes.expense_code, line.expense_code);
    }
    assert!(
        !text.contains("Review | revise"),
        "a | in a description cannot break a record"
    );
    // The PDF opens and shows the total.
    let response = app
        .get(&f.host, &format!("/billing/invoices/{}/pdf", invoice.id))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let text = pdftotext(&pdf);
    let total = app::billing::money::format_money(invoice.total, "USD");
    assert!(text.contains(&total), "{total} in:\n{text}");
    assert!(
        text.contains(&number) && text.contains("Export Client") && text.contains("First Bank"),
        "{text}"
    );
    // The printable page.
    let page = app
        .get(&f.host, &format!("/billing/invoices/{}/print", invoice.id))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains(&total));
    // Mailed to the client with the PDF attached.
    let sent: String = f
        .call(
            &app,
            "invoices/send",
            &[
                ("id", invoice.id.to_string()),
                ("to", "billing@export.test".into()),
            ],
        )
        .await
        .unwrap();
    assert!(sent.contains("billing@export.test"), "{sent}");
    let mail = app.wait_for_mail("billing@export.test", 1).await;
    assert!(mail.subject.contains(&number), "{}", mail.subject);
    assert!(
        mail.text
            .contains(&app::billing::money::format_money(invoice.balance, "USD"))
    );
    let raw = app.raw_mails_to("billing@export.test").await.pop().unwrap();
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap();
    let attachment = message.attachments().next().expect("the PDF is attached");
    assert_eq!(
        attachment.attachment_name(),
        Some(format!("{number}.pdf").as_str())
    );
    assert!(pdftotext(attachment.contents()).contains(&total));
}

/// The text of a PDF, by poppler's `pdftotext`.
fn pdftotext(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pdftotext runs (scripts/setup.sh installs poppler-utils)");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext could not open the PDF");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn another_firms_billing_ids_are_not_found_and_nothing_changes(app: TestApp) {
    let f = fixture(&app, "Alpha Billing Secret").await;
    let owner = user_id(&app, &f.host, "admin@alpha.test").await;
    set_user_rate(&f, &app, owner, "300").await;
    let entry = f.time(&app, "1", "Secret work").await.unwrap();
    let expense = f.expense(&app, "10", "Secret cost").await.unwrap();
    f.trust(&app, "trust/deposit", "500").await.unwrap();
    let issued = {
        let draft = f.invoice(&app, false).await.unwrap();
        f.issue(&app, draft.id).await.unwrap()
    };
    let draft = f.invoice(&app, true).await.unwrap();
    let draft = f.fee_line(&app, draft.id, "1").await.unwrap();
    let ledger: TrustLedger = f
        .call(&app, "trust/ledger", &[("client_id", f.client.to_string())])
        .await
        .unwrap();
    let trust_entry = ledger.entries[0].id.to_string();
    let (b, beta) = (app.b.host(), app.cookies[&app.b.host()].clone());
    let (m, c, e, x) = (
        f.matter.to_string(),
        f.client.to_string(),
        entry.id.to_string(),
        expense.id.to_string(),
    );
    let (i, d, l) = (
        issued.id.to_string(),
        draft.id.to_string(),
        draft.lines[0].id.to_string(),
    );
    let time_form = |id: Option<&str>| {
        let mut fields = vec![
            ("matter_id", m.clone()),
            ("worked_on", today()),
            ("duration", "1".to_string()),
            ("description", "x".to_string()),
            ("billable", "true".to_string()),
        ];
        if let Some(id) = id {
            fields.push(("id", id.to_string()));
        }
        fields
    };
    let expense_form = |id: Option<&str>| {
        let mut fields = vec![
            ("matter_id", m.clone()),
            ("spent_on", today()),
            ("description", "x".to_string()),
            ("amount", "1".to_string()),
        ];
        if let Some(id) = id {
            fields.push(("id", id.to_string()));
        }
        fields
    };
    let trust_form = vec![
        ("matter_id", m.clone()),
        ("entered_on", today()),
        ("amount", "1".to_string()),
        ("description", "x".to_string()),
    ];
    let attempts: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("billing/matter", vec![("matter_id", m.clone())]),
        (
            "billing/fee",
            vec![("matter_id", m.clone()), ("kind", "hourly".into())],
        ),
        (
            "billing/rate-user",
            vec![("user_id", owner.to_string()), ("rate", "1".into())],
        ),
        (
            "billing/rate-client",
            vec![("client_id", c.clone()), ("rate", "1".into())],
        ),
        ("billing/client", vec![("client_id", c.clone())]),
        ("time/create", time_form(None)),
        ("time/update", time_form(Some(&e))),
        ("time/delete", vec![("id", e.clone())]),
        ("timer/start", vec![("matter_id", m.clone())]),
        ("expenses/create", expense_form(None)),
        ("expenses/update", expense_form(Some(&x))),
        ("expenses/delete", vec![("id", x.clone())]),
        ("invoices/get", vec![("id", i.clone())]),
        ("invoices/clients", vec![("client_id", c.clone())]),
        ("invoices/create", vec![("form[client_id]", c.clone())]),
        (
            "invoices/update",
            vec![("id", d.clone()), ("discount", "10".into())],
        ),
        (
            "invoices/line-add",
            line(draft.id, f.matter, "fee", "", "1"),
        ),
        ("invoices/line-update", {
            let mut fields = line(draft.id, f.matter, "fee", "", "9");
            fields[0] = ("line_id", l.clone());
            fields
        }),
        ("invoices/line-remove", vec![("line_id", l.clone())]),
        ("invoices/delete", vec![("id", d.clone())]),
        ("invoices/issue", vec![("id", d.clone())]),
        (
            "invoices/void",
            vec![("id", i.clone()), ("reason", "x".into())],
        ),
        ("invoices/reissue", vec![("id", i.clone())]),
        (
            "invoices/send",
            vec![("id", i.clone()), ("to", "spy@beta.test".into())],
        ),
        (
            "payments/record",
            vec![
                ("invoice_id", i.clone()),
                ("received_on", today()),
                ("amount", "1".into()),
                ("method", "wire".into()),
            ],
        ),
        (
            "payments/from-trust",
            vec![
                ("invoice_id", i.clone()),
                ("matter_id", m.clone()),
                ("amount", "1".into()),
            ],
        ),
        ("trust/ledger", vec![("client_id", c.clone())]),
        ("trust/deposit", trust_form.clone()),
        ("trust/disburse", trust_form.clone()),
        (
            "trust/reverse",
            vec![("entry_id", trust_entry.clone()), ("reason", "x".into())],
        ),
    ];
    for (endpoint, fields) in attempts {
        let answer: Answer<serde_json::Value> = call(&app, &b, &beta, endpoint, &fields).await;
        assert_eq!(answer.unwrap_err(), NOT_FOUND, "{endpoint}");
    }
    for format in ["pdf", "ledes", "print"] {
        let response = app
            .get(&b, &format!("/billing/invoices/{}/{format}", issued.id))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{format}");
        assert!(!response.text().await.unwrap().contains("Secret"));
    }
    // B's lists and reports show nothing of A's.
    let page: InvoicePage = call(&app, &b, &beta, "invoices/list", &[("page", "1".into())])
        .await
        .unwrap();
    assert_eq!(page.total, 0);
    let balances: Vec<TrustBalance> = call(&app, &b, &beta, "trust/balances", &[]).await.unwrap();
    assert!(balances.is_empty());
    let dashboard: app::billing::Dashboard = call(&app, &b, &beta, "billing/dashboard", &[])
        .await
        .unwrap();
    assert_eq!(
        (
            dashboard.unbilled_time,
            dashboard.aging.total,
            dashboard.trust_total
        ),
        (0, 0, 0)
    );
    assert!(dashboard.hours.is_empty());
    let recon: Reconciliation = call(
        &app,
        &b,
        &beta,
        "trust/reconcile",
        &[("statement_date", today()), ("bank_balance", "0".into())],
    )
    .await
    .unwrap();
    assert_eq!((recon.ledger_total, recon.differences.len()), (0, 0));
    // Nothing of A's changed.
    assert_eq!(f.get(&app, issued.id).await.unwrap(), issued);
    assert_eq!(f.get(&app, draft.id).await.unwrap(), draft);
    let after: TrustLedger = f
        .call(&app, "trust/ledger", &[("client_id", f.client.to_string())])
        .await
        .unwrap();
    assert_eq!(after, ledger);
    let billing: MatterBilling = f
        .call(
            &app,
            "billing/matter",
            &[("matter_id", f.matter.to_string())],
        )
        .await
        .unwrap();
    assert_eq!(billing.entries.len(), 1);
    assert_eq!(billing.entries[0].description, "Secret work");
    let dashboard: app::billing::Dashboard = f.call(&app, "billing/dashboard", &[]).await.unwrap();
    assert_eq!(dashboard.trust_total, 50_000);
    assert!(app.mails_to("spy@beta.test").await.is_empty());
}

async fn billing_follows_roles_teams_and_walls(app: TestApp) {
    let f = fixture(&app, "Walled Client").await;
    let owner = user_id(&app, &f.host, "admin@alpha.test").await;
    set_user_rate(&f, &app, owner, "300").await;
    f.time(&app, "1", "Owner's work").await.unwrap();
    f.trust(&app, "trust/deposit", "250").await.unwrap();
    let draft = f.invoice(&app, false).await.unwrap();
    let issued = f.issue(&app, draft.id).await.unwrap();
    // A lawyer (billing.read, time.write, no matters.all) off the matter's team reaches none
    // of its billing: as if it did not exist.
    let lawyer = app.add_user(&app.a, "lawyer@alpha.test", "lawyer").await;
    let lawyer_id = user_id(&app, &f.host, "lawyer@alpha.test").await;
    let as_lawyer = |endpoint: &'static str, fields: Vec<(&'static str, String)>| {
        let (app, host, cookie) = (&app, f.host.clone(), lawyer.clone());
        async move { call::<serde_json::Value>(app, &host, &cookie, endpoint, &fields).await }
    };
    let matter = f.matter.to_string();
    let hidden: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("billing/matter", vec![("matter_id", matter.clone())]),
        ("invoices/get", vec![("id", issued.id.to_string())]),
        (
            "time/create",
            vec![
                ("matter_id", matter.clone()),
                ("worked_on", today()),
                ("duration", "1".into()),
                ("description", "x".into()),
            ],
        ),
        ("timer/start", vec![("matter_id", matter.clone())]),
    ];
    for (endpoint, fields) in hidden {
        assert_eq!(
            as_lawyer(endpoint, fields).await.unwrap_err(),
            NOT_FOUND,
            "{endpoint}"
        );
    }
    let page: InvoicePage = serde_json::from_value(
        as_lawyer("invoices/list", vec![("page", "1".into())])
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(page.total, 0);
    let ledger: TrustLedger = serde_json::from_value(
        as_lawyer("trust/ledger", vec![("client_id", f.client.to_string())])
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(ledger.matters.is_empty() && ledger.entries.is_empty() && ledger.balance == 0);
    let response = app
        .get_with(
            &f.host,
            &format!("/billing/invoices/{}/pdf", issued.id),
            Some(&lawyer),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // On the team, the lawyer sees the matter's billing and records time on it, but may not
    // make invoices or move trust money (billing.manage).
    let _: app::matters::Matter = send(
        &app,
        &f.host,
        &f.cookie,
        "matters/team-add",
        vec![
            ("matter_id".into(), matter.clone()),
            ("user_id".into(), lawyer_id.to_string()),
            ("role".into(), "lawyer".into()),
        ],
    )
    .await
    .unwrap();
    as_lawyer("invoices/get", vec![("id", issued.id.to_string())])
        .await
        .unwrap();
    let entry: TimeEntry = serde_json::from_value(
        as_lawyer(
            "time/create",
            vec![
                ("matter_id", matter.clone()),
                ("worked_on", today()),
                ("duration", "0.5".into()),
                ("description", "Lawyer's work".into()),
                ("billable", "true".into()),
            ],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        (entry.user_id, entry.rate),
        (lawyer_id, 0),
        "priced at the lawyer's own rate"
    );
    for (endpoint, fields) in [
        (
            "invoices/create",
            vec![("form[client_id]", f.client.to_string())],
        ),
        (
            "trust/deposit",
            vec![("matter_id", matter.clone()), ("amount", "1".into())],
        ),
        (
            "payments/record",
            vec![
                ("invoice_id", issued.id.to_string()),
                ("amount", "1".into()),
            ],
        ),
    ] {
        let (status, err) = as_lawyer(endpoint, fields).await.unwrap_err();
        assert_eq!(
            (status, err),
            (StatusCode::FORBIDDEN, AppError::Forbidden),
            "{endpoint}"
        );
    }
    // Someone else's entry is not the lawyer's to change.
    let owners_entry = f
        .call::<MatterBilling>(&app, "billing/matter", &[("matter_id", matter.clone())])
        .await
        .unwrap()
        .entries
        .into_iter()
        .find(|e| e.description == "Owner's work")
        .unwrap();
    let (status, _) = as_lawyer("time/delete", vec![("id", owners_entry.id.to_string())])
        .await
        .unwrap_err();
    assert_eq!(status, StatusCode::FORBIDDEN);
    let own = as_lawyer("time/delete", vec![("id", entry.id.to_string())]).await;
    assert!(own.is_ok(), "their own unbilled entry: {own:?}");
    // A paralegal (no billing.read) sees no invoices at all; a read-only user records no time.
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let answer: Answer<InvoicePage> = call(
        &app,
        &f.host,
        &paralegal,
        "invoices/list",
        &[("page", "1".into())],
    )
    .await;
    assert_eq!(
        answer.unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
    let reader = app.add_user(&app.a, "reader@alpha.test", "read_only").await;
    let answer: Answer<TimeEntry> = call(
        &app,
        &f.host,
        &reader,
        "time/create",
        &[("matter_id", matter.clone())],
    )
    .await;
    assert_eq!(
        answer.unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
    // A wall beats every role: the screened owner of the firm no longer reaches the invoice.
    let admin2 = app.add_user(&app.a, "admin2@alpha.test", "admin").await;
    let admin2_id = user_id(&app, &f.host, "admin2@alpha.test").await;
    call::<serde_json::Value>(
        &app,
        &f.host,
        &admin2,
        "invoices/get",
        &[("id", issued.id.to_string())],
    )
    .await
    .unwrap();
    let _: Vec<app::matters::Screen> = call(
        &app,
        &f.host,
        &f.cookie,
        "matters/screen",
        &[
            ("matter_id", matter.clone()),
            ("user_id", admin2_id.to_string()),
            ("reason", "Conflict".into()),
        ],
    )
    .await
    .unwrap();
    let walled: Answer<Invoice> = call(
        &app,
        &f.host,
        &admin2,
        "invoices/get",
        &[("id", issued.id.to_string())],
    )
    .await;
    assert_eq!(walled.unwrap_err(), NOT_FOUND);
    let dashboard: app::billing::Dashboard = call(&app, &f.host, &admin2, "billing/dashboard", &[])
        .await
        .unwrap();
    assert_eq!(dashboard.trust_total, 0, "walled trust is not counted");
}
