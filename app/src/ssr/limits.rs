//! Rate limits, in-process. `governor` (GCRA, keyed) does the counting: it is the well-kept
//! crate for exactly this. Limits shared by several processes move to Redis later.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use uuid::Uuid;

use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::errors::internal;
use crate::ssr::state::AppState;

/// The client's address, set on each request by the server's middleware (the peer address, or
/// behind a trusted proxy the last `X-Forwarded-For` entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// Past this many tracked keys, keys that are back to full allowance are dropped.
const MAX_TRACKED: usize = 10_000;

/// A firm as a whole may do this many times what one user may.
pub const FIRM_MULTIPLE: u32 = 10;

/// How much each limited thing is allowed, a minute.
#[derive(Clone, Copy, Debug)]
pub struct Allowances {
    /// Sign-in attempts per client address.
    pub sign_in: u32,
    /// Searches per user (conflict checks, and list searches with a query); a firm's users
    /// together get [`FIRM_MULTIPLE`] times as many.
    pub searches: u32,
    /// Uploads started per user; a firm's users together get [`FIRM_MULTIPLE`] times as many.
    pub uploads: u32,
}

/// A quota of `n` a minute (at least one).
fn per_minute_quota(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN))
}

/// One kind of work limited per user and per firm.
struct PerUserAndFirm {
    users: DefaultKeyedRateLimiter<Uuid>,
    firms: DefaultKeyedRateLimiter<Uuid>,
    /// What the user is told for their own excess and for their firm's.
    messages: (&'static str, &'static str),
}

impl PerUserAndFirm {
    fn new(per_user: u32, messages: (&'static str, &'static str)) -> Self {
        PerUserAndFirm {
            users: RateLimiter::keyed(per_minute_quota(per_user)),
            firms: RateLimiter::keyed(per_minute_quota(per_user.saturating_mul(FIRM_MULTIPLE))),
            messages,
        }
    }

    fn check(&self, user: &CurrentUser) -> Result<(), AppError> {
        for limiter in [&self.users, &self.firms] {
            if limiter.len() > MAX_TRACKED {
                limiter.retain_recent();
            }
        }
        self.users
            .check_key(&user.id)
            .map_err(|_| AppError::Throttled(self.messages.0.into()))?;
        self.firms
            .check_key(&user.firm_id)
            .map_err(|_| AppError::Throttled(self.messages.1.into()))
    }
}

/// Each firm's requests, at the rate its plan allows: one limiter keyed by firm for each rate
/// some plan has (plans are few), made when first needed.
#[derive(Default)]
struct PlanRequests {
    by_rate: Mutex<HashMap<u32, Arc<DefaultKeyedRateLimiter<Uuid>>>>,
}

impl PlanRequests {
    fn check(&self, firm_id: Uuid, per_minute: u32) -> Result<(), AppError> {
        let limiter = {
            let mut by_rate = self.by_rate.lock().unwrap_or_else(|p| p.into_inner());
            by_rate
                .entry(per_minute)
                .or_insert_with(|| Arc::new(RateLimiter::keyed(per_minute_quota(per_minute))))
                .clone()
        };
        if limiter.len() > MAX_TRACKED {
            limiter.retain_recent();
        }
        limiter.check_key(&firm_id).map_err(|_| {
            AppError::Throttled(format!(
                "Your firm has used its plan's {per_minute} requests a minute. Your firm's administrator can ask Docket for a larger plan."
            ))
        })
    }
}

/// Every rate limit of the process.
pub struct Limits {
    sign_in: DefaultKeyedRateLimiter<IpAddr>,
    search: PerUserAndFirm,
    upload: PerUserAndFirm,
    requests: PlanRequests,
}

impl Limits {
    /// Limits with these allowances.
    pub fn new(allow: Allowances) -> Self {
        Limits {
            sign_in: RateLimiter::keyed(per_minute_quota(allow.sign_in)),
            search: PerUserAndFirm::new(
                allow.searches,
                (
                    "You have run many searches in a short time.",
                    "Your firm is running many searches at once.",
                ),
            ),
            upload: PerUserAndFirm::new(
                allow.uploads,
                (
                    "You have started many uploads in a short time.",
                    "Your firm is uploading many files at once.",
                ),
            ),
            requests: PlanRequests::default(),
        }
    }

