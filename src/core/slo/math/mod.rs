//! SLO figures from aligned slices: each slice holds the increase of bad and total events over
//! `(end − S, end]`. Every window, rolling or fixed, is a sum of whole slices.

use crate::core::model::Sample;

/// Aligned, contiguous slices. `bad[i]`/`total[i]` cover `(end_of(i) − slice_ms, end_of(i)]`;
/// NaN total means the slice has no data (absent, not zero).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Slices {
    pub first_end_ms: i64,
    pub slice_ms: i64,
    pub bad: Vec<f64>,
    pub total: Vec<f64>,
}

/// The most slices one series is cut into (2 years of minutes); older samples are left out.
pub const MAX_SLICES: i64 = 1_051_200;

impl Slices {
    /// Builds slices from query results. Give `bad` or `good` (bad = total − good). A slice with
    /// a total but no bad sample has zero bad events (Prometheus returns nothing for a sum over
    /// no series, e.g. before the first 5xx ever happened).
    pub fn from_series(
        bad: Option<&[Sample]>,
        good: Option<&[Sample]>,
        total: &[Sample],
        slice_ms: i64,
    ) -> Slices {
        // Samples may come in any order (and repeat: the last one given wins): the span is
        // from the earliest to the latest finite sample, at most MAX_SLICES slices back.
        let times = || total.iter().filter(|s| s.v.is_finite()).map(|s| s.t_ms);
        let (Some(earliest), Some(last), true) = (times().min(), times().max(), slice_ms > 0)
        else {
            return Slices {
                first_end_ms: 0,
                slice_ms: slice_ms.max(1),
                bad: vec![],
                total: vec![],
            };
        };
        let span = (last.saturating_sub(earliest) / slice_ms).min(MAX_SLICES - 1);
        let first_end_ms = last - span * slice_ms;
        let n = (span + 1) as usize;
        // The slice a sample ends, `empty` where none does.
        let place = |samples: &[Sample], empty: f64| -> Vec<f64> {
            let mut out = vec![empty; n];
            for s in samples.iter().filter(|s| s.v.is_finite()) {
                let d = s.t_ms - first_end_ms;
                let slot = (d >= 0 && d % slice_ms == 0)
                    .then_some((d / slice_ms) as usize)
                    .and_then(|i| out.get_mut(i));
                if let Some(slot) = slot {
                    *slot = s.v;
                }
            }
            out
        };
        let tot = place(total, f64::NAN);
        let mut b = match (bad, good) {
            (Some(bad), _) => place(bad, 0.0),
            (None, Some(good)) => place(good, f64::NAN)
                .iter()
                .zip(&tot)
                // A good count above the total (extrapolation noise) is not negative badness.
                .map(|(g, t)| if g.is_nan() { *t } else { (t - g).max(0.0) })
                .collect(),
            (None, None) => vec![0.0; n],
        };
        for (b, t) in b.iter_mut().zip(&tot) {
            if t.is_nan() {
                *b = f64::NAN;
            }
        }
        Slices {
            first_end_ms,
            slice_ms,
            bad: b,
            total: tot,
        }
    }

    pub fn end_of(&self, i: usize) -> i64 {
        self.first_end_ms + i as i64 * self.slice_ms
    }

    pub fn last_end_ms(&self) -> Option<i64> {
        (!self.total.is_empty()).then(|| self.end_of(self.total.len() - 1))
    }

