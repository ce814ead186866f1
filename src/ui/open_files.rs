//! Open or drop files on the Sources page: each becomes a source for this tab (its kind
//! detected from the content), or joins this tab's SLOs when it holds definitions.

use leptos::prelude::*;

use super::source_form::upsert;

use super::state::use_ws;
use crate::core::config::SourceConfig;
use crate::sources::registry;

/// Open or drop files: each becomes a source for this tab, its kind detected from content.
#[component]
pub fn OpenFiles() -> impl IntoView {
    let ws = use_ws();
    let message = RwSignal::new(None::<Result<String, String>>);
    let over = RwSignal::new(false);
    let take = move |list: web_sys::FileList| {
        leptos::task::spawn_local(async move {
            let mut added = Vec::new();
            let mut problems = Vec::new();
            let mut slo_names: Vec<String> = Vec::new();
            for (name, bytes) in crate::web::files::read_all(list).await {
                match bytes {
                    Ok(b)
                        if crate::core::slo::formats::looks_like_definitions(
                            &String::from_utf8_lossy(&b),
                        ) =>
                    {
                        // SLO definitions, not data: they join this tab's SLOs, run against
                        // the first metrics source.
                        let source = ws
                            .config
                            .get_untracked()
                            .sources
                            .iter()
                            .find(|s| {
                                registry::get(&s.kind).is_some_and(|a| a.capabilities().metrics)
                            })
                            .map(|s| s.name.clone())
                            .unwrap_or_default();
                        match crate::core::slo::formats::import(
                            &String::from_utf8_lossy(&b),
                            &source,
                        ) {
                            Ok(list) => {
                                slo_names.extend(list.iter().map(|i| i.name.clone()));
                                ws.loader().add_tab_slos(list);
                            }
                            Err(e) => problems.push(format!("{name}: {e}")),
                        }
                    }
                    Ok(b) => {
                        let kind = registry::detect_kind(&String::from_utf8_lossy(&b));
                        crate::web::files::put(&name, b);
                        added.push(SourceConfig {
                            name: format!("file:{name}"),
                            kind: kind.into(),
                            url: format!("{}{name}", crate::sources::http::LOCAL_SCHEME),
                            auth: Default::default(),
                            headers: Default::default(),
                            timeout: None,
                        });
                    }
                    Err(e) => problems.push(e),
                }
            }
            let names: Vec<String> = added
                .iter()
                .map(|s| format!("{} ({})", s.name, s.kind))
                .collect();
            let replaced: Vec<String> = added.iter().map(|s| s.name.clone()).collect();
            let mut cfg = ws.config.get_untracked();
            cfg.sources.retain(|s| !replaced.contains(&s.name));
            ws.config.set(cfg);
            let mut opened = names.join(", ");
            if !slo_names.is_empty() {
                opened = format!(
                    "{opened}{}{} SLO definitions ({})",
                    if opened.is_empty() { "" } else { "; " },
                    slo_names.len(),
                    slo_names.join(", ")
                );
            }
            let r = upsert(ws, None, added).map(|_| format!("Opened {opened}"));
            message.set(Some(if problems.is_empty() {
                r
            } else {
                Err(problems.join("; "))
            }));
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            take(list);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            take(list);
        }
    };
    view! {
        <section
            class="card drop-zone"
            class:over=move || over.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <h2>"Open files"</h2>
            <p class="hint">
                "Drop /metrics pages, kubectl JSON, catalog YAML or workflow-run JSON here, or "
                <label class="link">
                    "choose files"
                    <input type="file" multiple hidden id="open-files" on:change=on_pick />
                </label> ". They stay in this tab's memory; nothing is uploaded."
            </p>
            {move || {
                message
                    .get()
                    .map(|m| match m {
                        Ok(t) => {
                            view! {
                                <p class="ok-text" id="open-files-result">
                                    {t}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <p class="bad-text" role="alert" id="open-files-result">
                                    {e}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}
