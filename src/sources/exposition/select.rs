//! Selections from a parsed exposition: the series a selector matches, within a time range.
//! Whether a series matches is decided once per series (its name first, then only the labels
//! the matchers test, read from its key), so a sample costs one lookup, not a label map.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::parse::{Parsed, Unusual};
use crate::core::model::{Labels, Sample, Series};
use crate::core::selector::{Op, Selector};
use crate::sources::LocalBoxFuture;

/// Work between two pauses (some tens of milliseconds in the browser): a sample looked at is
/// one unit; reading a series' labels and filing it under them costs about as much as 500.
pub(super) const WORK_PER_PIECE: usize = 1_000_000;
pub(super) const SERIES_COST: usize = 500;
/// … and testing a series' labels against the matchers about as much as 20.
const MATCH_COST: usize = 20;

/// What is known of a series while selecting: not looked at yet, refused, matching with no
/// sample in range yet, or else the position of its output series.
const NOT_SEEN: u32 = u32::MAX;
const REFUSED: u32 = u32::MAX - 1;
const MATCHES: u32 = u32::MAX - 2;

/// Series of the exposition matching `sel`, within `[start_ms, end_ms]`; samples without a
/// timestamp are taken as observed at `end_ms`.
pub fn select(p: &Parsed, sel: &Selector, start_ms: i64, end_ms: i64) -> Vec<Series> {
    crate::sources::block_on(select_paced(p, sel, start_ms, end_ms, None))
}

/// [`select`], pausing after every [`WORK_PER_PIECE`] units of work. Only families holding
/// the selector's metric name are looked at; series with the same labels (written in another
/// order) are one; each comes out in time order, the series in label order.
pub async fn select_paced(
    p: &Parsed,
    sel: &Selector,
    start_ms: i64,
    end_ms: i64,
    pause: Option<&dyn Fn() -> LocalBoxFuture<'static, ()>>,
) -> Vec<Series> {
    let wanted = sel.name.as_deref().map(|n| p.name_id(n));
    let families: Vec<_> = p
        .families
        .iter()
        .filter(|f| match wanted {
            None => true,
            Some(id) => id.is_some_and(|id| f.samples.names().contains(&id)),
        })
        .collect();
    // State for the ids these families hold only (a few bytes per series, and selections of
    // one document run side by side).
    let ids = families.iter().filter_map(|f| f.samples.series_ids());
    let Some((lo, hi)) = ids.reduce(|(a, b), (c, d)| (a.min(c), b.max(d))) else {
        return Vec::new();
    };
    // Selections waiting for one document wake together: each starts in a task of its own
    // (forty of them made one task of 337 ms).
    if let Some(pause) = pause {
        pause().await;
    }
    let mut seen = vec![NOT_SEEN; (hi - lo) as usize + 1];
    let mut out: Vec<Series> = Vec::new();
    let mut by_labels: BTreeMap<Labels, u32> = BTreeMap::new();
    let mut work = 0;
    for (id, v, t) in families.iter().flat_map(|f| f.samples.iter()) {
        work += 1;
        if let (true, Some(pause)) = (work >= WORK_PER_PIECE, pause) {
            work = 0;
            pause().await;
        }
        let Some(state) = seen.get_mut(id.wrapping_sub(lo) as usize) else {
            continue;
        };
        let mut labels = None;
        if *state == NOT_SEEN {
            let name = p.series_name(id);
            let named = sel.name.as_deref().is_none_or(|n| n == name);
            let matches = named
                && matches(p, id, name, sel).unwrap_or_else(|Unusual| {
                    let l = p.series_labels(id);
                    let m = sel.matches(name, &l);
                    labels = Some(l);
                    m
                });
            work += if named { MATCH_COST } else { 1 };
            *state = if matches { MATCHES } else { REFUSED };
        }
        let t = t.unwrap_or(end_ms);
        if *state == REFUSED || t < start_ms || t > end_ms {
            continue;
        }
        if *state == MATCHES {
            work += SERIES_COST;
            let mut labels = labels.unwrap_or_else(|| p.series_labels(id));
            labels.insert("__name__".into(), p.series_name(id).to_string());
            *state = *by_labels.entry(labels.clone()).or_insert_with(|| {
                out.push(Series {
                    labels,
                    samples: Vec::new(),
                });
                u32::try_from(out.len() - 1).unwrap_or(REFUSED)
            });
        }
        if let Some(s) = out.get_mut(*state as usize) {
            s.samples.push(Sample { t_ms: t, v });
        }
    }
    let mut sorted: Vec<Series> = Vec::with_capacity(out.len());
    let mut out: Vec<Option<Series>> = out.into_iter().map(Some).collect();
    for at in by_labels.into_values() {
        if let Some(mut s) = out.get_mut(at as usize).and_then(Option::take) {
            crate::core::samples::by_time(&mut s.samples);
            sorted.push(s);
        }
    }
    sorted
}

