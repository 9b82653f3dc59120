//! Password hashing: argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1), run on the
//! blocking pool so a hash never stalls the async runtime.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, Version};

/// The argon2id hasher Docket uses everywhere.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes `password` into a PHC string.
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let hash: PasswordHash = hasher()
            .hash_password(password.as_bytes())
            .map_err(|e| e.to_string())?;
        Ok(hash.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// A random password of `len` characters that avoids look-alike characters.
pub fn generate(len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::with_capacity(len);
    while out.len() < len {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).expect("the operating system's random source works");
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % ALPHABET.len();
        if usize::from(byte[0]) < limit {
            out.push(ALPHABET[usize::from(byte[0]) % ALPHABET.len()] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use argon2::{PasswordHash, PasswordVerifier};

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
    fn generated_passwords_have_the_length_asked_and_differ() {
        let a = super::generate(20);
        assert_eq!(a.len(), 20);
        assert_ne!(a, super::generate(20));
    }
}