    /// Counts a request to firm `firm_id`, whose plan allows `per_minute` a minute;
    /// `Throttled` past it.
    pub fn firm_request(&self, firm_id: Uuid, per_minute: u32) -> Result<(), AppError> {
        self.requests.check(firm_id, per_minute)
    }

    /// Counts a search by `user`; `Throttled` past their allowance or their firm's.
    pub fn search(&self, user: &CurrentUser) -> Result<(), AppError> {
        self.search.check(user)
    }

    /// Counts an upload by `user`; `Throttled` past their allowance or their firm's.
    pub fn upload(&self, user: &CurrentUser) -> Result<(), AppError> {
        self.upload.check(user)
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

/// Counts a search by `me` against the process's limits (from the request's state).
pub fn count_search(me: &CurrentUser) -> Result<(), AppError> {
    app_state()?.limits.search(me)
}

/// Counts an upload by `me` against the process's limits (from the request's state).
pub fn count_upload(me: &CurrentUser) -> Result<(), AppError> {
    app_state()?.limits.upload(me)
}

fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| internal(&"application state missing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_allowance() {
        let limits = Limits::new(ALLOW);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limits.sign_in(a).is_ok());
        }
        assert_eq!(limits.sign_in(a), Err(AppError::RateLimited));
        assert!(limits.sign_in(b).is_ok());
    }

    const ALLOW: Allowances = Allowances {
        sign_in: 3,
        searches: 5,
        uploads: 5,
    };

    fn user(firm_id: Uuid) -> CurrentUser {
        CurrentUser {
            id: Uuid::now_v7(),
            firm_id,
            email: String::new(),
            name: String::new(),
            role: String::new(),
            permissions: Vec::new(),
            must_enrol_two_factor: false,
            support: None,
            features: Vec::new(),
        }
    }

    #[test]
    fn each_firm_has_its_plans_request_rate() {
        let limits = Limits::new(ALLOW);
        let (small, large, other) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        for _ in 0..3 {
            assert!(limits.firm_request(small, 3).is_ok());
        }
        let Err(AppError::Throttled(message)) = limits.firm_request(small, 3) else {
            panic!("the small plan's allowance is spent");
        };
        assert!(message.contains("plan's 3 requests a minute"), "{message}");
        // Another firm on the same plan, and a firm on a larger one, are not held back.
        assert!(limits.firm_request(other, 3).is_ok());
        for _ in 0..10 {
            assert!(limits.firm_request(large, 10).is_ok());
        }
        assert!(limits.firm_request(large, 10).is_err());
    }

    #[test]
    fn searches_are_limited_per_user_then_per_firm() {
        let limits = Limits::new(ALLOW);
        let firm = Uuid::now_v7();
        let busy = user(firm);
        for _ in 0..ALLOW.searches {
            assert!(limits.search(&busy).is_ok());
        }
        let Err(AppError::Throttled(message)) = limits.search(&busy) else {
            panic!("the user's allowance is spent");
        };
        assert!(message.starts_with("You have run"), "{message}");
        // Colleagues search on until the firm's allowance is spent too.
        let mut left = ALLOW.searches * FIRM_MULTIPLE - ALLOW.searches;
        let mut refused = None;
        while refused.is_none() {
            let colleague = user(firm);
            for _ in 0..ALLOW.searches {
                match limits.search(&colleague) {
                    Ok(()) => left = left.saturating_sub(1),
                    Err(err) => {
                        refused = Some(err);
                        break;
                    }
                }
            }
        }
        assert_eq!(left, 0);
        assert!(matches!(refused, Some(AppError::Throttled(m)) if m.starts_with("Your firm")));
        // Another firm is untouched, and uploads count apart from searches.
        assert!(limits.search(&user(Uuid::now_v7())).is_ok());
        assert!(limits.upload(&busy).is_ok());
    }
}
