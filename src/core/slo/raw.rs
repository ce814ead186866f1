//! The raw-sample path: the same slices Prometheus would compute, from samples the browser
//! holds itself (exposition files, CSV). Counters follow Prometheus 2's `increase()` exactly:
//! window `[t − S, t]`, counter resets, and its extrapolation to the window edges; gauges
//! follow `sum_over_time`/`count_over_time` over `(t − S, t]` and threshold subqueries.

use crate::core::config::SliConfig;
use crate::core::model::{between, Sample, Series};

/// Prometheus 2's `extrapolatedRate(…, isCounter=true, isRate=false)` for one window.
pub fn increase(samples: &[Sample], range_start_ms: i64, range_end_ms: i64) -> Option<f64> {
    let &[first, .., last] = samples else {
        return None;
    };
    let mut result = last.v - first.v;
    let mut prev = 0.0;
    for s in samples {
        if s.v < prev {
            result += prev;
        }
        prev = s.v;
    }
    let mut to_start = (first.t_ms - range_start_ms) as f64 / 1000.0;
    let to_end = (range_end_ms - last.t_ms) as f64 / 1000.0;
    let sampled = (last.t_ms - first.t_ms) as f64 / 1000.0;
    let avg = sampled / (samples.len() - 1) as f64;
    if result > 0.0 && first.v >= 0.0 {
        let to_zero = sampled * (first.v / result);
        if to_zero < to_start {
            to_start = to_zero;
        }
    }
    let threshold = avg * 1.1;
    let mut interval = sampled;
    interval += if to_start < threshold {
        to_start
    } else {
        avg / 2.0
    };
    interval += if to_end < threshold {
        to_end
    } else {
        avg / 2.0
    };
    Some(result * (interval / sampled))
}

/// `sum(increase(x[S]))` at each slice end `start + k·S ≤ end`: None where no series has a
/// result (Prometheus returns nothing there).
pub fn increase_slices(
    series: &[Series],
    start_ms: i64,
    end_ms: i64,
    slice_ms: i64,
) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut t = start_ms;
    while t <= end_ms {
        let mut sum = None;
        for s in series {
            if let Some(v) = increase(between(&s.samples, t - slice_ms, t), t - slice_ms, t) {
                sum = Some(sum.unwrap_or(0.0) + v);
            }
        }
        if let Some(v) = sum {
            out.push(Sample { t_ms: t, v });
        }
        t += slice_ms;
    }
    out
}

/// `sum(sum_over_time(x[S−1ms]))` (`count` = false) or `sum(count_over_time(…))` (true).
pub fn over_time_slices(
    series: &[Series],
    start_ms: i64,
    end_ms: i64,
    slice_ms: i64,
    count: bool,
) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut t = start_ms;
    while t <= end_ms {
        let mut acc = None;
        for s in series {
            let w = between(&s.samples, t - slice_ms + 1, t);
            if !w.is_empty() {
                let v: f64 = if count {
                    w.len() as f64
                } else {
                    w.iter().map(|x| x.v).sum()
                };
                acc = Some(acc.unwrap_or(0.0) + v);
            }
        }
        if let Some(v) = acc {
            out.push(Sample { t_ms: t, v });
        }
        t += slice_ms;
    }
    out
}

/// Prometheus' default lookback for instant selectors.
pub const LOOKBACK_MS: i64 = 5 * 60_000;

/// `sum(count_over_time((x OP v)[S−1ms:I]))` — with `test` None, `sum(count_over_time((x)[S−1ms:I]))`.
/// Subquery steps are multiples of I inside `[t − S + 1ms, t]`; each sees the latest sample
/// no older than the lookback.
pub fn threshold_slices(
    series: &[Series],
    start_ms: i64,
    end_ms: i64,
    slice_ms: i64,
    interval_ms: i64,
    test: Option<&dyn Fn(f64) -> bool>,
) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut t = start_ms;
    while t <= end_ms {
        let lo = t - slice_ms + 1;
        let mut p = lo.div_euclid(interval_ms) * interval_ms;
        if p < lo {
            p += interval_ms;
        }
        let mut acc = None;
        for s in series {
            let mut n = 0.0;
            let mut any = false;
            let mut q = p;
            while q <= t {
                let w = between(&s.samples, q - LOOKBACK_MS + 1, q);
                if let Some(x) = w.last() {
                    any = true;
                    if test.is_none_or(|f| f(x.v)) {
                        n += 1.0;
                    }
                }
                q += interval_ms;
            }
            if any && (n > 0.0 || test.is_none()) {
                acc = Some(acc.unwrap_or(0.0) + n);
            }
        }
        if let Some(v) = acc {
            out.push(Sample { t_ms: t, v });
        }
        t += slice_ms;
    }
    out
}

