//! SLOs that read the same metric family are fetched together (as Pyrra and Sloth group
//! their recording rules): `sum(increase(x{job="api",code=~"5.."}[1h]))` for many SLOs becomes
//! one `sum by (code, job) (increase(x[1h]))`, and each SLO sums the rows its own matchers
//! select, per timestamp, in the browser.
//!
//! Why it gives the same figures: the `by` labels of a group include every label any of its
//! selectors tests (and every `group_by` label), so a row either holds only series a selector
//! matches or only series it does not — the matching rows partition exactly the series the
//! SLO's own query would sum. A row absent at a timestamp adds nothing; a timestamp no
//! matching row has stays absent, as in Prometheus' own `sum`. The group's query may also be
//! restricted to the union of the values its selectors allow (`service=~"api|web"`), which
//! keeps every row any of them needs.
//!
//! Only plain selectors inside the fixed shapes of `query.rs` are grouped (ratio, latency,
//! bool-gauge and threshold SLIs); hand-written PromQL (`sli.events`), selectors the browser
//! cannot match exactly and metrics named inside their own query keep their per-SLO query.

mod plain;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use super::query::{latency_selectors, slice_queries};
use crate::core::config::SliConfig;
use crate::core::model::{Labels, Sample, Series};
use crate::core::selector::{Op, Selector};

pub use plain::strictly_plain;

/// A restriction longer than this is left out (the group's query stays short; the rows the
/// restriction would drop are only ignored in the browser).
const MAX_RESTRICTION: usize = 8_000;

/// What series a piece reads and what it does to them: `prefix metric suffix` inside `sum(…)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shape {
    pub prefix: String,
    pub metric: String,
    pub suffix: String,
}

/// One query of one SLO (its bad or good part, or its total) that can be fetched in a group.
#[derive(Clone, Debug)]
pub struct Piece {
    pub shape: Shape,
    selector: Selector,
    group_by: Vec<String>,
}

impl Piece {
    /// The labels the group's rows must keep for this piece: those its matchers test and its
    /// `group_by`.
    fn labels(&self) -> impl Iterator<Item = &String> {
        self.selector
            .matchers
            .iter()
            .map(|(k, _)| k)
            .chain(&self.group_by)
    }

    /// The regex alternative allowing at least every value this piece accepts for `label`
    /// (`None` when the piece accepts any).
    fn allowed(&self, label: &str) -> Option<String> {
        self.selector.matchers.iter().find_map(|(k, op)| match op {
            Op::Eq(v) if k == label => Some(regex_lite::escape(v)),
            Op::Re(r) if k == label => Some(r.as_str().to_string()),
            _ => None,
        })
    }
}

fn label_name(l: &str) -> bool {
    l.chars().next().is_some_and(|c| !c.is_ascii_digit())
        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `query` (`sum(<prefix><selector><suffix>)`, as `slice_queries` writes it) as a piece, if
/// `selector` is plain, occurs exactly once and can be matched in the browser.
pub fn piece(query: &str, selector: &str, group_by: &[String]) -> Option<Piece> {
    let inner = query.strip_prefix("sum(")?.strip_suffix(')')?;
    let at: Vec<usize> = inner
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| inner.get(i..).is_some_and(|r| r.starts_with(selector)))
        .collect();
    let (&[at], true) = (at.as_slice(), strictly_plain(selector)) else {
        return None;
    };
    let parsed = Selector::parse(selector).ok()?;
    let metric = parsed.name.clone()?;
    if parsed.matchers.iter().any(|(k, _)| k == "__name__")
        || !group_by.iter().all(|l| label_name(l))
    {
        return None;
    }
    Some(Piece {
        shape: Shape {
            prefix: inner.get(..at)?.to_string(),
            metric,
            suffix: inner.get(at + selector.len()..)?.to_string(),
        },
        selector: parsed,
        group_by: group_by.to_vec(),
    })
}

/// The SLO's part (bad or good) and total queries as pieces, each `None` where it must be
/// fetched on its own.
pub fn sli_pieces(sli: &SliConfig, slice_ms: i64, group_by: &[String]) -> [Option<Piece>; 2] {
    let (part, total) = match sli {
        SliConfig::Ratio { errors, total } => (errors.trim().to_string(), total.trim().to_string()),
        SliConfig::Latency {
            histogram,
            threshold,
        } => latency_selectors(histogram, *threshold),
        SliConfig::BoolGauge { metric } | SliConfig::Threshold { metric, .. } => {
            (metric.trim().to_string(), metric.trim().to_string())
        }
        SliConfig::Events { .. } => return [None, None],
    };
    let q = slice_queries(sli, slice_ms);
    let part_q = q.bad.or(q.good).unwrap_or_default();
    [
        piece(&part_q, &part, group_by),
        piece(&q.total, &total, group_by),
    ]
}

