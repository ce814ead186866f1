//! The workspace configuration (`headroom.json` / `headroom.yaml` / `?config=`): data sources,
//! SLOs, inventory joins and report settings. Parsing reports the exact field path and reason
//! of the first problem; nothing here falls back silently.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod delivery;
mod exclusions;
mod validate;

pub use delivery::{BandsConfig, DeliveryConfig};
pub use exclusions::ExclusionConfig;
pub use validate::objective_ratio;

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
    /// Windows removed from the SLO figures they overlap (maintenance, known-bad data).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<ExclusionConfig>,
    /// Origins (`https://configs.example.com`) whose configs a `?config=` link may load without
    /// asking; read from the page's own `headroom.json` only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config_origins: Vec<String>,
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
        InventoryConfig {
            kubernetes_label: default_k8s_key(),
            prometheus_label: default_prom_key(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    /// Default report period: `week`, `month` or `quarter`.
    #[serde(default = "default_period")]
    pub period: String,
    /// Time zone reports are aligned to (IANA name or POSIX rule; default UTC). Calendar SLOs
    /// keep their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

fn default_period() -> String {
    "month".into()
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            period: default_period(),
            timezone: None,
        }
    }
}

/// A config problem, with the path of the offending field (`sources[2].kind`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl std::error::Error for ConfigError {}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

pub(crate) fn err(path: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError {
        path: path.into(),
        message: message.into(),
    }
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
            serde_path_to_error::deserialize(de)
                .map_err(|e| err(e.path().to_string(), clean(e.inner().to_string())))?
        }
        // A key written twice is an error, as a field written twice always was.
        Format::Yaml => crate::core::yaml::from_str(text, crate::core::yaml::Duplicates::Refuse)
            .map_err(|(path, e)| err(path, clean(e.to_string())))?,
    };
    config.validate(known_kinds)?;
    Ok(config)
}

/// [`parse`] without tracking where a value fails to read: `None` when the text does not read as
/// a config, and then `parse` (the same readers, wrapped to record the path) says where and why.
/// Apart from the path, the two agree on every text. The app reads configs with this one and
/// downloads `parse`'s path tracking, a module of its own, only for a config that fails.
pub fn parse_quick(
    text: &str,
    format: Format,
    known_kinds: &[&str],
) -> Option<Result<Config, ConfigError>> {
    let config = match format {
        Format::Json => Config::deserialize(&mut serde_json::Deserializer::from_str(text)).ok()?,
        Format::Yaml => {
            crate::core::yaml::from_str_quick(text, crate::core::yaml::Duplicates::Refuse)?
        }
    };
    Some(config.validate(known_kinds).map(|()| config))
}

fn clean(msg: String) -> String {
    msg.replace("`", "\"")
}

impl Config {
    /// The config as JSON without anything secret (there is nothing secret in it by design).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
