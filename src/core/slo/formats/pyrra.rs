//! Pyrra `ServiceLevelObjective` manifests (pyrra.dev/v1alpha1).

use serde_json::Value;

use super::{matcher_value, num, s, Imported};
use crate::core::config::{SliConfig, SloConfig};

pub fn slo(d: &Value, source: &str) -> Imported {
    let name = s(d, "/metadata/name").unwrap_or("unnamed").to_string();
    let mut notes = Vec::new();
    let result = (|| {
        let objective = num(d, "/spec/target").ok_or("spec.target: missing")?;
        let window = s(d, "/spec/window").unwrap_or("28d").to_string();
        let ind = d
            .pointer("/spec/indicator")
            .ok_or("spec.indicator: missing")?;
        let metric = |p: &str| s(ind, p).map(str::to_string);
        let (sli, total_sel) = if ind.get("ratio").is_some() {
            let errors = metric("/ratio/errors/metric")
                .ok_or("spec.indicator.ratio.errors.metric: missing")?;
            let total = metric("/ratio/total/metric")
                .ok_or("spec.indicator.ratio.total.metric: missing")?;
            (
                SliConfig::Ratio {
                    errors,
                    total: total.clone(),
                },
                total,
            )
        } else if ind.get("latency").is_some() {
            let mut success = metric("/latency/success/metric")
                .ok_or("spec.indicator.latency.success.metric: missing")?;
            let total = metric("/latency/total/metric")
                .ok_or("spec.indicator.latency.total.metric: missing")?;
            if !success.contains("le=") {
                // Older manifests put the threshold in spec.latency.
                let le = s(d, "/spec/latency").ok_or(
                    "spec.indicator.latency.success.metric: no le label and no spec.latency",
                )?;
                success = match success.rsplit_once('}') {
                    Some((head, _)) => format!("{head},le=\"{le}\"}}"),
                    None => format!("{success}{{le=\"{le}\"}}"),
                };
                notes.push(format!(
                    "spec.latency \"{le}\" added as le=\"{le}\" to the success metric"
                ));
            }
            (
                SliConfig::Events {
                    good: Some(format!("sum(increase({success}[{{{{.window}}}}]))")),
                    bad: None,
                    total: format!("sum(increase({total}[{{{{.window}}}}]))"),
                },
                total,
            )
        } else if ind.get("bool_gauge").is_some() {
            let m =
                metric("/bool_gauge/metric").ok_or("spec.indicator.bool_gauge.metric: missing")?;
            (SliConfig::BoolGauge { metric: m.clone() }, m)
        } else if ind.get("latencyNative").is_some() {
            return Err("spec.indicator.latencyNative: native histograms are not supported yet (use a classic histogram with latency.success/total)".to_string());
        } else {
            return Err("spec.indicator: expected ratio, latency or bool_gauge".to_string());
        };
        let group_by: Vec<String> = ["ratio", "latency", "bool_gauge"]
            .iter()
            .find_map(|k| {
                ind.pointer(&format!("/{k}/grouping"))
                    .and_then(Value::as_array)
            })
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if d.pointer("/spec/alerting").is_some() {
            notes.push("spec.alerting: Headroom shows its own multi-window burn-rate tiers".into());
        }
        let labels: std::collections::BTreeMap<String, String> = d
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let service = matcher_value(&total_sel, "service")
            .or_else(|| matcher_value(&total_sel, "job"))
            .unwrap_or_else(|| name.clone());
        Ok(SloConfig {
            name: name.clone(),
            service,
            team: labels.get("team").cloned(),
            description: s(d, "/spec/description")
                .filter(|x| !x.is_empty())
                .map(str::to_string),
            objective,
            window,
            timezone: None,
            method: None,
            timeslice_target: None,
            slice: None,
            labels,
            group_by,
            source: source.to_string(),
            sli,
        })
    })();
    Imported {
        name,
        result: result.map_err(|e: String| e),
        notes,
    }
}
