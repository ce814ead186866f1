//! The pure rules of the workspace layer on hand-made state: alert states, the SLO CSV, the
//! list's filter, order and groups, and the period report — each checked against figures
//! summed here by hand.

use super::export::{alert_state, slo_csv, SLO_CSV_COLUMNS};
use super::fleet::Timeline;
use super::report::{build, ReportInput, ReportSpec};
use super::report_text::{slos_csv, summary};
use super::slo_list::{grouped, matches, sort_worst_first, worst_status};
use super::slos::{SloEntry, SloState};
use super::LoadError;
use crate::core::config::{SliConfig, SloConfig};
use crate::core::incidents::Incident;
use crate::core::model::{Labels, Sample};
use crate::core::rules::Alert;
use crate::core::slo::exclusions::Exclusion;
use crate::core::slo::{summarize, Slices, Slo, Status};
use crate::core::time::{days_from_civil, DAY_MS};

const H: i64 = 3_600_000;

/// 2026-10-01T00:00Z: the data below covers August and September hour by hour.
pub(super) fn now() -> i64 {
    days_from_civil(2026, 10, 1) * DAY_MS
}

fn slo(name: &str, service: &str, team: &str, objective: f64) -> Slo {
    let c = SloConfig {
        name: name.into(),
        service: service.into(),
        team: Some(team.into()).filter(|t: &String| !t.is_empty()),
        description: None,
        objective,
        window: "30d".into(),
        timezone: None,
        method: None,
        timeslice_target: None,
        slice: None,
        labels: Default::default(),
        group_by: vec![],
        source: "p".into(),
        sli: SliConfig::BoolGauge {
            metric: "up".into(),
        },
    };
    Slo::from_config(&c).unwrap()
}

/// 100 events an hour over 61 days; `bad(t)` of them bad.
fn entry(s: Slo, bad: impl Fn(i64) -> f64) -> SloEntry {
    let start = now() - 61 * DAY_MS;
    let ts: Vec<i64> = (1..=61 * 24).map(|i| start + i * H).collect();
    let total: Vec<Sample> = ts.iter().map(|&t| Sample { t_ms: t, v: 100.0 }).collect();
    let bad: Vec<Sample> = ts.iter().map(|&t| Sample { t_ms: t, v: bad(t) }).collect();
    let slices = Slices::from_series(Some(&bad), None, &total, H);
    let summary = summarize(&s, &slices, now());
    SloEntry {
        name: s.name.clone(),
        slo: Ok(s),
        slices: Ok(slices),
        notices: vec![],
        summary: Some(summary),
        origin: "config file".into(),
        flags: vec![],
    }
}

pub(super) fn state() -> SloState {
    let sept = days_from_civil(2026, 9, 1) * DAY_MS;
    let entries = vec![
        // One bad event an hour in September (1%), none in August.
        entry(slo("api", "api", "platform", 99.5), move |t| {
            if t > sept {
                1.0
            } else {
                0.0
            }
        }),
        // A burst of 50 bad events in one September hour.
        entry(slo("web", "web", "platform", 99.9), move |t| {
            if t == sept + 10 * H {
                50.0
            } else {
                0.0
            }
        }),
        entry(slo("db", "db", "", 99.0), |_| 0.0),
        SloEntry {
            name: "bad".into(),
            slo: Err(LoadError::Definition {
                field: "objective",
                message: "must be below 100".into(),
            }),
            slices: Err(LoadError::DefinitionInvalid),
            notices: vec![],
            summary: None,
            origin: "config file".into(),
            flags: vec![],
        },
    ];
    SloState {
        now_ms: now(),
        entries: entries.into_iter().map(std::sync::Arc::new).collect(),
        ..Default::default()
    }
}

fn alert(labels: &[(&str, &str)], state: &str) -> Alert {
    Alert {
        labels: labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Labels>(),
        annotations: Labels::new(),
        state: state.into(),
        active_at_ms: None,
        value: 1.0,
    }
}

#[test]
fn alert_state_from_live_alerts_then_incidents() {
    let s = state();
    let api = &s.entries[0];
    assert_eq!(
        alert_state(api, &Timeline::default(), now()),
        "",
        "nothing known"
    );
    let mut t = Timeline {
        loaded: true,
        ..Default::default()
    };
    assert_eq!(alert_state(api, &t, now()), "inactive");
    t.live.push(alert(&[("sloth_id", "api")], "pending"));
    assert_eq!(alert_state(api, &t, now()), "pending");
    t.live.push(alert(&[("service", "api")], "firing"));
    assert_eq!(alert_state(api, &t, now()), "firing");
    let open = Incident {
        alert: "WebDown".into(),
        service: "web".into(),
        severity: "page".into(),
        start_ms: now() - H,
        end_ms: now() + H,
    };
    t.incidents.push(open);
    assert_eq!(
        alert_state(&s.entries[1], &t, now()),
        "firing",
        "an incident still open at now"
    );
    assert_eq!(
        alert_state(&s.entries[3], &t, now()),
        "",
        "an invalid definition has no state"
    );
}

