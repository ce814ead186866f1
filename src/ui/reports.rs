//! Reports: reliability for a calendar period (week, month, quarter; UTC) — attainment per SLO
//! against the previous period, a 12-period attainment grid, team roll-ups (event-weighted),
//! incidents; printable and exportable as CSV.

use leptos::prelude::*;

use super::chart::BarChartView;
use super::slo_waiting::SloWaiting;
use super::state::use_ws;
use super::state::{SloData, TimelineData};
use super::widgets::{Loading, PageHeader, Tile};
use crate::core::chart::{compact, format_percent, BarChart};
use crate::core::time::humanize_duration;
use crate::workspace::report::{build, report_csv};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let ws = use_ws();
    let complete = Memo::new(move |_| ws.slos.get().filter(|d| d.complete()));
    // Reads only workspace-level signals: this closure may run once more while the page is
    // being replaced, after page-local values are gone.
    let period = Memo::new(move |_| {
        ws.route
            .get()
            .param("period")
            .map(str::to_string)
            .unwrap_or_else(|| ws.config.with_untracked(|c| c.reports.period.clone()))
    });
    let set_period = move |v: String| ws.replace(ws.route.get_untracked().with("period", &v));
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <PageHeader
            title="Reliability report"
            subtitle="Calendar periods in UTC; SLIs are event-weighted (Occurrences)"
        >
            <select
                aria-label="Period"
                prop:value=period
                on:change=move |ev| set_period(event_target_value(&ev))
            >
                <option value="week">"Week"</option>
                <option value="month">"Month"</option>
                <option value="quarter">"Quarter"</option>
            </select>
            <button class="button" on:click=print>
                "Print"
            </button>
        </PageHeader>
        <SloWaiting />
        <Suspense fallback=|| {
            view! { <Loading what="report" /> }
        }>
            {move || {
                let kind = period.get();
                // A report covers every SLO: it waits for the whole load.
                let data = complete.get();
                Suspend::new(async move {
                    let timeline = ws.timeline.await;
                    let Some(data) = data else {
                        return ().into_any();
                    };
                    view! { <Report ws=ws kind=kind data=data timeline=timeline /> }.into_any()
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
    data: SloData,
    timeline: TimelineData,
) -> impl IntoView {
    let report = build(&kind, &data, &timeline);
    let current = report.period().clone();
    let (met, with_data) = (report.met(), report.with_data());
    let mttr = report
        .mttr_ms()
        .map_or_else(|| "no incidents".to_string(), humanize_duration);
    let (total_ms, longest) = (report.incident_total_ms(), report.longest_incident_ms());
    let incidents = report.incidents.clone();
    let chart_rows = report.rows.clone();
    let chart = Signal::derive(move || BarChart {
        bars: chart_rows
            .iter()
            .map(|r| {
                (
                    r.slo.clone(),
                    vec![(
                        if r.current.budget_consumed > 1.0 {
                            4
                        } else {
                            0
                        },
                        (r.current.budget_consumed * 100.0).max(0.0),
                    )],
                )
            })
            .collect(),
        width: 560,
        theme: ws.theme.get(),
    });
    let csv_text = report_csv(&report);
    let export = move |_| {
        let _ = crate::web::download::download("headroom-report.csv", "text/csv", &csv_text);
    };
    let (ps, rows, teams) = (report.periods, report.rows, report.teams);
    let grid_head = ps
        .iter()
        .rev()
        .map(|p| view! { <th class="num">{p.label.clone()}</th> })
        .collect_view();
    view! {
        <p class="as-of">
            {format!(
                "Period: {} ({} to {})",
                current.label,
                crate::core::time::format_date(current.start_ms),
                crate::core::time::format_date(current.end_ms - 1),
            )}
        </p>
        <div class="tiles">
            <Tile
                label="SLOs met"
                value=format!("{met} / {with_data}")
                sub="objective reached in the period"
                tone={if met < with_data { "bad" } else { "good" }}
            />
            <Tile
                label="Incidents"
                value=incidents.len().to_string()
                sub=format!("total {}", humanize_duration(total_ms as f64))
            />
            <Tile
                label="Longest incident"
                value=humanize_duration(longest as f64)
                sub="firing alert duration"
            />
            <Tile label="Mean time to restore" value=mttr sub="mean incident duration" />
        </div>
        <section class="card table-wrap">
            <div class="page-header">
                <h2>"SLOs in the period"</h2>
                <div class="page-actions">
                    <button
                        class="button"
                        id="export-report-csv"
                        on:click=export
                    >
                        "Export CSV"
                    </button>
                </div>
            </div>
            <table class="table" id="report-table">
                <thead>
                    <tr>
                        <th>"SLO"</th>
                        <th>"Team"</th>
                        <th class="num">"Objective"</th>
                        <th class="num">"Attainment"</th>
                        <th class="num">"Previous"</th>
                        <th class="num">"Budget consumed"</th>
                        <th class="num">"Events"</th>
                        <th>"Met"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .map(|r| {
                            let trend = if r.current.sli > r.previous_sli {
                                "▲"
                            } else if r.current.sli < r.previous_sli {
                                "▼"
                            } else {
                                ""
                            };
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!(
                                            "#/slos/{}",
                                            crate::core::route::encode(&r.slo),
                                        )>{r.slo.clone()}</a>
                                    </td>
                                    <td>{r.team.clone()}</td>
                                    <td class="num">{format_percent(r.objective)}</td>
                                    <td class="num">{format_percent(r.current.sli)}" "{trend}</td>
                                    <td class="num muted">{format_percent(r.previous_sli)}</td>
                                    <td class="num">{format_percent(r.current.budget_consumed)}</td>
                                    <td class="num">{compact(r.current.total)}</td>
                                    <td>
                                        {if r.met() {
                                            view! { <span class="badge good">"met"</span> }.into_any()
                                        } else if r.current.sli.is_nan() {
                                            view! { <span class="badge muted">"no data"</span> }
                                                .into_any()
                                        } else {
                                            view! { <span class="badge bad">"missed"</span> }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
        <div class="grid-halves">
            <section class="card table-wrap">
                <h2>"Teams (event-weighted)"</h2>
                <table class="table compact">
                    <thead>
                        <tr>
                            <th>"Team"</th>
                            <th class="num">"Combined SLI"</th>
                            <th class="num">"SLOs met"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {teams
                            .into_iter()
                            .map(|(t, r)| {
                                view! {
                                    <tr>
                                        <td>{t}</td>
                                        <td class="num">{format_percent(r.sli())}</td>
                                        <td class="num">{format!("{} / {}", r.met, r.slos)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
            <BarChartView
                chart=chart
                title="Budget consumed in the period (%)"
                legend=vec![(0, "within budget".to_string()), (4, "over budget".to_string())]
            />
        </div>
        <section class="card table-wrap">
            <h2>"Attainment history"</h2>
            <table class="table compact grid" id="attainment-grid">
                <thead>
                    <tr>
                        <th>"SLO"</th>
                        {grid_head}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <td>{r.slo.clone()}</td>
                                    {r
                                        .grid
                                        .iter()
                                        .rev()
                                        .map(|v| {
                                            let cls = if v.is_nan() {
                                                "cell-none"
                                            } else if *v >= r.objective {
                                                "cell-good"
                                            } else {
                                                "cell-bad"
                                            };
                                            view! { <td class=cls>{format_percent(*v)}</td> }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
