//! The demo fleet: twelve services, their teams, traffic shapes and incidents; three clusters;
//! and the Kubernetes lists and /metrics page describing what runs where.

use serde_json::json;

use crate::rng::Rng;

/// A burst of bad events: `ago_h` hours before capture, lasting `hours`, at this error ratio
/// (or, for latency incidents, this fraction of slow requests).
pub struct Incident {
    pub ago_h: i64,
    pub hours: i64,
    pub ratio: f64,
    pub latency: bool,
    pub alert: &'static str,
    pub severity: &'static str,
}

pub struct Service {
    pub name: &'static str,
    pub team: &'static str,
    pub system: &'static str,
    pub lifecycle: &'static str,
    /// Mean requests per second at the daily peak.
    pub peak_rps: f64,
    pub base_error: f64,
    pub base_slow: f64,
    pub objective: f64,
    /// Latency SLO threshold in seconds, if the service has one.
    pub latency_slo: Option<(f64, f64)>,
    pub incidents: Vec<Incident>,
    /// (hours ago, length) of a scrape gap: no data at all.
    pub gap: Option<(i64, i64)>,
    pub versions: [&'static str; 3],
    pub workers: &'static [&'static str],
}

const fn inc(
    ago_h: i64,
    hours: i64,
    ratio: f64,
    latency: bool,
    alert: &'static str,
    severity: &'static str,
) -> Incident {
    Incident {
        ago_h,
        hours,
        ratio,
        latency,
        alert,
        severity,
    }
}

pub fn services() -> Vec<Service> {
    let s = |name, team, system, peak_rps, objective| Service {
        name,
        team,
        system,
        lifecycle: "production",
        peak_rps,
        base_error: 0.0002,
        base_slow: 0.004,
        objective,
        latency_slo: None,
        incidents: vec![],
        gap: None,
        versions: ["1.0.0", "1.0.0", "1.0.0"],
        workers: &[],
    };
    vec![
        Service {
            latency_slo: Some((0.3, 0.99)),
            incidents: vec![inc(960, 3, 0.10, false, "HighErrorRate", "page")],
            versions: ["2.14.1", "2.14.1", "2.15.0-rc.1"],
            workers: &["checkout-worker"],
            ..s("checkout", "payments", "storefront", 180.0, 0.999)
        },
        Service {
            base_error: 0.0001,
            incidents: vec![inc(2, 3, 0.04, false, "SLOErrorBudgetBurn", "page")],
            versions: ["5.2.0", "5.1.3", "5.2.0"],
            workers: &["payments-reconciler"],
            ..s("payments", "payments", "billing", 120.0, 0.9995)
        },
        Service {
            versions: ["3.8.2", "3.8.2", "3.9.0"],
            ..s("cart", "payments", "storefront", 260.0, 0.999)
        },
        Service {
            latency_slo: Some((0.5, 0.99)),
            incidents: vec![
                inc(290, 6, 0.30, false, "SLOErrorBudgetBurn", "page"),
                inc(1500, 2, 0.03, false, "HighErrorRate", "ticket"),
            ],
            versions: ["7.1.0", "7.0.4", "7.2.0-beta"],
            workers: &["search-indexer"],
            ..s("search", "discovery", "discovery", 420.0, 0.999)
        },
        Service {
            versions: ["4.4.0", "4.4.0", "4.5.0"],
            workers: &["catalog-importer"],
            ..s("catalog", "discovery", "discovery", 300.0, 0.999)
        },
        Service {
            lifecycle: "experimental",
            base_error: 0.002,
            versions: ["0.9.3", "0.9.1", "0.10.0"],
            ..s("recommendations", "discovery", "discovery", 90.0, 0.99)
        },
        Service {
            base_error: 0.00002,
            incidents: vec![inc(1320, 2, 0.05, false, "HighErrorRate", "page")],
            versions: ["12.0.2", "12.0.2", "12.1.0"],
            ..s("auth", "identity", "identity", 350.0, 0.9999)
        },
        Service {
            latency_slo: Some((0.2, 0.995)),
            base_slow: 0.002,
            incidents: vec![inc(480, 1, 0.25, true, "LatencyBudgetBurn", "page")],
            versions: ["1.31.0", "1.30.2", "1.31.0"],
            ..s("gateway", "identity", "edge", 900.0, 0.9995)
        },
        Service {
            incidents: vec![inc(192, 3, 0.02, false, "HighErrorRate", "ticket")],
            versions: ["2.2.0", "2.2.0", "2.3.0"],
            workers: &["notifications-sender"],
            ..s("notifications", "platform", "messaging", 60.0, 0.995)
        },
        Service {
            incidents: vec![inc(1680, 4, 0.15, true, "LatencyBudgetBurn", "ticket")],
            versions: ["3.0.1", "3.0.1", "3.0.1"],
            workers: &["media-transcoder"],
            ..s("media", "platform", "content", 140.0, 0.999)
        },
        Service {
            versions: ["6.7.0", "6.6.2", "6.7.0"],
            workers: &["inventory-sync"],
            ..s("inventory", "logistics", "fulfilment", 110.0, 0.999)
        },
        Service {
            gap: Some((720, 6)),
            versions: ["1.4.0", "1.4.0", "1.5.0"],
            ..s("shipping", "logistics", "fulfilment", 0.05, 0.995)
        },
    ]
}

