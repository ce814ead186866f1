//! Delivery: CI health per workflow and the DORA four keys per repository or team, from CI
//! runs and incidents. Bands follow the 2019 State of DevOps report and are configurable.
//!
//! Definitions used (said in the UI too):
//! - a deployment is a successful run of a deploy workflow on the default branch;
//! - lead time for changes runs from the first CI run of the deployed commit (its push) to the
//!   end of the deployment;
//! - a deployment failed when an incident of its service started within `failure_window`
//!   after it;
//! - time to restore is the median duration of the incidents in the period.

use std::collections::BTreeMap;

use super::incidents::Incident;
use super::inventory::CiRun;
use super::time::{DAY_MS, HOUR_MS};

/// Median of a non-empty slice (mean of the two middle values for even lengths).
pub fn median(v: &mut [f64]) -> Option<f64> {
    percentile(v, 0.5)
}

/// Nearest-rank-interpolated percentile (`q` in 0..=1), NaN-free input.
pub fn percentile(v: &mut [f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    // Out of range only for a `q` outside 0..=1: no percentile.
    let (a, b) = (v.get(lo)?, v.get(hi)?);
    Some(a + (b - a) * (pos - lo as f64))
}

/// Health of one workflow over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkflowHealth {
    pub repo: String,
    pub workflow: String,
    pub runs: usize,
    /// success / (success + failure + timed_out + startup_failure); cancelled and skipped runs
    /// are left out. NaN with no finished run.
    pub success_rate: f64,
    pub p50_duration_ms: f64,
    pub p95_duration_ms: f64,
    pub p50_queue_ms: f64,
    /// Success rate per ISO week (week start ms, rate), oldest first.
    pub weekly: Vec<(i64, f64)>,
}

fn counts_as_outcome(c: &str) -> bool {
    matches!(c, "success" | "failure" | "timed_out" | "startup_failure")
}

/// (succeeded, counted) over finished runs: the one success-rate definition every view uses
/// (success / (success + failure + timed_out + startup_failure); cancelled, skipped and
/// neutral runs are left out).
pub fn outcomes<'a>(runs: impl IntoIterator<Item = &'a CiRun>) -> (usize, usize) {
    runs.into_iter()
        .filter(|r| r.status == "completed" && counts_as_outcome(&r.conclusion))
        .fold((0, 0), |(ok, n), r| {
            (ok + usize::from(r.conclusion == "success"), n + 1)
        })
}

/// Monday 00:00 UTC of the ISO week holding `t`.
pub fn week_start(t: i64) -> i64 {
    let day = t.div_euclid(DAY_MS);
    (day - (day + 3).rem_euclid(7)) * DAY_MS
}

pub fn workflow_health(runs: &[CiRun], from_ms: i64, to_ms: i64) -> Vec<WorkflowHealth> {
    let mut by: BTreeMap<(String, String), Vec<&CiRun>> = BTreeMap::new();
    for r in runs
        .iter()
        .filter(|r| r.created_ms >= from_ms && r.created_ms < to_ms && r.status == "completed")
    {
        by.entry((r.repo.clone(), r.workflow.clone()))
            .or_default()
            .push(r);
    }
    by.into_iter()
        .map(|((repo, workflow), rs)| {
            let outcome: Vec<&&CiRun> = rs
                .iter()
                .filter(|r| counts_as_outcome(&r.conclusion))
                .collect();
            let ok = outcome.iter().filter(|r| r.conclusion == "success").count();
            let mut durations: Vec<f64> = rs.iter().map(|r| r.duration_ms() as f64).collect();
            let mut queues: Vec<f64> = rs.iter().map(|r| r.queue_ms() as f64).collect();
            let mut weeks: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
            for r in &outcome {
                let w = weeks.entry(week_start(r.created_ms)).or_default();
                w.1 += 1;
                w.0 += usize::from(r.conclusion == "success");
            }
            WorkflowHealth {
                repo,
                workflow,
                runs: rs.len(),
                success_rate: if outcome.is_empty() {
                    f64::NAN
                } else {
                    ok as f64 / outcome.len() as f64
                },
                p50_duration_ms: percentile(&mut durations, 0.5).unwrap_or(f64::NAN),
                p95_duration_ms: percentile(&mut durations, 0.95).unwrap_or(f64::NAN),
                p50_queue_ms: percentile(&mut queues, 0.5).unwrap_or(f64::NAN),
                weekly: weeks
                    .into_iter()
                    .map(|(w, (ok, n))| (w, ok as f64 / n as f64))
                    .collect(),
            }
        })
        .collect()
}

