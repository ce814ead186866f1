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
mod tests;
