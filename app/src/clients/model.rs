//! Client types shared by server and browser, and the validation both run.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, Validator, is_plausible_email};

/// Page size of the clients list.
pub const CLIENTS_PER_PAGE: u64 = 25;

/// Whether a client is a natural person or an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    /// A natural person.
    Person,
    /// A company or other organisation.
    Company,
}

impl ClientKind {
    /// The stored and form value.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientKind::Person => "person",
            ClientKind::Company => "company",
        }
    }

    /// Parses the stored and form value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "person" => Some(ClientKind::Person),
            "company" => Some(ClientKind::Company),
            _ => None,
        }
    }

    /// How the kind reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            ClientKind::Person => "Person",
            ClientKind::Company => "Company",
        }
    }
}

/// A client as the screens show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    /// The client's id (UUIDv7).
    pub id: Uuid,
    /// Full name or company name.
    pub name: String,
    /// Contact email, if known.
    pub email: Option<String>,
    /// Contact phone number, if known.
    pub phone: Option<String>,
    /// Person or company.
    pub kind: ClientKind,
    /// Free-form notes.
    pub notes: String,
    /// The postal address, one line per line (empty if unknown).
    pub address: String,
    /// The firm's labels on the client, lower-cased, sorted.
    pub tags: Vec<String>,
    /// When the client was added.
    pub created_at: DateTime<Utc>,
}

/// One page of the clients list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    /// The clients on this page.
    pub items: Vec<Client>,
    /// This page's number, from 1.
    pub page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
    /// How many clients match the search.
    pub total: u64,
}

/// The client form as typed, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientForm {
    /// Name as typed.
    pub name: String,
    /// Email as typed.
    pub email: String,
    /// Phone as typed.
    pub phone: String,
    /// `person` or `company`.
    pub kind: String,
    /// Notes as typed.
    pub notes: String,
    /// The postal address as typed.
    #[serde(default)]
    pub address: String,
    /// Tags as typed, separated by commas.
    #[serde(default)]
    pub tags: String,
}

/// A validated, normalised client form, ready to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidClient {
    /// Trimmed name.
    pub name: String,
    /// Trimmed, lower-cased email, or none.
    pub email: Option<String>,
    /// Trimmed phone, or none.
    pub phone: Option<String>,
    /// Person or company.
    pub kind: ClientKind,
    /// Trimmed notes.
    pub notes: String,
    /// Trimmed address.
    pub address: String,
    /// Tags: trimmed, lower-cased, without duplicates, sorted.
    pub tags: Vec<String>,
}

const NAME_MAX: usize = 200;
const PHONE_MAX: usize = 32;
const NOTES_MAX: usize = 10_000;
const ADDRESS_MAX: usize = 500;
/// The longest tag, in characters.
pub const TAG_MAX: usize = 40;
/// How many tags one client may have.
pub const TAGS_MAX: usize = 20;

/// How the clients list is ordered (`?sort=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClientSort {
    /// By name, A to Z (the default).
    Name,
    /// By name, Z to A.
    NameDescending,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

impl ClientSort {
    /// Every order, as the sort picker lists them.
    pub const ALL: [ClientSort; 4] = [
        ClientSort::Name,
        ClientSort::NameDescending,
        ClientSort::Newest,
        ClientSort::Oldest,
    ];

    /// The `?sort=` value (empty for the default).
    pub fn as_str(self) -> &'static str {
        match self {
            ClientSort::Name => "",
            ClientSort::NameDescending => "name-desc",
            ClientSort::Newest => "newest",
            ClientSort::Oldest => "oldest",
        }
    }

    /// The order a `?sort=` value names; by name for anything else.
    pub fn parse(value: &str) -> ClientSort {
        ClientSort::ALL
            .into_iter()
            .find(|s| s.as_str() == value)
            .unwrap_or(ClientSort::Name)
    }

    /// How the order reads in the picker.
    pub fn label(self) -> &'static str {
        match self {
            ClientSort::Name => "Name, A to Z",
            ClientSort::NameDescending => "Name, Z to A",
            ClientSort::Newest => "Newest first",
            ClientSort::Oldest => "Oldest first",
        }
    }
}

