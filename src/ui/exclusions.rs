//! Exclusion windows entered in the UI: a form on the SLO list that adds a window to the
//! page's `?exclude=` (so it survives navigation, reloads and copied links), the windows in
//! force with a remove button for the URL's, and the "excluded" badge of an SLO row. The
//! figures follow through `Workspace::excluded` (the SLO load, from the answer cache).

use leptos::prelude::*;

use super::state::{use_ws, Workspace};
use crate::core::route::{decode, encode};
use crate::core::slo::exclusions::{decode_param, encode_param, Exclusion};
use crate::workspace::SloEntry;

/// The valid windows of an `exclude=` value (invalid ones are listed by the panel, not applied).
pub fn valid(param: &str) -> Vec<Exclusion> {
    decode_param(param).into_iter().flatten().collect()
}

/// Writes `exclude=` into the page's query string (keeping its other parameters and the
/// route) and reloads the SLOs with it.
fn store(ws: Workspace, windows: &[Exclusion]) {
    let value = encode_param(windows);
    if let Some(w) = web_sys::window() {
        let loc = w.location();
        let search = loc.search().unwrap_or_default();
        let mut parts: Vec<String> = search
            .trim_start_matches('?')
            .split('&')
            .filter(|kv| !kv.is_empty() && decode(kv.split('=').next().unwrap_or("")) != "exclude")
            .map(String::from)
            .collect();
        if !value.is_empty() {
            parts.push(format!("exclude={}", encode(&value)));
        }
        let query = if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        };
        let url = format!(
            "{}{query}{}",
            loc.pathname().unwrap_or_default(),
            loc.hash().unwrap_or_default()
        );
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
    ws.excluded.set(value);
}

/// The "Exclude a window" form and the windows in force.
#[component]
pub fn ExclusionPanel() -> impl IntoView {
    let ws = use_ws();
    let (name, from, to) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<String>);
    let from_url = Memo::new(move |_| decode_param(&ws.excluded.get()));
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Exclusion::parse(
            &name.get_untracked(),
            &from.get_untracked(),
            &to.get_untracked(),
        ) {
            Err(e) => error.set(Some(format!("Not applied: {e}."))),
            Ok(x) => {
                let mut list = valid(&ws.excluded.get_untracked());
                list.push(x);
                store(ws, &list);
                error.set(None);
                name.set(String::new());
            }
        }
    };
    let remove = move |i: usize| {
        let mut list = valid(&ws.excluded.get_untracked());
        if i < list.len() {
            list.remove(i);
        }
        store(ws, &list);
    };
    let configured = move || ws.config.with(|c| c.exclusion_windows());
    let listed = move || {
        let config_rows = configured().into_iter().map(|x| {
            let scope = [x.slos.join(", "), x.services.join(", ")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            view! {
                <li class="exclusion" data-source="config">
                    {x.label()}
                    <span class="muted">
                        {if scope.is_empty() { " · config, every SLO".to_string() } else { format!(" · config, {scope}") }}
                    </span>
                </li>
            }
            .into_any()
        });
        let mut k = 0usize;
        let url_rows = from_url.get().into_iter().map(move |r| match r {
            Ok(x) => {
                let i = k;
                k += 1;
                view! {
                    <li class="exclusion" data-source="url">
                        {x.label()}
                        <span class="muted">" · this link, every SLO "</span>
                        <button
                            class="button small"
                            title=format!("Stop excluding {}", x.name)
                            on:click=move |_| remove(i)
                        >
                            "Remove"
                        </button>
                    </li>
                }
                .into_any()
            }
            Err(e) => view! {
                <li class="exclusion bad-text" data-source="url">
                    {format!("Not applied (in the link): {e}")}
                </li>
            }
            .into_any(),
        });
        config_rows.chain(url_rows).collect_view()
    };
    let count = move || configured().len() + valid(&ws.excluded.get()).len();
    view! {
        <details class="card exclusions no-print" id="exclusions">
            <summary>{move || format!("Excluded windows ({})", count())}</summary>
            <p class="muted">
                "Maintenance or known-bad data: every slice a window overlaps is left out of every figure (SLIs, budgets, burn rates, reports), as if its samples had not been recorded. Times are UTC."
            </p>
            <ul class="exclusion-list">{listed}</ul>
            <form class="exclusion-form" on:submit=add>
                <label>
                    "Name "
                    <input
                        id="exclusion-name"
                        placeholder="db migration"
                        prop:value=name
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "From (UTC) "
                    <input
                        id="exclusion-from"
                        type="datetime-local"
                        prop:value=from
                        on:input=move |ev| from.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "To (UTC) "
                    <input
                        id="exclusion-to"
                        type="datetime-local"
                        prop:value=to
                        on:input=move |ev| to.set(event_target_value(&ev))
                    />
                </label>
                <button class="button" type="submit" id="exclusion-add">
                    "Exclude a window"
                </button>
            </form>
            {move || {
                error
                    .get()
                    .map(|m| view! { <p class="bad-text" id="exclusion-error" role="alert">{m}</p> })
            }}
        </details>
    }
}

/// The windows removed from this entry's figures (empty when none).
pub fn applied_to(ws: Workspace, entry: &SloEntry) -> Vec<Exclusion> {
    ws.slos.with_untracked(|d| {
        d.as_ref()
            .map(|d| d.exclusions_for(entry).into_iter().cloned().collect())
            .unwrap_or_default()
    })
}

/// "excluded", titled with the windows removed from this SLO's figures.
#[component]
pub fn ExcludedBadge(entry: SloEntry) -> impl IntoView {
    let list = applied_to(use_ws(), &entry);
    (!list.is_empty()).then(|| {
        let title = list
            .iter()
            .map(|x| format!("Excluded from the figures: {}", x.label()))
            .collect::<Vec<_>>()
            .join("\n");
        view! { <span class="badge muted flag excluded" title=title>"excluded"</span> }
    })
}
