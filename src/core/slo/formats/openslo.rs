//! OpenSLO: `openslo/v1` (SLO with inline `indicator` or `indicatorRef` to an SLI document,
//! `metricSourceRef` to a DataSource) and Sloth's `openslo/v1alpha` flavour.

use serde_json::Value;

use super::{num, rates_to_counts, s, Imported};
use crate::core::config::{SliConfig, SloConfig};

fn by_name<'a>(docs: &'a [Value], kind: &str, name: &str) -> Option<&'a Value> {
    docs.iter()
        .find(|d| s(d, "/kind") == Some(kind) && s(d, "/metadata/name") == Some(name))
}

/// A metric source's PromQL, or why not: `field` names the path for messages.
fn query(
    src: &Value,
    field: &str,
    docs: &[Value],
    notes: &mut Vec<String>,
) -> Result<String, String> {
    let ms = src.get("metricSource").unwrap_or(src);
    let kind = match s(ms, "/type") {
        Some(t) => t.to_string(),
        None => match s(ms, "/metricSourceRef") {
            Some(r) => by_name(docs, "DataSource", r)
                .and_then(|d| s(d, "/spec/type"))
                .ok_or_else(|| {
                    format!("{field}.metricSource.metricSourceRef: no DataSource named \"{r}\"")
                })?
                .to_string(),
            None => s(ms, "/source").unwrap_or("").to_string(),
        },
    };
    if !kind.eq_ignore_ascii_case("prometheus") {
        return Err(format!("{field}.metricSource.type \"{kind}\": Headroom reads Prometheus-compatible sources only"));
    }
    let q = s(ms, "/spec/query")
        .or_else(|| s(ms, "/spec/promql"))
        .or_else(|| s(ms, "/query"))
        .ok_or_else(|| format!("{field}.metricSource.spec.query: missing"))?;
    if q.contains("rate(") {
        notes.push(format!(
            "{field}: rate(…) is read as increase() over each slice (the same count)"
        ));
    }
    Ok(rates_to_counts(q))
}

/// A selector is counted per slice; an expression must carry `{{.window}}` itself.
fn counted(q: &str, counter: bool, field: &str) -> Result<String, String> {
    if q.contains("{{.window}}") {
        Ok(q.to_string())
    } else if counter || !q.contains('(') {
        Ok(format!("sum(increase({q}[{{{{.window}}}}]))"))
    } else {
        Err(format!(
            "{field}: a non-counter expression needs {{{{.window}}}} where its range goes"
        ))
    }
}

/// One entry per objective of an SLO document (or one entry saying why it cannot be read).
pub fn slos(d: &Value, docs: &[Value], source: &str) -> Vec<Imported> {
    let name = s(d, "/metadata/name").unwrap_or("unnamed").to_string();
    let mut notes = Vec::new();
    match build(d, docs, source, &name, &mut notes) {
        Ok(configs) => configs
            .into_iter()
            .map(|c| Imported {
                name: c.name.clone(),
                result: Ok(c),
                notes: notes.clone(),
            })
            .collect(),
        Err(e) => vec![Imported {
            name,
            result: Err(e),
            notes,
        }],
    }
}

