use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::VerifyEmail;
use crate::components::{AuthCard, FormError, SubmitButton};
use crate::site::{SiteInfo, use_site};

/// `/verify-email?token=…`: the new owner confirms their address with one click (a click, not
/// the visit itself, so mail scanners that open links do not use the token up), and lands in
/// the firm signed in.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let query = use_query_map();
    let firm = match use_site() {
        SiteInfo::Firm { name, .. } => name,
        _ => String::new(),
    };
    let action = ServerAction::<VerifyEmail>::new();
    let result = action.value();
    let errors = Signal::derive(move || result.get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            let _ = window().location().assign("/");
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(VerifyEmail {
            token: query.read_untracked().get("token").unwrap_or_default(),
        });
    };
    view! {
        <Title text="Confirm your email"/>
        <AuthCard title="Confirm your email" subtitle=format!("One click and {firm} is ready.")>
            <form data-testid="verify-form" on:submit=submit class="space-y-4">
                <FormError errors/>
                <SubmitButton label="Confirm and open Docket" pending=action.pending() full_width=true/>
            </form>
        </AuthCard>
    }
}
