//! The Overview's tiles: how the loaded SLOs stand, and the inventory's and CI's at a glance
//! (holding their places while they load).

use leptos::prelude::*;

use crate::core::chart::format_percent;
use crate::core::slo::Status;
use crate::ui::state::use_ws;
use crate::ui::widgets::Tile;

/// How the loaded SLOs stand (those still waiting for their source are not counted).
#[derive(Clone, Copy, PartialEq)]
pub(super) struct SloCounts {
    paging: usize,
    /// Over budget (paging or not).
    breached: usize,
    /// With data and within budget.
    meeting: usize,
    at_risk: usize,
    failed: usize,
    total: usize,
}

impl SloCounts {
    pub(super) fn of(data: &crate::workspace::SloState) -> SloCounts {
        let count = |f: &dyn Fn(&crate::core::slo::Summary) -> bool| {
            data.entries
                .iter()
                .filter(|e| e.summary.as_ref().is_some_and(f))
                .count()
        };
        let has_data = |x: &crate::core::slo::Summary| x.status != Status::NoData;
        SloCounts {
            paging: count(&|x| x.status == Status::Paging),
            breached: count(&|x| has_data(x) && x.window.budget_remaining < 0.0),
            meeting: count(&|x| has_data(x) && x.window.budget_remaining >= 0.0),
            at_risk: count(&|x| x.status == Status::AtRisk),
            failed: data.entries.iter().filter(|e| e.slices.is_err()).count(),
            total: data.entries.len() + data.pending.len(),
        }
    }
}

#[component]
pub(super) fn SloTiles(counts: SloCounts) -> impl IntoView {
    let SloCounts {
        paging,
        breached,
        meeting,
        at_risk,
        failed,
        total,
    } = counts;
    view! {
        <Tile
            label="SLOs meeting objective"
            value=format!("{meeting} / {total}")
            sub={if total == 0 {
                "no SLOs defined yet".to_string()
            } else {
                "over each SLO's window".to_string()
            }}
            tone={if total == 0 {
                ""
            } else if breached > 0 {
                "bad"
            } else {
                "good"
            }}
        />
        {count_tile("Paging", paging, "a page alert tier is firing", "bad")}
        {count_tile("Breached", breached, "error budget exhausted", "bad")}
        {count_tile("At risk", at_risk, "a ticket tier fires or < 25% budget left", "warn")}
        {count_tile("Could not load", failed, "see the SLO list", "warn")}
    }
}

/// A tile counting SLOs, in `tone` when there are any.
fn count_tile(
    label: &'static str,
    n: usize,
    sub: &'static str,
    tone: &'static str,
) -> impl IntoView {
    let tone = if n > 0 { tone } else { "" };
    view! { <Tile label=label value=n.to_string() sub=sub tone=tone /> }
}

#[component]
pub(super) fn InventoryTiles() -> impl IntoView {
    let ws = use_ws();
    // While the inventory loads (after the SLOs on this page), the tiles hold their places.
    let waiting = |label: &'static str, what: &'static str| {
        view! { <Tile label=label value="…" sub=format!("loading {what}") /> }
    };
    move || {
        let Some(inv) = ws.inventory.get() else {
            return view! {
                {waiting("Services", "the inventory")}
                {waiting("Replicas available", "the inventory")}
                {waiting("CI success rate", "CI runs")}
            }
            .into_any();
        };
        {
            let (desired, available): (u64, u64) = inv.services.iter().fold((0, 0), |a, r| {
                (
                    a.0.saturating_add(r.desired),
                    a.1.saturating_add(r.available),
                )
            });
            let runs = ws.runs.get();
            let (ok, done) = runs
                .as_ref()
                .map_or((0, 0), |r| crate::core::delivery::outcomes(&r.runs));
            let (rate, finished) = match runs {
                None => ("…".to_string(), "loading CI runs".to_string()),
                Some(_) if done == 0 => ("no data".to_string(), "0 finished runs".to_string()),
                Some(_) => (
                    format_percent(ok as f64 / done as f64),
                    format!("{done} finished runs"),
                ),
            };
            view! {
                <Tile
                    label="Services"
                    value=inv.services.len().to_string()
                    sub={
                        let named = inv
                            .services
                            .iter()
                            .flat_map(|r| r.sources.iter())
                            .collect::<std::collections::BTreeSet<_>>()
                            .len();
                        let configured = ws.config.with(|c| c.sources.len());
                        format!("named by {named} of {configured} sources")
                    }
                />
                <Tile
                    label="Replicas available"
                    value=format!("{available} / {desired}")
                    sub={if desired == 0 {
                        "no workloads reported".to_string()
                    } else {
                        "across clusters".to_string()
                    }}
                    tone={if desired == 0 {
                        ""
                    } else if available < desired {
                        "warn"
                    } else {
                        "good"
                    }}
                />
                <Tile label="CI success rate" value=rate sub=finished />
            }
            .into_any()
        }
    }
}
