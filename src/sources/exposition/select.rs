//! Selections from a parsed exposition: the series a selector matches, within a time range.
//! Whether a series matches is decided once per series (its name first, its labels read from
//! its key only when the name can match), so a sample costs one lookup, not a label map.

use std::collections::BTreeMap;

use super::parse::Parsed;
use crate::core::model::{Labels, Sample, Series};
use crate::core::selector::Selector;
use crate::sources::LocalBoxFuture;

/// Work between two pauses (some tens of milliseconds in the browser): a sample looked at is
/// one unit; reading a series' labels and filing it under them costs about as much as 500.
pub(super) const WORK_PER_PIECE: usize = 1_000_000;
pub(super) const SERIES_COST: usize = 500;

/// What is known of a series while selecting.
#[derive(Clone, Copy, PartialEq)]
enum Seen {
    Not,
    Refused,
    /// Matches, no sample in range yet.
    Matches,
    /// Matches; its samples go to this output series.
    Into(usize),
}

/// Series of the exposition matching `sel`, within `[start_ms, end_ms]`; samples without a
/// timestamp are taken as observed at `end_ms`.
pub fn select(p: &Parsed, sel: &Selector, start_ms: i64, end_ms: i64) -> Vec<Series> {
    crate::sources::block_on(select_paced(p, sel, start_ms, end_ms, None))
}

/// [`select`], pausing after every [`WORK_PER_PIECE`] units of work. Series with the
/// same labels (written in another order) are one; each comes out in time order, the series
/// in label order.
pub async fn select_paced(
    p: &Parsed,
    sel: &Selector,
    start_ms: i64,
    end_ms: i64,
    pause: Option<&dyn Fn() -> LocalBoxFuture<'static, ()>>,
) -> Vec<Series> {
    let mut seen = vec![Seen::Not; p.series_count()];
    let mut out: Vec<Series> = Vec::new();
    let mut by_labels: BTreeMap<Labels, usize> = BTreeMap::new();
    let mut work = 0;
    for (id, v, t) in p.families.iter().flat_map(|f| f.samples.iter()) {
        work += 1;
        if let (true, Some(pause)) = (work >= WORK_PER_PIECE, pause) {
            work = 0;
            pause().await;
        }
        let Some(state) = seen.get_mut(id as usize) else {
            continue;
        };
        let mut labels = None;
        if *state == Seen::Not {
            let name = p.series_name(id);
            let named = sel.name.as_deref().is_none_or(|n| n == name);
            let l = named.then(|| p.series_labels(id));
            work += if named { SERIES_COST } else { 1 };
            let matches = l.as_ref().is_some_and(|l| sel.matches(name, l));
            *state = if matches {
                Seen::Matches
            } else {
                Seen::Refused
            };
            labels = l;
        }
        let t = t.unwrap_or(end_ms);
        if *state == Seen::Refused || t < start_ms || t > end_ms {
            continue;
        }
        if *state == Seen::Matches {
            work += SERIES_COST;
            let mut labels = labels.unwrap_or_else(|| p.series_labels(id));
            labels.insert("__name__".into(), p.series_name(id).to_string());
            let at = *by_labels.entry(labels.clone()).or_insert_with(|| {
                out.push(Series {
                    labels,
                    samples: Vec::new(),
                });
                out.len() - 1
            });
            *state = Seen::Into(at);
        }
        if let Seen::Into(at) = *state {
            if let Some(s) = out.get_mut(at) {
                s.samples.push(Sample { t_ms: t, v });
            }
        }
    }
    let mut sorted: Vec<Series> = Vec::with_capacity(out.len());
    let mut out: Vec<Option<Series>> = out.into_iter().map(Some).collect();
    for at in by_labels.into_values() {
        if let Some(mut s) = out.get_mut(at).and_then(Option::take) {
            s.samples.sort_by_key(|s| s.t_ms);
            sorted.push(s);
        }
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn selection_with_matchers() {
        let sel = Selector::parse("x_total{a=~\"1|3\"}").unwrap();
        let p = parse::parse(
            "x_total{a=\"1\"} 5 2000\nx_total{a=\"1\"} 3 1000\nx_total{a=\"2\"} 9 1000\n",
            None,
        );
        let s = select(&p, &sel, 0, 10_000);
        assert_eq!(s.len(), 1);
        assert_eq!(
            s[0].samples,
            vec![Sample { t_ms: 1000, v: 3.0 }, Sample { t_ms: 2000, v: 5.0 }]
        );
        assert_eq!(s[0].labels["__name__"], "x_total");
    }

    #[test]
    fn one_series_however_its_labels_are_written_and_none_without_samples_in_range() {
        let p = parse::parse(
            "y{a=\"1\",b=\"2\"} 1 1000\ny{b=\"2\", a=\"1\"} 2 2000\ny{a=\"3\"} 7 50000\nup 1\n",
            None,
        );
        let s = select(&p, &Selector::parse("y").unwrap(), 0, 10_000);
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].samples.len(), 2);
        let up = select(&p, &Selector::parse("up").unwrap(), 0, 10_000);
        assert_eq!(
            up[0].samples,
            vec![Sample {
                t_ms: 10_000,
                v: 1.0
            }]
        );
        let none = select(&p, &Selector::parse("{a=\"3\"}").unwrap(), 0, 10_000);
        assert!(none.is_empty());
    }
}
