//! Times and the URL form of exclusion windows. In the page's query string,
//! `exclude=<from>~<to>~<name>`, several joined with `,`; times in ISO 8601's basic form in
//! UTC (`20261003T0200Z`, seconds when not zero), which needs no escaping. A name's `%`, `~`
//! and `,` are percent-escaped. Windows from the URL apply to every SLO.

use super::{Exclusion, ExclusionError};
use crate::core::route::decode_segment;
use crate::core::time::{civil_from_days, parse_rfc3339, DAY_MS};

/// A time as people and forms write it, in ms: RFC 3339 (`2026-10-03T02:00:00Z`, with an
/// offset or a fraction), the same without seconds (`2026-10-03T02:00Z`), an `<input
/// type="datetime-local">` value read as UTC (`2026-10-03T02:00`), or the URL's basic form
/// (`20261003T0200Z`, `20261003T020030Z`).
pub fn parse_instant(text: &str) -> Option<i64> {
    let s = text.trim();
    if let Some(t) = parse_rfc3339(s) {
        return Some(t);
    }
    let digits =
        |r: std::ops::Range<usize>| s.get(r).filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
    // Without seconds: `yyyy-mm-ddThh:mm` and an optional zone.
    if s.get(13..14) == Some(":") && s.get(4..5) == Some("-") && s.get(16..17) != Some(":") {
        let zone = match s.get(16..)? {
            "" => "Z",
            z => z,
        };
        return parse_rfc3339(&format!("{}:00{zone}", s.get(..16)?));
    }
    // Basic: `yyyymmddThhmm[ss]Z`.
    let seconds = match s.len() {
        14 => "00",
        16 => digits(13..15)?,
        _ => return None,
    };
    if s.get(8..9) != Some("T") || !s.ends_with('Z') {
        return None;
    }
    let (y, mo, d) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
    let (h, mi) = (digits(9..11)?, digits(11..13)?);
    parse_rfc3339(&format!("{y}-{mo}-{d}T{h}:{mi}:{seconds}Z"))
}

/// The URL's form of a time: `20261003T0200Z`, with seconds when not zero (milliseconds are
/// dropped).
pub fn format_instant(t_ms: i64) -> String {
    let (y, m, d) = civil_from_days(t_ms.div_euclid(DAY_MS));
    let s = t_ms.rem_euclid(DAY_MS) / 1000;
    let (h, mi, se) = (s / 3600, s % 3600 / 60, s % 60);
    if se == 0 {
        format!("{y:04}{m:02}{d:02}T{h:02}{mi:02}Z")
    } else {
        format!("{y:04}{m:02}{d:02}T{h:02}{mi:02}{se:02}Z")
    }
}

fn escape_name(name: &str) -> String {
    name.replace('%', "%25")
        .replace('~', "%7E")
        .replace(',', "%2C")
}

/// The `exclude=` value for these windows (their SLO and service lists are not kept).
pub fn encode_param(windows: &[Exclusion]) -> String {
    let parts: Vec<String> = windows
        .iter()
        .map(|x| {
            format!(
                "{}~{}~{}",
                format_instant(x.from_ms),
                format_instant(x.to_ms),
                escape_name(&x.name)
            )
        })
        .collect();
    parts.join(",")
}

/// Every window of an `exclude=` value (already URL-decoded), each read on its own: one bad
/// entry does not hide the others.
pub fn decode_param(value: &str) -> Vec<Result<Exclusion, ExclusionError>> {
    value
        .split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let mut fields = p.splitn(3, '~');
            match (fields.next(), fields.next(), fields.next()) {
                (Some(from), Some(to), Some(name)) => {
                    Exclusion::parse(&decode_segment(name), from, to)
                }
                _ => Err(ExclusionError::Malformed {
                    text: p.to_string(),
                }),
            }
        })
        .collect()
}
