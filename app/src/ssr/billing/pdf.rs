//! The invoice as a PDF on US Letter pages. Text is set in the standard Helvetica and
//! Helvetica-Bold fonts, not embedded and WinAnsi-encoded, so every viewer has them and the text
//! can be copied and extracted. Content streams are written directly in one pass over the lines,
//! so long invoices stay fast; the table header repeats on every page, and each page's footer
//! carries the invoice number and `Page X of Y`. Floating point is used for page coordinates
//! only: every amount is formatted from integer minor units.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::{
    PrintableInvoice, facts, line_details, long_date, number_label, period, time_minutes,
    total_rows,
};
use crate::billing::money::{format_hours, format_money};
use crate::billing::{Invoice, InvoiceLine, InvoiceStatus};

const PAGE_WIDTH: f32 = 612.0;
const PAGE_HEIGHT: f32 = 792.0;
const LEFT: f32 = 54.0;
const RIGHT: f32 = PAGE_WIDTH - 54.0;
const FULL_WIDTH: f32 = RIGHT - LEFT;
const TOP: f32 = PAGE_HEIGHT - 54.0;
/// Content stays above this; the footer sits below it.
const BOTTOM: f32 = 72.0;
const FOOTER_Y: f32 = 40.0;
/// Where the labels of the heading's facts start.
const FACTS_X: f32 = 400.0;
/// Where the labels of the totals block start.
const TOTALS_X: f32 = 330.0;

/// The logo's largest size in the heading, in points.
const LOGO_BOX: (f32, f32) = (160.0, 48.0);
/// The logo's name in the first page's resources.
const LOGO: Name<'static> = Name(b"Logo");

// The lines table: left edges of the date and description, right edges of the numbers.
const COL_DATE: f32 = LEFT + 4.0;
const COL_DESCRIPTION: f32 = 122.0;
const DESCRIPTION_WIDTH: f32 = 226.0;
const COL_HOURS: f32 = 396.0;
const COL_RATE: f32 = 476.0;
const COL_AMOUNT: f32 = RIGHT - 4.0;
const TABLE_HEADER: f32 = 18.0;
const ROW_PADDING: f32 = 3.5;
const ROW_LEADING: f32 = 11.5;
const SMALL_LEADING: f32 = 9.5;

type Rgb = [f32; 3];
/// Slate 900.
const INK: Rgb = [0.059, 0.090, 0.165];
/// Slate 500.
const MUTED: Rgb = [0.392, 0.455, 0.545];
/// Slate 200.
const RULE: Rgb = [0.886, 0.910, 0.941];
/// Slate 400.
const RULE_STRONG: Rgb = [0.580, 0.639, 0.722];
/// Slate 100.
const SHADE: Rgb = [0.945, 0.961, 0.976];
/// Indigo 600.
const ACCENT: Rgb = [0.310, 0.275, 0.898];
/// Red 600.
const DANGER: Rgb = [0.863, 0.149, 0.149];
/// Red 200, for the watermark of a void invoice.
const VOID_MARK: Rgb = [0.996, 0.792, 0.792];

/// A font, a size and a colour.
#[derive(Clone, Copy)]
struct Style {
    font: Font,
    size: f32,
    color: Rgb,
}

impl Style {
    /// How wide `text` (WinAnsi bytes) is set in this style, in points.
    fn width(self, text: &[u8]) -> f32 {
        let units: u32 = text
            .iter()
            .map(|&byte| u32::from(self.font.advance(byte)))
            .sum();
        units as f32 * self.size / 1000.0
    }
}

const BODY: Style = Style {
    font: Font::Regular,
    size: 9.0,
    color: INK,
};
const BODY_BOLD: Style = Style {
    font: Font::Bold,
    ..BODY
};
const BODY_MUTED: Style = Style {
    color: MUTED,
    ..BODY
};
const SMALL: Style = Style {
    font: Font::Regular,
    size: 7.5,
    color: MUTED,
};
const LABEL: Style = Style {
    font: Font::Bold,
    size: 8.0,
    color: MUTED,
};
const FIRM: Style = Style {
    font: Font::Bold,
    size: 16.0,
    color: INK,
};
const TITLE: Style = Style {
    font: Font::Bold,
    size: 20.0,
    color: ACCENT,
};
const EMPHASIS: Style = Style {
    font: Font::Bold,
    size: 10.0,
    color: INK,
};
const VOID_TITLE: Style = Style {
    font: Font::Bold,
    size: 14.0,
    color: DANGER,
};
const VOID_TEXT: Style = Style {
    color: DANGER,
    ..BODY
};