/// The plain selectors whose raw samples an SLI needs (bad-or-good first, then total).
pub fn selectors_for(sli: &SliConfig) -> Result<(String, String), String> {
    Ok(match sli {
        SliConfig::Ratio { errors, total } => (errors.clone(), total.clone()),
        SliConfig::Latency {
            histogram,
            threshold,
        } => super::latency_selectors(histogram, *threshold),
        SliConfig::BoolGauge { metric } => (metric.clone(), metric.clone()),
        SliConfig::Threshold { metric, .. } => (metric.clone(), metric.clone()),
        SliConfig::Events { .. } => {
            return Err("sli.events: PromQL expressions need a Prometheus-compatible source".into())
        }
    })
}

/// The slices' (bad or good, total) samples from raw series, exactly as the PromQL of
/// `slice_queries` would give them. The bool says whether the first part counts bad events.
pub fn compute(
    sli: &SliConfig,
    part: &[Series],
    total: &[Series],
    start_ms: i64,
    end_ms: i64,
    slice_ms: i64,
) -> (Vec<Sample>, Vec<Sample>, bool) {
    match sli {
        SliConfig::Ratio { .. } => (
            increase_slices(part, start_ms, end_ms, slice_ms),
            increase_slices(total, start_ms, end_ms, slice_ms),
            true,
        ),
        SliConfig::Latency { .. } | SliConfig::Events { .. } => (
            increase_slices(part, start_ms, end_ms, slice_ms),
            increase_slices(total, start_ms, end_ms, slice_ms),
            false,
        ),
        SliConfig::BoolGauge { .. } => (
            over_time_slices(part, start_ms, end_ms, slice_ms, false),
            over_time_slices(total, start_ms, end_ms, slice_ms, true),
            false,
        ),
        SliConfig::Threshold {
            op,
            value,
            interval,
            ..
        } => {
            let step = interval
                .as_deref()
                .and_then(|i| crate::core::time::parse_duration(i).ok())
                .unwrap_or(super::DEFAULT_THRESHOLD_INTERVAL_MS);
            let v = *value;
            let test: Box<dyn Fn(f64) -> bool> = match op.as_str() {
                "lt" => Box::new(move |x| x < v),
                "lte" => Box::new(move |x| x <= v),
                "gt" => Box::new(move |x| x > v),
                _ => Box::new(move |x| x >= v),
            };
            (
                threshold_slices(part, start_ms, end_ms, slice_ms, step, Some(&*test)),
                threshold_slices(total, start_ms, end_ms, slice_ms, step, None),
                false,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(points: &[(i64, f64)]) -> Vec<Sample> {
        points
            .iter()
            .map(|&(t, v)| Sample { t_ms: t * 1000, v })
            .collect()
    }

    #[test]
    fn increase_extrapolates_like_prometheus() {
        // Samples every 10 s from 5 s to 55 s over [0, 60]: extrapolated by 5 s at each end.
        let x = s(&[
            (5, 10.0),
            (15, 20.0),
            (25, 30.0),
            (35, 40.0),
            (45, 50.0),
            (55, 60.0),
        ]);
        let v = increase(&x, 0, 60_000).unwrap();
        assert!((v - 60.0).abs() < 1e-12, "{v}");
        // A reset counts the value before it.
        let r = s(&[(0, 5.0), (10, 8.0), (20, 2.0), (30, 4.0)]);
        assert!((increase(&r, 0, 30_000).unwrap() - 7.0).abs() < 1e-12);
        // Extrapolation never goes below zero: a counter starting at 0 is not extended back.
        let z = s(&[(30, 0.0), (40, 10.0), (50, 20.0)]);
        assert!((increase(&z, 0, 50_000).unwrap() - 20.0).abs() < 1e-12);
        assert_eq!(increase(&s(&[(1, 1.0)]), 0, 10_000), None);
    }

    #[test]
    fn over_time_windows_are_left_open() {
        let x = Series {
            labels: Default::default(),
            samples: s(&[(0, 1.0), (60, 0.0), (120, 1.0)]),
        };
        let c = over_time_slices(std::slice::from_ref(&x), 60_000, 120_000, 60_000, true);
        assert_eq!(
            c,
            vec![
                Sample {
                    t_ms: 60_000,
                    v: 1.0
                },
                Sample {
                    t_ms: 120_000,
                    v: 1.0
                }
            ]
        );
        let g = over_time_slices(&[x], 120_000, 120_000, 120_000, false);
        assert_eq!(
            g,
            vec![Sample {
                t_ms: 120_000,
                v: 1.0
            }]
        );
    }
}
