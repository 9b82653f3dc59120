use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::invoice_actions::ActionBar;
use super::lines::{AddLineForm, LinesTable};
use super::payments::{DiscountForm, Payments, Totals};
use super::{CARD, InvoiceStatusBadge, day};
use crate::auth::Permission;
use crate::billing::{
    AddInvoiceLine, DeleteInvoice, Invoice, InvoiceStatus, IssueInvoice, PayFromTrust,
    RecordPayment, ReissueInvoice, RemoveInvoiceLine, SendInvoice, UpdateInvoice,
    UpdateInvoiceLine, VoidInvoice, get_invoice,
};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use crate::site::user_can;

/// The changes an invoice's page makes. Each answers with the invoice as it now is, and the
/// page shows that (deleting answers with nothing, reissuing with the new draft, sending with
/// a confirmation).
#[derive(Clone, Copy)]
pub struct Changes {
    /// Issues the draft.
    pub issue: ServerAction<IssueInvoice>,
    /// Deletes the draft.
    pub delete: ServerAction<DeleteInvoice>,
    /// Voids the issued invoice.
    pub void: ServerAction<VoidInvoice>,
    /// Makes a new draft from the void invoice.
    pub reissue: ServerAction<ReissueInvoice>,
    /// Mails the issued invoice.
    pub send: ServerAction<SendInvoice>,
    /// Changes the draft's discount and note.
    pub update: ServerAction<UpdateInvoice>,
    /// Adds a line to the draft.
    pub add_line: ServerAction<AddInvoiceLine>,
    /// Changes a line of the draft.
    pub update_line: ServerAction<UpdateInvoiceLine>,
    /// Takes a line off the draft.
    pub remove_line: ServerAction<RemoveInvoiceLine>,
    /// Records a payment.
    pub record_payment: ServerAction<RecordPayment>,
    /// Pays from a matter's trust money.
    pub pay_from_trust: ServerAction<PayFromTrust>,
}

impl Changes {
    fn new() -> Self {
        Changes {
            issue: ServerAction::new(),
            delete: ServerAction::new(),
            void: ServerAction::new(),
            reissue: ServerAction::new(),
            send: ServerAction::new(),
            update: ServerAction::new(),
            add_line: ServerAction::new(),
            update_line: ServerAction::new(),
            remove_line: ServerAction::new(),
            record_payment: ServerAction::new(),
            pay_from_trust: ServerAction::new(),
        }
    }
}

