//! Rate limits, in-process. `governor` (GCRA, keyed) does the counting: it is the well-kept
//! crate for exactly this. Limits shared by several processes move to Redis later.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;

/// The client's address, set on each request by the server's middleware (the peer address, or
/// behind a trusted proxy the last `X-Forwarded-For` entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// Past this many tracked keys, keys that are back to full allowance are dropped.
const MAX_TRACKED: usize = 10_000;

/// Every rate limit of the process.
pub struct Limits {
    sign_in: DefaultKeyedRateLimiter<IpAddr>,
}

impl Limits {
    /// Limits allowing `sign_in_per_minute` sign-in attempts per client address per minute.
    pub fn new(sign_in_per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(sign_in_per_minute).unwrap_or(NonZeroU32::MIN);
        Limits {
            sign_in: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }

    /// Counts a sign-in attempt from `addr`; `RateLimited` past the allowance.
    pub fn sign_in(&self, addr: IpAddr) -> Result<(), AppError> {
        if self.sign_in.len() > MAX_TRACKED {
            self.sign_in.retain_recent();
        }
        self.sign_in
            .check_key(&addr)
            .map_err(|_| AppError::RateLimited)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_allowance() {
        let limits = Limits::new(3);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limits.sign_in(a).is_ok());
        }
        assert_eq!(limits.sign_in(a), Err(AppError::RateLimited));
        assert!(limits.sign_in(b).is_ok());
    }
}
