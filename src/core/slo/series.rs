//! Time series derived from slices for charts: event rates, SLI per bucket, burn rate.

use super::math::Slices;
use crate::core::model::Sample;

impl Slices {
    /// Events per second per slice (`bad` or total); absent slices stay absent.
    pub fn rate_series(&self, bad: bool) -> Vec<Sample> {
        let per_s = self.slice_ms as f64 / 1000.0;
        self.iter()
            .filter(|&(_, _, t)| t.is_finite())
            .map(|(t_ms, b, t)| Sample {
                t_ms,
                v: if bad { b } else { t } / per_s,
            })
            .collect()
    }

    /// Bad events per total events per slice (NaN-free: slices without events are skipped).
    pub fn error_ratio_series(&self) -> Vec<Sample> {
        self.iter()
            .filter(|&(_, _, t)| t > 0.0)
            .map(|(t_ms, b, t)| Sample { t_ms, v: b / t })
            .collect()
    }

    /// The SLI over consecutive buckets of `bucket_ms` (e.g. days), stamped at each bucket's end.
    pub fn sli_series(&self, bucket_ms: i64) -> Vec<Sample> {
        let mut out: Vec<Sample> = Vec::new();
        let (mut bad, mut total, mut cur) = (0.0, 0.0, None::<i64>);
        for (end, b, t) in self.iter() {
            if !t.is_finite() {
                continue;
            }
            // The bucket holding slice (end − S, end] ends at the next multiple of bucket_ms.
            let bucket_end = (end - 1).div_euclid(bucket_ms) * bucket_ms + bucket_ms;
            if cur.is_some_and(|c| c != bucket_end) {
                if total > 0.0 {
                    out.push(Sample {
                        t_ms: cur.unwrap_or(0),
                        v: 1.0 - bad / total,
                    });
                }
                bad = 0.0;
                total = 0.0;
            }
            cur = Some(bucket_end);
            bad += b;
            total += t;
        }
        if let (Some(c), true) = (cur, total > 0.0) {
            out.push(Sample {
                t_ms: c,
                v: 1.0 - bad / total,
            });
        }
        out
    }

    /// Burn rate over a trailing `lookback_ms` at every slice end.
    pub fn burn_series(&self, lookback_ms: i64, objective: f64) -> Vec<Sample> {
        super::math::rolling_budget(self, lookback_ms, objective)
            .into_iter()
            .filter(|s| s.v.is_finite())
            .map(|s| Sample {
                t_ms: s.t_ms,
                v: 1.0 - s.v,
            })
            .collect()
    }
}

/// Error-budget burn-down from a period's start: at each slice end t, the share of the
/// period's budget still unspent, 1 − bad(start..t) / (B × projected events of the period).
/// The projection scales the events seen by `now` to the whole period, so a steady 1× burn
/// follows the straight ideal line from 100% at the start to 0% at the end.
pub fn burndown(
    s: &Slices,
    start_ms: i64,
    now_ms: i64,
    period_ms: i64,
    objective: f64,
) -> Vec<Sample> {
    let seen = super::math::figures(s, start_ms, now_ms, objective);
    let elapsed = (now_ms - start_ms).max(1) as f64;
    let budget_events = (1.0 - objective) * seen.total * period_ms as f64 / elapsed;
    // Also refuses NaN (no events seen).
    if budget_events.is_nan() || budget_events <= 0.0 {
        return vec![];
    }
    let mut bad = 0.0;
    let mut out = vec![Sample {
        t_ms: start_ms,
        v: 1.0,
    }];
    for (t_ms, b, t) in s.iter_range(start_ms, now_ms) {
        if t.is_finite() {
            bad += b;
        }
        out.push(Sample {
            t_ms,
            v: 1.0 - bad / budget_events,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::slo::figures;

    const H: i64 = 3_600_000;

    fn slices() -> Slices {
        let total: Vec<Sample> = (1..=72)
            .map(|i| Sample {
                t_ms: i * H,
                v: 3600.0,
            })
            .collect();
        let bad: Vec<Sample> = (1..=72)
            .map(|i| Sample {
                t_ms: i * H,
                v: (i % 5) as f64,
            })
            .collect();
        Slices::from_series(Some(&bad), None, &total, H)
    }

    #[test]
    fn daily_sli_equals_figures_over_each_day() {
        let s = slices();
        let d = s.sli_series(24 * H);
        assert_eq!(d.len(), 3);
        for p in &d {
            let f = figures(&s, p.t_ms - 24 * H, p.t_ms, 0.99);
            assert!((p.v - f.sli).abs() < 1e-12, "{p:?}");
        }
    }

    #[test]
    fn burndown_follows_the_ideal_line_at_a_steady_1x_burn() {
        // 1% errors every hour with a 99% objective: exactly the sustainable rate.
        let total: Vec<Sample> = (1..=48)
            .map(|i| Sample {
                t_ms: i * H,
                v: 1000.0,
            })
            .collect();
        let bad: Vec<Sample> = (1..=48)
            .map(|i| Sample {
                t_ms: i * H,
                v: 10.0,
            })
            .collect();
        let s = Slices::from_series(Some(&bad), None, &total, H);
        // Halfway through a 96-hour period: half the budget left.
        let b = burndown(&s, 0, 48 * H, 96 * H, 0.99);
        assert_eq!(b.first().unwrap().v, 1.0);
        assert!((b.last().unwrap().v - 0.5).abs() < 1e-12);
        assert!((b[24].v - 0.75).abs() < 1e-12);
        // For a rolling window (period = elapsed) the end equals the window's figure.
        let r = burndown(&s, 0, 48 * H, 48 * H, 0.99);
        assert!(
            (r.last().unwrap().v - figures(&s, 0, 48 * H, 0.99).budget_remaining).abs() < 1e-12
        );
    }

    #[test]
    fn rates_and_burns() {
        let s = slices();
        assert_eq!(s.rate_series(false)[0].v, 1.0);
        assert!((s.rate_series(true)[1].v - 2.0 / 3600.0).abs() < 1e-12);
        let b = s.burn_series(H, 0.99);
        assert!((b[0].v - (1.0 / 3600.0) / 0.01).abs() < 1e-9);
        assert_eq!(s.error_ratio_series().len(), 72);
    }
}
