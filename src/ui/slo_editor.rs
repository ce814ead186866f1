//! The SLO editor: write or paste a definition (Headroom's own, OpenSLO, Sloth or Pyrra), see
//! its figures computed live against a source, add it to this tab's workspace or download it
//! as OpenSLO.

use leptos::prelude::*;

use super::state::use_ws;
use super::widgets::{ErrorBox, PageHeader, StatusBadge};
use crate::core::chart::format_percent;
use crate::core::slo::formats::{import_any, to_openslo};
use crate::sources::registry;
use crate::workspace::slos;

const TEMPLATE: &str = "name: checkout-availability-draft
service: checkout
team: payments
objective: 99.9
window: 30d
method: occurrences
sli:
  ratio:
    errors: http_requests_total{service=\"checkout\",code=~\"5..\"}
    total: http_requests_total{service=\"checkout\"}
";

#[component]
pub fn SloEditor() -> impl IntoView {
    let ws = use_ws();
    let text = RwSignal::new(TEMPLATE.to_string());
    let sources = Memo::new(move |_| {
        registry::sources_that(&ws.config.get().sources, |c| c.metrics)
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    });
    let source = RwSignal::new(
        ws.config
            .get_untracked()
            .slos
            .first()
            .map(|s| s.source.clone())
            .or_else(|| sources.get_untracked().first().cloned())
            .unwrap_or_default(),
    );
    let parsed = Memo::new(move |_| import_any(&text.get(), &source.get()));
    // Live preview: recomputed when the definition or the source changes; data answers are
    // cached, so editing the objective or the window does not refetch.
    let preview = LocalResource::new(move || {
        let (p, cfg, loader) = (parsed.get(), ws.config.get_untracked(), ws.loader());
        async move {
            let list = p?;
            Ok::<_, String>(slos::preview(&loader.job(&cfg), list).await)
        }
    });
    let add = move |_| {
        if let Ok(list) = parsed.get_untracked() {
            ws.loader().add_tab_slos(list);
            ws.reload();
            ws.replace(crate::core::route::Route::new(
                crate::core::route::View::Slos,
            ));
        }
    };
    let download = move |_| {
        if let Ok(list) = parsed.get_untracked() {
            let cfgs: Vec<_> = list.into_iter().filter_map(|i| i.result.ok()).collect();
            let _ = crate::web::download::download(
                "slos.openslo.yaml",
                "application/yaml",
                &to_openslo(&cfgs),
            );
        }
    };
    view! {
        <PageHeader
            title="SLO editor"
            subtitle="Headroom YAML/JSON, OpenSLO, Sloth or Pyrra — previewed live"
        >
            <button class="button" on:click=download>
                "Download OpenSLO"
            </button>
            <button class="button primary" id="editor-add" on:click=add>
                "Add to workspace (this tab)"
            </button>
        </PageHeader>
        <div class="grid-halves">
            <section class="card">
                <div class="toolbar">
                    <label>
                        "Source "
                        <select
                            aria-label="Source"
                            prop:value=source
                            on:change=move |ev| source.set(event_target_value(&ev))
                        >
                            {move || {
                                sources
                                    .get()
                                    .into_iter()
                                    .map(|s| view! { <option value=s.clone()>{s.clone()}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                </div>
                <textarea
                    class="promql"
                    id="slo-editor-text"
                    rows="22"
                    aria-label="SLO definition"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </section>
            <section class="card">
                <h2>"Preview"</h2>
                <Transition fallback=|| {
                    view! { <p class="muted">"Computing…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match preview.await {
                            Err(e) => {
                                view! {
                                    <ErrorBox title="The definition cannot be read" message=e />
                                }
                                    .into_any()
                            }
                            Ok(rows) => {
                                view! {
                                    <table class="table compact" id="editor-preview">
                                        <thead>
                                            <tr>
                                                <th>"SLO"</th>
                                                <th class="num">"Attainment"</th>
                                                <th class="num">"Budget left"</th>
                                                <th>"Status"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .into_iter()
                                                .map(|(name, r)| match r {
                                                    Ok(s) => {
                                                        view! {
                                                            <tr>
                                                                <td>{name}</td>
                                                                <td class="num">{format_percent(s.window.sli)}</td>
                                                                <td class="num">
                                                                    {format_percent(s.window.budget_remaining)}
                                                                </td>
                                                                <td>
                                                                    <StatusBadge status=s.status />
                                                                </td>
                                                            </tr>
                                                        }
                                                            .into_any()
                                                    }
                                                    Err(e) => {
                                                        view! {
                                                            <tr>
                                                                <td>{name}</td>
                                                                <td colspan="3" class="bad-text">
                                                                    {e.to_string()}
                                                                </td>
                                                            </tr>
                                                        }
                                                            .into_any()
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}
