//! Document types shared by server and browser, the rules for a document's name that both run,
//! and how sizes read on screen.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, Validator};

/// How many documents the dashboard's "recent documents" shows.
pub const RECENT_DOCUMENTS: u64 = 10;

/// The longest document name, in bytes of UTF-8 (what file systems allow).
pub const MAX_NAME_BYTES: usize = 255;

/// A document on a matter, as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The document's id.
    pub id: Uuid,
    /// The matter it is filed on.
    pub matter_id: Uuid,
    /// That matter's number.
    pub matter_number: String,
    /// That matter's title.
    pub matter_title: String,
    /// The name it downloads as.
    pub name: String,
    /// Bytes of the current version.
    pub size: u64,
    /// The current version's type, detected from its bytes.
    pub content_type: String,
    /// The current version's number. Versions count from 1 and are never removed one by one, so
    /// this is also how many there are.
    pub version: i32,
    /// When the document last changed (new version, rename or move).
    pub updated_at: DateTime<Utc>,
    /// Who uploaded the current version.
    pub uploaded_by: String,
}

/// One version of a document, for its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentVersion {
    /// The version's id (its download is `/documents/{document}/versions/{id}/download`).
    pub id: Uuid,
    /// 1 for the first upload.
    pub number: i32,
    /// Bytes of the file.
    pub size: u64,
    /// Hex SHA-256 of the file, checked on every download.
    pub sha256: String,
    /// Its type, detected from its bytes.
    pub content_type: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A document in the firm's trash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashedDocument {
    /// The document's id.
    pub id: Uuid,
    /// The matter it was filed on (and returns to when restored).
    pub matter_id: Uuid,
    /// That matter's number.
    pub matter_number: String,
    /// That matter's title.
    pub matter_title: String,
    /// The document's name.
    pub name: String,
    /// How many versions it has.
    pub versions: i32,
    /// Bytes all its versions take: what emptying the trash frees.
    pub stored: u64,
    /// When it was put in the trash.
    pub deleted_at: DateTime<Utc>,
    /// Who put it there.
    pub deleted_by: String,
}

/// Unicode's invisible text-direction controls: U+202E before `fdp.exe` makes `invoice` +
/// U+202E + `fdp.exe` read as `invoiceexe.pdf`.
const BIDI_CONTROLS: [char; 12] = [
    '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
];

/// Why `name` (already trimmed) cannot be a document's name, in words that say what to do;
/// `None` when it can.
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("Give the document a name.")
    } else if name == "." || name == ".." {
        Some("A name cannot be just . or ..; give the document a real name.")
    } else if name.contains(['/', '\\']) {
        Some("A name cannot contain / or \\. Use a dash or a space instead.")
    } else if name.chars().any(char::is_control) {
        Some(
            "A name cannot contain control characters such as line breaks, tabs or NUL; type the name again.",
        )
    } else if name.contains(BIDI_CONTROLS) {
        Some(
            "A name cannot contain invisible text-direction characters (they can disguise a file's real type); type the name again.",
        )
    } else if name.len() > MAX_NAME_BYTES {
        Some(
            "A name can be at most 255 bytes (255 plain letters, fewer with accents or other scripts); shorten it.",
        )
    } else {
        None
    }
}

/// A document's name from what was typed or sent: trimmed, and refused under `field` with
/// [`name_problem`]'s message when it is not acceptable.
pub fn validate_name(field: &str, raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    let mut v = Validator::default();
    if let Some(problem) = name_problem(name) {
        v.reject(field, problem);
    }
    v.finish()?;
    Ok(name.to_string())
}

/// A size as people read it: `512 B`, `3.4 KB`, `12.0 MB`, `1.5 GB` (units of 1024).
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused_with_a_reason() {
        for bad in [
            "",
            "   ",
            ".",
            "..",
            "../etc/passwd",
            "a\\b",
            "a\0b.txt",
            "line\nbreak",
            "tab\there",
            "invoice\u{202E}fdp.exe",
            "a\u{2066}b",
            "mark\u{200F}.pdf",
            &"a".repeat(256),
            &"é".repeat(128),
        ] {
            let err = validate_name("name", bad).unwrap_err();
            assert!(err.field("name").is_some(), "{bad:?} accepted");
        }
    }

    #[test]
    fn good_names_are_trimmed_and_kept() {
        assert_eq!(validate_name("name", "  Brief.pdf ").unwrap(), "Brief.pdf");
        for good in [
            "Résumé 2026 (final).docx",
            "契約書.pdf",
            ".env",
            "a..b",
            &"a".repeat(255),
        ] {
            assert_eq!(validate_name("file", good).unwrap(), good);
        }
    }

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(format_size(0), "0 B");
        assert_eq!(format_size(1023), "1023 B");
        assert_eq!(format_size(1536), "1.5 KB");
        assert_eq!(format_size(2 * 1024 * 1024), "2.0 MB");
        assert_eq!(format_size(3 * 1024 * 1024 * 1024), "3.0 GB");
    }
}
