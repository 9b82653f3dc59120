//! Sending one file to the upload route with `XMLHttpRequest`, which (unlike `fetch`) reports
//! upload progress. Browser only; on the server there is nothing to send.

use leptos::prelude::*;

/// Where one upload stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// Sending: the fraction sent so far, 0 to 1.
    Sending(f64),
    /// Stored; the server's answer (JSON). Only the browser sends, so only it makes this.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Done(String),
    /// Refused or failed, with what to tell the user.
    Failed(String),
    /// Cancelled by the user.
    Cancelled,
}

/// A file to upload: its name and size as the browser gives them, and the file itself in the
/// browser.
#[derive(Clone)]
pub struct Picked {
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The file (browser only).
    #[cfg(feature = "hydrate")]
    pub file: web_sys::File,
}

/// The files of a file list (from an `<input type=file>` or a drop).
#[cfg(feature = "hydrate")]
pub fn picked(files: Option<web_sys::FileList>) -> Vec<Picked> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|i| files.get(i))
        .map(|file| Picked {
            name: file.name(),
            size: file.size() as u64,
            file,
        })
        .collect()
}

/// Starts sending `file` to `url`, reporting into `progress`; returns a function that aborts
/// it. The handlers live as long as the page (they are small, one set per file).
#[cfg(feature = "hydrate")]
pub fn send(file: &Picked, url: &str, progress: RwSignal<Progress>) -> Option<Box<dyn Fn()>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let xhr = web_sys::XmlHttpRequest::new().ok()?;
    xhr.open_with_async("POST", url, true).ok()?;
    let name: String = js_sys::encode_uri_component(&file.name).into();
    xhr.set_request_header("x-file-name", &name).ok()?;

    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Progress::Sending(e.loaded() / e.total()));
            }
        });
    xhr.upload()
        .ok()?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();

    let answered = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let status = answered.status().unwrap_or(0);
        let body = answered.response_text().ok().flatten().unwrap_or_default();
        progress.set(if (200..300).contains(&status) {
            Progress::Done(body)
        } else {
            Progress::Failed(refusal(&body))
        });
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();

    let on_error = Closure::<dyn FnMut()>::new(move || {
        progress.set(Progress::Failed(
            "The upload did not reach Docket. Check your connection and try again.".into(),
        ))
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();

    xhr.send_with_opt_blob(Some(&file.file)).ok()?;
    progress.set(Progress::Sending(0.0));
    Some(Box::new(move || {
        let _ = xhr.abort();
    }))
}

/// Outside the browser there is nothing to send.
#[cfg(not(feature = "hydrate"))]
pub fn send(_file: &Picked, _url: &str, _progress: RwSignal<Progress>) -> Option<Box<dyn Fn()>> {
    None
}

/// What to tell the user about a refused upload, from the server's typed error.
#[cfg(feature = "hydrate")]
fn refusal(body: &str) -> String {
    match serde_json::from_str::<crate::error::AppError>(body) {
        Ok(err) => err.field("file").unwrap_or_else(|| err.in_words()),
        Err(_) => "The upload failed. Try again in a moment.".into(),
    }
}