/// Pieces that share a scope (`S`: source, range, step) and a shape: one query for all.
#[derive(Debug)]
pub struct Group<S> {
    pub scope: S,
    /// `sum by (…) (…)` over every row any member needs.
    pub query: String,
    members: usize,
}

/// Which queries (`K`) are fetched in which group.
#[derive(Debug)]
pub struct Plan<S, K> {
    groups: Vec<Group<S>>,
    members: BTreeMap<K, (usize, Piece)>,
}

impl<S: Ord + Clone, K: Ord> Plan<S, K> {
    /// Groups the pieces by scope and shape; a query given twice is one member.
    pub fn new(items: impl IntoIterator<Item = (S, K, Piece)>) -> Plan<S, K> {
        let mut index: BTreeMap<(S, Shape), usize> = BTreeMap::new();
        let mut pieces: Vec<(S, Vec<Piece>)> = Vec::new();
        let mut members = BTreeMap::new();
        for (scope, key, p) in items {
            if members.contains_key(&key) {
                continue;
            }
            let id = *index
                .entry((scope.clone(), p.shape.clone()))
                .or_insert_with(|| {
                    pieces.push((scope, Vec::new()));
                    pieces.len() - 1
                });
            if let Some((_, list)) = pieces.get_mut(id) {
                list.push(p.clone());
            }
            members.insert(key, (id, p));
        }
        let groups = pieces
            .into_iter()
            .map(|(scope, list)| Group {
                scope,
                query: group_query(&list),
                members: list.len(),
            })
            .collect();
        Plan { groups, members }
    }

    /// The group `key` is fetched in (its index, the group, the piece), if it shares it.
    pub fn grouped(&self, key: &K) -> Option<(usize, &Group<S>, &Piece)> {
        let (id, p) = self.members.get(key)?;
        let g = self.groups.get(*id).filter(|g| g.members > 1)?;
        Some((*id, g, p))
    }

    /// The groups of two or more members (what is sent instead of their queries).
    pub fn shared(&self) -> impl Iterator<Item = &Group<S>> {
        self.groups.iter().filter(|g| g.members > 1)
    }
}

/// A PromQL string literal.
fn quote(s: &str) -> String {
    let body = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{body}\"")
}

/// `sum by (labels) (prefix metric{restriction} suffix)` for pieces of one shape.
fn group_query(pieces: &[Piece]) -> String {
    let Some(first) = pieces.first() else {
        return String::new();
    };
    let by: BTreeSet<&String> = pieces.iter().flat_map(Piece::labels).collect();
    let restriction: Vec<String> = by
        .iter()
        .filter_map(|label| {
            let allowed: Option<BTreeSet<String>> =
                pieces.iter().map(|p| p.allowed(label)).collect();
            let alternatives = allowed?.into_iter().collect::<Vec<_>>().join("|");
            (alternatives.len() <= MAX_RESTRICTION)
                .then(|| format!("{label}=~{}", quote(&alternatives)))
        })
        .collect();
    let s = &first.shape;
    let braces = if restriction.is_empty() {
        String::new()
    } else {
        format!("{{{}}}", restriction.join(","))
    };
    let inner = format!("{}{}{braces}{}", s.prefix, s.metric, s.suffix);
    if by.is_empty() {
        format!("sum({inner})")
    } else {
        let by: Vec<&str> = by.into_iter().map(String::as_str).collect();
        format!("sum by ({}) ({inner})", by.join(", "))
    }
}

/// What the piece's own query would have returned, from its group's rows: the rows its
/// matchers select, summed per timestamp, one series per `group_by` value (none when no row
/// has a sample).
pub fn split(rows: &[Series], p: &Piece) -> Vec<Series> {
    let mut groups: BTreeMap<Labels, Vec<Sample>> = BTreeMap::new();
    for row in rows
        .iter()
        .filter(|r| p.selector.matches(&p.shape.metric, &r.labels))
    {
        let key: Labels = p
            .group_by
            .iter()
            .filter_map(|k| row.labels.get(k).map(|v| (k.clone(), v.clone())))
            .collect();
        groups.entry(key).or_default().extend(&row.samples);
    }
    groups
        .into_iter()
        .filter(|(_, samples)| !samples.is_empty())
        .map(|(labels, mut samples)| {
            // Stable: equal timestamps keep the rows' order (already sorted runs merge fast).
            crate::core::samples::by_time(&mut samples);
            Series {
                labels,
                samples: sum_equal_times(samples),
            }
        })
        .collect()
}

/// Samples in time order with those of one timestamp added up.
fn sum_equal_times(sorted: Vec<Sample>) -> Vec<Sample> {
    let mut out: Vec<Sample> = Vec::with_capacity(sorted.len());
    for s in sorted {
        match out.last_mut() {
            Some(last) if last.t_ms == s.t_ms => last.v += s.v,
            _ => out.push(s),
        }
    }
    out
}
