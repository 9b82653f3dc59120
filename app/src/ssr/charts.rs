//! Server-rendered SVG charts (the billing reports, the platform dashboard): plain markup that reads without
//! JavaScript, each with a `<title>` and an `aria-label` summary for screen readers and a
//! tooltip per bar. Every text is XML-escaped. Charts are laid out on a 640-unit-wide `viewBox`
//! and scale to the width of their container.

/// The width of every chart, in `viewBox` units.
const WIDTH: i64 = 640;
const PADDING: i64 = 12;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/// Slate 700.
const TEXT: &str = "#334155";
/// Slate 500.
const MUTED: &str = "#64748b";
/// Slate 300.
const AXIS: &str = "#cbd5e1";
/// Indigo 600.
const BAR: &str = "#4f46e5";
/// From calm to warning: emerald, amber, orange, red.
const COLUMN_COLOURS: [&str; 4] = ["#10b981", "#f59e0b", "#f97316", "#ef4444"];

// Bar charts: names at left, bars from `NAME_WIDTH`, room for the value after the longest bar.
const NAME_WIDTH: i64 = 180;
const VALUE_WIDTH: i64 = 110;
const ROW: i64 = 30;
const BAR_HEIGHT: i64 = 18;
const NAME_CHARS: usize = 24;

// Column charts: value labels above the columns, names below the baseline.
const COLUMNS_HEIGHT: i64 = 240;
const COLUMN_TOP: i64 = 30;
const COLUMN_BASELINE: i64 = 204;
const COLUMN_MAX_WIDTH: i64 = 96;

