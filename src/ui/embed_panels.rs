//! The embeds that are not charts: one SLO's card (its tiles) and a compact SLO table that
//! honours the list's filters (`q`, `team`, `label` in the embed's fragment).

use std::sync::Arc;

use leptos::prelude::*;

use super::slo_waiting::SloWaiting;
use super::state::use_ws;
use super::widgets::{StatusBadge, Tile};
use crate::core::chart::{compact, format_percent, ValueFormat};
use crate::core::slo::{Method, Slo, Summary};
use crate::workspace::slo_list::{matches, sort_worst_first};
use crate::workspace::SloEntry;

/// The tone of a budget figure: breached, below a quarter, or fine (as on the SLO page).
fn budget_tone(remaining: f64) -> &'static str {
    if remaining < 0.0 {
        "bad"
    } else if remaining < 0.25 {
        "warn"
    } else {
        "good"
    }
}

/// One SLO's tiles, labelled as on its page: objective, attainment, budget left, burn, status.
#[component]
pub(super) fn EmbedCard(slo: Slo, summary: Summary, now_ms: i64) -> impl IntoView {
    let w = summary.window;
    let unit = if matches!(slo.method, Method::Timeslices { .. }) {
        "slices"
    } else {
        "events"
    };
    let window_ms = slo.window_ms(now_ms) as f64;
    let lasts = if w.budget_remaining <= 0.0 {
        "budget exhausted".to_string()
    } else if summary.burns[0] > 0.0 {
        format!(
            "lasts {}",
            crate::core::time::humanize_duration(w.budget_remaining * window_ms / summary.burns[0])
        )
    } else {
        "no budget being spent".into()
    };
    view! {
        <section class="card embed-card">
            <div class="embed-head">
                <span class="embed-name">{slo.name.clone()}</span>
                <span class="muted">{format!("{} · {}", slo.service, slo.sli_label())}</span>
            </div>
            <div class="tiles">
                <Tile label="Objective" value=format_percent(slo.objective) sub=slo.window.label() />
                <Tile
                    label="Attainment"
                    value=format_percent(w.sli)
                    sub=format!("{} good of {} {unit}", compact(w.good), compact(w.total))
                    tone=if w.sli < slo.objective { "bad" } else { "good" }
                />
                <Tile
                    label="Budget left"
                    value=format_percent(w.budget_remaining)
                    sub=format!("{} consumed", format_percent(w.budget_consumed))
                    tone=budget_tone(w.budget_remaining)
                />
                <Tile
                    label="Burn rate (1h)"
                    value=ValueFormat::Multiple.format(summary.burns[0])
                    sub=lasts
                />
                <div class="tile">
                    <div class="tile-label">"Status"</div>
                    <div class="tile-value">
                        <StatusBadge status=summary.status />
                    </div>
                </div>
            </div>
        </section>
    }
}

/// The SLO table, compact: worst budget first, filtered like the list page. Narrow frames
/// drop the objective and burn columns (`wide-only`).
#[component]
pub(super) fn EmbedSlos() -> impl IntoView {
    let ws = use_ws();
    let param = move |k: &str| ws.route.with(|r| r.param(k).unwrap_or("").to_string());
    let rows = Memo::new(move |_| {
        let (q, team, label) = (param("q"), param("team"), param("label"));
        let mut rows: Vec<Arc<SloEntry>> = ws.slos.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.entries
                        .iter()
                        .filter(|e| matches(e, &q, &team, &label))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        });
        sort_worst_first(&mut rows);
        rows
    });
    view! {
        <SloWaiting />
        <div class="card table-wrap embed-table">
            <table class="table compact" id="slo-table">
                <thead>
                    <tr>
                        <th>"SLO"</th>
                        <th class="num wide-only">"Objective"</th>
                        <th class="num">"Attainment"</th>
                        <th class="num">"Budget left"</th>
                        <th class="num wide-only">"Burn 1h"</th>
                        <th>"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows.try_get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|e| view! { <EmbedRow entry=e /> })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn EmbedRow(entry: Arc<SloEntry>) -> impl IntoView {
    let name = entry.name.clone();
    match (&entry.slo, &entry.summary) {
        (Ok(slo), Some(s)) => view! {
            <tr data-slo=entry.name.clone()>
                <td class="slo-name">{name}</td>
                <td class="num wide-only">{format_percent(slo.objective)}</td>
                <td class="num">{format_percent(s.window.sli)}</td>
                <td class=format!("num {}-text", budget_tone(s.window.budget_remaining))>
                    {format_percent(s.window.budget_remaining)}
                </td>
                <td class="num wide-only">{ValueFormat::Multiple.format(s.burns[0])}</td>
                <td>
                    <StatusBadge status=s.status />
                </td>
            </tr>
        }
        .into_any(),
        _ => {
            let reason = match (&entry.slo, &entry.slices) {
                (Err(e), _) | (_, Err(e)) => e.to_string(),
                _ => "not computed".into(),
            };
            view! {
                <tr data-slo=entry.name.clone() class="row-error">
                    <td>{name}</td>
                    <td colspan="5" class="bad-text">
                        {reason}
                    </td>
                </tr>
            }
            .into_any()
        }
    }
}
