//! Delivery: the DORA four keys per team and per repository (with their bands), and CI health
//! per workflow, over the last 30 days. "No data" is shown as such.

use leptos::prelude::*;

use super::state::use_ws;
use super::widgets::Loading;
use crate::core::chart::format_percent;
use crate::core::delivery::{week_start, Bands, Dora, WorkflowHealth};
use crate::core::time::{format_axis, format_date, humanize_duration, DAY_MS};
use crate::workspace::delivery::{build, dora_csv, health_csv};

fn band_class(b: &str) -> &'static str {
    match b {
        "elite" | "high" => "badge good",
        "medium" => "badge warn",
        "low" => "badge bad",
        _ => "badge muted",
    }
}

fn dora_cells(d: &Dora, bands: &Bands) -> impl IntoView {
    let fmt_ms = |v: Option<f64>| v.map_or("no data".to_string(), humanize_duration);
    let (f, l, c, r) = (
        bands.frequency(d.deploys_per_day),
        bands.lead_time(d.lead_time_ms),
        bands.failure(d.change_failure_rate),
        bands.restore(d.time_to_restore_ms),
    );
    view! {
        <td class="num">
            {format!("{:.2}/day", d.deploys_per_day)}" "<span class=band_class(f)>{f}</span>
        </td>
        <td class="num">{fmt_ms(d.lead_time_ms)}" "<span class=band_class(l)>{l}</span></td>
        <td class="num">
            {d.change_failure_rate.map_or("no data".into(), format_percent)}" "
            <span class=band_class(c)>{c}</span>
        </td>
        <td class="num">{fmt_ms(d.time_to_restore_ms)}" "<span class=band_class(r)>{r}</span></td>
    }
}

/// Success rate per ISO week ("–" for a week without finished runs), red under 90%.
fn week_cells(h: &WorkflowHealth, weeks: &[i64]) -> impl IntoView {
    weeks
        .iter()
        .map(|w| match h.weekly.iter().find(|(t, _)| t == w) {
            Some((_, r)) => view! {
                <td class=format!(
                    "num week {}",
                    if *r < 0.9 { "bad-text" } else { "" },
                )>{format_percent(*r)}</td>
            }
            .into_any(),
            None => view! { <td class="num week muted">"–"</td> }.into_any(),
        })
        .collect_view()
}

/// A button that downloads a CSV computed with the table it sits on.
#[component]
fn ExportButton(id: &'static str, file: &'static str, body: String) -> impl IntoView {
    view! {
        <button
            class="button small"
            id=id
            on:click=move |_| {
                let _ = crate::web::download::download(file, "text/csv", &body);
            }
        >
            "Export CSV"
        </button>
    }
}

/// The Delivery section: the DORA four keys and CI health, reachable from the navigation.
#[component]
pub fn DeliveryPage() -> impl IntoView {
    view! {
        <super::widgets::PageHeader
            title="Delivery"
            subtitle="The DORA four keys per team and repository, and CI health per workflow"
        />
        <Delivery />
    }
}

