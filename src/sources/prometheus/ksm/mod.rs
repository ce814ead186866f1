//! kube-state-metrics read through Prometheus: Deployments, StatefulSets and DaemonSets with
//! their replicas and labels, the pods they own with the images those pods run (pod →
//! ReplicaSet → Deployment through `kube_pod_owner` / `kube_replicaset_owner`), and nodes with
//! kubelet, container-runtime and OS versions. One instant query fetches every metric; the join
//! itself is pure ([`entities`]) and unit-tested.

use std::collections::{BTreeMap, HashMap};

use crate::core::inventory::{image_version, Entity, Health};
use crate::core::model::{Labels, Notice, NoticeLevel, Series};

/// (kind, KSM label naming the object, desired metric, available metric, labels metric)
const WORKLOADS: [(&str, &str, &str, &str, &str); 3] = [
    (
        "Deployment",
        "deployment",
        "kube_deployment_spec_replicas",
        "kube_deployment_status_replicas_available",
        "kube_deployment_labels",
    ),
    (
        "StatefulSet",
        "statefulset",
        "kube_statefulset_replicas",
        "kube_statefulset_status_replicas_ready",
        "kube_statefulset_labels",
    ),
    (
        "DaemonSet",
        "daemonset",
        "kube_daemonset_status_desired_number_scheduled",
        "kube_daemonset_status_number_available",
        "kube_daemonset_labels",
    ),
];

const OTHER: [&str; 4] = [
    "kube_node_info",
    "kube_pod_owner",
    "kube_replicaset_owner",
    "kube_pod_container_info",
];

/// One query for every series the join needs (a server without kube-state-metrics: none):
/// the metrics by name, plus each pod's current phase (the one `kube_pod_status_phase` series
/// of five that is 1).
pub fn query() -> String {
    let names: Vec<&str> = WORKLOADS
        .iter()
        .flat_map(|w| [w.2, w.3, w.4])
        .chain(OTHER)
        .collect();
    format!(
        "{{__name__=~\"{}\"}} or (kube_pod_status_phase == 1)",
        names.join("|")
    )
}

/// A pod's health from its phase.
fn phase_health(phase: Option<&str>) -> Health {
    match phase {
        Some("Running") | Some("Succeeded") => Health::Healthy,
        Some("Pending") => Health::Degraded,
        Some("Failed") => Health::Down,
        _ => Health::Unknown,
    }
}

/// (cluster, namespace, name) — clusters matter when one Prometheus scrapes several.
/// Borrowed from the series: the join allocates only the entities it returns.
type Key<'a> = (&'a str, &'a str, &'a str);

fn key<'a>(s: &'a Labels, name_label: &str) -> Key<'a> {
    let get = |k: &str| s.get(k).map_or("", String::as_str);
    (get("cluster"), get("namespace"), get(name_label))
}

/// The series of each metric name (one pass over everything fetched).
type ByName<'a> = HashMap<&'a str, Vec<&'a Series>>;

fn metric<'a, 'b>(
    by: &'b ByName<'a>,
    name: &str,
) -> impl Iterator<Item = &'a Series> + use<'a, 'b> {
    by.get(name).into_iter().flatten().copied()
}

fn value(s: &Series) -> u64 {
    s.samples.first().map_or(0, |x| {
        if x.v.is_finite() && x.v > 0.0 {
            x.v as u64
        } else {
            0
        }
    })
}

type Owners<'a> = HashMap<Key<'a>, (&'static str, Key<'a>)>;

