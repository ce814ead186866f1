//! `/api/v1/rules` and `/api/v1/alerts`: rule groups and live alerts.

use serde::Deserialize;

use super::{api, call};
use crate::core::model::Labels;
use crate::core::rules::{Alert, Rule, RuleGroup};
use crate::sources::{Context, SourceError};

#[derive(Deserialize)]
struct RawAlert {
    #[serde(default)]
    labels: Labels,
    #[serde(default)]
    annotations: Labels,
    #[serde(default)]
    state: String,
    #[serde(default, rename = "activeAt")]
    active_at: Option<String>,
    #[serde(default)]
    value: Option<String>,
}

impl From<RawAlert> for Alert {
    fn from(a: RawAlert) -> Alert {
        Alert {
            labels: a.labels,
            annotations: a.annotations,
            state: a.state,
            active_at_ms: a
                .active_at
                .as_deref()
                .and_then(crate::core::time::parse_rfc3339),
            value: a
                .value
                .as_deref()
                .and_then(|v| crate::core::model::parse_value(v).ok())
                .unwrap_or(f64::NAN),
        }
    }
}

#[derive(Deserialize)]
struct Alerts {
    alerts: Vec<RawAlert>,
}

pub async fn alerts(cx: &Context<'_>) -> Result<Vec<Alert>, SourceError> {
    let (url, resp) = call(cx, "api/v1/alerts", &[]).await?;
    let (a, _) = api::decode_envelope::<Alerts>(&url, &resp)?;
    Ok(a.alerts.into_iter().map(Alert::from).collect())
}

#[derive(Deserialize)]
struct RawRule {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    labels: Labels,
    #[serde(default)]
    health: String,
    #[serde(default, rename = "lastError")]
    last_error: String,
    #[serde(default)]
    state: String,
}

#[derive(Deserialize)]
struct RawGroup {
    name: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    interval: f64,
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
struct Groups {
    groups: Vec<RawGroup>,
}

pub async fn rules(cx: &Context<'_>) -> Result<Vec<RuleGroup>, SourceError> {
    let (url, resp) = call(cx, "api/v1/rules", &[]).await?;
    let (g, _) = api::decode_envelope::<Groups>(&url, &resp)?;
    Ok(g.groups
        .into_iter()
        .map(|g| RuleGroup {
            name: g.name,
            file: g.file,
            interval_s: g.interval,
            rules: g
                .rules
                .into_iter()
                .map(|r| Rule {
                    kind: r.kind,
                    name: r.name,
                    query: r.query,
                    labels: r.labels,
                    health: r.health,
                    last_error: r.last_error,
                    state: r.state,
                })
                .collect(),
        })
        .collect())
}
