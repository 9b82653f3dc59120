use leptos::prelude::*;
use uuid::Uuid;

use super::{choices, status_choices};
use crate::components::{Field, FieldKind};
use crate::error::AppError;
use crate::matters::{Matter, MatterForm, MatterOptions, MatterStatus};

/// The matter form's fields as signals, so the controls stay bound while the user types.
#[derive(Clone, Copy)]
pub struct MatterFields {
    title: RwSignal<String>,
    practice_area_id: RwSignal<String>,
    status: RwSignal<String>,
    opened_on: RwSignal<String>,
    description: RwSignal<String>,
    responsible_id: RwSignal<String>,
    originating_id: RwSignal<String>,
}

impl MatterFields {
    /// Empty fields for a new matter, which is open and opened on `today` (`YYYY-MM-DD`).
    pub fn opened(today: String) -> Self {
        Self::from_form(MatterForm {
            status: MatterStatus::Open.as_str().into(),
            opened_on: today,
            ..Default::default()
        })
    }

    /// Fields holding an existing matter's details.
    pub fn of(matter: &Matter) -> Self {
        let id = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
        Self::from_form(MatterForm {
            title: matter.title.clone(),
            practice_area_id: id(matter.practice_area_id),
            status: matter.status.as_str().into(),
            opened_on: matter.opened_on.format("%Y-%m-%d").to_string(),
            description: matter.description.clone(),
            responsible_id: id(matter.responsible_id),
            originating_id: id(matter.originating_id),
        })
    }

    fn from_form(form: MatterForm) -> Self {
        MatterFields {
            title: RwSignal::new(form.title),
            practice_area_id: RwSignal::new(form.practice_area_id),
            status: RwSignal::new(form.status),
            opened_on: RwSignal::new(form.opened_on),
            description: RwSignal::new(form.description),
            responsible_id: RwSignal::new(form.responsible_id),
            originating_id: RwSignal::new(form.originating_id),
        }
    }

    /// The form as typed.
    pub fn form(&self) -> MatterForm {
        MatterForm {
            title: self.title.get_untracked(),
            practice_area_id: self.practice_area_id.get_untracked(),
            status: self.status.get_untracked(),
            opened_on: self.opened_on.get_untracked(),
            description: self.description.get_untracked(),
            responsible_id: self.responsible_id.get_untracked(),
            originating_id: self.originating_id.get_untracked(),
        }
    }
}

/// The matter form's controls, each with its inline error. The practice area and the lawyers
/// are picked from `options`.
#[component]
pub fn MatterEditor(
    fields: MatterFields,
    errors: Signal<Option<AppError>>,
    options: MatterOptions,
    /// Offer the status too (a new matter is always open).
    #[prop(optional)]
    with_status: bool,
) -> impl IntoView {
    let areas = choices("None", &options.practice_areas);
    let users = choices("None", &options.users);
    view! {
        <Field name="title" label="Title" value=fields.title errors kind=FieldKind::Input("text")
            hint="What the matter is about, e.g. Estate of Smith or Smith v Jones."/>
        <div class="grid gap-4 sm:grid-cols-2">
            <Field name="practice_area_id" label="Practice area" value=fields.practice_area_id errors kind=FieldKind::Select(areas)/>
            <Field name="opened_on" label="Opened on" value=fields.opened_on errors kind=FieldKind::Input("date")/>
            {with_status.then(|| view! {
                <Field name="status" label="Status" value=fields.status errors kind=FieldKind::Select(status_choices())
                    hint="Closing a matter records today as its close date."/>
            })}
        </div>
        <div class="grid gap-4 sm:grid-cols-2">
            <Field name="responsible_id" label="Responsible lawyer" value=fields.responsible_id errors kind=FieldKind::Select(users.clone())
                hint="Joins the team as lead lawyer."/>
            <Field name="originating_id" label="Originating lawyer" value=fields.originating_id errors kind=FieldKind::Select(users)
                hint="Who brought the work in."/>
        </div>
        <Field name="description" label="Description" value=fields.description errors kind=FieldKind::TextArea/>
    }
}
