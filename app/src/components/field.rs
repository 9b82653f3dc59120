use leptos::prelude::*;

use crate::error::AppError;

/// Which control a [`Field`] renders.
#[derive(Clone, Debug)]
pub enum FieldKind {
    /// A one-line text input of this HTML type (`text`, `tel`, ...).
    Input(&'static str),
    /// A multi-line text area.
    TextArea,
    /// A select with `(value, label)` options; the option equal to the bound value is marked
    /// `selected`, so the page shows it before hydration and when the options are rebuilt.
    Select(Vec<(String, String)>),
}

/// A labelled form control bound to `value`, with its validation message from `errors` shown
/// underneath (`data-testid="error-{name}"`).
#[component]
pub fn Field(
    /// The control's name, as the server function's argument.
    name: &'static str,
    /// The visible label.
    label: &'static str,
    /// The bound value.
    value: RwSignal<String>,
    /// The current errors of the form.
    errors: Signal<Option<AppError>>,
    /// Which control to render.
    kind: FieldKind,
    /// Hint shown under the control when there is no error.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The browser's autofill hint (`username`, `current-password`, `new-password`, ...).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// Keeps the control's id unique where another form on the page has a field of this name.
    #[prop(optional)]
    scope: Option<&'static str>,
) -> impl IntoView {
    let message = move || errors.get().and_then(|e| e.field(name));
    let id = match scope {
        Some(scope) => format!("field-{scope}-{name}"),
        None => format!("field-{name}"),
    };
    let error_id = format!("{id}-error");
    let control_class = move || {
        let base = "block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none transition focus:ring-2";
        if message().is_some() {
            format!("{base} border-red-400 focus:border-red-500 focus:ring-red-100")
        } else {
            format!("{base} border-slate-300 focus:border-indigo-500 focus:ring-indigo-100")
        }
    };
    let invalid = move || message().is_some().then_some("true");
    let control = match kind {
        FieldKind::Input(input_type) => view! {
            <input id=id.clone() name=name type=input_type autocomplete=autocomplete class=control_class aria-invalid=invalid
                aria-describedby=error_id.clone() bind:value=value/>
        }
        .into_any(),
        FieldKind::TextArea => view! {
            <textarea id=id.clone() name=name rows="3" class=control_class aria-invalid=invalid
                aria-describedby=error_id.clone() bind:value=value></textarea>
        }
        .into_any(),
        FieldKind::Select(options) => view! {
            <select id=id.clone() name=name class=control_class aria-invalid=invalid
                aria-describedby=error_id.clone() bind:value=value>
                {options.into_iter().map(|(v, l)| {
                    let option = v.clone();
                    view! { <option value=v selected=move || value.get() == option>{l}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        <div class="space-y-1">
            <label for=id class="block text-sm font-medium text-slate-700">{label}</label>
            {control}
            {move || match message() {
                Some(m) => view! {
                    <p id=error_id.clone() data-testid=format!("error-{name}") class="text-xs text-red-600">{m}</p>
                }.into_any(),
                None => view! { <p class="text-xs text-slate-400">{hint.unwrap_or("")}</p> }.into_any(),
            }}
        </div>
    }
}