/// `/billing/invoices/:id`: one invoice. A draft's lines, discount and note can change until it
/// is issued; an issued invoice is downloaded, printed, sent, paid or voided.
#[component]
pub fn InvoiceDetailPage() -> impl IntoView {
    let id = crate::pages::id_param();
    let invoice = Resource::new(id, |id| async move {
        match id {
            Some(id) => get_invoice(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="text-sm text-slate-500">"Loading invoice…"</p> }>
            {move || invoice.get().map(|result| match result {
                Ok(invoice) => view! { <InvoiceView invoice/> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The invoice as the last change left it.
#[component]
fn InvoiceView(invoice: Invoice) -> impl IntoView {
    let current = RwSignal::new(invoice);
    let changes = Changes::new();
    // Why the last change made by a button alone was refused; any later success clears it.
    let refusal = RwSignal::new(None::<String>);
    let show = move |outcome: Option<Result<Invoice, AppError>>| {
        if let Some(Ok(invoice)) = outcome {
            refusal.set(None);
            current.set(invoice);
        }
    };
    let show_or_refuse = move |outcome: Option<Result<Invoice, AppError>>| {
        if let Some(Err(err)) = &outcome {
            refusal.set(Some(err.in_words()));
        }
        show(outcome);
    };
    // Forms show their own refusals.
    Effect::new(move |_| show(changes.issue.value().get()));
    Effect::new(move |_| show(changes.void.value().get()));
    Effect::new(move |_| show(changes.update.value().get()));
    Effect::new(move |_| show(changes.add_line.value().get()));
    Effect::new(move |_| show(changes.update_line.value().get()));
    Effect::new(move |_| show(changes.record_payment.value().get()));
    Effect::new(move |_| show(changes.pay_from_trust.value().get()));
    Effect::new(move |_| show_or_refuse(changes.remove_line.value().get()));
    let navigate = use_navigate();
    let to_list = navigate.clone();
    Effect::new(move |_| match changes.delete.value().get() {
        Some(Ok(())) => to_list("/billing/invoices", Default::default()),
        Some(Err(err)) => refusal.set(Some(err.in_words())),
        None => {}
    });
    Effect::new(move |_| match changes.reissue.value().get() {
        Some(Ok(draft)) => navigate(
            &format!("/billing/invoices/{}", draft.id),
            Default::default(),
        ),
        Some(Err(err)) => refusal.set(Some(err.in_words())),
        None => {}
    });
    view! {
        <A href="/billing/invoices" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← All invoices"</A>
        {move || refusal.get().map(|message| view! {
            <p role="alert" data-testid="invoice-error" class="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
        })}
        {move || view! { <InvoiceBody invoice=current.get() changes/> }}
    }
}

#[component]
fn InvoiceBody(invoice: Invoice, changes: Changes) -> impl IntoView {
    let editable = invoice.status == InvoiceStatus::Draft && user_can(Permission::BillingManage);
    let paying = invoice.status.is_open() || !invoice.payments.is_empty();
    let terms = if editable {
        view! { <DiscountForm invoice=invoice.clone() changes/> }.into_any()
    } else if invoice.notes.is_empty() {
        ().into_any()
    } else {
        view! {
            <section class=CARD>
                <h2 class="mb-2 text-sm font-semibold text-slate-900">"Note"</h2>
                <p class="whitespace-pre-line text-sm text-slate-700">{invoice.notes.clone()}</p>
            </section>
        }
        .into_any()
    };
    let add_line = editable.then(|| view! { <AddLineForm invoice=invoice.clone() changes/> });
    let payments = paying.then(|| view! { <Payments invoice=invoice.clone() changes/> });
    view! {
        <InvoiceHeader invoice=invoice.clone()/>
        <ActionBar invoice=invoice.clone() changes/>
        <section class="mt-6 space-y-4">
            <LinesTable invoice=invoice.clone() changes/>
            {add_line}
        </section>
        <div class="mt-6 grid items-start gap-6 lg:grid-cols-2">
            {terms}
            <Totals invoice/>
        </div>
        {payments}
    }
}

/// The invoice's number, status, client, dates and matters.
#[component]
fn InvoiceHeader(invoice: Invoice) -> impl IntoView {
    let title = invoice
        .number
        .clone()
        .unwrap_or_else(|| "Draft invoice".into());
    let client = if user_can(Permission::ClientsRead) {
        view! {
            <A href=format!("/clients/{}", invoice.client_id) attr:class="font-medium text-indigo-600 hover:text-indigo-500">{invoice.client_name}</A>
        }
        .into_any()
    } else {
        view! { <span class="font-medium text-slate-700">{invoice.client_name}</span> }.into_any()
    };
    let fact = |label: &'static str, value: String| {
        view! {
            <div>
                <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
                <dd class="mt-0.5 text-slate-900">{value}</dd>
            </div>
        }
    };
    view! {
        <Title text=title.clone()/>
        <div class="mb-6 mt-3 space-y-3">
            <div class="flex flex-wrap items-center gap-3">
                <h1 data-testid="invoice-number" class="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
                <InvoiceStatusBadge status=invoice.status/>
            </div>
            <p class="text-sm text-slate-500">"For " {client}</p>
            <dl class="flex flex-wrap gap-x-8 gap-y-2 text-sm">
                {invoice.issued_on.map(|on| fact("Issued", day(on)))}
                {invoice.due_on.map(|on| fact("Due", day(on)))}
                {invoice.period.map(|(from, to)| fact("Work", format!("{} – {}", day(from), day(to))))}
            </dl>
            <ul aria-label="Matters" class="flex flex-wrap gap-2">
                {invoice.matters.into_iter().map(|m| {
                    let label = m.label();
                    view! {
                        <li>
                            <A href=format!("/matters/{}", m.id) attr:class="rounded-full bg-slate-100 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-200">{label}</A>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {invoice.replaces.map(|old| view! {
                <p class="text-sm text-slate-500">"Reissues the void invoice "
                    <A href=format!("/billing/invoices/{}", old.id) attr:class="font-medium text-indigo-600 hover:text-indigo-500">{old.label}</A>
                </p>
            })}
            {invoice.void_reason.map(|reason| view! {
                <p data-testid="void-reason" class="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
                    <span class="font-medium">"Voided: "</span>{reason}
                </p>
            })}
        </div>
    }
}
