//! Inventory change over time: one chart per PromQL source of the counts
//! `workspace::history` loads, and a "then vs now" table. Failures are shown per source.

use leptos::prelude::*;

use super::chart::TimeChartView;
use super::state::use_ws;
use super::widgets::ErrorBox;
use crate::core::chart::{compact, ChartSeries, TimeChart, ValueFormat};
use crate::core::inventory_history::{changes, error_text, Change, CHARTS, QUERIES};
use crate::core::slo::{HISTORY_MS, SLICE_MS};
use crate::core::time::DAY_MS;
use crate::workspace::history::{load_history, SourceHistory};

/// Offsets of the "then vs now" columns.
const OFFSETS: [(i64, &str); 4] = [
    (0, "now"),
    (7 * DAY_MS, "7 days ago"),
    (30 * DAY_MS, "30 days ago"),
    (90 * DAY_MS, "90 days ago"),
];

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), compact)
}

/// "+3" / "−2" / "" between then and now.
fn delta(c: &Change) -> String {
    match (
        c.values.first().copied().flatten(),
        c.values.get(2).copied().flatten(),
    ) {
        (Some(now), Some(then)) if now != then => format!(
            "{}{} in 30 days",
            if now > then { "+" } else { "−" },
            compact((now - then).abs())
        ),
        _ => String::new(),
    }
}

#[component]
fn SourceView(h: SourceHistory, end: i64) -> impl IntoView {
    let ws = use_ws();
    if h.series.is_empty() {
        return view! {
            <div class="history-source" data-source=h.source.clone()>
                <ErrorBox
                    title=format!("History from {} could not be loaded", h.source)
                    message=error_text(&h.errors)
                />
            </div>
        }
        .into_any();
    }
    let charts = CHARTS
        .iter()
        .enumerate()
        .map(|(k, title)| {
            // Colours follow the query's place in QUERIES, so each count keeps its colour.
            let series: Vec<ChartSeries> = h
                .series
                .iter()
                .filter_map(|(name, samples)| {
                    let i = QUERIES
                        .iter()
                        .position(|q| q.label == name && q.chart == k)?;
                    Some(ChartSeries {
                        name: name.clone(),
                        samples: samples.clone(),
                        color: i,
                    })
                })
                .collect();
            let chart = Signal::derive(move || TimeChart {
                series: series.clone(),
                thresholds: vec![],
                start_ms: end - HISTORY_MS,
                end_ms: end,
                width: 600,
                height: 220,
                format: ValueFormat::Number,
                theme: ws.theme.get(),
                gap_ms: None,
                include_zero: true,
                bands: vec![],
                clamp_max: None,
            });
            view! { <TimeChartView chart=chart title=format!("{title} — {}", h.source) /> }
        })
        .collect_view();
    let offsets: Vec<i64> = OFFSETS.iter().map(|o| o.0).collect();
    let rows = changes(&h.series, end, &offsets, 2 * SLICE_MS);
    let failed = (!h.errors.is_empty()).then(|| {
        view! {
            <ErrorBox
                title=format!("Some history from {} failed; the rest is shown", h.source)
                message=error_text(&h.errors)
            />
        }
    });
    view! {
        <div class="history-source" data-source=h.source.clone()>
            {failed}
            <div class="grid-halves">{charts}</div>
            <div class="table-wrap">
                <table class="table compact history-table">
                    <thead>
                        <tr>
                            <th></th>
                            {OFFSETS
                                .iter()
                                .map(|(_, l)| view! { <th class="num">{*l}</th> })
                                .collect_view()}
                            <th class="num">"min – max"</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <tr data-series=c.label.clone()>
                                        <td>{c.label.clone()}</td>
                                        {c
                                            .values
                                            .iter()
                                            .map(|v| view! { <td class="num">{cell(*v)}</td> })
                                            .collect_view()}
                                        <td class="num">
                                            {format!("{} – {}", cell(c.min), cell(c.max))}
                                        </td>
                                        <td class="muted">{delta(&c)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

#[component]
pub fn InventoryHistory() -> impl IntoView {
    let ws = use_ws();
    let data = LocalResource::new(move || {
        let cfg = ws.config.get();
        ws.generation.track();
        let loader = ws.loader();
        async move { load_history(&loader.job(&cfg)).await }
    });
    view! {
        <section class="card" id="inventory-history">
            <h2>"Inventory over time"</h2>
            <Suspense fallback=|| {
                view! { <p class="muted">"Loading history…"</p> }
            }>
                {move || Suspend::new(async move {
                    let (end, list) = data.await;
                    if list.is_empty() {
                        return view! {
                            <p class="muted">
                                "No source keeps inventory history. A Prometheus that scrapes kube-state-metrics and *_build_info gauges shows targets, workloads, nodes and versions over time here."
                            </p>
                        }
                            .into_any();
                    }
                    list.into_iter()
                        .map(|h| view! { <SourceView h=h end=end /> })
                        .collect_view()
                        .into_any()
                })}
            </Suspense>
        </section>
    }
}

/// Paging progress of inventory sources that report it (the Backstage catalog API).
#[component]
pub fn PagingProgress() -> impl IntoView {
    let ws = use_ws();
    view! {
        <div id="paging-progress">
            {move || {
                ws
                    .progress
                    .get()
                    .into_iter()
                    .map(|(name, p)| {
                        let label = match p.total {
                            Some(t) => format!("{name}: {} of {t} entities", p.done),
                            None => format!("{name}: {} entities", p.done),
                        };
                        view! {
                            <div class="progress-row">
                                <progress
                                    max=p.total.map(|t| t.max(1).to_string())
                                    value=p.total.map(|_| p.done.to_string())
                                    aria-label=format!("{name} loading")
                                ></progress>
                                <span class="muted">{label}</span>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
