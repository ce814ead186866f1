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
    sum_slices(series, start_ms, end_ms, slice_ms, |samples, t| {
        increase(between(samples, t - slice_ms, t), t - slice_ms, t)
    })
}

/// `sum(sum_over_time(x[S−1ms]))` (`count` = false) or `sum(count_over_time(…))` (true).
pub fn over_time_slices(
    series: &[Series],
    start_ms: i64,
    end_ms: i64,
    slice_ms: i64,
    count: bool,
) -> Vec<Sample> {
    sum_slices(series, start_ms, end_ms, slice_ms, |samples, t| {
        let w = between(samples, t - slice_ms + 1, t);
        match (w.is_empty(), count) {
            (true, _) => None,
            (false, true) => Some(w.len() as f64),
            (false, false) => Some(w.iter().map(|x| x.v).sum()),
        }
    })
}

/// `Σ over series of per(series, t)` at each slice end `t = start + k·S ≤ end`, None where no
/// series has a result. `per` looks at samples in `[t − S, t]` only, so each series visits
/// just the slices its samples reach: 80,000 series of a few samples each cost what their
/// samples do, not 80,000 × 2,184 slices. Each slice still adds its series in their order,
/// so every sum is the same to the last bit as adding slice by slice.
fn sum_slices(
    series: &[Series],
    start_ms: i64,
    end_ms: i64,
    slice_ms: i64,
    per: impl Fn(&[Sample], i64) -> Option<f64>,
) -> Vec<Sample> {
    if slice_ms <= 0 || end_ms < start_ms {
        return vec![];
    }
    let n = (end_ms - start_ms) / slice_ms + 1;
    let mut acc: Vec<Option<f64>> = vec![None; usize::try_from(n).unwrap_or(0)];
    for s in series {
        let (Some(first), Some(last)) = (s.samples.first(), s.samples.last()) else {
            continue;
        };
        // Slice ends t with t − S ≤ sample time ≤ t for some sample: first ≤ t ≤ last + S.
        let from = (first.t_ms - start_ms + slice_ms - 1)
            .div_euclid(slice_ms)
            .max(0);
        let to = (last.t_ms + slice_ms - start_ms)
            .div_euclid(slice_ms)
            .min(n - 1);
        for k in from..=to {
            let t = start_ms + k * slice_ms;
            let slot = usize::try_from(k).ok().and_then(|k| acc.get_mut(k));
            if let (Some(slot), Some(v)) = (slot, per(&s.samples, t)) {
                *slot = Some(slot.unwrap_or(0.0) + v);
            }
        }
    }
    acc.into_iter()
        .zip(0..)
        .filter_map(|(v, k)| {
            v.map(|v| Sample {
                t_ms: start_ms + k * slice_ms,
                v,
            })
        })
        .collect()
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

    /// The slice-by-slice sum the faster `sum_slices` replaced: every slice asks every series.
    fn naive(
        series: &[Series],
        start: i64,
        end: i64,
        slice: i64,
        count: Option<bool>,
    ) -> Vec<Sample> {
        let mut out = Vec::new();
        let mut t = start;
        while t <= end {
            let mut sum = None;
            for x in series {
                let v = match count {
                    None => increase(between(&x.samples, t - slice, t), t - slice, t),
                    Some(c) => {
                        let w = between(&x.samples, t - slice + 1, t);
                        (!w.is_empty()).then(|| {
                            if c {
                                w.len() as f64
                            } else {
                                w.iter().map(|x| x.v).sum()
                            }
                        })
                    }
                };
                if let Some(v) = v {
                    sum = Some(sum.unwrap_or(0.0) + v);
                }
            }
            if let Some(v) = sum {
                out.push(Sample { t_ms: t, v });
            }
            t += slice;
        }
        out
    }

    #[test]
    fn per_series_slices_equal_slice_by_slice_sums_to_the_bit() {
        // Series that start before the range, end inside it, have gaps, resets, single samples
        // and samples exactly on slice edges; xorshift for reproducible values.
        let mut r = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            r
        };
        let slice = 3_600_000;
        let (start, end) = (10 * slice, 40 * slice);
        let series: Vec<Series> = (0..60)
            .map(|i| {
                let mut t = (i % 13) * slice - (next() % 7_200_000) as i64;
                let mut v = 0.0;
                let mut samples = Vec::new();
                for _ in 0..(next() % 40) {
                    t += if next() % 5 == 0 {
                        slice * 3
                    } else {
                        (next() % 1_800_000) as i64 + 1
                    };
                    if next() % 4 == 0 {
                        t -= t.rem_euclid(slice); // exactly on a slice edge
                    }
                    v = if next() % 17 == 0 {
                        1.0
                    } else {
                        v + (next() % 1000) as f64 / 7.0
                    };
                    samples.push(Sample { t_ms: t, v });
                }
                samples.sort_by_key(|x| x.t_ms);
                samples.dedup_by_key(|x| x.t_ms);
                Series {
                    labels: Default::default(),
                    samples,
                }
            })
            .collect();
        let fast = increase_slices(&series, start, end, slice);
        assert!(fast.len() > 20, "{} slices with data", fast.len());
        let bits = |v: &[Sample]| {
            v.iter()
                .map(|x| (x.t_ms, x.v.to_bits()))
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&fast), bits(&naive(&series, start, end, slice, None)));
        for c in [false, true] {
            assert_eq!(
                bits(&over_time_slices(&series, start, end, slice, c)),
                bits(&naive(&series, start, end, slice, Some(c)))
            );
        }
    }

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
