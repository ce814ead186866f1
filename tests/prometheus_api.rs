//! The Prometheus adapter against a real Prometheus (Debian's package, test data backfilled by
//! promtool): every answer equals what `curl` gets from the same server. Started by
//! `make test`; ignored by a plain `cargo test`.

mod common;

use common::{curl, prometheus_url, TcpFetcher};
use headroom::core::config::SourceConfig;
use headroom::core::model::Series;
use headroom::sources::{block_on, prometheus::Prometheus, Adapter, Context, Payload, Request, Secret, SourceError};

const END_MS: i64 = 1_790_812_800_000; // tools/gen_testdata: last sample
const DAY_MS: i64 = 86_400_000;

fn source(url: &str) -> SourceConfig {
    SourceConfig { name: "test-prom".into(), kind: "prometheus".into(), url: url.into(), auth: Default::default(), headers: Default::default(), timeout: Some("60s".into()) }
}

fn load(req: Request) -> Result<Payload, SourceError> {
    let url = prometheus_url();
    let src = source(&url);
    let secret = Secret::default();
    let cx = Context::new(&src, &secret, &TcpFetcher, "");
    block_on(Prometheus.load(&cx, &req))
}

fn range(query: &str, start_ms: i64, end_ms: i64, step_ms: i64) -> Vec<Series> {
    match load(Request::Range { query: query.into(), start_ms, end_ms, step_ms }).unwrap() {
        Payload::Series { series, .. } => series,
        p => panic!("unexpected {p:?}"),
    }
}

