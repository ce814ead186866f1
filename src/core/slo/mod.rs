//! SLOs: the definition Headroom computes with, the PromQL it sends, and the math on slices.
//! Reference: `shared/reference/slo-math.md`.

pub mod discover;
pub mod exclusions;
pub mod grouping;
mod math;
pub mod quality;
mod query;
pub mod raw;
mod series;

pub use series::burndown;
pub mod formats;
mod summary;
pub mod what_if;
mod window;

pub use math::{burn_rate, figures, rolling_budget, Figures, Method, Slices, Status};
pub use query::{
    grouped_slice_queries, latency_quantile_queries, latency_selectors, op_symbol, slice_queries,
    SliceQueries, DEFAULT_THRESHOLD_INTERVAL_MS,
};
pub use summary::{
    alert_tiers, fast_burn_threshold, summarize, tier_history, AlertTier, Summary, BURN_WINDOWS,
};
pub use window::{period_start, Window};

use std::collections::BTreeMap;

use crate::core::config::{objective_ratio, SliConfig, SloConfig};
use crate::core::time::{format_duration, parse_duration, DAY_MS, HOUR_MS, MINUTE_MS};

/// Default length of the aligned slices SLO figures are summed from.
pub const SLICE_MS: i64 = HOUR_MS;
/// How much history the views load (enough for a 30-day window's 60-day trend and reports).
pub const HISTORY_MS: i64 = 91 * DAY_MS;

/// A validated SLO.
#[derive(Clone, Debug, PartialEq)]
pub struct Slo {
    pub name: String,
    pub service: String,
    pub team: String,
    pub description: String,
    /// Objective as a ratio, e.g. 0.999.
    pub objective: f64,
    pub window: Window,
    pub method: Method,
    pub slice_ms: i64,
    pub labels: BTreeMap<String, String>,
    /// Series labels that split this definition into one SLO per value.
    pub group_by: Vec<String>,
    pub source: String,
    pub sli: SliConfig,
}

/// A field (relative to the SLO) and what is wrong with it.
pub type FieldError = (&'static str, String);

fn check_selector(field: &'static str, s: &str) -> Result<(), FieldError> {
    if s.trim().is_empty() {
        return Err((field, "must not be empty".into()));
    }
    Ok(())
}

impl Slo {
    pub fn from_config(c: &SloConfig) -> Result<Slo, FieldError> {
        let objective = objective_ratio(c.objective).map_err(|m| ("objective", m))?;
        let window = Window::parse(&c.window, c.timezone.as_deref()).map_err(|m| ("window", m))?;
        if c.timezone.is_some() && matches!(window, Window::Rolling(_)) {
            crate::core::tz::Zone::parse(c.timezone.as_deref().unwrap_or_default())
                .map_err(|m| ("timezone", m))?;
        }
        let slice_ms = match &c.slice {
            Some(s) => parse_duration(s).map_err(|m| ("slice", m))?,
            None => SLICE_MS,
        };
        if !(MINUTE_MS..=DAY_MS).contains(&slice_ms) || slice_ms % MINUTE_MS != 0 {
            return Err((
                "slice",
                format!(
                    "{} must be whole minutes between 1m and 1d",
                    format_duration(slice_ms)
                ),
            ));
        }
        let target = match c.timeslice_target {
            Some(t) => Some(objective_ratio(t).map_err(|m| ("timeslice_target", m))?),
            None => None,
        };
        let method = match c.method.as_deref().unwrap_or("occurrences") {
            "occurrences" => Method::Occurrences,
            "timeslices" => Method::Timeslices {
                target: target.unwrap_or(objective),
            },
            "ratio_timeslices" => Method::RatioTimeslices,
            m => {
                return Err((
                    "method",
                    format!("\"{m}\" is not occurrences, timeslices or ratio_timeslices"),
                ))
            }
        };
        if let Some(bad) = c
            .group_by
            .iter()
            .find(|l| l.is_empty() || !l.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
        {
            return Err(("group_by", format!("\"{bad}\" is not a label name")));
        }
        if !c.group_by.is_empty() && matches!(c.sli, SliConfig::Events { .. }) {
            return Err((
                "group_by",
                "cannot split PromQL written by hand (sli.events); add by (…) to its sums instead"
                    .into(),
            ));
        }
        match &c.sli {
            SliConfig::Ratio { errors, total } => {
                check_selector("sli.ratio.errors", errors)?;
                check_selector("sli.ratio.total", total)?;
            }
            SliConfig::Latency {
                histogram,
                threshold,
            } => {
                check_selector("sli.latency.histogram", histogram)?;
                if !(threshold.is_finite() && *threshold > 0.0) {
                    return Err((
                        "sli.latency.threshold",
                        "must be a positive number of seconds (a bucket boundary)".into(),
                    ));
                }
            }
            SliConfig::BoolGauge { metric } => check_selector("sli.bool_gauge.metric", metric)?,
            SliConfig::Threshold {
                metric,
                op,
                value,
                interval,
            } => {
                check_selector("sli.threshold.metric", metric)?;
                if let Some(i) = interval {
                    parse_duration(i).map_err(|m| ("sli.threshold.interval", m))?;
                }
                if !["lt", "lte", "gt", "gte"].contains(&op.as_str()) {
                    return Err((
                        "sli.threshold.op",
                        format!("\"{op}\" is not lt, lte, gt or gte"),
                    ));
                }
                if !value.is_finite() {
                    return Err(("sli.threshold.value", "must be a number".into()));
                }
            }
            SliConfig::Events { good, bad, total } => {
                check_selector("sli.events.total", total)?;
                if good.is_some() == bad.is_some() {
                    return Err(("sli.events", "give exactly one of good and bad".into()));
                }
            }
        }
        Ok(Slo {
            name: c.name.clone(),
            service: c.service.clone(),
            team: c.team.clone().unwrap_or_default(),
            description: c.description.clone().unwrap_or_default(),
            objective,
            window,
            method,
            slice_ms,
            labels: c.labels.clone(),
            group_by: c.group_by.clone(),
            source: c.source.clone(),
            sli: c.sli.clone(),
        })
    }

    /// Error budget as a fraction of events: 1 − objective.
    pub fn budget(&self) -> f64 {
        1.0 - self.objective
    }

    /// The window's length in ms (a calendar period's full length at `now_ms`).
    pub fn window_ms(&self, now_ms: i64) -> i64 {
        self.window.length_at(now_ms)
    }

    pub fn sli_label(&self) -> String {
        match &self.sli {
            SliConfig::Ratio { .. } => "availability (ratio)".into(),
            SliConfig::Latency { threshold, .. } => format!("latency ≤ {}ms", threshold * 1000.0),
            SliConfig::BoolGauge { .. } => "probe/uptime (a 0/1 gauge)".into(),
            SliConfig::Threshold { op, value, .. } => {
                format!("threshold ({} {value})", query::op_symbol(op))
            }
            SliConfig::Events { .. } => "events (PromQL)".into(),
        }
    }

    /// A short kind name for tables and exports.
    pub fn sli_kind(&self) -> &'static str {
        match &self.sli {
            SliConfig::Ratio { .. } => "ratio",
            SliConfig::Latency { .. } => "latency",
            SliConfig::BoolGauge { .. } => "bool_gauge",
            SliConfig::Threshold { .. } => "threshold",
            SliConfig::Events { .. } => "events",
        }
    }
}
