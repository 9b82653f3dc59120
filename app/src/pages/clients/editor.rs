use leptos::prelude::*;

use crate::clients::{Client, ClientForm};
use crate::components::{Field, FieldKind};
use crate::error::AppError;

/// The client form's fields as signals, so the inputs stay bound while the user types.
#[derive(Clone, Copy)]
pub struct ClientFields {
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub kind: RwSignal<String>,
    pub notes: RwSignal<String>,
    pub address: RwSignal<String>,
    pub tags: RwSignal<String>,
}

impl ClientFields {
    /// Empty fields for a new person.
    pub fn blank() -> Self {
        Self::from_form(ClientForm {
            kind: "person".into(),
            ..Default::default()
        })
    }

    /// Fields holding an existing client's details.
    pub fn of(client: &Client) -> Self {
        Self::from_form(ClientForm {
            name: client.name.clone(),
            email: client.email.clone().unwrap_or_default(),
            phone: client.phone.clone().unwrap_or_default(),
            kind: client.kind.as_str().into(),
            notes: client.notes.clone(),
            address: client.address.clone(),
            tags: client.tags.join(", "),
        })
    }

    fn from_form(form: ClientForm) -> Self {
        ClientFields {
            name: RwSignal::new(form.name),
            email: RwSignal::new(form.email),
            phone: RwSignal::new(form.phone),
            kind: RwSignal::new(form.kind),
            notes: RwSignal::new(form.notes),
            address: RwSignal::new(form.address),
            tags: RwSignal::new(form.tags),
        }
    }

    /// The form as typed.
    pub fn form(&self) -> ClientForm {
        ClientForm {
            name: self.name.get_untracked(),
            email: self.email.get_untracked(),
            phone: self.phone.get_untracked(),
            kind: self.kind.get_untracked(),
            notes: self.notes.get_untracked(),
            address: self.address.get_untracked(),
            tags: self.tags.get_untracked(),
        }
    }

    /// Empties the fields for the next entry.
    pub fn clear(&self) {
        let blank = ClientForm {
            kind: "person".into(),
            ..Default::default()
        };
        self.name.set(blank.name);
        self.email.set(blank.email);
        self.phone.set(blank.phone);
        self.kind.set(blank.kind);
        self.notes.set(blank.notes);
        self.address.set(blank.address);
        self.tags.set(blank.tags);
    }
}

/// The client form's controls, each with its inline error.
#[component]
pub fn ClientEditor(fields: ClientFields, errors: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Field name="name" label="Name" value=fields.name errors kind=FieldKind::Input("text")
            hint="A person's full name or a company's registered name."/>
        <Field name="kind" label="Type" value=fields.kind errors
            kind=FieldKind::Select(vec![("person".into(), "Person".into()), ("company".into(), "Company".into())])/>
        <div class="grid gap-4 sm:grid-cols-2">
            <Field name="email" label="Email" value=fields.email errors kind=FieldKind::Input("text")/>
            <Field name="phone" label="Phone" value=fields.phone errors kind=FieldKind::Input("tel")/>
        </div>
        <Field name="address" label="Address" value=fields.address errors kind=FieldKind::TextArea
            hint="The postal address, as it goes on letters and invoices."/>
        <Field name="tags" label="Tags" value=fields.tags errors kind=FieldKind::Input("text")
            hint="Separate tags with commas, e.g. vip, estate planning. The list searches them too."/>
        <Field name="notes" label="Notes" value=fields.notes errors kind=FieldKind::TextArea/>
    }
}
