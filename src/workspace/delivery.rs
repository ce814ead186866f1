//! The Delivery section's figures from loaded runs, incidents and inventory: the DORA four keys
//! per team (owners from the inventory) and per repository, CI health per workflow, over the
//! last 30 days; and both CSV exports.

use std::collections::BTreeMap;

use super::fleet::{Inventory, Runs, Timeline};
use crate::core::config::DeliveryConfig;
use crate::core::csv;
use crate::core::delivery::{
    dora, dora_row, health_rows, workflow_health, Bands, Dora, WorkflowHealth, DORA_COLUMNS,
    HEALTH_COLUMNS,
};
use crate::core::time::DAY_MS;

/// Days the Delivery section looks back.
pub const DELIVERY_DAYS: i64 = 30;

#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub from_ms: i64,
    pub to_ms: i64,
    /// Per owning team (repositories of services without an owner: "(unowned)").
    pub teams: Vec<(String, Dora)>,
    pub repos: Vec<(String, Dora)>,
    pub health: Vec<WorkflowHealth>,
}

/// The service a repository deploys: the last path part (`acme/cart` → `cart`).
fn service_of(repo: &str) -> &str {
    repo.rsplit('/').next().unwrap_or(repo)
}

/// DORA keys and CI health over the last [`DELIVERY_DAYS`] before `now_ms`.
pub fn build(
    runs: &Runs,
    timeline: &Timeline,
    inv: &Inventory,
    now_ms: i64,
    cfg: &DeliveryConfig,
) -> Delivery {
    let settings = cfg.settings();
    let from = now_ms - DELIVERY_DAYS * DAY_MS;
    let mut repos: Vec<&str> = runs.runs.iter().map(|r| r.repo.as_str()).collect();
    repos.sort_unstable();
    repos.dedup();
    let owner_of = |repo: &str| {
        inv.services
            .iter()
            .find(|r| r.service == service_of(repo))
            .and_then(|r| r.owner.clone())
            .unwrap_or_else(|| "(unowned)".into())
    };
    let mut by_team: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for r in &repos {
        by_team.entry(owner_of(r)).or_default().push(r);
    }
    let keys = |rs: &[&str]| dora(&runs.runs, &timeline.incidents, rs, from, now_ms, &settings);
    Delivery {
        from_ms: from,
        to_ms: now_ms,
        teams: by_team
            .iter()
            .map(|(t, rs)| (t.clone(), keys(rs)))
            .collect(),
        repos: repos.iter().map(|r| (r.to_string(), keys(&[r]))).collect(),
        health: workflow_health(&runs.runs, from, now_ms),
    }
}

/// One row per team, then one per repository, with raw numbers and bands.
pub fn dora_csv(d: &Delivery, bands: &Bands) -> String {
    let teams = d.teams.iter().map(|(t, k)| dora_row("team", t, k, bands));
    let repos = d.repos.iter().map(|(r, k)| dora_row("repo", r, k, bands));
    csv::write(&DORA_COLUMNS, &teams.chain(repos).collect::<Vec<_>>())
}

pub fn health_csv(d: &Delivery) -> String {
    csv::write(&HEALTH_COLUMNS, &health_rows(&d.health))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::inventory::{CiRun, ServiceRow};

    fn run(repo: &str, workflow: &str, created_ms: i64, ok: bool) -> CiRun {
        CiRun {
            repo: repo.into(),
            workflow: workflow.into(),
            branch: "main".into(),
            event: "push".into(),
            status: "completed".into(),
            conclusion: if ok { "success" } else { "failure" }.into(),
            created_ms,
            started_ms: created_ms,
            updated_ms: created_ms + 600_000,
            ..Default::default()
        }
    }

    #[test]
    fn teams_from_owners_repositories_and_workflows() {
        let now = 100 * DAY_MS;
        let runs = Runs {
            runs: vec![
                run("acme/cart", "deploy", now - DAY_MS, true),
                run("acme/cart", "deploy", now - 2 * DAY_MS, true),
                run("acme/cart", "ci", now - DAY_MS, false),
                run("acme/web", "deploy", now - 3 * DAY_MS, true),
                // Older than 30 days: counted nowhere.
                run("acme/web", "deploy", now - 40 * DAY_MS, true),
            ],
            issues: vec![],
        };
        let inv = Inventory {
            services: vec![ServiceRow {
                service: "cart".into(),
                owner: Some("payments".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let cfg = DeliveryConfig::default();
        let d = build(&runs, &Timeline::default(), &inv, now, &cfg);
        let teams: Vec<(&str, usize)> = d
            .teams
            .iter()
            .map(|(t, k)| (t.as_str(), k.deployments))
            .collect();
        assert_eq!(teams, [("(unowned)", 1), ("payments", 2)]);
        let repos: Vec<(&str, usize)> = d
            .repos
            .iter()
            .map(|(r, k)| (r.as_str(), k.deployments))
            .collect();
        assert_eq!(repos, [("acme/cart", 2), ("acme/web", 1)]);
        let csv = dora_csv(&d, &cfg.bands());
        let firsts: Vec<String> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
            .collect();
        assert_eq!(
            firsts,
            [
                "team,(unowned),1",
                "team,payments,2",
                "repo,acme/cart,2",
                "repo,acme/web,1"
            ]
        );
        // CI health: cart's ci workflow failed its one run; deploys all succeeded.
        let health = health_csv(&d);
        assert_eq!(health.lines().count(), 1 + d.health.len());
        let ci = d.health.iter().find(|h| h.workflow == "ci").unwrap();
        assert_eq!(
            (ci.repo.as_str(), ci.runs, ci.success_rate),
            ("acme/cart", 1, 0.0)
        );
    }
}
