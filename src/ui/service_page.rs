//! One service: its sources, SLOs (budget left and 1-hour burn), workloads per cluster with
//! versions and replicas, relations, links, recent deployments and recent CI runs.

use leptos::prelude::*;

use super::chart::TimeChartView;
use super::state::use_ws;
use super::widgets::{status_class, ErrorBox, Loading, PageHeader, Tile};
use crate::core::chart::{format_percent, ChartSeries, Threshold, TimeChart, ValueFormat};
use crate::core::inventory::CiRun;
use crate::core::route::encode;
use crate::core::time::{format_date, format_datetime, humanize_duration};

/// The daily SLI of each of the service's SLOs, for its page.
fn service_chart(
    slos: &[std::sync::Arc<crate::workspace::SloEntry>],
    now_ms: i64,
    theme: RwSignal<crate::core::chart::Theme>,
) -> Signal<TimeChart> {
    let series: Vec<ChartSeries> = slos
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            Some(ChartSeries {
                name: e.name.clone(),
                samples: e
                    .slices
                    .as_ref()
                    .ok()?
                    .sli_series(crate::core::time::DAY_MS),
                color: i,
            })
        })
        .collect();
    let thresholds: Vec<Threshold> = slos
        .iter()
        .filter_map(|e| e.slo.as_ref().ok())
        .map(|s| Threshold {
            value: s.objective,
            label: format!("{} objective", s.name),
        })
        .collect();
    Signal::derive(move || TimeChart {
        series: series.clone(),
        thresholds: thresholds.clone(),
        start_ms: now_ms - crate::core::slo::HISTORY_MS,
        end_ms: now_ms,
        width: 1000,
        height: 240,
        format: ValueFormat::Percent,
        theme: theme.get(),
        gap_ms: None,
        include_zero: false,
        bands: vec![],
        clamp_max: None,
    })
}

