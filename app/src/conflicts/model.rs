//! Related parties and conflict-check types shared by server and browser, and the validation
//! both run.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, Validator};

/// The longest party name, in characters.
pub const MAX_PARTY_CHARS: usize = 200;

/// The longest reason for a waiver, in characters.
pub const MAX_WAIVER_CHARS: usize = 1000;

/// How many names one check may search.
pub const MAX_NAMES: usize = 50;

/// How many hits a check shows at most; more means the names are too broad.
pub const MAX_HITS: usize = 200;

/// How a related party is involved in a matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// The other side.
    OpposingParty,
    /// The other side's lawyer or firm.
    OpposingCounsel,
    /// A witness.
    Witness,
    /// Anyone else involved (a co-defendant, an insurer, an expert).
    Other,
}

impl PartyRole {
    /// Every role, in the order screens list them.
    pub const ALL: [PartyRole; 4] = [
        PartyRole::OpposingParty,
        PartyRole::OpposingCounsel,
        PartyRole::Witness,
        PartyRole::Other,
    ];

    /// The stored and form value.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::OpposingParty => "opposing_party",
            PartyRole::OpposingCounsel => "opposing_counsel",
            PartyRole::Witness => "witness",
            PartyRole::Other => "other",
        }
    }

    /// Parses the stored and form value.
    pub fn parse(value: &str) -> Option<Self> {
        PartyRole::ALL.into_iter().find(|r| r.as_str() == value)
    }

    /// How the role reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            PartyRole::OpposingParty => "Opposing party",
            PartyRole::OpposingCounsel => "Opposing counsel",
            PartyRole::Witness => "Witness",
            PartyRole::Other => "Other party",
        }
    }
}

/// A related party of a matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The party's id.
    pub id: Uuid,
    /// The name as entered.
    pub name: String,
    /// How they are involved.
    pub role: PartyRole,
}

/// A related party as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartyForm {
    /// The name as typed.
    pub name: String,
    /// A [`PartyRole`] stored name.
    pub role: String,
}

impl PartyForm {
    /// Checks the party: a name of 1 to [`MAX_PARTY_CHARS`] characters and a known role. Errors
    /// are reported on `{prefix}name` and `{prefix}role`.
    pub fn validate_as(&self, prefix: &str) -> Result<(String, PartyRole), AppError> {
        let mut v = Validator::default();
        let name = self.name.trim();
        let length = name.chars().count();
        if length == 0 || length > MAX_PARTY_CHARS {
            v.reject(
                &format!("{prefix}name"),
                format!("Enter the party's name, 1 to {MAX_PARTY_CHARS} characters."),
            );
        }
        let role = PartyRole::parse(&self.role);
        if role.is_none() {
            v.reject(
                &format!("{prefix}role"),
                "Choose how the party is involved.",
            );
        }
        v.finish()?;
        Ok((name.to_string(), role.unwrap_or(PartyRole::Other)))
    }
}

/// Where a conflict hit was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitSource {
    /// One of the firm's clients.
    Client,
    /// A related party of a matter.
    Party,
    /// A matter's title.
    MatterTitle,
}

/// The matter a hit belongs to, as far as the searcher may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HitMatter {
    /// A matter the searcher may open.
    Visible {
        /// The matter's id.
        id: Uuid,
        /// Its number.
        number: String,
        /// Its title.
        title: String,
    },
    /// A matter the searcher may not see (not on its team, or screened): only that it exists.
    Restricted,
}

/// One possible conflict: a stored name that matches a searched one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictHit {
    /// The searched name it matched, as given.
    pub searched: String,
    /// Where it was found.
    pub source: HitSource,
    /// The client's id, for client hits.
    pub client_id: Option<Uuid>,
    /// The party's role, for party hits.
    pub role: Option<PartyRole>,
    /// The matter, for party and title hits.
    pub matter: Option<HitMatter>,
    /// The stored name or title that matched (withheld for a restricted matter's title).
    pub found: String,
}

impl ConflictHit {
    /// Where the hit comes from, in words: "Client", "Opposing party on 2026-0004 Smith v
    /// Jones", "Title of a matter you cannot see".
    pub fn describe(&self) -> String {
        let on = match &self.matter {
            Some(HitMatter::Visible { number, title, .. }) => format!("{number} {title}"),
            Some(HitMatter::Restricted) => "a matter you cannot see".into(),
            None => String::new(),
        };
        match self.source {
            HitSource::Client => "Client".into(),
            HitSource::Party => {
                format!("{} on {on}", self.role.unwrap_or(PartyRole::Other).label())
            }
            HitSource::MatterTitle => format!("Title of {on}"),
        }
    }
}

/// What a conflict search found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictResults {
    /// The names searched, cleaned up.
    pub names: Vec<String>,
    /// The hits, clients first, then parties, then titles (at most [`MAX_HITS`]).
    pub hits: Vec<ConflictHit>,
    /// Whether there were more than [`MAX_HITS`].
    pub truncated: bool,
}

/// What the user decided about a check's hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Reviewed: no conflict.
    Clear,
    /// A conflict, or a possible one, waived for the recorded reason.
    Waived,
}

impl Decision {
    /// The stored and form value.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Clear => "clear",
            Decision::Waived => "waived",
        }
    }

    /// Parses the stored and form value.
    pub fn parse(value: &str) -> Option<Self> {
        [Decision::Clear, Decision::Waived]
            .into_iter()
            .find(|d| d.as_str() == value)
    }

    /// How the decision reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Clear => "Cleared",
            Decision::Waived => "Waived",
        }
    }
}

