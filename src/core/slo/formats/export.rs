//! OpenSLO v1 export: one `SLO` document per Headroom SLO, indicator inline, Prometheus
//! queries with `{{.window}}` where the slice length goes. Reads back with `import`.

use serde_json::{json, Map, Value};

use crate::core::config::{SliConfig, SloConfig};

fn source(query: String) -> Value {
    json!({"metricSource": {"type": "Prometheus", "spec": {"query": query}}})
}

pub fn to_openslo(slos: &[SloConfig]) -> String {
    let docs: Vec<String> = slos
        .iter()
        .map(|c| {
            let objective = if c.objective > 1.0 { (c.objective / 100.0 * 1e12).round() / 1e12 } else { c.objective };
            let mut obj = Map::from_iter([("displayName".into(), json!(c.name)), ("target".into(), json!(objective))]);
            let indicator = match &c.sli {
                SliConfig::Ratio { errors, total } => json!({"ratioMetric": {"counter": true, "bad": source(errors.clone()), "total": source(total.clone())}}),
                SliConfig::Latency { histogram, threshold } => {
                    let (name, body) = histogram.split_once('{').map_or((histogram.as_str(), "}"), |(n, b)| (n, b));
                    let matchers = body.trim_end_matches('}');
                    let sep = if matchers.trim().is_empty() { "" } else { "," };
                    json!({"ratioMetric": {"counter": true, "good": source(format!("{name}_bucket{{{matchers}{sep}le=\"{threshold}\"}}")), "total": source(format!("{name}_count{{{matchers}}}"))}})
                }
                SliConfig::BoolGauge { metric } => json!({"ratioMetric": {"counter": false, "good": source(format!("sum(sum_over_time({metric}[{{{{.window}}}}]))")), "total": source(format!("sum(count_over_time({metric}[{{{{.window}}}}]))"))}}),
                SliConfig::Threshold { metric, op, value, .. } => {
                    obj.insert("op".into(), json!(op));
                    obj.insert("value".into(), json!(value));
                    json!({"thresholdMetric": source(metric.clone())})
                }
                SliConfig::Events { good, bad, total } => {
                    let mut r = Map::from_iter([("counter".into(), json!(false)), ("total".into(), source(total.clone()))]);
                    if let Some(g) = good {
                        r.insert("good".into(), source(g.clone()));
                    }
                    if let Some(b) = bad {
                        r.insert("bad".into(), source(b.clone()));
                    }
                    json!({"ratioMetric": r})
                }
            };
            if let Some(t) = c.timeslice_target {
                obj.insert("timeSliceTarget".into(), json!(t));
            }
            if let Some(s) = &c.slice {
                obj.insert("timeSliceWindow".into(), json!(s));
            }
            let window = match c.window.as_str() {
                "week" => json!({"duration": "1w", "isRolling": false, "calendar": {"startTime": "2020-01-06 00:00:00", "timeZone": c.timezone.clone().unwrap_or_else(|| "UTC".into())}}),
                "month" => json!({"duration": "1M", "isRolling": false, "calendar": {"startTime": "2020-01-01 00:00:00", "timeZone": c.timezone.clone().unwrap_or_else(|| "UTC".into())}}),
                "quarter" => json!({"duration": "1Q", "isRolling": false, "calendar": {"startTime": "2020-01-01 00:00:00", "timeZone": c.timezone.clone().unwrap_or_else(|| "UTC".into())}}),
                d => json!({"duration": d, "isRolling": true}),
            };
            let method = match c.method.as_deref() {
                Some("timeslices") => "Timeslices",
                Some("ratio_timeslices") => "RatioTimeslices",
                _ => "Occurrences",
            };
            let doc = json!({
                "apiVersion": "openslo/v1",
                "kind": "SLO",
                "metadata": {"name": c.name, "displayName": c.name, "labels": c.labels.iter().map(|(k, v)| (k.clone(), json!([v]))).collect::<serde_json::Map<_, _>>()},
                "spec": {
                    "description": c.description.clone().unwrap_or_default(),
                    "service": c.service,
                    "indicator": {"metadata": {"name": format!("{}-sli", c.name)}, "spec": indicator},
                    "timeWindow": [window],
                    "budgetingMethod": method,
                    "objectives": [obj]
                }
            });
            crate::core::yaml::to_string(&doc)
        })
        .collect();
    docs.join("---\n")
}