/// The same query through curl, split into requests at `chunk_days` boundaries (independent
/// of the adapter's chunk planner), as (labels JSON, [(t_ms, value string)]).
fn curl_range(query: &str, start_ms: i64, end_ms: i64, step_ms: i64, chunk_ms: i64) -> Vec<(String, Vec<(i64, String)>)> {
    let base = prometheus_url();
    let enc: String = query.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
    let mut map: std::collections::BTreeMap<String, Vec<(i64, String)>> = Default::default();
    let mut s = start_ms;
    while s <= end_ms {
        let e = (s + chunk_ms - step_ms).min(end_ms);
        let v = curl(&format!("{base}/api/v1/query_range?query={enc}&start={}&end={}&step={}", s / 1000, e / 1000, step_ms / 1000));
        assert_eq!(v["status"], "success", "{v}");
        for r in v["data"]["result"].as_array().unwrap() {
            let key = serde_json::to_string(&r["metric"]).unwrap();
            let pts = map.entry(key).or_default();
            for p in r["values"].as_array().unwrap() {
                pts.push(((p[0].as_f64().unwrap() * 1000.0).round() as i64, p[1].as_str().unwrap().to_string()));
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
        let s = ours.iter().find(|s| s.labels == labels).unwrap_or_else(|| panic!("missing series {key}"));
        assert_eq!(s.samples.len(), pts.len(), "{key}: sample count");
        for (a, (t, v)) in s.samples.iter().zip(pts) {
            assert_eq!(a.t_ms, *t, "{key}: timestamp");
            let want = headroom::core::model::parse_value(v).unwrap();
            assert!(a.v == want || (a.v.is_nan() && want.is_nan()), "{key} at {t}: {} vs {v}", a.v);
        }
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn probe_reports_version_and_retention() {
    match load(Request::Probe).unwrap() {
        Payload::Probe(p) => {
            let version = curl(&format!("{}/api/v1/status/buildinfo", prometheus_url()))["data"]["version"].as_str().unwrap().to_string();
            let retention = curl(&format!("{}/api/v1/status/runtimeinfo", prometheus_url()))["data"]["storageRetention"].as_str().unwrap().to_string();
            assert_eq!(p.version.as_deref(), Some(version.as_str()));
            assert_eq!(p.retention.as_deref(), Some(retention.as_str()));
            assert!(retention.contains("10y"), "up.sh sets 3650d, Prometheus prints {retention}");
            assert_eq!(p.summary, format!("connected: Prometheus {version}, retention {retention}"));
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
    assert!(ours[0].samples.windows(2).all(|w| w[1].t_ms - w[0].t_ms == step), "no duplicate or missing step at chunk seams");
    assert_same(&ours, &curl_range(q, start, end, step, 5 * DAY_MS));
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn sparse_series_stay_sparse_and_resets_are_visible() {
    // search has a 6-hour scrape gap on day 20: absent steps are absent, not zero.
    let start = END_MS - 31 * DAY_MS;
    let s = range("http_requests_total{service=\"search\",code=\"200\"}", start + 19 * DAY_MS, start + 21 * DAY_MS, 600_000);
    let gaps = s[0].samples.windows(2).filter(|w| w[1].t_ms - w[0].t_ms > 600_000).count();
    assert_eq!(gaps, 1);
    // checkout restarts on day 15.5: the raw counter drops.
    let c = range("http_requests_total{service=\"checkout\",code=\"200\"}", start + 15 * DAY_MS, start + 16 * DAY_MS, 600_000);
    assert_eq!(c[0].samples.windows(2).filter(|w| w[1].v < w[0].v).count(), 1);
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
    let long = format!("{short}{}", " + 0 * sum(increase(http_requests_total[1h]))".repeat(60));
    assert!(long.len() > 2_000);
    let (a, b) = (range(short, END_MS - DAY_MS, END_MS, 3_600_000), range(&long, END_MS - DAY_MS, END_MS, 3_600_000));
    assert_eq!(a[0].samples, b[0].samples);
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn api_errors_are_specific() {
    match load(Request::Range { query: "sum(rate(".into(), start_ms: END_MS - DAY_MS, end_ms: END_MS, step_ms: 60_000 }) {
        Err(SourceError::Api { error_type, error }) => {
            assert_eq!(error_type, "bad_data");
            assert!(error.contains("parse error"), "{error}");
        }
        r => panic!("unexpected {r:?}"),
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn targets_become_inventory_entities() {
    // The server scrapes itself; wait until the first scrape has happened.
    for _ in 0..120 {
        if let Payload::Entities { entities, .. } = load(Request::Inventory).unwrap() {
            let targets: Vec<_> = entities.iter().filter(|e| e.kind == "Target").collect();
            if targets.iter().all(|e| e.health == headroom::core::inventory::Health::Healthy) && targets.len() == 2 {
                let mut jobs: Vec<&str> = targets.iter().filter_map(|e| e.service.as_deref()).collect();
                jobs.sort();
                assert_eq!(jobs, ["kube-state-metrics", "prometheus"]);
                // The self-scrape also brings prometheus_build_info: its version is inventoried.
                let version = curl(&format!("{}/api/v1/status/buildinfo", prometheus_url()))["data"]["version"].as_str().unwrap().to_string();
                if let Some(b) = entities.iter().find(|e| e.kind == "Build") {
                    assert_eq!((b.service.as_deref(), b.version.as_deref()), (Some("prometheus"), Some(version.as_str())));
                    return;
                }
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    panic!("the self-scrape target never became healthy");
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn labels_values_and_series_equal_curl() {
    let base = prometheus_url();
    let strings = |req: Request| match load(req).unwrap() {
        Payload::Strings(v) => v,
        p => panic!("unexpected {p:?}"),
    };
    let want: Vec<String> = serde_json::from_value(curl(&format!("{base}/api/v1/labels"))["data"].clone()).unwrap();
    assert_eq!(strings(Request::Labels), want);
    assert!(want.contains(&"service".to_string()));
    let want: Vec<String> = serde_json::from_value(curl(&format!("{base}/api/v1/label/service/values"))["data"].clone()).unwrap();
    assert_eq!(strings(Request::LabelValues { label: "service".into() }), want);
    assert_eq!(want, ["api", "batch", "checkout", "search"]);
    let (start, end) = (END_MS - DAY_MS, END_MS);
    let got = match load(Request::SeriesMatch { selector: "http_requests_total{service=\"api\"}".into(), start_ms: start, end_ms: end }).unwrap() {
        Payload::Series { series, .. } => series.into_iter().map(|s| s.labels).collect::<Vec<_>>(),
        p => panic!("unexpected {p:?}"),
    };
    let v = curl(&format!("{base}/api/v1/series?match[]=http_requests_total%7Bservice%3D%22api%22%7D&start={}&end={}", start / 1000, end / 1000));
    let want: Vec<std::collections::BTreeMap<String, String>> = serde_json::from_value(v["data"].clone()).unwrap();
    assert_eq!(got, want);
    assert_eq!(got.len(), 2);
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn rules_and_alerts_equal_curl() {
    let base = prometheus_url();
    let groups = match load(Request::Rules).unwrap() {
        Payload::Rules(g) => g,
        p => panic!("unexpected {p:?}"),
    };
    let v = curl(&format!("{base}/api/v1/rules"));
    let raw = v["data"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), raw.len());
    let names = |g: &headroom::core::rules::RuleGroup| g.rules.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    for (g, r) in groups.iter().zip(raw) {
        assert_eq!(g.name, r["name"].as_str().unwrap());
        let want: Vec<String> = r["rules"].as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap().to_string()).collect();
        assert_eq!(names(g), want);
    }
    let test = groups.iter().find(|g| g.name == "headroom-test").unwrap();
    assert_eq!(test.rules[0].kind, "recording");
    assert_eq!(test.rules[1].kind, "alerting");
    // The always-firing alert shows up once the rule has been evaluated.
    for _ in 0..120 {
        if let Payload::Alerts(a) = load(Request::Alerts).unwrap() {
            if let Some(x) = a.iter().find(|x| x.labels.get("alertname").map(String::as_str) == Some("PrometheusUp")) {
                let raw = curl(&format!("{base}/api/v1/alerts"));
                let r = raw["data"]["alerts"].as_array().unwrap().iter().find(|r| r["labels"]["alertname"] == "PrometheusUp").unwrap().clone();
                assert_eq!(x.state, r["state"].as_str().unwrap());
                assert_eq!(x.labels.get("severity").map(String::as_str), Some("info"));
                assert!(x.active_at_ms.is_some());
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    panic!("the always-firing alert never appeared");
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn instant_query_equals_curl() {
    let q = "sum by (service) (increase(http_requests_total[1d]))";
    let got = match load(Request::Instant { query: q.into(), time_ms: END_MS }).unwrap() {
        Payload::Series { series, .. } => series,
        p => panic!("unexpected {p:?}"),
    };
    let v = curl(&format!("{}/api/v1/query?query=sum%20by%20(service)%20(increase(http_requests_total%5B1d%5D))&time={}", prometheus_url(), END_MS / 1000));
    let raw = v["data"]["result"].as_array().unwrap();
    assert_eq!(got.len(), raw.len());
    assert_eq!(got.len(), 4);
    for r in raw {
        let labels: std::collections::BTreeMap<String, String> = serde_json::from_value(r["metric"].clone()).unwrap();
        let s = got.iter().find(|s| s.labels == labels).unwrap();
        assert_eq!(s.samples[0].t_ms, END_MS);
        assert_eq!(s.samples[0].v, r["value"][1].as_str().unwrap().parse::<f64>().unwrap());
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn kube_state_metrics_become_workloads_pods_and_nodes() {
    // up.sh serves tests/prometheus/ksm.prom and Prometheus scrapes it every 5 s.
    for _ in 0..120 {
        if let Payload::Entities { entities, notices } = load(Request::Inventory).unwrap() {
            let deps: Vec<_> = entities.iter().filter(|e| e.kind == "Deployment").collect();
            if deps.len() == 3 {
                let by = |n: &str| deps.iter().find(|e| e.name == n).unwrap();
                let cart = by("cart");
                assert_eq!((cart.replicas_desired, cart.replicas_available, cart.health), (Some(3), Some(3), headroom::core::inventory::Health::Healthy));
                assert_eq!((cart.service.as_deref(), cart.owner.as_deref(), cart.version.as_deref(), cart.namespace.as_str()), (Some("cart"), Some("payments"), Some("3.8.2"), "shop"));
                assert_eq!(by("search").health, headroom::core::inventory::Health::Degraded);
                let reports = by("reports");
                assert_eq!((reports.health, reports.service.as_deref(), reports.owner.as_deref()), (headroom::core::inventory::Health::Down, Some("reports"), None));
                assert!(notices.iter().any(|n| n.text.contains("1 workloads have no app or team labels") && n.text.contains("--metric-labels-allowlist")), "{notices:?}");
                // Images: pods joined through their ReplicaSets; the istio sidecar is not the image.
                assert_eq!((cart.image.as_deref(), cart.labels.get("images")), (Some("registry.example/cart:3.8.2"), None));
                let search = by("search");
                assert_eq!(search.labels.get("images").map(String::as_str), Some("registry.example/search:7.0.9 ×1, registry.example/search:7.1.0 ×1"));
                let kafka = entities.iter().find(|e| e.kind == "StatefulSet").unwrap();
                assert_eq!((kafka.name.as_str(), kafka.replicas_available, kafka.owner.as_deref(), kafka.version.as_deref()), ("kafka", Some(3), Some("platform"), Some("3.7.1")));
                let mut pods: Vec<(&str, &str)> = entities.iter().filter(|e| e.kind == "Pod").map(|e| (e.name.as_str(), e.version.as_deref().unwrap_or(""))).collect();
                pods.sort();
                assert_eq!(pods.len(), 9, "a pod not yet scheduled has no container series but is a pod");
                assert_eq!(pods[..2], [("cart-5d8c9-aaaaa", "3.8.2"), ("cart-5d8c9-bbbbb", "3.8.2")]);
                assert!(entities.iter().filter(|e| e.kind == "Pod" && e.name.starts_with("search")).all(|e| e.service.as_deref() == Some("search") && e.owner.as_deref() == Some("discovery")));
                // Pod health from the one phase series that is 1 (the others are 0).
                let health = |n: &str| entities.iter().find(|e| e.kind == "Pod" && e.name == n).map(|e| e.health.label());
                assert_eq!((health("search-7f6b4-aaaaa"), health("kafka-2"), health("kafka-0"), health("search-7f6b4-ccccc")), (Some("degraded"), Some("down"), Some("healthy"), Some("degraded")));
                let mut kubelets: Vec<&str> = entities.iter().filter(|e| e.kind == "Node").filter_map(|e| e.version.as_deref()).collect();
                kubelets.sort();
                assert_eq!(kubelets, ["v1.29.8", "v1.30.4"]);
                assert!(entities.iter().filter(|e| e.kind == "Node").all(|e| e.labels.get("runtime").map(String::as_str) == Some("containerd://1.7.22")));
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    panic!("kube-state-metrics series never appeared");
}
