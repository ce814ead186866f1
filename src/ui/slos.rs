//! The SLO list: one row per SLO, worst budget first or sorted by a column, searchable,
//! filterable by team and label, grouped by team or service (all kept in the URL), with a CSV
//! export of the whole filtered list and a budget chart. The table is in `table.rs` (long
//! lists are virtualised), its rows in `rows.rs`.

mod listed;
mod rows;
mod table;

use leptos::prelude::*;

use super::chart::BarChartView;
use super::exclusions::ExclusionPanel;
use super::slo_waiting::SloWaiting;
use super::state::use_ws;
use super::widgets::PageHeader;
use crate::core::chart::BarChart;
use crate::workspace::export::slo_csv;
use crate::workspace::slo_list::Order;
use crate::workspace::SloEntry;
use listed::{Listed, CHART_MAX};
use table::SloTable;

#[component]
pub fn SloList() -> impl IntoView {
    let ws = use_ws();
    let q = move || ws.route.get().param("q").unwrap_or("").to_string();
    let team = move || ws.route.get().param("team").unwrap_or("").to_string();
    let label = move || ws.route.get().param("label").unwrap_or("").to_string();
    let group = move || ws.route.get().param("group").unwrap_or("").to_string();
    let set_param =
        move |k: &'static str, v: String| ws.replace(ws.route.get_untracked().with(k, &v));
    let order = Memo::new(move |_| ws.route.with(|r| r.param("sort").and_then(Order::parse)));
    let filtered = Memo::new(move |_| {
        let (q, team, label) = (q(), team(), label());
        let state = ws.slos.get().unwrap_or_default();
        Listed::new(state, [&q, &team, &label], order.get())
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
            .with(Listed::consumed)
            .into_iter()
            .map(|(name, c)| {
                (
                    name,
                    vec![(if c > 1.0 { 4 } else { 0 }, (c * 100.0).max(0.0))],
                )
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
        let rows: Vec<SloEntry> = filtered.with_untracked(|l| l.iter().cloned().collect());
        let text = slo_csv(&rows, &t, now, &excluded.unwrap_or_default());
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
            <SloTable rows=filtered pending=pending group=Signal::derive(group) order=order />
        </Show>
        <BarChartView
            chart=chart
            title=format!(
                "Error budget consumed over the window (%; above 100 = breached; of a longer list, the {CHART_MAX} that consumed most)",
            )
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
