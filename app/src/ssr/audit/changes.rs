//! What an entry says changed: the fields of a row as JSON, with secrets redacted.
//!
//! Document contents never reach the database (they are encrypted in the document store), so
//! redacting the columns that hold secrets, keys and where the sealed bytes are kept is enough.

use sea_orm::sea_query::Value;
use sea_orm::{EntityTrait, IdenStatic, Iterable, ModelTrait};
use serde_json::{Map, Value as Json};

use crate::ssr::db::FirmOwned;

/// What stands in for a redacted value.
pub const REDACTED: &str = "[redacted]";

/// Whether a column holds a secret or file contents (a logo) whose value the log must not
/// repeat.
pub fn is_secret(column: &str) -> bool {
    column == "content"
        || column.ends_with("_hash")
        || column.ends_with("_secret")
        || column.starts_with("sealed")
        || column == "object_key"
}

/// Columns kept up to date as people sign in; an update of only these is not an entry of its
/// own (the sign-in events record them).
pub const BOOKKEEPING: &[&str] = &[
    "failed_sign_ins",
    "locked_until",
    "last_sign_in_at",
    "totp_last_step",
];

/// A column value as JSON (long text cut to 500 characters).
pub fn json_of(value: &Value) -> Json {
    match value {
        Value::Bool(v) => v.map_or(Json::Null, Json::from),
        Value::TinyInt(v) => v.map_or(Json::Null, Json::from),
        Value::SmallInt(v) => v.map_or(Json::Null, Json::from),
        Value::Int(v) => v.map_or(Json::Null, Json::from),
        Value::BigInt(v) => v.map_or(Json::Null, Json::from),
        Value::TinyUnsigned(v) => v.map_or(Json::Null, Json::from),
        Value::SmallUnsigned(v) => v.map_or(Json::Null, Json::from),
        Value::Unsigned(v) => v.map_or(Json::Null, Json::from),
        Value::BigUnsigned(v) => v.map_or(Json::Null, Json::from),
        Value::Float(v) => v.map_or(Json::Null, Json::from),
        Value::Double(v) => v.map_or(Json::Null, Json::from),
        Value::String(v) => v.as_ref().map_or(Json::Null, |s| {
            Json::from(s.chars().take(500).collect::<String>())
        }),
        Value::Char(v) => v.map_or(Json::Null, |c| Json::from(c.to_string())),
        Value::Bytes(v) => v.as_ref().map_or(Json::Null, |_| Json::from("[binary]")),
        Value::Uuid(v) => v.map_or(Json::Null, |u| Json::from(u.to_string())),
        Value::ChronoDateTimeUtc(v) => v.map_or(Json::Null, |t| Json::from(t.to_rfc3339())),
        Value::ChronoDateTimeWithTimeZone(v) => {
            v.map_or(Json::Null, |t| Json::from(t.to_rfc3339()))
        }
        Value::ChronoDate(v) => v.map_or(Json::Null, |d| Json::from(d.to_string())),
        Value::ChronoDateTime(v) => v.map_or(Json::Null, |t| Json::from(t.to_string())),
        other => Json::from(format!("{other:?}")),
    }
}

/// The firm-unique id of a row, as the log names it.
pub fn id_of<E: FirmOwned>(model: &E::Model) -> Option<String> {
    match model.get(E::id_column()) {
        Value::Uuid(Some(id)) => Some(id.to_string()),
        _ => None,
    }
}

/// The named columns of `model` as a JSON object, secrets redacted (`firm_id` left out).
pub fn fields<E: EntityTrait>(model: &E::Model, columns: &[String]) -> Json {
    let mut out = Map::new();
    for column in E::Column::iter() {
        let name = column.as_str();
        if name == "firm_id" || !columns.iter().any(|c| c == name) {
            continue;
        }
        let value = if is_secret(name) {
            Json::from(REDACTED)
        } else {
            json_of(&model.get(column))
        };
        out.insert(name.to_string(), value);
    }
    Json::Object(out)
}

/// Every column name of `E`.
pub fn all_columns<E: EntityTrait>() -> Vec<String> {
    E::Column::iter().map(|c| c.as_str().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_recognised_by_name() {
        for secret in [
            "password_hash",
            "code_hash",
            "token_hash",
            "totp_secret",
            "sealed",
            "sealed_key",
            "object_key",
        ] {
            assert!(is_secret(secret), "{secret}");
        }
        for plain in ["name", "email", "hourly_rate", "sha256", "content_type"] {
            assert!(!is_secret(plain), "{plain}");
        }
    }

    #[test]
    fn values_become_plain_json() {
        assert_eq!(json_of(&Value::BigInt(Some(35000))), Json::from(35000));
        assert_eq!(json_of(&Value::String(None)), Json::Null);
        assert_eq!(
            json_of(&Value::String(Some("x".repeat(900)))),
            Json::from("x".repeat(500))
        );
        assert_eq!(
            json_of(&Value::Bytes(Some(vec![0xff]))),
            Json::from("[binary]")
        );
    }
}
