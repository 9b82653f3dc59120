use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::SignIn;
use crate::components::{AuthCard, Field, FieldKind, FormError, Notice, SubmitButton};

/// The firm's sign-in page, shown on its host to anyone not signed in.
#[component]
pub fn SignInPage(firm_name: String, #[prop(optional)] platform: bool) -> impl IntoView {
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
    let notice = query.read_untracked().get("reset").map(|_| {
        view! { <Notice message="Your password was changed. Sign in with the new one."/> }
    });
    view! {
        <Title text="Sign in"/>
        <AuthCard title=format!("Sign in to {firm_name}")>
            {notice}
            <form data-testid="sign-in-form" novalidate on:submit=submit class="space-y-4">
                <Field name="email" label="Email" value=email errors kind=FieldKind::Input("email") autocomplete="username"/>
                <Field name="password" label="Password" value=password errors kind=FieldKind::Input("password") autocomplete="current-password"/>
                <FormError errors/>
                <SubmitButton label="Sign in" pending=action.pending() full_width=true/>
            </form>
            {(!platform).then(|| view! {
                <p class="text-center text-sm"><a href="/forgot-password" class="font-medium text-indigo-600 hover:text-indigo-500">"Forgot your password?"</a></p>
            })}
        </AuthCard>
    }
}
