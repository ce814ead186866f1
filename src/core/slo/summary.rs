//! The per-SLO summary every view shows: window figures, current burn rates, status.

use super::math::{burn_rate, figures, Figures, Slices, Status};
use super::Slo;
use crate::core::time::{DAY_MS, HOUR_MS};

/// Lookbacks of the burn-rate columns (the SRE Workbook's long windows).
pub const BURN_WINDOWS: [(&str, i64); 4] = [("1h", HOUR_MS), ("6h", 6 * HOUR_MS), ("1d", DAY_MS), ("3d", 3 * DAY_MS)];

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub window: Figures,
    /// Burn rates over [`BURN_WINDOWS`], as multiples of the sustainable rate (NaN: no data).
    pub burns: [f64; 4],
    pub status: Status,
}

/// The page-tier factor for this SLO's window: 2% of the budget in one hour.
pub fn fast_burn_threshold(window_ms: i64) -> f64 {
    0.02 * window_ms as f64 / HOUR_MS as f64
}

pub fn summarize(slo: &Slo, s: &Slices, now_ms: i64) -> Summary {
    let window = figures(s, now_ms - slo.window_ms, now_ms, slo.objective);
    let burns = BURN_WINDOWS.map(|(_, l)| burn_rate(s, now_ms, l, slo.objective));
    let status = if window.total <= 0.0 || window.sli.is_nan() {
        Status::NoData
    } else if window.budget_remaining < 0.0 {
        Status::Breached
    } else if window.budget_remaining < 0.25 || burns[0] >= fast_burn_threshold(slo.window_ms) {
        Status::AtRisk
    } else {
        Status::Healthy
    };
    Summary { window, burns, status }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::SliConfig;
    use crate::core::model::Sample;

    fn slo() -> Slo {
        Slo { name: "a".into(), service: "s".into(), team: String::new(), description: String::new(), objective: 0.99, window_ms: 30 * DAY_MS, source: "p".into(), sli: SliConfig::Ratio { errors: "e".into(), total: "t".into() } }
    }

    #[test]
    fn fast_burn_marks_at_risk_and_factor_is_14_4_for_30d() {
        assert!((fast_burn_threshold(30 * DAY_MS) - 14.4).abs() < 1e-12);
        let n = 24 * 31;
        let total: Vec<Sample> = (0..n).map(|i| Sample { t_ms: i as i64 * HOUR_MS, v: 1000.0 }).collect();
        let mut bad: Vec<Sample> = (0..n).map(|i| Sample { t_ms: i as i64 * HOUR_MS, v: 1.0 }).collect();
        bad.last_mut().unwrap().v = 200.0; // 20% errors in the last hour: 20× burn
        let s = Slices::from_series(Some(&bad), None, &total, HOUR_MS);
        let now = (n as i64 - 1) * HOUR_MS;
        let sum = summarize(&slo(), &s, now);
        assert!((sum.burns[0] - 20.0).abs() < 1e-9);
        assert_eq!(sum.status, Status::AtRisk);
        // An empty window is "no data", never healthy.
        assert_eq!(summarize(&slo(), &Slices::default(), now).status, Status::NoData);
    }
}