/// How deployments are recognised and failures attributed.
#[derive(Clone, Debug, PartialEq)]
pub struct DoraSettings {
    pub deploy_workflows: Vec<String>,
    pub branch: String,
    pub failure_window_ms: i64,
}

impl Default for DoraSettings {
    fn default() -> Self {
        DoraSettings {
            deploy_workflows: vec!["deploy".into()],
            branch: "main".into(),
            failure_window_ms: 24 * HOUR_MS,
        }
    }
}

/// The four keys for one group of repositories over a period. `None` means no data.
#[derive(Clone, Debug, PartialEq)]
pub struct Dora {
    pub deployments: usize,
    pub deploys_per_day: f64,
    pub lead_time_ms: Option<f64>,
    pub change_failure_rate: Option<f64>,
    pub time_to_restore_ms: Option<f64>,
}

/// DORA for `repos` (e.g. `acme/checkout`), whose services are the repositories' last path
/// segment, over `[from_ms, to_ms)`.
pub fn dora(
    runs: &[CiRun],
    incidents: &[Incident],
    repos: &[&str],
    from_ms: i64,
    to_ms: i64,
    s: &DoraSettings,
) -> Dora {
    let service_of = |repo: &str| repo.rsplit('/').next().unwrap_or(repo).to_string();
    let services: Vec<String> = repos.iter().map(|r| service_of(r)).collect();
    let deploys: Vec<&CiRun> = runs
        .iter()
        .filter(|r| {
            repos.contains(&r.repo.as_str())
                && (r.deployment
                    || (s.deploy_workflows.contains(&r.workflow) && r.branch == s.branch))
                && r.conclusion == "success"
                && r.updated_ms >= from_ms
                && r.updated_ms < to_ms
        })
        .collect();
    let days = (to_ms - from_ms) as f64 / DAY_MS as f64;
    let mut leads: Vec<f64> = deploys
        .iter()
        .filter_map(|d| {
            if let Some(c) = d.commit_ms {
                return Some((d.updated_ms - c) as f64);
            }
            let first = runs
                .iter()
                .filter(|r| {
                    r.repo == d.repo
                        && r.url != d.url
                        && !r.url.is_empty()
                        && sha_of(r) == sha_of(d)
                        && !sha_of(d).is_empty()
                })
                .map(|r| r.created_ms)
                .min()?;
            Some((d.updated_ms - first.min(d.created_ms)) as f64)
        })
        .collect();
    let failed = deploys
        .iter()
        .filter(|d| {
            let svc = service_of(&d.repo);
            incidents.iter().any(|i| {
                i.service == svc
                    && i.start_ms >= d.updated_ms
                    && i.start_ms < d.updated_ms + s.failure_window_ms
            })
        })
        .count();
    let mut restore: Vec<f64> = incidents
        .iter()
        .filter(|i| services.contains(&i.service) && i.start_ms >= from_ms && i.start_ms < to_ms)
        .map(|i| i.duration_ms() as f64)
        .collect();
    Dora {
        deployments: deploys.len(),
        deploys_per_day: deploys.len() as f64 / days.max(1e-9),
        lead_time_ms: median(&mut leads),
        change_failure_rate: (!deploys.is_empty()).then(|| failed as f64 / deploys.len() as f64),
        time_to_restore_ms: median(&mut restore),
    }
}

/// The commit a run built (GitHub's `head_sha`).
fn sha_of(r: &CiRun) -> &str {
    &r.sha
}

/// Performance bands of one key: thresholds between elite/high/medium/low.
#[derive(Clone, Debug, PartialEq)]
pub struct Bands {
    /// Deployment frequency per day at least: elite, high, medium (below: low).
    pub deploys_per_day: [f64; 3],
    /// Lead time at most (ms): elite, high, medium.
    pub lead_time_ms: [f64; 3],
    /// Time to restore at most (ms): elite, high, medium.
    pub restore_ms: [f64; 3],
    /// Change failure rate at most: elite/high/medium share one limit in 2019, then low.
    pub change_failure_rate: f64,
}

