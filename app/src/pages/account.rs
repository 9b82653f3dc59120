use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{ChangePassword, SignOutEverywhere};
use crate::components::{Field, FieldKind, FormError, PageHeader, SubmitButton};
use crate::pages::two_factor::TwoFactorSection;
use crate::site::{SiteInfo, use_site};

/// `/account`: the signed-in user's two-factor sign-in, password and sessions.
#[component]
pub fn AccountPage() -> impl IntoView {
    let email = match use_site() {
        SiteInfo::Firm {
            user: Some(user), ..
        } => user.email,
        _ => String::new(),
    };
    view! {
        <Title text="Your account"/>
        <PageHeader title="Your account" subtitle=email/>
        <div class="grid max-w-4xl items-start gap-6 lg:grid-cols-2">
            <TwoFactorSection/>
            <ChangePasswordForm/>
            <SignOutEverywhereCard/>
        </div>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let action = ServerAction::<ChangePassword>::new();
    let result = action.value();
    let errors = Signal::derive(move || result.get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            for field in [current, new, confirm] {
                field.set(String::new());
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePassword {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
            confirm_password: confirm.get_untracked(),
        });
    };
    view! {
        <form data-testid="password-form" novalidate on:submit=submit
            class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 class="text-base font-semibold text-slate-900">"Change password"</h2>
            <Field name="current_password" label="Current password" value=current errors kind=FieldKind::Input("password") autocomplete="current-password"/>
            <Field name="new_password" label="New password" value=new errors kind=FieldKind::Input("password") autocomplete="new-password"
                hint="At least 12 characters. A few unrelated words make a strong password."/>
            <Field name="confirm_password" label="New password again" value=confirm errors kind=FieldKind::Input("password") autocomplete="new-password"/>
            <FormError errors/>
            <div class="flex items-center justify-between gap-3">
                <p data-testid="form-status" role="status" class="text-sm text-emerald-700">
                    {move || matches!(result.get(), Some(Ok(()))).then_some("Password changed. Your other sessions were signed out.")}
                </p>
                <SubmitButton label="Change password" pending=action.pending()/>
            </div>
        </form>
    }
}

#[component]
fn SignOutEverywhereCard() -> impl IntoView {
    let action = ServerAction::<SignOutEverywhere>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().assign("/login");
        }
    });
    view! {
        <section class="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 class="text-base font-semibold text-slate-900">"Sessions"</h2>
            <p class="text-sm text-slate-600">"Signed in on a computer you no longer use, or lost a phone? Sign out everywhere, including here."</p>
            <button type="button" on:click=move |_| { action.dispatch(SignOutEverywhere {}); }
                disabled=move || action.pending().get()
                class="rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-semibold text-red-700 hover:bg-red-50 disabled:opacity-60">
                "Sign out everywhere"
            </button>
        </section>
    }
}