/// [`Selector::matches`] for series `id` (named `name`, which the caller checked), reading only
/// the labels its matchers test from the series' key.
fn matches(p: &Parsed, id: u32, name: &str, sel: &Selector) -> Result<bool, Unusual> {
    for (label, op) in &sel.matchers {
        let value = match label.as_str() {
            "__name__" => Cow::Borrowed(name),
            l => p.series_label(id, l)?.unwrap_or(Cow::Borrowed("")),
        };
        let holds = match op {
            Op::Eq(x) => value == x.as_str(),
            Op::Ne(x) => value != x.as_str(),
            Op::Re(r) => r.is_match(&value),
            Op::Nre(r) => !r.is_match(&value),
        };
        if !holds {
            return Ok(false);
        }
    }
    Ok(true)
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

    /// Selection as first written: every sample written out, matched on its own labels.
    fn reference(p: &Parsed, sel: &Selector, start: i64, end: i64) -> Vec<Series> {
        let mut by: BTreeMap<Labels, Vec<Sample>> = BTreeMap::new();
        for s in p.families.iter().flat_map(|f| p.samples_of(f)) {
            let t = s.timestamp_ms.unwrap_or(end);
            if sel.matches(&s.name, &s.labels) && t >= start && t <= end {
                let mut labels = s.labels.clone();
                labels.insert("__name__".into(), s.name.clone());
                by.entry(labels).or_default().push(Sample {
                    t_ms: t,
                    v: s.value,
                });
            }
        }
        by.into_iter()
            .map(|(labels, mut samples)| {
                crate::core::samples::by_time(&mut samples);
                Series { labels, samples }
            })
            .collect()
    }

    #[test]
    fn equals_matching_every_sample_on_its_own() {
        let mut text = String::from("# TYPE req counter\n# TYPE lat histogram\n");
        for i in 0..3000 {
            let (code, path) = (["200", "500", "404"][i % 3], i % 7);
            text.push_str(&format!(
                "req_total{{code=\"{code}\",path=\"/{path}\"}} {i} {}\n",
                i * 10
            ));
            text.push_str(&format!(
                "req_total{{path=\"/{path}\", code=\"{code}\"}} {i}\n"
            ));
            text.push_str(&format!(
                "lat_bucket{{le=\"{}\"}} {i} {}\n",
                i % 4,
                30_000 - i
            ));
            text.push_str(&format!("up{{job=\"j{}\"}} 1 {}\n", i % 5, i * 3));
            // Escaped values, and a quoted name (read label by label, and whole).
            text.push_str(&format!(
                "req_total{{code=\"5\\\"0{}\",path=\"/\\x\"}} 1\n",
                i % 2
            ));
            text.push_str(&format!(
                "{{\"req_total\",code=\"{code}\",path=\"/q\"}} 2 {i}\n"
            ));
        }
        let p = parse::parse(&text, None);
        for q in [
            "req_total",
            "req_total{code=~\"5..\"}",
            "{path=\"/3\"}",
            "lat_bucket{le!=\"2\"}",
            "up",
            "{__name__=~\"up|req_total\",code!=\"404\"}",
            "absent",
            "req_total{code=~\"5.0.\"}",
            "{path=~\".*x\"}",
            "{path=\"/q\"}",
        ] {
            let sel = Selector::parse(q).unwrap();
            let all = select(&p, &sel, 0, 40_000);
            assert_eq!(all.is_empty(), q == "absent", "{q}: {} series", all.len());
            for (start, end) in [(0, 40_000), (5_000, 9_000)] {
                assert_eq!(
                    select(&p, &sel, start, end),
                    reference(&p, &sel, start, end),
                    "{q}"
                );
            }
        }
    }

    #[test]
    fn families_without_the_name_are_skipped_and_nothing_is_lost() {
        let p = parse::parse(
            "# TYPE x counter\nx_total{a=\"1\"} 1 1000\nx_created{a=\"1\"} 5 1000\ny 2 1000\n# TYPE z gauge\nz{a=\"1\"} 3 1000\n",
            None,
        );
        let pick = |s: &str| select(&p, &Selector::parse(s).unwrap(), 0, 2000);
        let names = |s: &str| {
            let got = pick(s);
            got.iter()
                .map(|s| s.labels["__name__"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("x_total"), ["x_total"], "in family x");
        assert_eq!(names("{a=\"1\"}"), ["x_created", "x_total", "z"]);
        assert_eq!(names("{__name__=~\"y|z\"}"), ["y", "z"]);
        assert!(pick("absent").is_empty());
        assert!(pick("x_total{a=\"2\"}").is_empty());
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
