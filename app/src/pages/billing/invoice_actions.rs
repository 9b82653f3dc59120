use leptos::prelude::*;
use uuid::Uuid;

use super::fields::{FormProblems, Input};
use super::invoice::Changes;
use super::{DANGER, PRIMARY, SECONDARY};
use crate::auth::Permission;
use crate::billing::{
    DeleteInvoice, Invoice, InvoiceStatus, IssueInvoice, ReissueInvoice, SendInvoice, VoidInvoice,
};
use crate::components::{Notice, SubmitButton};
use crate::error::{AppError, FieldError};
use crate::site::user_can;

/// What the action bar shows below itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    Issue,
    Delete,
    Send,
    Void,
}

/// A panel's frame.
const PANEL: &str =
    "mt-3 max-w-xl space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
/// Fields whose messages the panels show under a control.
const SEND_FIELDS: &[&str] = &["to"];
const VOID_FIELDS: &[&str] = &["reason"];
const NO_FIELDS: &[&str] = &[];

/// What can be done with the invoice in its state: issue or delete a draft; download, print,
/// send or void an issued one; reissue a void one. Issuing, deleting, sending and voiding open
/// a panel to confirm (or fill in) first.
#[component]
pub fn ActionBar(invoice: Invoice, changes: Changes) -> impl IntoView {
    let panel = RwSignal::new(None::<Panel>);
    let toggle = move |p: Panel| panel.update(|open| *open = (*open != Some(p)).then_some(p));
    let id = invoice.id;
    let status = invoice.status;
    let manage = user_can(Permission::BillingManage);
    let issued = matches!(
        status,
        InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid | InvoiceStatus::Paid
    );
    let voidable = manage && status == InvoiceStatus::Issued && invoice.payments.is_empty();
    let email = invoice.client_email.unwrap_or_default();
    let download = |path: &str, label: &'static str, testid: &'static str| {
        view! {
            <a href=format!("/billing/invoices/{id}/{path}") download="" rel="external" data-testid=testid class=SECONDARY>{label}</a>
        }
    };
    view! {
        <div data-testid="invoice-actions" class="flex flex-wrap items-center gap-2">
            {(manage && status == InvoiceStatus::Draft).then(|| view! {
                <button type="button" id="issue-invoice" data-testid="invoice-issue" class=PRIMARY
                    aria-expanded=move || (panel.get() == Some(Panel::Issue)).to_string()
                    on:click=move |_| toggle(Panel::Issue)>"Issue invoice"</button>
                <button type="button" data-testid="invoice-delete" class=DANGER
                    aria-expanded=move || (panel.get() == Some(Panel::Delete)).to_string()
                    on:click=move |_| toggle(Panel::Delete)>"Delete draft"</button>
            })}
            {(status != InvoiceStatus::Void).then(|| download("pdf", "Download PDF", "invoice-pdf"))}
            {issued.then(|| view! {
                {download("ledes", "LEDES 1998B", "invoice-ledes")}
                <a href=format!("/billing/invoices/{id}/print") target="_blank" rel="external" data-testid="invoice-print" class=SECONDARY>"Print view"</a>
            })}
            {(issued && manage).then(|| view! {
                <button type="button" data-testid="invoice-send" class=SECONDARY
                    aria-expanded=move || (panel.get() == Some(Panel::Send)).to_string()
                    on:click=move |_| toggle(Panel::Send)>"Send by email"</button>
            })}
            {voidable.then(|| view! {
                <button type="button" data-testid="invoice-void" class=DANGER
                    aria-expanded=move || (panel.get() == Some(Panel::Void)).to_string()
                    on:click=move |_| toggle(Panel::Void)>"Void"</button>
            })}
            {(manage && status == InvoiceStatus::Void).then(|| view! {
                <button type="button" data-testid="invoice-reissue" class=PRIMARY disabled=move || changes.reissue.pending().get()
                    on:click=move |_| { changes.reissue.dispatch(ReissueInvoice { id }); }>"Reissue as new draft"</button>
            })}
        </div>
        {move || panel.get().map(|open| match open {
            Panel::Issue => view! { <IssuePanel id changes panel/> }.into_any(),
            Panel::Delete => view! { <DeletePanel id changes panel/> }.into_any(),
            Panel::Send => view! { <SendPanel id email=email.clone() changes panel/> }.into_any(),
            Panel::Void => view! { <VoidPanel id changes panel/> }.into_any(),
        })}
    }
}

