//! The SLO list: one row per SLO, worst budget first, searchable and filterable by team (both
//! kept in the URL), with a CSV export and a budget chart.

use leptos::prelude::*;

use super::chart::BarChartView;
use super::data::SloEntry;
use super::state::use_ws;
use super::widgets::{status_class, Loading, PageHeader, StatusBadge};
use crate::core::chart::{format_percent, BarChart, ValueFormat};
use crate::core::config::SliConfig;
use crate::core::csv;
use crate::core::route::encode;
use crate::core::slo::{Status, BURN_WINDOWS};
use crate::core::time::format_duration;

/// The exported columns, in order (documented in the README).
pub const CSV_COLUMNS: [&str; 17] = ["slo", "service", "team", "objective", "window", "method", "good_events", "total_events", "sli", "budget_remaining", "budget_consumed", "burn_1h", "burn_6h", "burn_1d", "burn_3d", "alert_state", "flags"];

fn matches(e: &SloEntry, q: &str, team: &str) -> bool {
    let Ok(slo) = &e.slo else { return q.is_empty() && team.is_empty() };
    (team.is_empty() || slo.team == team) && (q.is_empty() || [&slo.name, &slo.service, &slo.team, &slo.description].iter().any(|f| f.to_lowercase().contains(&q.to_lowercase())))
}

/// Worst first: breached, at risk, then by remaining budget; failures at the end.
fn sort_worst_first(rows: &mut [SloEntry]) {
    rows.sort_by(|a, b| {
        let key = |e: &SloEntry| e.summary.as_ref().map(|s| (s.status, s.window.budget_remaining)).unwrap_or((Status::NoData, f64::INFINITY));
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
    });
}

pub fn flags(e: &SloEntry) -> Vec<String> {
    let mut f = Vec::new();
    if let (Ok(slo), Some(s)) = (&e.slo, &e.summary) {
        if s.window.total > 0.0 && slo.budget() * s.window.total < 1.0 {
            f.push("too_few_events".to_string());
        }
        if s.window.slices_with_data < s.window.slices {
            f.push("gaps".to_string());
        }
        if s.window.total <= 0.0 {
            f.push("no_data".to_string());
        }
    }
    if e.slices.is_err() {
        f.push("load_error".to_string());
    }
    f
}

fn csv_rows(rows: &[SloEntry]) -> String {
    let body: Vec<Vec<String>> = rows
        .iter()
        .filter_map(|e| {
            let slo = e.slo.as_ref().ok()?;
            let (w, burns) = match &e.summary {
                Some(s) => (Some(s.window), s.burns),
                None => (None, [f64::NAN; 4]),
            };
            let n = |f: fn(&crate::core::slo::Figures) -> f64| w.as_ref().map(|w| csv::num(f(w))).unwrap_or_default();
            let mut r = vec![slo.name.clone(), slo.service.clone(), slo.team.clone(), csv::num(slo.objective), format_duration(slo.window_ms), "occurrences".into()];
            r.push(n(|w| w.good));
            r.push(n(|w| w.total));
            r.push(n(|w| w.sli));
            r.push(n(|w| w.budget_remaining));
            r.push(n(|w| w.budget_consumed));
            r.extend(burns.iter().map(|b| csv::num(*b)));
            r.push(String::new());
            r.push(flags(e).join(";"));
            Some(r)
        })
        .collect();
    csv::write(&CSV_COLUMNS, &body)
}