#[test]
fn slo_csv_has_a_row_per_valid_definition_with_hand_summed_figures() {
    let s = state();
    let t = Timeline {
        loaded: true,
        ..Default::default()
    };
    let csv = slo_csv(&s.entries, &t, now(), &[]);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0], SLO_CSV_COLUMNS);
    assert_eq!(rows[0].last(), Some(&"excluded"), "new columns go last");
    assert_eq!(rows.len(), 4, "the invalid definition has no row");
    // api over the last 30 days: 720 hours of 100 events, one bad each.
    let api = &rows[1];
    assert_eq!(
        &api[..6],
        ["api", "api", "platform", "0.995", "30d", "occurrences"]
    );
    assert_eq!((api[6], api[7]), ("71280", "72000"));
    let (sli, budget) = (1.0 - 720.0 / 72000.0, 1.0 - (720.0 / 72000.0) / 0.005);
    assert!((api[8].parse::<f64>().unwrap() - sli).abs() < 1e-12);
    assert!(
        (api[9].parse::<f64>().unwrap() - budget).abs() < 1e-9,
        "{} vs {budget}",
        api[9]
    );
    // Burn over the last hour: 1% bad against 0.5% allowed.
    assert!((api[11].parse::<f64>().unwrap() - 2.0).abs() < 1e-9);
    assert_eq!(api[15], "inactive");
    assert_eq!(api[17], "", "nothing excluded");
    assert_eq!(rows[3][2], "", "no team");
    // The excluded column names the windows that met each SLO's loaded slices.
    let window = |name: &str, from_h: i64, services: &[&str]| {
        let mut x = Exclusion::parse(name, "2000-01-01T00:00Z", "2000-01-01T01:00Z").unwrap();
        (x.from_ms, x.to_ms) = (now() - from_h * H, now() - from_h * H + 2 * H);
        x.services = services.iter().map(|s| s.to_string()).collect();
        x
    };
    let xs = [
        window("deploy", 5, &["api"]),
        window("fire drill", 24, &[]),
        window("ancient", 24 * 400, &[]),
    ];
    let csv = slo_csv(&s.entries, &t, now(), &xs);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[1][17], "deploy;fire drill");
    assert_eq!(rows[2][17], "fire drill");
}

#[test]
fn list_filters_orders_and_groups() {
    let s = state();
    let mut rows = s.entries.clone();
    sort_worst_first(&mut rows);
    let order: Vec<&str> = rows.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        order,
        ["api", "web", "db", "bad"],
        "breached first, failures last"
    );
    assert_eq!(rows[0].summary.as_ref().unwrap().status, Status::Breached);
    assert!(matches(&s.entries[0], "API", "", ""));
    assert!(matches(&s.entries[0], "", "platform", "service=api"));
    assert!(!matches(&s.entries[0], "", "", "service=web"));
    assert!(!matches(&s.entries[3], "x", "", ""));
    let groups = grouped(&s.entries, "team");
    let names: Vec<&str> = groups
        .iter()
        .map(|(g, _)| g.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(names, ["(none)", "platform"]);
    let platform = groups[1].0.as_ref().unwrap();
    // Event-weighted over both SLOs' 30-day windows: (720 + 50) bad of 144,000.
    assert!((platform.sli - (1.0 - 770.0 / 144_000.0)).abs() < 1e-12);
    // web: 50 bad of 72,000 (99.93%) meets 99.9%; api does not.
    assert_eq!((platform.met, platform.count), (1, 2));
    assert_eq!(worst_status(&s, "api"), Some(Status::Breached));
    assert_eq!(worst_status(&s, "nope"), None);
}

