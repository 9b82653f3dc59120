//! Getting back in: asking for a reset link, and choosing a new password from it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::{ForgotPassword, ResetPassword};
use crate::components::{AuthCard, Field, FieldKind, FormError, Notice, SubmitButton};

/// `/forgot-password`: asks for a reset link. The answer never says whether the email exists.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let action = ServerAction::<ForgotPassword>::new();
    let result = action.value();
    let errors = Signal::derive(move || result.get().and_then(Result::err));
    let sent = move || matches!(result.get(), Some(Ok(())));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ForgotPassword {
            email: email.get_untracked(),
        });
    };
    view! {
        <Title text="Reset your password"/>
        <AuthCard title="Reset your password" subtitle="We will mail you a link to choose a new one.">
            <Show when=sent fallback=move || view! {
                <form data-testid="forgot-form" novalidate on:submit=submit class="space-y-4">
                    <Field name="email" label="Email" value=email errors kind=FieldKind::Input("email") autocomplete="username"/>
                    <FormError errors/>
                    <SubmitButton label="Send the link" pending=action.pending() full_width=true/>
                </form>
            }>
                <Notice message=format!(
                    "If {} has an account here, a link is on its way. It works once and for 30 minutes.",
                    email.get_untracked()
                )/>
            </Show>
            <p class="text-center text-sm"><a href="/login" class="font-medium text-indigo-600 hover:text-indigo-500">"Back to sign in"</a></p>
        </AuthCard>
    }
}

/// `/reset-password?token=…`: chooses a new password; then on to sign in.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let action = ServerAction::<ResetPassword>::new();
    let result = action.value();
    let errors = Signal::derive(move || result.get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            let _ = window().location().assign("/login?reset=done");
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ResetPassword {
            token: query.read_untracked().get("token").unwrap_or_default(),
            new_password: new.get_untracked(),
            confirm_password: confirm.get_untracked(),
        });
    };
    view! {
        <Title text="Choose a new password"/>
        <AuthCard title="Choose a new password" subtitle="You will be signed out everywhere, then sign in with the new one.">
            <form data-testid="reset-form" novalidate on:submit=submit class="space-y-4">
                <Field name="new_password" label="New password" value=new errors kind=FieldKind::Input("password") autocomplete="new-password"
                    hint="At least 12 characters. A few unrelated words make a strong password."/>
                <Field name="confirm_password" label="New password again" value=confirm errors kind=FieldKind::Input("password") autocomplete="new-password"/>
                <FormError errors/>
                <SubmitButton label="Set the new password" pending=action.pending() full_width=true/>
            </form>
            <p class="text-center text-sm"><a href="/forgot-password" class="font-medium text-indigo-600 hover:text-indigo-500">"Ask for a new link"</a></p>
        </AuthCard>
    }
}
