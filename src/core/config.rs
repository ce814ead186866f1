//! The workspace configuration (`headroom.json` / `headroom.yaml` / `?config=`): data sources,
//! SLOs, inventory joins and report settings. Parsing reports the exact field path and reason
//! of the first problem; nothing here falls back silently.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::time::parse_duration;

#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Shown in the header, e.g. "Acme production".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Marks the bundled demo workspace (the app says so in a banner).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slos: Vec<SloConfig>,
    /// SLO definitions in other tools' formats (OpenSLO, Sloth, Pyrra), read at start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slo_files: Vec<SloFile>,
    #[serde(default)]
    pub inventory: InventoryConfig,
    #[serde(default)]
    pub reports: ReportsConfig,
    #[serde(default)]
    pub delivery: DeliveryConfig,
}

/// How deployments are recognised in CI runs, and the DORA bands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryConfig {
    #[serde(default = "default_deploy_workflows")]
    pub deploy_workflows: Vec<String>,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// An incident of the service starting this soon after a deployment fails it.
    #[serde(default = "default_failure_window")]
    pub failure_window: String,
    /// Band limits: elite, high, medium (2019 State of DevOps by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<BandsConfig>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandsConfig {
    pub deploys_per_day: [f64; 3],
    pub lead_time: [String; 3],
    pub time_to_restore: [String; 3],
    pub change_failure_rate: f64,
}

fn default_deploy_workflows() -> Vec<String> {
    vec!["deploy".into()]
}
fn default_branch() -> String {
    "main".into()
}
fn default_failure_window() -> String {
    "24h".into()
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig { deploy_workflows: default_deploy_workflows(), branch: default_branch(), failure_window: default_failure_window(), bands: None }
    }
}

impl DeliveryConfig {
    pub fn settings(&self) -> crate::core::delivery::DoraSettings {
        crate::core::delivery::DoraSettings { deploy_workflows: self.deploy_workflows.clone(), branch: self.branch.clone(), failure_window_ms: parse_duration(&self.failure_window).unwrap_or(24 * 3_600_000) }
    }

    pub fn bands(&self) -> crate::core::delivery::Bands {
        let Some(b) = &self.bands else { return Default::default() };
        let d = |x: &[String; 3]| x.clone().map(|s| parse_duration(&s).unwrap_or(0) as f64);
        crate::core::delivery::Bands { deploys_per_day: b.deploys_per_day, lead_time_ms: d(&b.lead_time), restore_ms: d(&b.time_to_restore), change_failure_rate: b.change_failure_rate }
    }
}

/// One data source. `kind` names a registered adapter (see `sources::registry`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    pub name: String,
    pub kind: String,
    /// Absolute (`https://prom.example.com`) or relative to the page (`demo/k8s.json`).
    pub url: String,
    #[serde(default)]
    pub auth: AuthConfig,
    /// Extra request headers, e.g. `X-Scope-OrgID`. Not for secrets: use `auth`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// Request timeout as a duration (`30s`); default 30s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
}

/// How a source authenticates. The secret itself is never part of a config file or a URL:
/// the user types it in the Sources page, and it stays in memory unless they choose otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum AuthMode {
    #[default]
    None,
    Bearer,
    Basic,
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    #[serde(default)]
    pub mode: AuthMode,
    /// For basic auth: the user name (not secret); the password is entered in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// An SLO as written in the config file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SloConfig {
    pub name: String,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A ratio (`0.999`) or a percentage (`99.9`).
    pub objective: f64,
    /// Rolling window (`30d`, `28d`) or calendar period (`week`, `month`, `quarter`).
    #[serde(default = "default_window")]
    pub window: String,
    /// Time zone of calendar windows: an IANA name or a POSIX TZ rule (default UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// `occurrences` (default), `timeslices` or `ratio_timeslices`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Timeslices: the ratio a slice must reach to count as good (default: the objective).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeslice_target: Option<f64>,
    /// Length of the aligned slices the figures are summed from (default `1h`, at least `1m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slice: Option<String>,
    /// Free labels for grouping and filtering (tier, product …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// One SLO per value of these series labels (e.g. `["route"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_by: Vec<String>,
    /// Name of the source holding the data (Prometheus-compatible, or an exposition file).
    pub source: String,
    pub sli: SliConfig,
}

