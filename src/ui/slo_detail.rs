//! One SLO: tiles, SLI/budget/burn/event charts, the multi-window alert tiers, allowed
//! downtime, and the definition. Errors stay inside this page.

use leptos::prelude::*;

use super::chart::TimeChartView;
use super::data::SloEntry;
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading, Notices, PageHeader, StatusBadge, Tile};
use crate::core::chart::{compact, format_percent, ChartSeries, Threshold, TimeChart, ValueFormat};
use crate::core::slo::{burn_rate, rolling_budget, Slices, Slo, HISTORY_MS};
use crate::core::time::{format_duration, humanize_duration, DAY_MS, HOUR_MS, MINUTE_MS};

/// SRE Workbook tiers: (severity, long window, short window, budget fraction spent).
const TIERS: [(&str, i64, i64, f64); 4] = [("page", HOUR_MS, 5 * MINUTE_MS, 0.02), ("page", 6 * HOUR_MS, 30 * MINUTE_MS, 0.05), ("ticket", DAY_MS, 2 * HOUR_MS, 0.10), ("ticket", 3 * DAY_MS, 6 * HOUR_MS, 0.10)];

#[component]
pub fn SloDetail(name: String) -> impl IntoView {
    let ws = use_ws();
    let title = name.clone();
    view! {
        <PageHeader title=title subtitle="Service level objective">
            <a class="button" href="#/slos">"All SLOs"</a>
        </PageHeader>
        <Suspense fallback=|| view! { <Loading what="SLO data"/> }>
            {move || {
                let name = name.clone();
                Suspend::new(async move {
                    let data = ws.slos.await;
                    match data.entries.iter().find(|e| e.name == name).cloned() {
                        None => view! { <ErrorBox title="Unknown SLO" message=format!("No SLO is named \"{name}\" in this workspace.")/> }.into_any(),
                        Some(e) => view! { <Detail entry=e now_ms=data.now_ms/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Detail(entry: SloEntry, now_ms: i64) -> impl IntoView {
    let (slo, slices) = match (&entry.slo, &entry.slices) {
        (Ok(slo), Ok(s)) => (slo.clone(), s.clone()),
        (Err(e), _) => return view! { <ErrorBox title="This SLO's definition is invalid" message=e.clone()/> }.into_any(),
        (_, Err(e)) => return view! { <ErrorBox title="This SLO's data could not be loaded" message=e.clone()/> }.into_any(),
    };
    let Some(sum) = entry.summary.clone() else {
        return view! { <ErrorBox title="No summary" message="The SLO has no computed figures."/> }.into_any();
    };
    let w = sum.window;
    let tte = if sum.burns[0] > 0.0 && w.budget_remaining > 0.0 { humanize_duration(w.budget_remaining * slo.window_ms as f64 / sum.burns[0]) } else if w.budget_remaining <= 0.0 { "exhausted".into() } else { "∞".into() };
    view! {
        <p class="as-of">{format!("{} · {} · objective {} over {} (Occurrences: every event weighs the same)", slo.service, slo.sli_label(), format_percent(slo.objective), format_duration(slo.window_ms))}</p>
        <Notices notices=entry.notices.clone()/>
        <div class="tiles">
            <Tile label="Objective" value=format_percent(slo.objective) sub=format!("{} rolling", format_duration(slo.window_ms))/>
            <Tile label="Attainment" value=format_percent(w.sli) sub=format!("{} good of {} events", compact(w.good), compact(w.total)) tone={if w.sli < slo.objective { "bad" } else { "good" }}/>
            <Tile label="Budget remaining" value=format_percent(w.budget_remaining) sub=format!("{} bad events allowed, {} spent", compact(slo.budget() * w.total), compact(w.bad)) tone={if w.budget_remaining < 0.0 { "bad" } else if w.budget_remaining < 0.25 { "warn" } else { "good" }}/>
            <Tile label="Burn rate (1h)" value=ValueFormat::Multiple.format(sum.burns[0]) sub={if w.budget_remaining <= 0.0 { "budget already exhausted".to_string() } else { format!("budget lasts {tte} at this rate") }}/>
            <div class="tile"><div class="tile-label">"Status"</div><div class="tile-value"><StatusBadge status=sum.status/></div></div>
        </div>
        <Charts slo=slo.clone() slices=slices.clone() now_ms=now_ms/>
        <div class="grid-halves">
            <AlertTiers slo=slo.clone() slices=slices now_ms=now_ms/>
            <Nines objective=slo.objective/>
        </div>
        <section class="card">
            <h2>"Definition"</h2>
            <pre>{serde_json::to_string_pretty(&slo_config(&slo)).unwrap_or_default()}</pre>
        </section>
    }
    .into_any()
}

fn slo_config(slo: &Slo) -> serde_json::Value {
    serde_json::json!({"name": slo.name, "service": slo.service, "team": slo.team, "objective": slo.objective, "window": format_duration(slo.window_ms), "source": slo.source, "sli": slo.sli})
}

#[component]
fn Charts(slo: Slo, slices: Slices, now_ms: i64) -> impl IntoView {
    let ws = use_ws();
    let start = now_ms - HISTORY_MS;
    let base = move |series: Vec<ChartSeries>, thresholds: Vec<Threshold>, format: ValueFormat, include_zero: bool| TimeChart { series, thresholds, start_ms: start, end_ms: now_ms, width: 640, height: 230, format, theme: ws.theme.get(), gap_ms: None, include_zero };
    let (s1, s2, s3, s4) = (slices.clone(), slices.clone(), slices.clone(), slices);
    let objective = slo.objective;
    let window = slo.window_ms;
    let page_factor = 0.02 * window as f64 / HOUR_MS as f64;
    let sli = Signal::derive(move || base(vec![ChartSeries { name: "SLI per day".into(), samples: s1.sli_series(DAY_MS), color: 0 }], vec![Threshold { value: objective, label: format!("objective {}", format_percent(objective)) }], ValueFormat::Percent, false));
    let budget = Signal::derive(move || base(vec![ChartSeries { name: format!("budget remaining, rolling {}", format_duration(window)), samples: rolling_budget(&s2, window, objective), color: 2 }], vec![Threshold { value: 0.0, label: "exhausted".into() }], ValueFormat::Percent, true));
    let burn = Signal::derive(move || base(vec![ChartSeries { name: "burn rate (1h)".into(), samples: s3.burn_series(HOUR_MS, objective), color: 1 }], vec![Threshold { value: page_factor, label: format!("page {}", ValueFormat::Multiple.format(page_factor)) }, Threshold { value: 1.0, label: "1× (sustainable)".into() }], ValueFormat::Multiple, true));
    let events = Signal::derive(move || base(vec![ChartSeries { name: "total".into(), samples: s4.rate_series(false), color: 0 }, ChartSeries { name: "bad".into(), samples: s4.rate_series(true), color: 4 }], vec![], ValueFormat::Rate, true));
    view! {
        <div class="grid-halves">
            <TimeChartView chart=sli title="SLI per day against the objective"/>
            <TimeChartView chart=budget title="Error budget remaining (rolling window)"/>
            <TimeChartView chart=burn title="Burn rate, 1-hour lookback (× sustainable)"/>
            <TimeChartView chart=events title="Events per second"/>
        </div>
    }
}

#[component]
fn AlertTiers(slo: Slo, slices: Slices, now_ms: i64) -> impl IntoView {
    let rows = TIERS
        .iter()
        .map(|&(severity, long, short, spent)| {
            // Keep the budget fraction and recompute the factor for this window (Sloth's way).
            let factor = spent * slo.window_ms as f64 / long as f64;
            let (bl, bs) = (burn_rate(&slices, now_ms, long, slo.objective), burn_rate(&slices, now_ms, short.max(slices.slice_ms), slo.objective));
            let firing = bl >= factor && bs >= factor;
            view! {
                <tr>
                    <td>{severity}</td>
                    <td>{format!("{} / {}", format_duration(long), format_duration(short))}</td>
                    <td class="num">{ValueFormat::Multiple.format(factor)}</td>
                    <td class="num">{ValueFormat::Multiple.format(bl)}</td>
                    <td class="num">{ValueFormat::Multiple.format(bs)}</td>
                    <td class="num">{format_percent(spent)}</td>
                    <td>{if firing { view! { <span class="badge bad">"firing"</span> }.into_any() } else { view! { <span class="badge good">"ok"</span> }.into_any() }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Multi-window burn-rate alerts"</h2>
            <table class="table compact">
                <thead><tr><th>"Severity"</th><th>"Long / short"</th><th class="num">"Threshold"</th><th class="num">"Long burn"</th><th class="num">"Short burn"</th><th class="num">"Budget spent"</th><th>"State"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">{format!("Factors keep the SRE Workbook's budget fractions, recomputed for a {} window. Short windows are measured at {} resolution.", format_duration(slo.window_ms), format_duration(slices.slice_ms))}</p>
        </section>
    }
}

#[component]
fn Nines(objective: f64) -> impl IntoView {
    let rows = [("1 day", DAY_MS), ("7 days", 7 * DAY_MS), ("28 days", 28 * DAY_MS), ("30 days", 30 * DAY_MS), ("90 days", 90 * DAY_MS)]
        .into_iter()
        .map(|(label, w)| view! { <tr><td>{label}</td><td class="num">{humanize_duration((1.0 - objective) * w as f64)}</td></tr> })
        .collect_view();
    view! {
        <section class="card">
            <h2>{format!("Allowed downtime at {}", format_percent(objective))}</h2>
            <table class="table compact"><thead><tr><th>"Window"</th><th class="num">"Budget"</th></tr></thead><tbody>{rows}</tbody></table>
        </section>
    }
}
