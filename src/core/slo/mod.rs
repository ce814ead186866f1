//! SLOs: the definition Headroom computes with, the PromQL it sends, and the math on slices.
//! Reference: `shared/reference/slo-math.md`.

mod math;
mod query;
mod series;
mod summary;

pub use math::{burn_rate, figures, rolling_budget, Figures, Slices, Status};
pub use query::{slice_queries, SliceQueries};
pub use summary::{fast_burn_threshold, summarize, Summary, BURN_WINDOWS};

use crate::core::config::{objective_ratio, SliConfig, SloConfig};
use crate::core::time::{parse_duration, DAY_MS, HOUR_MS};

/// Length of the aligned slices SLO figures are summed from.
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
    pub window_ms: i64,
    pub source: String,
    pub sli: SliConfig,
}

impl Slo {
    pub fn from_config(c: &SloConfig) -> Result<Slo, String> {
        Ok(Slo {
            name: c.name.clone(),
            service: c.service.clone(),
            team: c.team.clone().unwrap_or_default(),
            description: c.description.clone().unwrap_or_default(),
            objective: objective_ratio(c.objective)?,
            window_ms: parse_duration(&c.window)?,
            source: c.source.clone(),
            sli: c.sli.clone(),
        })
    }

    /// Error budget as a fraction of events: 1 − objective.
    pub fn budget(&self) -> f64 {
        1.0 - self.objective
    }

    /// "ratio" or "latency < 300ms".
    pub fn sli_label(&self) -> String {
        match &self.sli {
            SliConfig::Ratio { .. } => "availability (ratio)".into(),
            SliConfig::Latency { threshold, .. } => format!("latency ≤ {}ms", threshold * 1000.0),
        }
    }
}