#[test]
fn report_for_september_against_august() {
    let s = state();
    let sept = days_from_civil(2026, 9, 1) * DAY_MS;
    let t = Timeline {
        loaded: true,
        incidents: vec![
            Incident {
                alert: "A".into(),
                service: "api".into(),
                severity: "page".into(),
                start_ms: sept + DAY_MS,
                end_ms: sept + DAY_MS + 3 * H,
            },
            Incident {
                alert: "B".into(),
                service: "web".into(),
                severity: "page".into(),
                start_ms: sept - 2 * H,
                end_ms: sept + H,
            },
            Incident {
                alert: "C".into(),
                service: "web".into(),
                severity: "page".into(),
                start_ms: sept - 5 * H,
                end_ms: sept - 4 * H,
            },
        ],
        ..Default::default()
    };
    let spec = ReportSpec {
        kind: "month".into(),
        ..Default::default()
    };
    let delivery = Default::default();
    let input = ReportInput {
        title: "Acme",
        state: &s,
        timeline: &t,
        inventory: None,
        runs: None,
        delivery: &delivery,
        generated_ms: now(),
    };
    let r = build(&spec, &input).expect("a report");
    assert_eq!(
        (r.period.key.as_str(), r.period.label.as_str()),
        ("2026-09", "September 2026")
    );
    assert_eq!(r.previous.key, "2026-08");
    assert_eq!(
        r.grid.len(),
        2,
        "September and August; the months before the data are left out"
    );
    assert_eq!(r.rows.len(), 3);
    let api = &r.rows[0];
    assert_eq!((api.current.bad, api.current.total), (720.0, 72_000.0));
    assert_eq!(api.previous.sli, 1.0, "no bad events in August");
    assert!(
        (api.delta_pp() - -1.0).abs() < 1e-9,
        "99% after 100%: -1 pp"
    );
    assert!(!api.met() && r.rows[1].met() && r.rows[2].met());
    assert_eq!((r.met(), r.with_data()), (2, 3));
    // Incidents overlapping September: A (3 h) and B (ending 1 h into it, 3 h long).
    assert_eq!(r.incidents.len(), 2);
    assert_eq!(
        (
            r.incident_total_ms(),
            r.longest_incident().map(|i| i.duration_ms()),
            r.mttr_ms()
        ),
        (6 * H, Some(3 * H), Some(3.0 * H as f64))
    );
    let team = |n: &str| r.teams.iter().find(|t| t.name == n).unwrap();
    let platform = team("platform");
    assert_eq!(
        (platform.bad, platform.total, platform.met, platform.slos),
        (770.0, 144_000.0, 1, 2)
    );
    assert_eq!(team("(no team)").slos, 1);
    assert_eq!(
        r.services
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>(),
        ["api", "db", "web"]
    );
    // The grid: newest first, September then August.
    assert_eq!(api.grid, [0.99, 1.0]);
    // The burn-down: a day of slices, each 1% bad against 0.5% allowed: -100% at the end.
    assert!((api.burndown.last().unwrap().1 - -1.0).abs() < 1e-9);
    assert_eq!(
        summary(&r),
        "2 of 3 SLOs met their objective in September 2026; api missed by 0.5 pp after the 2 Sep \
         incident, 3h. 2 incidents, 6h in total, longest 3h; mean time to restore 3h."
    );
    // A range reaching back before the first slice says where the data starts.
    let q = build(
        &ReportSpec {
            kind: "custom".into(),
            key: Some("2026-07-01..2026-09-30".into()),
            timezone: Some("Europe/Berlin".into()),
        },
        &input,
    )
    .expect("a report");
    let first = now() - 61 * DAY_MS;
    assert_eq!(q.data_from_ms, Some(first));
    assert!(summary(&q).ends_with(&format!(
        "Data from {}: figures cover part of the period.",
        crate::core::report::human_day(first / DAY_MS, false)
    )));
    assert_eq!(
        q.period.start_ms,
        days_from_civil(2026, 7, 1) * DAY_MS - 2 * H,
        "Berlin, summer"
    );
    // The HTML export: self-contained, no script, hostile text inert; the JSON parses.
    let mut hostile = r.clone();
    hostile.title = "<script>alert(1)</script>".into();
    hostile.rows[0].slo = "\"><img src=x onerror=alert(1)>".into();
    let html = super::report_export::report_html(&hostile);
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "markup from data"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    for external in ["src=\"", "href=\"", "url(", "@import"] {
        assert!(!html.contains(external), "an external resource: {external}");
    }
    assert_eq!(
        html.matches("<tr><td>").count(),
        3 + 2 + 3 + 3 + 2,
        "SLOs, teams, services, grid, incidents"
    );
    let json: serde_json::Value =
        serde_json::from_str(&super::report_export::report_json(&r)).unwrap();
    assert_eq!(json["slos"][0]["sli"], 0.99);
    assert_eq!(
        json["grid_periods"],
        serde_json::json!(["2026-09", "2026-08"])
    );
    let csv = slos_csv(&r);
    assert_eq!(csv.lines().next(), Some("period,slo,team,objective,good_events,total_events,sli,budget_consumed,met,previous_sli"));
    let api_row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(
        api_row[..7],
        ["2026-09", "api", "platform", "0.995", "71280", "72000", "0.99"]
    );
    assert!(
        (api_row[7].parse::<f64>().unwrap() - 2.0).abs() < 1e-12,
        "budget consumed: 1% bad of 0.5% allowed"
    );
    assert_eq!(api_row[8..], ["false", "1"]);
}