#[component]
pub fn SloList() -> impl IntoView {
    let ws = use_ws();
    let q = move || ws.route.get().param("q").unwrap_or("").to_string();
    let team = move || ws.route.get().param("team").unwrap_or("").to_string();
    let set_param = move |k: &'static str, v: String| ws.replace(ws.route.get_untracked().with(k, &v));
    let filtered = Memo::new(move |_| {
        let data = ws.slos.get().unwrap_or_default();
        let mut rows: Vec<SloEntry> = data.entries.iter().filter(|e| matches(e, &q(), &team())).cloned().collect();
        sort_worst_first(&mut rows);
        rows
    });
    let teams = Memo::new(move |_| {
        let mut t: Vec<String> = ws.slos.get().unwrap_or_default().entries.iter().filter_map(|e| e.slo.as_ref().ok().map(|s| s.team.clone())).filter(|t| !t.is_empty()).collect();
        t.sort();
        t.dedup();
        t
    });
    let chart = Signal::derive(move || {
        let bars = filtered.get().iter().filter_map(|e| e.summary.as_ref().map(|s| (e.name.clone(), vec![(if s.window.budget_consumed > 1.0 { 4 } else { 0 }, (s.window.budget_consumed * 100.0).max(0.0))]))).collect();
        BarChart { bars, width: 560, theme: ws.theme.get() }
    });
    let export = move |_| {
        let text = csv_rows(&filtered.get_untracked());
        let _ = crate::web::download::download("headroom-slos.csv", "text/csv", &text);
    };
    view! {
        <PageHeader title="SLOs" subtitle="Error budgets over each SLO's window, computed in your browser from raw counters">
            <button class="button" id="export-slos" on:click=export>"Export CSV"</button>
        </PageHeader>
        <div class="toolbar">
            <input type="search" placeholder="Search SLOs, services, teams" aria-label="Search SLOs" prop:value=q on:input=move |ev| set_param("q", event_target_value(&ev))/>
            <select aria-label="Team" prop:value=team on:change=move |ev| set_param("team", event_target_value(&ev))>
                <option value="">"All teams"</option>
                {move || teams.get().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
            </select>
        </div>
        <Suspense fallback=|| view! { <Loading what="SLOs"/> }>
            {move || Suspend::new(async move {
                let _ = ws.slos.await;
                view! { <SloTable rows=filtered/> }
            })}
        </Suspense>
        <BarChartView chart=chart title="Error budget consumed over the window (%; above 100 = breached)" legend=vec![(0, "within budget".to_string()), (4, "breached".to_string())]/>
    }
}

#[component]
fn SloTable(rows: Memo<Vec<SloEntry>>) -> impl IntoView {
    view! {
        <div class="card table-wrap">
            <table class="table" id="slo-table">
                <thead>
                    <tr>
                        <th>"SLO"</th><th>"Service"</th><th>"Team"</th><th class="num">"Objective"</th><th>"Window"</th><th>"SLI"</th>
                        <th class="num">"Attainment"</th><th class="num">"Budget left"</th>
                        {BURN_WINDOWS.iter().map(|(l, _)| view! { <th class="num">{format!("Burn {l}")}</th> }).collect_view()}
                        <th>"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || rows.get().into_iter().map(|e| view! { <SloRow entry=e/> }).collect_view()}
                </tbody>
            </table>
            <Show when=move || rows.get().is_empty()><p class="muted">"No SLO matches the filters."</p></Show>
        </div>
    }
}

#[component]
fn SloRow(entry: SloEntry) -> impl IntoView {
    let link = format!("#/slos/{}", encode(&entry.name));
    match (&entry.slo, &entry.summary) {
        (Ok(slo), Some(s)) => {
            let rem = s.window.budget_remaining;
            let bar_class = format!("budget-bar {}", status_class(s.status));
            let width = format!("width:{}%", (rem.clamp(0.0, 1.0) * 100.0).round());
            let kind = match slo.sli {
                SliConfig::Ratio { .. } => "availability",
                SliConfig::Latency { .. } => "latency",
            };
            view! {
                <tr data-slo=entry.name.clone()>
                    <td><a href=link>{entry.name.clone()}</a></td>
                    <td>{slo.service.clone()}</td>
                    <td>{slo.team.clone()}</td>
                    <td class="num">{format_percent(slo.objective)}</td>
                    <td>{format_duration(slo.window_ms)}</td>
                    <td>{kind}</td>
                    <td class="num">{format_percent(s.window.sli)}</td>
                    <td class="num budget">{format_percent(rem)}<span class=bar_class><span style=width></span></span></td>
                    {s.burns.iter().map(|b| view! { <td class="num">{ValueFormat::Multiple.format(*b)}</td> }).collect_view()}
                    <td><StatusBadge status=s.status/></td>
                </tr>
            }
            .into_any()
        }
        _ => {
            let msg = match (&entry.slo, &entry.slices) {
                (Err(e), _) | (_, Err(e)) => e.clone(),
                _ => "not computed".into(),
            };
            view! {
                <tr data-slo=entry.name.clone() class="row-error">
                    <td><a href=link>{entry.name.clone()}</a></td>
                    <td colspan="12" class="bad-text">{msg}</td>
                </tr>
            }
            .into_any()
        }
    }
}
