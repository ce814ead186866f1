//! Inventory change over time, where a source keeps history: Prometheus (and snapshots of it)
//! answers counts of scrape targets, workloads, nodes and running versions at every hour of
//! the range. This module names those queries (shared by the app and the demo generator) and
//! reads "then vs now" out of the answers.

use crate::core::model::Sample;

/// One counted thing and the PromQL that counts it.
pub struct HistoryQuery {
    pub label: &'static str,
    pub query: &'static str,
    /// Which chart it goes on: 0 = fleet size (tens to thousands), 1 = variety and failures
    /// (a handful), so small counts are not flattened against large ones.
    pub chart: usize,
}

/// Titles of the charts the queries go on.
pub const CHARTS: [&str; 2] = ["Fleet size", "Variety and failures"];

/// What the inventory history chart plots, in this order.
pub const QUERIES: [HistoryQuery; 6] = [
    HistoryQuery { label: "scrape targets", query: "count(up)", chart: 0 },
    // `count(up) * 0`, not `vector(0)`: zero only where there were targets at all.
    HistoryQuery { label: "targets down", query: "count(up == 0) or (count(up) * 0)", chart: 1 },
    HistoryQuery { label: "workloads", query: "count({__name__=~\"kube_deployment_spec_replicas|kube_statefulset_replicas|kube_daemonset_status_desired_number_scheduled\"})", chart: 0 },
    HistoryQuery { label: "nodes", query: "count(kube_node_info)", chart: 0 },
    HistoryQuery { label: "kubelet versions", query: "count(count by (kubelet_version) (kube_node_info))", chart: 1 },
    HistoryQuery { label: "versions running", query: "count(count by (job, version) ({__name__=~\".+_build_info\"}))", chart: 1 },
];

/// The value in force at `t_ms`: the last sample at or before it, if not older than `max_age_ms`.
pub fn value_at(samples: &[Sample], t_ms: i64, max_age_ms: i64) -> Option<f64> {
    let i = samples.partition_point(|s| s.t_ms <= t_ms);
    let s = samples.get(i.checked_sub(1)?)?;
    (t_ms - s.t_ms <= max_age_ms).then_some(s.v)
}

/// One row of the "then vs now" table: the value `ago` before `now` for each offset.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub label: String,
    /// Values at each offset (same order as the offsets asked for; `None` = no data then).
    pub values: Vec<Option<f64>>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// For each series, its value `now − offset` for every offset (0 = now), plus its range.
pub fn changes(
    series: &[(String, Vec<Sample>)],
    now_ms: i64,
    offsets_ms: &[i64],
    max_age_ms: i64,
) -> Vec<Change> {
    series
        .iter()
        .map(|(label, samples)| {
            let finite = || samples.iter().map(|s| s.v).filter(|v| v.is_finite());
            Change {
                label: label.clone(),
                values: offsets_ms
                    .iter()
                    .map(|o| value_at(samples, now_ms - o, max_age_ms))
                    .collect(),
                min: finite().reduce(f64::min),
                max: finite().reduce(f64::max),
            }
        })
        .collect()
}

/// One line per distinct error, naming the counts it cost: a dead server fails every query
/// the same way and is said once.
pub fn error_text<E: std::fmt::Display>(errors: &[(&str, E)]) -> String {
    let mut by: Vec<(String, Vec<&str>)> = Vec::new();
    for (label, e) in errors {
        let e = e.to_string();
        match by.iter_mut().find(|(m, _)| *m == e) {
            Some((_, ls)) => ls.push(label),
            None => by.push((e, vec![label])),
        }
    }
    by.iter()
        .map(|(e, ls)| format!("{}: {e}", ls.join(", ")))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t_ms: i64, v: f64) -> Sample {
        Sample { t_ms, v }
    }

    #[test]
    fn values_then_and_now_with_gaps() {
        let nodes = vec![s(0, 17.0), s(10, 17.0), s(20, 19.0), s(30, 21.0)];
        let down = vec![s(0, 0.0), s(10, 2.0)];
        let c = changes(
            &[("nodes".into(), nodes), ("down".into(), down)],
            30,
            &[0, 10, 25, 40],
            5,
        );
        assert_eq!(c[0].values, [Some(21.0), Some(19.0), Some(17.0), None]);
        assert_eq!((c[0].min, c[0].max), (Some(17.0), Some(21.0)));
        // "down" stopped at t=10: at t=30 and t=20 its last sample is too old to count.
        assert_eq!(c[1].values, [None, None, Some(0.0), None]);
        assert_eq!(value_at(&[], 5, 5), None);
    }

    #[test]
    fn one_line_per_distinct_error() {
        let errors = [
            ("nodes", "refused".to_string()),
            ("workloads", "refused".to_string()),
            ("targets down", "bad_data".to_string()),
        ];
        assert_eq!(
            error_text(&errors),
            "nodes, workloads: refused targets down: bad_data"
        );
    }

    #[test]
    fn every_query_counts_and_labels_are_unique() {
        let labels: std::collections::BTreeSet<_> = QUERIES.iter().map(|q| q.label).collect();
        assert_eq!(labels.len(), QUERIES.len());
        assert!(QUERIES.iter().all(|q| q.query.starts_with("count(")));
    }
}
