//! The registered source kinds: one line per adapter in `ADAPTERS`, and its name in `KINDS`.

use super::{Adapter, Capabilities};
use crate::core::config::SourceConfig;

static ADAPTERS: &[&(dyn Adapter + Sync)] = &[
    &super::prometheus::Prometheus,
    &super::prometheus::snapshot::Snapshot,
    &super::exposition::Exposition,
    &super::csv_metrics::CsvMetrics,
    &super::kubernetes::Kubernetes,
    &super::backstage::Backstage,
    &super::github::GithubActions,
    &super::delivery_events::DeliveryEvents,
];

pub fn all() -> &'static [&'static (dyn Adapter + Sync)] {
    ADAPTERS
}

pub fn get(kind: &str) -> Option<&'static (dyn Adapter + Sync)> {
    ADAPTERS.iter().copied().find(|a| a.kind() == kind)
}

/// The sources whose kind can answer what `want` asks for (e.g. `|c| c.inventory`).
pub fn sources_that<'a>(
    sources: &'a [SourceConfig],
    want: impl Fn(Capabilities) -> bool + 'a,
) -> impl Iterator<Item = &'a SourceConfig> + 'a {
    sources
        .iter()
        .filter(move |s| get(&s.kind).is_some_and(|a| want(a.capabilities())))
}

/// The kinds' names, in `ADAPTERS`' order (a test checks it). Reading a config needs the names
/// only: a list of strings keeps every adapter's code out of the Wasm that reads it (and
/// paints the first frame; `ui/app.rs`).
const KINDS: &[&str] = &[
    "prometheus",
    "prometheus-snapshot",
    "exposition",
    "csv",
    "kubernetes",
    "backstage",
    "github-actions",
    "delivery",
];

pub fn kinds() -> Vec<&'static str> {
    KINDS.to_vec()
}

/// Whether `kind` names a registered adapter (as `get(kind).is_some()`, without the adapters).
pub fn is_kind(kind: &str) -> bool {
    KINDS.contains(&kind)
}

/// Guesses the kind of a file the user opened, from its content.
pub fn detect_kind(text: &str) -> &'static str {
    let t = text.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        let v: serde_json::Value = serde_json::from_str(t).unwrap_or_default();
        if v.get("workflow_runs").is_some() {
            return "github-actions";
        }
        if v.get("kind")
            .and_then(|k| k.as_str())
            .is_some_and(|k| k.ends_with("List"))
        {
            return "kubernetes";
        }
        return "backstage";
    }
    if t.contains("apiVersion: backstage.io/") {
        return "backstage";
    }
    let header = t.lines().next().unwrap_or("");
    if header.split(',').map(str::trim).any(|h| h == "type")
        && header.split(',').map(str::trim).any(|h| h == "service")
    {
        return "delivery";
    }
    if header.contains(',')
        && header
            .split(',')
            .any(|h| ["timestamp", "time", "ts"].contains(&h.trim()))
    {
        return "csv";
    }
    "exposition"
}

#[cfg(test)]
mod tests {
    #[test]
    fn detects_file_kinds() {
        assert_eq!(
            super::detect_kind("# TYPE x counter\nx_total 1\n"),
            "exposition"
        );
        assert_eq!(
            super::detect_kind("{\"kind\":\"DeploymentList\",\"items\":[]}"),
            "kubernetes"
        );
        assert_eq!(
            super::detect_kind("{\"total_count\":0,\"workflow_runs\":[]}"),
            "github-actions"
        );
        assert_eq!(
            super::detect_kind("apiVersion: backstage.io/v1alpha1\nkind: Component\n"),
            "backstage"
        );
        assert_eq!(
            super::detect_kind("timestamp,metric,value\n1,up,1\n"),
            "csv"
        );
        assert_eq!(
            super::detect_kind("type,service,finished_at\ndeployment,cart,1\n"),
            "delivery"
        );
    }

    #[test]
    fn kinds_name_the_adapters_in_order() {
        let adapters: Vec<_> = super::all().iter().map(|a| a.kind()).collect();
        assert_eq!(super::kinds(), adapters);
        assert!(adapters.iter().all(|k| super::is_kind(k)));
        assert!(!super::is_kind("Prometheus") && !super::is_kind(""));
    }

    #[test]
    fn kinds_are_unique() {
        let mut k = super::kinds();
        let n = k.len();
        k.sort();
        k.dedup();
        assert_eq!(k.len(), n);
    }
}
