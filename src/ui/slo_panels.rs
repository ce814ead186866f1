//! Panels of the SLO page below the charts: latency percentiles (loaded from the SLO's
//! source), the four alert tiers with time to exhaustion, and the allowed downtime per period.

use leptos::prelude::*;

use super::chart::TimeChartView;
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading};
use crate::core::chart::{format_percent, ChartSeries, Threshold, TimeChart, ValueFormat};
use crate::core::config::SliConfig;
use crate::core::slo::{alert_tiers, summarize, Slices, Slo};
use crate::core::time::{format_duration, humanize_duration, DAY_MS, HOUR_MS};
use crate::workspace::slos::latency_percentiles;

/// p50/p90/p99 for latency SLOs, from the same source and slices.
#[component]
pub(super) fn Percentiles(slo: Memo<Slo>, now_ms: i64) -> impl IntoView {
    let ws = use_ws();
    let SliConfig::Latency {
        histogram,
        threshold,
    } = slo.get_untracked().sli
    else {
        return ().into_any();
    };
    let start = now_ms - slo.get_untracked().slice_ms * 24 * 91;
    let range = super::slo_charts::use_range(slo, start, now_ms);
    let loaded = LocalResource::new(move || {
        let (cfg, loader, histogram, slo) = (
            ws.config.get_untracked(),
            ws.loader(),
            histogram.clone(),
            slo.get_untracked(),
        );
        async move {
            let found =
                latency_percentiles(&loader.job(&cfg), &slo, &histogram, start, now_ms).await?;
            Ok::<_, crate::workspace::LoadError>(
                found
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, samples))| ChartSeries {
                        name,
                        samples,
                        color: i,
                    })
                    .collect::<Vec<_>>(),
            )
        }
    });
    view! {
        <Suspense fallback=|| {
            view! { <Loading what="latency percentiles" /> }
        }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(series) => {
                        let c = Signal::derive(move || TimeChart {
                            series: series.clone(),
                            thresholds: vec![
                                Threshold {
                                    value: threshold,
                                    label: format!(
                                        "threshold {}",
                                        ValueFormat::Seconds.format(threshold),
                                    ),
                                },
                            ],
                            start_ms: range.get().0,
                            end_ms: range.get().1,
                            width: 1000,
                            height: 230,
                            format: ValueFormat::Seconds,
                            theme: ws.theme.get(),
                            include_zero: true,
                            ..Default::default()
                        });
                        view! { <TimeChartView chart=c title="Latency percentiles" /> }
                            .into_any()
                    }
                    Err(e) => {
                        view! {
                            <ErrorBox
                                title="Latency percentiles are unavailable"
                                message=e.to_string()
                            />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
pub(super) fn AlertTiers(
    slo: Memo<Slo>,
    slices: StoredValue<Slices>,
    now_ms: i64,
) -> impl IntoView {
    let rows = move || {
        let slo = slo.get();
        let window_ms = slo.window_ms(now_ms) as f64;
        let remaining = slices
            .with_value(|s| summarize(&slo, s, now_ms))
            .window
            .budget_remaining;
        slices.with_value(|s| alert_tiers(&slo, s, now_ms)).into_iter().map(|t| view! {
            <tr>
                <td>{t.severity}</td>
                <td>
                    {format!("{} / {}", format_duration(t.long_ms), format_duration(t.short_ms))}
                </td>
                <td class="num">{ValueFormat::Multiple.format(t.factor)}</td>
                <td class="num">{ValueFormat::Multiple.format(t.long_burn)}</td>
                <td class="num">{ValueFormat::Multiple.format(t.short_burn)}</td>
                <td class="num">{format_percent(t.spent)}</td>
                <td class="num">
                    {if t.long_burn > 0.0 && remaining > 0.0 {
                        humanize_duration(remaining * window_ms / t.long_burn)
                    } else if remaining <= 0.0 {
                        "exhausted".into()
                    } else {
                        "—".into()
                    }}
                </td>
                <td>
                    {if t.firing {
                        view! { <span class="badge bad">"firing"</span> }.into_any()
                    } else {
                        view! { <span class="badge good">"ok"</span> }.into_any()
                    }}
                </td>
            </tr>
        }).collect_view()
    };
    let hint = move || {
        let slo = slo.get();
        let loose = (0.02 * slo.window_ms(now_ms) as f64 / HOUR_MS as f64) * slo.budget() > 1.0;
        format!(
            "Factors keep the SRE Workbook's budget fractions, recomputed for a {} window (Sloth's way). Short windows are measured at {} resolution.{}",
            format_duration(slo.window_ms(now_ms)),
            format_duration(slices.with_value(|s| s.slice_ms)),
            if loose { " With this loose objective the page tier can never fire: it would need more than 100% errors." } else { "" }
        )
    };
    view! {
        <section class="card">
            <h2>"Multi-window burn-rate alerts"</h2>
            <div class="table-wrap">
            <table class="table compact" id="alert-tiers">
                <thead>
                    <tr>
                        <th>"Severity"</th>
                        <th>"Long / short"</th>
                        <th class="num">"Threshold"</th>
                        <th class="num">"Long burn"</th>
                        <th class="num">"Short burn"</th>
                        <th class="num">"Budget spent"</th>
                        <th class="num">"Exhausts in"</th>
                        <th>"State"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
            <p class="hint">{hint}</p>
        </section>
    }
}

#[component]
pub(super) fn Nines(objective: RwSignal<f64>) -> impl IntoView {
    let rows = move || {
        let o = objective.get();
        [
            ("1 day", DAY_MS),
            ("7 days", 7 * DAY_MS),
            ("28 days", 28 * DAY_MS),
            ("30 days", 30 * DAY_MS),
            ("90 days", 90 * DAY_MS),
        ]
        .into_iter()
        .map(|(label, w)| {
            view! {
                <tr>
                    <td>{label}</td>
                    <td class="num">{humanize_duration((1.0 - o) * w as f64)}</td>
                </tr>
            }
        })
        .collect_view()
    };
    view! {
        <section class="card">
            <h2>{move || format!("Allowed downtime at {}", format_percent(objective.get()))}</h2>
            <table class="table compact" id="nines">
                <thead>
                    <tr>
                        <th>"Window"</th>
                        <th class="num">"Budget"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
