use leptos::prelude::*;

use crate::conflicts::{Decision, DecisionForm};
use crate::error::AppError;

/// The decision on a conflict check as the user picks it.
#[derive(Clone, Copy)]
pub struct DecisionFields {
    decision: RwSignal<String>,
    reason: RwSignal<String>,
}

impl DecisionFields {
    /// Nothing decided yet.
    pub fn new() -> Self {
        DecisionFields {
            decision: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
        }
    }

    /// The decision as picked.
    pub fn form(&self) -> DecisionForm {
        DecisionForm {
            decision: self.decision.get_untracked(),
            reason: self.reason.get_untracked(),
        }
    }
}

impl Default for DecisionFields {
    fn default() -> Self {
        Self::new()
    }
}

/// Two choices, clear or waived, and the reason a waiver needs, with their inline errors.
#[component]
pub fn DecisionPicker(fields: DecisionFields, errors: Signal<Option<AppError>>) -> impl IntoView {
    let decision_error = move || errors.get().and_then(|e| e.field("decision"));
    let reason_error = move || errors.get().and_then(|e| e.field("reason"));
    let waived = move || fields.decision.get() == Decision::Waived.as_str();
    let option = move |d: Decision, title: &'static str, text: &'static str| {
        let value = d.as_str();
        view! {
            <label class="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 hover:bg-slate-50 has-[:checked]:border-indigo-400 has-[:checked]:bg-indigo-50">
                <input type="radio" name="decision" value=value data-testid=format!("decision-{value}")
                    checked=move || fields.decision.get() == value
                    on:change=move |_| fields.decision.set(value.to_string())
                    class="mt-0.5"/>
                <span>
                    <span class="block text-sm font-medium text-slate-900">{title}</span>
                    <span class="block text-xs text-slate-500">{text}</span>
                </span>
            </label>
        }
    };
    view! {
        <fieldset class="space-y-2">
            <legend class="text-sm font-medium text-slate-700">"Decision"</legend>
            <div class="grid gap-2 sm:grid-cols-2">
                {option(Decision::Clear, "Clear", "Reviewed: none of the hits is a conflict.")}
                {option(Decision::Waived, "Waive", "A conflict, waived (e.g. with informed consent).")}
            </div>
            {move || decision_error().map(|m| view! { <p data-testid="error-decision" class="text-xs text-red-600">{m}</p> })}
            <Show when=waived>
                <div class="space-y-1">
                    <label for="field-reason" class="block text-sm font-medium text-slate-700">"Why it is waived"</label>
                    <textarea id="field-reason" name="reason" rows="2" bind:value=fields.reason
                        class="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"></textarea>
                    {move || reason_error().map(|m| view! { <p data-testid="error-reason" class="text-xs text-red-600">{m}</p> })}
                </div>
            </Show>
        </fieldset>
    }
}