/// The tags of a comma-separated list: trimmed, lower-cased, without empty ones or duplicates,
/// sorted.
pub fn split_tags(typed: &str) -> Vec<String> {
    let mut tags: Vec<String> = typed
        .split(',')
        .map(|t| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

impl ClientForm {
    /// Checks every field and returns the normalised client, or a message per wrong field.
    pub fn validate(&self) -> Result<ValidClient, AppError> {
        let mut v = Validator::default();
        let name = self.name.trim();
        if name.is_empty() {
            v.reject("name", "Enter the client's name.");
        } else if name.chars().count() > NAME_MAX {
            v.reject(
                "name",
                format!("Shorten the name to {NAME_MAX} characters or fewer."),
            );
        }
        let email = self.email.trim().to_lowercase();
        if !email.is_empty() && !is_plausible_email(&email) {
            v.reject(
                "email",
                "Enter an email address like name@example.com, or leave it empty.",
            );
        }
        let phone = self.phone.trim();
        if !phone.is_empty() && !is_plausible_phone(phone) {
            v.reject(
                "phone",
                format!("Enter a phone number of up to {PHONE_MAX} digits, spaces and + - ( ) . characters, or leave it empty."),
            );
        }
        let kind = ClientKind::parse(self.kind.trim());
        if kind.is_none() {
            v.reject(
                "kind",
                "Choose whether the client is a person or a company.",
            );
        }
        let notes = self.notes.trim();
        if notes.chars().count() > NOTES_MAX {
            v.reject(
                "notes",
                format!("Shorten the notes to {NOTES_MAX} characters or fewer."),
            );
        }
        let address = self.address.trim();
        if address.chars().count() > ADDRESS_MAX {
            v.reject(
                "address",
                format!("Shorten the address to {ADDRESS_MAX} characters or fewer."),
            );
        }
        let tags = split_tags(&self.tags);
        if tags.len() > TAGS_MAX {
            v.reject("tags", format!("Use at most {TAGS_MAX} tags."));
        } else if let Some(bad) = tags.iter().find(|t| {
            t.chars().count() > TAG_MAX
                || !t
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '&' | '.'))
        }) {
            v.reject(
                "tags",
                format!("\"{bad}\" cannot be a tag: use up to {TAG_MAX} letters, digits, spaces and - _ & . characters, and commas between tags."),
            );
        }
        v.finish()?;
        Ok(ValidClient {
            name: name.to_string(),
            email: (!email.is_empty()).then_some(email),
            phone: (!phone.is_empty()).then(|| phone.to_string()),
            kind: kind.unwrap_or(ClientKind::Person),
            notes: notes.to_string(),
            address: address.to_string(),
            tags,
        })
    }
}

fn is_plausible_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    phone.len() <= PHONE_MAX
        && digits >= 3
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, phone: &str, kind: &str) -> ClientForm {
        ClientForm {
            name: name.into(),
            email: email.into(),
            phone: phone.into(),
            kind: kind.into(),
            ..Default::default()
        }
    }

    #[test]
    fn accepts_and_normalises_a_good_client() {
        let valid = form(
            "  Ada Lovelace ",
            " Ada@Example.COM ",
            " +44 20 7946 0958 ",
            "person",
        )
        .validate()
        .unwrap();
        assert_eq!(valid.name, "Ada Lovelace");
        assert_eq!(valid.email.as_deref(), Some("ada@example.com"));
        assert_eq!(valid.phone.as_deref(), Some("+44 20 7946 0958"));
        assert_eq!(valid.kind, ClientKind::Person);
    }

    #[test]
    fn empty_optional_fields_become_none() {
        let valid = form("Acme GmbH", "", "  ", "company").validate().unwrap();
        assert_eq!(valid.email, None);
        assert_eq!(valid.phone, None);
    }

    #[test]
    fn reports_every_wrong_field_by_name() {
        let err = form(" ", "not-an-email", "call me", "robot")
            .validate()
            .unwrap_err();
        for field in ["name", "email", "phone", "kind"] {
            assert!(
                err.field(field).is_some(),
                "no message for {field}: {err:?}"
            );
        }
        assert!(err.field("notes").is_none());
    }

    #[test]
    fn tags_are_normalised_and_bad_ones_named() {
        let mut f = form("Acme", "", "", "company");
        f.tags = " VIP,  estate   planning ,vip,, ".into();
        assert_eq!(f.validate().unwrap().tags, ["estate planning", "vip"]);
        f.tags = "ok, no<script>".into();
        let err = f.validate().unwrap_err().field("tags").unwrap();
        assert!(err.contains("no<script>"), "{err}");
        f.tags = (0..=TAGS_MAX)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(f.validate().is_err());
        assert_eq!(ClientSort::parse("newest"), ClientSort::Newest);
        assert_eq!(ClientSort::parse("bogus"), ClientSort::Name);
    }

    #[test]
    fn rejects_over_long_names() {
        let long = "x".repeat(NAME_MAX + 1);
        assert!(
            form(&long, "", "", "person")
                .validate()
                .unwrap_err()
                .field("name")
                .is_some()
        );
    }
}
