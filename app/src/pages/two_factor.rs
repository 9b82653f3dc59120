//! Two-factor screens: the second step of signing in, and setting it up on the account page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::SignInSecondStep;
use crate::components::{AuthCard, Field, FieldKind, FormError, SubmitButton};
use crate::error::AppError;
use crate::two_factor::{
    BeginTwoFactor, DisableTwoFactor, EnableTwoFactor, Enrolment, NewRecoveryCodes,
    TwoFactorStatus, load_two_factor_status,
};

/// `/login/two-factor`: the code after the password, for users with two-factor sign-in.
#[component]
pub fn SecondStepPage() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let action = ServerAction::<SignInSecondStep>::new();
    let result = action.value();
    let errors = Signal::derive(move || result.get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(next)) = result.get() {
            let _ = window().location().assign(&next);
        }
    });
    let start_again = move || {
        matches!(
            errors.get(),
            Some(AppError::SignInTimedOut | AppError::SignInFailed)
        )
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SignInSecondStep {
            code: code.get_untracked(),
        });
    };
    view! {
        <Title text="Two-factor sign-in"/>
        <AuthCard title="Enter your sign-in code" subtitle="Your password was right. One more step.">
            <form data-testid="second-step-form" novalidate on:submit=submit class="space-y-4">
                <Field name="code" label="Code from your authenticator app" value=code errors kind=FieldKind::Input("text") autocomplete="one-time-code"
                    hint="Lost your phone? Enter one of your recovery codes instead."/>
                <FormError errors/>
                <SubmitButton label="Verify and sign in" pending=action.pending() full_width=true/>
            </form>
            <p class="text-center text-sm">
                <a href="/login" class=move || if start_again() { "font-semibold text-indigo-600" } else { "font-medium text-slate-500 hover:text-slate-700" }>
                    "Start again"
                </a>
            </p>
        </AuthCard>
    }
}