    /// `(end_ms, bad, total)` of every slice, in order.
    pub fn iter(&self) -> impl Iterator<Item = (i64, f64, f64)> + '_ {
        self.iter_from(0)
    }

    /// The same for the slices whose end lies in `(from_ms, to_ms]`.
    pub(super) fn iter_range(
        &self,
        from_ms: i64,
        to_ms: i64,
    ) -> impl Iterator<Item = (i64, f64, f64)> + '_ {
        let r = self.range(from_ms, to_ms);
        self.iter_from(r.start).take(r.len())
    }

    /// The same from slice `first` on (none past the end).
    fn iter_from(&self, first: usize) -> impl Iterator<Item = (i64, f64, f64)> + '_ {
        let (bad, total) = (self.bad.get(first..), self.total.get(first..));
        let pairs = bad
            .unwrap_or_default()
            .iter()
            .zip(total.unwrap_or_default());
        pairs
            .enumerate()
            .map(move |(k, (b, t))| (self.end_of(first + k), *b, *t))
    }

    /// Index range of slices whose end lies in `(from_ms, to_ms]`.
    fn range(&self, from_ms: i64, to_ms: i64) -> std::ops::Range<usize> {
        let n = self.total.len() as i64;
        if n == 0 || to_ms <= from_ms {
            return 0..0;
        }
        let lo = (from_ms - self.first_end_ms).div_euclid(self.slice_ms) + 1;
        let hi = (to_ms - self.first_end_ms).div_euclid(self.slice_ms) + 1;
        (lo.clamp(0, n) as usize)..(hi.clamp(0, n) as usize)
    }
}

/// Health of an SLO at a glance, worst first. It follows the alert tiers: a firing page tier
/// is `Paging` (even once breached: it is still burning), a firing ticket tier `AtRisk`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Paging,
    Breached,
    AtRisk,
    Healthy,
    NoData,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Paging => "paging",
            Status::Breached => "breached",
            Status::AtRisk => "at risk",
            Status::Healthy => "healthy",
            Status::NoData => "no data",
        }
    }
}

/// Event counts and derived figures over one window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figures {
    pub good: f64,
    pub bad: f64,
    pub total: f64,
    /// good / total; NaN when there were no events ("no data" is never 100%).
    pub sli: f64,
    /// (B − bad/total) / B; negative once breached (not clamped).
    pub budget_remaining: f64,
    pub budget_consumed: f64,
    pub slices_with_data: usize,
    pub slices: usize,
}

/// How events are weighed (OpenSLO's budgeting methods).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Method {
    /// Every event weighs the same: SLI = Σgood / Σtotal.
    Occurrences,
    /// Every slice weighs the same: a slice is good when its own ratio reaches `target`;
    /// SLI = good slices / slices with events.
    Timeslices { target: f64 },
    /// SLI = the mean of the slices' own ratios.
    RatioTimeslices,
}

impl Method {
    pub fn label(&self) -> String {
        match self {
            Method::Occurrences => "Occurrences (every event weighs the same)".into(),
            Method::Timeslices { target } => format!(
                "Timeslices (a slice is good at ≥ {}; every slice weighs the same)",
                crate::core::chart::format_percent(*target)
            ),
            Method::RatioTimeslices => "RatioTimeslices (mean of per-slice ratios)".into(),
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            Method::Occurrences => "occurrences",
            Method::Timeslices { .. } => "timeslices",
            Method::RatioTimeslices => "ratio_timeslices",
        }
    }

    /// Figures over `(from_ms, to_ms]`. For the slice methods, `good`/`bad`/`total` count slices
    /// (Timeslices) or stay event counts (RatioTimeslices), and the SLI follows the method.
    pub fn figures(&self, s: &Slices, from_ms: i64, to_ms: i64, objective: f64) -> Figures {
        let events = figures(s, from_ms, to_ms, objective);
        let ratios: Vec<f64> = s
            .iter_range(from_ms, to_ms)
            .filter(|&(_, _, t)| t > 0.0)
            .map(|(_, b, t)| 1.0 - b / t)
            .collect();
        let budget = 1.0 - objective;
        let with_sli = |sli: f64, mut f: Figures| {
            f.sli = sli;
            f.budget_consumed = if sli.is_nan() {
                f64::NAN
            } else {
                (1.0 - sli) / budget
            };
            f.budget_remaining = 1.0 - f.budget_consumed;
            f
        };
        match self {
            Method::Occurrences => events,
            Method::RatioTimeslices => {
                let sli = if ratios.is_empty() {
                    f64::NAN
                } else {
                    ratios.iter().sum::<f64>() / ratios.len() as f64
                };
                with_sli(sli, events)
            }
            Method::Timeslices { target } => {
                let good = ratios.iter().filter(|r| **r >= *target - 1e-12).count() as f64;
                let n = ratios.len() as f64;
                let sli = if ratios.is_empty() {
                    f64::NAN
                } else {
                    good / n
                };
                with_sli(
                    sli,
                    Figures {
                        good,
                        bad: n - good,
                        total: n,
                        ..events
                    },
                )
            }
        }
    }

