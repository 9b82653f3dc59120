//! Matter types shared by server and browser, and the validation both run.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, Validator};

/// Page size of the matters list.
pub const MATTERS_PER_PAGE: u64 = 25;

/// The longest matter title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// The longest practice area name, in characters.
pub const MAX_AREA_CHARS: usize = 80;

/// Where a matter stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatterStatus {
    /// Being worked.
    Open,
    /// Waiting (on the client, a court, the other side).
    Pending,
    /// Finished; its close date is set.
    Closed,
}

impl MatterStatus {
    /// Every status, in the order screens list them.
    pub const ALL: [MatterStatus; 3] = [
        MatterStatus::Open,
        MatterStatus::Pending,
        MatterStatus::Closed,
    ];

    /// The stored and form value.
    pub fn as_str(self) -> &'static str {
        match self {
            MatterStatus::Open => "open",
            MatterStatus::Pending => "pending",
            MatterStatus::Closed => "closed",
        }
    }

    /// Parses the stored and form value.
    pub fn parse(value: &str) -> Option<Self> {
        MatterStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// How the status reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            MatterStatus::Open => "Open",
            MatterStatus::Pending => "Pending",
            MatterStatus::Closed => "Closed",
        }
    }
}

/// What a user does on a matter's team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// Runs the matter (the responsible lawyer is always on the team as this).
    Lead,
    /// A lawyer working the matter.
    Lawyer,
    /// A paralegal working the matter.
    Paralegal,
    /// Secretarial or other support.
    Assistant,
}

impl TeamRole {
    /// Every team role, in the order screens list them.
    pub const ALL: [TeamRole; 4] = [
        TeamRole::Lead,
        TeamRole::Lawyer,
        TeamRole::Paralegal,
        TeamRole::Assistant,
    ];

    /// The stored and form value.
    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Lead => "lead",
            TeamRole::Lawyer => "lawyer",
            TeamRole::Paralegal => "paralegal",
            TeamRole::Assistant => "assistant",
        }
    }

    /// Parses the stored and form value.
    pub fn parse(value: &str) -> Option<Self> {
        TeamRole::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// How the role reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            TeamRole::Lead => "Lead lawyer",
            TeamRole::Lawyer => "Lawyer",
            TeamRole::Paralegal => "Paralegal",
            TeamRole::Assistant => "Assistant",
        }
    }
}

/// A matter as one row of the matters list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterRow {
    /// The matter's id.
    pub id: Uuid,
    /// The firm's number for it, `2026-0001`.
    pub number: String,
    /// What the matter is.
    pub title: String,
    /// Its client's id.
    pub client_id: Uuid,
    /// Its client's name.
    pub client_name: String,
    /// Where it stands.
    pub status: MatterStatus,
    /// Its practice area's name, if any.
    pub practice_area: Option<String>,
    /// The responsible lawyer's name, if any.
    pub responsible: Option<String>,
    /// When it was opened.
    pub opened_on: NaiveDate,
}

/// One page of the matters list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterPage {
    /// The matters on this page.
    pub items: Vec<MatterRow>,
    /// This page's number, from 1.
    pub page: u64,
    /// How many pages there are (at least 1).
    pub pages: u64,
    /// How many matters match.
    pub total: u64,
}

/// What the matters list shows: every field is optional (empty or `None` for any).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatterFilter {
    /// Searches number, title and client name (case-insensitive, literal).
    pub q: String,
    /// `open`, `pending`, `closed`, or empty for any.
    pub status: String,
    /// Only this practice area's matters.
    pub practice_area_id: Option<Uuid>,
    /// Only matters this user is responsible for.
    pub responsible_id: Option<Uuid>,
    /// Only this client's matters.
    pub client_id: Option<Uuid>,
    /// Only matters the signed-in user is on the team of.
    pub mine: bool,
}

