//! The SLO list: one row per SLO, worst budget first, searchable and filterable by team (both
//! kept in the URL), with a CSV export and a budget chart.

use leptos::prelude::*;

use super::chart::BarChartView;
use super::exclusions::{ExcludedBadge, ExclusionPanel};
use super::slo_waiting::SloWaiting;
use super::state::use_ws;
use super::widgets::{status_class, PageHeader, StatusBadge};
use crate::core::chart::{format_percent, BarChart, ValueFormat};
use crate::core::route::encode;
use crate::core::slo::BURN_WINDOWS;
use crate::workspace::attention::tier_marks;
use crate::workspace::export::{alert_state, slo_csv};
use crate::workspace::slo_list::{grouped, matches, sort_worst_first, Group};
use crate::workspace::{LoadError, PendingSlo, SloEntry};

#[component]
pub fn SloList() -> impl IntoView {
    let ws = use_ws();
    let q = move || ws.route.get().param("q").unwrap_or("").to_string();
    let team = move || ws.route.get().param("team").unwrap_or("").to_string();
    let label = move || ws.route.get().param("label").unwrap_or("").to_string();
    let group = move || ws.route.get().param("group").unwrap_or("").to_string();
    let set_param =
        move |k: &'static str, v: String| ws.replace(ws.route.get_untracked().with(k, &v));
    let filtered = Memo::new(move |_| {
        let data = ws.slos.get().unwrap_or_default();
        let mut rows: Vec<SloEntry> = data
            .entries
            .iter()
            .filter(|e| matches(e, &q(), &team(), &label()))
            .cloned()
            .collect();
        sort_worst_first(&mut rows);
        rows
    });
    let pending = Memo::new(move |_| {
        let needle = q().to_lowercase();
        ws.slos.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.pending
                        .iter()
                        .filter(|p| p.name.to_lowercase().contains(&needle))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let teams = Memo::new(move |_| {
        let mut t: Vec<String> = ws
            .slos
            .get()
            .unwrap_or_default()
            .entries
            .iter()
            .filter_map(|e| e.slo.as_ref().ok().map(|s| s.team.clone()))
            .filter(|t| !t.is_empty())
            .collect();
        t.sort();
        t.dedup();
        t
    });
    let chart = Signal::derive(move || {
        let bars = filtered
            .get()
            .iter()
            .filter_map(|e| {
                e.summary.as_ref().map(|s| {
                    (
                        e.name.clone(),
                        vec![(
                            if s.window.budget_consumed > 1.0 { 4 } else { 0 },
                            (s.window.budget_consumed * 100.0).max(0.0),
                        )],
                    )
                })
            })
            .collect();
        BarChart {
            bars,
            width: 560,
            theme: ws.theme.get(),
        }
    });
    let export = move |_| {
        let t = ws.timeline.get_untracked().unwrap_or_default();
        let now = ws
            .slos
            .get_untracked()
            .map(|d| d.now_ms)
            .unwrap_or_default();
        let excluded = ws
            .slos
            .with_untracked(|d| d.as_ref().map(|d| d.exclusions.clone()));
        let text = slo_csv(
            &filtered.get_untracked(),
            &t,
            now,
            &excluded.unwrap_or_default(),
        );
        let _ = crate::web::download::download("headroom-slos.csv", "text/csv", &text);
    };
    let export_openslo = move |_| {
        let cfgs: Vec<_> = ws.config.get_untracked().slos;
        let _ = crate::web::download::download(
            "slos.openslo.yaml",
            "application/yaml",
            &crate::core::slo::formats::to_openslo(&cfgs),
        );
    };
    view! {
        <PageHeader
            title="SLOs"
            subtitle="Error budgets over each SLO's window, computed in your browser from raw counters"
        >
            <a class="button" href="#/slo-editor">
                "New SLO"
            </a>
            <button class="button" id="export-openslo" on:click=export_openslo>
                "Export OpenSLO"
            </button>
            <button
                class="button"
                id="export-slos"
                on:click=export
                disabled=move || !ws.slos.with(|d| d.as_ref().is_some_and(|d| d.complete())) || ws.timeline.with(Option::is_none)
                title="Exports once the SLOs and their alert states have loaded"
            >
                "Export CSV"
            </button>
        </PageHeader>
        <div class="toolbar">
            <input
                type="search"
                placeholder="Search SLOs, services, teams"
                aria-label="Search SLOs"
                prop:value=q
                on:input=move |ev| set_param("q", event_target_value(&ev))
            />
            <select
                aria-label="Team"
                prop:value=team
                on:change=move |ev| set_param("team", event_target_value(&ev))
            >
                <option value="">"All teams"</option>
                {move || {
                    teams
                        .get()
                        .into_iter()
                        .map(|t| {
                            // Options arrive after the value was set: a deep link's team
                            // selects itself.
                            let chosen = t == team();
                            view! { <option value=t.clone() selected=chosen>{t.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <input
                aria-label="Label filter"
                placeholder="label=value"
                prop:value=label
                on:change=move |ev| set_param("label", event_target_value(&ev))
            />
            <select
                aria-label="Group by"
                prop:value=group
                on:change=move |ev| set_param("group", event_target_value(&ev))
            >
                <option value="">"No grouping"</option>
                <option value="team">"Group by team"</option>
                <option value="service">"Group by service"</option>
            </select>
        </div>
        <ExclusionPanel />
        <SloWaiting />
        <Show when=move || ws.slos.with(Option::is_some)>
            <SloTable rows=filtered pending=pending group=Signal::derive(group) />
        </Show>
        <BarChartView
            chart=chart
            title="Error budget consumed over the window (%; above 100 = breached)"
            // Until the first SLO has its figures (each bar comes with its SLO).
            loading=Signal::derive(move || {
                ws.slos.with(|d| {
                    d.as_ref().is_none_or(|d| {
                        !d.complete() && d.entries.iter().all(|e| e.summary.is_none())
                    })
                })
            })
            legend=vec![(0, "within budget".to_string()), (4, "breached".to_string())]
        />
    }
}

#[component]
fn SloTable(
    rows: Memo<Vec<SloEntry>>,
    pending: Memo<Vec<PendingSlo>>,
    group: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="card table-wrap">
            <table class="table" id="slo-table">
                <thead>
                    <tr>
                        <th>"SLO"</th>
                        <th>"Service"</th>
                        <th>"Team"</th>
                        <th class="num">"Objective"</th>
                        <th>"Window"</th>
                        <th>"SLI"</th>
                        <th class="num">"Attainment"</th>
                        <th class="num">"Budget left"</th>
                        {BURN_WINDOWS
                            .iter()
                            .map(|(l, _)| view! { <th class="num">{format!("Burn {l}")}</th> })
                            .collect_view()}
                        <th>"Alert"</th>
                        <th>"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    // try_get: this closure can run once more while the page is torn down.
                    {move || {
                        let (rows, group) = (
                            rows.try_get().unwrap_or_default(),
                            group.try_get().unwrap_or_default(),
                        );
                        grouped(rows, &group)
                            .into_iter()
                            .map(|(head, entries)| {
                                view! {
                                    {head.map(|h| view! { <GroupRow group=h /> })}
                                    {entries
                                        .into_iter()
                                        .map(|e| view! { <SloRow entry=e /> })
                                        .collect_view()}
                                }
                            })
                            .collect_view()
                    }}
                    {move || {
                        pending
                            .try_get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|p| view! { <PendingRow pending=p /> })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <Show when=move || {
                rows.try_get().is_some_and(|r| r.is_empty())
                    && pending.try_get().is_some_and(|p| p.is_empty())
            }>
                <p class="muted">"No SLO matches the filters."</p>
            </Show>
        </div>
    }
}

/// A definition still waiting for its source: named, with what it waits for.
#[component]
fn PendingRow(pending: PendingSlo) -> impl IntoView {
    view! {
        <tr data-slo=pending.name.clone() class="row-pending" aria-busy="true">
            <td>
                <a href=format!("#/slos/{}", encode(&pending.name))>{pending.name.clone()}</a>
            </td>
            <td colspan="13" class="muted">
                {format!("waiting for {}…", pending.source)}
            </td>
        </tr>
    }
}

#[component]
fn GroupRow(group: Group) -> impl IntoView {
    view! {
        <tr class="group-row" data-group=group.name.clone()>
            <td colspan="6">
                <b>{group.name.clone()}</b>
                " · "
                {format!("{} of {} SLOs met", group.met, group.count)}
            </td>
            <td class="num">
                <b>{format_percent(group.sli)}</b>
            </td>
            <td colspan="7" class="muted">
                "event-weighted over the group's SLOs"
            </td>
        </tr>
    }
}

#[component]
fn SloRow(entry: SloEntry) -> impl IntoView {
    let ws = super::state::use_ws();
    let alert = {
        let e = entry.clone();
        move || {
            let t = ws.timeline.get().unwrap_or_default();
            let now = ws.slos.get().map(|d| d.now_ms).unwrap_or_default();
            let state = alert_state(&e, &t, now);
            let cls = match state {
                "firing" => "badge bad",
                "pending" => "badge warn",
                _ => "muted",
            };
            view! { <span class=cls>{state}</span> }
        }
    };
    let link = format!("#/slos/{}", encode(&entry.name));
    let now = ws
        .slos
        .with_untracked(|d| d.as_ref().map(|d| d.now_ms))
        .unwrap_or_default();
    let crossed = tier_marks(&entry, now);
    match (&entry.slo, &entry.summary) {
        (Ok(slo), Some(s)) => {
            let rem = s.window.budget_remaining;
            let bar_class = format!("budget-bar {}", status_class(s.status));
            let width = format!("{}%", (rem.clamp(0.0, 1.0) * 100.0).round());
            // In words users know; exports keep the config's name (`bool_gauge`).
            let kind = match slo.sli_kind() {
                "bool_gauge" => "probe/uptime",
                k => k,
            };
            view! {
                <tr data-slo=entry.name.clone()>
                    <td>
                        <a href=link>{entry.name.clone()}</a>
                        {entry
                            .origin
                            .starts_with("discovered")
                            .then(|| {
                                view! {
                                    <span class="badge muted flag" title=entry.origin.clone()>
                                        "discovered"
                                    </span>
                                }
                            })}
                        <ExcludedBadge entry=entry.clone() />
                    </td>
                    <td>{slo.service.clone()}</td>
                    <td>{slo.team.clone()}</td>
                    <td class="num">{format_percent(slo.objective)}</td>
                    <td>{slo.window.label()}</td>
                    <td>{kind}</td>
                    <td class="num">{format_percent(s.window.sli)}</td>
                    <td class="num budget">
                        {format_percent(rem)}<span class=bar_class>
                            <span style:width=width></span>
                        </span>
                    </td>
                    {s
                        .burns
                        .iter()
                        .zip(crossed)
                        .map(|(b, tier)| {
                            // Coloured by the alert tier the burn crosses in this window.
                            let (class, title) = match tier {
                                Some(("page", f)) => ("num burn-page", format!("over the page tier's {f:.1}×")),
                                Some((_, f)) => ("num burn-ticket", format!("over the ticket tier's {f:.1}×")),
                                None => ("num", String::new()),
                            };
                            view! { <td class=class title=title>{ValueFormat::Multiple.format(*b)}</td> }
                        })
                        .collect_view()}
                    <td class="alert-state">{alert}</td>
                    <td>
                        <StatusBadge status=s.status />
                        {entry
                            .flags
                            .iter()
                            // "no data" is said once, by the status.
                            .filter(|f| f.as_str() != "no_data")
                            .map(|f| {
                                view! {
                                    <span
                                        class="badge muted flag"
                                        title=crate::core::slo::quality::explain(f)
                                    >
                                        {f.replace('_', " ")}
                                    </span>
                                }
                            })
                            .collect_view()}
                    </td>
                </tr>
            }
            .into_any()
        }
        _ => {
            let msg = match (&entry.slo, &entry.slices) {
                // Which source failed matters when several serve the list.
                (Ok(slo), Err(e @ LoadError::Source { .. })) => {
                    format!("Source {}: {e}", slo.source)
                }
                (Err(e), _) | (_, Err(e)) => e.to_string(),
                _ => "not computed".into(),
            };
            view! {
                <tr data-slo=entry.name.clone() class="row-error">
                    <td>
                        <a href=link>{entry.name.clone()}</a>
                    </td>
                    <td colspan="13" class="bad-text">
                        {msg}
                    </td>
                </tr>
            }
            .into_any()
        }
    }
}
