//! The fleet-wide loads: incidents (alert history, live alerts, incident exports), the joined
//! inventory (with the config's join keys and paging progress) and CI runs. A failing source
//! becomes a [`SourceIssue`]; the others' data is still shown.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::join_all;

use super::data::{metric_sources, request, request_with_progress, resolve_now, series_of, SourceIssue};
use crate::core::config::Config;
use crate::core::incidents::{from_alerts, Incident, ALERTS_QUERY};
use crate::core::inventory::{join_services, CiRun, Entity, ServiceRow};
use crate::core::model::Notice;
use crate::core::slo::{HISTORY_MS, SLICE_MS};
use crate::sources::{registry, Payload, Progress, Request};


#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// Whether any source answered the alert-history query.
    pub loaded: bool,
    /// Alerts pending or firing right now (`/api/v1/alerts` of live Prometheus sources).
    pub live: Vec<crate::core::rules::Alert>,
    pub incidents: Vec<Incident>,
    pub issues: Vec<SourceIssue>,
}

pub type TimelineData = Arc<Timeline>;

pub async fn load_timeline(cfg: &Config) -> TimelineData {
    let now_ms = resolve_now(cfg).await;
    let end = now_ms.div_euclid(SLICE_MS) * SLICE_MS;
    let mut out = Timeline::default();
    for name in metric_sources(cfg) {
        let req = Request::Range { query: ALERTS_QUERY.into(), start_ms: end - HISTORY_MS, end_ms: end, step_ms: SLICE_MS };
        match series_of(request(cfg, &name, &req).await) {
            Ok((series, _)) => {
                out.loaded = true;
                out.incidents.extend(from_alerts(&series, SLICE_MS));
            }
            Err(message) => out.issues.push(SourceIssue { source: name, message }),
        }
    }
    // Incidents reported by delivery sources (other incident tools' exports).
    for src in registry::sources_that(&cfg.sources, |c| c.incidents) {
        match request(cfg, &src.name, &Request::Incidents).await {
            Ok(Payload::Incidents(list)) => out.incidents.extend(list),
            Ok(_) => {}
            Err(message) => out.issues.push(SourceIssue { source: src.name.clone(), message }),
        }
    }
    for src in cfg.sources.iter().filter(|s| s.kind == "prometheus") {
        if let Ok(Payload::Alerts(a)) = request(cfg, &src.name, &Request::Alerts).await {
            out.loaded = true;
            out.live.extend(a);
        }
    }
    out.incidents.sort_by(|a, b| b.start_ms.cmp(&a.start_ms));
    Arc::new(out)
}

#[derive(Clone, Debug, Default)]
pub struct Inventory {
    pub entities: Vec<Entity>,
    pub services: Vec<ServiceRow>,
    pub notices: Vec<(String, Notice)>,
    pub issues: Vec<SourceIssue>,
}

pub type InventoryData = Arc<Inventory>;

/// Every inventory source's entities, joined into services; `progress` hears each paging
/// source's progress by name.
pub async fn load_inventory(cfg: &Config, progress: &dyn Fn(&str, Progress)) -> InventoryData {
    let names: Vec<String> = registry::sources_that(&cfg.sources, |c| c.inventory).map(|s| s.name.clone()).collect();
    let results = join_all(names.iter().map(|n| async move {
        let report = |p: Progress| progress(n, p);
        request_with_progress(cfg, n, &Request::Inventory, &report).await
    }))
    .await;
    let mut inv = Inventory::default();
    for (name, r) in names.into_iter().zip(results) {
        match r {
            Ok(Payload::Entities { entities, notices }) => {
                inv.entities.extend(entities);
                inv.notices.extend(notices.into_iter().map(|n| (name.clone(), n)));
            }
            Ok(_) => {}
            Err(message) => inv.issues.push(SourceIssue { source: name, message }),
        }
    }
    // Join keys from the config: which label names the service in each kind of source.
    let kinds: BTreeMap<String, String> = cfg.sources.iter().map(|s| (s.name.clone(), s.kind.clone())).collect();
    for e in &mut inv.entities {
        let key = match kinds.get(&e.source).map(String::as_str) {
            Some("kubernetes") if e.replicas_desired.is_some() => Some(&cfg.inventory.kubernetes_label),
            // Only Prometheus' own entities: kube-state-metrics workloads carry their service
            // from Kubernetes labels, and their pods inherited it already.
            Some("prometheus") | Some("exposition") if matches!(e.kind.as_str(), "Target" | "Build") => Some(&cfg.inventory.prometheus_label),
            _ => None,
        };
        if let Some(v) = key.and_then(|k| e.labels.get(k)) {
            e.service = Some(v.clone());
        }
    }
    inv.services = join_services(&inv.entities);
    Arc::new(inv)
}

#[derive(Clone, Debug, Default)]
pub struct Runs {
    pub runs: Vec<CiRun>,
    pub issues: Vec<SourceIssue>,
}

pub type RunsData = Arc<Runs>;

pub async fn load_runs(cfg: &Config) -> RunsData {
    let names: Vec<String> = registry::sources_that(&cfg.sources, |c| c.runs).map(|s| s.name.clone()).collect();
    let mut out = Runs::default();
    for name in names {
        match request(cfg, &name, &Request::Runs).await {
            Ok(Payload::Runs { runs, .. }) => out.runs.extend(runs),
            Ok(_) => {}
            Err(message) => out.issues.push(SourceIssue { source: name, message }),
        }
    }
    Arc::new(out)
}
