//! Recorded Prometheus answers for the demo: for every SLO, the hourly slices of
//! `sum(increase(bad|good[1h]))` and `sum(increase(total[1h]))` over 91 days — exactly the
//! queries the app sends — plus `ALERTS{alertstate="firing"}` history and the inventory
//! history (`history.rs`).

use std::collections::BTreeMap;

use headroom::core::config::{SliConfig, SloConfig};
use headroom::core::incidents::ALERTS_QUERY;
use headroom::core::slo::{slice_queries, HISTORY_MS, SLICE_MS};
use serde_json::json;

use crate::fleet::Service;
use crate::rng::Rng;
use crate::CAPTURED_AT_MS;

const HOUR_MS: i64 = 3_600_000;

struct Hourly {
    t_ms: Vec<i64>,
    total: Vec<Option<u64>>,
    errors: Vec<Option<u64>>,
    slow: Vec<Option<u64>>,
}

fn simulate(s: &Service, seed: u64) -> Hourly {
    let mut rng = Rng::new(seed);
    let n = (HISTORY_MS / SLICE_MS) as usize + 1;
    let start = CAPTURED_AT_MS - HISTORY_MS;
    let mut h = Hourly {
        t_ms: vec![],
        total: vec![],
        errors: vec![],
        slow: vec![],
    };
    for i in 0..n {
        let t = start + i as i64 * SLICE_MS;
        let ago_h = (CAPTURED_AT_MS - t) / HOUR_MS;
        h.t_ms.push(t);
        if s.gap.is_some_and(|(a, len)| ago_h <= a && ago_h > a - len) {
            h.total.push(None);
            h.errors.push(None);
            h.slow.push(None);
            continue;
        }
        let hour = ((t / HOUR_MS) % 24) as f64;
        let weekday = ((t / (24 * HOUR_MS)) + 4) % 7; // 0 = Sunday
        let diurnal = 0.55
            + 0.45
                * ((hour - 8.0) / 24.0 * std::f64::consts::TAU)
                    .sin()
                    .max(-0.8);
        let weekly = if weekday == 0 || weekday == 6 {
            0.78
        } else {
            1.0
        };
        let growth = 1.0 + 0.12 * i as f64 / n as f64;
        let jitter = rng.range(0.95, 1.05);
        let total = rng.count(s.peak_rps * 3600.0 * diurnal * weekly * growth * jitter);
        let mut err_ratio = s.base_error * rng.range(0.5, 1.6);
        let mut slow_ratio = s.base_slow * rng.range(0.7, 1.3);
        for inc in &s.incidents {
            if ago_h <= inc.ago_h && ago_h > inc.ago_h - inc.hours {
                if inc.latency {
                    slow_ratio = inc.ratio * rng.range(0.8, 1.2);
                } else {
                    err_ratio = inc.ratio * rng.range(0.8, 1.2);
                }
            }
        }
        let errors = rng.count(total as f64 * err_ratio).min(total);
        let slow = rng.count(total as f64 * slow_ratio).min(total);
        h.total.push(Some(total));
        h.errors.push(Some(errors));
        h.slow.push(Some(slow));
    }
    h
}

fn matrix(t_ms: &[i64], values: &[Option<u64>]) -> Vec<u8> {
    // Prometheus' own layout: whole-second timestamps as numbers, values as strings.
    let mut out = String::from("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[");
    let mut first = true;
    for (t, v) in t_ms.iter().zip(values) {
        if let Some(v) = v {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&format!("[{},\"{v}\"]", t / 1000));
        }
    }
    out.push_str("]}]}}\n");
    out.into_bytes()
}

pub fn matrix_f(t_ms: &[i64], values: &[Option<f64>]) -> Vec<u8> {
    let pts: Vec<String> = t_ms
        .iter()
        .zip(values)
        .filter_map(|(t, v)| v.map(|v| format!("[{},\"{:.4}\"]", t / 1000, v)))
        .collect();
    format!("{{\"status\":\"success\",\"data\":{{\"resultType\":\"matrix\",\"result\":[{{\"metric\":{{}},\"values\":[{}]}}]}}}}\n", pts.join(",")).into_bytes()
}

fn alerts(services: &[Service]) -> Vec<u8> {
    let mut result = Vec::new();
    for s in services {
        for inc in &s.incidents {
            let values: Vec<serde_json::Value> = (0..inc.hours)
                .map(|k| json!([(CAPTURED_AT_MS - (inc.ago_h - k) * HOUR_MS) / 1000, "1"]))
                .collect();
            result.push(json!({"metric": {"__name__": "ALERTS", "alertname": inc.alert, "alertstate": "firing", "service": s.name, "severity": inc.severity}, "values": values}));
        }
    }
    let body = json!({"status": "success", "data": {"resultType": "matrix", "result": result}});
    (serde_json::to_string(&body).expect("serializable") + "\n").into_bytes()
}

/// The first SLO answers kept as files of their own: the first screen's first requests (the
/// browser's six per host) each carry one answer, so its first chart waits for no large file.
const FIRST_SINGLE: usize = 6;
/// SLO answers per bundle after those.
const PER_BUNDLE: usize = 9;

