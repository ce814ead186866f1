//! The fleet-wide loads: incidents (alert history, live alerts, incident exports), the joined
//! inventory (with the config's join keys and paging progress) and CI runs. A failing source
//! becomes a [`SourceIssue`]; the others' data is still shown.

use std::collections::BTreeMap;

use futures::future::{join3, join_all};

use super::error::SourceIssue;
use super::job::Job;
use crate::core::config::Config;
use crate::core::drift::FleetCounts;
use crate::core::incidents::{from_alerts, Incident, ALERTS_QUERY};
use crate::core::inventory::{by_service, service_row, CiRun, Entity, ServiceRow};
use crate::core::model::Notice;
use crate::core::rules::Alert;
use crate::core::slo::{HISTORY_MS, SLICE_MS};
use crate::sources::{registry, Payload, Progress, Request};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// Whether any source answered the alert-history or alerts query.
    pub loaded: bool,
    /// Alerts pending or firing right now (`/api/v1/alerts` of live Prometheus sources).
    pub live: Vec<Alert>,
    /// Newest first.
    pub incidents: Vec<Incident>,
    pub issues: Vec<SourceIssue>,
}

/// Incidents from every metrics source's `ALERTS` history and every incident export, and the
/// live alerts of Prometheus sources.
/// Every source is asked at once: one that hangs delays the timeline by its own timeout only.
pub async fn load_timeline(job: &Job<'_>) -> Timeline {
    let end = job.now_ms().await.div_euclid(SLICE_MS) * SLICE_MS;
    let req = Request::Range {
        query: ALERTS_QUERY.into(),
        start_ms: end - HISTORY_MS,
        end_ms: end,
        step_ms: SLICE_MS,
    };
    let metrics: Vec<&str> = registry::sources_that(&job.cfg.sources, |c| c.metrics)
        .map(|s| s.name.as_str())
        .collect();
    // Incidents reported by delivery sources (other incident tools' exports).
    let reporters: Vec<&str> = registry::sources_that(&job.cfg.sources, |c| c.incidents)
        .map(|s| s.name.as_str())
        .collect();
    let proms: Vec<&str> = job
        .cfg
        .sources
        .iter()
        .filter(|s| s.kind == "prometheus")
        .map(|s| s.name.as_str())
        .collect();
    let (history, reported, live) = join3(
        join_all(metrics.iter().map(|n| job.series(n, &req))),
        join_all(
            reporters
                .iter()
                .map(|n| job.request(n, &Request::Incidents)),
        ),
        join_all(proms.iter().map(|n| job.request(n, &Request::Alerts))),
    )
    .await;
    let mut out = Timeline::default();
    let issue = |source: &str, error| SourceIssue {
        source: source.to_string(),
        error,
    };
    for (name, r) in metrics.iter().zip(history) {
        match r {
            Ok((series, _)) => {
                out.loaded = true;
                out.incidents.extend(from_alerts(&series, SLICE_MS));
            }
            Err(error) => out.issues.push(issue(name, error)),
        }
    }
    for (name, r) in reporters.iter().zip(reported) {
        match r {
            Ok(Payload::Incidents(list)) => out.incidents.extend(list),
            Ok(_) => {}
            Err(error) => out.issues.push(issue(name, error)),
        }
    }
    for a in live.into_iter().flatten() {
        if let Payload::Alerts(a) = a {
            out.loaded = true;
            out.live.extend(a);
        }
    }
    crate::core::order::sort_by_key(&mut out.incidents, |i| std::cmp::Reverse(i.start_ms));
    out
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inventory {
    pub entities: Vec<Entity>,
    pub services: Vec<ServiceRow>,
    pub notices: Vec<(String, Notice)>,
    pub issues: Vec<SourceIssue>,
    pub counts: FleetCounts,
}

/// Every inventory source's entities, joined into services; `progress` hears each paging
/// source's progress by name.
pub async fn load_inventory(job: &Job<'_>, progress: &dyn Fn(&str, Progress)) -> Inventory {
    let names: Vec<String> = registry::sources_that(&job.cfg.sources, |c| c.inventory)
        .map(|s| s.name.clone())
        .collect();
    let results = join_all(names.iter().map(|n| async move {
        let report = |p: Progress| progress(n, p);
        job.request_with_progress(n, &Request::Inventory, &report)
            .await
    }))
    .await;
    // The rest is computation: the documents read for it can go before it allocates.
    job.finish();
    let mut inv = Inventory::default();
    for (name, r) in names.into_iter().zip(results) {
        match r {
            Ok(Payload::Entities {
                mut entities,
                notices,
            }) => {
                // Every entity names the source it came from (the service page lists them,
                // and the join keys are chosen by the source's kind).
                for e in entities.iter_mut().filter(|e| e.source.is_empty()) {
                    e.source = name.clone();
                }
                // The first source's entities are moved, not copied (60,000 from a 30 MB
                // file are 13 MB).
                if inv.entities.is_empty() {
                    inv.entities = entities;
                } else {
                    inv.entities.extend(entities);
                }
                inv.notices
                    .extend(notices.into_iter().map(|n| (name.clone(), n)));
            }
            Ok(_) => {}
            Err(error) => inv.issues.push(SourceIssue {
                source: name,
                error,
            }),
        }
    }
    apply_join_keys(job.cfg, &mut inv.entities);
    inv.services = join_paced(job, &inv.entities).await;
    job.loader.runtime.pause().await;
    inv.counts = FleetCounts::of(&inv.entities);
    inv
}

/// Services joined per piece of [`JOIN_PIECE`], pausing between pieces (60,000 services from a
/// 30 MB file were one task of the page's).
async fn join_paced(job: &Job<'_>, entities: &[Entity]) -> Vec<ServiceRow> {
    job.loader.runtime.pause().await; // the join keys were a piece of their own
    let groups = by_service(entities);
    let mut rows = Vec::with_capacity(groups.len());
    for piece in groups.chunks(JOIN_PIECE) {
        job.loader.runtime.pause().await;
        rows.extend(piece.iter().map(|(service, es)| service_row(service, es)));
    }
    rows
}

/// Services joined between two pauses (about 10 ms in the browser).
const JOIN_PIECE: usize = 5_000;

/// Join keys from the config: which label names the service in each kind of source.
fn apply_join_keys(cfg: &Config, entities: &mut [Entity]) {
    let kinds: BTreeMap<&str, &str> = cfg
        .sources
        .iter()
        .map(|s| (s.name.as_str(), s.kind.as_str()))
        .collect();
    for e in entities {
        let key = match kinds.get(e.source.as_str()).copied() {
            Some("kubernetes") if e.replicas_desired.is_some() => {
                Some(&cfg.inventory.kubernetes_label)
            }
            // Only Prometheus' own entities: kube-state-metrics workloads carry their service
            // from Kubernetes labels, and their pods inherited it already.
            Some("prometheus") | Some("exposition")
                if matches!(e.kind.as_str(), "Target" | "Build") =>
            {
                Some(&cfg.inventory.prometheus_label)
            }
            _ => None,
        };
        if let Some(v) = key.and_then(|k| e.labels.get(k)) {
            e.service = Some(v.clone());
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Runs {
    pub runs: Vec<CiRun>,
    pub issues: Vec<SourceIssue>,
}

/// CI runs and deployments of every source that has them.
pub async fn load_runs(job: &Job<'_>) -> Runs {
    let names: Vec<&str> = registry::sources_that(&job.cfg.sources, |c| c.runs)
        .map(|s| s.name.as_str())
        .collect();
    let answers = join_all(names.iter().map(|n| job.request(n, &Request::Runs))).await;
    let mut out = Runs::default();
    for (name, r) in names.iter().zip(answers) {
        match r {
            Ok(Payload::Runs { runs, .. }) => out.runs.extend(runs),
            Ok(_) => {}
            Err(error) => out.issues.push(SourceIssue {
                source: name.to_string(),
                error,
            }),
        }
    }
    out
}
