//! Sources: what the workspace reads from, a connection test per source, adding and removing
//! sources in this browser (persisted in localStorage, secrets only where the user chooses),
//! and exporting the list in the config-file format (never with secrets).

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::chart::BarChartView;
use crate::core::chart::BarChart;

use super::state::use_ws;
use super::widgets::PageHeader;
use crate::core::config::{AuthMode, SourceConfig};
use crate::sources::{registry, Payload, Request};
use crate::web::storage;

fn is_browser_source(name: &str) -> bool {
    storage::browser_sources().iter().any(|s| s.name == name)
}

/// Connection-test round-trip times per source (ms), shared by the rows and the chart.
#[derive(Clone, Copy)]
struct Timings(RwSignal<BTreeMap<String, f64>>);

#[component]
pub fn SourcesPage() -> impl IntoView {
    let ws = use_ws();
    let timings = Timings(RwSignal::new(BTreeMap::new()));
    provide_context(timings);
    provide_context(super::source_form::FormState::new());
    let chart = Signal::derive(move || BarChart {
        bars: timings
            .0
            .get()
            .into_iter()
            .map(|(n, ms)| (n, vec![(0, ms)]))
            .collect(),
        width: 600,
        theme: ws.theme.get(),
    });
    let export = move |_| {
        let mut cfg = ws.config.get_untracked();
        cfg.demo = false;
        let _ = crate::web::download::download(
            "headroom.json",
            "application/json",
            &cfg.to_json_pretty(),
        );
    };
    let forget_all = move |_| {
        storage::forget_all_secrets();
        ws.loader().forget_all_secrets();
        ws.reload();
    };
    view! {
        <PageHeader
            title="Sources"
            subtitle="Endpoints this workspace reads. Nothing leaves your browser except requests to these."
        >
            <button class="button" on:click=export>
                "Export config (no secrets)"
            </button>
            <button class="button danger" id="forget-secrets" on:click=forget_all title="Removes every token and password kept in this tab and on this device">
                "Forget all secrets"
            </button>
        </PageHeader>
        <p class="as-of">
            {move || format!("Configuration loaded from {}", ws.config_url.get_value())}
        </p>
        <div class="card table-wrap">
            <table class="table" id="sources-table">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"Kind"</th>
                        <th>"URL"</th>
                        <th>"Auth"</th>
                        <th>"Defined in"</th>
                        <th>"Status"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        ws
                            .config
                            .get()
                            .sources
                            .into_iter()
                            .map(|s| view! { <SourceRow source=s /> })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
        <BarChartView
            chart=chart
            title="Connection test round trip (ms)"
            // Until the first test answers; then each bar as its test ends.
            loading=Signal::derive(move || {
                timings.0.with(BTreeMap::is_empty) && ws.config.with(|c| !c.sources.is_empty())
            })
        />
        <super::source_form::SourceForm />
        <super::open_files::OpenFiles />
        <section class="card">
            <h2>"Kinds of source"</h2>
            <table class="table compact">
                <tbody>
                    {registry::all()
                        .iter()
                        .map(|a| {
                            view! {
                                <tr>
                                    <td class="mono">{a.kind()}</td>
                                    <td>{a.describe()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn SourceRow(source: SourceConfig) -> impl IntoView {
    let ws = use_ws();
    let name = source.name.clone();
    let status = RwSignal::new(None::<Result<String, crate::workspace::LoadError>>);
    let timings = expect_context::<Timings>();
    let test = {
        let name = name.clone();
        move || {
            let name = name.clone();
            status.set(Some(Ok("testing…".into())));
            leptos::task::spawn_local(async move {
                let (cfg, loader) = (ws.config.get_untracked(), ws.loader());
                let started = crate::web::now_ms();
                let r = loader
                    .job(&cfg)
                    .fresh(&name, &Request::Probe)
                    .await
                    .map(|p| match p {
                        Payload::Probe(info) => info.summary,
                        _ => "connected".into(),
                    });
                let elapsed = (crate::web::now_ms() - started) as f64;
                timings.0.update(|t| {
                    t.insert(name.clone(), elapsed);
                });
                status.set(Some(r));
            });
        }
    };
    // Test once on first view: the page answers "is everything reachable?" at a glance.
    let first = test.clone();
    Effect::new(move |_| first());
    let browser = is_browser_source(&name);
    let from_file = source.url.starts_with(crate::sources::http::LOCAL_SCHEME);
    let form = expect_context::<super::source_form::FormState>();
    let edit = {
        let src = source.clone();
        move |_| form.load(&src)
    };
    let remove = {
        let name = name.clone();
        let src_for_remove = source.clone();
        move |_| {
            let list: Vec<SourceConfig> = storage::browser_sources()
                .into_iter()
                .filter(|s| s.name != name)
                .collect();
            storage::save_browser_sources(&list);
            storage::forget_secret(&name);
            ws.loader().set_secret(&src_for_remove, None);
            ws.config.update(|c| c.sources.retain(|s| s.name != name));
            ws.reload();
        }
    };
    // Re-read after every reload (a secret typed, forgotten or forgotten all).
    let auth = {
        let source = source.clone();
        move || {
            ws.generation.track();
            let set = ws.loader().has_secret(&source);
            let user = source.auth.username.clone().unwrap_or_default();
            match (source.auth.mode, set) {
                (AuthMode::None, _) => "none".to_string(),
                (AuthMode::Bearer, true) => "bearer (token set)".into(),
                (AuthMode::Bearer, false) => "bearer (no token)".into(),
                (AuthMode::Basic, true) => format!("basic {user} (password set)"),
                (AuthMode::Basic, false) => format!("basic {user} (no password)"),
            }
        }
    };
    view! {
        <tr data-source=name.clone()>
            <td>
                <b>{name.clone()}</b>
            </td>
            <td class="mono">{source.kind.clone()}</td>
            <td class="mono">{source.url.clone()}</td>
            <td>
                {auth}
                {(source.auth.mode != AuthMode::None && !from_file).then(|| view! { <super::credential::CredentialField source=source.clone() changed=test.clone() /> })}
            </td>
            <td>
                {if from_file {
                    "file, this tab only"
                } else if browser {
                    "this browser"
                } else {
                    "config file"
                }}
            </td>
            <td class="source-status">
                {move || match status.get() {
                    None => view! { <span class="muted">"not tested"</span> }.into_any(),
                    Some(Ok(s)) => view! { <span class="ok-text">{s}</span> }.into_any(),
                    Some(Err(e)) => {
                        view! { <span class="bad-text">{e.to_string()}</span> }.into_any()
                    }
                }}
            </td>
            <td>
                <button class="button" on:click=move |_| test()>
                    "Test"
                </button>
                {browser
                    .then(|| {
                        view! {
                            <button class="button" on:click=edit>
                                "Edit"
                            </button>
                        }
                    })}
                {(browser || from_file)
                    .then(|| {
                        view! {
                            <button class="button danger" on:click=remove>
                                "Remove"
                            </button>
                        }
                    })}
            </td>
        </tr>
    }
}
