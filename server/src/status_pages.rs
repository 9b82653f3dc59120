//! Small stand-alone pages for answers given before the app renders (unknown host, suspended
//! firm, outage). They use the app's stylesheet when it is there and read fine without it.

use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;

/// A full HTML page with a status, a heading and one paragraph.
pub fn status_page(status: StatusCode, title: &str, message: &str) -> Response {
    let (title, message) = (escape(title), escape(message));
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Docket</title><link rel="stylesheet" href="/pkg/docket.css"></head>
<body class="min-h-screen bg-slate-50 text-slate-900 antialiased"><main class="mx-auto max-w-md px-6 py-24 text-center">
<p class="text-sm font-semibold text-indigo-600">Docket · {code}</p>
<h1 class="mt-2 text-2xl font-semibold">{title}</h1>
<p class="mt-3 text-sm text-slate-600">{message}</p></main></body></html>"#,
        code = status.as_u16()
    );
    (status, Html(html)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped() {
        assert_eq!(
            super::escape("<b>\"O'Neil & Co\"</b>"),
            "&lt;b&gt;&quot;O&#39;Neil &amp; Co&quot;&lt;/b&gt;"
        );
    }
}
