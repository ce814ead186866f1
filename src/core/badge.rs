//! SVG status badges, shields.io style: a grey label and a value coloured by the SLO's status
//! (`checkout-availability · 99.9% | 99.95% ✓ · budget 42%`). Built as a standalone SVG string
//! (its own `xmlns`, no styles, no scripts) so the same text can be shown inline, downloaded
//! and committed next to a README, or served by the badge embed.

use crate::core::chart::format_percent;
use crate::core::slo::Status;

/// Height of every badge, in pixels.
pub const HEIGHT: u32 = 20;
/// Horizontal padding either side of each part's text.
const PAD: f64 = 6.0;
/// The label part's colour (shields' grey).
const LABEL_COLOR: &str = "#555";

/// The figures a badge shows for one SLO.
#[derive(Clone, Debug, PartialEq)]
pub struct SloBadge<'a> {
    pub name: &'a str,
    pub objective: f64,
    /// Attainment over the window; NaN when there were no events.
    pub attainment: f64,
    /// Share of the error budget left (negative once breached).
    pub budget_remaining: f64,
    pub status: Status,
}

/// A rendered badge: the SVG text and its size.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

/// The fill of the value part for a status.
pub fn status_color(status: Status) -> &'static str {
    match status {
        Status::Healthy => "#2da44e",
        Status::AtRisk => "#bf8700",
        Status::Paging | Status::Breached => "#cf222e",
        Status::NoData => "#6e7781",
    }
}

impl SloBadge<'_> {
    /// Left part: the SLO's name and objective.
    pub fn label(&self) -> String {
        format!("{} · {}", self.name, format_percent(self.objective))
    }

    /// Right part: attainment, whether it meets the objective, and the budget left.
    pub fn value(&self) -> String {
        if !self.attainment.is_finite() {
            return "no data".into();
        }
        let mark = if self.attainment >= self.objective {
            "✓"
        } else {
            "✗"
        };
        let budget = if self.budget_remaining.is_finite() {
            format!("{:.0}%", self.budget_remaining * 100.0)
        } else {
            "no data".into()
        };
        format!(
            "{} {mark} · budget {budget}",
            format_percent(self.attainment)
        )
    }

    /// The tooltip and accessible name: every figure in words.
    pub fn description(&self) -> String {
        format!(
            "SLO {}: {} — attainment {} against an objective of {}, {} of the error budget left",
            self.name,
            self.status.label(),
            format_percent(self.attainment),
            format_percent(self.objective),
            format_percent(self.budget_remaining),
        )
    }

    pub fn render(&self) -> Badge {
        render(
            &self.label(),
            &self.value(),
            status_color(self.status),
            &self.description(),
        )
    }
}

/// Approximate advance of a character in 11 px Verdana (shields' font), in pixels. The text is
/// also given `textLength`, so another font is stretched or squeezed to the same width.
fn char_width(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | ':' | ';' | '·' | '\'' | '!' | '|' => 3.9,
        'i' | 'l' | 'I' | 'j' | 'f' | 't' | '(' | ')' | '[' | ']' => 3.9,
        'r' | '-' | '/' | '"' => 4.8,
        's' | 'c' | 'z' | '_' => 5.8,
        'm' | 'M' | 'W' => 10.7,
        'w' => 9.0,
        '%' => 11.8,
        '✓' | '✗' | '—' | '≥' => 9.0,
        '0'..='9' => 7.0,
        'A'..='Z' => 7.6,
        c if c.is_ascii() => 6.8,
        // Wide scripts (CJK, emoji) take about a full em.
        c if (c as u32) >= 0x2E80 => 11.0,
        _ => 7.0,
    }
}

/// The drawn width of `text`, rounded up to whole pixels.
pub fn text_width(text: &str) -> u32 {
    text.chars().map(char_width).sum::<f64>().ceil() as u32
}

/// Escapes text for XML character data and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    super::text::push_escaped(&mut out, text);
    out
}