/// The account page's two-factor card: turn it on (scan, confirm with a code, keep the recovery
/// codes), replace the recovery codes, or turn it off.
#[component]
pub fn TwoFactorSection() -> impl IntoView {
    let begin = ServerAction::<BeginTwoFactor>::new();
    let enable = ServerAction::<EnableTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let regenerate = ServerAction::<NewRecoveryCodes>::new();
    let status = Resource::new(
        move || {
            (
                enable.version().get(),
                disable.version().get(),
                regenerate.version().get(),
            )
        },
        |_| load_two_factor_status(),
    );
    // Codes are shown once: after turning on, and after asking for new ones.
    let codes = RwSignal::new(None::<Vec<String>>);
    Effect::new(move |_| {
        if let Some(Ok(list)) = enable.value().get() {
            codes.set(Some(list));
            begin.clear();
        }
    });
    // Turned off: a later set-up starts from a new secret.
    Effect::new(move |_| {
        if let Some(Ok(())) = disable.value().get() {
            begin.clear();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = regenerate.value().get() {
            codes.set(Some(list));
        }
    });
    view! {
        <section data-testid="two-factor" class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm lg:col-span-2">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Two-factor sign-in"</h2>
                <p class="text-sm text-slate-600">"After your password, Docket asks for a code from an authenticator app on your phone (such as 1Password, Google Authenticator or Microsoft Authenticator), so a stolen password alone cannot open your account."</p>
            </div>
            {move || codes.get().map(|list| view! { <RecoveryCodes codes=list on_done=move || codes.set(None)/> })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
                {move || status.get().map(|result| match result {
                    Ok(s) if s.enabled => view! { <TwoFactorOn status=s disable regenerate/> }.into_any(),
                    Ok(s) => view! { <TwoFactorOff status=s begin enable/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TwoFactorOn(
    status: TwoFactorStatus,
    disable: ServerAction<DisableTwoFactor>,
    regenerate: ServerAction<NewRecoveryCodes>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let errors = Signal::derive(move || {
        disable
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| regenerate.value().get().and_then(Result::err))
    });
    let left = status.recovery_codes_left;
    let low = left <= 3;
    view! {
        <div class="flex flex-wrap items-center gap-3">
            <span data-testid="two-factor-state" class="rounded-full bg-emerald-50 px-2.5 py-0.5 text-xs font-semibold text-emerald-700">"On"</span>
            <span class=if low { "text-sm font-medium text-amber-700" } else { "text-sm text-slate-600" }>
                {format!("{left} unused recovery code{}", if left == 1 { "" } else { "s" })}
                {low.then_some(": make new ones before you run out.")}
            </span>
        </div>
        <form novalidate on:submit=|ev| ev.prevent_default() class="grid items-start gap-3 sm:grid-cols-[1fr_auto]">
            <Field name="password" label="Your password, to make changes" value=password errors kind=FieldKind::Input("password") autocomplete="current-password"/>
            <div class="flex flex-wrap gap-2 sm:pt-6">
                <button type="button" data-testid="new-recovery-codes" disabled=move || regenerate.pending().get()
                    on:click=move |_| { regenerate.dispatch(NewRecoveryCodes { password: password.get_untracked() }); }
                    class="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60">
                    "New recovery codes"
                </button>
                {(!status.required_by_firm).then(|| view! {
                    <button type="button" data-testid="turn-off-two-factor" disabled=move || disable.pending().get()
                        on:click=move |_| { disable.dispatch(DisableTwoFactor { password: password.get_untracked() }); }
                        class="rounded-md border border-red-300 bg-white px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60">
                        "Turn off"
                    </button>
                })}
            </div>
            <div class="empty:hidden sm:col-span-2"><FormError errors/></div>
        </form>
        {status.required_by_firm.then(|| view! {
            <p class="text-xs text-slate-500">"Your firm requires two-factor sign-in, so it stays on. For a new phone, ask an administrator to reset it."</p>
        })}
    }
}

#[component]
fn TwoFactorOff(
    status: TwoFactorStatus,
    begin: ServerAction<BeginTwoFactor>,
    enable: ServerAction<EnableTwoFactor>,
) -> impl IntoView {
    view! {
        {status.required_by_firm.then(|| view! {
            <p role="alert" data-testid="two-factor-required" class="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
                "Your firm requires two-factor sign-in. Set it up now to go on using Docket."
            </p>
        })}
        {move || match begin.value().get() {
            Some(Ok(enrolment)) => view! { <EnrolmentSteps enrolment enable/> }.into_any(),
            other => view! {
                <div class="flex flex-wrap items-center gap-3">
                    <span data-testid="two-factor-state" class="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-600">"Off"</span>
                    <button type="button" data-testid="set-up-two-factor" disabled=move || begin.pending().get()
                        on:click=move |_| { begin.dispatch(BeginTwoFactor {}); }
                        class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60">
                        "Set up two-factor sign-in"
                    </button>
                    {other.and_then(Result::err).map(|e| view! { <p role="alert" class="text-sm text-red-700">{e.to_string()}</p> })}
                </div>
            }.into_any(),
        }}
    }
}

/// Scan, then confirm with the first code.
#[component]
fn EnrolmentSteps(enrolment: Enrolment, enable: ServerAction<EnableTwoFactor>) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let errors = Signal::derive(move || enable.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        enable.dispatch(EnableTwoFactor {
            code: code.get_untracked(),
        });
    };
    view! {
        <div class="grid gap-6 md:grid-cols-[auto_1fr]">
            <div data-testid="two-factor-qr" class="h-52 w-52 shrink-0 rounded-md border border-slate-200 bg-white p-1 [&_svg]:h-full [&_svg]:w-full" inner_html=enrolment.qr_svg></div>
            <ol class="space-y-4 text-sm text-slate-700">
                <li>
                    <span class="font-semibold text-slate-900">"1. Scan the code"</span>
                    " with your authenticator app. Cannot scan? Enter this key instead:"
                    <code data-testid="two-factor-secret" class="mt-1 block break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm tracking-wide text-slate-900">{enrolment.secret}</code>
                </li>
                <li>
                    <span class="font-semibold text-slate-900">"2. Enter the 6-digit code"</span>
                    " the app now shows for Docket."
                    <form data-testid="enable-two-factor-form" novalidate on:submit=submit class="mt-2 flex flex-wrap items-start gap-3">
                        <div class="w-48"><Field name="code" label="Code" value=code errors kind=FieldKind::Input("text") autocomplete="one-time-code"/></div>
                        <div class="pt-6"><SubmitButton label="Turn on" pending=enable.pending()/></div>
                    </form>
                    <FormError errors/>
                </li>
            </ol>
        </div>
    }
}

/// The recovery codes, shown once, with a download.
#[component]
fn RecoveryCodes(codes: Vec<String>, on_done: impl Fn() + 'static) -> impl IntoView {
    let file = format!(
        "data:text/plain;charset=utf-8,{}",
        codes.join("%0A").replace('-', "%2D")
    );
    view! {
        <div data-testid="recovery-codes" class="space-y-3 rounded-md border border-indigo-200 bg-indigo-50 p-4">
            <p class="text-sm font-semibold text-indigo-900">"Save your recovery codes now"</p>
            <p class="text-sm text-indigo-900">"Each code signs you in once if you lose your phone. They are shown only this once: download or print them and keep them somewhere safe."</p>
            <ul class="grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm text-slate-900 sm:grid-cols-5">
                {codes.into_iter().map(|c| view! { <li data-testid="recovery-code">{c}</li> }).collect_view()}
            </ul>
            <div class="flex gap-2">
                <a href=file download="docket-recovery-codes.txt"
                    class="rounded-md border border-indigo-300 bg-white px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-100">"Download"</a>
                <button type="button" on:click=move |_| on_done()
                    class="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500">"I have saved them"</button>
            </div>
        </div>
    }
}
