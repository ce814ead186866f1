//! Sources: what the workspace reads from, a connection test per source, adding and removing
//! sources in this browser (persisted in localStorage, secrets only where the user chooses),
//! and exporting the list in the config-file format (never with secrets).

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::chart::BarChartView;
use crate::core::chart::BarChart;

use super::data;
use super::state::use_ws;
use super::widgets::PageHeader;
use crate::core::config::{AuthConfig, AuthMode, Config, SourceConfig};
use crate::sources::{registry, Payload, Request};
use crate::web::storage::{self, SecretPersistence};

const KEY: &str = "headroom.sources";

fn browser_sources() -> Vec<SourceConfig> {
    storage::get(KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

fn save_browser_sources(list: &[SourceConfig]) {
    storage::set(KEY, &serde_json::to_string(list).unwrap_or_default());
}

/// Adds the sources saved in this browser to a loaded config (the file's own win on a name
/// clash), and restores secrets the user chose to keep.
pub fn merge_browser_sources(cfg: &mut Config) {
    for s in browser_sources() {
        if !cfg.sources.iter().any(|c| c.name == s.name) && registry::get(&s.kind).is_some() {
            cfg.sources.push(s);
        }
    }
    for s in &cfg.sources {
        if let Some((secret, _)) = storage::load_secret(&s.name) {
            data::set_secret(&s.name, Some(secret));
        }
    }
}

fn is_browser_source(name: &str) -> bool {
    browser_sources().iter().any(|s| s.name == name)
}

/// Connection-test round-trip times per source (ms), shared by the rows and the chart.
#[derive(Clone, Copy)]
struct Timings(RwSignal<BTreeMap<String, f64>>);

#[component]
pub fn SourcesPage() -> impl IntoView {
    let ws = use_ws();
    let timings = Timings(RwSignal::new(BTreeMap::new()));
    provide_context(timings);
    let chart = Signal::derive(move || BarChart { bars: timings.0.get().into_iter().map(|(n, ms)| (n, vec![(0, ms)])).collect(), width: 600, theme: ws.theme.get() });
    let export = move |_| {
        let mut cfg = ws.config.get_untracked();
        cfg.demo = false;
        let _ = crate::web::download::download("headroom.json", "application/json", &cfg.to_json_pretty());
    };
    view! {
        <PageHeader title="Sources" subtitle="Endpoints this workspace reads. Nothing leaves your browser except requests to these.">
            <button class="button" on:click=export>"Export config (no secrets)"</button>
        </PageHeader>
        <p class="as-of">{move || format!("Configuration loaded from {}", ws.config_url.get_value())}</p>
        <div class="card table-wrap">
            <table class="table" id="sources-table">
                <thead><tr><th>"Name"</th><th>"Kind"</th><th>"URL"</th><th>"Auth"</th><th>"Defined in"</th><th>"Status"</th><th></th></tr></thead>
                <tbody>
                    {move || ws.config.get().sources.into_iter().map(|s| view! { <SourceRow source=s/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <BarChartView chart=chart title="Connection test round trip (ms)"/>
        <AddSource/>
        <section class="card">
            <h2>"Kinds of source"</h2>
            <table class="table compact">
                <tbody>{registry::all().iter().map(|a| view! { <tr><td class="mono">{a.kind()}</td><td>{a.describe()}</td></tr> }).collect_view()}</tbody>
            </table>
        </section>
    }
}

#[component]
fn SourceRow(source: SourceConfig) -> impl IntoView {
    let ws = use_ws();
    let name = source.name.clone();
    let status = RwSignal::new(None::<Result<String, String>>);
    let timings = expect_context::<Timings>();
    let test = {
        let name = name.clone();
        move || {
            let name = name.clone();
            status.set(Some(Ok("testing…".into())));
            leptos::task::spawn_local(async move {
                let cfg = ws.config.get_untracked();
                let started = crate::web::now_ms();
                let r = data::uncached(&cfg, &name, &Request::Probe).await.map(|p| match p {
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
    let remove = {
        let name = name.clone();
        move |_| {
            let list: Vec<SourceConfig> = browser_sources().into_iter().filter(|s| s.name != name).collect();
            save_browser_sources(&list);
            storage::store_secret(&name, "", SecretPersistence::Memory);
            data::set_secret(&name, None);
            ws.config.update(|c| c.sources.retain(|s| s.name != name));
            ws.reload();
        }
    };
    let auth = match source.auth.mode {
        AuthMode::None => "none".to_string(),
        AuthMode::Bearer => format!("bearer{}", if data::has_secret(&name) { " (token set)" } else { " (no token)" }),
        AuthMode::Basic => format!("basic {}{}", source.auth.username.clone().unwrap_or_default(), if data::has_secret(&name) { " (password set)" } else { " (no password)" }),
    };
    view! {
        <tr data-source=name.clone()>
            <td><b>{name.clone()}</b></td>
            <td class="mono">{source.kind.clone()}</td>
            <td class="mono">{source.url.clone()}</td>
            <td>{auth}</td>
            <td>{if browser { "this browser" } else { "config file" }}</td>
            <td class="source-status">{move || match status.get() {
                None => view! { <span class="muted">"not tested"</span> }.into_any(),
                Some(Ok(s)) => view! { <span class="ok-text">{s}</span> }.into_any(),
                Some(Err(e)) => view! { <span class="bad-text">{e}</span> }.into_any(),
            }}</td>
            <td>
                <button class="button" on:click=move |_| test()>"Test"</button>
                {browser.then(|| view! { <button class="button danger" on:click=remove>"Remove"</button> })}
            </td>
        </tr>
    }
}

#[component]
fn AddSource() -> impl IntoView {
    let ws = use_ws();
    let (name, kind, url, mode, user, secret, keep, timeout) = (RwSignal::new(String::new()), RwSignal::new("prometheus".to_string()), RwSignal::new(String::new()), RwSignal::new("none".to_string()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new("memory".to_string()), RwSignal::new("30s".to_string()));
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let auth_mode = match mode.get_untracked().as_str() {
            "bearer" => AuthMode::Bearer,
            "basic" => AuthMode::Basic,
            _ => AuthMode::None,
        };
        let src = SourceConfig {
            name: name.get_untracked().trim().to_string(),
            kind: kind.get_untracked(),
            url: url.get_untracked().trim().to_string(),
            auth: AuthConfig { mode: auth_mode, username: Some(user.get_untracked()).filter(|u| !u.is_empty()) },
            headers: Default::default(),
            timeout: Some(timeout.get_untracked()).filter(|t| !t.is_empty()),
        };
        let mut next = ws.config.get_untracked();
        next.sources.push(src.clone());
        if let Err(e) = next.validate(&registry::kinds()) {
            // Report against the form, not the index in the merged list.
            error.set(Some(e.message));
            return;
        }
        error.set(None);
        let mut list = browser_sources();
        list.push(src.clone());
        save_browser_sources(&list);
        let s = secret.get_untracked();
        if auth_mode != AuthMode::None && !s.is_empty() {
            data::set_secret(&src.name, Some(s.clone()));
            let how = match keep.get_untracked().as_str() {
                "session" => SecretPersistence::Session,
                "local" => SecretPersistence::Local,
                _ => SecretPersistence::Memory,
            };
            storage::store_secret(&src.name, &s, how);
        }
        ws.config.set(next);
        ws.reload();
        name.set(String::new());
        url.set(String::new());
        secret.set(String::new());
    };
    let input = move |sig: RwSignal<String>| move |ev| sig.set(event_target_value(&ev));
    view! {
        <section class="card">
            <h2>"Add a source (kept in this browser)"</h2>
            <form on:submit=add id="add-source">
                <div class="form-grid">
                    <label>"Name"<input name="name" required prop:value=name on:input=input(name)/></label>
                    <label>"Kind"<select name="kind" prop:value=kind on:change=input(kind)>
                        {registry::all().iter().map(|a| view! { <option value=a.kind()>{a.kind()}</option> }).collect_view()}
                    </select></label>
                    <label>"URL"<input name="url" required placeholder="http://127.0.0.1:9090" prop:value=url on:input=input(url)/></label>
                    <label>"Timeout"<input name="timeout" prop:value=timeout on:input=input(timeout)/></label>
                    <label>"Auth"<select name="auth" prop:value=mode on:change=input(mode)>
                        <option value="none">"none"</option><option value="bearer">"bearer token"</option><option value="basic">"basic auth"</option>
                    </select></label>
                    <Show when=move || mode.get() == "basic"><label>"User name"<input name="username" prop:value=user on:input=input(user)/></label></Show>
                    <Show when=move || mode.get() != "none">
                        <label>"Token / password"<input name="secret" type="password" autocomplete="off" prop:value=secret on:input=input(secret)/></label>
                        <label>"Keep the secret"<select name="keep" prop:value=keep on:change=input(keep)>
                            <option value="memory">"in memory only (default)"</option>
                            <option value="session">"until the tab closes"</option>
                            <option value="local">"on this device"</option>
                        </select></label>
                    </Show>
                </div>
                {move || error.get().map(|e| view! { <p class="bad-text" role="alert" id="add-source-error">{e}</p> })}
                <p><button class="button primary" type="submit">"Add source"</button></p>
            </form>
        </section>
    }
}
