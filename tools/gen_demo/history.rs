//! Recorded inventory history for the demo: hourly answers to the counting queries of
//! `core::inventory_history` over 91 days, telling a small story that ends at the demo's
//! inventory: nodes added in two steps, a new service launched, staging's kubelet upgrade
//! (a third kubelet version two weeks ago), rollouts briefly running two versions, and the
//! not-ready node in prod-us taking its targets down.

use headroom::core::inventory_history::QUERIES;
use headroom::core::slo::{HISTORY_MS, SLICE_MS};

use crate::fleet::{Service, CLUSTERS};
use crate::rng::Rng;
use crate::CAPTURED_AT_MS;

const DAY_H: i64 = 24;

/// (query, Prometheus matrix answer) for every history query.
pub fn inventory_history(services: &[Service]) -> Vec<(String, Vec<u8>)> {
    let n = (HISTORY_MS / SLICE_MS) as usize + 1;
    let start = CAPTURED_AT_MS - HISTORY_MS;
    let t_ms: Vec<i64> = (0..n).map(|i| start + i as i64 * SLICE_MS).collect();
    let workloads_now: i64 = services
        .iter()
        .map(|s| 1 + s.workers.len() as i64)
        .sum::<i64>()
        * CLUSTERS.len() as i64;
    let nodes_now: i64 = CLUSTERS.iter().map(|c| c.nodes as i64).sum();
    let mut rng = Rng::new(91);
    let mut series: Vec<Vec<Option<f64>>> = vec![Vec::new(); QUERIES.len()];
    for t in &t_ms {
        let ago_h = (CAPTURED_AT_MS - t) / SLICE_MS;
        let nodes = nodes_now
            - if ago_h > 60 * DAY_H {
                4
            } else if ago_h > 20 * DAY_H {
                2
            } else {
                0
            };
        // The newest service (three workloads, one per cluster) went live 45 days ago.
        let workloads = workloads_now - if ago_h > 45 * DAY_H { 3 } else { 0 };
        let kubelets = if ago_h > 14 * DAY_H { 2 } else { 3 };
        // Weekly release trains: for a few hours after each, some services run two versions.
        let hour_of_week = ago_h.rem_euclid(7 * DAY_H);
        let rolling = if (30..35).contains(&hour_of_week) {
            1 + rng.below(3) as i64
        } else {
            0
        };
        let versions = services.len() as i64 - if ago_h > 45 * DAY_H { 1 } else { 0 } + rolling;
        // Pods scale with daytime traffic; one target per pod plus a node exporter per node.
        let daytime = (((ago_h % DAY_H) as f64 / DAY_H as f64) * std::f64::consts::TAU).cos();
        let targets = workloads * 3 + nodes + (4.0 + 4.0 * daytime).round() as i64;
        let down = if ago_h <= 6 {
            3
        } else if rng.unit() < 0.03 {
            1
        } else {
            0
        };
        for (s, v) in series
            .iter_mut()
            .zip([targets, down, workloads, nodes, kubelets, versions])
        {
            s.push(Some(v as f64));
        }
    }
    QUERIES
        .iter()
        .zip(series)
        .map(|(q, values)| {
            (
                q.query.to_string(),
                crate::metrics::matrix_f(&t_ms, &values),
            )
        })
        .collect()
}
