//! CI health and DORA keys on hand-made runs and deployments, with their bands and CSV rows.

use super::*;

fn run(
    repo: &str,
    workflow: &str,
    sha: &str,
    conclusion: &str,
    created_h: i64,
    started_h: f64,
    updated_h: f64,
) -> CiRun {
    CiRun {
        repo: repo.into(),
        workflow: workflow.into(),
        branch: "main".into(),
        event: "push".into(),
        status: "completed".into(),
        conclusion: conclusion.into(),
        created_ms: created_h * HOUR_MS,
        started_ms: (started_h * HOUR_MS as f64) as i64,
        updated_ms: (updated_h * HOUR_MS as f64) as i64,
        url: format!("{repo}/{workflow}/{sha}/{created_h}"),
        sha: sha.into(),
        deployment: false,
        commit_ms: None,
    }
}

#[test]
fn dora_on_a_hand_computed_week() {
    // Week of 7 days. acme/cart: CI for commits a, b, c; deploys of a (day 1) and c (day 4);
    // a deploy of b that failed (not a deployment). One incident 2h after deploying c,
    // lasting 3h; another before any deploy, lasting 1h.
    let runs = vec![
        run("acme/cart", "ci", "a", "success", 10, 10.1, 10.5),
        run("acme/cart", "deploy", "a", "success", 20, 20.0, 22.0), // lead 12h
        run("acme/cart", "ci", "b", "failure", 30, 30.0, 30.5),
        run("acme/cart", "deploy", "b", "failure", 40, 40.0, 41.0),
        run("acme/cart", "ci", "c", "success", 90, 90.0, 90.5),
        run("acme/cart", "deploy", "c", "success", 96, 96.0, 98.0), // lead 8h
    ];
    let incidents = vec![
        Incident {
            alert: "x".into(),
            service: "cart".into(),
            severity: "page".into(),
            start_ms: 100 * HOUR_MS,
            end_ms: 103 * HOUR_MS,
        },
        Incident {
            alert: "y".into(),
            service: "cart".into(),
            severity: "page".into(),
            start_ms: 5 * HOUR_MS,
            end_ms: 6 * HOUR_MS,
        },
    ];
    let d = dora(
        &runs,
        &incidents,
        &["acme/cart"],
        0,
        7 * DAY_MS,
        &DoraSettings::default(),
    );
    assert_eq!(d.deployments, 2);
    assert!((d.deploys_per_day - 2.0 / 7.0).abs() < 1e-12);
    assert_eq!(
        d.lead_time_ms,
        Some(10.0 * HOUR_MS as f64),
        "median of 12h and 8h"
    );
    assert_eq!(
        d.change_failure_rate,
        Some(0.5),
        "the incident 2h after deploying c"
    );
    assert_eq!(
        d.time_to_restore_ms,
        Some(2.0 * HOUR_MS as f64),
        "median of 3h and 1h"
    );
    let b = Bands::default();
    assert_eq!(
        (
            b.frequency(d.deploys_per_day),
            b.lead_time(d.lead_time_ms),
            b.failure(d.change_failure_rate),
            b.restore(d.time_to_restore_ms)
        ),
        ("high", "elite", "low", "high")
    );
    // No incidents: time to restore is "no data", not a band.
    let quiet = dora(
        &runs,
        &[],
        &["acme/cart"],
        0,
        7 * DAY_MS,
        &DoraSettings::default(),
    );
    assert_eq!(b.restore(quiet.time_to_restore_ms), "no data");
    assert_eq!(quiet.change_failure_rate, Some(0.0));
    // The export keeps raw numbers; "no data" is an empty cell.
    assert_eq!(
        dora_row("repo", "acme/cart", &d, &b)[2..7],
        ["2", &(2.0f64 / 7.0).to_string(), "10", "0.5", "2"]
    );
    assert_eq!(
        dora_row("repo", "acme/cart", &quiet, &b)[6..],
        ["", "high", "elite", "elite", "no data"]
    );
}

#[test]
fn workflow_health_ignores_cancelled_runs() {
    let runs = vec![
        run("r", "ci", "a", "success", 0, 0.5, 1.0),
        run("r", "ci", "b", "failure", 1, 1.0, 3.0),
        run("r", "ci", "c", "cancelled", 2, 2.0, 2.1),
        run("r", "ci", "d", "success", 3, 3.25, 4.0),
    ];
    let h = &workflow_health(&runs, 0, DAY_MS)[0];
    assert_eq!(h.runs, 4);
    assert!((h.success_rate - 2.0 / 3.0).abs() < 1e-12);
    // durations 0.5h, 2h, 0.1h, 0.75h → median 0.625h; queues 0.5h, 0, 0, 0.25h → median 0.125h.
    assert!((h.p50_duration_ms - 0.625 * HOUR_MS as f64).abs() < 1.0);
    assert!((h.p50_queue_ms - 0.125 * HOUR_MS as f64).abs() < 1.0);
    assert!((percentile(&mut [1.0, 2.0, 3.0, 4.0], 0.95).unwrap() - 3.85).abs() < 1e-12);
}
