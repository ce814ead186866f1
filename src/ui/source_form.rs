//! The Sources page's forms: add or edit a source kept in this browser (with its secret only
//! where the user chooses), import sources from a config file, and open local files
//! (exposition, Kubernetes lists, catalog YAML, workflow runs) for this tab.

use leptos::prelude::*;

use super::state::use_ws;
use crate::core::config::{AuthConfig, AuthMode, Format, SourceConfig};
use crate::sources::registry;
use crate::web::storage;

/// The form's fields, shared so a row's Edit button can fill them.
#[derive(Clone, Copy)]
pub struct FormState {
    editing: RwSignal<Option<String>>,
    name: RwSignal<String>,
    kind: RwSignal<String>,
    url: RwSignal<String>,
    mode: RwSignal<String>,
    user: RwSignal<String>,
    secret: RwSignal<String>,
    keep: RwSignal<String>,
    timeout: RwSignal<String>,
    headers: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl FormState {
    pub fn new() -> FormState {
        let s = |v: &str| RwSignal::new(v.to_string());
        FormState {
            editing: RwSignal::new(None),
            name: s(""),
            kind: s("prometheus"),
            url: s(""),
            mode: s("none"),
            user: s(""),
            secret: s(""),
            keep: s("memory"),
            timeout: s("30s"),
            headers: s(""),
            error: RwSignal::new(None),
        }
    }

    pub fn load(&self, src: &SourceConfig) {
        self.editing.set(Some(src.name.clone()));
        self.name.set(src.name.clone());
        self.kind.set(src.kind.clone());
        self.url.set(src.url.clone());
        self.mode.set(
            match src.auth.mode {
                AuthMode::None => "none",
                AuthMode::Bearer => "bearer",
                AuthMode::Basic => "basic",
            }
            .into(),
        );
        self.user.set(src.auth.username.clone().unwrap_or_default());
        self.secret.set(String::new());
        self.timeout.set(src.timeout.clone().unwrap_or_default());
        self.headers.set(
            src.headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("; "),
        );
        self.error.set(None);
    }

    fn clear(&self) {
        let fresh = FormState::new();
        self.editing.set(None);
        for (a, b) in [
            (self.name, fresh.name),
            (self.url, fresh.url),
            (self.secret, fresh.secret),
            (self.headers, fresh.headers),
            (self.user, fresh.user),
        ] {
            a.set(b.get_untracked());
        }
    }

    fn to_source(self) -> Result<SourceConfig, String> {
        let mut headers = std::collections::BTreeMap::new();
        for part in self
            .headers
            .get_untracked()
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (k, v) = part
                .split_once(':')
                .ok_or_else(|| format!("header \"{part}\" is not \"Name: value\""))?;
            headers.insert(k.trim().to_string(), v.trim().to_string());
        }
        let mode = match self.mode.get_untracked().as_str() {
            "bearer" => AuthMode::Bearer,
            "basic" => AuthMode::Basic,
            _ => AuthMode::None,
        };
        Ok(SourceConfig {
            name: self.name.get_untracked().trim().to_string(),
            kind: self.kind.get_untracked(),
            url: self.url.get_untracked().trim().to_string(),
            auth: AuthConfig {
                mode,
                username: Some(self.user.get_untracked())
                    .filter(|u| !u.is_empty() && mode == AuthMode::Basic),
            },
            headers,
            timeout: Some(self.timeout.get_untracked()).filter(|t| !t.is_empty()),
        })
    }
}

/// Replaces (or adds) browser-kept sources and the live config, then reloads the data.
pub(super) fn upsert(
    ws: super::state::Workspace,
    replaced: Option<&str>,
    added: Vec<SourceConfig>,
) -> Result<(), String> {
    let mut next = ws.config.get_untracked();
    next.sources.retain(|s| Some(s.name.as_str()) != replaced);
    next.sources.extend(added.iter().cloned());
    next.validate(&registry::kinds()).map_err(|e| e.message)?;
    let keep: Vec<SourceConfig> = added
        .into_iter()
        .filter(|s| !s.url.starts_with(crate::sources::http::LOCAL_SCHEME))
        .collect();
    let mut list: Vec<SourceConfig> = storage::browser_sources()
        .into_iter()
        .filter(|s| Some(s.name.as_str()) != replaced && !keep.iter().any(|k| k.name == s.name))
        .collect();
    list.extend(keep);
    storage::save_browser_sources(&list);
    ws.config.set(next);
    ws.reload();
    Ok(())
}