fn default_window() -> String {
    "30d".into()
}

/// What counts as good and total events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum SliConfig {
    /// Bad events over total events, both counter selectors.
    Ratio { errors: String, total: String },
    /// Requests faster than `threshold` seconds: a histogram's `le` bucket over its `_count`.
    Latency { histogram: String, threshold: f64 },
    /// A 0/1 gauge (e.g. `probe_success`): every sample is an event, 1 is good.
    #[serde(rename = "bool_gauge")]
    BoolGauge { metric: String },
    /// Every sample of a gauge compared with `op` (`lt`, `lte`, `gt`, `gte`) and `value`.
    /// Evaluated at every `interval` step (a subquery; default `1m`): set it to the scrape
    /// interval so that every sample counts once.
    Threshold {
        metric: String,
        op: String,
        value: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        interval: Option<String>,
    },
    /// Any PromQL counting events over `{{.window}}` (Sloth-style); give `good` or `bad`.
    Events {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        good: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bad: Option<String>,
        total: String,
    },
}

/// A file of SLO definitions and the source their queries run against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SloFile {
    pub url: String,
    pub source: String,
}

/// How entities from different sources are recognised as the same service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryConfig {
    /// Kubernetes label naming the service (default `app.kubernetes.io/name`).
    #[serde(default = "default_k8s_key")]
    pub kubernetes_label: String,
    /// Prometheus label naming the service (default `job`).
    #[serde(default = "default_prom_key")]
    pub prometheus_label: String,
}

fn default_k8s_key() -> String {
    "app.kubernetes.io/name".into()
}
fn default_prom_key() -> String {
    "job".into()
}

impl Default for InventoryConfig {
    fn default() -> Self {
        InventoryConfig { kubernetes_label: default_k8s_key(), prometheus_label: default_prom_key() }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    /// Default report period: `week`, `month` or `quarter`.
    #[serde(default = "default_period")]
    pub period: String,
}

fn default_period() -> String {
    "month".into()
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig { period: default_period() }
    }
}

/// A config problem, with the path of the offending field (`sources[2].kind`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

fn err(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError { path: path.into(), message: message.into() }
}

/// File formats a config may come in; chosen by the file name, or sniffed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn guess(name: &str, text: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        let path = lower.split(['?', '#']).next().unwrap_or("");
        if path.ends_with(".yaml") || path.ends_with(".yml") {
            Format::Yaml
        } else if path.ends_with(".json") || text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// Parses and validates a config. `known_kinds` are the registered source adapters.
pub fn parse(text: &str, format: Format, known_kinds: &[&str]) -> Result<Config, ConfigError> {
    let config: Config = match format {
        Format::Json => {
            let de = &mut serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| err(e.path().to_string(), clean(e.inner().to_string())))?
        }
        Format::Yaml => {
            let de = serde_yaml_ng::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| err(e.path().to_string(), clean(e.inner().to_string())))?
        }
    };
    config.validate(known_kinds)?;
    Ok(config)
}

fn clean(msg: String) -> String {
    msg.replace("`", "\"")
}

