//! Money as integers: every amount is a count of the currency's minor unit (cents) in an `i64`,
//! every rate a minor-unit amount per hour, every percentage a count of basis points (1/100 of a
//! percent). There is no floating point anywhere in money.
//!
//! The one rounding rule: a division that does not come out even rounds to the nearest minor
//! unit, halves away from zero ([`round_div`]). Amounts are rounded once per line; invoice
//! discounts and tax are rounded once per invoice and then spread over the lines by largest
//! remainder ([`allocate`]), so the lines always add up exactly to the invoice's total.

use serde::{Deserialize, Serialize};

/// A currency a firm can bill in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 code (`USD`).
    pub code: &'static str,
    /// Digits after the decimal point (2 for cents, 0 for yen).
    pub exponent: u32,
    /// The sign written before amounts.
    pub symbol: &'static str,
    /// The name people read.
    pub name: &'static str,
}

/// The currencies Docket bills in; a firm picks one at sign-up.
pub const CURRENCIES: &[Currency] = &[
    Currency {
        code: "USD",
        exponent: 2,
        symbol: "$",
        name: "US dollar",
    },
    Currency {
        code: "EUR",
        exponent: 2,
        symbol: "€",
        name: "Euro",
    },
    Currency {
        code: "GBP",
        exponent: 2,
        symbol: "£",
        name: "Pound sterling",
    },
    Currency {
        code: "CAD",
        exponent: 2,
        symbol: "CA$",
        name: "Canadian dollar",
    },
    Currency {
        code: "AUD",
        exponent: 2,
        symbol: "A$",
        name: "Australian dollar",
    },
    Currency {
        code: "CHF",
        exponent: 2,
        symbol: "CHF ",
        name: "Swiss franc",
    },
    Currency {
        code: "JPY",
        exponent: 0,
        symbol: "¥",
        name: "Japanese yen",
    },
];

/// The currency with ISO code `code`, if Docket bills in it.
pub fn currency(code: &str) -> Option<Currency> {
    CURRENCIES.iter().copied().find(|c| c.code == code)
}

fn currency_or_usd(code: &str) -> Currency {
    currency(code).unwrap_or(CURRENCIES[0])
}

/// `n / d` rounded to the nearest integer, halves away from zero (`d` must not be 0). The one
/// rounding rule of Docket's money.
pub fn round_div(n: i128, d: i128) -> i64 {
    let (q, r) = (n / d, n % d);
    let q = if 2 * r.abs() >= d.abs() {
        q + if (n < 0) != (d < 0) { -1 } else { 1 }
    } else {
        q
    };
    q as i64
}

/// Minutes billed for `minutes` worked: rounded up to the next whole `increment` (minutes).
pub fn billed_minutes(minutes: i64, increment: i64) -> i64 {
    if increment <= 1 || minutes <= 0 {
        return minutes.max(0);
    }
    (minutes + increment - 1) / increment * increment
}

/// The amount for `minutes` at `rate` minor units an hour.
pub fn time_amount(rate: i64, minutes: i64) -> i64 {
    round_div(i128::from(rate) * i128::from(minutes), 60)
}

/// `basis_points` (1/100 of a percent) of `amount`.
pub fn percent_of(amount: i64, basis_points: i64) -> i64 {
    round_div(i128::from(amount) * i128::from(basis_points), 10_000)
}

/// Splits `total` over `weights` in proportion, by largest remainder: the parts add up to
/// exactly `total`. Weights must not be negative; with no weight at all the first part takes
/// everything.
pub fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|&w| i128::from(w.max(0))).sum();
    if weights.is_empty() {
        return Vec::new();
    }
    if sum == 0 {
        let mut parts = vec![0; weights.len()];
        parts[0] = total;
        return parts;
    }
    let total_wide = i128::from(total);
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let product = total_wide * i128::from(w.max(0));
        parts.push((product.div_euclid(sum)) as i64);
        remainders.push((product.rem_euclid(sum), i));
    }
    let mut left = total - parts.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// What an invoice adds up to, from its lines' amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// The sum of the lines' amounts.
    pub subtotal: i64,
    /// The discount taken off the subtotal.
    pub discount: i64,
    /// Tax on the discounted subtotal.
    pub tax: i64,
    /// What the client owes: subtotal − discount + tax.
    pub total: i64,
    /// Each line's share of the discount, in line order.
    pub line_discounts: Vec<i64>,
    /// Each line's share of the tax, in line order.
    pub line_taxes: Vec<i64>,
}

