//! The firm's profile on the settings page: name, address, contact details, time zone and
//! logo, for those who manage settings. A saved name or logo shows in the top bar at once.

use leptos::prelude::*;

use crate::components::{Field, FieldKind, FormError, SubmitButton};
use crate::error::AppError;
use crate::firm_profile::{
    FirmProfile, FirmProfileForm, RemoveLogo, SaveFirmProfile, load_firm_profile, logo_url,
    time_zones,
};
use crate::pages::documents::transfer::Progress;

/// What the top bar shows of the firm, kept up to date by this section: its name and its
/// logo's version.
#[derive(Clone, Copy)]
pub struct FirmLook(pub RwSignal<(String, Option<String>)>);

/// The profile section.
#[component]
pub fn FirmProfileSection() -> impl IntoView {
    let profile = Resource::new(|| (), |_| load_firm_profile());
    let zones = Resource::new(|| (), |_| time_zones());
    view! {
        <section class="space-y-3">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Firm profile"</h2>
                <p class="text-sm text-slate-500">"How your firm appears in Docket, on invoices and at the foot of its mail."</p>
            </div>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading the profile…"</p> }>
                {move || match (profile.get(), zones.get()) {
                    (Some(Ok(p)), Some(Ok(z))) => view! { <ProfileForm profile=p zones=z/> }.into_any(),
                    (Some(Err(err)), _) | (_, Some(Err(err))) => {
                        view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any()
                    }
                    _ => view! { <p class="text-sm text-slate-500">"Loading the profile…"</p> }.into_any(),
                }}
            </Transition>
        </section>
    }
}

#[component]
fn ProfileForm(profile: FirmProfile, zones: Vec<String>) -> impl IntoView {
    let look = use_context::<FirmLook>();
    let name = RwSignal::new(profile.name);
    let address = RwSignal::new(profile.address);
    let contact_email = RwSignal::new(profile.contact_email);
    let phone = RwSignal::new(profile.phone);
    let website = RwSignal::new(profile.website);
    let time_zone = RwSignal::new(profile.time_zone);
    let logo = RwSignal::new(profile.logo);
    let save = ServerAction::<SaveFirmProfile>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = save.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let saved = move || local.get().is_none() && matches!(server.get(), Some(Ok(_)));
    Effect::new(move |_| {
        if let (Some(Ok(p)), Some(look)) = (server.get(), look) {
            look.0.update(|l| l.0 = p.name);
        }
    });
    Effect::new(move |_| {
        if let Some(look) = look {
            let version = logo.get();
            look.0.update(|l| l.1 = version);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = FirmProfileForm {
            name: name.get_untracked(),
            address: address.get_untracked(),
            contact_email: contact_email.get_untracked(),
            phone: phone.get_untracked(),
            website: website.get_untracked(),
            time_zone: time_zone.get_untracked(),
        };
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                save.dispatch(SaveFirmProfile { form });
            }
        }
    };
    let zones = zones
        .into_iter()
        .map(|z| (z.clone(), z.replace('_', " ")))
        .collect::<Vec<_>>();
    view! {
        <div class="grid max-w-4xl gap-4 lg:grid-cols-[1fr_16rem]">
            <form data-testid="firm-profile-form" novalidate on:submit=submit
                class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <div class="grid min-w-0 gap-4 sm:grid-cols-2">
                    <div class="sm:col-span-2">
                        <Field scope="profile" name="name" label="Firm name" value=name errors kind=FieldKind::Input("text")
                            hint="In the top bar, on invoices and as the sender of the firm's mail."/>
                    </div>
                    <div class="sm:col-span-2">
                        <Field scope="profile" name="address" label="Postal address" value=address errors kind=FieldKind::TextArea
                            hint="Printed on invoices and at the foot of mail."/>
                    </div>
                    <Field scope="profile" name="contact_email" label="Contact email" value=contact_email errors kind=FieldKind::Input("email")/>
                    <Field scope="profile" name="phone" label="Telephone" value=phone errors kind=FieldKind::Input("tel")/>
                    <Field scope="profile" name="website" label="Web site" value=website errors kind=FieldKind::Input("text")
                        hint="For example lee.law."/>
                    <Field scope="profile" name="time_zone" label="Time zone" value=time_zone errors kind=FieldKind::Select(zones)
                        hint="Dates and times in Docket and its mail follow it; so does \"today\"."/>
                </div>
                <FormError errors/>
                <div class="flex items-center justify-between gap-3">
                    <p data-testid="firm-profile-status" role="status" class="text-sm text-emerald-700">
                        {move || saved().then_some("Profile saved")}
                    </p>
                    <SubmitButton label="Save profile" pending=save.pending()/>
                </div>
            </form>
            <LogoCard logo/>
        </div>
    }
}

