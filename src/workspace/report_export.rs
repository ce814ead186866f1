//! The report as one self-contained HTML file (inline CSS and SVG, no script, no external
//! resource: it opens offline, prints like the page and can be mailed on) and as JSON. Every
//! text from data is escaped; the only markup is ours.

use super::report::{Report, ReportRow, Rollup};
use super::report_text::{attainment_words, coverage, summary};
use crate::core::chart::{format_percent, sparkline};
use crate::core::time::{format_datetime, humanize_duration};

/// Text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font:14px/1.45 system-ui,sans-serif;color:#111827;margin:24px;max-width:1100px}\
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}\
.meta{color:#4b5563;margin:0 0 12px}.summary{background:#f3f4f6;padding:10px 12px;border-radius:6px}\
table{border-collapse:collapse;width:100%;margin:4px 0 8px}th,td{padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:middle}\
th{font-size:12px;color:#4b5563;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}\
.met{color:#15803d;font-weight:600}.missed{color:#b91c1c;font-weight:600}.none{color:#6b7280}\
.good{background:#dcfce7}.bad{background:#fee2e2}.tiles{display:flex;gap:12px;flex-wrap:wrap}\
.tile{border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;min-width:150px}.tile b{display:block;font-size:20px}\
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}";

/// The whole report as a standalone HTML document.
pub fn report_html(r: &Report) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str(&format!(
        "<title>{} — {}</title><style>{CSS}</style></head><body>",
        esc(&r.title),
        esc(&r.period.label)
    ));
    h.push_str(&format!("<h1>{}</h1>", esc(&r.title)));
    h.push_str(&format!(
        "<p class=\"meta\">Reliability report · {} · time zone {} · generated {}</p>",
        esc(&r.period.label),
        esc(&r.zone),
        esc(&format_datetime(r.generated_ms))
    ));
    h.push_str(&format!("<p class=\"summary\">{}</p>", esc(&summary(r))));
    if let Some(note) = r.exclusions_note() {
        h.push_str(&format!("<p class=\"meta excluded\">{}</p>", esc(&note)));
    }
    h.push_str(&tiles(r));
    h.push_str("<h2>SLOs in the period</h2>");
    h.push_str(&slo_table(r));
    for (title, what, rows) in [
        ("Teams", "Team", &r.teams),
        ("Services", "Service", &r.services),
    ] {
        h.push_str(&format!("<h2>{title} (event-weighted)</h2>"));
        h.push_str(&rollup_table(what, rows));
    }
    h.push_str("<h2>Attainment history</h2>");
    h.push_str(&grid_table(r));
    h.push_str("<h2>Incidents</h2>");
    h.push_str(&incident_table(r));
    if let Some(note) = coverage(r) {
        h.push_str(&format!("<p class=\"meta\">{}</p>", esc(&note)));
    }
    h.push_str("</body></html>\n");
    h
}

fn tiles(r: &Report) -> String {
    let mut t = vec![
        (
            "SLOs met".to_string(),
            format!("{} / {}", r.met(), r.with_data()),
        ),
        ("Incidents".into(), r.incidents.len().to_string()),
        (
            "Mean time to restore".into(),
            r.mttr_ms()
                .map_or_else(|| "no incidents".into(), humanize_duration),
        ),
    ];
    if let Some(i) = &r.inventory {
        t.push(("Services".into(), i.services.to_string()));
        t.push(("Version drift".into(), format!("{} services", i.drift)));
    }
    if let Some(d) = &r.dora {
        t.push(("Deployments".into(), d.deployments.to_string()));
    }
    let cells: Vec<String> = t
        .iter()
        .map(|(k, v)| format!("<div class=\"tile\">{}<b>{}</b></div>", esc(k), esc(v)))
        .collect();
    format!("<div class=\"tiles\">{}</div>", cells.join(""))
}

fn verdict(row: &ReportRow) -> &'static str {
    if row.current.sli.is_nan() {
        "<span class=\"none\">no data</span>"
    } else if row.met() {
        "<span class=\"met\">met</span>"
    } else {
        "<span class=\"missed\">missed</span>"
    }
}

fn slo_table(r: &Report) -> String {
    let mut h = String::from(
        "<table><thead><tr><th>SLO</th><th>Team</th><th class=\"num\">Objective</th>\
         <th class=\"num\">Attainment</th><th>Met</th><th class=\"num\">Budget consumed</th>\
         <th class=\"num\">Budget left</th><th>Burn-down</th></tr></thead><tbody>",
    );
    for row in &r.rows {
        let zone = row
            .own_zone
            .as_ref()
            .map(|z| format!(" <span class=\"none\">({})</span>", esc(z)))
            .unwrap_or_default();
        h.push_str(&format!(
            "<tr><td>{}{zone}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(&row.slo),
            esc(&row.team),
            format_percent(row.objective),
            esc(&attainment_words(row)),
            verdict(row),
            format_percent(row.current.budget_consumed),
            format_percent(row.current.budget_remaining),
            sparkline(&row.burndown, row.period.start_ms, row.period.end_ms),
        ));
    }
    h.push_str("</tbody></table>");
    h
}

fn rollup_table(what: &str, rows: &[Rollup]) -> String {
    let mut h = format!(
        "<table><thead><tr><th>{what}</th><th class=\"num\">Combined SLI</th><th class=\"num\">SLOs met</th></tr></thead><tbody>"
    );
    for g in rows {
        h.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} / {}</td></tr>",
            esc(&g.name),
            format_percent(g.sli()),
            g.met,
            g.slos
        ));
    }
    h.push_str("</tbody></table>");
    h
}