/// A member of a matter's team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    /// The user's id.
    pub user_id: Uuid,
    /// The user's name.
    pub name: String,
    /// The user's email.
    pub email: String,
    /// What they do on the matter.
    pub role: TeamRole,
}

/// A matter with everything its page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matter {
    /// The matter's id.
    pub id: Uuid,
    /// The firm's number for it, `2026-0001`.
    pub number: String,
    /// What the matter is.
    pub title: String,
    /// Its client's id.
    pub client_id: Uuid,
    /// Its client's name.
    pub client_name: String,
    /// Its practice area, if any.
    pub practice_area_id: Option<Uuid>,
    /// Its practice area's name, if any.
    pub practice_area: Option<String>,
    /// Where it stands.
    pub status: MatterStatus,
    /// When it was opened.
    pub opened_on: NaiveDate,
    /// When it was closed (only while closed).
    pub closed_on: Option<NaiveDate>,
    /// Free-form description.
    pub description: String,
    /// The responsible lawyer, if any.
    pub responsible_id: Option<Uuid>,
    /// The responsible lawyer's name.
    pub responsible: Option<String>,
    /// The originating lawyer (who brought the work in), if any.
    pub originating_id: Option<Uuid>,
    /// The originating lawyer's name.
    pub originating: Option<String>,
    /// The team, lead lawyers first, then by name.
    pub team: Vec<TeamMember>,
}

/// One thing that happened on a matter, for its Activity tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityItem {
    /// When.
    pub at: DateTime<Utc>,
    /// Who did it, when the record says.
    pub who: Option<String>,
    /// What happened, in words that follow the name.
    pub what: String,
}

/// The longest reason for an ethical wall, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// An ethical wall: a user screened from a matter, in force until lifted, kept after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screen {
    /// The screened user's id.
    pub user_id: Uuid,
    /// The screened user's name.
    pub name: String,
    /// Why, as the admin recorded it.
    pub reason: String,
    /// Who put the screen up.
    pub screened_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Who lifted it, and when (`None` while in force).
    pub lifted: Option<(String, DateTime<Utc>)>,
}

/// Checks a wall's reason: 1 to [`MAX_REASON_CHARS`] characters, trimmed.
pub fn validate_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    let length = reason.chars().count();
    let mut v = Validator::default();
    if length == 0 || length > MAX_REASON_CHARS {
        v.reject(
            "reason",
            format!("Record why, in 1 to {MAX_REASON_CHARS} characters."),
        );
    }
    v.finish()?;
    Ok(reason.to_string())
}

/// A choice in a picker: an id and the name people read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The id.
    pub id: Uuid,
    /// The name people read.
    pub name: String,
}

/// What the matter forms and filters offer: the firm's active users (for the lawyers and the
/// team) and its practice areas, both by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterOptions {
    /// Active users of the firm.
    pub users: Vec<Choice>,
    /// The firm's practice areas.
    pub practice_areas: Vec<Choice>,
}

/// The matter form as submitted: ids as strings, empty for none; the date as `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatterForm {
    /// What the matter is.
    pub title: String,
    /// The practice area's id, or empty.
    pub practice_area_id: String,
    /// `open`, `pending` or `closed` (a new matter is always open).
    pub status: String,
    /// The date opened, `YYYY-MM-DD`.
    pub opened_on: String,
    /// Free-form description.
    pub description: String,
    /// The responsible lawyer's user id, or empty.
    pub responsible_id: String,
    /// The originating lawyer's user id, or empty.
    pub originating_id: String,
}

/// A matter form that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMatter {
    /// Trimmed title.
    pub title: String,
    /// The practice area, if any.
    pub practice_area_id: Option<Uuid>,
    /// The status.
    pub status: MatterStatus,
    /// The date opened.
    pub opened_on: NaiveDate,
    /// Trimmed description.
    pub description: String,
    /// The responsible lawyer, if any.
    pub responsible_id: Option<Uuid>,
    /// The originating lawyer, if any.
    pub originating_id: Option<Uuid>,
}