/// A recorded conflict check of a matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictCheck {
    /// The check's id.
    pub id: Uuid,
    /// The names searched.
    pub names: Vec<String>,
    /// The hits as the checker saw them.
    pub hits: Vec<ConflictHit>,
    /// What was decided.
    pub decision: Decision,
    /// Why, for a waiver.
    pub reason: String,
    /// Who ran and decided it.
    pub checked_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// The decision on a check as submitted, with the names to search besides the matter's own.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// `clear` or `waived`.
    pub decision: String,
    /// Why, required for a waiver.
    pub reason: String,
}

impl DecisionForm {
    /// Checks the decision: one of the two, and a waiver's reason of 1 to
    /// [`MAX_WAIVER_CHARS`] characters.
    pub fn validate(&self) -> Result<(Decision, String), AppError> {
        let mut v = Validator::default();
        let decision = Decision::parse(&self.decision);
        let reason = self.reason.trim();
        match decision {
            None => v.reject(
                "decision",
                "Record the outcome: clear, or waived with a reason.",
            ),
            Some(Decision::Waived) if reason.is_empty() => {
                v.reject("reason", "Say why the conflict is waived.")
            }
            _ => {}
        }
        if reason.chars().count() > MAX_WAIVER_CHARS {
            v.reject(
                "reason",
                format!("Keep the reason under {MAX_WAIVER_CHARS} characters."),
            );
        }
        v.finish()?;
        Ok((decision.unwrap_or(Decision::Clear), reason.to_string()))
    }
}

/// What opening a matter records besides the matter: its related parties and the decision on
/// the conflict check the server runs over the client's and the parties' names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpeningForm {
    /// The related parties known at opening.
    pub parties: Vec<PartyForm>,
    /// The decision on the check.
    pub conflict: DecisionForm,
}

/// An [`OpeningForm`] that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOpening {
    /// The parties' trimmed names and roles.
    pub parties: Vec<(String, PartyRole)>,
    /// The decision on the check.
    pub decision: Decision,
    /// Why, for a waiver (else empty).
    pub reason: String,
}

impl OpeningForm {
    /// Checks every party (errors on `party{i}_name` and `party{i}_role`) and the decision.
    pub fn validate(&self) -> Result<ValidOpening, AppError> {
        let mut errors = Vec::new();
        let mut parties = Vec::new();
        for (i, party) in self.parties.iter().enumerate() {
            match party.validate_as(&format!("party{i}_")) {
                Ok(valid) => parties.push(valid),
                Err(AppError::Invalid(found)) => errors.extend(found),
                Err(other) => return Err(other),
            }
        }
        if self.parties.len() > MAX_NAMES {
            errors.push(crate::error::FieldError {
                field: "parties".into(),
                message: format!("Add at most {MAX_NAMES} parties when opening a matter."),
            });
        }
        let decision = match self.conflict.validate() {
            Ok(valid) => Some(valid),
            Err(AppError::Invalid(found)) => {
                errors.extend(found);
                None
            }
            Err(other) => return Err(other),
        };
        match decision {
            Some((decision, reason)) if errors.is_empty() => Ok(ValidOpening {
                parties,
                decision,
                reason,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// The names of a search box's text: one per line, trimmed, blank lines dropped, duplicates
/// (ignoring case) dropped.
pub fn split_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(line)) {
            names.push(line.to_string());
        }
    }
    names
}

/// Checks the names to search: at least one, at most [`MAX_NAMES`], each at most
/// [`MAX_PARTY_CHARS`] characters.
pub fn validate_names(names: &[String]) -> Result<(), AppError> {
    let mut v = Validator::default();
    if names.is_empty() {
        v.reject("names", "Enter at least one name to search for.");
    } else if names.len() > MAX_NAMES {
        v.reject(
            "names",
            format!("Search at most {MAX_NAMES} names at once."),
        );
    } else if names.iter().any(|n| n.chars().count() > MAX_PARTY_CHARS) {
        v.reject(
            "names",
            format!("Keep each name under {MAX_PARTY_CHARS} characters."),
        );
    }
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_split_trimmed_and_deduplicated() {
        assert_eq!(
            split_names(" Acme Inc \n\n acme inc\nJon Smith\n"),
            ["Acme Inc", "Jon Smith"]
        );
        assert!(validate_names(&[]).is_err());
        assert!(validate_names(&["x".repeat(MAX_PARTY_CHARS + 1)]).is_err());
        assert!(validate_names(&["Acme".into()]).is_ok());
    }

    #[test]
    fn a_waiver_needs_a_reason_and_parties_are_named_by_position() {
        let waived = DecisionForm {
            decision: "waived".into(),
            reason: " ".into(),
        };
        assert!(waived.validate().unwrap_err().field("reason").is_some());
        let cleared = DecisionForm {
            decision: "clear".into(),
            reason: String::new(),
        };
        assert_eq!(
            cleared.validate().unwrap(),
            (Decision::Clear, String::new())
        );
        let opening = OpeningForm {
            parties: vec![
                PartyForm {
                    name: "Acme".into(),
                    role: "opposing_party".into(),
                },
                PartyForm {
                    name: String::new(),
                    role: "judge".into(),
                },
            ],
            conflict: DecisionForm::default(),
        };
        let err = opening.validate().unwrap_err();
        for field in ["party1_name", "party1_role", "decision"] {
            assert!(err.field(field).is_some(), "{field}: {err:?}");
        }
        assert!(err.field("party0_name").is_none());
    }
}
