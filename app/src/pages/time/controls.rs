//! Small labelled form controls whose element ids the caller chooses, so that several forms
//! (a quick entry and an inline edit, time and expenses) fit on one page.

use leptos::html;
use leptos::prelude::*;

use crate::error::AppError;

/// A control's classes: red-bordered while it has an error.
fn control_class(invalid: bool) -> &'static str {
    if invalid {
        "block w-full rounded-md border border-red-400 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-red-500 focus:ring-2 focus:ring-red-100"
    } else {
        "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"
    }
}

/// A labelled one-line input bound to `value`, with the message `errors` has for `name` under
/// it (`data-testid="error-{name}"`).
#[component]
pub fn TextControl(
    /// The input's id, unique on the page.
    #[prop(into)]
    id: String,
    /// Its name, as the server function's argument.
    name: &'static str,
    /// The visible label.
    label: &'static str,
    /// The bound value.
    value: RwSignal<String>,
    /// The form's current errors.
    errors: Signal<Option<AppError>>,
    /// The input's type.
    #[prop(default = "text")]
    input_type: &'static str,
    /// Example text shown while it is empty.
    #[prop(optional)]
    placeholder: Option<&'static str>,
    /// A line under the input while it has no error.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Classes of its cell in the form's grid (`sm:col-span-2`).
    #[prop(optional)]
    span: &'static str,
    /// A handle on the input, to move the focus there.
    #[prop(optional)]
    input_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let message = move || errors.get().and_then(|e| e.field(name));
    let for_id = id.clone();
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class=format!("space-y-1 {span}")>
            <label for=for_id class="block text-sm font-medium text-slate-700">{label}</label>
            <input id=id name=name type=input_type placeholder=placeholder node_ref=input_ref bind:value=value
                aria-invalid=move || message().is_some().then_some("true") aria-describedby=described
                class=move || control_class(message().is_some())/>
            {move || match message() {
                Some(m) => view! {
                    <p id=error_id.clone() data-testid=format!("error-{name}") class="text-xs text-red-600">{m}</p>
                }.into_any(),
                None => view! { <p class="text-xs text-slate-400">{hint.unwrap_or("")}</p> }.into_any(),
            }}
        </div>
    }
}

/// A labelled select of `(value, label)` options bound to `value`, with its error under it.
#[component]
pub fn SelectControl(
    /// The select's id, unique on the page.
    #[prop(into)]
    id: String,
    /// Its name, as the server function's argument.
    name: &'static str,
    /// The visible label.
    label: &'static str,
    /// The bound value.
    value: RwSignal<String>,
    /// The form's current errors.
    errors: Signal<Option<AppError>>,
    /// The `(value, label)` options; the one equal to `value` is marked `selected`.
    options: Vec<(String, String)>,
    /// Classes of its cell in the form's grid.
    #[prop(optional)]
    span: &'static str,
) -> impl IntoView {
    let message = move || errors.get().and_then(|e| e.field(name));
    let for_id = id.clone();
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class=format!("space-y-1 {span}")>
            <label for=for_id class="block text-sm font-medium text-slate-700">{label}</label>
            <select id=id name=name bind:value=value aria-describedby=described
                aria-invalid=move || message().is_some().then_some("true")
                class=move || control_class(message().is_some())>
                {options.into_iter().map(|(v, l)| {
                    let option = v.clone();
                    view! { <option value=v selected=move || value.get() == option>{l}</option> }
                }).collect_view()}
            </select>
            {move || message().map(|m| view! {
                <p id=error_id.clone() data-testid=format!("error-{name}") class="text-xs text-red-600">{m}</p>
            })}
        </div>
    }
}

/// A labelled checkbox bound to `value` (posted as `true` when checked).
#[component]
pub fn CheckControl(
    /// The checkbox's id, unique on the page.
    #[prop(into)]
    id: String,
    /// Its name, as the server function's argument.
    name: &'static str,
    /// The visible label.
    label: &'static str,
    /// Whether it is checked.
    value: RwSignal<bool>,
    /// Classes of its cell in the form's grid.
    #[prop(optional)]
    span: &'static str,
) -> impl IntoView {
    let for_id = id.clone();
    view! {
        <div class=format!("flex items-center gap-2 {span}")>
            <input id=id type="checkbox" name=name value="true" checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
                class="h-4 w-4 rounded border-slate-300 text-indigo-600"/>
            <label for=for_id class="text-sm text-slate-700">{label}</label>
        </div>
    }
}