impl Config {
    /// Semantic checks serde cannot do: kinds, names, URLs, durations, objectives, references.
    pub fn validate(&self, known_kinds: &[&str]) -> Result<(), ConfigError> {
        let mut names = std::collections::BTreeSet::new();
        for (i, s) in self.sources.iter().enumerate() {
            let at = |f: &str| format!("sources[{i}].{f}");
            if s.name.trim().is_empty() {
                return Err(err(at("name"), "must not be empty"));
            }
            if !names.insert(s.name.as_str()) {
                return Err(err(at("name"), format!("\"{}\" is used by another source; names must be unique", s.name)));
            }
            if !known_kinds.contains(&s.kind.as_str()) {
                return Err(err(at("kind"), format!("unknown kind \"{}\" (expected one of: {})", s.kind, known_kinds.join(", "))));
            }
            check_url(&s.url).map_err(|m| err(at("url"), m))?;
            if let Some(t) = &s.timeout {
                parse_duration(t).map_err(|m| err(at("timeout"), m))?;
            }
            for k in s.headers.keys() {
                let lower = k.to_ascii_lowercase();
                if lower == "authorization" || lower == "cookie" {
                    return Err(err(at(&format!("headers.{k}")), "secrets do not belong in the config file: set auth.mode and enter the credential in the Sources page"));
                }
                if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                    return Err(err(at("headers"), format!("\"{k}\" is not a valid header name")));
                }
            }
        }
        let mut slo_names = std::collections::BTreeSet::new();
        for (i, slo) in self.slos.iter().enumerate() {
            let at = |f: &str| format!("slos[{i}].{f}");
            if slo.name.trim().is_empty() {
                return Err(err(at("name"), "must not be empty"));
            }
            if !slo_names.insert(slo.name.as_str()) {
                return Err(err(at("name"), format!("\"{}\" is used by another SLO; names must be unique", slo.name)));
            }
            objective_ratio(slo.objective).map_err(|m| err(at("objective"), m))?;
            if !self.sources.iter().any(|s| s.name == slo.source) {
                return Err(err(at("source"), format!("no source is named \"{}\"", slo.source)));
            }
            crate::core::slo::Slo::from_config(slo).map_err(|(field, m)| err(at(field), m))?;
        }
        for (i, f) in self.slo_files.iter().enumerate() {
            check_url(&f.url).map_err(|m| err(format!("slo_files[{i}].url"), m))?;
            if !self.sources.iter().any(|s| s.name == f.source) {
                return Err(err(format!("slo_files[{i}].source"), format!("no source is named \"{}\"", f.source)));
            }
        }
        parse_duration(&self.delivery.failure_window).map_err(|m| err("delivery.failure_window", m))?;
        if let Some(b) = &self.delivery.bands {
            for (i, t) in b.lead_time.iter().enumerate() {
                parse_duration(t).map_err(|m| err(format!("delivery.bands.lead_time[{i}]"), m))?;
            }
            for (i, t) in b.time_to_restore.iter().enumerate() {
                parse_duration(t).map_err(|m| err(format!("delivery.bands.time_to_restore[{i}]"), m))?;
            }
        }
        if !["week", "month", "quarter"].contains(&self.reports.period.as_str()) {
            return Err(err("reports.period", format!("\"{}\" is not one of week, month, quarter", self.reports.period)));
        }
        Ok(())
    }

    /// The config as JSON without anything secret (there is nothing secret in it by design).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Accepts a ratio in (0, 1) or a percentage in (1, 100); returns the ratio.
pub fn objective_ratio(objective: f64) -> Result<f64, String> {
    let r = if objective > 1.0 { objective / 100.0 } else { objective };
    if objective.is_finite() && r > 0.0 && r < 1.0 {
        Ok(r)
    } else {
        Err(format!("{objective} is not an objective: give a ratio below 1 (0.999) or a percentage below 100 (99.9)"))
    }
}

