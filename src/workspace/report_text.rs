//! The report in words and tables: the summary paragraph a manager forwards ("11 of 12 SLOs
//! met; checkout-availability missed by 0.04 pp after the 14 Mar incident, 3h 12m"), the
//! coverage note, and one CSV per table of the report.

use super::report::{Report, ReportRow, Rollup};
use crate::core::chart::format_percent;
use crate::core::csv;
use crate::core::report::human_day;
use crate::core::time::humanize_duration;

/// The summary paragraph: SLOs met, the misses worst first with the incident that explains
/// them (the longest one on the SLO's service in its period), incidents and MTTR.
pub fn summary(r: &Report) -> String {
    let mut parts = Vec::new();
    let (met, with_data) = (r.met(), r.with_data());
    if with_data == 0 {
        parts.push(format!("No SLO has data in {}.", r.period.label));
    } else {
        let mut missed: Vec<&ReportRow> = r
            .rows
            .iter()
            .filter(|x| x.current.sli.is_finite() && !x.met())
            .collect();
        crate::core::order::sort_by(&mut missed, |a, b| miss_pp(b).total_cmp(&miss_pp(a)));
        let mut s = format!(
            "{met} of {with_data} SLOs met their objective in {}",
            r.period.label
        );
        let told: Vec<String> = missed.iter().take(3).map(|x| miss_words(r, x)).collect();
        if !told.is_empty() {
            s.push_str("; ");
            s.push_str(&told.join("; "));
        }
        if missed.len() > told.len() {
            s.push_str(&format!("; {} more missed", missed.len() - told.len()));
        }
        s.push('.');
        parts.push(s);
    }
    match r.incidents.len() {
        0 => parts.push("No incidents.".into()),
        n => parts.push(format!(
            "{n} incident{}, {} in total, longest {}; mean time to restore {}.",
            if n == 1 { "" } else { "s" },
            humanize_duration(r.incident_total_ms() as f64),
            r.longest_incident()
                .map_or_else(String::new, |i| humanize_duration(i.duration_ms() as f64)),
            r.mttr_ms().map_or_else(String::new, humanize_duration),
        )),
    }
    if let Some(note) = coverage(r) {
        parts.push(note);
    }
    parts.join(" ")
}

/// How far below its objective a row ended, in percentage points.
fn miss_pp(x: &ReportRow) -> f64 {
    (x.objective - x.current.sli) * 100.0
}

fn miss_words(r: &Report, x: &ReportRow) -> String {
    let mut s = format!("{} missed by {} pp", x.slo, pp(miss_pp(x)));
    let cause = r
        .incidents
        .iter()
        .filter(|i| {
            i.service == x.service && i.start_ms < x.period.end_ms && i.end_ms > x.period.start_ms
        })
        .max_by_key(|i| i.duration_ms());
    if let Some(i) = cause {
        let day = i.start_ms.div_euclid(crate::core::time::DAY_MS);
        s.push_str(&format!(
            " after the {} incident, {}",
            human_day(day, false),
            humanize_duration(i.duration_ms() as f64)
        ));
    }
    s
}

/// Percentage points, with enough digits to tell 0.04 from 0.
fn pp(v: f64) -> String {
    if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// "Data from 3 Sep: figures cover part of the period." when data starts after the period.
pub fn coverage(r: &Report) -> Option<String> {
    r.data_from_ms.map(|t| {
        format!(
            "Data from {}: figures cover part of the period.",
            human_day(t.div_euclid(crate::core::time::DAY_MS), false)
        )
    })
}

pub const REPORT_CSV_COLUMNS: [&str; 10] = [
    "period",
    "slo",
    "team",
    "objective",
    "good_events",
    "total_events",
    "sli",
    "budget_consumed",
    "met",
    "previous_sli",
];

/// One row per SLO with the period's raw figures.
pub fn slos_csv(r: &Report) -> String {
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            let c = &row.current;
            vec![
                row.period.key.clone(),
                row.slo.clone(),
                row.team.clone(),
                csv::num(row.objective),
                csv::num(c.good),
                csv::num(c.total),
                csv::num(c.sli),
                csv::num(c.budget_consumed),
                row.met().to_string(),
                csv::num(row.previous.sli),
            ]
        })
        .collect();
    csv::write(&REPORT_CSV_COLUMNS, &body)
}

/// The team or service roll-up.
pub fn rollup_csv(what: &str, rows: &[Rollup]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|g| {
            vec![
                g.name.clone(),
                csv::num(g.total - g.bad),
                csv::num(g.total),
                csv::num(g.sli()),
                g.met.to_string(),
                g.slos.to_string(),
            ]
        })
        .collect();
    csv::write(
        &[
            what,
            "good_events",
            "total_events",
            "sli",
            "slos_met",
            "slos",
        ],
        &body,
    )
}

/// The incidents of the period.
pub fn incidents_csv(r: &Report) -> String {
    let body: Vec<Vec<String>> = r
        .incidents
        .iter()
        .map(|i| {
            vec![
                i.alert.clone(),
                i.service.clone(),
                i.severity.clone(),
                crate::core::time::format_datetime(i.start_ms),
                crate::core::time::format_datetime(i.end_ms),
                (i.duration_ms() / 1000).to_string(),
            ]
        })
        .collect();
    csv::write(
        &["alert", "service", "severity", "start", "end", "duration_s"],
        &body,
    )
}

/// The attainment grid: one row per SLO, one column per period (newest first).
pub fn grid_csv(r: &Report) -> String {
    let mut head: Vec<&str> = vec!["slo", "objective"];
    head.extend(r.grid.iter().map(|p| p.key.as_str()));
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            let mut v = vec![row.slo.clone(), csv::num(row.objective)];
            v.extend(row.grid.iter().map(|x| csv::num(*x)));
            v
        })
        .collect();
    csv::write(&head, &body)
}

/// "99.95% (▲ 0.02 pp)" for people.
pub fn attainment_words(row: &ReportRow) -> String {
    let d = row.delta_pp();
    let shown = pp(d.abs());
    if d.is_finite() && shown != "0" {
        format!(
            "{} ({} {shown} pp)",
            format_percent(row.current.sli),
            if d > 0.0 { "▲" } else { "▼" },
        )
    } else {
        format_percent(row.current.sli)
    }
}
