//! Single-panel embeds (`#/embed/slo/<name>/<panel>`, `#/embed/slos`, `#/embed/overview`):
//! one panel and nothing else — no navigation, no page chrome — sized to the frame's width,
//! fed by the same SLO state as the app, posting its height to the framing page.

use leptos::prelude::*;

use super::chart::HoverTime;
use super::embed_badge::badge_for;
use super::embed_height::post_height;
use super::embed_panels::{EmbedCard, EmbedSlos};
use super::slo_charts::{RangePreset, SloChart, SloChartView};
use super::state::use_ws;
use super::widgets::{ErrorBox, Loading, StatusBadge};
use crate::core::route::{Embed, Panel};
use crate::core::slo::summarize;
use crate::workspace::slos::SloEntry;

/// Class on `<html>` while an embed is shown (transparent page background, no margins).
const DOCUMENT_CLASS: &str = "embedded";

/// What the workspace can show of one named SLO so far.
#[derive(Clone, PartialEq)]
pub(super) enum Found {
    Loading(String),
    Unknown,
    Entry(Box<SloEntry>, i64),
}

/// A memo of one SLO's entry: it changes only when this SLO's own entry does, so a view built
/// on it stays mounted while the other SLOs arrive.
pub(super) fn use_slo(name: String) -> Memo<Found> {
    let ws = use_ws();
    Memo::new(move |_| {
        ws.slos.with(|d| match d {
            None => Found::Loading("SLO definitions".into()),
            Some(d) => match d.entries.iter().find(|e| e.name == name) {
                Some(e) => Found::Entry(Box::new(SloEntry::clone(e)), d.now_ms),
                None => match d.pending.iter().find(|p| p.name == name) {
                    Some(p) => Found::Loading(format!("{name} from {}", p.source)),
                    // A grouped SLO's entries are named only once its source answered.
                    None if !d.complete() => Found::Loading(name.clone()),
                    None => Found::Unknown,
                },
            },
        })
    })
}

/// Sets or clears the embed class on the document element.
fn mark_document(on: bool) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let list = el.class_list();
        let _ = if on {
            list.add_1(DOCUMENT_CLASS)
        } else {
            list.remove_1(DOCUMENT_CLASS)
        };
    }
}

#[component]
pub fn EmbedPage(embed: Embed) -> impl IntoView {
    let ws = use_ws();
    let root = NodeRef::<leptos::html::Div>::new();
    post_height(root);
    mark_document(true);
    on_cleanup(|| mark_document(false));
    provide_context(HoverTime(RwSignal::new(None)));
    // `range=` in the embed's fragment, as on the SLO page (default 90 days).
    let range = ws
        .route
        .with_untracked(|r| r.param("range").unwrap_or("90d").to_string());
    provide_context(RangePreset(RwSignal::new(range)));
    let badge = matches!(
        embed,
        Embed::Slo {
            panel: Panel::Badge,
            ..
        }
    );
    let content = match embed {
        Embed::Slo { name, panel } => view! { <SloPanel name panel /> }.into_any(),
        Embed::Slos => view! { <EmbedSlos /> }.into_any(),
        Embed::Overview => view! { <super::overview::Overview /> }.into_any(),
        Embed::Unknown(path) => {
            let panels: Vec<&str> = Panel::ALL.iter().map(|p| p.key()).collect();
            view! {
                <ErrorBox
                    title="Nothing to embed here"
                    message=format!(
                        "#{path} is not an embed. Use #/embed/slo/<name>/<panel> (panels: {}), #/embed/slos or #/embed/overview.",
                        panels.join(", "),
                    )
                />
            }
                .into_any()
        }
    };
    view! {
        <div class="embed" class:embed-badge=badge node_ref=root>
            {content}
        </div>
    }
}

/// One panel of one SLO: a loading line until its source answered, then the panel.
#[component]
fn SloPanel(name: String, panel: Panel) -> impl IntoView {
    let found = use_slo(name.clone());
    move || match found.get() {
        Found::Loading(what) => view! { <Loading what /> }.into_any(),
        Found::Unknown => view! {
            <ErrorBox
                title="Unknown SLO"
                message=format!("No SLO is named \"{name}\" in this workspace.")
            />
        }
        .into_any(),
        Found::Entry(entry, now_ms) => {
            view! { <EntryPanel entry=*entry now_ms panel /> }.into_any()
        }
    }
}

#[component]
fn EntryPanel(entry: SloEntry, now_ms: i64, panel: Panel) -> impl IntoView {
    let (slo, slices) = match (entry.slo, entry.slices) {
        (Ok(slo), Ok(s)) => (slo, s),
        (Err(e), _) => return view! { <ErrorBox title="This SLO's definition is invalid" message=e.to_string() /> }.into_any(),
        (_, Err(e)) => return view! { <ErrorBox title="This SLO's data could not be loaded" message=e.to_string() /> }.into_any(),
    };
    let summary = summarize(&slo, &slices, now_ms);
    let kind = match panel {
        Panel::Card => {
            return view! { <EmbedCard slo summary now_ms /> }.into_any();
        }
        Panel::Badge => {
            let svg = badge_for(&slo, &summary).svg;
            return view! { <div class="embed-badge-svg" inner_html=svg></div> }.into_any();
        }
        Panel::Burn => SloChart::Burn,
        Panel::Budget => SloChart::Budget,
        Panel::Sli => SloChart::Sli,
    };
    let name = slo.name.clone();
    let slo = Memo::new(move |_| slo.clone());
    let slices = StoredValue::new(slices);
    view! {
        <div class="embed-head">
            <span class="embed-name">{name}</span>
            <StatusBadge status=summary.status />
        </div>
        <SloChartView kind slo slices now_ms />
    }
    .into_any()
}
