//! Version drift, counted per environment: a service drifts where the workloads of one
//! environment run more than one known version. Staging running ahead of production is a
//! rollout in progress, not drift of production. The environment is the workload's
//! `environment`/`env` label; workloads without one form one group of their own.

use std::collections::{BTreeMap, BTreeSet};

use super::inventory::Entity;

/// The environment of workloads that carry no `environment` label.
pub const UNLABELLED: &str = "(no environment label)";

/// One service's versions in one environment, where they differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Drift {
    pub service: String,
    pub environment: String,
    /// The known versions running there (`unknown` is not a version), in version order.
    pub versions: Vec<String>,
}

/// Every (service, environment) whose workloads run more than one known version.
pub fn drift(entities: &[Entity]) -> Vec<Drift> {
    let mut seen: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for e in entities.iter().filter(|e| e.replicas_desired.is_some()) {
        let (Some(service), Some(version)) = (e.service.as_deref(), e.version.as_deref()) else {
            continue;
        };
        let env = e.environment.as_deref().unwrap_or(UNLABELLED);
        seen.entry((service, env)).or_default().insert(version);
    }
    seen.into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|((service, environment), versions)| {
            let mut versions: Vec<String> = versions.into_iter().map(String::from).collect();
            crate::core::order::sort_by(&mut versions, |a, b| super::version::compare(a, b));
            Drift {
                service: service.to_string(),
                environment: environment.to_string(),
                versions,
            }
        })
        .collect()
}

/// How many services drift in at least one environment.
pub fn drifting_services(entities: &[Entity]) -> usize {
    let services: BTreeSet<String> = drift(entities).into_iter().map(|d| d.service).collect();
    services.len()
}

/// The inventory's tiles, counted once per load (the page counted 100,000 entities again,
/// cloning every cluster name, in the task that showed it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FleetCounts {
    pub clusters: usize,
    pub nodes: usize,
    /// The kubelet versions of the nodes, in text order.
    pub kubelet_versions: Vec<String>,
    /// Services that drift in at least one environment ([`drifting_services`]).
    pub drifting: usize,
}

impl FleetCounts {
    pub fn of(entities: &[Entity]) -> FleetCounts {
        let nodes: Vec<&Entity> = entities.iter().filter(|e| e.kind == "Node").collect();
        let kubelets: BTreeSet<&str> = nodes.iter().filter_map(|n| n.version.as_deref()).collect();
        let clusters: BTreeSet<&str> = entities
            .iter()
            .filter_map(|e| e.cluster.as_deref())
            .collect();
        FleetCounts {
            clusters: clusters.len(),
            nodes: nodes.len(),
            kubelet_versions: kubelets.into_iter().map(String::from).collect(),
            drifting: drifting_services(entities),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload(service: &str, env: Option<&str>, version: Option<&str>) -> Entity {
        Entity {
            kind: "Deployment".into(),
            service: Some(service.into()),
            environment: env.map(Into::into),
            version: version.map(Into::into),
            replicas_desired: Some(2),
            ..Default::default()
        }
    }

    #[test]
    fn fleet_counts_count_clusters_nodes_kubelet_versions_and_drifting_services() {
        let node = |cluster: &str, version: &str| Entity {
            kind: "Node".into(),
            cluster: Some(cluster.into()),
            version: Some(version.into()),
            ..Default::default()
        };
        let mut es = vec![
            node("eu", "v1.30.2"),
            node("eu", "v1.29.8"),
            node("us", "v1.30.2"),
            workload("payments", Some("production"), Some("0.10.0")),
            workload("payments", Some("production"), Some("0.9.1")),
            workload("cart", Some("production"), Some("2.0.0")),
        ];
        es[3].cluster = Some("staging".into());
        let c = FleetCounts::of(&es);
        assert_eq!(c.clusters, 3);
        assert_eq!(c.nodes, 3);
        assert_eq!(c.kubelet_versions, ["v1.29.8", "v1.30.2"]);
        assert_eq!(c.drifting, 1);
    }

    #[test]
    fn staging_ahead_of_production_is_not_drift_but_two_production_versions_are() {
        let es = [
            // checkout: staging runs 1.5.0 ahead of production's 1.4.2 — a rollout.
            workload("checkout", Some("staging"), Some("1.5.0")),
            workload("checkout", Some("production"), Some("1.4.2")),
            workload("checkout", Some("production"), Some("1.4.2")),
            // payments: production runs 0.10.0 in one cluster and 0.9.1 in another.
            workload("payments", Some("production"), Some("0.10.0")),
            workload("payments", Some("production"), Some("0.9.1")),
            workload("payments", Some("staging"), Some("0.10.0")),
            // cart: a workload without a version does not make drift.
            workload("cart", Some("production"), Some("2.0.0")),
            workload("cart", Some("production"), None),
            // search: unlabelled workloads are compared among themselves.
            workload("search", None, Some("3.1.0")),
            workload("search", None, Some("3.2.0")),
        ];
        let d = drift(&es);
        assert_eq!(
            d,
            [
                Drift {
                    service: "payments".into(),
                    environment: "production".into(),
                    versions: vec!["0.9.1".into(), "0.10.0".into()],
                },
                Drift {
                    service: "search".into(),
                    environment: UNLABELLED.into(),
                    versions: vec!["3.1.0".into(), "3.2.0".into()],
                },
            ]
        );
        assert_eq!(drifting_services(&es), 2);
    }
}
