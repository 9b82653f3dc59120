use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::SignIn;
use crate::components::{Field, FieldKind, FormError, SubmitButton};

/// The firm's sign-in page, shown on its host to anyone not signed in.
#[component]
pub fn SignInPage(firm_name: String) -> impl IntoView {
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let action = ServerAction::<SignIn>::new();
    let result = action.value();
    let errors = Signal::derive(move || result.get().and_then(Result::err));
    // Signed in: load the next page afresh, so it renders with the new session.
    Effect::new(move |_| {
        if let Some(Ok(next)) = result.get() {
            let _ = window().location().assign(&next);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SignIn {
            email: email.get_untracked(),
            password: password.get_untracked(),
            next: query.read_untracked().get("next").unwrap_or_default(),
        });
    };
    view! {
        <Title text="Sign in"/>
        <div class="flex min-h-screen items-center justify-center px-4">
            <div class="w-full max-w-sm">
                <div class="mb-6 text-center">
                    <span class="mx-auto flex h-10 w-10 items-center justify-center rounded-lg bg-indigo-600 font-bold text-white">"D"</span>
                    <h1 class="mt-4 text-xl font-semibold text-slate-900">"Sign in to " <span data-testid="firm-name">{firm_name}</span></h1>
                </div>
                <form data-testid="sign-in-form" novalidate on:submit=submit
                    class="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                    <Field name="email" label="Email" value=email errors kind=FieldKind::Input("email") autocomplete="username"/>
                    <Field name="password" label="Password" value=password errors kind=FieldKind::Input("password") autocomplete="current-password"/>
                    <FormError errors/>
                    <SubmitButton label="Sign in" pending=action.pending() full_width=true/>
                </form>
            </div>
        </div>
    }
}