/// The invoice as a PDF document: heading, lines table, totals, trust balances, payment
/// instructions and notes, with `VOID` across every page of a void invoice.
pub fn invoice_pdf(doc: &PrintableInvoice) -> Vec<u8> {
    let logo = doc
        .logo
        .as_ref()
        .and_then(|logo| crate::ssr::firm_logo::decode(&logo.content));
    let pages = layout(doc, logo.as_ref().map(|l| (l.width, l.height)));
    let mut next_id = Ref::new(1);
    let catalog_id = next_id.bump();
    let tree_id = next_id.bump();
    let info_id = next_id.bump();
    let regular_id = next_id.bump();
    let bold_id = next_id.bump();
    let (logo_id, mask_id) = (next_id.bump(), next_id.bump());
    let ids: Vec<(Ref, Ref)> = pages
        .iter()
        .map(|_| (next_id.bump(), next_id.bump()))
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(ids.iter().map(|&(page_id, _)| page_id))
        .count(ids.len() as i32);
    let title = format!("Invoice {} · {}", number_label(&doc.invoice), doc.firm_name);
    pdf.document_info(info_id)
        .title(TextStr(&title))
        .producer(TextStr("Docket"));
    for (id, font) in [(regular_id, Font::Regular), (bold_id, Font::Bold)] {
        pdf.type1_font(id)
            .base_font(font.base_font())
            .encoding_predefined(Name(b"WinAnsiEncoding"))
            .first_char(32)
            .last_char(255)
            .widths(font.widths().iter().map(|&width| f32::from(width)));
    }
    if let Some(logo) = &logo {
        image(&mut pdf, logo_id, mask_id, logo);
    }
    for (i, ((page_id, content_id), content)) in ids.into_iter().zip(pages).enumerate() {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree_id)
            .contents(content_id);
        let mut resources = page.resources();
        resources
            .fonts()
            .pair(Font::Regular.name(), regular_id)
            .pair(Font::Bold.name(), bold_id);
        if i == 0 && logo.is_some() {
            resources.x_objects().pair(LOGO, logo_id);
        }
        resources.finish();
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

/// The logo as an image: its colours, and its transparency as a soft mask.
fn image(pdf: &mut Pdf, id: Ref, mask_id: Ref, logo: &crate::ssr::firm_logo::Pixels) {
    let size = (logo.width as i32, logo.height as i32);
    let mask = logo.alpha.as_ref().map(|_| mask_id);
    plane(pdf, id, &logo.rgb, size, Plane::Rgb(mask));
    if let Some(alpha) = &logo.alpha {
        plane(pdf, mask_id, alpha, size, Plane::Mask);
    }
}

/// What one 8-bit image of the logo holds.
enum Plane {
    /// Colour, with the mask that gives its transparency, if any.
    Rgb(Option<Ref>),
    /// Transparency, as grey.
    Mask,
}

/// One 8-bit image of `size` pixels, Flate-compressed.
fn plane(pdf: &mut Pdf, id: Ref, pixels: &[u8], size: (i32, i32), kind: Plane) {
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(pixels, 6);
    let mut xobject = pdf.image_xobject(id, &compressed);
    xobject.filter(Filter::FlateDecode);
    xobject.width(size.0);
    xobject.height(size.1);
    xobject.bits_per_component(8);
    match kind {
        Plane::Rgb(mask) => {
            xobject.color_space().device_rgb();
            if let Some(mask) = mask {
                xobject.s_mask(mask);
            }
        }
        Plane::Mask => {
            xobject.color_space().device_gray();
        }
    }
    xobject.finish();
}

/// Lays the invoice out: one content stream per page, footers included; the logo (of this
/// size in pixels) above the firm's name.
fn layout(doc: &PrintableInvoice, logo: Option<(u32, u32)>) -> Vec<Content> {
    let invoice = &doc.invoice;
    let mut layout = Layout::new(invoice.status == InvoiceStatus::Void);
    layout.heading(doc, logo);
    layout.table(invoice);
    layout.totals(invoice);
    layout.closing(doc);
    let mut pages = layout.finish();
    let count = pages.len();
    let footer = format!("{} · Invoice {}", doc.firm_name, number_label(invoice));
    let footer = wrap_text(&footer, SMALL, 400.0)
        .into_iter()
        .next()
        .unwrap_or_default();
    for (i, page) in pages.iter_mut().enumerate() {
        rule(page, LEFT, FOOTER_Y + 12.0, RULE);
        show(page, SMALL, LEFT, FOOTER_Y, &footer);
        let counter = format!("Page {} of {count}", i + 1);
        let x = RIGHT - SMALL.width(counter.as_bytes());
        show(page, SMALL, x, FOOTER_Y, counter.as_bytes());
    }
    pages
}

/// The pages written so far and where the next content goes.
struct Layout {
    done: Vec<Content>,
    page: Content,
    /// The top of the free space on the current page.
    y: f32,
    void: bool,
}

impl Layout {
    fn new(void: bool) -> Layout {
        let mut layout = Layout {
            done: Vec::new(),
            page: Content::new(),
            y: TOP,
            void,
        };
        layout.watermark();
        layout
    }

    fn new_page(&mut self) {
        let page = std::mem::replace(&mut self.page, Content::new());
        self.done.push(page);
        self.y = TOP;
        self.watermark();
    }

    fn finish(self) -> Vec<Content> {
        let mut pages = self.done;
        pages.push(self.page);
        pages
    }

    /// `VOID` in large pale letters across the page, under everything else, on a void invoice.
    fn watermark(&mut self) {
        if !self.void {
            return;
        }
        let style = Style {
            font: Font::Bold,
            size: 110.0,
            color: VOID_MARK,
        };
        let text = b"VOID";
        let width = style.width(text);
        let cap_height = 0.72 * style.size;
        let (sin, cos) = 30f32.to_radians().sin_cos();
        // Centre the word: back half its width along the baseline, down half its height across.
        let x = PAGE_WIDTH / 2.0 - cos * width / 2.0 + sin * cap_height / 2.0;
        let y = PAGE_HEIGHT / 2.0 - sin * width / 2.0 - cos * cap_height / 2.0;
        let [r, g, b] = style.color;
        self.page
            .begin_text()
            .set_fill_rgb(r, g, b)
            .set_font(style.font.name(), style.size)
            .set_text_matrix([cos, sin, -sin, cos, x, y])
            .show(Str(text))
            .end_text();
    }

    fn text(&mut self, style: Style, x: f32, baseline: f32, text: &[u8]) {
        show(&mut self.page, style, x, baseline, text);
    }

    fn text_right(&mut self, style: Style, right: f32, baseline: f32, text: &[u8]) {
        let x = right - style.width(text);
        self.text(style, x, baseline, text);
    }

    /// Writes one line at `x` and moves down `leading`, first starting a new page if the line
    /// does not fit on this one.
    fn flow(&mut self, style: Style, leading: f32, x: f32, text: &[u8]) {
        if self.y - leading < BOTTOM {
            self.new_page();
        }
        let baseline = self.y - style.size;
        self.text(style, x, baseline, text);
        self.y -= leading;
    }

    /// Writes `text` wrapped to `width` at `x`, breaking pages as needed.
    fn paragraph(&mut self, style: Style, leading: f32, x: f32, width: f32, text: &str) {
        for line in wrap_text(text, style, width) {
            self.flow(style, leading, x, &line);
        }
    }

    /// Writes `label` wrapped at `x` with `amount` right-aligned on its first line.
    fn amount_line(&mut self, style: Style, x: f32, width: f32, label: &str, amount: &str) {
        let leading = style.size + 4.0;
        for (i, text) in wrap_text(label, style, width).iter().enumerate() {
            if self.y - leading < BOTTOM {
                self.new_page();
            }
            let baseline = self.y - style.size;
            self.text(style, x, baseline, text);
            if i == 0 {
                self.text_right(style, COL_AMOUNT, baseline, &encode(amount));
            }
            self.y -= leading;
        }
    }

    /// A section's heading, kept on the page with room for a line or two below it.
    fn section(&mut self, title: &str) {
        self.y -= 14.0;
        if self.y - 36.0 < BOTTOM {
            self.new_page();
        }
        self.flow(LABEL, 13.0, LEFT, &encode(title));
    }

    /// The firm and its address at left, `INVOICE` and the invoice's facts at right; then the
    /// void notice, the client billed, the matters and the period.
    fn heading(&mut self, doc: &PrintableInvoice, logo: Option<(u32, u32)>) {
        let invoice = &doc.invoice;
        let mut left = TOP;
        if let Some((width, height)) = logo.filter(|(w, h)| *w > 0 && *h > 0) {
            // Scaled to fit the box, keeping its proportions.
            let scale = (LOGO_BOX.0 / width as f32).min(LOGO_BOX.1 / height as f32);
            let (w, h) = (width as f32 * scale, height as f32 * scale);
            self.page.save_state();
            self.page.transform([w, 0.0, 0.0, h, LEFT, left - h]);
            self.page.x_object(LOGO);
            self.page.restore_state();
            left -= h + 10.0;
        }
        for line in wrap_text(&doc.firm_name, FIRM, 320.0) {
            self.text(FIRM, LEFT, left - FIRM.size, &line);
            left -= 20.0;
        }
        let contact = doc.firm_contact.trim();
        for text in [doc.firm_address.trim(), contact]
            .into_iter()
            .filter(|t| !t.is_empty())
        {
            for line in wrap_text(text, BODY_MUTED, 320.0) {
                self.text(BODY_MUTED, LEFT, left - BODY.size, &line);
                left -= 12.0;
            }
        }
        let mut right = TOP;
        self.text_right(TITLE, RIGHT, right - TITLE.size, b"INVOICE");
        right -= 30.0;
        for fact in facts(invoice) {
            let baseline = right - BODY.size;
            self.text(BODY_MUTED, FACTS_X, baseline, &encode(fact.label));
            self.text_right(BODY_BOLD, RIGHT, baseline, &encode(&fact.value));
            right -= 13.0;
        }
        self.y = left.min(right) - 6.0;

        if self.void {
            self.y -= 8.0;
            self.flow(VOID_TITLE, 18.0, LEFT, b"VOID");
            let reason = invoice.void_reason.as_deref().unwrap_or_default().trim();
            let text = if reason.is_empty() {
                "This invoice was voided and is not payable.".to_string()
            } else {
                format!("This invoice was voided and is not payable. Reason: {reason}")
            };
            self.paragraph(VOID_TEXT, 12.0, LEFT, FULL_WIDTH, &text);
        }

        self.section("Bill to");
        self.paragraph(EMPHASIS, 13.0, LEFT, FULL_WIDTH, &invoice.client_name);
        if !invoice.client_address.trim().is_empty() {
            self.paragraph(BODY, 12.0, LEFT, FULL_WIDTH, invoice.client_address.trim());
        }
        if !invoice.matters.is_empty() {
            let title = if invoice.matters.len() == 1 {
                "Matter"
            } else {
                "Matters"
            };
            self.section(title);
            for matter in &invoice.matters {
                self.paragraph(BODY, 12.0, LEFT, FULL_WIDTH, &matter.label());
            }
        }
        if let Some(period) = period(invoice) {
            let text = format!("Period: {period}");
            self.paragraph(BODY_MUTED, 12.0, LEFT, FULL_WIDTH, &text);
        }
    }

    /// The lines table's header row, on a shaded band.
    fn table_header(&mut self) {
        let bottom = self.y - TABLE_HEADER;
        let [r, g, b] = SHADE;
        self.page
            .set_fill_rgb(r, g, b)
            .rect(LEFT, bottom, FULL_WIDTH, TABLE_HEADER)
            .fill_nonzero();
        let baseline = self.y - 12.0;
        self.text(LABEL, COL_DATE, baseline, b"Date");
        self.text(LABEL, COL_DESCRIPTION, baseline, b"Description");
        self.text_right(LABEL, COL_HOURS, baseline, b"Hours");
        self.text_right(LABEL, COL_RATE, baseline, b"Rate");
        self.text_right(LABEL, COL_AMOUNT, baseline, b"Amount");
        self.y = bottom - 2.0;
    }

    /// The lines table, its header repeated on every page it spans.
    fn table(&mut self, invoice: &Invoice) {
        self.y -= 16.0;
        if self.y - TABLE_HEADER - 40.0 < BOTTOM {
            self.new_page();
        }
        self.table_header();
        if invoice.lines.is_empty() {
            self.y -= ROW_PADDING;
            self.flow(BODY_MUTED, ROW_LEADING, COL_DESCRIPTION, b"No lines yet.");
            return;
        }
        let with_matter = invoice.matters.len() > 1;
        for line in &invoice.lines {
            self.row(line, &invoice.currency, with_matter);
        }
    }

    /// One line of the invoice: date, wrapped description with its details in small grey type
    /// below, hours and rate for time, and the amount.
    fn row(&mut self, line: &InvoiceLine, currency: &str, with_matter: bool) {
        let description = wrap_text(&line.description, BODY, DESCRIPTION_WIDTH);
        let details = line_details(line, with_matter);
        let details = if details.is_empty() {
            Vec::new()
        } else {
            wrap_text(&details, SMALL, DESCRIPTION_WIDTH)
        };
        let height = description.len() as f32 * ROW_LEADING
            + details.len() as f32 * SMALL_LEADING
            + 2.0 * ROW_PADDING;
        // Keep a row on one page unless it is taller than a whole page.
        if self.y - height < BOTTOM && height < TOP - TABLE_HEADER - BOTTOM {
            self.new_page();
            self.table_header();
        }
        self.y -= ROW_PADDING;
        for (i, text) in description.iter().enumerate() {
            self.continue_row(ROW_LEADING);
            let baseline = self.y - BODY.size;
            if i == 0 {
                self.text(
                    BODY,
                    COL_DATE,
                    baseline,
                    &encode(&long_date(line.line_date)),
                );
                if let Some(minutes) = time_minutes(line) {
                    self.text_right(BODY, COL_HOURS, baseline, &encode(&format_hours(minutes)));
                    let rate = format_money(line.rate, currency);
                    self.text_right(BODY, COL_RATE, baseline, &encode(&rate));
                }
                let amount = format_money(line.amount, currency);
                self.text_right(BODY, COL_AMOUNT, baseline, &encode(&amount));
            }
            self.text(BODY, COL_DESCRIPTION, baseline, text);
            self.y -= ROW_LEADING;
        }
        for text in &details {
            self.continue_row(SMALL_LEADING);
            let baseline = self.y - SMALL.size;
            self.text(SMALL, COL_DESCRIPTION, baseline, text);
            self.y -= SMALL_LEADING;
        }
        self.y -= ROW_PADDING;
        rule(&mut self.page, LEFT, self.y, RULE);
    }

    /// Carries a row taller than the rest of the page over to the next one.
    fn continue_row(&mut self, leading: f32) {
        if self.y - leading < BOTTOM {
            self.new_page();
            self.table_header();
            self.y -= ROW_PADDING;
        }
    }

    /// Subtotal, discount, tax, total, payments and the balance due, at right.
    fn totals(&mut self, invoice: &Invoice) {
        let rows = total_rows(invoice);
        self.y -= 10.0;
        if self.y - rows.len() as f32 * 17.0 < BOTTOM {
            self.new_page();
        }
        for row in rows {
            let (style, x) = if row.strong {
                (EMPHASIS, TOTALS_X)
            } else if row.detail {
                (SMALL, TOTALS_X + 10.0)
            } else {
                (BODY, TOTALS_X)
            };
            if row.strong {
                self.y -= 3.0;
                rule(&mut self.page, TOTALS_X, self.y, RULE_STRONG);
                self.y -= 3.0;
            }
            self.amount_line(style, x, COL_AMOUNT - 90.0 - x, &row.label, &row.amount);
        }
    }

    /// What is held in trust for the matters, how to pay, and the invoice's notes.
    fn closing(&mut self, doc: &PrintableInvoice) {
        let invoice = &doc.invoice;
        if !invoice.trust.is_empty() {
            self.section("Held in trust");
            for (matter, balance) in &invoice.trust {
                let amount = format_money(*balance, &invoice.currency);
                self.amount_line(BODY, LEFT, 360.0, &matter.label(), &amount);
            }
        }
        if !doc.payment_instructions.trim().is_empty() {
            self.section("Payment instructions");
            let text = doc.payment_instructions.trim();
            self.paragraph(BODY, 12.0, LEFT, FULL_WIDTH, text);
        }
        if !invoice.notes.trim().is_empty() {
            self.section("Notes");
            self.paragraph(BODY, 12.0, LEFT, FULL_WIDTH, invoice.notes.trim());
        }
    }
}

/// Shows `text` (WinAnsi bytes) with its baseline starting at `x`, `baseline`.
fn show(page: &mut Content, style: Style, x: f32, baseline: f32, text: &[u8]) {
    if text.is_empty() {
        return;
    }
    let [r, g, b] = style.color;
    page.begin_text()
        .set_fill_rgb(r, g, b)
        .set_font(style.font.name(), style.size)
        .next_line(x, baseline)
        .show(Str(text))
        .end_text();
}

/// A hairline from `from` to the right margin at height `y`.
fn rule(page: &mut Content, from: f32, y: f32, color: Rgb) {
    let [r, g, b] = color;
    page.set_stroke_rgb(r, g, b)
        .set_line_width(0.5)
        .move_to(from, y)
        .line_to(RIGHT, y)
        .stroke();
}

/// `text` in WinAnsi, broken into lines no wider than `width`: at its own line breaks, then
/// between words, and inside a word longer than a line. Always at least one line.
fn wrap_text(text: &str, style: Style, width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        wrap(&encode(paragraph), style, width, &mut lines);
    }
    if lines.is_empty() {
        lines.push(Vec::new());
    }
    lines
}

