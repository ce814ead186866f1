//! The kube-state-metrics join on hand-written series: workloads, pods and their images, rollouts, sidecars, nodes.

use super::*;
use crate::core::model::Sample;

fn s(name: &str, labels: &[(&str, &str)], v: f64) -> Series {
    let mut l: Labels = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    l.insert("__name__".into(), name.into());
    Series {
        labels: l,
        samples: vec![Sample { t_ms: 0, v }],
    }
}

#[test]
fn pods_join_their_deployment_through_the_replicaset_and_rollouts_show_both_images() {
    let all = vec![
        s(
            "kube_deployment_spec_replicas",
            &[("namespace", "shop"), ("deployment", "cart")],
            3.0,
        ),
        s(
            "kube_deployment_status_replicas_available",
            &[("namespace", "shop"), ("deployment", "cart")],
            2.0,
        ),
        s(
            "kube_statefulset_replicas",
            &[("namespace", "db"), ("statefulset", "pg")],
            2.0,
        ),
        s(
            "kube_replicaset_owner",
            &[
                ("namespace", "shop"),
                ("replicaset", "cart-a1"),
                ("owner_kind", "Deployment"),
                ("owner_name", "cart"),
            ],
            1.0,
        ),
        s(
            "kube_replicaset_owner",
            &[
                ("namespace", "shop"),
                ("replicaset", "cart-b2"),
                ("owner_kind", "Deployment"),
                ("owner_name", "cart"),
            ],
            1.0,
        ),
        s(
            "kube_pod_owner",
            &[
                ("namespace", "shop"),
                ("pod", "cart-a1-x"),
                ("owner_kind", "ReplicaSet"),
                ("owner_name", "cart-a1"),
            ],
            1.0,
        ),
        s(
            "kube_pod_owner",
            &[
                ("namespace", "shop"),
                ("pod", "cart-a1-y"),
                ("owner_kind", "ReplicaSet"),
                ("owner_name", "cart-a1"),
            ],
            1.0,
        ),
        s(
            "kube_pod_owner",
            &[
                ("namespace", "shop"),
                ("pod", "cart-b2-z"),
                ("owner_kind", "ReplicaSet"),
                ("owner_name", "cart-b2"),
            ],
            1.0,
        ),
        s(
            "kube_pod_owner",
            &[
                ("namespace", "db"),
                ("pod", "pg-0"),
                ("owner_kind", "StatefulSet"),
                ("owner_name", "pg"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "shop"),
                ("pod", "cart-a1-x"),
                ("container", "cart"),
                ("image", "reg/cart:1.4.2"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "shop"),
                ("pod", "cart-a1-x"),
                ("container", "istio-proxy"),
                ("image", "istio/proxyv2:1.22"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "shop"),
                ("pod", "cart-a1-x"),
                ("container", "a-init"),
                ("image", "busybox:1.36"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "shop"),
                ("pod", "cart-a1-y"),
                ("container", "cart"),
                ("image", "reg/cart:1.4.2"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "shop"),
                ("pod", "cart-b2-z"),
                ("container", "cart"),
                ("image", "reg/cart:1.5.0"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "db"),
                ("pod", "pg-0"),
                ("container", "postgres"),
                ("image", "postgres:16.4"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "ops"),
                ("pod", "debug"),
                ("container", "sh"),
                ("image", "busybox"),
            ],
            1.0,
        ),
        s(
            "kube_pod_status_phase",
            &[
                ("namespace", "shop"),
                ("pod", "cart-b2-z"),
                ("phase", "Pending"),
            ],
            1.0,
        ),
        // Not scheduled yet: no container series at all.
        s(
            "kube_pod_owner",
            &[
                ("namespace", "shop"),
                ("pod", "cart-b2-new"),
                ("owner_kind", "ReplicaSet"),
                ("owner_name", "cart-b2"),
            ],
            1.0,
        ),
        s(
            "kube_pod_status_phase",
            &[
                ("namespace", "shop"),
                ("pod", "cart-b2-new"),
                ("phase", "Pending"),
            ],
            1.0,
        ),
        // The app container is named "main": the envoy sidecar sorts first but is skipped.
        s(
            "kube_statefulset_replicas",
            &[("namespace", "db"), ("statefulset", "kv")],
            1.0,
        ),
        s(
            "kube_pod_owner",
            &[
                ("namespace", "db"),
                ("pod", "kv-0"),
                ("owner_kind", "StatefulSet"),
                ("owner_name", "kv"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "db"),
                ("pod", "kv-0"),
                ("container", "envoy"),
                ("image", "envoyproxy/envoy:v1.31.0"),
            ],
            1.0,
        ),
        s(
            "kube_pod_container_info",
            &[
                ("namespace", "db"),
                ("pod", "kv-0"),
                ("container", "main"),
                ("image", "reg/kv:2.0.1"),
            ],
            1.0,
        ),
        s(
            "kube_pod_status_phase",
            &[("namespace", "db"), ("pod", "pg-0"), ("phase", "Running")],
            1.0,
        ),
    ];
    let (es, notices) = entities(&all, "prom");
    let cart = es.iter().find(|e| e.kind == "Deployment").unwrap();
    assert_eq!(
        (cart.image.as_deref(), cart.version.as_deref(), cart.health),
        (Some("reg/cart:1.4.2"), Some("1.4.2"), Health::Degraded)
    );
    assert_eq!(
        cart.labels.get("images").map(String::as_str),
        Some("reg/cart:1.4.2 ×2, reg/cart:1.5.0 ×1")
    );
    let pg = es
        .iter()
        .find(|e| e.kind == "StatefulSet" && e.name == "pg")
        .unwrap();
    let kv = es
        .iter()
        .find(|e| e.kind == "StatefulSet" && e.name == "kv")
        .unwrap();
    assert_eq!(
        (kv.image.as_deref(), kv.version.as_deref()),
        (Some("reg/kv:2.0.1"), Some("2.0.1")),
        "not the envoy sidecar"
    );
    assert_eq!(
        (
            pg.image.as_deref(),
            pg.version.as_deref(),
            pg.replicas_available,
            pg.health
        ),
        (Some("postgres:16.4"), Some("16.4"), Some(0), Health::Down)
    );
    let pods: Vec<_> = es
        .iter()
        .filter(|e| e.kind == "Pod")
        .map(|e| (e.name.as_str(), e.service.as_deref(), e.version.as_deref()))
        .collect();
    let health: Vec<Health> = es
        .iter()
        .filter(|e| e.kind == "Pod")
        .map(|e| e.health)
        .collect();
    assert_eq!(
        health,
        [
            Health::Unknown,
            Health::Healthy,
            Health::Unknown,
            Health::Unknown,
            Health::Unknown,
            Health::Degraded,
            Health::Degraded
        ]
    );
    assert_eq!(
        pods,
        [
            ("kv-0", Some("kv"), Some("2.0.1")),
            ("pg-0", Some("pg"), Some("16.4")),
            ("debug", None, None),
            ("cart-a1-x", Some("cart"), Some("1.4.2")),
            ("cart-a1-y", Some("cart"), Some("1.4.2")),
            ("cart-b2-new", Some("cart"), None),
            ("cart-b2-z", Some("cart"), Some("1.5.0"))
        ]
    );
    // The pending pod without containers counts for nothing in the image tally.
    assert_eq!(
        cart.labels.get("images").map(String::as_str),
        Some("reg/cart:1.4.2 ×2, reg/cart:1.5.0 ×1")
    );
    assert!(es.iter().all(|e| e.cluster.as_deref() == Some("prom")));
    assert!(
        notices[0]
            .text
            .starts_with("3 workloads have no app or team labels"),
        "{notices:?}"
    );
}

#[test]
fn the_query_names_every_metric_once() {
    let q = query();
    assert!(q.starts_with("{__name__=~\"kube_deployment_spec_replicas|"));
    assert!(q.ends_with("\"} or (kube_pod_status_phase == 1)"));
    let names: Vec<&str> = q
        .trim_start_matches("{__name__=~\"")
        .split('"')
        .next()
        .unwrap()
        .split('|')
        .collect();
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!((names.len(), unique.len()), (13, 13));
}