fn build(
    d: &Value,
    docs: &[Value],
    source: &str,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<SloConfig>, String> {
    let spec = d.get("spec").ok_or("spec: missing")?;
    let alpha = s(d, "/apiVersion") == Some("openslo/v1alpha");
    let (window, timezone) = if alpha {
        let count = num(spec, "/timeWindows/0/count").unwrap_or(30.0);
        let unit = s(spec, "/timeWindows/0/unit").unwrap_or("Day");
        let u = match unit {
            "Day" | "day" => "d",
            "Week" | "week" => "w",
            other => {
                return Err(format!(
                    "spec.timeWindows[0].unit \"{other}\": expected Day or Week"
                ))
            }
        };
        (format!("{count}{u}"), None)
    } else {
        let tw = spec
            .pointer("/timeWindow/0")
            .ok_or("spec.timeWindow: missing")?;
        let duration = s(tw, "/duration").ok_or("spec.timeWindow[0].duration: missing")?;
        if tw
            .get("isRolling")
            .and_then(Value::as_bool)
            .unwrap_or(false)
        {
            (duration.to_string(), None)
        } else {
            let unit = match duration {
                "1w" | "1W" | "7d" => "week",
                "1M" => "month",
                "1Q" | "3M" => "quarter",
                "1m" => {
                    notes.push("spec.timeWindow[0].duration \"1m\" read as one calendar month (a one-minute calendar window makes no sense)".into());
                    "month"
                }
                other => return Err(format!("spec.timeWindow[0].duration \"{other}\": calendar windows of 1w, 1M or 1Q are supported")),
            };
            if tw.pointer("/calendar/startTime").is_some() {
                notes.push("spec.timeWindow[0].calendar.startTime: periods start at the calendar boundary in the time zone".into());
            }
            (
                unit.to_string(),
                s(tw, "/calendar/timeZone").map(str::to_string),
            )
        }
    };
    let method = match s(spec, "/budgetingMethod").unwrap_or("Occurrences") {
        "Occurrences" => None,
        "Timeslices" => Some("timeslices".to_string()),
        "RatioTimeslices" => Some("ratio_timeslices".to_string()),
        m => {
            return Err(format!(
                "spec.budgetingMethod \"{m}\": expected Occurrences, Timeslices or RatioTimeslices"
            ))
        }
    };
    let indicator = match (spec.get("indicator"), s(spec, "/indicatorRef")) {
        (Some(i), _) => i.get("spec").cloned().unwrap_or(Value::Null),
        (None, Some(r)) => by_name(docs, "SLI", r)
            .and_then(|x| x.get("spec"))
            .cloned()
            .ok_or_else(|| format!("spec.indicatorRef: no SLI named \"{r}\""))?,
        (None, None) if alpha => Value::Null,
        _ => return Err("spec.indicator: missing".into()),
    };
    let objectives = spec
        .get("objectives")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if objectives.is_empty() {
        return Err("spec.objectives: empty".into());
    }
    let mut out = Vec::new();
    for (k, o) in objectives.iter().enumerate() {
        let at = format!("spec.objectives[{k}]");
        let target = num(o, "/target")
            .or_else(|| num(o, "/targetPercent").map(|p| p / 100.0))
            .ok_or_else(|| format!("{at}.target: missing"))?;
        let sli = if alpha {
            let good = query(
                o.pointer("/ratioMetrics/good")
                    .ok_or_else(|| format!("{at}.ratioMetrics.good: missing"))?,
                &format!("{at}.ratioMetrics.good"),
                docs,
                notes,
            )?;
            let total = query(
                o.pointer("/ratioMetrics/total")
                    .ok_or_else(|| format!("{at}.ratioMetrics.total: missing"))?,
                &format!("{at}.ratioMetrics.total"),
                docs,
                notes,
            )?;
            SliConfig::Events {
                good: Some(counted(&good, false, &at)?),
                bad: None,
                total: counted(&total, false, &at)?,
            }
        } else if let Some(r) = indicator.get("ratioMetric") {
            let field = "spec.indicator.spec.ratioMetric";
            let counter = r.get("counter").and_then(Value::as_bool).unwrap_or(false);
            let total = counted(
                &query(
                    r.get("total")
                        .ok_or_else(|| format!("{field}.total: missing"))?,
                    &format!("{field}.total"),
                    docs,
                    notes,
                )?,
                counter,
                &format!("{field}.total"),
            )?;
            match (r.get("good"), r.get("bad")) {
                (Some(g), _) => SliConfig::Events {
                    good: Some(counted(
                        &query(g, &format!("{field}.good"), docs, notes)?,
                        counter,
                        field,
                    )?),
                    bad: None,
                    total,
                },
                (None, Some(b)) => SliConfig::Events {
                    good: None,
                    bad: Some(counted(
                        &query(b, &format!("{field}.bad"), docs, notes)?,
                        counter,
                        field,
                    )?),
                    total,
                },
                _ => return Err(format!("{field}: needs good or bad")),
            }
        } else if let Some(t) = indicator.get("thresholdMetric") {
            let field = "spec.indicator.spec.thresholdMetric";
            let q = query(t, field, docs, notes)?;
            let op = s(o, "/op")
                .ok_or_else(|| format!("{at}.op: missing for a threshold SLI"))?
                .to_string();
            let value = num(o, "/value")
                .ok_or_else(|| format!("{at}.value: missing for a threshold SLI"))?;
            SliConfig::Threshold {
                metric: q,
                op,
                value,
                interval: None,
            }
        } else {
            return Err("spec.indicator.spec: expected ratioMetric or thresholdMetric".into());
        };
        let slice = s(o, "/timeSliceWindow").map(str::to_string);
        let suffix = if objectives.len() > 1 {
            format!(
                "-{}",
                s(o, "/displayName")
                    .unwrap_or("objective")
                    .to_lowercase()
                    .replace(' ', "-")
            )
        } else {
            String::new()
        };
        out.push(SloConfig {
            name: format!("{name}{suffix}"),
            service: s(spec, "/service").unwrap_or("unknown").to_string(),
            team: None,
            description: s(spec, "/description").map(str::to_string),
            objective: target,
            window: window.clone(),
            timezone: timezone.clone(),
            method: method.clone(),
            timeslice_target: num(o, "/timeSliceTarget"),
            slice,
            labels: Default::default(),
            group_by: vec![],
            source: source.to_string(),
            sli,
        });
    }
    Ok(out)
}
