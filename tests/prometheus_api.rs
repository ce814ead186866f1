//! The Prometheus adapter against a real Prometheus (Debian's package, test data backfilled by
//! promtool): every answer equals what `curl` gets from the same server. Started by
//! `make test`; ignored by a plain `cargo test`.

mod common;

use common::{curl, prom_load as load, prometheus_url};
use headroom::core::model::Series;
use headroom::sources::{Payload, Request, SourceError};

const END_MS: i64 = 1_790_812_800_000; // tools/gen_testdata: last sample
const DAY_MS: i64 = 86_400_000;

fn range(query: &str, start_ms: i64, end_ms: i64, step_ms: i64) -> Vec<Series> {
    match load(Request::Range {
        query: query.into(),
        start_ms,
        end_ms,
        step_ms,
    })
    .unwrap()
    {
        Payload::Series { series, .. } => series,
        p => panic!("unexpected {p:?}"),
    }
}

/// The same query through curl, split into requests at `chunk_days` boundaries (independent
/// of the adapter's chunk planner), as (labels JSON, [(t_ms, value string)]).
fn curl_range(
    query: &str,
    start_ms: i64,
    end_ms: i64,
    step_ms: i64,
    chunk_ms: i64,
) -> Vec<(String, Vec<(i64, String)>)> {
    let base = prometheus_url();
    let enc: String = query
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut map: std::collections::BTreeMap<String, Vec<(i64, String)>> = Default::default();
    let mut s = start_ms;
    while s <= end_ms {
        let e = (s + chunk_ms - step_ms).min(end_ms);
        let v = curl(&format!(
            "{base}/api/v1/query_range?query={enc}&start={}&end={}&step={}",
            s / 1000,
            e / 1000,
            step_ms / 1000
        ));
        assert_eq!(v["status"], "success", "{v}");
        for r in v["data"]["result"].as_array().unwrap() {
            let key = serde_json::to_string(&r["metric"]).unwrap();
            let pts = map.entry(key).or_default();
            for p in r["values"].as_array().unwrap() {
                pts.push((
                    (p[0].as_f64().unwrap() * 1000.0).round() as i64,
                    p[1].as_str().unwrap().to_string(),
                ));
            }
        }
        s = e + step_ms;
    }
    map.into_iter().collect()
}

fn assert_same(ours: &[Series], reference: &[(String, Vec<(i64, String)>)]) {
    assert_eq!(ours.len(), reference.len(), "series count");
    for (key, pts) in reference {
        let labels: std::collections::BTreeMap<String, String> = serde_json::from_str(key).unwrap();
        let s = ours
            .iter()
            .find(|s| s.labels == labels)
            .unwrap_or_else(|| panic!("missing series {key}"));
        assert_eq!(s.samples.len(), pts.len(), "{key}: sample count");
        for (a, (t, v)) in s.samples.iter().zip(pts) {
            assert_eq!(a.t_ms, *t, "{key}: timestamp");
            let want = headroom::core::model::parse_value(v).unwrap();
            assert!(
                a.v == want || (a.v.is_nan() && want.is_nan()),
                "{key} at {t}: {} vs {v}",
                a.v
            );
        }
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn probe_reports_version_and_retention() {
    match load(Request::Probe).unwrap() {
        Payload::Probe(p) => {
            let version = curl(&format!("{}/api/v1/status/buildinfo", prometheus_url()))["data"]
                ["version"]
                .as_str()
                .unwrap()
                .to_string();
            let retention = curl(&format!("{}/api/v1/status/runtimeinfo", prometheus_url()))
                ["data"]["storageRetention"]
                .as_str()
                .unwrap()
                .to_string();
            assert_eq!(p.version.as_deref(), Some(version.as_str()));
            assert_eq!(p.retention.as_deref(), Some(retention.as_str()));
            assert!(
                retention.contains("10y"),
                "up.sh sets 3650d, Prometheus prints {retention}"
            );
            assert_eq!(
                p.summary,
                format!("connected: Prometheus {version}, retention {retention}")
            );
        }
        p => panic!("unexpected {p:?}"),
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn range_query_equals_curl() {
    let q = "sum by (service) (increase(http_requests_total{code=\"500\"}[1h]))";
    let (start, end, step) = (END_MS - 7 * DAY_MS, END_MS, 3_600_000);
    let ours = range(q, start, end, step);
    assert_eq!(ours.len(), 4);
    assert_same(&ours, &curl_range(q, start, end, step, 8 * DAY_MS));
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn long_fine_ranges_are_chunked_and_merge_seamlessly() {
    // 31 days at 2 minutes = 22,321 points per series: three requests for the adapter.
    let q = "http_requests_total{service=\"api\",code=\"200\"}";
    let (start, end, step) = (END_MS - 31 * DAY_MS, END_MS, 120_000);
    let ours = range(q, start, end, step);
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0].samples.len(), 22_321);
    assert!(
        ours[0]
            .samples
            .windows(2)
            .all(|w| w[1].t_ms - w[0].t_ms == step),
        "no duplicate or missing step at chunk seams"
    );
    assert_same(&ours, &curl_range(q, start, end, step, 5 * DAY_MS));
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn sparse_series_stay_sparse_and_resets_are_visible() {
    // search has a 6-hour scrape gap on day 20: absent steps are absent, not zero.
    let start = END_MS - 31 * DAY_MS;
    let s = range(
        "http_requests_total{service=\"search\",code=\"200\"}",
        start + 19 * DAY_MS,
        start + 21 * DAY_MS,
        600_000,
    );
    let gaps = s[0]
        .samples
        .windows(2)
        .filter(|w| w[1].t_ms - w[0].t_ms > 600_000)
        .count();
    assert_eq!(gaps, 1);
    // checkout restarts on day 15.5: the raw counter drops.
    let c = range(
        "http_requests_total{service=\"checkout\",code=\"200\"}",
        start + 15 * DAY_MS,
        start + 16 * DAY_MS,
        600_000,
    );
    assert_eq!(
        c[0].samples.windows(2).filter(|w| w[1].v < w[0].v).count(),
        1
    );
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn special_values_and_long_queries() {
    let s = range("vector(1) / 0", END_MS - 3_600_000, END_MS, 600_000);
    assert!(s[0].samples.iter().all(|x| x.v == f64::INFINITY));
    let s = range("vector(0) / 0", END_MS - 3_600_000, END_MS, 600_000);
    assert!(s[0].samples.iter().all(|x| x.v.is_nan()));
    // A query longer than a safe URL goes as a POST form body and gives the same answer.
    let short = "sum(increase(http_requests_total[1h]))";
    let long = format!(
        "{short}{}",
        " + 0 * sum(increase(http_requests_total[1h]))".repeat(60)
    );
    assert!(long.len() > 2_000);
    let (a, b) = (
        range(short, END_MS - DAY_MS, END_MS, 3_600_000),
        range(&long, END_MS - DAY_MS, END_MS, 3_600_000),
    );
    assert_eq!(a[0].samples, b[0].samples);
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn api_errors_are_specific() {
    match load(Request::Range {
        query: "sum(rate(".into(),
        start_ms: END_MS - DAY_MS,
        end_ms: END_MS,
        step_ms: 60_000,
    }) {
        Err(SourceError::Api { error_type, error }) => {
            assert_eq!(error_type, "bad_data");
            assert!(error.contains("parse error"), "{error}");
        }
        r => panic!("unexpected {r:?}"),
    }
}
