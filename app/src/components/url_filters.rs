//! Filters kept in a page's URL query (the matters list, the audit log, the platform
//! dashboard): the query string they make, and the controls that change them.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// The look of a filter's control.
pub const CONTROL: &str = "block max-w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100";

/// A page's filters, as its URL keeps them.
pub trait UrlFilters: Clone + PartialEq + Send + Sync + 'static {
    /// Goes to the first page of what these filters match.
    fn show(self, navigate: &impl Fn(&str, NavigateOptions));
}

/// `path` with `pairs` as its query. The values are escaped the same way on the server and in
/// the browser (unlike `Url::escape`), so the server-rendered links hydrate unchanged.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", escape(value)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// Percent-encodes all but the unreserved characters of a URL.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What changing a filter's control does: go to the first page of what the new value matches.
fn on_change<F: UrlFilters>(
    filters: Memo<F>,
    set: fn(&mut F, String),
) -> impl Fn(leptos::ev::Event) + Clone + 'static {
    let navigate = use_navigate();
    move |ev: leptos::ev::Event| {
        let mut next = filters.get_untracked();
        set(&mut next, event_target_value(&ev));
        next.show(&navigate);
    }
}

/// One of the select filters, with its label above it (or, `quiet`, only for screen readers).
#[component]
pub fn FilterSelect<F: UrlFilters>(
    /// The label.
    label: &'static str,
    /// Its query key.
    name: &'static str,
    /// Its `data-testid`, if tests look for it.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Shows the label to screen readers only (where the options say what the filter is).
    #[prop(optional)]
    quiet: bool,
    /// The page's filters.
    filters: Memo<F>,
    /// `(value, label)` options, the first (empty) one meaning "any" (or the default order).
    options: Vec<(String, String)>,
    /// The filter's current value.
    value: fn(&F) -> String,
    /// Sets the filter.
    set: fn(&mut F, String),
) -> impl IntoView {
    let label_class = if quiet {
        "sr-only"
    } else {
        "mb-1 block text-xs font-medium text-slate-600"
    };
    view! {
        <label class="block">
            <span class=label_class>{label}</span>
            <select name=name data-testid=testid on:change=on_change(filters, set) class=CONTROL>
                {options.into_iter().map(|(v, l)| {
                    let option = v.clone();
                    view! { <option value=v selected=move || filters.with(value) == option>{l}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// A date filter (a whole day on the firm's clock), with its label above it.
#[component]
pub fn FilterDate<F: UrlFilters>(
    /// The visible label.
    label: &'static str,
    /// Its query key.
    name: &'static str,
    /// Its `data-testid`.
    testid: &'static str,
    /// The page's filters.
    filters: Memo<F>,
    /// The filter's current value, `YYYY-MM-DD` or empty.
    value: fn(&F) -> String,
    /// Sets the filter.
    set: fn(&mut F, String),
) -> impl IntoView {
    view! {
        <label class="block">
            <span class="mb-1 block text-xs font-medium text-slate-600">{label}</span>
            // The attribute for the server-rendered page, the property once the user has typed.
            <input type="date" name=name data-testid=testid on:change=on_change(filters, set) class=CONTROL
                value=move || filters.with(value) prop:value=move || filters.with(value)/>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_alike_everywhere() {
        assert_eq!(escape("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(escape("auth.sign_in-x~"), "auth.sign_in-x~");
        assert_eq!(with_query("/audit", &[]), "/audit");
        assert_eq!(
            with_query("/", &[("q", "a b"), ("sort", "storage")]),
            "/?q=a%20b&sort=storage"
        );
    }
}