impl Totals {
    /// Each line's total (amount − its discount + its tax); they add up to [`Totals::total`].
    pub fn line_totals(&self, amounts: &[i64]) -> Vec<i64> {
        amounts
            .iter()
            .zip(&self.line_discounts)
            .zip(&self.line_taxes)
            .map(|((a, d), t)| a - d + t)
            .collect()
    }
}

/// The totals of lines with these `amounts` under a discount and a tax rate (basis points):
/// the discount is taken off the subtotal, tax is charged on what remains, each rounded once;
/// both are then spread over the lines so that line totals add up to the total exactly.
pub fn totals(amounts: &[i64], discount_bp: i64, tax_bp: i64) -> Totals {
    let subtotal: i64 = amounts.iter().sum();
    let discount = percent_of(subtotal, discount_bp);
    let tax = percent_of(subtotal - discount, tax_bp);
    let line_discounts = allocate(discount, amounts);
    let after: Vec<i64> = amounts
        .iter()
        .zip(&line_discounts)
        .map(|(a, d)| a - d)
        .collect();
    let line_taxes = allocate(tax, &after);
    Totals {
        subtotal,
        discount,
        tax,
        total: subtotal - discount + tax,
        line_discounts,
        line_taxes,
    }
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `minor` units of currency `code` as people read them: `$1,234.50`, `-$5.00`, `¥1,200`.
pub fn format_money(minor: i64, code: &str) -> String {
    let c = currency_or_usd(code);
    let sign = if minor < 0 { "-" } else { "" };
    format!(
        "{sign}{}{}",
        c.symbol,
        format_plain(minor.unsigned_abs(), c.exponent)
    )
}

/// `minor` units as a plain decimal without symbol or grouping (`1234.50`), as LEDES and forms
/// write amounts.
pub fn format_decimal(minor: i64, code: &str) -> String {
    let c = currency_or_usd(code);
    let sign = if minor < 0 { "-" } else { "" };
    let scale = 10u64.pow(c.exponent);
    let abs = minor.unsigned_abs();
    if c.exponent == 0 {
        format!("{sign}{abs}")
    } else {
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = c.exponent as usize
        )
    }
}

fn format_plain(abs: u64, exponent: u32) -> String {
    let scale = 10u64.pow(exponent);
    let whole = group_thousands(&(abs / scale).to_string());
    if exponent == 0 {
        whole
    } else {
        format!("{whole}.{:0width$}", abs % scale, width = exponent as usize)
    }
}

/// Reads an amount typed in currency `code` (`1,234.5`, `$20`, `-3.10`) into minor units. Says
/// what is wrong when it is not an amount or has more decimals than the currency has.
pub fn parse_money(text: &str, code: &str) -> Result<i64, String> {
    let c = currency_or_usd(code);
    let cleaned: String = text
        .trim()
        .trim_start_matches(c.symbol.trim())
        .chars()
        .filter(|ch| *ch != ',' && !ch.is_whitespace())
        .collect();
    let (negative, body) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start_matches(c.symbol.trim())),
        None => (false, cleaned.as_str()),
    };
    let example = format_decimal(123_450 / 10i64.pow(2 - c.exponent.min(2)), c.code);
    let bad = || format!("Enter an amount like {example}.");
    if body.is_empty() {
        return Err(bad());
    }
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|ch| ch.is_ascii_digit())
        || !fraction.chars().all(|ch| ch.is_ascii_digit())
    {
        return Err(bad());
    }
    if fraction.len() > c.exponent as usize {
        return Err(match c.exponent {
            0 => format!("{} amounts have no decimals.", c.name),
            n => format!("Use at most {n} decimals."),
        });
    }
    let scale = 10i64.pow(c.exponent);
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let fraction: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<width$}", width = c.exponent as usize)
            .parse()
            .map_err(|_| bad())?
    };
    let minor = whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(fraction))
        .filter(|m| *m <= MAX_AMOUNT)
        .ok_or_else(|| "That amount is too large.".to_string())?;
    Ok(if negative { -minor } else { minor })
}

/// The largest amount Docket accepts in one field (a trillion minor units): far beyond any
/// invoice, and small enough that sums of many never overflow.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// Minutes as hours with two decimals, as invoices show them (`90` → `1.50`).
pub fn format_hours(minutes: i64) -> String {
    let hundredths = round_div(i128::from(minutes) * 100, 60);
    format!("{}.{:02}", hundredths / 100, (hundredths % 100).abs())
}