/// Breaks one paragraph of WinAnsi `text` into `lines`, greedily.
fn wrap(text: &[u8], style: Style, width: f32, lines: &mut Vec<Vec<u8>>) {
    let space = style.width(b" ");
    let mut line = Vec::new();
    let mut line_width = 0.0;
    for word in text
        .split(|&byte| byte == b' ')
        .filter(|word| !word.is_empty())
    {
        let word_width = style.width(word);
        if !line.is_empty() && line_width + space + word_width <= width {
            line.push(b' ');
            line.extend_from_slice(word);
            line_width += space + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line_width = 0.0;
        for &byte in word {
            let advance = style.width(&[byte]);
            if !line.is_empty() && line_width + advance > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            line.push(byte);
            line_width += advance;
        }
    }
    lines.push(line);
}

/// `text` in WinAnsiEncoding (Windows-1252), as the fonts are declared: ASCII and Latin-1 as
/// they are, the euro sign, curly quotes, dashes and the other typographic characters of
/// 0x80–0x9F at their codes, a space for control characters and other spaces, and `?` for
/// anything else.
fn encode(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi).collect()
}

fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' | '\u{a0}'..='\u{ff}' => c as u8,
        '\u{20ac}' => 0x80,
        '\u{201a}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201e}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02c6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8a,
        '\u{2039}' => 0x8b,
        '\u{0152}' => 0x8c,
        '\u{017d}' => 0x8e,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201c}' => 0x93,
        '\u{201d}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02dc}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9a,
        '\u{203a}' => 0x9b,
        '\u{0153}' => 0x9c,
        '\u{017e}' => 0x9e,
        '\u{0178}' => 0x9f,
        c if c.is_control() || c.is_whitespace() => b' ',
        _ => b'?',
    }
}

