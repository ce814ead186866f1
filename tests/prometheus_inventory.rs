//! The Prometheus adapter's inventory, label, rule and alert answers and the
//! kube-state-metrics join against the real test Prometheus: every answer equals what `curl`
//! gets from the same server. Started by `make test`; ignored by a plain `cargo test`.

mod common;

use common::{curl, prom_load as load, prometheus_url};
use headroom::sources::{Payload, Request};

const END_MS: i64 = 1_790_812_800_000; // tools/gen_testdata: last sample
const DAY_MS: i64 = 86_400_000;

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn targets_become_inventory_entities() {
    // The server scrapes itself; wait until the first scrape has happened.
    for _ in 0..120 {
        if let Payload::Entities { entities, .. } = load(Request::Inventory).unwrap() {
            let targets: Vec<_> = entities.iter().filter(|e| e.kind == "Target").collect();
            if targets
                .iter()
                .all(|e| e.health == headroom::core::inventory::Health::Healthy)
                && targets.len() == 2
            {
                let mut jobs: Vec<&str> = targets
                    .iter()
                    .filter_map(|e| e.service.as_deref())
                    .collect();
                jobs.sort();
                assert_eq!(jobs, ["kube-state-metrics", "prometheus"]);
                // The self-scrape also brings prometheus_build_info: its version is inventoried.
                let version = curl(&format!("{}/api/v1/status/buildinfo", prometheus_url()))
                    ["data"]["version"]
                    .as_str()
                    .unwrap()
                    .to_string();
                if let Some(b) = entities.iter().find(|e| e.kind == "Build") {
                    assert_eq!(
                        (b.service.as_deref(), b.version.as_deref()),
                        (Some("prometheus"), Some(version.as_str()))
                    );
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
    let want: Vec<String> =
        serde_json::from_value(curl(&format!("{base}/api/v1/labels"))["data"].clone()).unwrap();
    assert_eq!(strings(Request::Labels), want);
    assert!(want.contains(&"service".to_string()));
    let want: Vec<String> = serde_json::from_value(
        curl(&format!("{base}/api/v1/label/service/values"))["data"].clone(),
    )
    .unwrap();
    assert_eq!(
        strings(Request::LabelValues {
            label: "service".into()
        }),
        want
    );
    assert_eq!(want, ["api", "batch", "checkout", "search"]);
    let (start, end) = (END_MS - DAY_MS, END_MS);
    let got = match load(Request::SeriesMatch {
        selector: "http_requests_total{service=\"api\"}".into(),
        start_ms: start,
        end_ms: end,
    })
    .unwrap()
    {
        Payload::Series { series, .. } => series.into_iter().map(|s| s.labels).collect::<Vec<_>>(),
        p => panic!("unexpected {p:?}"),
    };
    let v = curl(&format!(
        "{base}/api/v1/series?match[]=http_requests_total%7Bservice%3D%22api%22%7D&start={}&end={}",
        start / 1000,
        end / 1000
    ));
    let want: Vec<std::collections::BTreeMap<String, String>> =
        serde_json::from_value(v["data"].clone()).unwrap();
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
    let names = |g: &headroom::core::rules::RuleGroup| {
        g.rules.iter().map(|r| r.name.clone()).collect::<Vec<_>>()
    };
    for (g, r) in groups.iter().zip(raw) {
        assert_eq!(g.name, r["name"].as_str().unwrap());
        let want: Vec<String> = r["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names(g), want);
    }
    let test = groups.iter().find(|g| g.name == "headroom-test").unwrap();
    assert_eq!(test.rules[0].kind, "recording");
    assert_eq!(test.rules[1].kind, "alerting");
    // The always-firing alert shows up once the rule has been evaluated.
    for _ in 0..120 {
        if let Payload::Alerts(a) = load(Request::Alerts).unwrap() {
            if let Some(x) = a
                .iter()
                .find(|x| x.labels.get("alertname").map(String::as_str) == Some("PrometheusUp"))
            {
                let raw = curl(&format!("{base}/api/v1/alerts"));
                let r = raw["data"]["alerts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["labels"]["alertname"] == "PrometheusUp")
                    .unwrap()
                    .clone();
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
    let got = match load(Request::Instant {
        query: q.into(),
        time_ms: END_MS,
    })
    .unwrap()
    {
        Payload::Series { series, .. } => series,
        p => panic!("unexpected {p:?}"),
    };
    let v = curl(&format!("{}/api/v1/query?query=sum%20by%20(service)%20(increase(http_requests_total%5B1d%5D))&time={}", prometheus_url(), END_MS / 1000));
    let raw = v["data"]["result"].as_array().unwrap();
    assert_eq!(got.len(), raw.len());
    assert_eq!(got.len(), 4);
    for r in raw {
        let labels: std::collections::BTreeMap<String, String> =
            serde_json::from_value(r["metric"].clone()).unwrap();
        let s = got.iter().find(|s| s.labels == labels).unwrap();
        assert_eq!(s.samples[0].t_ms, END_MS);
        assert_eq!(
            s.samples[0].v,
            r["value"][1].as_str().unwrap().parse::<f64>().unwrap()
        );
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
                assert_eq!(
                    (cart.replicas_desired, cart.replicas_available, cart.health),
                    (Some(3), Some(3), headroom::core::inventory::Health::Healthy)
                );
                assert_eq!(
                    (
                        cart.service.as_deref(),
                        cart.owner.as_deref(),
                        cart.version.as_deref(),
                        cart.namespace.as_str()
                    ),
                    (Some("cart"), Some("payments"), Some("3.8.2"), "shop")
                );
                assert_eq!(
                    by("search").health,
                    headroom::core::inventory::Health::Degraded
                );
                let reports = by("reports");
                assert_eq!(
                    (
                        reports.health,
                        reports.service.as_deref(),
                        reports.owner.as_deref()
                    ),
                    (
                        headroom::core::inventory::Health::Down,
                        Some("reports"),
                        None
                    )
                );
                assert!(
                    notices.iter().any(|n| n
                        .text
                        .contains("1 workloads have no app or team labels")
                        && n.text.contains("--metric-labels-allowlist")),
                    "{notices:?}"
                );
                // Images: pods joined through their ReplicaSets; the istio sidecar is not the image.
                assert_eq!(
                    (cart.image.as_deref(), cart.labels.get("images")),
                    (Some("registry.example/cart:3.8.2"), None)
                );
                let search = by("search");
                assert_eq!(
                    search.labels.get("images").map(String::as_str),
                    Some("registry.example/search:7.0.9 ×1, registry.example/search:7.1.0 ×1")
                );
                let kafka = entities.iter().find(|e| e.kind == "StatefulSet").unwrap();
                assert_eq!(
                    (
                        kafka.name.as_str(),
                        kafka.replicas_available,
                        kafka.owner.as_deref(),
                        kafka.version.as_deref()
                    ),
                    ("kafka", Some(3), Some("platform"), Some("3.7.1"))
                );
                let mut pods: Vec<(&str, &str)> = entities
                    .iter()
                    .filter(|e| e.kind == "Pod")
                    .map(|e| (e.name.as_str(), e.version.as_deref().unwrap_or("")))
                    .collect();
                pods.sort();
                assert_eq!(
                    pods.len(),
                    9,
                    "a pod not yet scheduled has no container series but is a pod"
                );
                assert_eq!(
                    pods[..2],
                    [("cart-5d8c9-aaaaa", "3.8.2"), ("cart-5d8c9-bbbbb", "3.8.2")]
                );
                assert!(entities
                    .iter()
                    .filter(|e| e.kind == "Pod" && e.name.starts_with("search"))
                    .all(|e| e.service.as_deref() == Some("search")
                        && e.owner.as_deref() == Some("discovery")));
                // Pod health from the one phase series that is 1 (the others are 0).
                let health = |n: &str| {
                    entities
                        .iter()
                        .find(|e| e.kind == "Pod" && e.name == n)
                        .map(|e| e.health.label())
                };
                assert_eq!(
                    (
                        health("search-7f6b4-aaaaa"),
                        health("kafka-2"),
                        health("kafka-0"),
                        health("search-7f6b4-ccccc")
                    ),
                    (
                        Some("degraded"),
                        Some("down"),
                        Some("healthy"),
                        Some("degraded")
                    )
                );
                let mut kubelets: Vec<&str> = entities
                    .iter()
                    .filter(|e| e.kind == "Node")
                    .filter_map(|e| e.version.as_deref())
                    .collect();
                kubelets.sort();
                assert_eq!(kubelets, ["v1.29.8", "v1.30.4"]);
                assert!(entities.iter().filter(|e| e.kind == "Node").all(|e| e
                    .labels
                    .get("runtime")
                    .map(String::as_str)
                    == Some("containerd://1.7.22")));
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    panic!("kube-state-metrics series never appeared");
}
