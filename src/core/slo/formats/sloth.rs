//! Sloth: `version: prometheus/v1` files and the `PrometheusServiceLevel` CRD's spec.

use serde_json::Value;

use super::{num, rates_to_counts, s, Imported};
use crate::core::config::{SliConfig, SloConfig};

pub fn service(spec: &Value, source: &str) -> Vec<Imported> {
    let service = s(spec, "/service").unwrap_or("unknown").to_string();
    let common: std::collections::BTreeMap<String, String> = spec
        .get("labels")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let slos = spec
        .get("slos")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    slos.iter()
        .enumerate()
        .map(|(i, d)| {
            let short = s(d, "/name").unwrap_or("slo");
            let name = format!("{service}-{short}");
            let at = |f: &str| format!("slos[{i}].{f}");
            let mut notes = Vec::new();
            let result = (|| {
                let objective = num(d, "/objective").ok_or_else(|| format!("{}: missing", at("objective")))?;
                let sli = if let Some(ev) = d.pointer("/sli/events") {
                    let err = s(ev, "/error_query").or_else(|| s(ev, "/errorQuery")).ok_or_else(|| format!("{}: missing", at("sli.events.error_query")))?;
                    let total = s(ev, "/total_query").or_else(|| s(ev, "/totalQuery")).ok_or_else(|| format!("{}: missing", at("sli.events.total_query")))?;
                    if err.contains("rate(") || total.contains("rate(") {
                        notes.push(format!("{}: rate(…[{{{{.window}}}}]) is read as increase() over each slice (the same count)", at("sli.events")));
                    }
                    SliConfig::Events { good: None, bad: Some(rates_to_counts(err)), total: rates_to_counts(total) }
                } else if d.pointer("/sli/raw").is_some() {
                    return Err(format!("{}: an error-ratio query gives no event counts, so budgets and windows cannot be summed; use sli.events (error_query and total_query)", at("sli.raw")));
                } else if d.pointer("/sli/plugin").is_some() {
                    return Err(format!("{}: Sloth SLI plugins run inside Sloth; Headroom needs sli.events", at("sli.plugin")));
                } else {
                    return Err(format!("{}: missing (sli.events expected)", at("sli")));
                };
                let mut labels = common.clone();
                if let Some(o) = d.get("labels").and_then(Value::as_object) {
                    labels.extend(o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))));
                }
                let team = labels.get("team").or_else(|| labels.get("owner")).cloned();
                Ok(SloConfig {
                    name: name.clone(),
                    service: service.clone(),
                    team,
                    description: s(d, "/description").map(str::to_string),
                    objective,
                    window: "30d".into(),
                    timezone: None,
                    method: None,
                    timeslice_target: None,
                    slice: None,
                    labels,
                    group_by: vec![],
                    source: source.to_string(),
                    sli,
                })
            })();
            Imported { name, result, notes }
        })
        .collect()
}
