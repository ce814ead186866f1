//! Alerting and recording rules, and live alerts, as Prometheus-compatible rule APIs report
//! them (`/api/v1/rules`, `/api/v1/alerts`).

use super::model::Labels;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Alert {
    pub labels: Labels,
    pub annotations: Labels,
    /// `pending` or `firing`.
    pub state: String,
    pub active_at_ms: Option<i64>,
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Rule {
    /// `alerting` or `recording`.
    pub kind: String,
    pub name: String,
    pub query: String,
    pub labels: Labels,
    /// `ok`, `err` or `unknown`.
    pub health: String,
    pub last_error: String,
    /// Alerting rules: `inactive`, `pending` or `firing`.
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct RuleGroup {
    pub name: String,
    pub file: String,
    pub interval_s: f64,
    pub rules: Vec<Rule>,
}