/// Minutes as a clock duration (`90` → `1:30`).
pub fn format_duration(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// The longest single time entry: 24 hours.
pub const MAX_ENTRY_MINUTES: i64 = 24 * 60;

/// Reads a duration typed as hours (`1.5`, `0.1`), a clock (`1:30`) or units (`1h 30m`,
/// `45m`, `2h`) into whole minutes (decimal hours round to the nearest minute).
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let t = text.trim().to_lowercase();
    let bad = || "Enter a duration like 1.5, 1:30 or 1h 30m.".to_string();
    let minutes = if let Some((h, m)) = t.split_once(':') {
        let h: i64 = h.trim().parse().map_err(|_| bad())?;
        let m: i64 = m.trim().parse().map_err(|_| bad())?;
        if !(0..60).contains(&m) {
            return Err(bad());
        }
        h.checked_mul(60).map(|h| h + m).ok_or_else(bad)?
    } else if t.contains('h') || t.ends_with('m') {
        let mut total = 0i64;
        let mut rest = t.as_str();
        for (unit, factor) in [('h', 60i64), ('m', 1i64)] {
            if let Some((number, after)) = rest.split_once(unit) {
                let n: i64 = number.trim().parse().map_err(|_| bad())?;
                total += n.checked_mul(factor).ok_or_else(bad)?;
                rest = after
                    .trim_start_matches("in")
                    .trim_start_matches('r')
                    .trim();
            }
        }
        if !rest.trim().is_empty() {
            return Err(bad());
        }
        total
    } else {
        let (whole, fraction) = t.split_once('.').unwrap_or((&t, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
            || fraction.len() > 4
        {
            return Err(bad());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let scale = 10i64.pow(fraction.len() as u32);
        let fraction: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| bad())?
        };
        let whole_minutes = whole.checked_mul(60).ok_or_else(bad)?;
        whole_minutes + round_div(i128::from(fraction) * 60, i128::from(scale))
    };
    if minutes <= 0 {
        return Err("Enter a duration of at least one minute.".into());
    }
    if minutes > MAX_ENTRY_MINUTES {
        return Err("One entry can be at most 24 hours.".into());
    }
    Ok(minutes)
}

/// Reads a percentage typed as `8.25` or `8.25%` into basis points (825), from 0 to 100%.
pub fn parse_percent(text: &str) -> Result<i64, String> {
    let t = text.trim().trim_end_matches('%').trim();
    let bad = || "Enter a percentage from 0 to 100, like 8.25.".to_string();
    if t.is_empty() {
        return Ok(0);
    }
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || whole.is_empty() && fraction.is_empty()
    {
        return Err(bad());
    }
    if fraction.len() > 2 {
        return Err("Use at most 2 decimals in a percentage.".into());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let fraction: i64 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<2}").parse().map_err(|_| bad())?
    };
    let bp = whole
        .checked_mul(100)
        .map(|w| w + fraction)
        .ok_or_else(bad)?;
    if bp > 10_000 {
        return Err(bad());
    }
    Ok(bp)
}