/// Moves the answers numbered `numbers` (`qNN.json`) into bundles of [`PER_BUNDLE`]
/// (`slos-N.json`: `{"qNN": <answer>, …}`, the answers byte for byte), the index naming each
/// as `slos-N.json#qNN`. The demo's 40 SLO answers came in 40 requests, six at a time; in 6 + 4,
/// the SLO list filled about 250 ms sooner (cold open, 9 interleaved runs) and the first chart
/// no later.
fn bundle(
    index: &mut BTreeMap<String, String>,
    files: &mut Vec<(String, Vec<u8>)>,
    numbers: std::ops::RangeInclusive<usize>,
) {
    let mut bundles: BTreeMap<String, BTreeMap<String, Box<serde_json::value::RawValue>>> =
        BTreeMap::new();
    for file in index.values_mut() {
        let Some(n) = file
            .strip_prefix('q')
            .and_then(|f| f.strip_suffix(".json"))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| numbers.contains(n))
        else {
            continue;
        };
        let path = format!("demo/prometheus/{file}");
        let at = files
            .iter()
            .position(|(p, _)| *p == path)
            .expect("recorded");
        let body = files.remove(at).1;
        let name = format!("slos-{}.json", (n - numbers.start()) / PER_BUNDLE + 1);
        let key = format!("q{n:02}");
        let raw = serde_json::from_slice(&body).expect("an answer is JSON");
        bundles
            .entry(name.clone())
            .or_default()
            .insert(key.clone(), raw);
        *file = format!("{name}#{key}");
    }
    for (name, answers) in bundles {
        let text = serde_json::to_string(&answers).expect("serializable") + "\n";
        files.push((format!("demo/prometheus/{name}"), text.into_bytes()));
    }
}