impl MatterForm {
    /// Checks the form: the checks the browser can make before sending. The server makes them
    /// again and also checks that the ids name rows of the firm.
    pub fn validate(&self) -> Result<ValidMatter, AppError> {
        let mut v = Validator::default();
        let title = self.title.trim();
        let length = title.chars().count();
        if length == 0 || length > MAX_TITLE_CHARS {
            v.reject(
                "title",
                format!("Give the matter a title of 1 to {MAX_TITLE_CHARS} characters."),
            );
        }
        let status = MatterStatus::parse(&self.status);
        if status.is_none() {
            v.reject("status", "Choose open, pending or closed.");
        }
        let opened_on = NaiveDate::parse_from_str(self.opened_on.trim(), "%Y-%m-%d").ok();
        if opened_on.is_none() {
            v.reject("opened_on", "Enter the date the matter was opened.");
        }
        let practice_area_id = optional_id(&mut v, "practice_area_id", &self.practice_area_id);
        let responsible_id = optional_id(&mut v, "responsible_id", &self.responsible_id);
        let originating_id = optional_id(&mut v, "originating_id", &self.originating_id);
        if self.description.chars().count() > 10_000 {
            v.reject(
                "description",
                "Keep the description under 10,000 characters.",
            );
        }
        v.finish()?;
        Ok(ValidMatter {
            title: title.to_string(),
            practice_area_id,
            status: status.unwrap_or(MatterStatus::Open),
            opened_on: opened_on.unwrap_or_default(),
            description: self.description.trim().to_string(),
            responsible_id,
            originating_id,
        })
    }
}

/// An optional id from a form: empty is none; anything else must be a UUID.
fn optional_id(v: &mut Validator, field: &str, raw: &str) -> Option<Uuid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let id = Uuid::parse_str(raw).ok();
    if id.is_none() {
        v.reject(field, "Choose one of the listed names.");
    }
    id
}

/// Checks a practice area's name: 1 to [`MAX_AREA_CHARS`] characters, trimmed.
pub fn validate_area_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    let length = name.chars().count();
    let mut v = Validator::default();
    if length == 0 || length > MAX_AREA_CHARS {
        v.reject(
            "name",
            format!("Give the practice area a name of 1 to {MAX_AREA_CHARS} characters."),
        );
    }
    v.finish()?;
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MatterForm {
        MatterForm {
            title: "  Smith v Jones ".into(),
            status: "open".into(),
            opened_on: "2026-11-23".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_form_is_trimmed_and_parsed() {
        let valid = form().validate().unwrap();
        assert_eq!(valid.title, "Smith v Jones");
        assert_eq!(valid.status, MatterStatus::Open);
        assert_eq!(
            valid.opened_on,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(valid.responsible_id, None);
    }

    #[test]
    fn each_bad_field_is_named() {
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        type Change = fn(&mut MatterForm, &str);
        let cases: [(&str, Change); 6] = [
            ("title", |f, _| f.title = " ".into()),
            ("title", |f, long| f.title = long.into()),
            ("status", |f, _| f.status = "archived".into()),
            ("opened_on", |f, _| f.opened_on = "23/11/2026".into()),
            ("responsible_id", |f, _| f.responsible_id = "me".into()),
            ("practice_area_id", |f, _| f.practice_area_id = "x".into()),
        ];
        for (field, change) in cases {
            let mut f = form();
            change(&mut f, &long);
            let err = f.validate().unwrap_err();
            assert!(err.field(field).is_some(), "{field}: {err:?}");
        }
        assert!(validate_area_name("  ").is_err());
        assert_eq!(validate_area_name(" Litigation ").unwrap(), "Litigation");
    }

    #[test]
    fn stored_values_round_trip() {
        for s in MatterStatus::ALL {
            assert_eq!(MatterStatus::parse(s.as_str()), Some(s));
        }
        for r in TeamRole::ALL {
            assert_eq!(TeamRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(MatterStatus::parse("Open"), None);
    }
}
