//! One-time tokens for links in mail (password reset, email verification, invitations): 32
//! random bytes, shown once in the link and stored only as their SHA-256.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::db::entities::user_tokens;
use super::db::{FirmDb, new_id};
use super::sessions::time_now;
use crate::error::AppError;

/// A fresh token and the hash to store.
pub struct OneTimeToken {
    /// The secret, for the link only.
    pub token: String,
    /// What the database keeps.
    pub hash: String,
}

/// Makes a new token.
pub fn issue() -> OneTimeToken {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    let token = hex::encode(bytes);
    OneTimeToken {
        hash: hash(&token),
        token,
    }
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// What a user's one-time token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Choosing a new password.
    Reset,
    /// Confirming the email address given at sign-up.
    Verify,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Reset => "reset",
            Purpose::Verify => "verify",
        }
    }
}

/// Issues a token for `user_id`, valid for `seconds`, and retires the user's earlier unused
/// tokens of the same purpose (only the newest link works). Returns the secret for the link.
pub async fn issue_for_user(
    firm: &FirmDb,
    user_id: Uuid,
    purpose: Purpose,
    seconds: i64,
) -> Result<String, AppError> {
    let now = time_now();
    firm.update_many::<user_tokens::Entity>()
        .col_expr(user_tokens::Column::UsedAt, Expr::value(now))
        .filter(user_tokens::Column::UserId.eq(user_id))
        .filter(user_tokens::Column::Purpose.eq(purpose.as_str()))
        .filter(user_tokens::Column::UsedAt.is_null())
        .exec()
        .await?;
    let token = issue();
    firm.insert(user_tokens::ActiveModel {
        id: Set(new_id()),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().into()),
        token_hash: Set(token.hash),
        created_at: Set(now),
        expires_at: Set(now + seconds),
        used_at: Set(None),
        ..Default::default()
    })
    .await?;
    Ok(token.token)
}

/// Uses up a token: the user it was issued to, or `LinkExpired` if it is unknown (in this firm),
/// expired or used. A token works once, also under concurrent requests.
pub async fn consume(firm: &FirmDb, purpose: Purpose, token: &str) -> Result<Uuid, AppError> {
    let now = time_now();
    let row = firm
        .find::<user_tokens::Entity>()
        .filter(user_tokens::Column::TokenHash.eq(hash(token)))
        .filter(user_tokens::Column::Purpose.eq(purpose.as_str()))
        .one(firm.conn())
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now)
        .ok_or(AppError::LinkExpired)?;
    let used = firm
        .update_many::<user_tokens::Entity>()
        .col_expr(user_tokens::Column::UsedAt, Expr::value(now))
        .filter(user_tokens::Column::Id.eq(row.id))
        .filter(user_tokens::Column::UsedAt.is_null())
        .exec()
        .await?;
    if used != 1 {
        return Err(AppError::LinkExpired);
    }
    Ok(row.user_id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_stored_only_hashed() {
        let a = super::issue();
        let b = super::issue();
        assert_ne!(a.token, b.token);
        assert_eq!(a.token.len(), 64);
        assert_eq!(super::hash(&a.token), a.hash);
        assert_ne!(a.hash, a.token);
    }
}
