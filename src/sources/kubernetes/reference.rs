//! The Value-based reader this adapter used until December 2026, kept for tests only: the
//! typed, paced reader must give what it gave (entities, notices, errors) on every input.

use serde::Deserialize;
use serde_json::Value;

use super::quantity;
use crate::core::inventory::{image_version, Entity, Health};
use crate::core::model::{Labels, Notice, NoticeLevel};

#[derive(Deserialize)]
struct List {
    kind: String,
    #[serde(default)]
    items: Vec<Value>,
}

/// Parses a `List`/`*List` document into entities; `cluster` names where they run.
pub(super) fn parse_list(body: &[u8], cluster: &str) -> Result<(Vec<Entity>, Vec<Notice>), String> {
    let list: List =
        serde_json::from_slice(body).map_err(|e| format!("not a Kubernetes List: {e}"))?;
    if !list.kind.ends_with("List") {
        return Err(format!(
            "kind is \"{}\", expected List or a *List",
            list.kind
        ));
    }
    let item_kind = list.kind.strip_suffix("List").filter(|k| !k.is_empty());
    let mut out = Vec::new();
    let mut notices = Vec::new();
    for (i, item) in list.items.iter().enumerate() {
        let kind = item
            .get("kind")
            .and_then(Value::as_str)
            .or(item_kind)
            .unwrap_or("");
        let mut refused = Vec::new();
        let found = entity(kind, item, cluster, &mut refused);
        notices.extend(refused.into_iter().map(|text| Notice {
            level: NoticeLevel::Warning,
            text: format!("items[{i}]: {text}"),
        }));
        match found {
            Some(e) => out.push(e),
            None => notices.push(Notice { level: NoticeLevel::Warning, text: format!("items[{i}]: kind \"{kind}\" is not read by Headroom (Deployment, StatefulSet, DaemonSet, Node, Pod, Namespace are)") }),
        }
    }
    Ok((out, notices))
}

fn s(v: &Value, path: &[&str]) -> Option<String> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str().map(str::to_string)
}

/// Largest count read (2^53: beyond it JSON numbers are no longer exact in a browser).
const MAX_COUNT: u64 = 1 << 53;

/// Reads a count such as `spec.replicas`: `Ok(None)` when absent, `Err` (naming the field and
/// value) when negative, fractional or out of range.
fn n(v: &Value, path: &[&str]) -> Result<Option<u64>, String> {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(next) => cur = next,
            None => return Ok(None),
        }
    }
    match cur.as_u64() {
        Some(x) if x <= MAX_COUNT => Ok(Some(x)),
        _ => Err(format!("{} is {cur}, not a count", path.join("."))),
    }
}

fn labels(v: &Value, field: &str) -> Labels {
    v.get("metadata")
        .and_then(|m| m.get(field))
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn entity(kind: &str, item: &Value, cluster: &str, refused: &mut Vec<String>) -> Option<Entity> {
    let lbls = labels(item, "labels");
    let mut e = Entity {
        kind: kind.to_string(),
        name: s(item, &["metadata", "name"]).unwrap_or_default(),
        namespace: s(item, &["metadata", "namespace"]).unwrap_or_default(),
        cluster: Some(cluster.to_string()),
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
            let image = item
                .pointer("/spec/template/spec/containers/0/image")
                .and_then(Value::as_str)
                .map(str::to_string);
            e.version = lbls
                .get("app.kubernetes.io/version")
                .cloned()
                .or_else(|| image.as_deref().and_then(image_version));
            e.image = image;
            // Status fields that are 0 are omitted by the API server: missing means 0.
            let counts = if kind == "DaemonSet" {
                n(item, &["status", "desiredNumberScheduled"]).and_then(|d| {
                    Ok((
                        d.unwrap_or(0),
                        n(item, &["status", "numberAvailable"])?.unwrap_or(0),
                    ))
                })
            } else {
                n(item, &["spec", "replicas"]).and_then(|d| {
                    let available = match n(item, &["status", "availableReplicas"])? {
                        Some(a) => Some(a),
                        None => n(item, &["status", "readyReplicas"])?,
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
                    return Some(e);
                }
            };
            e.replicas_desired = Some(desired);
            e.replicas_available = Some(available);
            e.health = if available >= desired {
                Health::Healthy
            } else if available == 0 {
                Health::Down
            } else {
                Health::Degraded
            };
        }
        "Node" => {
            let ready = item
                .pointer("/status/conditions")
                .and_then(Value::as_array)
                .and_then(|c| {
                    c.iter()
                        .find(|c| c.get("type").and_then(Value::as_str) == Some("Ready"))
                })
                .and_then(|c| c.get("status"))
                .and_then(Value::as_str);
            e.health = match ready {
                Some("True") => Health::Healthy,
                Some(_) => Health::Down,
                None => Health::Unknown,
            };
            e.version = s(item, &["status", "nodeInfo", "kubeletVersion"]);
            let mut extra = Labels::new();
            for (k, p) in [
                ("runtime", "containerRuntimeVersion"),
                ("os", "osImage"),
                ("kernel", "kernelVersion"),
                ("arch", "architecture"),
            ] {
                if let Some(v) = s(item, &["status", "nodeInfo", p]) {
                    extra.insert(k.into(), v);
                }
            }
            for (k, p) in [("cpu", "cpu"), ("memory", "memory")] {
                if let Some(q) =
                    s(item, &["status", "capacity", p]).and_then(|q| quantity::parse(&q).ok())
                {
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
            e.image = item
                .pointer("/spec/containers/0/image")
                .and_then(Value::as_str)
                .map(str::to_string);
            e.version = e.image.as_deref().and_then(image_version);
            e.health = match s(item, &["status", "phase"]).as_deref() {
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