/// The logo: a preview, upload with progress, and removal.
#[component]
fn LogoCard(logo: RwSignal<Option<String>>) -> impl IntoView {
    // Where the last upload stands (`Cancelled` before any).
    let progress = RwSignal::new(Progress::Cancelled);
    let remove = ServerAction::<RemoveLogo>::new();
    Effect::new(move |_| {
        if let Some(Ok(p)) = remove.value().get() {
            logo.set(p.logo);
        }
    });
    // The upload answers with the profile, which holds the new version.
    Effect::new(move |_| {
        if let Progress::Done(body) = progress.get()
            && let Ok(p) = serde_json::from_str::<FirmProfile>(&body)
        {
            logo.set(p.logo);
        }
    });
    let on_pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use crate::firm_profile::{LOGO_MAX_BYTES, logo_too_large};
            use crate::pages::documents::transfer;
            use wasm_bindgen::JsCast;
            let input = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            let files = transfer::picked(input.as_ref().and_then(|i| i.files()));
            if let Some(file) = files.first() {
                if file.size as usize > LOGO_MAX_BYTES {
                    progress.set(Progress::Failed(logo_too_large()));
                } else {
                    transfer::send(file, "/api/firm/logo", progress);
                }
            }
            if let Some(input) = input {
                input.set_value("");
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div data-testid="logo-card" class="space-y-3 self-start rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h3 class="text-sm font-medium text-slate-900">"Logo"</h3>
            <div class="flex h-24 items-center justify-center rounded-md border border-dashed border-slate-300 bg-slate-50">
                {move || match logo.get() {
                    Some(version) => view! {
                        <img data-testid="logo-preview" src=logo_url(&version) alt="The firm's logo" class="max-h-20 max-w-full object-contain"/>
                    }.into_any(),
                    None => view! { <span class="text-sm text-slate-500">"No logo yet"</span> }.into_any(),
                }}
            </div>
            <p class="text-xs text-slate-500">"A PNG of at most 512 KB, shown in the top bar and on invoices."</p>
            <label class="inline-flex cursor-pointer items-center rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">
                {move || if logo.get().is_some() { "Replace logo" } else { "Upload logo" }}
                <input data-testid="logo-input" type="file" accept="image/png" class="sr-only" on:change=on_pick/>
            </label>
            {move || logo.get().is_some().then(|| view! {
                <button type="button" data-testid="logo-remove" on:click=move |_| { remove.dispatch(RemoveLogo {}); }
                    class="ml-2 rounded-md border border-red-200 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50">"Remove"</button>
            })}
            {move || match progress.get() {
                Progress::Sending(fraction) => view! {
                    <div role="progressbar" aria-label="Uploading the logo" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=(fraction * 100.0).round().to_string() class="h-1.5 overflow-hidden rounded-full bg-slate-100">
                        <div class="h-full bg-indigo-600" style=format!("width: {:.0}%", fraction * 100.0)></div>
                    </div>
                }.into_any(),
                Progress::Failed(message) => view! {
                    <p role="alert" data-testid="logo-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
                }.into_any(),
                Progress::Done(_) => view! {
                    <p role="status" data-testid="logo-status" class="text-sm text-emerald-700">"Logo saved"</p>
                }.into_any(),
                Progress::Cancelled => ().into_any(),
            }}
        </div>
    }
}
