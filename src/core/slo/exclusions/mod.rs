//! Exclusion windows (maintenance, known-bad data): spans of time removed from every SLO
//! figure they overlap. Removal happens on slices: a slice overlapping an excluded span has no
//! data (bad = total = NaN), exactly as if its samples had never been recorded, so every
//! method, burn rate, rolling budget and burn-down computed from the slices leaves it out.
//! Spans are half-open like slices, `(from, to]`: a window from 02:00 to 05:00 removes the
//! hourly slices ending at 03:00, 04:00 and 05:00.

mod codec;

pub use codec::{decode_param, encode_param, format_instant, parse_instant};

use super::math::Slices;
use super::Slo;
use crate::core::time::format_datetime;

/// One excluded span and what it applies to.
#[derive(Clone, Debug, PartialEq)]
pub struct Exclusion {
    /// Labels the span on charts, tables and exports.
    pub name: String,
    /// Start, Unix ms.
    pub from_ms: i64,
    /// End, Unix ms; after `from_ms`.
    pub to_ms: i64,
    /// SLO names or globs (`*`, `?`) it applies to; empty: every SLO.
    pub slos: Vec<String>,
    /// Service names or globs it applies to; empty: every service.
    pub services: Vec<String>,
}

/// Why an exclusion window is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExclusionError {
    EmptyName,
    BadTime {
        field: &'static str,
        text: String,
    },
    NotAfter {
        from: String,
        to: String,
    },
    EmptyPattern {
        list: &'static str,
        index: usize,
    },
    /// A URL entry that is not `from~to~name`.
    Malformed {
        text: String,
    },
}

impl ExclusionError {
    /// The offending field, relative to the window (`to`, `slos[1]`).
    pub fn field(&self) -> String {
        match self {
            ExclusionError::EmptyName => "name".into(),
            ExclusionError::BadTime { field, .. } => (*field).into(),
            ExclusionError::NotAfter { .. } => "to".into(),
            ExclusionError::EmptyPattern { list, index } => format!("{list}[{index}]"),
            ExclusionError::Malformed { .. } => String::new(),
        }
    }
}

impl std::error::Error for ExclusionError {}

impl std::fmt::Display for ExclusionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExclusionError::EmptyName => {
                write!(f, "a name is needed: it labels the window on charts, tables and exports")
            }
            ExclusionError::BadTime { field, text } => write!(
                f,
                "{field}: \"{text}\" is not a time; give RFC 3339 in UTC or with an offset, e.g. 2026-10-03T02:00:00Z"
            ),
            ExclusionError::NotAfter { from, to } => {
                write!(f, "the end ({to}) must be after the start ({from})")
            }
            ExclusionError::EmptyPattern { list, .. } => write!(
                f,
                "an empty pattern matches nothing; leave {list} out to apply to every one"
            ),
            ExclusionError::Malformed { text } => {
                write!(f, "\"{text}\" is not from~to~name (times like 20261003T0200Z)")
            }
        }
    }
}

impl Exclusion {
    /// A window over every SLO from the texts of its fields (see [`parse_instant`]).
    pub fn parse(name: &str, from: &str, to: &str) -> Result<Exclusion, ExclusionError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ExclusionError::EmptyName);
        }
        let time = |field: &'static str, text: &str| {
            parse_instant(text).ok_or_else(|| ExclusionError::BadTime {
                field,
                text: text.to_string(),
            })
        };
        let (from_ms, to_ms) = (time("from", from)?, time("to", to)?);
        if to_ms <= from_ms {
            return Err(ExclusionError::NotAfter {
                from: format_datetime(from_ms),
                to: format_datetime(to_ms),
            });
        }
        Ok(Exclusion {
            name: name.to_string(),
            from_ms,
            to_ms,
            slos: vec![],
            services: vec![],
        })
    }

    /// Whether it applies to `slo` (a grouped SLO, `name{k="v"}`, also matches by its
    /// definition's name).
    pub fn applies_to(&self, slo: &Slo) -> bool {
        let base = slo.name.split('{').next().unwrap_or_default();
        let any = |list: &[String], names: &[&str]| {
            list.is_empty() || list.iter().any(|p| names.iter().any(|n| glob(p, n)))
        };
        any(&self.slos, &[&slo.name, base]) && any(&self.services, &[&slo.service])
    }

    /// Whether it overlaps the span `(a, b]` (a slice, a window, a report period).
    pub fn overlaps(&self, a: i64, b: i64) -> bool {
        self.from_ms < b && self.to_ms > a
    }

    /// `2026-10-03 02:00 UTC – 2026-10-03 05:00 UTC`
    pub fn span_text(&self) -> String {
        format!(
            "{} – {}",
            format_datetime(self.from_ms),
            format_datetime(self.to_ms)
        )
    }

    /// `db migration (2026-10-03 02:00 UTC – 2026-10-03 05:00 UTC)`
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.span_text())
    }
}

impl Slices {
    /// These slices with every slice overlapping one of `spans` (`(from, to]`, ms) emptied:
    /// no data, as if its samples had been removed. The grid (start, length) is kept.
    pub fn without(&self, spans: &[(i64, i64)]) -> Slices {
        let mut out = self.clone();
        let pairs = out.bad.iter_mut().zip(out.total.iter_mut());
        for (i, (b, t)) in pairs.enumerate() {
            let end = self.end_of(i);
            if spans
                .iter()
                .any(|&(f, to)| f < end && to > end - self.slice_ms)
            {
                *b = f64::NAN;
                *t = f64::NAN;
            }
        }
        out
    }
}

/// The windows of `all` that apply to `slo` and overlap its loaded slices, and the slices
/// without them.
pub fn apply(all: &[Exclusion], slo: &Slo, s: &Slices) -> (Slices, Vec<Exclusion>) {
    let Some(last) = s.last_end_ms() else {
        return (s.clone(), vec![]);
    };
    let first = s.first_end_ms - s.slice_ms;
    let hits: Vec<Exclusion> = all
        .iter()
        .filter(|x| x.applies_to(slo) && x.overlaps(first, last))
        .cloned()
        .collect();
    if hits.is_empty() {
        return (s.clone(), hits);
    }
    let spans: Vec<(i64, i64)> = hits.iter().map(|x| (x.from_ms, x.to_ms)).collect();
    (s.without(&spans), hits)
}

/// Whether `text` matches `pattern`, where `*` is any run of characters and `?` any one.
pub fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('*', rest)) => {
                // Runs of stars are one star.
                let rest = rest
                    .iter()
                    .position(|c| *c != '*')
                    .map_or(&[][..], |k| rest.get(k..).unwrap_or_default());
                (0..=t.len()).any(|k| t.get(k..).is_some_and(|tail| go(rest, tail)))
            }
            Some(('?', rest)) => t.split_first().is_some_and(|(_, tt)| go(rest, tt)),
            Some((c, rest)) => t
                .split_first()
                .is_some_and(|(x, tt)| x == c && go(rest, tt)),
        }
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    go(&p, &t)
}

#[cfg(test)]
mod tests;
