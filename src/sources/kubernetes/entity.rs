//! One List item, as read (`item::Item`), to an inventory entity: the service, owner and
//! environment from labels, replicas and health by kind, a node's runtime facts.

use std::fmt;

use serde_json::Value;

use super::item::{Count, Item};
use super::quantity;
use crate::core::inventory::{image_version, Entity, Health};
use crate::core::model::Labels;

/// Largest count read (2^53: beyond it JSON numbers are no longer exact in a browser).
const MAX_COUNT: u64 = 1 << 53;

/// A count field whose value is negative, fractional, out of range or not a number.
pub(super) struct NotACount {
    path: &'static str,
    value: Value,
}

impl fmt::Display for NotACount {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} is {}, not a count", self.path, self.value)
    }
}

/// Reads a count such as `spec.replicas`: `Ok(None)` when absent.
fn n(field: &Count, path: &'static str) -> Result<Option<u64>, NotACount> {
    match &field.0 {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(x) if x <= MAX_COUNT => Ok(Some(x)),
            _ => Err(NotACount {
                path,
                value: v.clone(),
            }),
        },
    }
}

/// The entity for an item of `kind` (`None` for kinds Headroom does not read); a count that is
/// not one leaves the replicas out and says so in `refused`.
pub(super) fn entity(
    kind: &str,
    item: Item,
    cluster: &str,
    refused: &mut Vec<String>,
) -> Option<Entity> {
    let Item {
        metadata,
        spec,
        status,
        ..
    } = item;
    let (spec, status, meta) = (spec.0, status.0, metadata.0);
    let lbls = meta.labels.0;
    let mut e = Entity {
        kind: kind.to_string(),
        name: meta.name.0.unwrap_or_default(),
        namespace: meta.namespace.0.unwrap_or_default(),
        cluster: Some(cluster.to_string()),
        // The source (the cluster's name) is named here, in the paced reading: naming 100,000
        // entities afterwards was part of one long task of the inventory load.
        source: cluster.to_string(),
        owner: lbls.get("team").or_else(|| lbls.get("owner")).cloned(),
        environment: lbls.get("environment").or_else(|| lbls.get("env")).cloned(),
        system: lbls.get("app.kubernetes.io/part-of").cloned(),
        ..Default::default()
    };
    match kind {
        "Deployment" | "StatefulSet" | "DaemonSet" => {
            e.service = Some(
                lbls.get("app.kubernetes.io/name")
                    .or_else(|| lbls.get("app"))
                    .cloned()
                    .unwrap_or_else(|| e.name.clone()),
            );
            let image = spec.template.0.spec.0.containers.0;
            e.version = lbls
                .get("app.kubernetes.io/version")
                .cloned()
                .or_else(|| image.as_deref().and_then(image_version));
            e.image = image;
            // Status fields that are 0 are omitted by the API server: missing means 0.
            let counts = if kind == "DaemonSet" {
                n(
                    &status.desired_number_scheduled,
                    "status.desiredNumberScheduled",
                )
                .and_then(|d| {
                    let available = n(&status.number_available, "status.numberAvailable")?;
                    Ok((d.unwrap_or(0), available.unwrap_or(0)))
                })
            } else {
                n(&spec.replicas, "spec.replicas").and_then(|d| {
                    let available = match n(&status.available_replicas, "status.availableReplicas")?
                    {
                        Some(a) => Some(a),
                        None => n(&status.ready_replicas, "status.readyReplicas")?,
                    };
                    Ok((d.unwrap_or(1), available.unwrap_or(0)))
                })
            };
            let (desired, available) = match counts {
                Ok(c) => c,
                Err(why) => {
                    refused.push(format!(
                        "{kind} {}: {why}; its replicas are not shown",
                        e.name
                    ));
                    // As before: such an entity keeps no labels.
                    return Some(e);
                }
            };
            e.replicas_desired = Some(desired);
            e.replicas_available = Some(available);
            e.health = Health::of_replicas(desired, available);
        }
        "Node" => {
            e.health = match status.conditions.0.as_deref() {
                Some("True") => Health::Healthy,
                Some(_) => Health::Down,
                None => Health::Unknown,
            };
            let info = status.node_info.0;
            e.version = info.kubelet_version.0;
            let mut extra = Labels::new();
            for (k, v) in [
                ("runtime", info.container_runtime_version.0),
                ("os", info.os_image.0),
                ("kernel", info.kernel_version.0),
                ("arch", info.architecture.0),
            ] {
                if let Some(v) = v {
                    extra.insert(k.into(), v);
                }
            }
            let capacity = status.capacity.0;
            for (k, q) in [("cpu", capacity.cpu.0), ("memory", capacity.memory.0)] {
                if let Some(q) = q.and_then(|q| quantity::parse(&q).ok()) {
                    extra.insert(k.into(), format!("{q}"));
                }
            }
            e.labels = extra;
        }
        "Pod" => {
            e.service = lbls
                .get("app.kubernetes.io/name")
                .or_else(|| lbls.get("app"))
                .cloned();
            e.image = spec.containers.0;
            e.version = e.image.as_deref().and_then(image_version);
            e.health = match status.phase.0.as_deref() {
                Some("Running") | Some("Succeeded") => Health::Healthy,
                Some("Pending") => Health::Degraded,
                Some("Failed") => Health::Down,
                _ => Health::Unknown,
            };
        }
        "Namespace" => {}
        _ => return None,
    }
    if e.labels.is_empty() {
        e.labels = lbls;
    }
    Some(e)
}
