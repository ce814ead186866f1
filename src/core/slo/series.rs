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

/// Error-budget burn-down from a window's start: at each slice end t, the budget left over
/// `(start, t]` as `method` defines it — the figure the SLO's tiles, reports and exports call
/// "budget left", so at `now_ms` it equals the tile. Slices before the first event have no
/// point (no data is not 100%).
pub fn burndown(
    method: super::math::Method,
    s: &Slices,
    start_ms: i64,
    now_ms: i64,
    objective: f64,
) -> Vec<Sample> {
    use super::math::Method;
    let budget = 1.0 - objective;
    // Running sums: (bad, total) events, (Σ ratios, slices) or (good slices, slices).
    let (mut x, mut n) = (0.0, 0.0);
    let mut out = Vec::new();
    for (t_ms, b, t) in s.iter_range(start_ms, now_ms) {
        if t.is_finite() && t > 0.0 {
            let ratio = 1.0 - b / t;
            match method {
                Method::Occurrences => (x, n) = (x + b, n + t),
                Method::RatioTimeslices => (x, n) = (x + ratio, n + 1.0),
                Method::Timeslices { target } => {
                    (x, n) = (x + f64::from(u8::from(ratio >= target - 1e-12)), n + 1.0)
                }
            }
        }
        if n > 0.0 {
            let sli = match method {
                Method::Occurrences => 1.0 - x / n,
                _ => x / n,
            };
            out.push(Sample {
                t_ms,
                v: 1.0 - (1.0 - sli) / budget,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::slo::{figures, Method};

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
    fn burndown_ends_at_the_windows_budget_left_for_every_method() {
        // 1% errors with a 99% objective for 24 h, then 3% for 24 h.
        let total: Vec<Sample> = (1..=48)
            .map(|i| Sample {
                t_ms: i * H,
                v: 1000.0,
            })
            .collect();
        let bad: Vec<Sample> = (1..=48)
            .map(|i| Sample {
                t_ms: i * H,
                v: if i <= 24 { 10.0 } else { 30.0 },
            })
            .collect();
        let s = Slices::from_series(Some(&bad), None, &total, H);
        let methods = [
            Method::Occurrences,
            Method::RatioTimeslices,
            Method::Timeslices { target: 0.985 },
        ];
        for m in methods {
            // A calendar window two days into its period, and a point halfway.
            let b = burndown(m, &s, 0, 48 * H, 0.99);
            assert_eq!(
                (b.len(), b[0].t_ms),
                (48, H),
                "one point per slice with data"
            );
            for (i, end) in [(23, 24 * H), (47, 48 * H)] {
                let want = m.figures(&s, 0, end, 0.99).budget_remaining;
                assert!(
                    (b[i].v - want).abs() < 1e-12,
                    "{m:?} at {i}: {} ≠ {want}",
                    b[i].v
                );
            }
        }
        // Occurrences: spent exactly the budget the first day, twice it overall.
        let b = burndown(Method::Occurrences, &s, 0, 48 * H, 0.99);
        assert!(b[23].v.abs() < 1e-12 && (b[47].v - -1.0).abs() < 1e-12);
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
