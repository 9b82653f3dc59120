use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{AuthCard, Field, FieldKind, FormError, SubmitButton};
use crate::invitations::{AcceptForm, AcceptInvitation, lookup_invitation};

/// `/invitation?token=…`: the invitee sees the firm and role, chooses a name and password, and
/// is signed in.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let info = Resource::new(token, lookup_invitation);
    view! {
        <Title text="Join your firm"/>
        <Suspense fallback=|| view! { <p class="p-8 text-center text-sm text-slate-500">"Opening your invitation…"</p> }>
            {move || info.get().map(|result| match result {
                Ok(info) => view! {
                    <AuthCard title=format!("Join {}", info.firm_name)
                        subtitle=format!("You are invited as {} with the email {}.", info.role, info.email)>
                        <AcceptFormView token=token()/>
                    </AuthCard>
                }.into_any(),
                Err(err) => view! {
                    <AuthCard title="This invitation cannot be used">
                        <p role="alert" data-testid="form-error" class="text-sm text-slate-700">{err.field("role").unwrap_or_else(|| err.to_string())}</p>
                        <p class="text-sm text-slate-500">"Ask whoever invited you to send it again."</p>
                    </AuthCard>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn AcceptFormView(token: String) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let action = ServerAction::<AcceptInvitation>::new();
    let local = RwSignal::new(None);
    let errors = Signal::derive(move || {
        local
            .get()
            .or_else(|| action.value().get().and_then(Result::err))
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            let _ = window().location().assign("/");
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = AcceptForm {
            token: token.clone(),
            name: name.get_untracked(),
            new_password: new.get_untracked(),
            confirm_password: confirm.get_untracked(),
        };
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(()) => {
                local.set(None);
                action.dispatch(AcceptInvitation {
                    token: form.token,
                    name: form.name,
                    new_password: form.new_password,
                    confirm_password: form.confirm_password,
                });
            }
        }
    };
    view! {
        <form data-testid="accept-form" novalidate on:submit=submit class="space-y-4">
            <Field name="name" label="Your name" value=name errors kind=FieldKind::Input("text") autocomplete="name"/>
            <Field name="new_password" label="Password" value=new errors kind=FieldKind::Input("password") autocomplete="new-password"
                hint="At least 12 characters. A few unrelated words make a strong password."/>
            <Field name="confirm_password" label="Password again" value=confirm errors kind=FieldKind::Input("password") autocomplete="new-password"/>
            <FormError errors/>
            // The offered role was deleted after the page opened.
            {move || errors.get().and_then(|e| e.field("role")).map(|message| view! {
                <p role="alert" data-testid="error-role" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <SubmitButton label="Join and sign in" pending=action.pending() full_width=true/>
        </form>
    }
}