    /// Burn rate over the lookback ending at `end_ms`.
    pub fn burn_rate(&self, s: &Slices, end_ms: i64, lookback_ms: i64, objective: f64) -> f64 {
        self.figures(s, end_ms - lookback_ms, end_ms, objective)
            .budget_consumed
    }
}

pub fn figures(s: &Slices, from_ms: i64, to_ms: i64, objective: f64) -> Figures {
    let slices = ((to_ms - from_ms) / s.slice_ms.max(1)).max(0) as usize;
    let (mut bad, mut total, mut with_data) = (0.0, 0.0, 0usize);
    for (_, b, t) in s.iter_range(from_ms, to_ms) {
        if t.is_finite() {
            bad += b;
            total += t;
            with_data += 1;
        }
    }
    let budget = 1.0 - objective;
    let (sli, consumed) = if total > 0.0 {
        (1.0 - bad / total, (bad / total) / budget)
    } else {
        (f64::NAN, f64::NAN)
    };
    Figures {
        good: total - bad,
        bad,
        total,
        sli,
        budget_remaining: 1.0 - consumed,
        budget_consumed: consumed,
        slices_with_data: with_data,
        slices,
    }
}

/// Burn rate over the lookback ending at `end_ms`: (bad/total) / (1 − objective). NaN: no data.
pub fn burn_rate(s: &Slices, end_ms: i64, lookback_ms: i64, objective: f64) -> f64 {
    let f = figures(s, end_ms - lookback_ms, end_ms, objective);
    f.budget_consumed
}

/// Budget remaining over the rolling window ending at each slice end (from the first slice
/// where a whole window of history exists, or from the start if there is less).
pub fn rolling_budget(s: &Slices, window_ms: i64, objective: f64) -> Vec<Sample> {
    // sums[k]: (bad, total) over slices 0..k, so a window ending at slice i spans
    // sums[i + 1] − sums[lo] with lo = max(0, i + 1 − per).
    let zero = (0.0, 0.0);
    let sums: Vec<(f64, f64)> = std::iter::once(zero)
        .chain(s.iter().scan(zero, |(cb, ct), (_, b, t)| {
            let ok = t.is_finite();
            *cb += if ok { b } else { 0.0 };
            *ct += if ok { t } else { 0.0 };
            Some((*cb, *ct))
        }))
        .collect();
    let n = s.total.len();
    let per = (window_ms / s.slice_ms.max(1)).max(1) as usize;
    let start = if n > per { per - 1 } else { 0 };
    let budget = 1.0 - objective;
    // sums[lo] for i = 0, 1, …: sums[0] until a whole window exists, then sums[i + 1 − per].
    let lows = std::iter::repeat_n(&zero, per - 1).chain(&sums);
    let highs = sums.iter().skip(1).zip(lows);
    (s.iter().zip(highs).skip(start))
        .map(|((t_ms, _, _), (hi, lo))| {
            let (b, t) = (hi.0 - lo.0, hi.1 - lo.1);
            let v = if t > 0.0 {
                1.0 - (b / t) / budget
            } else {
                f64::NAN
            };
            Sample { t_ms, v }
        })
        .collect()
}

#[cfg(test)]
mod tests;
