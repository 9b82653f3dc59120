use leptos::prelude::*;

use crate::error::AppError;

/// A form-level error line for errors that are not about one field.
#[component]
pub fn FormError(errors: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        errors.get().filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| {
            view! {
                <p role="alert" data-testid="form-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
                    {e.to_string()}
                </p>
            }
        })
    }
}

/// A form's primary button, disabled while its request is under way.
#[component]
pub fn SubmitButton(
    /// The button's text.
    label: &'static str,
    /// Whether the form's request is under way.
    #[prop(into)]
    pending: Signal<bool>,
    /// Stretch to the form's width.
    #[prop(optional)]
    full_width: bool,
) -> impl IntoView {
    let width = if full_width { "w-full " } else { "" };
    view! {
        <button type="submit" disabled=move || pending.get()
            class=format!("{width}rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60")>
            {label}
        </button>
    }
}
