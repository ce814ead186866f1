//! The SLO page's "Badge" menu: the SLO's status badge (`core::badge`) as a preview, a
//! download (`<slo>-badge.svg`), its embed URL and snippets to paste into a README or a wiki.
//! A static app cannot answer an image URL, so Markdown points at the committed SVG and HTML
//! pages can frame the badge embed instead.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::embed::{use_slo, Found};
use crate::core::badge::{Badge, SloBadge};
use crate::core::route::{to_hash, Embed, Panel, Route, View};
use crate::core::slo::{summarize, Slo, Summary};

/// The badge of one SLO's figures.
pub(super) fn badge_for(slo: &Slo, summary: &Summary) -> Badge {
    SloBadge {
        name: &slo.name,
        objective: slo.objective,
        attainment: summary.window.sli,
        budget_remaining: summary.window.budget_remaining,
        status: summary.status,
    }
    .render()
}

/// The URL that shows the SLO's badge alone, for an `<iframe>`.
fn embed_url(name: &str) -> String {
    let route = Route::new(View::Embed(Embed::Slo {
        name: name.to_string(),
        panel: Panel::Badge,
    }));
    format!("{}{}", crate::web::base_url(), to_hash(&route))
}

/// The file name a downloaded badge gets (`checkout-availability-badge.svg`).
fn file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{safe}-badge.svg")
}

/// A read-only text field that selects its text when focused, for copying.
#[component]
fn CopyField(#[prop(into)] label: String, text: String, rows: u32) -> impl IntoView {
    let select = |ev: web_sys::FocusEvent| {
        if let Some(t) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            t.select();
        }
    };
    view! {
        <label class="copy-field">
            <span>{label}</span>
            <textarea readonly rows=rows spellcheck="false" on:focus=select>
                {text}
            </textarea>
        </label>
    }
}

/// "Badge" on the SLO page: a disclosure with the preview, the download and the snippets.
#[component]
pub fn BadgeMenu(name: String) -> impl IntoView {
    let found = use_slo(name.clone());
    let badge = Memo::new(move |_| match found.get() {
        Found::Entry(e, now_ms) => match (&e.slo, &e.slices) {
            (Ok(slo), Ok(s)) => Some(badge_for(slo, &summarize(slo, s, now_ms))),
            _ => None,
        },
        _ => None,
    });
    let panel = move || {
        let Some(b) = badge.get() else {
            return view! { <p class="muted">"The badge is drawn once this SLO has loaded."</p> }
                .into_any();
        };
        let url = embed_url(&name);
        let file = file_name(&name);
        let html = format!(
            "<iframe src=\"{url}\" title=\"{} SLO badge\" width=\"{}\" height=\"{}\" frameborder=\"0\" scrolling=\"no\" sandbox=\"allow-scripts allow-same-origin\"></iframe>",
            crate::core::badge::escape_xml(&name),
            b.width,
            b.height,
        );
        let alt: String = name.chars().filter(|c| !"[]".contains(*c)).collect();
        let markdown = format!("![{alt} SLO]({file})");
        let svg = b.svg.clone();
        let download = {
            let (file, svg) = (file.clone(), svg.clone());
            move |_| {
                let _ = crate::web::download::download(&file, "image/svg+xml", &svg);
            }
        };
        view! {
            <div class="badge-preview" inner_html=svg></div>
            <button class="button" id="badge-download" on:click=download>
                {format!("Download {file}")}
            </button>
            <CopyField label="Embed URL (an iframe shows the live badge)" text=url rows=2 />
            <CopyField label="HTML" text=html rows=4 />
            <CopyField
                label="Markdown (commit the downloaded SVG next to it: a README cannot frame a page)"
                text=markdown
                rows=2
            />
        }
        .into_any()
    };
    view! {
        <details class="badge-menu no-print">
            <summary class="button" id="badge-menu">
                "Badge"
            </summary>
            <div class="badge-popover card">{panel}</div>
        </details>
    }
}
