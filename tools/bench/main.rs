//! `make bench`: speed of the hot paths, each printed as a ratio to a baseline measured in the
//! same run on the same machine (so the figures compare across machines), never asserted.
//!
//! - entity table: filter + sort + facets over 10,000 and 100,000 entities, against one pass
//!   that merely reads every cell (the least any filter must do);
//! - SLO figures: a 30-day window and four burn rates for 1,000 SLOs of 91 days of hourly
//!   slices, against summing the same numbers once;
//! - M4 decimation of 1,000,000 samples to 1,000 columns, against copying them;
//! - the kube-state-metrics join (2,000 Deployments, 10,000 pods with two containers each,
//!   through their ReplicaSets), against cloning every series' labels once.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use headroom::core::decimate::m4;
use headroom::core::entity_table::{apply, cell, facets, synthetic, Query, COLUMNS, FACETS};
use headroom::core::model::Sample;
use headroom::core::model::{Labels, Series};
use headroom::core::slo::{Method, Slices};
use headroom::sources::prometheus::ksm;

fn time<T>(runs: u32, mut f: impl FnMut() -> T) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let t = Instant::now();
        black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn report(name: &str, work: f64, base: f64) {
    println!(
        "{name:<48} {:>9.2} ms   baseline {:>8.2} ms   ratio {:>6.2}×",
        work * 1e3,
        base * 1e3,
        work / base
    );
}

fn main() {
    for n in [10_000, 100_000] {
        let es = synthetic(n);
        let mut params = BTreeMap::new();
        params.insert("q".to_string(), "svc-1".to_string());
        params.insert("f.owner".to_string(), "team-1,team-2,team-3".to_string());
        params.insert("sort".to_string(), "-replicas".to_string());
        let q = Query::from_params(&params);
        let base = time(5, || {
            es.iter()
                .map(|e| COLUMNS.iter().map(|c| cell(e, c).len()).sum::<usize>())
                .sum::<usize>()
        });
        report(
            &format!("entity table: filter+sort, {n} rows"),
            time(5, || apply(&es, &q)),
            base,
        );
        report(
            &format!("entity table: {} facets, {n} rows", FACETS.len()),
            time(5, || facets(&es, &q, &FACETS)),
            base,
        );
    }
    let hours = 91 * 24;
    let slos: Vec<Slices> = (0..1000)
        .map(|k| {
            let total: Vec<Sample> = (0..hours)
                .map(|i| Sample {
                    t_ms: i as i64 * 3_600_000,
                    v: 1000.0 + ((i * 7 + k) % 13) as f64,
                })
                .collect();
            let bad: Vec<Sample> = (0..hours)
                .map(|i| Sample {
                    t_ms: i as i64 * 3_600_000,
                    v: ((i + k) % 5) as f64,
                })
                .collect();
            Slices::from_series(Some(&bad), None, &total, 3_600_000)
        })
        .collect();
    let now = (hours as i64 - 1) * 3_600_000;
    let base = time(5, || {
        slos.iter()
            .map(|s| s.total.iter().sum::<f64>() + s.bad.iter().sum::<f64>())
            .sum::<f64>()
    });
    let work = time(5, || {
        slos.iter()
            .map(|s| {
                let f = Method::Occurrences.figures(s, now - 30 * 86_400_000, now, 0.999);
                f.sli
                    + [3_600_000i64, 21_600_000, 86_400_000, 259_200_000]
                        .iter()
                        .map(|l| Method::Occurrences.burn_rate(s, now, *l, 0.999))
                        .sum::<f64>()
            })
            .sum::<f64>()
    });
    report("SLO figures + 4 burn rates, 1,000 SLOs", work, base);
    let samples: Vec<Sample> = (0..1_000_000)
        .map(|i| Sample {
            t_ms: i,
            v: ((i * 7919) % 1000) as f64,
        })
        .collect();
    let base = time(5, || samples.to_vec());
    report(
        "M4 decimation, 1,000,000 samples → 1,000 px",
        time(5, || m4(&samples, 0, 999_999, 1000)),
        base,
    );
    let series = ksm_fleet(2_000, 5);
    let base = time(5, || {
        series
            .iter()
            .map(|s| s.labels.clone())
            .collect::<Vec<Labels>>()
    });
    report(
        &format!("kube-state-metrics join, {} series", series.len()),
        time(5, || ksm::entities(&series, "prom")),
        base,
    );
}

/// `deployments` Deployments with `pods` pods each (two containers: the app and a sidecar).
fn ksm_fleet(deployments: usize, pods: usize) -> Vec<Series> {
    let s = |name: &str, labels: &[(&str, String)]| {
        let mut l: Labels = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        l.insert("__name__".into(), name.into());
        Series {
            labels: l,
            samples: vec![Sample {
                t_ms: 0,
                v: pods as f64,
            }],
        }
    };
    let mut out = Vec::new();
    for d in 0..deployments {
        let (ns, name, rs) = (
            format!("ns-{}", d % 50),
            format!("app-{d}"),
            format!("app-{d}-7f9c"),
        );
        out.push(s(
            "kube_deployment_spec_replicas",
            &[("namespace", ns.clone()), ("deployment", name.clone())],
        ));
        out.push(s(
            "kube_deployment_status_replicas_available",
            &[("namespace", ns.clone()), ("deployment", name.clone())],
        ));
        out.push(s(
            "kube_deployment_labels",
            &[
                ("namespace", ns.clone()),
                ("deployment", name.clone()),
                ("label_team", format!("team-{}", d % 30)),
            ],
        ));
        out.push(s(
            "kube_replicaset_owner",
            &[
                ("namespace", ns.clone()),
                ("replicaset", rs.clone()),
                ("owner_kind", "Deployment".into()),
                ("owner_name", name.clone()),
            ],
        ));
        for p in 0..pods {
            let pod = format!("{rs}-{p}");
            out.push(s(
                "kube_pod_owner",
                &[
                    ("namespace", ns.clone()),
                    ("pod", pod.clone()),
                    ("owner_kind", "ReplicaSet".into()),
                    ("owner_name", rs.clone()),
                ],
            ));
            out.push(s(
                "kube_pod_container_info",
                &[
                    ("namespace", ns.clone()),
                    ("pod", pod.clone()),
                    ("container", name.clone()),
                    ("image", format!("reg/{name}:1.{}.0", p % 2)),
                ],
            ));
            out.push(s(
                "kube_pod_container_info",
                &[
                    ("namespace", ns.clone()),
                    ("pod", pod),
                    ("container", "istio-proxy".into()),
                    ("image", "istio/proxyv2:1.22".into()),
                ],
            ));
        }
    }
    out
}