/// Horizontal bars, one row per `(name, value)`: the name at left, a bar as long as the value
/// is against the largest (which spans the full width), and the value as `label` writes it at
/// the bar's end. Says "No data yet" when there are no bars or all are zero.
pub fn bar_chart(title: &str, bars: &[(String, i64)], label: impl Fn(i64) -> String) -> String {
    if bars.iter().all(|(_, value)| *value == 0) {
        return no_data(title);
    }
    let labels: Vec<String> = bars.iter().map(|(_, value)| label(*value)).collect();
    let max = bars.iter().map(|(_, value)| *value).max().unwrap_or(0);
    let span = WIDTH - NAME_WIDTH - VALUE_WIDTH;
    let height = 2 * PADDING + ROW * bars.len() as i64;
    let mut svg = open(title, &summary(title, bars, &labels), height);
    for (i, ((name, value), amount)) in bars.iter().zip(&labels).enumerate() {
        let top = PADDING + ROW * i as i64 + (ROW - BAR_HEIGHT) / 2;
        let baseline = top + BAR_HEIGHT / 2 + 5;
        let length = scale(*value, max, span);
        let value_x = NAME_WIDTH + length + 8;
        svg.push_str(&format!(
            "<g><title>{name}: {amount}</title>\
             <text x=\"{PADDING}\" y=\"{baseline}\" fill=\"{TEXT}\">{short}</text>\
             <rect x=\"{NAME_WIDTH}\" y=\"{top}\" width=\"{length}\" height=\"{BAR_HEIGHT}\" \
             rx=\"3\" fill=\"{BAR}\"/>\
             <text x=\"{value_x}\" y=\"{baseline}\" fill=\"{TEXT}\">{amount}</text></g>",
            name = escape(name),
            amount = escape(amount),
            short = escape(&shorten(name, NAME_CHARS)),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// How a column chart colours its columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    /// From calm to warning, left to right (the aging buckets: current, 31–60, 61–90, 90+).
    CalmToWarning,
    /// All alike (counts over time).
    Single,
}

/// Vertical columns, one per `(name, value)`, coloured as `palette` says, each with its value
/// as `label` writes it above and its name below. Says "No data yet" when there are no columns
/// or all are zero.
pub fn column_chart(
    title: &str,
    columns: &[(String, i64)],
    palette: Palette,
    label: impl Fn(i64) -> String,
) -> String {
    if columns.iter().all(|(_, value)| *value == 0) {
        return no_data(title);
    }
    let labels: Vec<String> = columns.iter().map(|(_, value)| label(*value)).collect();
    let max = columns.iter().map(|(_, value)| *value).max().unwrap_or(0);
    let count = columns.len() as i64;
    let slot = (WIDTH - 2 * PADDING) / count;
    let width = (slot * 3 / 5).min(COLUMN_MAX_WIDTH);
    let name_chars = usize::try_from(slot / 8).unwrap_or(0).max(4);
    let mut svg = open(title, &summary(title, columns, &labels), COLUMNS_HEIGHT);
    svg.push_str(&format!(
        "<line x1=\"{PADDING}\" y1=\"{COLUMN_BASELINE}\" x2=\"{}\" y2=\"{COLUMN_BASELINE}\" \
         stroke=\"{AXIS}\"/>",
        WIDTH - PADDING
    ));
    for (i, ((name, value), amount)) in columns.iter().zip(&labels).enumerate() {
        let height = scale(*value, max, COLUMN_BASELINE - COLUMN_TOP);
        let centre = PADDING + slot * i as i64 + slot / 2;
        let x = centre - width / 2;
        let top = COLUMN_BASELINE - height;
        let value_y = top - 8;
        let name_y = COLUMN_BASELINE + 22;
        let colour = match palette {
            Palette::CalmToWarning => COLUMN_COLOURS[i * COLUMN_COLOURS.len() / columns.len()],
            Palette::Single => BAR,
        };
        svg.push_str(&format!(
            "<g><title>{name}: {amount}</title>\
             <rect x=\"{x}\" y=\"{top}\" width=\"{width}\" height=\"{height}\" rx=\"3\" \
             fill=\"{colour}\"/>\
             <text x=\"{centre}\" y=\"{value_y}\" text-anchor=\"middle\" fill=\"{TEXT}\">\
             {amount}</text>\
             <text x=\"{centre}\" y=\"{name_y}\" text-anchor=\"middle\" fill=\"{TEXT}\">\
             {short}</text></g>",
            name = escape(name),
            amount = escape(amount),
            short = escape(&shorten(name, name_chars)),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The opening `<svg>` tag and the chart's `<title>`.
fn open(title: &str, summary: &str, height: i64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-label=\"{}\" font-family=\"{FONT}\" \
         font-size=\"13\"><title>{}</title>",
        escape(summary),
        escape(title),
    )
}

/// A chart with nothing to show.
fn no_data(title: &str) -> String {
    let mut svg = open(title, &format!("{title}: no data yet"), 72);
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"40\" text-anchor=\"middle\" fill=\"{MUTED}\">No data yet</text></svg>",
        WIDTH / 2
    ));
    svg
}

/// `Title: name value, name value` for screen readers.
fn summary(title: &str, entries: &[(String, i64)], labels: &[String]) -> String {
    let items: Vec<String> = entries
        .iter()
        .zip(labels)
        .map(|((name, _), label)| format!("{name} {label}"))
        .collect();
    format!("{title}: {}", items.join(", "))
}

/// `value` as a share of `span`, `max` being all of it; at least a sliver for any positive
/// value, nothing for zero or less.
fn scale(value: i64, max: i64, span: i64) -> i64 {
    if value <= 0 || max <= 0 {
        return 0;
    }
    let length = i128::from(value) * i128::from(span) / i128::from(max);
    i64::try_from(length).unwrap_or(span).clamp(2, span)
}

/// `text` cut to `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// `text` safe in SVG text and attributes: `& < > " '` as entities; control characters, which
/// XML does not allow, dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::money::format_money;

    fn usd(minor: i64) -> String {
        format_money(minor, "USD")
    }

    #[test]
    fn every_text_is_escaped() {
        let bars = [("O'Hara \"& Co\" <b>".to_string(), 100)];
        let svg = bar_chart("Fees <by> lawyer & year", &bars, |v| format!("<{v}>"));
        assert!(
            svg.contains("<title>Fees &lt;by&gt; lawyer &amp; year</title>"),
            "{svg}"
        );
        assert!(
            svg.contains("O&#39;Hara &quot;&amp; Co&quot; &lt;b&gt;"),
            "{svg}"
        );
        assert!(svg.contains("&lt;100&gt;"), "{svg}");
        assert!(!svg.contains("<b>") && !svg.contains("<100>"), "{svg}");
        assert_eq!(escape("a\u{0}b\nc"), "ab c");
    }

    #[test]
    fn bars_show_each_name_and_value_in_proportion() {
        let bars = [
            ("Ann Lee".to_string(), 120_000),
            ("Bo Chen".to_string(), 60_000),
        ];
        let svg = bar_chart("Fees by lawyer", &bars, usd);
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(
            svg.contains("role=\"img\"") && svg.contains("width=\"100%\""),
            "{svg}"
        );
        let summary = "aria-label=\"Fees by lawyer: Ann Lee $1,200.00, Bo Chen $600.00\"";
        assert!(svg.contains(summary), "{svg}");
        for text in [">Ann Lee<", ">Bo Chen<", ">$1,200.00<", ">$600.00<"] {
            assert!(svg.contains(text), "{text} in {svg}");
        }
        let span = WIDTH - NAME_WIDTH - VALUE_WIDTH;
        assert!(svg.contains(&format!("width=\"{span}\"")), "{svg}");
        assert!(svg.contains(&format!("width=\"{}\"", span / 2)), "{svg}");
        assert!(svg.contains(BAR), "{svg}");
        assert!(svg.contains(&format!("viewBox=\"0 0 640 {}\"", 2 * PADDING + 2 * ROW)));
    }

    #[test]
    fn aging_columns_go_from_calm_to_warning() {
        let buckets = [
            ("Current".to_string(), 500_000),
            ("31–60".to_string(), 250_000),
            ("61–90".to_string(), 0),
            ("90+".to_string(), 125_000),
        ];
        let svg = column_chart("Aging", &buckets, Palette::CalmToWarning, usd);
        for text in [
            ">Current<",
            ">31–60<",
            ">61–90<",
            ">90+<",
            ">$5,000.00<",
            ">$0.00<",
        ] {
            assert!(svg.contains(text), "{text} in {svg}");
        }
        let positions: Vec<usize> = COLUMN_COLOURS
            .iter()
            .map(|colour| svg.find(colour).expect("every colour is used"))
            .collect();
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{svg}");
    }

    #[test]
    fn empty_charts_say_so() {
        for svg in [
            bar_chart("Fees", &[], usd),
            bar_chart("Fees", &[("Ann".to_string(), 0)], usd),
            column_chart("Aging", &[], Palette::CalmToWarning, usd),
        ] {
            assert!(svg.contains(">No data yet</text>"), "{svg}");
            assert!(
                svg.contains("role=\"img\"") && svg.contains("<title>"),
                "{svg}"
            );
        }
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
