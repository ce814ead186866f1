//! Writes the bundled demo workspace into `public/` deterministically (same bytes every run):
//! `headroom.json` plus `demo/` with recorded Prometheus answers, a /metrics page, Kubernetes
//! lists, a Backstage catalog, GitHub Actions runs and an incident tool's CSV export, all in the
//! formats real endpoints use.
//!
//! Usage: `cargo run --bin gen-demo -- [OUT_DIR]` (default `public`).

mod catalog;
mod fleet;
mod history;
mod metrics;
mod rng;

use std::path::{Path, PathBuf};

/// The moment the demo was "captured": the app treats it as now.
pub const CAPTURED_AT_MS: i64 = 1_763_424_000_000; // 2025-11-18T00:00:00Z

fn main() {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("public"));
    let files = generate();
    for (rel, bytes) in &files {
        let path = out.join(rel);
        std::fs::create_dir_all(path.parent().expect("file paths have a parent"))
            .expect("create demo directory");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
    // The recorded answers' folder holds exactly what was generated (answers move in and out
    // of bundles).
    for stale in stale_answers(&out, &files) {
        std::fs::remove_file(&stale).unwrap_or_else(|e| panic!("remove {}: {e}", stale.display()));
    }
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!(
        "wrote {} demo files ({} KB) to {}",
        files.len(),
        total / 1024,
        Path::new(&out).display()
    );
}

/// Every demo file as (path relative to `public/`, contents).
pub fn generate() -> Vec<(String, Vec<u8>)> {
    let services = fleet::services();
    let mut files = Vec::new();
    let (slos, mut prom_files) = metrics::prometheus_snapshot(&services);
    files.append(&mut prom_files);
    files.push((
        "demo/metrics/build-info.prom".into(),
        fleet::build_info(&services).into_bytes(),
    ));
    for cluster in &fleet::CLUSTERS {
        files.push((
            format!("demo/k8s/{}.json", cluster.name),
            fleet::kubernetes_list(&services, cluster).into_bytes(),
        ));
    }
    files.push((
        "demo/backstage/catalog.yaml".into(),
        catalog::backstage(&services).into_bytes(),
    ));
    files.push((
        "demo/ci/runs.json".into(),
        catalog::github_runs(&services).into_bytes(),
    ));
    files.push((
        "demo/delivery/incidents.csv".into(),
        catalog::incident_export().into_bytes(),
    ));
    files.push(("headroom.json".into(), config(&slos).into_bytes()));
    files
}

/// Files in `out/demo/prometheus/` that `files` does not hold.
fn stale_answers(out: &Path, files: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    let dir = out.join("demo/prometheus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return vec![];
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let rel = p.strip_prefix(out).ok().and_then(|r| r.to_str());
            !files.iter().any(|(f, _)| Some(f.as_str()) == rel)
        })
        .collect()
}

fn config(slos: &[serde_json::Value]) -> String {
    let mut sources = vec![
        serde_json::json!({"name": "demo-prometheus", "kind": "prometheus-snapshot", "url": "demo/prometheus"}),
        serde_json::json!({"name": "build-info", "kind": "exposition", "url": "demo/metrics/build-info.prom"}),
    ];
    for c in fleet::CLUSTERS {
        sources.push(serde_json::json!({"name": c.name, "kind": "kubernetes", "url": format!("demo/k8s/{}.json", c.name)}));
    }
    sources.push(serde_json::json!({"name": "catalog", "kind": "backstage", "url": "demo/backstage/catalog.yaml"}));
    sources.push(
        serde_json::json!({"name": "ci", "kind": "github-actions", "url": "demo/ci/runs.json"}),
    );
    sources.push(serde_json::json!({"name": "incident-tool", "kind": "delivery", "url": "demo/delivery/incidents.csv"}));
    let cfg = serde_json::json!({
        "title": "Acme Shop (demo workspace)",
        "demo": true,
        "sources": sources,
        "slos": slos,
        "reports": {"period": "month"}
    });
    serde_json::to_string_pretty(&cfg).expect("serializable") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_matches_the_committed_demo() {
        let a = generate();
        assert_eq!(a, generate());
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("public");
        for (rel, bytes) in &a {
            let on_disk = std::fs::read(root.join(rel)).unwrap_or_default();
            assert!(
                on_disk == *bytes,
                "public/{rel} is stale: run `make demo` and commit the result"
            );
        }
        let stale = stale_answers(&root, &a);
        assert!(
            stale.is_empty(),
            "{stale:?} no longer generated: run `make demo` and commit the result"
        );
    }

    #[test]
    fn demo_config_is_valid() {
        let files = generate();
        let cfg = &files.iter().find(|(p, _)| p == "headroom.json").unwrap().1;
        let kinds = headroom::sources::registry::kinds();
        let c = headroom::core::config::parse(
            std::str::from_utf8(cfg).unwrap(),
            headroom::core::config::Format::Json,
            &kinds,
        )
        .unwrap();
        assert!(c.slos.len() >= 12);
        assert!(c.demo);
    }
}