impl Default for Bands {
    /// State of DevOps 2019: deploy on demand (several a day) / daily–weekly / weekly–monthly;
    /// lead time < 1 day / < 1 week / < 1 month; restore < 1 hour / < 1 day / < 1 day (the
    /// report's medium band); change failure 0–15% for elite, high and medium.
    fn default() -> Self {
        Bands {
            deploys_per_day: [1.0, 1.0 / 7.0, 1.0 / 30.0],
            lead_time_ms: [DAY_MS as f64, 7.0 * DAY_MS as f64, 30.0 * DAY_MS as f64],
            restore_ms: [HOUR_MS as f64, DAY_MS as f64, DAY_MS as f64],
            change_failure_rate: 0.15,
        }
    }
}

/// The band of the first threshold (elite, high, medium) that `reached` accepts, else low.
fn band(thresholds: &[f64; 3], reached: impl Fn(f64) -> bool) -> &'static str {
    let mut bands = ["elite", "high", "medium"].into_iter().zip(thresholds);
    bands
        .find(|(_, t)| reached(**t))
        .map_or("low", |(name, _)| name)
}

impl Bands {
    pub fn frequency(&self, per_day: f64) -> &'static str {
        band(&self.deploys_per_day, |t| per_day >= t)
    }
    pub fn lead_time(&self, ms: Option<f64>) -> &'static str {
        ms.map_or("no data", |v| band(&self.lead_time_ms, |t| v < t))
    }
    pub fn restore(&self, ms: Option<f64>) -> &'static str {
        ms.map_or("no data", |v| band(&self.restore_ms, |t| v < t))
    }
    /// The 2019 report gives elite, high and medium one change-failure limit (0–15%): a rate
    /// within it is as good as the top band, so it reads "elite" (a band, not a range).
    pub fn failure(&self, rate: Option<f64>) -> &'static str {
        rate.map_or("no data", |r| {
            if r <= self.change_failure_rate {
                "elite"
            } else {
                "low"
            }
        })
    }
}

/// A number for CSV: Rust's shortest exact form; empty when there is no data (NaN, None).
fn num(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map(|x| x.to_string())
        .unwrap_or_default()
}

/// Columns of the CI health export: durations in seconds, rates as ratios.
/// `weekly_success` holds `<Monday>=<ratio>` per ISO week with finished runs, oldest first.
pub const HEALTH_COLUMNS: [&str; 8] = [
    "repo",
    "workflow",
    "runs",
    "success_rate",
    "p50_duration_s",
    "p95_duration_s",
    "p50_queue_s",
    "weekly_success",
];

pub fn health_rows(h: &[WorkflowHealth]) -> Vec<Vec<String>> {
    h.iter()
        .map(|w| {
            let weekly = w
                .weekly
                .iter()
                .map(|(t, r)| format!("{}={}", super::time::format_date(*t), num(Some(*r))))
                .collect::<Vec<_>>()
                .join(" ");
            vec![
                w.repo.clone(),
                w.workflow.clone(),
                w.runs.to_string(),
                num(Some(w.success_rate)),
                num(Some(w.p50_duration_ms / 1000.0)),
                num(Some(w.p95_duration_ms / 1000.0)),
                num(Some(w.p50_queue_ms / 1000.0)),
                weekly,
            ]
        })
        .collect()
}

/// Columns of the DORA export: one row per team and per repository (`scope`).
pub const DORA_COLUMNS: [&str; 11] = [
    "scope",
    "group",
    "deployments",
    "deploys_per_day",
    "lead_time_h",
    "change_failure_rate",
    "time_to_restore_h",
    "frequency_band",
    "lead_time_band",
    "change_failure_band",
    "restore_band",
];

pub fn dora_row(scope: &str, group: &str, d: &Dora, b: &Bands) -> Vec<String> {
    let hours = |ms: Option<f64>| num(ms.map(|m| m / HOUR_MS as f64));
    vec![
        scope.to_string(),
        group.to_string(),
        d.deployments.to_string(),
        num(Some(d.deploys_per_day)),
        hours(d.lead_time_ms),
        num(d.change_failure_rate),
        hours(d.time_to_restore_ms),
        b.frequency(d.deploys_per_day).to_string(),
        b.lead_time(d.lead_time_ms).to_string(),
        b.failure(d.change_failure_rate).to_string(),
        b.restore(d.time_to_restore_ms).to_string(),
    ]
}

#[cfg(test)]
mod tests;