#[component]
pub fn Delivery() -> impl IntoView {
    let ws = use_ws();
    view! {
        <Suspense fallback=|| {
            view! { <Loading what="delivery" /> }
        }>
            {move || Suspend::new(async move {
                let runs = ws.runs.await;
                let timeline = ws.timeline.await;
                let inv = ws.inventory.await;
                let now = *ws.now.await;
                let cfg = ws.config.get_untracked().delivery;
                let (settings, bands) = (cfg.settings(), cfg.bands());
                let d = build(&runs, &timeline, &inv, now, &cfg);
                let (from, dora_csv, health_csv) = (d.from_ms, dora_csv(&d, &bands), health_csv(&d));
                let (team_dora, repo_dora, health) = (d.teams, d.repos, d.health);
                let team_rows = team_dora
                    .iter()
                    .map(|(t, d)| {
                        view! {
                            <tr>
                                <td>{t.clone()}</td>
                                <td class="num">{d.deployments}</td>
                                {dora_cells(d, &bands)}
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any();
                let repo_rows = repo_dora
                    .iter()
                    .map(|(r, d)| {
                        view! {
                            <tr data-repo=r.clone()>
                                <td>{r.clone()}</td>
                                <td class="num">{d.deployments}</td>
                                {dora_cells(d, &bands)}
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any();
                let weeks: Vec<i64> = std::iter::successors(
                        Some(week_start(from)),
                        |w| Some(w + 7 * DAY_MS),
                    )
                    .take_while(|w| *w < now)
                    .collect();
                let issues = runs
                    .issues
                    .iter()
                    .map(|i| {
                        view! {
                            <super::widgets::ErrorBox
                                title=format!("CI source {} failed", i.source)
                                message=i.error.to_string()
                            />
                        }
                    })
                    .collect_view();
                if runs.runs.is_empty() {
                    return view! {
                        {issues}
                        <section class="card" id="delivery-empty">
                            <h2>"Delivery"</h2>
                            <p class="muted">
                                "No CI runs or deployments: DORA keys and CI health have no data. Add a github-actions source (workflow runs or the deployments API) or a delivery source (deployments and incidents as CSV or JSON from any system) on the Sources page."
                            </p>
                        </section>
                    }
                        .into_any();
                }
                view! {
                    {issues}
                    <section class="card table-wrap">
                        <div class="card-head">
                            <h2>"DORA four keys, last 30 days"</h2>
                            <ExportButton
                                id="export-dora-csv"
                                file="headroom-dora.csv"
                                body=dora_csv
                            />
                        </div>
                        <p class="hint">
                            {format!(
                                "A deployment is a successful run of {} on {}; lead time runs from the commit's first CI run to the end of its deployment; a deployment failed when an incident of its service started within {}; time to restore is the median incident duration.",
                                settings.deploy_workflows.join(", "),
                                settings.branch,
                                cfg.failure_window,
                            )}
                        </p>
                        <DoraTable id="dora-teams" first="Team" rows=team_rows />
                        <details>
                            <summary>"Per repository"</summary>
                            <DoraTable id="dora-repos" first="Repository" rows=repo_rows />
                        </details>
                    </section>
                    <section class="card table-wrap">
                        <div class="card-head">
                            <h2>"CI health per workflow, last 30 days (success per ISO week)"</h2>
                            <ExportButton
                                id="export-ci-csv"
                                file="headroom-ci-health.csv"
                                body=health_csv
                            />
                        </div>
                        <table class="table compact" id="ci-health">
                            <thead>
                                <tr>
                                    <th>"Workflow"</th>
                                    <th class="num">"Runs"</th>
                                    <th class="num">"Success"</th>
                                    {weeks
                                        .iter()
                                        .map(|w| {
                                            view! {
                                                <th
                                                    class="num week"
                                                    title=format!("ISO week from {}", format_date(*w))
                                                >
                                                    {format_axis(*w, 30 * DAY_MS)}
                                                </th>
                                            }
                                        })
                                        .collect_view()}
                                    <th class="num">"p50 duration"</th>
                                    <th class="num">"p95 duration"</th>
                                    <th class="num">"p50 queue"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {health
                                    .iter()
                                    .map(|h| {
                                        view! {
                                            <tr data-workflow=format!("{}/{}", h.repo, h.workflow)>
                                                <td>{format!("{} · {}", h.repo, h.workflow)}</td>
                                                <td class="num">{h.runs}</td>
                                                <td class="num">{format_percent(h.success_rate)}</td>
                                                {week_cells(h, &weeks)}
                                                <td class="num">{humanize_duration(h.p50_duration_ms)}</td>
                                                <td class="num">{humanize_duration(h.p95_duration_ms)}</td>
                                                <td class="num">{humanize_duration(h.p50_queue_ms)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
                    .into_any()
            })}
        </Suspense>
    }
}

/// The four keys per team or per repository: the head, then the caller's rows.
#[component]
fn DoraTable(id: &'static str, first: &'static str, rows: AnyView) -> impl IntoView {
    let heads = [
        "Deployments",
        "Frequency",
        "Lead time",
        "Change failure",
        "Time to restore",
    ];
    view! {
        <table class="table compact" id=id>
            <thead>
                <tr>
                    <th>{first}</th>
                    {heads.map(|h| view! { <th class="num">{h}</th> }).into_iter().collect_view()}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