#[component]
pub fn SourceForm() -> impl IntoView {
    let ws = use_ws();
    let f = expect_context::<FormState>();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let src = match f.to_source() {
            Ok(s) => s,
            Err(e) => return f.error.set(Some(e)),
        };
        let editing = f.editing.get_untracked();
        if let Err(e) = upsert(ws, editing.as_deref(), vec![src.clone()]) {
            return f.error.set(Some(e));
        }
        f.error.set(None);
        let secret = f.secret.get_untracked();
        if src.auth.mode != AuthMode::None && !secret.is_empty() {
            super::credential::keep_secret(ws, &src, &secret, &f.keep.get_untracked());
        }
        f.clear();
    };
    let bind = move |sig: RwSignal<String>| move |ev| sig.set(event_target_value(&ev));
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        leptos::task::spawn_local(async move {
            for (name, bytes) in crate::web::files::read_all(list).await {
                let text = bytes
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .unwrap_or_default();
                let result = super::boot::read_config(&text, Format::guess(&name, &text))
                    .await
                    .map_err(|e| format!("{name}: {e}"))
                    .and_then(|c| {
                        let fresh: Vec<SourceConfig> = c
                            .sources
                            .into_iter()
                            .filter(|s| {
                                !ws.config
                                    .get_untracked()
                                    .sources
                                    .iter()
                                    .any(|x| x.name == s.name)
                            })
                            .collect();
                        upsert(ws, None, fresh).map_err(|e| format!("{name}: {e}"))
                    });
                f.error.set(result.err());
            }
        });
    };
    view! {
        <section class="card">
            <h2>
                {move || match f.editing.get() {
                    Some(n) => format!("Edit source {n}"),
                    None => "Add a source (kept in this browser)".to_string(),
                }}
            </h2>
            <form on:submit=submit id="add-source">
                <div class="form-grid">
                    <label>
                        "Name"<input name="name" required prop:value=f.name on:input=bind(f.name) />
                    </label>
                    <label>
                        "Kind"<select name="kind" prop:value=f.kind on:change=bind(f.kind)>
                            {registry::all()
                                .iter()
                                .map(|a| view! { <option value=a.kind()>{a.kind()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        "URL"
                        <input
                            name="url"
                            required
                            placeholder="http://127.0.0.1:9090"
                            prop:value=f.url
                            on:input=bind(f.url)
                        />
                    </label>
                    <label>
                        "Timeout"
                        <input name="timeout" prop:value=f.timeout on:input=bind(f.timeout) />
                    </label>
                    <label>
                        "Extra headers"
                        <input
                            name="headers"
                            placeholder="X-Scope-OrgID: acme"
                            prop:value=f.headers
                            on:input=bind(f.headers)
                        />
                    </label>
                    <label>
                        "Auth"<select name="auth" prop:value=f.mode on:change=bind(f.mode)>
                            <option value="none">"none"</option>
                            <option value="bearer">"bearer token"</option>
                            <option value="basic">"basic auth"</option>
                        </select>
                    </label>
                    <Show when=move || f.mode.get() == "basic">
                        <label>
                            "User name"
                            <input name="username" prop:value=f.user on:input=bind(f.user) />
                        </label>
                    </Show>
                    <Show when=move || f.mode.get() != "none">
                        <label>
                            "Token / password"
                            <input
                                name="secret"
                                type="password"
                                autocomplete="off"
                                prop:value=f.secret
                                on:input=bind(f.secret)
                            />
                        </label>
                        <label>
                            "Keep the secret"
                            <super::credential::KeepChoice keep=f.keep />
                        </label>
                    </Show>
                </div>
                {move || {
                    f
                        .error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="bad-text" role="alert" id="add-source-error">
                                    {e}
                                </p>
                            }
                        })
                }}
                <div class="toolbar">
                    <button class="button primary" type="submit">
                        {move || {
                            if f.editing.get().is_some() { "Save source" } else { "Add source" }
                        }}
                    </button>
                    <Show when=move || f.editing.get().is_some()>
                        <button class="button" type="button" on:click=move |_| f.clear()>
                            "Cancel"
                        </button>
                    </Show>
                    <label class="button">
                        "Import config…"
                        <input
                            type="file"
                            accept=".json,.yaml,.yml"
                            hidden
                            on:change=import
                            name="import"
                        />
                    </label>
                </div>
            </form>
        </section>
    }
}