fn grid_table(r: &Report) -> String {
    let mut h = String::from("<table><thead><tr><th>SLO</th>");
    for p in &r.grid {
        h.push_str(&format!("<th class=\"num\">{}</th>", esc(&p.key)));
    }
    h.push_str("</tr></thead><tbody>");
    for row in &r.rows {
        h.push_str(&format!("<tr><td>{}</td>", esc(&row.slo)));
        for v in &row.grid {
            let class = match (v.is_nan(), *v >= row.objective) {
                (true, _) => "none",
                (false, true) => "good",
                (false, false) => "bad",
            };
            h.push_str(&format!(
                "<td class=\"num {class}\">{}</td>",
                format_percent(*v)
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h
}

fn incident_table(r: &Report) -> String {
    if r.incidents.is_empty() {
        return "<p class=\"none\">No incidents in the period.</p>".into();
    }
    let mut h = String::from(
        "<table><thead><tr><th>Alert</th><th>Service</th><th>Started</th><th class=\"num\">Duration</th></tr></thead><tbody>",
    );
    for i in &r.incidents {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&i.alert),
            esc(&i.service),
            esc(&format_datetime(i.start_ms)),
            esc(&humanize_duration(i.duration_ms() as f64))
        ));
    }
    h.push_str("</tbody></table>");
    h
}

/// The report's data as JSON (figures as numbers, null for no data).
pub fn report_json(r: &Report) -> String {
    let num = |v: f64| {
        if v.is_finite() {
            serde_json::json!(v)
        } else {
            serde_json::Value::Null
        }
    };
    let period = |p: &crate::core::report::Period| serde_json::json!({"key": p.key, "label": p.label, "start_ms": p.start_ms, "end_ms": p.end_ms});
    let rollups = |rows: &[Rollup]| -> Vec<serde_json::Value> {
        rows.iter()
            .map(|g| serde_json::json!({"name": g.name, "good": num(g.total - g.bad), "total": num(g.total), "sli": num(g.sli()), "met": g.met, "slos": g.slos}))
            .collect()
    };
    let doc = serde_json::json!({
        "title": r.title,
        "time_zone": r.zone,
        "generated_ms": r.generated_ms,
        "period": period(&r.period),
        "summary": summary(r),
        "excluded": r.exclusions.iter().map(|x| serde_json::json!({
            "name": x.name, "from_ms": x.from_ms, "to_ms": x.to_ms, "slos": x.slos, "services": x.services,
        })).collect::<Vec<_>>(),
        "slos": r.rows.iter().map(|x| serde_json::json!({
            "slo": x.slo, "service": x.service, "team": x.team, "objective": x.objective,
            "period": period(&x.period), "good": num(x.current.good), "total": num(x.current.total),
            "sli": num(x.current.sli), "met": x.met(), "budget_consumed": num(x.current.budget_consumed),
            "previous_sli": num(x.previous.sli),
            "grid": x.grid.iter().map(|v| num(*v)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "grid_periods": r.grid.iter().map(|p| p.key.clone()).collect::<Vec<_>>(),
        "teams": rollups(&r.teams),
        "services": rollups(&r.services),
        "incidents": r.incidents.iter().map(|i| serde_json::json!({
            "alert": i.alert, "service": i.service, "severity": i.severity, "start_ms": i.start_ms, "end_ms": i.end_ms,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
