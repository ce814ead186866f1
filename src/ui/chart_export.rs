//! The menu on every chart: download it as SVG (the chart exactly as drawn, vector) or PNG
//! (drawn by the browser at twice its size). Named after the chart's title.

use leptos::prelude::*;

/// `Requests per second (90 days)` → `requests-per-second-90-days`.
fn file_stem(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let stem: String = out.trim_end_matches('-').chars().take(60).collect();
    if stem.is_empty() {
        "chart".into()
    } else {
        stem
    }
}

#[component]
pub fn ChartExport(#[prop(into)] svg: Signal<String>, title: String) -> impl IntoView {
    let stem = file_stem(&title);
    let failed = RwSignal::new(None::<String>);
    let as_svg = {
        let stem = stem.clone();
        move |_| {
            let _ = crate::web::download::download(
                &format!("{stem}.svg"),
                "image/svg+xml",
                &svg.get_untracked(),
            );
        }
    };
    let as_png = move |_| {
        let (stem, text) = (stem.clone(), svg.get_untracked());
        leptos::task::spawn_local(async move {
            match crate::web::png::svg_to_png(&text, 2.0).await {
                Ok(blob) => {
                    let _ = crate::web::download::download_blob(&format!("{stem}.png"), &blob);
                    failed.try_set(None);
                }
                Err(e) => {
                    failed.try_set(Some(format!("PNG: {e}")));
                }
            }
        });
    };
    // Nothing to export while the chart waits for its data or its width.
    let drawn = move || svg.with(|s| !s.is_empty());
    view! {
        <details class="chart-menu no-print" prop:hidden=move || !drawn()>
            <summary aria-label="Export chart" title="Download this chart">
                "⋯"
            </summary>
            <div class="chart-menu-items">
                <button class="link" on:click=as_svg>
                    "SVG"
                </button>
                <button class="link" on:click=as_png>
                    "PNG"
                </button>
                {move || failed.get().map(|e| view! { <span class="bad-text">{e}</span> })}
            </div>
        </details>
    }
}