fn check_url(url: &str) -> Result<(), String> {
    let u = url.trim();
    if u.is_empty() {
        return Err("must not be empty".into());
    }
    if let Some(name) = u.strip_prefix("local:") {
        return if name.is_empty() { Err("local: needs a file name".into()) } else { Ok(()) };
    }
    if u.chars().any(|c| c.is_whitespace()) {
        return Err(format!("\"{u}\" contains white space"));
    }
    if let Some((scheme, rest)) = u.split_once("://") {
        if scheme != "http" && scheme != "https" {
            return Err(format!("scheme \"{scheme}\" is not supported (use http or https)"));
        }
        if rest.is_empty() || rest.starts_with('/') {
            return Err(format!("\"{u}\" has no host"));
        }
        if rest.split('/').next().is_some_and(|h| h.contains('@')) {
            return Err("credentials in the URL would leak into logs and links: use auth instead".into());
        }
    } else if u.contains(':') && !u.starts_with('/') && !u.starts_with('.') {
        return Err(format!("\"{u}\" is neither an http(s) URL nor a relative path"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: &[&str] = &["prometheus", "kubernetes"];

    fn json(text: &str) -> Result<Config, ConfigError> {
        parse(text, Format::Json, KINDS)
    }

    #[test]
    fn parses_a_complete_config() {
        let c = json(r#"{"title":"Acme","sources":[{"name":"p","kind":"prometheus","url":"https://prom.example.com","auth":{"mode":"bearer"},"headers":{"X-Scope-OrgID":"acme"},"timeout":"10s"}],
            "slos":[{"name":"a","service":"svc","objective":99.9,"source":"p","sli":{"ratio":{"errors":"e","total":"t"}}}]}"#)
        .unwrap();
        assert_eq!(c.sources[0].auth.mode, AuthMode::Bearer);
        assert_eq!(c.slos[0].window, "30d");
        assert_eq!(c.reports.period, "month");
        assert_eq!(c.inventory.kubernetes_label, "app.kubernetes.io/name");
    }

    #[test]
    fn yaml_and_json_agree() {
        let y = "sources:\n  - name: p\n    kind: prometheus\n    url: http://localhost:9090\n";
        let j = r#"{"sources":[{"name":"p","kind":"prometheus","url":"http://localhost:9090"}]}"#;
        assert_eq!(parse(y, Format::Yaml, KINDS).unwrap(), json(j).unwrap());
    }

    #[test]
    fn errors_name_the_field() {
        let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"x"},{"name":"q","kind":"prom","url":"y"}]}"#).unwrap_err();
        assert_eq!(e.path, "sources[1].kind");
        assert!(e.message.contains("unknown kind \"prom\""), "{e}");
        let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"x","tiemout":"1s"}]}"#).unwrap_err();
        assert_eq!(e.path, "sources[0].tiemout");
        assert!(e.message.contains("unknown field \"tiemout\""), "{e}");
        let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"x","auth":{"mode":"oauth"}}]}"#).unwrap_err();
        assert_eq!(e.path, "sources[0].auth.mode");
        let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"ftp://h"}]}"#).unwrap_err();
        assert_eq!(e.to_string(), "sources[0].url: scheme \"ftp\" is not supported (use http or https)");
        let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"https://u:pw@h"}]}"#).unwrap_err();
        assert!(e.message.contains("credentials"));
        let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"h","headers":{"Authorization":"Bearer x"}}]}"#).unwrap_err();
        assert!(e.message.contains("secrets do not belong"));
        let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"h"}],"slos":[{"name":"a","service":"s","objective":100,"source":"p","sli":{"ratio":{"errors":"e","total":"t"}}}]}"#).unwrap_err();
        assert_eq!(e.path, "slos[0].objective");
        let e = json(r#"{"sources":[],"slos":[{"name":"a","service":"s","objective":0.99,"source":"nope","sli":{"ratio":{"errors":"e","total":"t"}}}]}"#).unwrap_err();
        assert_eq!(e.to_string(), "slos[0].source: no source is named \"nope\"");
        let e = json(r#"{"reports":{"period":"year"}}"#).unwrap_err();
        assert_eq!(e.path, "reports.period");
    }

    #[test]
    fn syntax_errors_carry_the_position() {
        let e = json("{\"sources\": [\n  {\"name\": \"p\",}\n]}").unwrap_err();
        assert!(e.message.contains("line 2"), "{e}");
        let e = parse("sources:\n  - name: [\n", Format::Yaml, KINDS).unwrap_err();
        assert!(e.message.contains("line"), "{e}");
    }

    #[test]
    fn objectives_as_ratio_or_percent() {
        assert_eq!(objective_ratio(0.999), Ok(0.999));
        assert!((objective_ratio(99.95).unwrap() - 0.9995).abs() < 1e-12);
        assert!(objective_ratio(1.0).is_err());
        assert!(objective_ratio(0.0).is_err());
        assert!(objective_ratio(f64::NAN).is_err());
    }

    #[test]
    fn format_guess() {
        assert_eq!(Format::guess("headroom.yaml", "{"), Format::Yaml);
        assert_eq!(Format::guess("x.json?v=1", ""), Format::Json);
        assert_eq!(Format::guess("blob", " {\"a\":1}"), Format::Json);
    }
}
