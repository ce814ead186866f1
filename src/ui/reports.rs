//! Reports: reliability for any period — a calendar week, month or quarter (stepped with ‹ ›
//! or picked), or a custom range of days — in a chosen time zone, all kept in the URL
//! (`#/reports?period=month&at=2026-09&tz=Europe/Berlin`). Waits for every SLO; prints as a
//! clean A4/Letter document; exports HTML (self-contained), JSON and a CSV per table.

use leptos::prelude::*;

use super::report_view::ReportView;
use super::slo_waiting::SloWaiting;
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading, PageHeader};
use crate::core::report::{period_at, step, KINDS};
use crate::workspace::report::{build, choose_period, zone_of, ReportInput, ReportSpec};

/// Zones offered in the picker (any IANA name or POSIX rule can be typed).
const ZONES: [&str; 12] = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
];

#[component]
pub fn ReportsPage() -> impl IntoView {
    let ws = use_ws();
    let complete = Memo::new(move |_| ws.slos.get().filter(|d| d.complete()));
    // Reads only workspace-level signals: this closure may run once more while the page is
    // being replaced, after page-local values are gone.
    let spec = Memo::new(move |_| {
        let r = ws.route.get();
        let cfg = ws.config.with_untracked(|c| c.reports.clone());
        ReportSpec {
            kind: r.param("period").map_or(cfg.period, str::to_string),
            key: r.param("at").filter(|k| !k.is_empty()).map(str::to_string),
            timezone: r.param("tz").map(str::to_string).or(cfg.timezone),
        }
    });
    let set = move |pairs: &[(&str, String)]| {
        let mut r = ws.route.get_untracked();
        for (k, v) in pairs {
            r = r.with(k, v);
        }
        ws.replace(r);
    };
    // The chosen period, for the picker (the last complete one until one is chosen).
    let now = move || {
        complete
            .with(|d| d.as_ref().map(|d| d.now_ms))
            .unwrap_or_else(crate::web::now_ms)
    };
    let chosen = move || {
        let s = spec.get();
        zone_of(&s)
            .ok()
            .and_then(|z| choose_period(&s, &z, now()).ok().map(|p| (s, z, p)))
    };
    let step_by = move |n: i64| {
        if let Some((s, z, p)) = chosen().filter(|(s, _, _)| s.kind != "custom") {
            set(&[("at", step(&s.kind, &z, &p, n).key)]);
        }
    };
    let choices = move || {
        chosen()
            .filter(|(s, _, _)| s.kind != "custom")
            .map(|(s, z, p)| {
                let latest = period_at(&s.kind, &z, now());
                let mut list = vec![latest.clone()];
                for _ in 0..23 {
                    let prev = step(&s.kind, &z, list.last().unwrap_or(&latest), -1);
                    list.push(prev);
                }
                if !list.contains(&p) {
                    list.push(p.clone());
                }
                (list, p.key)
            })
    };
    let custom_days = move || {
        spec.get()
            .key
            .filter(|_| spec.get().kind == "custom")
            .and_then(|k| {
                k.split_once("..")
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            })
            .unwrap_or_default()
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <PageHeader
            title="Reliability report"
            subtitle="Any period, calendar-aligned in a time zone; SLIs as each SLO defines them"
        >
            <button class="button" on:click=print>
                "Print"
            </button>
        </PageHeader>
        <div class="report-controls" role="group" aria-label="Report period">
            <select
                aria-label="Period"
                prop:value=move || spec.get().kind
                on:change=move |ev| set(&[("period", event_target_value(&ev)), ("at", String::new())])
            >
                {KINDS.map(|k| view! { <option value=k>{capitalised(k)}</option> })}
                <option value="custom">"Custom range"</option>
            </select>
            <Show when=move || spec.get().kind != "custom">
                <button class="button" aria-label="Previous period" on:click=move |_| step_by(-1)>
                    "‹"
                </button>
                <select
                    aria-label="Which period"
                    on:change=move |ev| set(&[("at", event_target_value(&ev))])
                >
                    {move || {
                        choices()
                            .map(|(list, at)| {
                                list.into_iter()
                                    .map(|p| {
                                        let on = p.key == at;
                                        view! { <option value=p.key.clone() selected=on>{p.label.clone()}</option> }
                                    })
                                    .collect_view()
                            })
                    }}
                </select>
                <button class="button" aria-label="Next period" on:click=move |_| step_by(1)>
                    "›"
                </button>
            </Show>
            <Show when=move || spec.get().kind == "custom">
                {day_input("from", "From ", custom_days, set)}
                {day_input("to", "to ", custom_days, set)}
            </Show>
            <label>
                "Time zone "
                <input
                    name="tz"
                    list="report-zones"
                    prop:value=move || spec.get().timezone.unwrap_or_else(|| "UTC".into())
                    on:change=move |ev| set(&[("tz", event_target_value(&ev))])
                />
            </label>
            <datalist id="report-zones">{ZONES.map(|z| view! { <option value=z></option> })}</datalist>
        </div>
        <SloWaiting />
        {move || {
            let Some(data) = complete.get() else {
                return view! { <Loading what="the report (it waits for every SLO)" /> }.into_any();
            };
            let timeline = ws.timeline.get();
            let Some(timeline) = timeline else {
                return view! { <Loading what="incidents" /> }.into_any();
            };
            let (inventory, runs, cfg) = (ws.inventory.get(), ws.runs.get(), ws.config.get());
            let input = ReportInput {
                title: cfg.title.as_deref().unwrap_or("Headroom"),
                state: &data,
                timeline: &timeline,
                inventory: inventory.as_deref(),
                runs: runs.as_deref(),
                delivery: &cfg.delivery,
                generated_ms: crate::web::now_ms(),
            };
            match build(&spec.get(), &input) {
                Ok(report) => view! { <ReportView report=report /> }.into_any(),
                Err(e) => {
                    view! { <ErrorBox title="This report cannot be made" message=e.to_string() /> }
                        .into_any()
                }
            }
        }}
    }
}

fn capitalised(k: &str) -> String {
    let mut c = k.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One end of a custom range: a date input that keeps the other end (or copies this one when
/// the other is empty) and writes `at=<from>..<to>` into the URL.
fn day_input(
    end: &'static str,
    label: &'static str,
    days: impl Fn() -> (String, String) + Copy + Send + Sync + 'static,
    set: impl Fn(&[(&str, String)]) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let is_from = end == "from";
    view! {
        <label>
            {label}
            <input
                type="date"
                name=end
                prop:value=move || if is_from { days().0 } else { days().1 }
                on:change=move |ev| {
                    let picked = event_target_value(&ev);
                    let (from, to) = days();
                    let (from, to) = if is_from { (picked, to) } else { (from, picked) };
                    let from = if from.is_empty() { to.clone() } else { from };
                    let to = if to.is_empty() { from.clone() } else { to };
                    set(&[("at", format!("{from}..{to}"))]);
                }
            />
        </label>
    }
}
