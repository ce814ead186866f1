//! One built [`Report`] on the page: the header block (workspace, period, time zone, generated
//! at), the summary in words, tiles, the SLO table with burn-down sparklines, roll-ups by team
//! and by service, the attainment grid, incidents and alerts — and its exports.

use leptos::prelude::*;

use super::chart::BarChartView;
use super::widgets::Tile;
use crate::core::chart::{compact, format_percent, sparkline, BarChart};
use crate::core::route::encode;
use crate::core::time::{format_datetime, humanize_duration};
use crate::workspace::report::{Report, ReportRow, Rollup};
use crate::workspace::report_export::{report_html, report_json};
use crate::workspace::report_text::{
    attainment_words, grid_csv, incidents_csv, rollup_csv, slos_csv, summary,
};

fn download(name: &str, mime: &str, text: &str) {
    let _ = crate::web::download::download(name, mime, text);
}

#[component]
pub fn ReportView(report: Report) -> impl IntoView {
    let r = std::rc::Rc::new(report);
    let base = format!("headroom-report-{}", r.period.key.replace("..", "_"));
    // Each export is built when its button is pressed, not with every render of the report.
    type Build = fn(&Report) -> String;
    let exports: [(&str, &str, String, Build); 7] = [
        ("HTML", "text/html", format!("{base}.html"), report_html),
        (
            "JSON",
            "application/json",
            format!("{base}.json"),
            report_json,
        ),
        (
            "CSV: SLOs",
            "text/csv",
            "headroom-report.csv".into(),
            slos_csv,
        ),
        ("CSV: teams", "text/csv", format!("{base}-teams.csv"), |r| {
            rollup_csv("team", &r.teams)
        }),
        (
            "CSV: services",
            "text/csv",
            format!("{base}-services.csv"),
            |r| rollup_csv("service", &r.services),
        ),
        (
            "CSV: history",
            "text/csv",
            format!("{base}-history.csv"),
            grid_csv,
        ),
        (
            "CSV: incidents",
            "text/csv",
            format!("{base}-incidents.csv"),
            incidents_csv,
        ),
    ];
    let (met, with_data) = (r.met(), r.with_data());
    let longest = r.longest_incident().map_or_else(
        || "none".to_string(),
        |i| humanize_duration(i.duration_ms() as f64),
    );
    let mttr = r
        .mttr_ms()
        .map_or_else(|| "no incidents".to_string(), humanize_duration);
    view! {
        <div class="report">
            <div class="exports no-print" aria-label="Export the report">
                {exports
                    .into_iter()
                    .map(|(label, mime, name, build)| {
                        let id = format!("export-report-{}", label.to_lowercase().replace([':', ' '], ""));
                        let r = r.clone();
                        view! {
                            <button class="button" id=id on:click=move |_| download(&name, mime, &build(&r))>
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <header class="report-head">
                <h2>{r.title.clone()}</h2>
                <p class="meta" id="report-meta">
                    {format!(
                        "Reliability report · {} · time zone {} · generated {}",
                        r.period.label,
                        r.zone,
                        format_datetime(r.generated_ms),
                    )}
                </p>
                <p class="report-summary" id="report-summary">{summary(&r)}</p>
                {r
                    .exclusions_note()
                    .map(|note| view! { <p class="meta" id="report-excluded">{note}</p> })}
            </header>
            <div class="tiles">
                <Tile
                    label="SLOs met"
                    value=format!("{met} / {with_data}")
                    sub="objective reached in the period"
                    tone={if met < with_data { "bad" } else { "good" }}
                />
                <Tile
                    label="Incidents"
                    value=r.incidents.len().to_string()
                    sub=if r.incidents.is_empty() {
                        "none in the period".to_string()
                    } else {
                        format!("total {}", humanize_duration(r.incident_total_ms() as f64))
                    }
                />
                <Tile label="Longest incident" value=longest sub="firing alert duration" />
                <Tile label="Mean time to restore" value=mttr sub="mean incident duration" />
                {r.inventory.as_ref().map(|i| view! {
                    <Tile label="Services" value=i.services.to_string() sub=format!("{} running versions; {} drifting within an environment (as loaded now)", i.versions, i.drift) />
                })}
                {r.dora.as_ref().map(|d| view! {
                    <Tile label="Deployments" value=d.deployments.to_string() sub=format!("{:.2} a day; change failure {}", d.deploys_per_day, d.change_failure_rate.map_or_else(|| "no data".into(), format_percent)) />
                })}
            </div>
            <section class="card table-wrap">
                <h2>"SLOs in the period"</h2>
                <table class="table" id="report-table">
                    <thead>
                        <tr>
                            <th>"SLO"</th>
                            <th>"Team"</th>
                            <th class="num">"Objective"</th>
                            <th class="num">"Attainment"</th>
                            <th>"Met"</th>
                            <th class="num">"Budget consumed"</th>
                            <th class="num">"Budget left"</th>
                            <th class="num">"Events"</th>
                            <th>"Burn-down"</th>
                        </tr>
                    </thead>
                    <tbody>{r.rows.iter().map(slo_row).collect_view()}</tbody>
                </table>
            </section>
            <div class="grid-halves">
                <Rollups title="Teams (event-weighted)" what="Team" rows=r.teams.clone() />
                <Rollups title="Services (event-weighted)" what="Service" rows=r.services.clone() />
            </div>
            <BudgetChart report=r.clone() />
            <Grid report=r.clone() />
            <Incidents report=r.clone() />
        </div>
    }
}

fn slo_row(row: &ReportRow) -> impl IntoView {
    let verdict = if row.current.sli.is_nan() {
        view! { <span class="badge muted">"no data"</span> }.into_any()
    } else if row.met() {
        view! { <span class="badge good">"met"</span> }.into_any()
    } else {
        view! { <span class="badge bad">"missed"</span> }.into_any()
    };
    // Numbers only: the sparkline's SVG carries no text from data.
    let spark = sparkline(&row.burndown, row.period.start_ms, row.period.end_ms);
    view! {
        <tr data-slo=row.slo.clone()>
            <td>
                <a href=format!("#/slos/{}", encode(&row.slo))>{row.slo.clone()}</a>
                {row.own_zone.clone().map(|z| view! { <span class="muted">{format!(" ({z})")}</span> })}
            </td>
            <td>{row.team.clone()}</td>
            <td class="num">{format_percent(row.objective)}</td>
            <td class="num">{attainment_words(row)}</td>
            <td>{verdict}</td>
            <td class="num">{format_percent(row.current.budget_consumed)}</td>
            <td class="num">{format_percent(row.current.budget_remaining)}</td>
            <td class="num">{compact(row.current.total)}</td>
            <td inner_html=spark></td>
        </tr>
    }
}

#[component]
fn Rollups(title: &'static str, what: &'static str, rows: Vec<Rollup>) -> impl IntoView {
    view! {
        <section class="card table-wrap">
            <h2>{title}</h2>
            <table class="table compact">
                <thead>
                    <tr>
                        <th>{what}</th>
                        <th class="num">"Combined SLI"</th>
                        <th class="num">"SLOs met"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|g| {
                            view! {
                                <tr>
                                    <td>{g.name.clone()}</td>
                                    <td class="num">{format_percent(g.sli())}</td>
                                    <td class="num">{format!("{} / {}", g.met, g.slos)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// SLO × period, newest on the left, coloured against each SLO's objective.
#[component]
fn Grid(report: std::rc::Rc<Report>) -> impl IntoView {
    view! {
        <section class="card table-wrap">
            <h2>"Attainment history"</h2>
            <table class="table compact grid" id="attainment-grid">
                <thead>
                    <tr>
                        <th>"SLO"</th>
                        {report.grid.iter().map(|p| view! { <th class="num" title=p.label.clone()>{p.key.clone()}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {report
                        .rows
                        .iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <td>{r.slo.clone()}</td>
                                    {r
                                        .grid
                                        .iter()
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

#[component]
fn Incidents(report: std::rc::Rc<Report>) -> impl IntoView {
    let empty = report.incidents.is_empty();
    view! {
        <section class="card table-wrap">
            <h2>"Incidents and alerts in the period"</h2>
            <Show when=move || empty>
                <p class="muted">"No incidents in the period."</p>
            </Show>
            {(!empty).then(|| view! {
            <table class="table compact" id="report-incidents">
                <thead>
                    <tr>
                        <th>"Alert"</th>
                        <th class="num">"Times fired"</th>
                        <th class="num">"Firing in total"</th>
                    </tr>
                </thead>
                <tbody>
                    {report
                        .alerts
                        .iter()
                        .map(|a| {
                            view! {
                                <tr>
                                    <td>{a.alert.clone()}</td>
                                    <td class="num">{a.times}</td>
                                    <td class="num">{humanize_duration(a.total_ms as f64)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            })}
        </section>
    }
}

/// Budget consumed in the period per SLO (above 100 = the objective was missed).
#[component]
fn BudgetChart(report: std::rc::Rc<Report>) -> impl IntoView {
    // Optional: this view may be built while the page is being replaced.
    let theme = use_context::<super::state::Workspace>()
        .map(|ws| ws.theme)
        .unwrap_or_else(|| RwSignal::new(Default::default()));
    let bars: Vec<(String, Vec<(usize, f64)>)> = report
        .rows
        .iter()
        .filter(|r| r.current.budget_consumed.is_finite())
        .map(|r| {
            let over = r.current.budget_consumed > 1.0;
            (
                r.slo.clone(),
                vec![(
                    if over { 4 } else { 0 },
                    (r.current.budget_consumed * 100.0).max(0.0),
                )],
            )
        })
        .collect();
    let chart = Signal::derive(move || BarChart {
        bars: bars.clone(),
        width: 760,
        theme: theme.try_get().unwrap_or_default(),
    });
    view! {
        <BarChartView
            chart=chart
            title="Budget consumed in the period (%)"
            legend=vec![(0, "within budget".to_string()), (4, "over budget".to_string())]
        />
    }
}
