//! The demo's Backstage catalog (multi-document YAML) and GitHub Actions runs (REST JSON).

use serde_json::json;

use crate::fleet::Service;
use crate::rng::Rng;
use crate::CAPTURED_AT_MS;

const TEAMS: [(&str, &str); 6] = [
    ("payments", "Payments"),
    ("discovery", "Discovery"),
    ("identity", "Identity & Edge"),
    ("platform", "Platform"),
    ("logistics", "Logistics"),
    ("ml-platform", "ML Platform"),
];

/// `catalog-info.yaml` documents: teams, systems and one Component per service.
pub fn backstage(services: &[Service]) -> String {
    let mut docs = Vec::new();
    for (name, title) in TEAMS {
        docs.push(format!("apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {name}\n  title: {title}\nspec:\n  type: team\n  children: []\n"));
    }
    let mut systems: Vec<(&str, &str)> = services.iter().map(|s| (s.system, s.team)).collect();
    systems.sort();
    systems.dedup_by_key(|s| s.0);
    for (system, team) in systems {
        docs.push(format!("apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: {system}\nspec:\n  owner: group:default/{team}\n"));
    }
    for s in services {
        // The catalog says ML Platform owns recommendations; the cluster labels disagree.
        let owner = if s.name == "recommendations" {
            "ml-platform"
        } else {
            s.team
        };
        docs.push(format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {n}\n  description: The {n} service\n  annotations:\n    github.com/project-slug: acme/{n}\n    backstage.io/kubernetes-id: {n}\n  tags: [{sys}]\n  links:\n    - url: https://runbooks.acme.example/{n}\n      title: Runbook\nspec:\n  type: service\n  lifecycle: {lc}\n  owner: group:default/{owner}\n  system: {sys}\n",
            n = s.name,
            sys = s.system,
            lc = s.lifecycle,
        ));
    }
    docs.join("---\n")
}

fn rfc3339(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let (y, m, d) = headroom::core::time::civil_from_days(days);
    let s = ms.rem_euclid(86_400_000) / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        (s % 3600) / 60,
        s % 60
    )
}

/// `GET /repos/{o}/{r}/actions/runs` pages of all demo repositories merged into one response.
pub fn github_runs(services: &[Service]) -> String {
    let mut rng = Rng::new(42);
    let mut runs = Vec::new();
    let mut id = 9_100_000_000u64;
    for (k, s) in services.iter().enumerate() {
        let flaky = [
            0.04, 0.08, 0.05, 0.12, 0.06, 0.22, 0.03, 0.07, 0.10, 0.05, 0.09, 0.15,
        ][k % 12];
        let n = 20 + rng.below(25);
        let mut times: Vec<i64> = (0..n)
            .map(|_| CAPTURED_AT_MS - (rng.unit() * 90.0 * 86_400_000.0) as i64)
            .collect();
        times.sort_unstable();
        // A deploy ships the commit of the latest CI run before it (for lead times).
        let mut last_ci_sha: Option<String> = None;
        for (r, created) in times.into_iter().enumerate() {
            let r = r as u64;
            let queue = 5_000 + rng.below(90_000) as i64;
            let duration = 180_000 + rng.below(900_000) as i64;
            let workflow = if r % 3 == 0 { "deploy" } else { "ci" };
            let conclusion = if rng.unit() < flaky {
                if rng.unit() < 0.2 {
                    "cancelled"
                } else {
                    "failure"
                }
            } else {
                "success"
            };
            id += 1 + rng.below(5000);
            let fresh = format!(
                "{:016x}{:016x}{:08x}",
                rng.next_u64(),
                rng.next_u64(),
                rng.next_u64() as u32
            );
            let sha = match (workflow, &last_ci_sha) {
                ("deploy", Some(s)) => s.clone(),
                _ => fresh,
            };
            if workflow == "ci" {
                last_ci_sha = Some(sha.clone());
            }
            runs.push((created, json!({
                "id": id,
                "name": workflow,
                "head_branch": if workflow == "deploy" || rng.unit() < 0.5 { "main" } else { "feature/change" },
                "head_sha": sha,
                "event": if workflow == "deploy" { "workflow_dispatch" } else { "push" },
                "status": "completed",
                "conclusion": conclusion,
                "run_number": r + 1,
                "run_attempt": 1,
                "created_at": rfc3339(created),
                "run_started_at": rfc3339(created + queue),
                "updated_at": rfc3339(created + queue + duration),
                "html_url": format!("https://github.com/acme/{}/actions/runs/{id}", s.name),
                "actor": {"login": "acme-bot"},
                "repository": {"full_name": format!("acme/{}", s.name)}
            })));
        }
    }
    runs.sort_by_key(|r| std::cmp::Reverse(r.0));
    let list: Vec<serde_json::Value> = runs.into_iter().map(|(_, r)| r).collect();
    serde_json::to_string(&json!({"total_count": list.len(), "workflow_runs": list}))
        .expect("serializable")
        + "\n"
}

/// An incident tool's export (the generic `delivery` source): incidents no Prometheus alert
/// recorded — a carrier API outage and a pricing mistake found by customers.
pub fn incident_export() -> String {
    let hour = 3_600_000;
    let rows = [
        (
            "shipping",
            "Carrier label API timing out",
            "sev2",
            10 * 24 + 5,
            2 * hour,
        ),
        (
            "shipping",
            "Tracking numbers missing from confirmation mails",
            "sev3",
            41 * 24 + 13,
            3 * hour / 4,
        ),
        (
            "catalog",
            "Stale prices after a cache flush",
            "sev2",
            20 * 24 + 9,
            3 * hour / 2,
        ),
    ];
    let mut out = String::from("type,service,title,severity,started_at,resolved_at\n");
    for (service, title, severity, ago_h, len) in rows {
        let start = CAPTURED_AT_MS - ago_h * hour;
        out.push_str(&format!(
            "incident,{service},{title},{severity},{},{}\n",
            rfc3339(start),
            rfc3339(start + len)
        ));
    }
    out
}