/// The workload (kind, key) each pod belongs to, following ReplicaSets up to their Deployment.
fn pod_owners<'a>(by: &ByName<'a>) -> Owners<'a> {
    let rs: HashMap<Key, Key> = metric(by, "kube_replicaset_owner")
        .filter(|s| s.labels.get("owner_kind").map(String::as_str) == Some("Deployment"))
        .map(|s| (key(&s.labels, "replicaset"), key(&s.labels, "owner_name")))
        .collect();
    let mut out = HashMap::new();
    for s in metric(by, "kube_pod_owner") {
        let owner = key(&s.labels, "owner_name");
        let owned = match s.labels.get("owner_kind").map(String::as_str) {
            Some("ReplicaSet") => rs.get(&owner).map(|d| ("Deployment", *d)),
            Some("StatefulSet") => Some(("StatefulSet", owner)),
            Some("DaemonSet") => Some(("DaemonSet", owner)),
            _ => None,
        };
        if let Some(o) = owned {
            out.insert(key(&s.labels, "pod"), o);
        }
    }
    out
}

/// Containers that ride along in many pods and never name the service's version.
const SIDECARS: [&str; 10] = [
    "istio-proxy",
    "istio-init",
    "linkerd-proxy",
    "linkerd-init",
    "envoy",
    "envoy-sidecar",
    "vault-agent",
    "cloud-sql-proxy",
    "datadog-agent",
    "fluent-bit",
];

/// Every pod the series know of — from its owner, its phase or its containers (a pod not yet
/// scheduled has no container series) — with its main image, if any: the container named
/// like its workload, else the first by name that is not a known sidecar, else the first.
/// Pods in key order.
fn pods<'a>(by: &ByName<'a>, owners: &Owners<'a>) -> Vec<(Key<'a>, Option<&'a str>)> {
    let mut by_pod: HashMap<Key, Vec<(&str, &str)>> = HashMap::new();
    for s in metric(by, "kube_pod_owner").chain(metric(by, "kube_pod_status_phase")) {
        by_pod.entry(key(&s.labels, "pod")).or_default();
    }
    for s in metric(by, "kube_pod_container_info") {
        if let Some(image) = s.labels.get("image") {
            by_pod.entry(key(&s.labels, "pod")).or_default().push((
                s.labels.get("container").map_or("", String::as_str),
                image.as_str(),
            ));
        }
    }
    let mut out: Vec<(Key, Option<&str>)> = by_pod
        .into_iter()
        .map(|(pod, mut cs)| {
            cs.sort_unstable();
            let workload = owners.get(&pod).map(|(_, w)| w.2);
            let main = cs
                .iter()
                .position(|(c, _)| Some(*c) == workload)
                .or_else(|| cs.iter().position(|(c, _)| !SIDECARS.contains(c)))
                .unwrap_or(0);
            (pod, cs.get(main).map(|c| c.1))
        })
        .collect();
    crate::core::order::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    out
}

