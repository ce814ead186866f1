//! The per-SLO summary every view shows (window figures, current burn rates, status) and the
//! multi-window, multi-burn-rate alert tiers of the SRE Workbook.

use super::math::{Figures, Slices, Status};
use super::Slo;
use crate::core::time::{DAY_MS, HOUR_MS, MINUTE_MS};

/// Lookbacks of the burn-rate columns (the SRE Workbook's long windows).
pub const BURN_WINDOWS: [(&str, i64); 4] = [
    ("1h", HOUR_MS),
    ("6h", 6 * HOUR_MS),
    ("1d", DAY_MS),
    ("3d", 3 * DAY_MS),
];

/// SRE Workbook tiers: (severity, long window, short window, budget fraction spent).
const TIERS: [(&str, i64, i64, f64); 4] = [
    ("page", HOUR_MS, 5 * MINUTE_MS, 0.02),
    ("page", 6 * HOUR_MS, 30 * MINUTE_MS, 0.05),
    ("ticket", DAY_MS, 2 * HOUR_MS, 0.10),
    ("ticket", 3 * DAY_MS, 6 * HOUR_MS, 0.10),
];

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub window: Figures,
    /// Burn rates over [`BURN_WINDOWS`], as multiples of the sustainable rate (NaN: no data).
    pub burns: [f64; 4],
    pub status: Status,
}

/// The page-tier factor for a window: 2% of the budget in one hour.
pub fn fast_burn_threshold(window_ms: i64) -> f64 {
    0.02 * window_ms as f64 / HOUR_MS as f64
}

pub fn summarize(slo: &Slo, s: &Slices, now_ms: i64) -> Summary {
    let (from, to) = slo.window.bounds(now_ms);
    let window = slo.method.figures(s, from, to, slo.objective);
    let burns = BURN_WINDOWS.map(|(_, l)| slo.method.burn_rate(s, now_ms, l, slo.objective));
    let tiers = alert_tiers(slo, s, now_ms);
    let firing = |severity: &str| tiers.iter().any(|t| t.firing && t.severity == severity);
    let status = if window.total <= 0.0 || window.sli.is_nan() {
        Status::NoData
    } else if firing("page") {
        Status::Paging
    } else if window.budget_remaining < 0.0 {
        Status::Breached
    } else if window.budget_remaining < 0.25 || firing("ticket") {
        Status::AtRisk
    } else {
        Status::Healthy
    };
    Summary {
        window,
        burns,
        status,
    }
}

/// One alert tier, evaluated at a moment.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertTier {
    pub severity: &'static str,
    pub long_ms: i64,
    pub short_ms: i64,
    /// Budget fraction spent when the tier fires.
    pub spent: f64,
    /// Burn-rate threshold: `spent × window / long`, recomputed for the SLO's window.
    pub factor: f64,
    pub long_burn: f64,
    pub short_burn: f64,
    pub firing: bool,
}

/// The four tiers at `now_ms`. Short windows shorter than the data's slices are measured
/// over one slice (said in the UI).
pub fn alert_tiers(slo: &Slo, s: &Slices, now_ms: i64) -> Vec<AlertTier> {
    let w = slo.window_ms(now_ms) as f64;
    TIERS
        .iter()
        .map(|&(severity, long_ms, short_ms, spent)| {
            let factor = spent * w / long_ms as f64;
            let long_burn = slo.method.burn_rate(s, now_ms, long_ms, slo.objective);
            let short_burn =
                slo.method
                    .burn_rate(s, now_ms, short_ms.max(s.slice_ms), slo.objective);
            AlertTier {
                severity,
                long_ms,
                short_ms,
                spent,
                factor,
                long_burn,
                short_burn,
                firing: long_burn >= factor && short_burn >= factor,
            }
        })
        .collect()
}

