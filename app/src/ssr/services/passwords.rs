//! Password hashing: argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1), run on the
//! blocking pool so a hash never stalls the async runtime, and at most one per core at a time
//! ([`argon2_slot`]): more would not finish sooner, and each blocking thread that hashes keeps
//! its 19 MiB in the allocator (unbounded, a burst of sign-ins grew the server to 950 MiB).

use std::collections::HashSet;
use std::sync::OnceLock;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::error::{AppError, Validator};

/// The argon2id hasher Docket uses everywhere.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Waits for one of the argon2 slots (one per core); hold it while hashing.
async fn argon2_slot() -> tokio::sync::SemaphorePermit<'static> {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS
        .get_or_init(|| {
            tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
        })
        .acquire()
        .await
        .expect("the argon2 semaphore is never closed")
}

/// Hashes `password` into a PHC string.
pub async fn hash(password: String) -> Result<String, String> {
    let _slot = argon2_slot().await;
    tokio::task::spawn_blocking(move || {
        let hash: PasswordHash = hasher()
            .hash_password(password.as_bytes())
            .map_err(|e| e.to_string())?;
        Ok(hash.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// The shortest password accepted, in characters.
pub const MIN_LEN: usize = 12;
/// The longest password accepted, in characters.
pub const MAX_LEN: usize = 256;

/// The 10,000 most common passwords, most common first, from the zxcvbn project's frequency
/// list (MIT licence).
const COMMON: &str = include_str!("common_passwords.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().filter(|l| !l.is_empty()).collect())
}

/// What is wrong with `password` as a new password, in words that say what to do; `None` when
/// it is acceptable: 12 to 256 characters, not a common password (also not one with digits or
/// symbols added at the end), and not mostly one character.
pub fn weakness(password: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_LEN {
        return Some(format!(
            "Use at least {MIN_LEN} characters; a few unrelated words make a strong password."
        ));
    }
    if chars > MAX_LEN {
        return Some(format!("Use at most {MAX_LEN} characters."));
    }
    let lower = password.to_lowercase();
    let base = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    if common().contains(lower.as_str()) || (base.chars().count() >= 4 && common().contains(base)) {
        return Some(
            "This is one of the most common passwords; choose one nobody would guess.".into(),
        );
    }
    if lower.chars().collect::<HashSet<_>>().len() < 5 {
        return Some("Use more different characters; this password is too easy to guess.".into());
    }
    None
}

/// Checks a new password and its confirmation, with messages on the `new_password` and
/// `confirm_password` fields.
pub fn check_new(new: &str, confirm: &str) -> Result<(), AppError> {
    let mut v = Validator::default();
    if let Some(problem) = weakness(new) {
        v.reject("new_password", problem);
    } else if new != confirm {
        v.reject(
            "confirm_password",
            "Type the new password the same way twice.",
        );
    }
    v.finish()
}

/// Whether `password` matches the PHC string `hash`. With no hash (an unknown user) it checks
/// against a hash of a random password, so the answer takes the same time either way.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    let _slot = argon2_slot().await;
    tokio::task::spawn_blocking(move || {
        let phc = match &hash {
            Some(h) => h.as_str(),
            None => dummy_hash(),
        };
        let matches = PasswordHash::new(phc)
            .map(|parsed| {
                hasher()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        matches && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let hash: PasswordHash = hasher()
            .hash_password(generate(24).as_bytes())
            .expect("hashing a random password works");
        hash.to_string()
    })
}

/// A random password of `len` characters that avoids look-alike characters.
pub fn generate(len: usize) -> String {
    random_chars(
        b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
        len,
    )
}

/// `len` characters drawn uniformly from `alphabet` (ASCII, at most 256 characters) by the
/// operating system's random source.
pub fn random_chars(alphabet: &[u8], len: usize) -> String {
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).expect("the operating system's random source works");
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % alphabet.len();
        if usize::from(byte[0]) < limit {
            out.push(alphabet[usize::from(byte[0]) % alphabet.len()] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use argon2::{PasswordHash, PasswordVerifier};

    #[tokio::test]
    async fn verify_accepts_the_password_and_refuses_others_and_unknown_users() {
        let phc = super::hash("a long enough password".into()).await.unwrap();
        assert!(super::verify("a long enough password".into(), Some(phc.clone())).await);
        assert!(!super::verify("another password".into(), Some(phc)).await);
        assert!(!super::verify("a long enough password".into(), None).await);
    }

    #[tokio::test]
    async fn hashes_verify_and_use_argon2id_with_owasp_parameters() {
        let phc = super::hash("correct horse battery staple".into())
            .await
            .unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(
            super::hasher()
                .verify_password(b"correct horse battery staple", &parsed)
                .is_ok()
        );
        assert!(super::hasher().verify_password(b"wrong", &parsed).is_err());
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        for weak in [
            "short",
            "password1234",
            "Password123!",
            "qwertyuiop123",
            "aaaaaaaaaaaaaaaa",
            "abababababab12",
            &"x1y2z3".repeat(50),
        ] {
            assert!(super::weakness(weak).is_some(), "{weak} accepted");
        }
        for good in [
            "correct horse battery staple",
            "Tr0ub4dor&3 is my dog's name",
        ] {
            assert_eq!(super::weakness(good), None, "{good} refused");
        }
    }

    #[test]
    fn generated_passwords_have_the_length_asked_and_differ() {
        let a = super::generate(20);
        assert_eq!(a.len(), 20);
        assert_ne!(a, super::generate(20));
    }
}