/// The two base-14 fonts the invoice is set in.
#[derive(Clone, Copy)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    /// Its name in the pages' resources.
    fn name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }

    /// Its PostScript name.
    fn base_font(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"Helvetica"),
            Font::Bold => Name(b"Helvetica-Bold"),
        }
    }

    /// Glyph widths for WinAnsi codes 32 to 255, in 1/1000 of the font size.
    fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        }
    }

    /// The width of the glyph for WinAnsi code `byte` (none for control codes).
    fn advance(self, byte: u8) -> u16 {
        byte.checked_sub(32)
            .map_or(0, |index| self.widths()[usize::from(index)])
    }
}

/// Helvetica's widths (Adobe's AFM metrics) for WinAnsi codes 32 to 255.
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 32
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 48
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 64
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 80
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 96
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350, // 112
    556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, // 128
    350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667, // 144
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 224
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 240
];

/// Helvetica-Bold's widths (Adobe's AFM metrics) for WinAnsi codes 32 to 255.
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 32
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 48
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 64
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 80
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 96
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 350, // 112
    556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, // 128
    350, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667, // 144
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 224
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 240
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::billing::sample_invoice;

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle)
    }

    fn assert_is_pdf(pdf: &[u8]) {
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
    }

    #[test]
    fn a_short_invoice_is_one_page() {
        let doc = sample_invoice(3);
        let pdf = invoice_pdf(&doc);
        assert_is_pdf(&pdf);
        assert_eq!(layout(&doc, None).len(), 1);
        assert!(contains(&pdf, b"/BaseFont /Helvetica-Bold"));
        assert!(contains(&pdf, b"/WinAnsiEncoding"));
        assert!(contains(&pdf, b"(INV-2026-0007)"));
        assert!(contains(&pdf, b"(Page 1 of 1)"));
        assert!(contains(&pdf, b"(Balance due)"));
        let total = format_money(doc.invoice.total, "USD");
        assert!(contains(&pdf, format!("({total})").as_bytes()));
    }

    #[test]
    fn the_logo_heads_the_first_page_with_its_transparency() {
        let mut doc = sample_invoice(3);
        doc.logo = Some(crate::ssr::db::entities::firm_logos::Model {
            firm_id: uuid::Uuid::nil(),
            id: uuid::Uuid::nil(),
            content: crate::ssr::firm_logo::tests::png(40, 10),
            width: 40,
            height: 10,
            etag: "e".into(),
            updated_at: 0,
        });
        let pdf = invoice_pdf(&doc);
        assert_is_pdf(&pdf);
        assert!(contains(&pdf, b"/Subtype /Image"));
        assert!(contains(&pdf, b"/SMask"));
        assert!(contains(&pdf, b"/Logo Do"));
        // 40 x 10 pixels fill the 160-point-wide box: 160 x 40 points.
        assert!(contains(&pdf, b"160 0 0 40 54 698 cm"));
        // The contact line holds a middle dot (0xB7 in WinAnsi), so it is a hex string.
        let contact: String = b"+1 207 555 0100 \xB7 billing@lee.law"
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert!(contains(&pdf, format!("<{contact}>").as_bytes()));
        assert!(!contains(
            &invoice_pdf(&sample_invoice(3)),
            b"/Subtype /Image"
        ));
    }

    #[test]
    fn five_hundred_lines_paginate() {
        let doc = sample_invoice(500);
        let pdf = invoice_pdf(&doc);
        assert_is_pdf(&pdf);
        let pages = layout(&doc, None).len();
        assert!(pages > 1, "{pages} pages");
        assert!(contains(
            &pdf,
            format!("(Page {pages} of {pages})").as_bytes()
        ));
        // The table header repeats on every page the lines run over (the totals and closing
        // sections may start one more).
        let headers = pdf.windows(13).filter(|w| *w == b"(Description)").count();
        assert!(
            headers == pages || headers == pages - 1,
            "{headers} of {pages}"
        );
    }

    #[test]
    fn drafts_and_void_invoices_say_so() {
        let mut doc = sample_invoice(2);
        doc.invoice.number = None;
        doc.invoice.status = InvoiceStatus::Draft;
        assert!(contains(&invoice_pdf(&doc), b"(DRAFT)"));
        doc.invoice.status = InvoiceStatus::Void;
        doc.invoice.void_reason = Some("Billed to the wrong client".into());
        let pdf = invoice_pdf(&doc);
        assert_is_pdf(&pdf);
        assert!(contains(&pdf, b"(VOID)"));
        assert!(contains(&pdf, b"Billed to the wrong client)"));
    }

    #[test]
    fn an_empty_invoice_still_renders() {
        let doc = sample_invoice(0);
        assert_is_pdf(&invoice_pdf(&doc));
        assert_eq!(layout(&doc, None).len(), 1);
    }

    #[test]
    fn text_is_encoded_in_win_ansi() {
        assert_eq!(
            encode("€5 “q” – é\t✓"),
            b"\x805 \x93q\x94 \x96 \xe9 ?".to_vec()
        );
        assert_eq!(encode("2026-0001 · Lee"), b"2026-0001 \xb7 Lee".to_vec());
    }

    #[test]
    fn text_wraps_within_the_width() {
        let text =
            "one two three four five six seven eight nine ten\n\nunbreakablewordthatistoolong";
        let lines = wrap_text(text, BODY, 60.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|line| BODY.width(line) <= 60.01));
        assert!(
            lines.iter().any(|line| line.is_empty()),
            "the blank line is kept"
        );
        let joined: Vec<u8> = lines.concat();
        assert!(contains(&joined, b"unbreakable"));
        assert_eq!(wrap_text("", BODY, 60.0), [Vec::<u8>::new()]);
        // Helvetica's digits are 556/1000 em wide.
        assert!((BODY.width(b"10") - 2.0 * 556.0 * 9.0 / 1000.0).abs() < 0.001);
    }
}