/// When each tier would have fired over the loaded history: (tier index, start, end) runs.
pub fn tier_history(slo: &Slo, s: &Slices) -> Vec<(usize, i64, i64)> {
    let mut out = Vec::new();
    for (k, &(_, long_ms, short_ms, spent)) in TIERS.iter().enumerate() {
        let mut run: Option<(i64, i64)> = None;
        for i in 0..s.total.len() {
            let t = s.end_of(i);
            let factor = spent * slo.window_ms(t) as f64 / long_ms as f64;
            let fire = slo.method.burn_rate(s, t, long_ms, slo.objective) >= factor
                && slo
                    .method
                    .burn_rate(s, t, short_ms.max(s.slice_ms), slo.objective)
                    >= factor;
            run = match (run, fire) {
                (Some((a, _)), true) => Some((a, t)),
                (None, true) => Some((t, t)),
                (Some((a, b)), false) => {
                    out.push((k, a, b));
                    None
                }
                (None, false) => None,
            };
        }
        if let Some((a, b)) = run {
            out.push((k, a, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::{SliConfig, SloConfig};
    use crate::core::model::Sample;

    fn slo(window: &str) -> Slo {
        let c = SloConfig {
            name: "a".into(),
            service: "s".into(),
            team: None,
            description: None,
            objective: 0.99,
            window: window.into(),
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels: Default::default(),
            group_by: vec![],
            source: "p".into(),
            sli: SliConfig::Ratio {
                errors: "e".into(),
                total: "t".into(),
            },
        };
        Slo::from_config(&c).unwrap()
    }

    #[test]
    fn workbook_factors_for_30_and_28_days() {
        let s = Slices::default();
        let f30: Vec<f64> = alert_tiers(&slo("30d"), &s, 0)
            .iter()
            .map(|t| t.factor)
            .collect();
        for (a, b) in f30.iter().zip([14.4, 6.0, 3.0, 1.0]) {
            assert!((a - b).abs() < 1e-12, "{f30:?}");
        }
        let f28: Vec<f64> = alert_tiers(&slo("28d"), &s, 0)
            .iter()
            .map(|t| (t.factor * 100.0).round() / 100.0)
            .collect();
        assert_eq!(f28, vec![13.44, 5.6, 2.8, 0.93]);
        assert!((fast_burn_threshold(30 * DAY_MS) - 14.4).abs() < 1e-12);
    }

    #[test]
    fn fast_burn_marks_at_risk_and_fires_the_page_tier() {
        let n = 24 * 31;
        let total: Vec<Sample> = (0..n)
            .map(|i| Sample {
                t_ms: i as i64 * HOUR_MS,
                v: 1000.0,
            })
            .collect();
        let mut bad: Vec<Sample> = (0..n)
            .map(|i| Sample {
                t_ms: i as i64 * HOUR_MS,
                v: 1.0,
            })
            .collect();
        bad.last_mut().unwrap().v = 200.0; // 20% errors in the last hour: 20× burn
        let s = Slices::from_series(Some(&bad), None, &total, HOUR_MS);
        let now = (n as i64 - 1) * HOUR_MS;
        let sum = summarize(&slo("30d"), &s, now);
        assert!((sum.burns[0] - 20.0).abs() < 1e-9);
        assert_eq!(sum.status, Status::Paging, "a firing page tier is paging");
        let tiers = alert_tiers(&slo("30d"), &s, now);
        assert!(tiers[0].firing && !tiers[1].firing);
        let hist = tier_history(&slo("30d"), &s);
        assert_eq!(hist, vec![(0, now, now)]);
        assert_eq!(
            summarize(&slo("30d"), &Slices::default(), now).status,
            Status::NoData
        );
    }

    #[test]
    fn a_firing_ticket_tier_is_at_risk_and_a_breach_that_stopped_burning_is_breached() {
        let n = 24 * 31;
        let total: Vec<Sample> = (0..n)
            .map(|i| Sample {
                t_ms: i as i64 * HOUR_MS,
                v: 1000.0,
            })
            .collect();
        let series = |bad_at: &dyn Fn(usize) -> f64| -> Vec<Sample> {
            (0..n)
                .map(|i| Sample {
                    t_ms: i as i64 * HOUR_MS,
                    v: bad_at(i),
                })
                .collect()
        };
        let now = (n as i64 - 1) * HOUR_MS;
        // 4× burn over the last day: the 1d/2h and 3d/6h ticket tiers fire, no page tier.
        let bad = series(&|i| if i >= n - 24 { 40.0 } else { 1.0 });
        let s = Slices::from_series(Some(&bad), None, &total, HOUR_MS);
        let sum = summarize(&slo("30d"), &s, now);
        assert!(sum.window.budget_remaining > 0.25, "{sum:?}");
        assert_eq!(sum.status, Status::AtRisk);
        // 2% errors for 20 days, then none for 10: over budget, no longer burning.
        let bad = series(&|i| if i < n - 240 { 20.0 } else { 0.0 });
        let s = Slices::from_series(Some(&bad), None, &total, HOUR_MS);
        let sum = summarize(&slo("30d"), &s, now);
        assert!(sum.window.budget_remaining < 0.0, "{sum:?}");
        assert_eq!(sum.status, Status::Breached);
        assert!(Status::Paging < Status::Breached, "paging sorts first");
    }
}
