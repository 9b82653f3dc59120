//! The browser entry point: hydrates the server-rendered page and nothing else.

// Without `erase_components` (release builds), hydrating the invoice page's view type nests
// deeper than the compiler's default limit of 128.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