/// Basis points as a percentage people read (`825` → `8.25%`, `1000` → `10%`).
pub fn format_percent(bp: i64) -> String {
    let fraction = format!("{:02}", bp % 100);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{}%", bp / 100)
    } else {
        format!("{}.{fraction}%", bp / 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_div(5, 10), 1);
        assert_eq!(round_div(4, 10), 0);
        assert_eq!(round_div(-5, 10), -1);
        assert_eq!(round_div(-4, 10), 0);
        assert_eq!(round_div(15, 10), 2);
        assert_eq!(round_div(25, 10), 3);
    }

    #[test]
    fn billing_increments_round_up() {
        assert_eq!(billed_minutes(1, 6), 6);
        assert_eq!(billed_minutes(6, 6), 6);
        assert_eq!(billed_minutes(7, 6), 12);
        assert_eq!(billed_minutes(59, 15), 60);
        assert_eq!(billed_minutes(7, 1), 7);
    }

    #[test]
    fn time_amounts_round_once() {
        // 0.1 h at $333.33 is $33.333 → $33.33.
        assert_eq!(time_amount(33_333, 6), 3_333);
        // 0.1 h at $325.05 is $32.505 → $32.51 (half away from zero).
        assert_eq!(time_amount(32_505, 6), 3_251);
    }

    #[test]
    fn allocation_adds_up_exactly() {
        let parts = allocate(100, &[1, 1, 1]);
        assert_eq!(parts, vec![34, 33, 33]);
        assert_eq!(allocate(-100, &[1, 1, 1]).iter().sum::<i64>(), -100);
        assert_eq!(allocate(7, &[0, 0]), vec![7, 0]);
        let t = totals(&[10_000, 3_333, 1], 1_000, 825);
        assert_eq!(t.subtotal, 13_334);
        assert_eq!(t.discount, 1_333);
        assert_eq!(t.tax, percent_of(13_334 - 1_333, 825));
        assert_eq!(
            t.line_totals(&[10_000, 3_333, 1]).iter().sum::<i64>(),
            t.total
        );
    }

    /// Thousands of random invoices: lines always add up to the total, and discount and tax
    /// are each rounded once from the subtotal.
    #[test]
    fn totals_always_add_up_for_random_lines() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut below = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound) as i64
        };
        for _ in 0..5_000 {
            let count = 1 + below(40) as usize;
            let amounts: Vec<i64> = (0..count).map(|_| below(5_000_000)).collect();
            let (discount_bp, tax_bp) = (below(10_001), below(3_000));
            let t = totals(&amounts, discount_bp, tax_bp);
            let subtotal: i64 = amounts.iter().sum();
            assert_eq!(t.subtotal, subtotal);
            assert_eq!(t.discount, (subtotal * discount_bp + 5_000) / 10_000);
            assert_eq!(t.tax, ((subtotal - t.discount) * tax_bp + 5_000) / 10_000);
            assert_eq!(t.total, subtotal - t.discount + t.tax);
            assert_eq!(t.line_totals(&amounts).iter().sum::<i64>(), t.total);
            assert_eq!(t.line_discounts.iter().sum::<i64>(), t.discount);
            assert_eq!(t.line_taxes.iter().sum::<i64>(), t.tax);
            for (i, &a) in amounts.iter().enumerate() {
                assert!(t.line_discounts[i] >= 0 && t.line_discounts[i] <= a);
                assert!(t.line_taxes[i] >= 0);
            }
        }
    }

    #[test]
    fn money_is_read_and_written_in_the_currency() {
        assert_eq!(format_money(123_450, "USD"), "$1,234.50");
        assert_eq!(format_money(-500, "EUR"), "-€5.00");
        assert_eq!(format_money(1_200, "JPY"), "¥1,200");
        assert_eq!(format_decimal(5, "USD"), "0.05");
        assert_eq!(parse_money("1,234.5", "USD"), Ok(123_450));
        assert_eq!(parse_money("$20", "USD"), Ok(2_000));
        assert_eq!(parse_money(".05", "USD"), Ok(5));
        assert_eq!(parse_money("-3.10", "USD"), Ok(-310));
        assert_eq!(parse_money("1200", "JPY"), Ok(1_200));
        assert!(
            parse_money("1.234", "USD")
                .unwrap_err()
                .contains("2 decimals")
        );
        assert!(parse_money("12.5", "JPY").is_err());
        assert!(
            parse_money("ten", "USD")
                .unwrap_err()
                .contains("like 1234.50")
        );
        assert!(parse_money("", "USD").is_err());
        assert!(parse_money("99999999999999", "USD").is_err());
    }

    #[test]
    fn durations_are_read_in_every_usual_way() {
        assert_eq!(parse_duration("1.5"), Ok(90));
        assert_eq!(parse_duration("0.1"), Ok(6));
        assert_eq!(parse_duration("1:30"), Ok(90));
        assert_eq!(parse_duration("1h 30m"), Ok(90));
        assert_eq!(parse_duration("45m"), Ok(45));
        assert_eq!(parse_duration("2h"), Ok(120));
        assert_eq!(parse_duration(".25"), Ok(15));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("25").is_err());
        assert!(parse_duration("soon").is_err());
        assert_eq!(format_hours(90), "1.50");
        assert_eq!(format_hours(6), "0.10");
        assert_eq!(format_duration(90), "1:30");
    }

    #[test]
    fn percentages_are_basis_points() {
        assert_eq!(parse_percent("8.25"), Ok(825));
        assert_eq!(parse_percent("10%"), Ok(1_000));
        assert_eq!(parse_percent(""), Ok(0));
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("1.234").is_err());
        assert_eq!(format_percent(825), "8.25%");
        assert_eq!(format_percent(1_000), "10%");
        assert_eq!(format_percent(850), "8.5%");
    }
}
