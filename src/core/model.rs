//! The shared data model every source adapter produces and every view consumes.

use std::collections::BTreeMap;

/// Label set of a series or entity, ordered so that display and hashing are stable.
pub type Labels = BTreeMap<String, String>;

/// One sample: Unix time in milliseconds and a value (NaN and ±Inf are legal values).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub t_ms: i64,
    pub v: f64,
}

/// A time series. Samples are sorted by time and sparse: a missing step is simply absent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Series {
    pub labels: Labels,
    pub samples: Vec<Sample>,
}

impl Series {
    /// A short human name: the given label's value if present, else `{k="v", …}`.
    pub fn display_name(&self, prefer: &str) -> String {
        if let Some(v) = self.labels.get(prefer) {
            return v.clone();
        }
        if self.labels.is_empty() {
            return "{}".to_string();
        }
        let inner: Vec<String> = self
            .labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{v}\""))
            .collect();
        format!("{{{}}}", inner.join(", "))
    }

    /// Samples with `start_ms <= t <= end_ms` (both inclusive, like Prometheus ranges).
    pub fn window(&self, start_ms: i64, end_ms: i64) -> &[Sample] {
        between(&self.samples, start_ms, end_ms)
    }
}

/// Samples (sorted by time) with `start_ms <= t <= end_ms` (both inclusive).
pub fn between(samples: &[Sample], start_ms: i64, end_ms: i64) -> &[Sample] {
    let lo = samples.partition_point(|s| s.t_ms < start_ms);
    let hi = samples.partition_point(|s| s.t_ms <= end_ms);
    // Both points are at most the length: never the empty fallback.
    samples.get(lo..hi.max(lo)).unwrap_or_default()
}

/// A closed time range in Unix milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeRange {
    pub start_ms: i64,
    pub end_ms: i64,
}

impl TimeRange {
    pub fn ending_at(end_ms: i64, duration_ms: i64) -> Self {
        TimeRange {
            start_ms: end_ms - duration_ms,
            end_ms,
        }
    }
    pub fn duration_ms(&self) -> i64 {
        self.end_ms - self.start_ms
    }
}

/// A warning a source attached to its data (Prometheus `warnings`/`infos`, skipped lines …).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warning,
}

/// Prometheus sample values are strings; Go prints NaN, +Inf and -Inf this way.
pub fn parse_value(s: &str) -> Result<f64, String> {
    match s {
        "NaN" => Ok(f64::NAN),
        "+Inf" | "Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        _ => s
            .parse::<f64>()
            .map_err(|_| format!("\"{s}\" is not a sample value")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(ts: &[i64]) -> Series {
        Series {
            labels: Labels::new(),
            samples: ts.iter().map(|&t| Sample { t_ms: t, v: 1.0 }).collect(),
        }
    }

    #[test]
    fn window_is_inclusive_on_both_ends() {
        let s = series(&[0, 10, 20, 30]);
        let w: Vec<i64> = s.window(10, 20).iter().map(|s| s.t_ms).collect();
        assert_eq!(w, vec![10, 20]);
        assert!(s.window(31, 40).is_empty());
        assert!(s.window(20, 10).is_empty());
    }

    #[test]
    fn display_name_prefers_label_then_selector() {
        let mut s = series(&[]);
        assert_eq!(s.display_name("service"), "{}");
        s.labels.insert("code".into(), "500".into());
        assert_eq!(s.display_name("service"), "{code=\"500\"}");
        s.labels.insert("service".into(), "checkout".into());
        assert_eq!(s.display_name("service"), "checkout");
    }
}