/// Entities for every workload, pod and node in the series, plus a notice when workloads
/// carry no app/team labels (kube-state-metrics v2 exports labels only when allow-listed).
pub fn entities(all: &[Series], source: &str) -> (Vec<Entity>, Vec<Notice>) {
    let mut by: ByName = HashMap::new();
    for s in all {
        if let Some(n) = s.labels.get("__name__") {
            by.entry(n.as_str()).or_default().push(s);
        }
    }
    let owners = pod_owners(&by);
    let images = pods(&by, &owners);
    let cluster = |k: &Key| {
        Some(if k.0.is_empty() {
            source.to_string()
        } else {
            k.0.to_string()
        })
    };
    let mut out = Vec::new();
    let mut unlabelled = 0;
    let mut workload_of: HashMap<(&str, Key), usize> = HashMap::new();
    for (kind, name_label, desired, available, labels_metric) in WORKLOADS {
        let have: HashMap<Key, u64> = metric(&by, available)
            .map(|s| (key(&s.labels, name_label), value(s)))
            .collect();
        let labels: HashMap<Key, &Labels> = metric(&by, labels_metric)
            .map(|s| (key(&s.labels, name_label), &s.labels))
            .collect();
        for d in metric(&by, desired) {
            let k = key(&d.labels, name_label);
            let l: Labels = labels
                .get(&k)
                .map(|l| {
                    l.iter()
                        .filter_map(|(n, v)| {
                            Some((n.strip_prefix("label_")?.replace('_', "."), v.clone()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let label = |n: &str| l.get(n).cloned();
            if label("app.kubernetes.io.name").is_none() && label("team").is_none() {
                unlabelled += 1;
            }
            let (want, have) = (value(d), have.get(&k).copied().unwrap_or(0));
            workload_of.insert((kind, k), out.len());
            out.push(Entity {
                kind: kind.into(),
                name: k.2.to_string(),
                namespace: k.1.to_string(),
                service: Some(label("app.kubernetes.io.name").unwrap_or_else(|| k.2.to_string())),
                owner: label("team"),
                version: label("app.kubernetes.io.version"),
                cluster: cluster(&k),
                replicas_desired: Some(want),
                replicas_available: Some(have),
                health: Health::of_replicas(want, have),
                labels: l,
                source: source.to_string(),
                ..Default::default()
            });
        }
    }
    // Pods, and per workload the images its pods run (a rollout in progress runs two).
    let phases: HashMap<Key, &str> = metric(&by, "kube_pod_status_phase")
        .filter_map(|s| Some((key(&s.labels, "pod"), s.labels.get("phase")?.as_str())))
        .collect();
    let mut pods_per_image: BTreeMap<usize, BTreeMap<&str, u64>> = BTreeMap::new();
    let mut pods = Vec::with_capacity(images.len());
    for (pod, image) in &images {
        let w = owners
            .get(pod)
            .and_then(|(kind, k)| workload_of.get(&(*kind, *k)))
            .copied();
        if let (Some(i), Some(image)) = (w, image) {
            *pods_per_image
                .entry(i)
                .or_default()
                .entry(image)
                .or_default() += 1;
        }
        let parent = w.and_then(|i| out.get(i));
        pods.push(Entity {
            kind: "Pod".into(),
            name: pod.2.to_string(),
            namespace: pod.1.to_string(),
            service: parent.and_then(|p| p.service.clone()),
            owner: parent.and_then(|p| p.owner.clone()),
            cluster: cluster(pod),
            version: image.and_then(image_version),
            image: image.map(str::to_string),
            health: phase_health(phases.get(pod).copied()),
            source: source.to_string(),
            ..Default::default()
        });
    }
    for (i, counts) in pods_per_image {
        let Some(w) = out.get_mut(i) else {
            continue;
        };
        let common = counts
            .iter()
            .max_by_key(|(img, n)| (**n, std::cmp::Reverse(**img)))
            .map(|(img, _)| img.to_string());
        if w.version.is_none() {
            w.version = common.as_deref().and_then(image_version);
        }
        w.image = common;
        if counts.len() > 1 {
            w.labels.insert(
                "images".into(),
                counts
                    .iter()
                    .map(|(img, n)| format!("{img} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
    }
    out.extend(pods);
    for n in metric(&by, "kube_node_info") {
        let l = &n.labels;
        let mut extra = Labels::new();
        for (from, to) in [
            ("container_runtime_version", "runtime"),
            ("os_image", "os"),
            ("kernel_version", "kernel"),
        ] {
            if let Some(v) = l.get(from) {
                extra.insert(to.into(), v.clone());
            }
        }
        out.push(Entity {
            kind: "Node".into(),
            name: l.get("node").cloned().unwrap_or_default(),
            version: l.get("kubelet_version").cloned(),
            cluster: cluster(&key(l, "node")),
            health: Health::Unknown,
            labels: extra,
            source: source.to_string(),
            ..Default::default()
        });
    }
    let mut notices = Vec::new();
    if unlabelled > 0 {
        notices.push(Notice { level: NoticeLevel::Warning, text: format!("{unlabelled} workloads have no app or team labels in kube_*_labels: since v2, kube-state-metrics exports labels only when allow-listed, e.g. --metric-labels-allowlist=deployments=[app.kubernetes.io/name,app.kubernetes.io/version,team]") });
    }
    (out, notices)
}

#[cfg(test)]
mod tests;
