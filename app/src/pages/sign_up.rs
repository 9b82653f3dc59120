//! `/signup` on the public site: a new firm in one form, with a live subdomain check.

use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;

use super::not_found::NotFound;
use crate::components::{AuthCard, Field, FieldKind, FormError, Notice, SubmitButton};
use crate::error::AppError;
use crate::signup::{SignUp, SignUpForm, SlugCheck, check_slug};
use crate::site::{SiteInfo, use_site};

/// A subdomain suggested from the firm's name: lowercase ASCII letters and digits, words joined
/// by hyphens, at most 40 characters.
pub fn suggest_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        let folded = match c {
            'à'..='å' => "a",
            'ç' => "c",
            'è'..='ë' => "e",
            'ì'..='ï' => "i",
            'ñ' => "n",
            'ò'..='ö' | 'ø' => "o",
            'ù'..='ü' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            _ => "",
        };
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !folded.is_empty() {
            slug.push_str(folded);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(40);
    slug.trim_matches('-').to_string()
}

/// The sign-up page (public site only).
#[component]
pub fn SignUpPage() -> impl IntoView {
    if use_site() != SiteInfo::Public {
        return view! { <NotFound/> }.into_any();
    }
    let name = RwSignal::new(String::new());
    let slug = RwSignal::new(String::new());
    let slug_edited = RwSignal::new(false);
    let admin_name = RwSignal::new(String::new());
    let admin_email = RwSignal::new(String::new());
    let admin_password = RwSignal::new(String::new());
    let currency = RwSignal::new("USD".to_string());
    let currencies: Vec<(String, String)> = crate::billing::money::CURRENCIES
        .iter()
        .map(|c| (c.code.to_string(), format!("{} ({})", c.name, c.code)))
        .collect();
    let action = ServerAction::<SignUp>::new();
    let form = move || SignUpForm {
        name: name.get(),
        slug: slug.get(),
        admin_name: admin_name.get(),
        admin_email: admin_email.get(),
        admin_password: admin_password.get(),
        currency: currency.get(),
    };
    // After the first attempt, the form's own checks follow the typing; the server's answer
    // shows until the next attempt.
    let tried = RwSignal::new(false);
    let errors = Signal::derive(move || {
        let local: Option<AppError> = if tried.get() {
            form().validate().err()
        } else {
            None
        };
        local.or_else(|| action.value().get().and_then(Result::err))
    });

    // The subdomain follows the firm's name until the person edits it.
    Effect::new(move |_| {
        let suggested = suggest_slug(&name.get());
        if !slug_edited.get_untracked() {
            slug.set(suggested);
        }
    });
    // Checked a moment after typing stops, not on every key.
    let checked = RwSignal::new(None::<SlugCheck>);
    Effect::new(move |_| {
        let wanted = slug.get();
        if wanted.is_empty() {
            checked.set(None);
            return;
        }
        set_timeout(
            move || {
                if slug.get_untracked() != wanted {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(check) = check_slug(wanted.clone()).await
                        && slug.get_untracked() == wanted
                    {
                        checked.set(Some(check));
                    }
                });
            },
            Duration::from_millis(300),
        );
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let form = untrack(form);
        if form.validate().is_ok() {
            action.dispatch(SignUp {
                name: form.name,
                slug: form.slug,
                admin_name: form.admin_name,
                admin_email: form.admin_email,
                admin_password: form.admin_password,
                currency: form.currency,
            });
        }
    };
    let done = move || action.value().get().and_then(Result::ok);
    view! {
        <Title text="Sign up your firm"/>
        <AuthCard title="Sign up your firm" subtitle="Your firm gets its own private workspace at its own address." wide=true>
            <Show when=move || done().is_some() fallback=move || view! {
                <form data-testid="sign-up-form" novalidate on:submit=submit class="space-y-4">
                    <Field name="name" label="Firm name" value=name errors kind=FieldKind::Input("text") autocomplete="organization"/>
                    <div class="space-y-1" on:input=move |_| slug_edited.set(true)>
                        <Field name="slug" label="Address" value=slug errors kind=FieldKind::Input("text") autocomplete="off"/>
                        {move || checked.get().filter(|c| c.slug == slug.get() && errors.get().and_then(|e| e.field("slug")).is_none()).map(|c| {
                            let class = if c.available { "text-xs text-emerald-700" } else { "text-xs text-red-600" };
                            view! { <p data-testid="slug-check" class=class>{c.message}</p> }
                        })}
                    </div>
                    <div class="grid gap-4 sm:grid-cols-2">
                        <Field name="admin_name" label="Your name" value=admin_name errors kind=FieldKind::Input("text") autocomplete="name"/>
                        <Field name="admin_email" label="Your work email" value=admin_email errors kind=FieldKind::Input("email") autocomplete="email"/>
                    </div>
                    <Field name="admin_password" label="Password" value=admin_password errors kind=FieldKind::Input("password") autocomplete="new-password"
                        hint="At least 12 characters. A few unrelated words make a strong password."/>
                    <Field name="currency" label="Billing currency" value=currency errors kind=FieldKind::Select(currencies.clone())
                        hint="Invoices, rates and trust are kept in it. It is fixed once the first invoice is issued."/>
                    <FormError errors/>
                    <SubmitButton label="Create my firm" pending=action.pending() full_width=true/>
                </form>
            }>
                <Notice message=format!(
                    "Check your inbox: we sent a link to {}. Open it within 24 hours to confirm your email and open your firm.",
                    done().unwrap_or_default()
                )/>
            </Show>
        </AuthCard>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_suggested_from_the_firm_name() {
        assert_eq!(super::suggest_slug("Smith & Jones, LLP"), "smith-jones-llp");
        assert_eq!(super::suggest_slug("  Müller Légal  "), "muller-legal");
        assert_eq!(super::suggest_slug("!!!"), "");
    }
}
