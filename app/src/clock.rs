//! The firm's clock: what day and time it is where the firm is.
//!
//! A [`FirmClock`] is the firm's IANA time zone with its UTC offsets from 1990 to 2060 as a
//! short list of changes, worked out on the server (with `chrono-tz`) when the firm's host is
//! resolved and sent to the browser with the page. Pages and the server then show the same
//! local times without the browser carrying the whole time zone database. Moments before 1990
//! use the 1990 offset, moments after 2060 the last one.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// A time zone's offsets over time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmClock {
    /// The IANA name, such as `Europe/London`.
    pub zone: String,
    /// `(unix second, offset east of UTC in seconds)` from that second on, ascending; the
    /// first pair's offset also holds before it.
    changes: Vec<(i64, i32)>,
}

impl Default for FirmClock {
    fn default() -> Self {
        FirmClock {
            zone: "UTC".into(),
            changes: vec![(0, 0)],
        }
    }
}

impl FirmClock {
    /// The offset east of UTC, in seconds, at `unix`.
    pub fn offset_at(&self, unix: i64) -> i32 {
        let after = self.changes.partition_point(|(from, _)| *from <= unix);
        self.changes[after.saturating_sub(1)].1
    }

    /// `at` on the firm's wall clock.
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.naive_utc() + TimeDelta::seconds(i64::from(self.offset_at(at.timestamp())))
    }

    /// `at` on the firm's wall clock, formatted with a `chrono` format string.
    pub fn format(&self, at: DateTime<Utc>, format: &str) -> String {
        self.local(at).format(format).to_string()
    }

    /// `at` as the firm's pages write moments: `3 Dec 2026, 14:05`.
    pub fn moment(&self, at: DateTime<Utc>) -> String {
        self.format(at, "%-d %b %Y, %H:%M")
    }

    /// The firm's date at `at`.
    pub fn date_at(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// Today, where the firm is.
    pub fn today(&self) -> NaiveDate {
        self.date_at(Utc::now())
    }

    /// The moment the firm's `day` begins (its local midnight).
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        let as_if_utc = day.and_time(chrono::NaiveTime::MIN).and_utc();
        let guess = self.offset_at(as_if_utc.timestamp());
        let offset = self.offset_at(as_if_utc.timestamp() - i64::from(guess));
        as_if_utc - TimeDelta::seconds(i64::from(offset))
    }
}

#[cfg(feature = "ssr")]
mod zones {
    use chrono::{Offset, TimeZone};
    use chrono_tz::{TZ_VARIANTS, Tz};

    use super::FirmClock;

    /// 1990-01-01 and 2060-01-01, in unix seconds: the span whose offset changes are kept.
    const SPAN: (i64, i64) = (631_152_000, 2_840_140_800);
    const DAY: i64 = 86_400;

    fn offset(tz: Tz, unix: i64) -> i32 {
        chrono::DateTime::from_timestamp(unix, 0)
            .map(|t| {
                tz.offset_from_utc_datetime(&t.naive_utc())
                    .fix()
                    .local_minus_utc()
            })
            .unwrap_or(0)
    }

    impl FirmClock {
        /// The clock of the IANA time zone `name`; `None` for a name that is not one.
        pub fn of_zone(name: &str) -> Option<FirmClock> {
            let tz: Tz = name.parse().ok()?;
            let mut changes = vec![(SPAN.0, offset(tz, SPAN.0))];
            let mut day = SPAN.0;
            while day < SPAN.1 {
                let next = day + DAY;
                let before = changes.last().map_or(0, |c| c.1);
                if offset(tz, next) != before {
                    // The first second of the new offset lies in (day, next]: halve until found.
                    let (mut low, mut high) = (day, next);
                    while high - low > 1 {
                        let middle = low + (high - low) / 2;
                        if offset(tz, middle) == before {
                            low = middle;
                        } else {
                            high = middle;
                        }
                    }
                    changes.push((high, offset(tz, high)));
                }
                day = next;
            }
            Some(FirmClock {
                zone: tz.name().to_string(),
                changes,
            })
        }
    }

    /// The time zones a firm can choose: `UTC` and every `Area/Place` zone, sorted.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|name| {
                name.contains('/')
                    && !name.starts_with("Etc/")
                    && !name.starts_with("SystemV/")
                    && !name.starts_with("US/")
                    && name.chars().next().is_some_and(char::is_uppercase)
            })
            .map(str::to_string)
            .collect();
        names.sort();
        names.insert(0, "UTC".into());
        names
    }
}

#[cfg(feature = "ssr")]
pub use zones::names as zone_names;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn london_moves_with_summer_time() {
        let london = FirmClock::of_zone("Europe/London").unwrap();
        // British Summer Time began at 01:00 UTC on 29 March 2026 and ended at 01:00 UTC on
        // 25 October 2026.
        assert_eq!(
            london.moment(at("2026-03-29T00:59:59Z")),
            "29 Mar 2026, 00:59"
        );
        assert_eq!(
            london.moment(at("2026-03-29T01:00:00Z")),
            "29 Mar 2026, 02:00"
        );
        assert_eq!(
            london.moment(at("2026-10-25T00:59:59Z")),
            "25 Oct 2026, 01:59"
        );
        assert_eq!(
            london.moment(at("2026-10-25T01:00:00Z")),
            "25 Oct 2026, 01:00"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_date_is_the_firms_date() {
        let auckland = FirmClock::of_zone("Pacific/Auckland").unwrap();
        let honolulu = FirmClock::of_zone("Pacific/Honolulu").unwrap();
        let moment = at("2026-12-01T20:00:00Z");
        assert_eq!(auckland.date_at(moment).to_string(), "2026-12-02");
        assert_eq!(honolulu.date_at(moment).to_string(), "2026-12-01");
        assert_eq!(
            FirmClock::default().date_at(moment).to_string(),
            "2026-12-01"
        );
        let day = "2026-07-01".parse().unwrap();
        assert_eq!(honolulu.start_of(day), at("2026-07-01T10:00:00Z"));
        assert_eq!(auckland.start_of(day), at("2026-06-30T12:00:00Z"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn only_real_zones_are_clocks() {
        assert!(FirmClock::of_zone("Mars/Olympus_Mons").is_none());
        assert!(FirmClock::of_zone("").is_none());
        let names = zone_names();
        assert_eq!(names[0], "UTC");
        assert!(names.iter().any(|n| n == "America/New_York"));
        assert!(names.iter().all(|n| FirmClock::of_zone(n).is_some()));
    }

    #[test]
    fn utc_is_the_default() {
        let clock = FirmClock::default();
        assert_eq!(clock.zone, "UTC");
        assert_eq!(
            clock.moment(at("1970-01-01T00:00:00Z")),
            "1 Jan 1970, 00:00"
        );
    }
}