/// The SLO definitions (as config JSON) and the snapshot files under `demo/prometheus/`.
pub fn prometheus_snapshot(
    services: &[Service],
) -> (Vec<serde_json::Value>, Vec<(String, Vec<u8>)>) {
    let mut slos = Vec::new();
    let mut files = Vec::new();
    let mut index: BTreeMap<String, String> = BTreeMap::new();
    let mut record = |query: String, body: Vec<u8>, files: &mut Vec<(String, Vec<u8>)>| {
        let file = format!("q{:02}.json", index.len() + 1);
        index.insert(query, file.clone());
        files.push((format!("demo/prometheus/{file}"), body));
    };
    for (k, s) in services.iter().enumerate() {
        let h = simulate(s, 1000 + k as u64);
        let sel = format!("{{service=\"{}\"}}", s.name);
        let avail = SloConfig {
            name: format!("{}-availability", s.name),
            service: s.name.into(),
            team: Some(s.team.into()),
            description: Some(format!(
                "Share of {} requests answered without a 5xx",
                s.name
            )),
            objective: s.objective,
            window: "30d".into(),
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels: Default::default(),
            group_by: vec![],
            source: "demo-prometheus".into(),
            sli: SliConfig::Ratio {
                errors: format!(
                    "http_requests_total{{service=\"{}\",code=~\"5..\"}}",
                    s.name
                ),
                total: format!("http_requests_total{sel}"),
            },
        };
        let mut avail = avail;
        if s.name == "cart" {
            // Reported per calendar month in Berlin time, like a contract.
            avail.window = "month".into();
            avail.timezone = Some("Europe/Berlin".into());
        }
        if s.name == "catalog" {
            avail.method = Some("ratio_timeslices".into());
        }
        let q = slice_queries(&avail.sli, SLICE_MS);
        record(
            q.bad.clone().expect("ratio SLIs count bad events"),
            matrix(&h.t_ms, &h.errors),
            &mut files,
        );
        record(q.total, matrix(&h.t_ms, &h.total), &mut files);
        slos.push(serde_json::to_value(&avail).expect("serializable"));
        if let Some((threshold, objective)) = s.latency_slo {
            let lat = SloConfig {
                name: format!("{}-latency", s.name),
                description: Some(format!(
                    "{} requests served within {}ms",
                    s.name,
                    threshold * 1000.0
                )),
                objective,
                sli: SliConfig::Latency {
                    histogram: format!("http_request_duration_seconds{sel}"),
                    threshold,
                },
                ..avail.clone()
            };
            let q = slice_queries(&lat.sli, SLICE_MS);
            let fast: Vec<Option<u64>> = h
                .total
                .iter()
                .zip(&h.slow)
                .map(|(t, s)| Some((*t)? - (*s)?))
                .collect();
            record(
                q.good.clone().expect("latency SLIs count good events"),
                matrix(&h.t_ms, &fast),
                &mut files,
            );
            record(q.total, matrix(&h.t_ms, &h.total), &mut files);
            slos.push(serde_json::to_value(&lat).expect("serializable"));
        }
    }
    // Synthetic probes (bool gauge) and a p99 gauge (threshold) for a few services: one sample
    // a minute, so 60 events an hour; failures follow the incidents.
    for (k, s) in services
        .iter()
        .enumerate()
        .filter(|(_, s)| ["gateway", "auth", "media"].contains(&s.name))
    {
        let h = simulate(s, 1000 + k as u64);
        let mut rng = Rng::new(5000 + k as u64);
        let probe = SloConfig {
            name: format!("{}-probe", s.name),
            service: s.name.into(),
            team: Some(s.team.into()),
            description: Some(format!("Synthetic probes of {} succeed", s.name)),
            objective: 99.5,
            window: "30d".into(),
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels: [("tier".to_string(), "1".to_string())].into(),
            group_by: vec![],
            source: "demo-prometheus".into(),
            sli: SliConfig::BoolGauge {
                metric: format!("probe_success{{service=\"{}\"}}", s.name),
            },
        };
        let q = slice_queries(&probe.sli, SLICE_MS);
        let (ok, all): (Vec<Option<u64>>, Vec<Option<u64>>) = h
            .total
            .iter()
            .zip(&h.errors)
            .map(|(t, e)| match (t, e) {
                (Some(t), Some(e)) => {
                    let bad_share = *e as f64 / (*t).max(1) as f64;
                    let fails = (0..60)
                        .filter(|_| rng.unit() < 0.001 + bad_share * 3.0)
                        .count() as u64;
                    (Some(60 - fails), Some(60))
                }
                _ => (None, None),
            })
            .unzip();
        record(
            q.good.clone().expect("bool gauges count good samples"),
            matrix(&h.t_ms, &ok),
            &mut files,
        );
        record(q.total, matrix(&h.t_ms, &all), &mut files);
        slos.push(serde_json::to_value(&probe).expect("serializable"));
        if s.latency_slo.is_some() || s.name == "media" {
            let p99 = SloConfig {
                name: format!("{}-p99-under-500ms", s.name),
                description: Some(format!(
                    "{} p99 latency stays under 500ms, minute by minute",
                    s.name
                )),
                objective: 99.0,
                method: Some("timeslices".into()),
                timeslice_target: Some(0.95),
                labels: Default::default(),
                sli: SliConfig::Threshold {
                    metric: format!("http_request_p99_seconds{{service=\"{}\"}}", s.name),
                    op: "lt".into(),
                    value: 0.5,
                    interval: Some("1m".into()),
                },
                ..probe.clone()
            };
            let q = slice_queries(&p99.sli, SLICE_MS);
            let (under, all): (Vec<Option<u64>>, Vec<Option<u64>>) = h
                .total
                .iter()
                .zip(&h.slow)
                .map(|(t, sl)| match (t, sl) {
                    (Some(t), Some(sl)) => {
                        let slow_share = *sl as f64 / (*t).max(1) as f64;
                        let over = (0..60)
                            .filter(|_| rng.unit() < (slow_share - 0.008).max(0.0) * 4.0)
                            .count() as u64;
                        (Some(60 - over), Some(60))
                    }
                    _ => (None, None),
                })
                .unzip();
            record(
                q.good.clone().expect("threshold SLIs count good samples"),
                matrix(&h.t_ms, &under),
                &mut files,
            );
            record(q.total, matrix(&h.t_ms, &all), &mut files);
            slos.push(serde_json::to_value(&p99).expect("serializable"));
        }
    }
    let slo_answers = files.len(); // one file per answer so far
                                   // Latency percentiles for the latency SLOs' detail pages.
    for (k, s) in services.iter().enumerate() {
        let Some((threshold, _)) = s.latency_slo else {
            continue;
        };
        let h = simulate(s, 1000 + k as u64);
        let hist = format!("http_request_duration_seconds{{service=\"{}\"}}", s.name);
        for (label, q) in headroom::core::slo::latency_quantile_queries(&hist, SLICE_MS) {
            let base = match label {
                "p50" => 0.18,
                "p90" => 0.55,
                _ => 0.85,
            } * threshold;
            let vals: Vec<Option<f64>> = h
                .total
                .iter()
                .zip(&h.slow)
                .map(|(t, sl)| {
                    Some(
                        base * (1.0 + 40.0 * (*sl)? as f64 / (*t)?.max(1) as f64)
                            * (0.97 + 0.06 * ((t.unwrap_or(0) % 7) as f64 / 7.0)),
                    )
                })
                .collect();
            record(q, matrix_f(&h.t_ms, &vals), &mut files);
        }
    }
    record(ALERTS_QUERY.to_string(), alerts(services), &mut files);
    for (query, body) in crate::history::inventory_history(services) {
        record(query, body, &mut files);
    }
    bundle(&mut index, &mut files, FIRST_SINGLE + 1..=slo_answers);
    let idx = json!({"captured_at": CAPTURED_AT_MS, "version": "2.53.2", "retention": "120d", "queries": index});
    files.push((
        "demo/prometheus/index.json".into(),
        (serde_json::to_string_pretty(&idx).expect("serializable") + "\n").into_bytes(),
    ));
    (slos, files)
}