pub struct Cluster {
    pub name: &'static str,
    pub region: &'static str,
    pub environment: &'static str,
    /// Index into `Service::versions`.
    pub version_slot: usize,
    pub nodes: usize,
    pub kubelets: [&'static str; 2],
}

pub const CLUSTERS: [Cluster; 3] = [
    Cluster {
        name: "prod-eu",
        region: "eu-west-1",
        environment: "production",
        version_slot: 0,
        nodes: 9,
        kubelets: ["v1.30.4", "v1.30.4"],
    },
    Cluster {
        name: "prod-us",
        region: "us-east-1",
        environment: "production",
        version_slot: 1,
        nodes: 8,
        kubelets: ["v1.30.4", "v1.29.8"],
    },
    Cluster {
        name: "staging",
        region: "eu-west-1",
        environment: "staging",
        version_slot: 2,
        nodes: 4,
        kubelets: ["v1.31.1", "v1.31.1"],
    },
];

/// The Prometheus `*_build_info` page of the production fleet.
pub fn build_info(services: &[Service]) -> String {
    let mut out = String::from("# HELP acme_build_info A metric with a constant '1' value labeled by version and revision of the service.\n# TYPE acme_build_info gauge\n");
    let mut rng = Rng::new(7);
    for s in services {
        out.push_str(&format!("acme_build_info{{job=\"{}\",version=\"{}\",revision=\"{:08x}\",goversion=\"go1.23.2\"}} 1\n", s.name, s.versions[0], rng.next_u64() as u32));
    }
    out
}

fn deployment(name: &str, s: &Service, c: &Cluster, rng: &mut Rng) -> serde_json::Value {
    let version = s.versions[c.version_slot];
    let desired = if c.environment == "staging" {
        1
    } else {
        2 + rng.below(8)
    };
    // A few production workloads are short of replicas, one is down entirely.
    let roll = rng.unit();
    let available = if name == "recommendations" && c.name == "prod-us" {
        0
    } else if roll < 0.12 {
        desired.saturating_sub(1)
    } else {
        desired
    };
    let mut status = json!({"observedGeneration": 4, "replicas": desired, "updatedReplicas": desired, "readyReplicas": available});
    // Kubernetes omits zero-valued status fields.
    if available > 0 {
        status["availableReplicas"] = json!(available);
    } else {
        status
            .as_object_mut()
            .expect("object")
            .remove("readyReplicas");
        status["unavailableReplicas"] = json!(desired);
    }
    json!({
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {
            "name": name,
            "namespace": s.team,
            "creationTimestamp": "2025-03-14T09:26:53Z",
            "labels": {
                "app.kubernetes.io/name": s.name,
                "app.kubernetes.io/component": if name == s.name { "server" } else { "worker" },
                "app.kubernetes.io/part-of": s.system,
                "app.kubernetes.io/managed-by": "argocd",
                "team": if s.name == "recommendations" { "discovery-ml" } else { s.team },
                "environment": c.environment
            }
        },
        "spec": {
            "replicas": desired,
            "selector": {"matchLabels": {"app.kubernetes.io/name": s.name}},
            "template": {"spec": {"containers": [{"name": name, "image": format!("registry.acme.example/{}/{}:{}", s.team, s.name, version)}]}}
        },
        "status": status
    })
}

fn node(i: usize, c: &Cluster, rng: &mut Rng) -> serde_json::Value {
    let kubelet = c.kubelets[usize::from(i % 3 == 2)];
    let ready = !(c.name == "prod-us" && i == 5);
    json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": format!("{}-node-{:02}", c.name, i + 1), "labels": {"topology.kubernetes.io/region": c.region, "node.kubernetes.io/instance-type": "m6i.2xlarge"}},
        "status": {
            "capacity": {"cpu": "8", "memory": format!("{}Ki", 32_562_000 + rng.below(4000)), "pods": "110"},
            "allocatable": {"cpu": "7910m", "memory": "31410Mi", "pods": "110"},
            "conditions": [{"type": "Ready", "status": if ready { "True" } else { "Unknown" }}, {"type": "MemoryPressure", "status": "False"}],
            "nodeInfo": {"kubeletVersion": kubelet, "containerRuntimeVersion": "containerd://1.7.22", "osImage": "Bottlerocket OS 1.26.2", "kernelVersion": "6.1.112", "architecture": "amd64"}
        }
    })
}

/// `kubectl get deploy,nodes -A -o json` for one cluster.
pub fn kubernetes_list(services: &[Service], c: &Cluster) -> String {
    let mut rng = Rng::new(c.name.bytes().map(u64::from).sum());
    let mut items = Vec::new();
    for s in services {
        items.push(deployment(s.name, s, c, &mut rng));
        for w in s.workers {
            items.push(deployment(w, s, c, &mut rng));
        }
    }
    for i in 0..c.nodes {
        items.push(node(i, c, &mut rng));
    }
    serde_json::to_string(&json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items})).expect("serializable") + "\n"
}
