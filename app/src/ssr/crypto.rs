//! Secrets at rest under the master key (`DOCKET_MASTER_KEY`): AES-256-GCM with a random
//! 96-bit nonce per value and the value's owner as associated data, so a sealed value copied to
//! another row (another user, another firm) fails to open.
//!
//! `aes-gcm` is RustCrypto's audited, constant-time AEAD; hand-rolling any of this is not an
//! option. Each firm's data key is sealed the same way (`documents::keys`), and seals its
//! documents' own keys in turn.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};

const NONCE_BYTES: usize = 12;

/// The master key, ready to seal and open values. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct MasterKey {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

/// A sealed value that would not open: wrong key, wrong owner, or altered bytes.
#[derive(Debug, thiserror::Error)]
#[error("a sealed value failed to open (wrong key, wrong owner or altered)")]
pub struct OpenError;

impl MasterKey {
    /// The key from its 64 hex characters.
    pub fn from_hex(hex_key: &str) -> Result<MasterKey, String> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(hex_key.trim(), &mut bytes)
            .map_err(|_| "the master key must be exactly 64 hex characters".to_string())?;
        Ok(MasterKey::from_bytes(&bytes))
    }

    /// The key from its 32 bytes. A firm's data key seals its files' keys this way too.
    pub fn from_bytes(bytes: &[u8; 32]) -> MasterKey {
        MasterKey {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(bytes)),
        }
    }

    /// Seals `plaintext` for `owner` (for example a user id): hex of nonce and ciphertext.
    pub fn seal(&self, plaintext: &[u8], owner: &[u8]) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).expect("the operating system's random source works");
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: owner,
                },
            )
            .expect("AES-GCM seals any value under 64 GiB");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        hex::encode(out)
    }

    /// Opens a value [`MasterKey::seal`] made for `owner`.
    pub fn open(&self, sealed: &str, owner: &[u8]) -> Result<Vec<u8>, OpenError> {
        let bytes = hex::decode(sealed).map_err(|_| OpenError)?;
        if bytes.len() < NONCE_BYTES {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: owner,
                },
            )
            .map_err(|_| OpenError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: &str) -> MasterKey {
        MasterKey::from_hex(&byte.repeat(32)).unwrap()
    }

    #[test]
    fn sealed_values_open_only_with_their_key_and_owner_and_unaltered() {
        let k = key("ab");
        let sealed = k.seal(b"totp secret", b"user-1");
        assert_ne!(k.seal(b"totp secret", b"user-1"), sealed, "nonces differ");
        assert_eq!(k.open(&sealed, b"user-1").unwrap(), b"totp secret");
        assert!(k.open(&sealed, b"user-2").is_err());
        assert!(key("cd").open(&sealed, b"user-1").is_err());
        let mut altered = sealed.into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        assert!(
            k.open(&String::from_utf8(altered).unwrap(), b"user-1")
                .is_err()
        );
        assert!(k.open("00", b"user-1").is_err());
        assert!(MasterKey::from_hex("short").is_err());
    }
}