#[component]
pub fn ServicePage(name: String) -> impl IntoView {
    let ws = use_ws();
    view! {
        <PageHeader title=name.clone() subtitle="Service">
            <a class="button" href="#/inventory">
                "Inventory"
            </a>
        </PageHeader>
        <super::slo_waiting::SloWaiting />
        <Suspense fallback=|| {
            view! { <Loading what="service" /> }
        }>
            {move || {
                let name = name.clone();
                // The service's SLOs as they arrive (the page waits for none of them).
                let slos = ws.slos.get().unwrap_or_default();
                Suspend::new(async move {
                    let inv = ws.inventory.await;
                    let runs = ws.runs.await;
                    let Some(row) = inv.services.iter().find(|r| r.service == name).cloned() else {
                        return view! {
                            <ErrorBox
                                title="Unknown service"
                                message=format!("No source knows a service named \"{name}\".")
                            />
                        }
                            .into_any();
                    };
                    let workloads: Vec<_> = inv
                        .entities
                        .iter()
                        .filter(|e| {
                            e.service.as_deref() == Some(name.as_str())
                                && e.replicas_desired.is_some()
                        })
                        .cloned()
                        .collect();
                    let mine: Vec<_> = slos
                        .entries
                        .iter()
                        .filter(|e| e.slo.as_ref().is_ok_and(|s| s.service == name))
                        .cloned()
                        .collect();
                    let traffic = service_chart(&mine, slos.now_ms, ws.theme);
                    let mut relations: Vec<(String, String)> = inv
                        .entities
                        .iter()
                        .filter(|e| e.service.as_deref() == Some(name.as_str()))
                        .flat_map(|e| e.relations.clone())
                        .collect();
                    relations.sort();
                    relations.dedup();
                    let mut links: Vec<(String, String)> = inv
                        .entities
                        .iter()
                        .filter(|e| e.service.as_deref() == Some(name.as_str()))
                        .flat_map(|e| e.links.clone())
                        .collect();
                    links.dedup();
                    let mut repo_runs: Vec<_> = runs
                        .runs
                        .iter()
                        .filter(|r| r.repo.rsplit('/').next() == Some(name.as_str()))
                        .cloned()
                        .collect();
                    crate::core::order::sort_by_key(&mut repo_runs, |r| std::cmp::Reverse(r.created_ms));
                    let dora = ws.config.get_untracked().delivery.settings();
                    let deploys: Vec<_> = repo_runs
                        .iter()
                        .filter(|r| {
                            r.deployment
                                || (dora.deploy_workflows.contains(&r.workflow)
                                    && r.branch == dora.branch)
                        })
                        .take(10)
                        .cloned()
                        .collect();
                    repo_runs.truncate(10);
                    // Deployments as DORA counts them: deployment events, or deploy workflows on the branch.
                    view! {
                        <div class="tiles">
                            <Tile
                                label="Owner"
                                value=row.owner.clone().unwrap_or_else(|| "unknown".into())
                                sub=row.system.clone().unwrap_or_default()
                            />
                            <Tile
                                label="Replicas"
                                value=format!("{} / {}", row.available, row.desired)
                                sub=format!("{} workloads", row.workloads)
                            />
                            <Tile
                                label="Versions"
                                value=row.versions.len().to_string()
                                sub={crate::core::version::ordered(&row.versions).into_iter().map(|(v, _)| v.clone()).collect::<Vec<_>>().join(", ")}
                            />
                            <Tile
                                label="Sources"
                                value=row.sources.len().to_string()
                                sub={row.sources.iter().cloned().collect::<Vec<_>>().join(", ")}
                            />
                        </div>
                        <TimeChartView chart=traffic title="SLI per day, by SLO" />
                        <div class="grid-halves">
                            <section class="card table-wrap">
                                <h2>"SLOs"</h2>
                                <table class="table compact">
                                    <tbody>
                                        {mine
                                            .into_iter()
                                            .map(|e| {
                                                let s = e.summary.clone();
                                                view! {
                                                    <tr>
                                                        <td>
                                                            <a href=format!(
                                                                "#/slos/{}",
                                                                encode(&e.name),
                                                            )>{e.name.clone()}</a>
                                                        </td>
                                                        <td class="num">
                                                            {s
                                                                .as_ref()
                                                                .map(|s| {
                                                                    format!(
                                                                        "{} left",
                                                                        format_percent(s.window.budget_remaining),
                                                                    )
                                                                })}
                                                        </td>
                                                        <td class="num" title="burn rate over the last hour">
                                                            {s
                                                                .as_ref()
                                                                .map(|s| {
                                                                    format!(
                                                                        "{} burn 1h",
                                                                        ValueFormat::Multiple.format(s.burns[0]),
                                                                    )
                                                                })}
                                                        </td>
                                                        <td>
                                                            {s
                                                                .map(|s| {
                                                                    view! {
                                                                        <span class=format!(
                                                                            "badge {}",
                                                                            status_class(s.status),
                                                                        )>{s.status.label()}</span>
                                                                    }
                                                                })}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </section>
                            <section class="card table-wrap">
                                <h2>"Workloads"</h2>
                                <table class="table compact">
                                    <thead>
                                        <tr>
                                            <th>"Name"</th>
                                            <th>"Cluster"</th>
                                            <th>"Version"</th>
                                            <th class="num">"Replicas"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {workloads
                                            .into_iter()
                                            .map(|w| {
                                                view! {
                                                    <tr>
                                                        <td>{w.name}</td>
                                                        <td>{w.cluster.unwrap_or_default()}</td>
                                                        <td>{w.version.unwrap_or_default()}</td>
                                                        <td class="num">
                                                            {format!(
                                                                "{} / {}",
                                                                w.replicas_available.unwrap_or(0),
                                                                w.replicas_desired.unwrap_or(0),
                                                            )}
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </section>
                        </div>
                        <div class="grid-halves">
                            <section class="card table-wrap">
                                <h2>"Relations"</h2>
                                <table class="table compact" id="relations">
                                    <tbody>
                                        {relations
                                            .into_iter()
                                            .map(|(t, target)| {
                                                view! {
                                                    <tr>
                                                        <td class="muted">{t}</td>
                                                        <td>{target}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            </section>
                            <section class="card table-wrap">
                                <h2>"Links"</h2>
                                <ul class="links">
                                    {links
                                        .into_iter()
                                        .map(|(title, url)| {
                                            view! {
                                                <li>
                                                    <a
                                                        href=url.clone()
                                                        target="_blank"
                                                        rel="noopener noreferrer"
                                                    >
                                                        {title}
                                                    </a>
                                                    " "
                                                    <span class="muted mono">{url}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        </div>
                        <RunsTable
                            title="Recent deployments"
                            id="service-deployments"
                            heads=["Finished", "Repository", "Commit", "Took"]
                            runs=deploys
                            cells=|r| [
                                (format_datetime(r.updated_ms), ""),
                                (r.repo.clone(), ""),
                                (r.sha.chars().take(8).collect(), "mono"),
                            ]
                        />
                        <RunsTable
                            title="Recent CI runs"
                            id="service-runs"
                            heads=["Date", "Workflow", "Branch", "Duration"]
                            runs=repo_runs
                            cells=|r| [
                                (format_date(r.created_ms), ""),
                                (r.workflow.clone(), ""),
                                (r.branch.clone(), ""),
                            ]
                        />
                    }
                        .into_any()
                })
            }}
        </Suspense>
    }
}

/// Three cells of the caller's (text, class) for one run.
type RunCells = fn(&CiRun) -> [(String, &'static str); 3];

/// Runs as a table: the caller's three cells, then the result and how long the run took.
#[component]
fn RunsTable(
    title: &'static str,
    id: &'static str,
    heads: [&'static str; 4],
    runs: Vec<CiRun>,
    cells: RunCells,
) -> impl IntoView {
    let rows = runs
        .into_iter()
        .map(|r| {
            let tone = if r.conclusion == "success" { "good" } else { "bad" };
            view! {
                <tr>
                    {cells(&r).into_iter().map(|(text, class)| view! { <td class=class>{text}</td> }).collect_view()}
                    <td>
                        <span class=format!("badge {tone}")>{r.conclusion.clone()}</span>
                    </td>
                    <td class="num">{humanize_duration(r.duration_ms() as f64)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card table-wrap">
            <h2>{title}</h2>
            <table class="table compact" id=id>
                <thead>
                    <tr>
                        {heads[..3].iter().map(|h| view! { <th>{*h}</th> }).collect_view()}
                        <th>"Result"</th>
                        <th class="num">{heads[3]}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
