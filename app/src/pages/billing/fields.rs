//! The labelled controls of the billing forms. Unlike [`crate::components::Field`] their ids
//! carry a prefix, since a billing page often shows the same form twice (a line being edited
//! and the add-line form; deposits and disbursements).

use leptos::prelude::*;

use crate::error::AppError;

/// A control's classes: red while its field has an error.
pub fn control_class(invalid: bool) -> String {
    let base = "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none transition focus:ring-2";
    if invalid {
        format!("{base} border-red-400 focus:border-red-500 focus:ring-red-100")
    } else {
        format!("{base} border-slate-300 focus:border-indigo-500 focus:ring-indigo-100")
    }
}

/// The wrapper's classes: two grid columns when `wide`.
fn wrapper_class(wide: bool) -> &'static str {
    if wide {
        "space-y-1 sm:col-span-2"
    } else {
        "space-y-1"
    }
}

/// A labelled text input (or text area) bound to `value`, with its field's message under it.
#[component]
pub fn Input(
    /// The id prefix of the form, unique on the page (`payment`, `line-{id}`).
    #[prop(into)]
    form: String,
    /// The field's name: the server function's argument, and the key of its error.
    name: &'static str,
    /// The visible label.
    label: &'static str,
    /// The bound value.
    value: RwSignal<String>,
    /// The current errors of the form.
    errors: Signal<Option<AppError>>,
    /// The input's HTML type.
    #[prop(default = "text")]
    kind: &'static str,
    /// A text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// The name the field is posted under when it is not `name` (`form[from]`).
    #[prop(optional)]
    posted: Option<&'static str>,
    /// Hint shown under the control when there is no error.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Spans two columns of the form's grid.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    let message = move || errors.get().and_then(|e| e.field(name));
    let invalid = move || message().is_some().then_some("true");
    let class = move || control_class(message().is_some());
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    let posted = posted.unwrap_or(name);
    let control = if multiline {
        view! {
            <textarea id=id.clone() name=posted rows="2" class=class aria-invalid=invalid
                aria-describedby=error_id.clone() bind:value=value></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=posted type=kind class=class aria-invalid=invalid
                aria-describedby=error_id.clone() bind:value=value/>
        }
        .into_any()
    };
    view! {
        <div class=wrapper_class(wide)>
            <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
            {control}
            <FieldMessage id=error_id name errors hint/>
        </div>
    }
}

/// A labelled select bound to `value`, with its field's message under it. The option equal to
/// the value is marked `selected`, so the page shows it before hydration.
#[component]
pub fn Select(
    /// The id prefix of the form, unique on the page.
    #[prop(into)]
    form: String,
    /// The field's name: the server function's argument, and the key of its error.
    name: &'static str,
    /// The visible label.
    label: &'static str,
    /// The bound value.
    value: RwSignal<String>,
    /// The current errors of the form.
    errors: Signal<Option<AppError>>,
    /// `(value, label)` options.
    options: Vec<(String, String)>,
    /// Spans two columns of the form's grid.
    #[prop(optional)]
    wide: bool,
) -> impl IntoView {
    let message = move || errors.get().and_then(|e| e.field(name));
    let invalid = move || message().is_some().then_some("true");
    let id = format!("{form}-{name}");
    let error_id = format!("{id}-error");
    view! {
        <div class=wrapper_class(wide)>
            <label for=id.clone() class="block text-sm font-medium text-slate-700">{label}</label>
            <select id=id name=name class=move || control_class(message().is_some()) aria-invalid=invalid
                aria-describedby=error_id.clone() bind:value=value>
                {options.into_iter().map(|(v, l)| {
                    let option = v.clone();
                    view! { <option value=v selected=move || value.get() == option>{l}</option> }
                }).collect_view()}
            </select>
            <FieldMessage id=error_id name errors hint=None/>
        </div>
    }
}

/// The message `errors` has for field `name` (`data-testid="error-{name}"`), else the hint.
#[component]
pub fn FieldMessage(
    /// The message's id, which the control names in `aria-describedby`.
    #[prop(into)]
    id: String,
    /// The field.
    name: &'static str,
    /// The current errors of the form.
    errors: Signal<Option<AppError>>,
    /// Shown when there is no error.
    hint: Option<&'static str>,
) -> impl IntoView {
    move || {
        match errors.get().and_then(|e| e.field(name)) {
        Some(m) => view! {
            <p id=id.clone() data-testid=format!("error-{name}") class="text-xs text-red-600">{m}</p>
        }
        .into_any(),
        None => view! { <p class="text-xs text-slate-400">{hint.unwrap_or("")}</p> }.into_any(),
    }
    }
}

/// A form's error line for what its fields do not show: errors that are not about one field,
/// and messages about fields the form has not got (`invoice`), so no refusal goes unseen.
#[component]
pub fn FormProblems(
    /// The current errors of the form.
    errors: Signal<Option<AppError>>,
    /// The fields the form shows messages under.
    fields: &'static [&'static str],
) -> impl IntoView {
    let unshown = move || {
        errors.get().and_then(|e| match e {
            AppError::Invalid(list) => {
                let words: Vec<String> = list
                    .into_iter()
                    .filter(|f| !fields.iter().any(|known| *known == f.field))
                    .map(|f| f.message)
                    .collect();
                (!words.is_empty()).then(|| words.join(" "))
            }
            other => Some(other.to_string()),
        })
    };
    move || {
        unshown().map(|message| {
            view! {
                <p role="alert" data-testid="form-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            }
        })
    }
}
