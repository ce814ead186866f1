//! Booting the workspace config: `?config=<url>`, else `headroom.json`, else `headroom.yaml`
//! next to index.html — never silently falling back to the demo when a config is broken. A
//! `?config=` on another origin than the page's (a link anyone can craft) is fetched, but not
//! acted on until the user has seen where it comes from and which hosts it will contact,
//! unless the page's own `headroom.json` lists its origin in `config_origins`. The reader that
//! says where a config fails is a Wasm module of its own (`read_config`).

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

use crate::core::config::{self, Config, ConfigError, Format};
use crate::core::url::{config_is_trusted, contacted_origins, origin};
use crate::sources::http::join;
use crate::sources::registry;
use crate::web::storage;
use crate::workspace::{LoadError, Loader};

/// What booting found.
#[derive(Clone, Debug)]
pub enum Boot {
    Ready(Config, String),
    /// A config from another origin, waiting for the user's "Load".
    Ask(Ask),
    Failed(ConfigFailure),
}

#[derive(Clone, Debug)]
pub struct Ask {
    cfg: Config,
    url: String,
    /// The origins the config will contact.
    hosts: Vec<String>,
}

/// Why the config could not be used.
#[derive(Clone, Debug)]
enum ConfigProblem {
    Load(LoadError),
    Parse(ConfigError),
    /// `?config=` names a file that is not there.
    NotFound,
    /// Neither `headroom.json` nor `headroom.yaml` exists.
    NoneFound,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigProblem::Load(e) => e.fmt(f),
            ConfigProblem::Parse(e) => e.fmt(f),
            ConfigProblem::NotFound => f.write_str("HTTP 404: no config file at this address."),
            ConfigProblem::NoneFound => f.write_str(
                "No headroom.json or headroom.yaml next to index.html, and no ?config=<url>.",
            ),
        }
    }
}

/// Where the config came from and what went wrong, for the failure page.
#[derive(Clone, Debug)]
pub struct ConfigFailure {
    url: String,
    problem: ConfigProblem,
}

/// Reads a config. Most configs read; the reader that records where one fails (serde paths, a
/// tenth of the main module's code) is a module of its own, downloaded only for one that does
/// not (`config::parse_quick` agrees with `config::parse` on every text but for the path).
pub async fn read_config(text: &str, format: Format) -> Result<Config, ConfigError> {
    match config::parse_quick(text, format, &registry::kinds()) {
        Some(read) => read,
        None => explain(text.to_string(), format).await.unwrap_or_else(|_| {
            Err(ConfigError {
                path: String::new(),
                message: "does not read as a config, and the part of Headroom that says where \
                          could not be downloaded (the network, or a newer version on the \
                          server): reload the page to see where"
                    .into(),
            })
        }),
    }
}

#[wasm_split(config_errors, wasm_split_path = ::leptos::wasm_split, fallible)]
fn explain(text: String, format: Format) -> Result<Result<Config, ConfigError>, SplitLoaderError> {
    Ok(config::parse(&text, format, &registry::kinds()))
}

/// The page's own config's `config_origins` (nothing when it has none or cannot be read).
async fn approved_origins(loader: &Loader, base: &str) -> Vec<String> {
    match loader.fetch_text(&join(base, "headroom.json", "")).await {
        Ok(Some(text)) => read_config(&text, Format::Json)
            .await
            .map(|c| c.config_origins)
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `?config=<url>` if given, else `headroom.json`, else `headroom.yaml` next to index.html.
pub async fn load_config(loader: &Loader) -> Boot {
    let base = loader.base_url().to_string();
    let explicit = crate::web::page_query("config");
    let candidates: Vec<String> = match &explicit {
        Some(u) => vec![u.clone()],
        None => vec!["headroom.json".into(), "headroom.yaml".into()],
    };
    for name in &candidates {
        let url = join(&base, name, "");
        let fail = |problem| {
            Boot::Failed(ConfigFailure {
                url: url.clone(),
                problem,
            })
        };
        let text = match loader.fetch_text(&url).await {
            Ok(Some(text)) => text,
            Ok(None) if explicit.is_none() => continue,
            Ok(None) => return fail(ConfigProblem::NotFound),
            Err(e) => return fail(ConfigProblem::Load(e)),
        };
        let mut cfg = match read_config(&text, Format::guess(name, &text)).await {
            Ok(cfg) => cfg,
            Err(e) => return fail(ConfigProblem::Parse(e)),
        };
        // The page's own config is read for `config_origins` only when the link is foreign.
        if explicit.is_some()
            && !config_is_trusted(&url, &base, &[])
            && !config_is_trusted(&url, &base, &approved_origins(loader, &base).await)
        {
            let hosts = contacted_origins(&cfg, &base);
            return Boot::Ask(Ask { cfg, url, hosts });
        }
        merge_browser_sources(&mut cfg, loader);
        return Boot::Ready(cfg, url);
    }
    Boot::Failed(ConfigFailure {
        url: join(&base, "headroom.json", ""),
        problem: ConfigProblem::NoneFound,
    })
}

/// Adds the sources saved in this browser to a loaded config (the file's own win on a name
/// clash), and restores kept secrets, each bound to the origin it was typed for.
pub fn merge_browser_sources(cfg: &mut Config, loader: &Loader) {
    for s in storage::browser_sources() {
        if !cfg.sources.iter().any(|c| c.name == s.name) && registry::is_kind(&s.kind) {
            cfg.sources.push(s);
        }
    }
    for s in &cfg.sources {
        if let Some((origin, secret, _)) = storage::load_secret(&s.name) {
            loader.set_secret_for_origin(&s.name, &origin, secret);
        }
    }
}

#[component]
pub fn BrokenConfig(failure: ConfigFailure) -> impl IntoView {
    view! {
        <div class="boot">
            <div class="error-box config-error" role="alert">
                <strong>"The workspace configuration could not be used"</strong>
                <p class="mono">{failure.url}</p>
                <p>{failure.problem.to_string()}</p>
                <p class="hint">
                    "Fix the file and reload. The format is described in the README (section “Configuration”)."
                </p>
            </div>
        </div>
    }
}

/// Where a foreign config comes from and whom it will contact; nothing loads until "Load".
#[component]
pub fn ConfirmConfig(
    ask: Ask,
    load: impl Fn(Config, String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let page = origin(&crate::web::base_url()).unwrap_or_else(|| "this page".into());
    let from = origin(&ask.url).unwrap_or_else(|| ask.url.clone());
    let own = crate::web::base_url();
    let (cfg, url) = (StoredValue::new(ask.cfg), StoredValue::new(ask.url.clone()));
    view! {
        <div class="boot">
            <div class="card config-consent" role="alertdialog" aria-labelledby="consent-title">
                <h2 id="consent-title">"Load a workspace from another site?"</h2>
                <p>"This link asks Headroom to load its configuration from " <b class="mono">{from}</b> ", not from " <span class="mono">{page}</span> ":"</p>
                <p class="mono" id="consent-url">{ask.url}</p>
                <p>"If you load it, your browser will contact:"</p>
                <ul id="consent-hosts">
                    {ask.hosts.into_iter().map(|h| view! { <li class="mono">{h}</li> }).collect_view()}
                </ul>
                <p class="hint">"Credentials you keep are bound to the address they were typed for and are never sent to another. Load only links you trust."</p>
                <div class="toolbar">
                    <button class="button primary" id="consent-load" on:click=move |_| load(cfg.get_value(), url.get_value())>
                        "Load"
                    </button>
                    <a class="button" href=own>"Open this site's own workspace"</a>
                </div>
            </div>
        </div>
    }
}
