//! Overview: how reliable is everything right now, how much traffic, what broke recently.

use leptos::prelude::*;

use super::chart::TimeChartView;
use super::slo_waiting::SloWaiting;
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading, PageHeader};
use crate::core::chart::{format_percent, ChartSeries, TimeChart, ValueFormat};
use crate::core::slo::HISTORY_MS;
use crate::core::time::{format_date, format_datetime, humanize_duration};
use crate::workspace::attention::needs_attention;
use crate::workspace::overview::{fleet_errors, traffic_series};

mod tiles;
use tiles::{InventoryTiles, SloCounts, SloTiles};

#[component]
pub fn Overview() -> impl IntoView {
    let ws = use_ws();
    let traffic = Signal::derive(move || {
        let data = ws.slos.get().unwrap_or_default();
        TimeChart {
            series: traffic_series(&data),
            thresholds: vec![],
            start_ms: data.now_ms - HISTORY_MS,
            end_ms: data.now_ms,
            width: 760,
            height: 260,
            format: ValueFormat::Rate,
            theme: ws.theme.get(),
            gap_ms: None,
            include_zero: true,
            bands: vec![],
            clamp_max: None,
        }
    });
    let errors = Signal::derive(move || {
        let data = ws.slos.get().unwrap_or_default();
        let series = vec![ChartSeries {
            name: "error ratio".into(),
            samples: fleet_errors(&data),
            color: 1,
        }];
        TimeChart {
            series,
            thresholds: vec![],
            start_ms: data.now_ms - HISTORY_MS,
            end_ms: data.now_ms,
            width: 760,
            height: 200,
            format: ValueFormat::Percent,
            theme: ws.theme.get(),
            gap_ms: None,
            include_zero: true,
            bands: vec![],
            clamp_max: None,
        }
    });
    // Some SLO answered (or none will): the charts have data to draw.
    let waiting = Signal::derive(move || {
        !ws.slos.with(|d| {
            d.as_ref()
                .is_some_and(|d| !d.entries.is_empty() || d.complete())
        })
    });
    let counts = Memo::new(move |_| ws.slos.with(|d| d.as_ref().map(|d| SloCounts::of(d))));
    view! {
        <PageHeader title="Overview" subtitle="Reliability and delivery at a glance" />
        <SloWaiting />
        {move || {
            ws.slos
                .get()
                .map(|data| {
                    view! {
                        <p class="as-of">{format!("Data as of {}", format_datetime(data.now_ms))}</p>
                    }
                })
        }}
        <div class="tiles">
            {move || counts.get().map(|c| view! { <SloTiles counts=c /> })}
            <InventoryTiles />
        </div>
        <div class="grid-2">
            // Until the first SLO answers, "Loading…" rather than an empty 1970 axis; mounted
            // meanwhile, the charts know their widths and draw the first answer at once.
            <TimeChartView
                chart=traffic
                title="Requests per second by service (90 days)"
                loading=waiting
            />
            <div class="stack">
                <TimeChartView chart=errors title="Fleet error ratio (hourly)" loading=waiting />
                <WorstSlos />
            </div>
        </div>
        <Incidents />
    }
}

/// The SLOs to look at first: firing tiers (paging first), then burn, then budget.
#[component]
fn WorstSlos() -> impl IntoView {
    let ws = use_ws();
    let list = Memo::new(move |_| {
        ws.slos.with(|d| {
            d.as_ref()
                .map(|d| (d.entries.is_empty(), needs_attention(d)))
        })
    });
    view! {
        <div class="card" id="needs-attention">
            <h2>"Needs attention"</h2>
            {move || {
                list.get()
                    .map(|(no_slos, rows)| {
                        if no_slos {
                            return view! {
                                <p class="muted">
                                    "No SLOs yet. Define them in the config, open OpenSLO, Sloth or Pyrra files on the Sources page, or write one in the "
                                    <a href="#/slo-editor">"SLO editor"</a>"."
                                </p>
                            }
                                .into_any();
                        }
                        if rows.is_empty() {
                            return view! {
                                <p class="muted">"Nothing is burning: no alert tier fires and every SLO is within budget."</p>
                            }
                                .into_any();
                        }
                        view! {
                            <div class="table-wrap">
                            <table class="table compact">
                                <thead>
                                    <tr>
                                        <th>"SLO · firing tiers"</th>
                                        <th class="num">"Burn 1h"</th>
                                        <th class="num">"Budget left"</th>
                                        <th>"Status"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .take(8)
                                        .map(|a| {
                                            let tone = match a.label() {
                                                "paging" | "breached" => "badge bad",
                                                _ => "badge warn",
                                            };
                                            view! {
                                                <tr data-slo=a.slo.clone()>
                                                    // The tiers under the name: a column of their
                                                    // own pushed Status out of a 420 px screen.
                                                    <td>
                                                        <a href=format!(
                                                            "#/slos/{}",
                                                            crate::core::route::encode(&a.slo),
                                                        )>{a.slo.clone()}</a>
                                                        <div class="firing">{a.firing.join(", ")}</div>
                                                    </td>
                                                    <td class="num">{ValueFormat::Multiple.format(a.burn)}</td>
                                                    <td class="num">{format_percent(a.budget_remaining)}</td>
                                                    <td>
                                                        <span class=tone>{a.label()}</span>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }
                            .into_any()
                    })
            }}
        </div>
    }
}

#[component]
fn Incidents() -> impl IntoView {
    let ws = use_ws();
    view! {
        <section class="card table-wrap">
            <h2>"Incidents (firing alerts and incident exports, last 90 days)"</h2>
            <Suspense fallback=|| {
                view! { <Loading what="alert history" /> }
            }>
                {move || Suspend::new(async move {
                    let t = ws.timeline.await;
                    let issues = t
                        .issues
                        .iter()
                        .map(|i| {
                            view! {
                                <ErrorBox
                                    title=format!("Alert history from {} is unavailable", i.source)
                                    message=i.error.to_string()
                                />
                            }
                        })
                        .collect_view();
                    let rows = t
                        .incidents
                        .iter()
                        .take(12)
                        .map(|i| {
                            view! {
                                <tr>
                                    <td>{format_date(i.start_ms)}</td>
                                    <td>{i.alert.clone()}</td>
                                    <td>{i.service.clone()}</td>
                                    <td>
                                        <span class={format!(
                                            "badge {}",
                                            if i.severity == "page" { "bad" } else { "warn" },
                                        )}>{i.severity.clone()}</span>
                                    </td>
                                    <td class="num">{humanize_duration(i.duration_ms() as f64)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        {issues}
                        <table class="table">
                            <thead>
                                <tr>
                                    <th>"Started"</th>
                                    <th>"Alert"</th>
                                    <th>"Service"</th>
                                    <th>"Severity"</th>
                                    <th class="num">"Duration"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <Show when={
                            let empty = t.incidents.is_empty() && t.loaded;
                            move || empty
                        }>
                            <p class="muted">"No alerts fired in this period."</p>
                        </Show>
                        <Show when={
                            let unknown = !t.loaded && t.issues.is_empty();
                            move || unknown
                        }>
                            <p class="muted">
                                "No source reports alerts: add a Prometheus source (its ALERTS history) or a delivery source with incidents."
                            </p>
                        </Show>
                    }
                })}
            </Suspense>
        </section>
    }
}