/// A two-part badge: `label` on grey, `value` on `color`, `title` as its tooltip.
pub fn render(label: &str, value: &str, color: &str, title: &str) -> Badge {
    let (lw, vw) = (text_width(label), text_width(value));
    let left = lw + 2 * PAD as u32;
    let right = vw + 2 * PAD as u32;
    let width = left + right;
    let (label, value, title, color) = (
        escape_xml(label),
        escape_xml(value),
        escape_xml(title),
        escape_xml(color),
    );
    let lx = f64::from(left) / 2.0;
    let vx = f64::from(left) + f64::from(right) / 2.0;
    // Ids are prefixed: the same SVG may sit inline in a page next to other SVG.
    let svg = format!(
        concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{title}">"##,
            r##"<title>{title}</title>"##,
            r##"<linearGradient id="hr-badge-s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##,
            r##"<clipPath id="hr-badge-r"><rect width="{w}" height="{h}" rx="3" fill="#fff"/></clipPath>"##,
            r##"<g clip-path="url(#hr-badge-r)"><rect width="{left}" height="{h}" fill="{lc}"/><rect x="{left}" width="{right}" height="{h}" fill="{color}"/><rect width="{w}" height="{h}" fill="url(#hr-badge-s)"/></g>"##,
            r##"<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">"##,
            r##"<text x="{lx}" y="15" fill="#010101" fill-opacity=".3" textLength="{lw}" lengthAdjust="spacingAndGlyphs">{label}</text>"##,
            r##"<text x="{lx}" y="14" textLength="{lw}" lengthAdjust="spacingAndGlyphs">{label}</text>"##,
            r##"<text x="{vx}" y="15" fill="#010101" fill-opacity=".3" textLength="{vw}" lengthAdjust="spacingAndGlyphs">{value}</text>"##,
            r##"<text x="{vx}" y="14" textLength="{vw}" lengthAdjust="spacingAndGlyphs">{value}</text>"##,
            "</g></svg>\n"
        ),
        w = width,
        h = HEIGHT,
        left = left,
        right = right,
        lc = LABEL_COLOR,
        color = color,
        title = title,
        lx = lx,
        vx = vx,
        lw = lw,
        vw = vw,
        label = label,
        value = value,
    );
    Badge {
        svg,
        width,
        height: HEIGHT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn badge(name: &str, attainment: f64, budget: f64, status: Status) -> Badge {
        SloBadge {
            name,
            objective: 0.999,
            attainment,
            budget_remaining: budget,
            status,
        }
        .render()
    }

    #[test]
    fn shows_objective_attainment_and_budget() {
        let b = SloBadge {
            name: "checkout-availability",
            objective: 0.999,
            attainment: 0.9995,
            budget_remaining: 0.42,
            status: Status::Healthy,
        };
        assert_eq!(b.label(), "checkout-availability · 99.9%");
        assert_eq!(b.value(), "99.95% ✓ · budget 42%");
        let svg = b.render().svg;
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" "#));
        assert!(svg.contains(">99.95% ✓ · budget 42%</text>"));
        assert!(svg.contains(">checkout-availability · 99.9%</text>"));
        assert!(svg.trim_end().ends_with("</svg>"));
        // No style attribute or element: a strict CSP would refuse it inline.
        assert!(!svg.contains("style"));
    }

    #[test]
    fn breached_and_no_data_say_so() {
        let breached = SloBadge {
            name: "a",
            objective: 0.999,
            attainment: 0.99,
            budget_remaining: -9.0,
            status: Status::Breached,
        };
        assert_eq!(breached.value(), "99% ✗ · budget -900%");
        let empty = SloBadge {
            attainment: f64::NAN,
            budget_remaining: f64::NAN,
            status: Status::NoData,
            ..breached
        };
        // "No data" is never shown as 100%.
        assert_eq!(empty.value(), "no data");
    }

    #[test]
    fn escapes_text() {
        let b = badge("<script>&\"x'", 0.9995, 0.5, Status::Healthy).svg;
        assert!(b.contains("&lt;script&gt;&amp;&quot;x&apos;"));
        assert!(!b.contains("<script>"));
        assert_eq!(escape_xml("a\u{1}b"), "a\u{FFFD}b");
    }

    #[test]
    fn widths_grow_with_text() {
        assert!(text_width("checkout-availability") > text_width("checkout"));
        assert!(text_width("mmmm") > text_width("iiii"));
        let short = badge("a", 0.9995, 0.5, Status::Healthy);
        let long = badge("a-much-longer-slo-name", 0.9995, 0.5, Status::Healthy);
        assert!(long.width > short.width);
        assert!(long.svg.contains(&format!(r#"width="{}""#, long.width)));
        assert_eq!(long.height, HEIGHT);
    }

    #[test]
    fn colours_follow_status() {
        let colours: Vec<&str> = [
            Status::Healthy,
            Status::AtRisk,
            Status::Breached,
            Status::NoData,
        ]
        .into_iter()
        .map(status_color)
        .collect();
        for (i, c) in colours.iter().enumerate() {
            assert!(!colours.get(i + 1..).unwrap_or_default().contains(c));
        }
        for status in [Status::Healthy, Status::Breached] {
            let svg = badge("x", 0.99, 0.1, status).svg;
            assert!(svg.contains(&format!(r#"fill="{}""#, status_color(status))));
        }
    }
}