/// The button that closes a panel.
#[component]
fn CancelButton(panel: RwSignal<Option<Panel>>) -> impl IntoView {
    view! {
        <button type="button" class=SECONDARY on:click=move |_| panel.set(None)>"Cancel"</button>
    }
}

/// Confirms issuing the draft.
#[component]
fn IssuePanel(id: Uuid, changes: Changes, panel: RwSignal<Option<Panel>>) -> impl IntoView {
    let errors = Signal::derive(move || changes.issue.value().get().and_then(Result::err));
    view! {
        <div data-testid="issue-panel" class=PANEL>
            <p class="text-sm text-slate-700">"Issuing gives the invoice the next number and its due date. It can no longer change after that; a mistake is corrected by voiding it and reissuing."</p>
            <FormProblems errors fields=NO_FIELDS/>
            <div class="flex justify-end gap-2">
                <CancelButton panel/>
                <button type="button" data-testid="invoice-issue-confirm" class=PRIMARY disabled=move || changes.issue.pending().get()
                    on:click=move |_| { changes.issue.dispatch(IssueInvoice { id }); }>"Issue now"</button>
            </div>
        </div>
    }
}

/// Confirms deleting the draft.
#[component]
fn DeletePanel(id: Uuid, changes: Changes, panel: RwSignal<Option<Panel>>) -> impl IntoView {
    let errors = Signal::derive(move || changes.delete.value().get().and_then(Result::err));
    view! {
        <div data-testid="delete-panel" class=PANEL>
            <p class="text-sm text-slate-700">"Delete this draft? Its time and expenses become unbilled again, ready for another invoice."</p>
            <FormProblems errors fields=NO_FIELDS/>
            <div class="flex justify-end gap-2">
                <CancelButton panel/>
                <button type="button" data-testid="invoice-delete-confirm" class=DANGER disabled=move || changes.delete.pending().get()
                    on:click=move |_| { changes.delete.dispatch(DeleteInvoice { id }); }>"Delete draft"</button>
            </div>
        </div>
    }
}

/// Mails the invoice to the client's address, or another.
#[component]
fn SendPanel(
    id: Uuid,
    email: String,
    changes: Changes,
    panel: RwSignal<Option<Panel>>,
) -> impl IntoView {
    let to = RwSignal::new(email);
    let errors = Signal::derive(move || changes.send.value().get().and_then(Result::err));
    let sent = move || changes.send.value().get().and_then(Result::ok);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        changes.send.dispatch(SendInvoice {
            id,
            to: to.get_untracked(),
        });
    };
    view! {
        <form data-testid="send-form" novalidate on:submit=submit class=PANEL>
            <Input form="send" name="to" label="Send to" kind="email" value=to errors
                hint="The invoice goes as a PDF attachment."/>
            <FormProblems errors fields=SEND_FIELDS/>
            {move || sent().map(|message| view! { <Notice message/> })}
            <div class="flex justify-end gap-2">
                <CancelButton panel/>
                <SubmitButton label="Send invoice" pending=changes.send.pending()/>
            </div>
        </form>
    }
}

/// Voids the invoice, for a reason that is kept with it.
#[component]
fn VoidPanel(id: Uuid, changes: Changes, panel: RwSignal<Option<Panel>>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let local = RwSignal::new(None::<AppError>);
    let server = changes.void.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reason = reason.get_untracked();
        if reason.trim().is_empty() {
            local.set(Some(AppError::Invalid(vec![FieldError {
                field: "reason".into(),
                message: "Record why the invoice is voided.".into(),
            }])));
            return;
        }
        local.set(None);
        changes.void.dispatch(VoidInvoice { id, reason });
    };
    view! {
        <form data-testid="void-form" novalidate on:submit=submit class=PANEL>
            <p class="text-sm text-slate-700">"A void invoice keeps its number; its time and expenses become unbilled again."</p>
            <Input form="void" name="reason" label="Why it is voided" value=reason errors multiline=true/>
            <FormProblems errors fields=VOID_FIELDS/>
            <div class="flex justify-end gap-2">
                <CancelButton panel/>
                <button type="submit" data-testid="invoice-void-confirm" class=DANGER disabled=move || changes.void.pending().get()>"Void invoice"</button>
            </div>
        </form>
    }
}
