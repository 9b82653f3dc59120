//! What is said about a file: its name as the browser sends it, its type as its bytes show it,
//! and the `Content-Disposition` it downloads with. Names follow the rules of
//! [`crate::documents::name_problem`], shared with the browser.

use http::HeaderValue;

use crate::documents::validate_name;
use crate::error::{AppError, FieldError};

/// The type of text that is not one `infer` knows.
pub const TEXT: &str = "text/plain; charset=utf-8";

/// The type of anything else.
pub const BINARY: &str = "application/octet-stream";

/// The name of an uploaded file from its percent-encoded `x-file-name` header (what
/// `encodeURIComponent` makes), checked like any document name; refused under `file`.
pub fn upload_name(header: Option<&HeaderValue>) -> Result<String, AppError> {
    let raw = header.map(|value| value.to_str().map(percent_decode));
    match raw {
        None => validate_name("file", ""),
        Some(Ok(Some(name))) => validate_name("file", &name),
        Some(_) => Err(AppError::Invalid(vec![FieldError {
            field: "file".into(),
            message: "The file's name could not be read; rename the file and upload it again."
                .into(),
        }])),
    }
}

/// `%XX` escapes decoded, everything else kept; `None` for a broken escape or bytes that are not
/// UTF-8.
fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The type of a file from its first bytes (`head`; `whole` when that is the entire file):
/// what `infer` recognises, else UTF-8 text without NUL, else binary.
pub fn content_type(head: &[u8], whole: bool) -> String {
    if let Some(kind) = infer::get(head) {
        return kind.mime_type().to_string();
    }
    let text = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut off by the end of a head that is not the whole file.
        Err(e) => !whole && e.error_len().is_none(),
    };
    if text && !head.contains(&0) {
        TEXT.to_string()
    } else {
        BINARY.to_string()
    }
}

/// `attachment` with the name as an ASCII fallback (accents transliterated, anything unsafe
/// replaced) and in full as RFC 5987 `filename*=UTF-8''...`.
pub fn attachment(name: &str) -> HeaderValue {
    let fallback: String = deunicode::deunicode(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()+,&@!#$=~[]'".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let fallback = if fallback.trim_matches(['.', ' ', '_']).is_empty() {
        "download".to_string()
    } else {
        fallback
    };
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    let value = format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}");
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(raw: &str) -> Result<String, AppError> {
        upload_name(Some(&HeaderValue::from_str(raw).unwrap()))
    }

    #[test]
    fn names_are_decoded_then_checked() {
        assert_eq!(
            named("R%C3%A9sum%C3%A9%20(final).pdf").unwrap(),
            "Résumé (final).pdf"
        );
        assert_eq!(named("a+b.txt").unwrap(), "a+b.txt");
        for bad in [
            "..%2Fetc%2Fpasswd",
            "a%00b",
            "invoice%E2%80%AEfdp.exe",
            "%zz",
            "%C3",
            "%",
        ] {
            let err = named(bad).unwrap_err();
            assert!(err.field("file").is_some(), "{bad} accepted");
        }
        assert!(upload_name(None).unwrap_err().field("file").is_some());
    }

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(content_type(b"%PDF-1.7\n...", true), "application/pdf");
        assert_eq!(
            content_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", true),
            "image/png"
        );
        assert_eq!(content_type("Grüße, Anna".as_bytes(), true), TEXT);
        assert_eq!(content_type(b"", true), TEXT);
        assert_eq!(content_type(b"text\0with nul", true), BINARY);
        assert_eq!(content_type(&[0x41, 0xff, 0x41], true), BINARY);
        // A head cut inside "é" is still text when more follows, not when it is all there is.
        assert_eq!(content_type(&"abcé".as_bytes()[..4], false), TEXT);
        assert_eq!(content_type(&"abcé".as_bytes()[..4], true), BINARY);
    }

    #[test]
    fn attachments_carry_a_safe_fallback_and_the_full_name() {
        let value = attachment("Résumé 2026 (final).pdf");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"Resume 2026 (final).pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026%20%28final%29.pdf"
        );
        let value = attachment("a\"b;c%.txt");
        assert_eq!(
            value.to_str().unwrap(),
            "attachment; filename=\"a_b_c_.txt\"; filename*=UTF-8''a%22b%3Bc%25.txt"
        );
        let value = attachment("契約.pdf");
        assert!(
            value
                .to_str()
                .unwrap()
                .contains("filename*=UTF-8''%E5%A5%91")
        );
    }
}
