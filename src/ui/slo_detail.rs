//! One SLO: tiles, a what-if objective that recomputes every figure locally, SLI / burn-down /
//! rolling budget / burn-rate (with alert-tier history) / event charts, latency percentiles,
//! the alert tiers, allowed downtime, and the definition. Errors stay inside this page.

use leptos::prelude::*;

use super::embed::{use_slo, Found};
use super::slo_charts::{Charts, RangePreset, ABSOLUTE};
use super::slo_panels::{AlertTiers, Nines, Percentiles};
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading, Notices, PageHeader, StatusBadge, Tile};
use crate::core::chart::{compact, format_percent, ValueFormat};
use crate::core::slo::what_if::{format_what_if, parse_what_if};
use crate::core::slo::{summarize, Slo};
use crate::core::time::{format_duration, humanize_duration};
use crate::workspace::slos::SloEntry;

/// Time-range presets of the detail charts; `window` is the SLO's own window.
const PRESETS: [&str; 10] = [
    "1h", "6h", "1d", "7d", "30d", "90d", "1y", "window", "month", "quarter",
];

#[component]
pub fn SloDetail(name: String) -> impl IntoView {
    let ws = use_ws();
    let title = name.clone();
    let badge_name = name.clone();
    provide_context(super::chart::HoverTime(RwSignal::new(None)));
    // Page-local copy of the URL's range: charts read this, never the route, so nothing here
    // re-renders while the page is being replaced.
    // A shared link may carry a locked range (absolute `from`/`to`); else a preset.
    let range_sig = RwSignal::new(ws.route.with_untracked(|r| {
        // (Relative `from`/`to` resolve against the clock; locked links carry absolute ones.)
        match crate::core::share::absolute_range(r, crate::web::now_ms()) {
            Some((from, to)) => format!("{ABSOLUTE}{from}:{to}"),
            None => r.param("range").unwrap_or("90d").to_string(),
        }
    }));
    provide_context(RangePreset(range_sig));
    let range = move || range_sig.get();
    let refresh = move || {
        ws.route
            .with(|r| r.param("refresh").unwrap_or("").to_string())
    };
    let set = move |k: &'static str, v: &str| ws.replace(ws.route.get_untracked().with(k, v));
    // Stays mounted while other SLOs arrive (shared with the embeds).
    let found = use_slo(name.clone());
    view! {
        <PageHeader title=title subtitle="Service level objective">
            <div class="presets" role="group" aria-label="Time range">
                {PRESETS
                    .iter()
                    .map(|p| {
                        view! {
                            <button
                                class="button"
                                class:active=move || range() == *p
                                on:click=move |_| {
                                    range_sig.set(p.to_string());
                                    let r = ws.route.get_untracked().with("from", "").with("to", "");
                                    ws.replace(r.with("range", p));
                                }
                            >
                                {*p}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <select
                aria-label="Auto-refresh"
                prop:value=refresh
                on:change=move |ev| set("refresh", &event_target_value(&ev))
            >
                <option value="">"No auto-refresh"</option>
                <option value="30s">"Refresh every 30s"</option>
                <option value="1m">"Refresh every 1m"</option>
                <option value="5m">"Refresh every 5m"</option>
            </select>
            <super::embed_badge::BadgeMenu name=badge_name />
            <a class="button" href="#/slos">
                "All SLOs"
            </a>
        </PageHeader>
        {move || match found.get() {
            Found::Loading(text) => view! { <Loading what=text /> }.into_any(),
            Found::Unknown => {
                view! {
                    <ErrorBox
                        title="Unknown SLO"
                        message=format!("No SLO is named \"{name}\" in this workspace.")
                    />
                }
                    .into_any()
            }
            Found::Entry(e, now_ms) => view! { <Detail entry=*e now_ms=now_ms /> }.into_any(),
        }}
    }
}

#[component]
fn Detail(entry: SloEntry, now_ms: i64) -> impl IntoView {
    let (slo, slices) = match (&entry.slo, &entry.slices) {
        (Ok(slo), Ok(s)) => (slo.clone(), s.clone()),
        (Err(e), _) => return view! { <ErrorBox title="This SLO's definition is invalid" message=e.to_string() /> }.into_any(),
        (_, Err(e)) => return view! { <ErrorBox title="This SLO's data could not be loaded" message=e.to_string() /> }.into_any(),
    };
    // What-if: every figure below derives from this objective, computed locally; kept in the
    // link as `objective=99.95` (a refused value in a link is ignored, with the reason shown).
    let ws = use_ws();
    let from_link = ws
        .route
        .with_untracked(|r| r.param("objective").map(parse_what_if));
    let refused = RwSignal::new(from_link.and_then(Result::err).map(|e| e.to_string()));
    let objective = RwSignal::new(from_link.and_then(Result::ok).unwrap_or(slo.objective));
    let defined = slo.objective;
    let choose = move |v: f64| {
        objective.set(v);
        refused.set(None);
        let keep = if v == defined {
            String::new()
        } else {
            format_what_if(v)
        };
        ws.replace(ws.route.get_untracked().with("objective", &keep));
    };
    let base = slo.clone();
    let what_if = Memo::new(move |_| Slo {
        objective: objective.get(),
        ..base.clone()
    });
    let sl = StoredValue::new(slices);
    let excluded = super::exclusions::applied_to(use_ws(), &entry);
    let excluded_note: Vec<crate::core::model::Notice> = excluded
        .iter()
        .map(|x| crate::core::model::Notice {
            level: crate::core::model::NoticeLevel::Info,
            text: format!("Excluded from the figures: {}", x.label()),
        })
        .collect();
    let summary = Memo::new(move |_| sl.with_value(|s| summarize(&what_if.get(), s, now_ms)));
    let nines = move || -(1.0 - objective.get()).log10();
    let tiles = move || {
        let (slo, sum) = (what_if.get(), summary.get());
        let w = sum.window;
        let window_ms = slo.window_ms(now_ms) as f64;
        let tte = if w.budget_remaining <= 0.0 {
            "budget already exhausted".to_string()
        } else if sum.burns[0] > 0.0 {
            format!(
                "budget lasts {} at this rate",
                humanize_duration(w.budget_remaining * window_ms / sum.burns[0])
            )
        } else {
            "no budget being spent".into()
        };
        view! {
            <Tile label="Objective" value=format_percent(slo.objective) sub=slo.window.label() />
            <Tile
                label="Attainment"
                value=format_percent(w.sli)
                sub=format!(
                    "{} good of {} {}",
                    compact(w.good),
                    compact(w.total),
                    if matches!(slo.method, crate::core::slo::Method::Timeslices { .. }) {
                        "slices"
                    } else {
                        "events"
                    },
                )
                tone={if w.sli < slo.objective { "bad" } else { "good" }}
            />
            <Tile
                label="Budget left"
                value=format_percent(w.budget_remaining)
                sub=format!("{} consumed", format_percent(w.budget_consumed))
                tone={if w.budget_remaining < 0.0 {
                    "bad"
                } else if w.budget_remaining < 0.25 {
                    "warn"
                } else {
                    "good"
                }}
            />
            <Tile label="Burn rate (1h)" value=ValueFormat::Multiple.format(sum.burns[0]) sub=tte />
            <div class="tile">
                <div class="tile-label">"Status"</div>
                <div class="tile-value">
                    <StatusBadge status=sum.status />
                </div>
            </div>
        }
    };
    let flag_notices: Vec<crate::core::model::Notice> = entry
        .flags
        .iter()
        .map(|f| crate::core::model::Notice {
            level: crate::core::model::NoticeLevel::Warning,
            text: format!(
                "{}: {}",
                f.replace('_', " "),
                crate::core::slo::quality::explain(f)
            ),
        })
        .collect();
    let definition = crate::core::yaml::to_string(
        &serde_json::json!({"name": slo.name, "service": slo.service, "team": slo.team, "objective": slo.objective, "window": slo.window.label(), "method": slo.method.key(), "slice": format_duration(slo.slice_ms), "source": slo.source, "sli": slo.sli, "labels": slo.labels}),
    );
    view! {
        <p class="as-of">
            {format!(
                "{} · {} · {} · {}",
                slo.service,
                slo.sli_label(),
                slo.window.label(),
                slo.method.label(),
            )}
        </p>
        <Notices notices=entry.notices.clone() />
        <Notices notices=flag_notices />
        <Notices notices=excluded_note />
        <p class="muted">{format!("Defined in: {}", entry.origin)}</p>
        <div class="card what-if no-print">
            <label>
                "What if the objective were "
                <input
                    type="number"
                    aria-label="What-if objective (%)"
                    step="0.001"
                    min="50"
                    max="99.9999"
                    prop:value=move || format_what_if(objective.get())
                    on:change=move |ev| {
                        match parse_what_if(&event_target_value(&ev)) {
                            Ok(v) => choose(v),
                            // The typed text stays; nothing is recomputed from it.
                            Err(e) => refused.set(Some(e.to_string())),
                        }
                    }
                />"%"
            </label>
            <input
                type="range"
                aria-label="What-if objective (nines)"
                min="1"
                max="5"
                step="0.05"
                prop:value=move || format!("{:.2}", nines())
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<f64>() {
                        if let Ok(v) = parse_what_if(&format!("{}", 100.0 * (1.0 - 10f64.powf(-n)))) {
                            choose(v);
                        }
                    }
                }
            />
            <button class="button" on:click=move |_| choose(defined)>
                "Reset"
            </button>
            {move || refused.get().map(|e| view! { <p class="bad-text" role="alert">{e}</p> })}
        </div>
        <Show when=move || objective.get() != defined>
            <p class="what-if-note" id="what-if-note">
                {move || {
                    format!(
                        "What-if: the figures below use an objective of {}% instead of the defined {}%.",
                        format_what_if(objective.get()),
                        format_what_if(defined),
                    )
                }}
            </p>
        </Show>
        <div class="tiles" class:hypothetical=move || objective.get() != defined>{tiles}</div>
        <Charts slo=what_if slices=sl now_ms=now_ms excluded=excluded />
        <Percentiles slo=what_if now_ms=now_ms />
        <AlertTiers slo=what_if slices=sl now_ms=now_ms />
        <div class="grid-halves">
            <Nines objective=objective />
            <section class="card">
                <h2>"Definition (YAML)"</h2>
                <pre>{definition}</pre>
            </section>
        </div>
    }
    .into_any()
}
