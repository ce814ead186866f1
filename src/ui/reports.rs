//! Reports: reliability for a calendar period (week, month, quarter; UTC) — attainment per SLO
//! against the previous period, a 12-period attainment grid, team roll-ups (event-weighted),
//! incidents; printable and exportable as CSV.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::chart::BarChartView;
use super::state::use_ws;
use super::widgets::{Loading, PageHeader, Tile};
use crate::core::chart::{compact, format_percent, BarChart};
use crate::core::csv;
use crate::core::report::{attainment, periods, Period};
use crate::core::slo::figures;
use crate::core::time::humanize_duration;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let ws = use_ws();
    // Reads only workspace-level signals: this closure may run once more while the page is
    // being replaced, after page-local values are gone.
    let period = Memo::new(move |_| ws.route.get().param("period").map(str::to_string).unwrap_or_else(|| ws.config.with_untracked(|c| c.reports.period.clone())));
    let set_period = move |v: String| ws.replace(ws.route.get_untracked().with("period", &v));
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <PageHeader title="Reliability report" subtitle="Calendar periods in UTC; SLIs are event-weighted (Occurrences)">
            <select aria-label="Period" prop:value=period on:change=move |ev| set_period(event_target_value(&ev))>
                <option value="week">"Week"</option>
                <option value="month">"Month"</option>
                <option value="quarter">"Quarter"</option>
            </select>
            <button class="button" on:click=print>"Print"</button>
        </PageHeader>
        <Suspense fallback=|| view! { <Loading what="report"/> }>
            {move || {
                let kind = period.get();
                Suspend::new(async move {
                    let data = ws.slos.await;
                    let timeline = ws.timeline.await;
                    view! { <Report ws=ws kind=kind data=data timeline=timeline/> }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Report(
    // Passed in rather than taken from context: this view is built inside a closure that also
    // runs while the page is being replaced, when the context is no longer reachable.
    ws: super::state::Workspace,
    kind: String,
    data: super::data::SloData,
    timeline: super::data::TimelineData,
) -> impl IntoView {
    let ps: Vec<Period> = periods(&kind, data.now_ms, 12);
    let current = ps[0].clone();
    let previous = ps[1].clone();
    // Per SLO: (name, team, objective, current figures, previous SLI, grid).
    let rows: Vec<_> = data
        .entries
        .iter()
        .filter_map(|e| {
            let (slo, s) = (e.slo.as_ref().ok()?, e.slices.as_ref().ok()?);
            let cur = figures(s, current.start_ms, current.end_ms, slo.objective);
            let prev = figures(s, previous.start_ms, previous.end_ms, slo.objective).sli;
            Some((slo.name.clone(), slo.team.clone(), slo.objective, cur, prev, attainment(s, slo.objective, &ps)))
        })
        .collect();
    let met = rows.iter().filter(|r| r.3.sli >= r.2).count();
    let with_data = rows.iter().filter(|r| r.3.sli.is_finite()).count();
    let incidents: Vec<_> = timeline.incidents.iter().filter(|i| i.start_ms < current.end_ms && i.end_ms > current.start_ms).cloned().collect();
    let total_ms: i64 = incidents.iter().map(|i| i.duration_ms()).sum();
    let longest = incidents.iter().map(|i| i.duration_ms()).max().unwrap_or(0);
    let mttr = if incidents.is_empty() { "no incidents".to_string() } else { humanize_duration(total_ms as f64 / incidents.len() as f64) };
    let mut teams: BTreeMap<String, (f64, f64, usize, usize)> = BTreeMap::new();
    for r in &rows {
        let t = teams.entry(if r.1.is_empty() { "(no team)".into() } else { r.1.clone() }).or_default();
        t.0 += r.3.bad;
        t.1 += r.3.total;
        t.2 += usize::from(r.3.sli >= r.2);
        t.3 += 1;
    }
    let chart_rows = rows.clone();
    let chart = Signal::derive(move || BarChart { bars: chart_rows.iter().map(|r| (r.0.clone(), vec![(if r.3.budget_consumed > 1.0 { 4 } else { 0 }, (r.3.budget_consumed * 100.0).max(0.0))])).collect(), width: 560, theme: ws.theme.get() });
    let csv_text = {
        let body: Vec<Vec<String>> = rows.iter().map(|r| vec![current.label.clone(), r.0.clone(), r.1.clone(), csv::num(r.2), csv::num(r.3.good), csv::num(r.3.total), csv::num(r.3.sli), csv::num(r.3.budget_consumed), (r.3.sli >= r.2).to_string(), csv::num(r.4)]).collect();
        csv::write(&["period", "slo", "team", "objective", "good_events", "total_events", "sli", "budget_consumed", "met", "previous_sli"], &body)
    };
    let export = move |_| {
        let _ = crate::web::download::download("headroom-report.csv", "text/csv", &csv_text);
    };
    let grid_head = ps.iter().rev().map(|p| view! { <th class="num">{p.label.clone()}</th> }).collect_view();
    view! {
        <p class="as-of">{format!("Period: {} ({} to {})", current.label, crate::core::time::format_date(current.start_ms), crate::core::time::format_date(current.end_ms - 1))}</p>
        <div class="tiles">
            <Tile label="SLOs met" value=format!("{met} / {with_data}") sub="objective reached in the period" tone={if met < with_data { "bad" } else { "good" }}/>
            <Tile label="Incidents" value=incidents.len().to_string() sub=format!("total {}", humanize_duration(total_ms as f64))/>
            <Tile label="Longest incident" value=humanize_duration(longest as f64) sub="firing alert duration"/>
            <Tile label="Mean time to restore" value=mttr sub="mean incident duration"/>
        </div>
        <section class="card table-wrap">
            <div class="page-header"><h2>"SLOs in the period"</h2><div class="page-actions"><button class="button" id="export-report-csv" on:click=export disabled=move || ws.slos.with(Option::is_none)>"Export CSV"</button></div></div>
            <table class="table" id="report-table">
                <thead><tr><th>"SLO"</th><th>"Team"</th><th class="num">"Objective"</th><th class="num">"Attainment"</th><th class="num">"Previous"</th><th class="num">"Budget consumed"</th><th class="num">"Events"</th><th>"Met"</th></tr></thead>
                <tbody>
                    {rows.iter().map(|r| {
                        let trend = if r.3.sli > r.4 { "▲" } else if r.3.sli < r.4 { "▼" } else { "" };
                        view! { <tr>
                            <td><a href=format!("#/slos/{}", crate::core::route::encode(&r.0))>{r.0.clone()}</a></td>
                            <td>{r.1.clone()}</td>
                            <td class="num">{format_percent(r.2)}</td>
                            <td class="num">{format_percent(r.3.sli)}" "{trend}</td>
                            <td class="num muted">{format_percent(r.4)}</td>
                            <td class="num">{format_percent(r.3.budget_consumed)}</td>
                            <td class="num">{compact(r.3.total)}</td>
                            <td>{if r.3.sli >= r.2 { view! { <span class="badge good">"met"</span> }.into_any() } else if r.3.sli.is_nan() { view! { <span class="badge muted">"no data"</span> }.into_any() } else { view! { <span class="badge bad">"missed"</span> }.into_any() }}</td>
                        </tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <div class="grid-halves">
            <section class="card table-wrap">
                <h2>"Teams (event-weighted)"</h2>
                <table class="table compact">
                    <thead><tr><th>"Team"</th><th class="num">"Combined SLI"</th><th class="num">"SLOs met"</th></tr></thead>
                    <tbody>{teams.into_iter().map(|(t, (b, n, ok, all))| view! { <tr><td>{t}</td><td class="num">{format_percent(if n > 0.0 { 1.0 - b / n } else { f64::NAN })}</td><td class="num">{format!("{ok} / {all}")}</td></tr> }).collect_view()}</tbody>
                </table>
            </section>
            <BarChartView chart=chart title="Budget consumed in the period (%)" legend=vec![(0, "within budget".to_string()), (4, "over budget".to_string())]/>
        </div>
        <section class="card table-wrap">
            <h2>"Attainment history"</h2>
            <table class="table compact grid" id="attainment-grid">
                <thead><tr><th>"SLO"</th>{grid_head}</tr></thead>
                <tbody>
                    {rows.iter().map(|r| view! { <tr><td>{r.0.clone()}</td>{r.5.iter().rev().map(|v| {
                        let cls = if v.is_nan() { "cell-none" } else if *v >= r.2 { "cell-good" } else { "cell-bad" };
                        view! { <td class=cls>{format_percent(*v)}</td> }
                    }).collect_view()}</tr> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
