//! The workspace every view reads from context: the loaded config, theme, current route, and
//! the shared data resources (loaded once, reused by every section).

use leptos::prelude::*;

use super::data::{self, InventoryData, RunsData, SloData, TimelineData};
use crate::core::chart::Theme;
use crate::core::config::Config;
use crate::core::route::{parse_hash, to_hash, Route};
use crate::sources::Progress;

#[derive(Clone, Copy)]
pub struct Workspace {
    pub config: RwSignal<Config>,
    /// Where the config came from (shown on the Sources page).
    pub config_url: StoredValue<String>,
    pub theme: RwSignal<Theme>,
    pub route: RwSignal<Route>,
    /// Bumped to reload every resource (Refresh button, source edits).
    pub generation: RwSignal<u32>,
    pub slos: LocalResource<SloData>,
    pub timeline: LocalResource<TimelineData>,
    pub inventory: LocalResource<InventoryData>,
    pub runs: LocalResource<RunsData>,
    /// Paging progress of inventory sources that report it (source name → progress).
    pub progress: RwSignal<std::collections::BTreeMap<String, Progress>>,
}

impl Workspace {
    pub fn new(config: Config, config_url: String) -> Workspace {
        let config = RwSignal::new(config);
        let generation = RwSignal::new(0u32);
        let route = RwSignal::new(current_route());
        // Every shared load reruns when the config changes or Refresh bumps the generation.
        fn load<T: 'static, Fut: std::future::Future<Output = T> + 'static>(config: RwSignal<Config>, generation: RwSignal<u32>, f: fn(Config) -> Fut) -> LocalResource<T> {
            LocalResource::new(move || {
                let cfg = config.get();
                generation.track();
                f(cfg)
            })
        }
        let slos = load(config, generation, |c| async move { data::load_slos(&c).await });
        let timeline = load(config, generation, |c| async move { data::load_timeline(&c).await });
        let progress = RwSignal::new(std::collections::BTreeMap::new());
        // Each inventory load gets a number; one replaced by a newer load stops reporting.
        let loads = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let inventory = LocalResource::new(move || {
            let cfg = config.get();
            generation.track();
            let loads = loads.clone();
            loads.set(loads.get() + 1);
            let this = loads.get();
            async move {
                progress.set(Default::default());
                let report = |name: &str, p: Progress| {
                    if loads.get() == this {
                        progress.update(|m| {
                            m.insert(name.to_string(), p);
                        })
                    }
                };
                data::load_inventory(&cfg, &report).await
            }
        });
        let runs = load(config, generation, |c| async move { data::load_runs(&c).await });
        Workspace { config, config_url: StoredValue::new(config_url), theme: RwSignal::new(initial_theme()), route, generation, slos, timeline, inventory, runs, progress }
    }

    /// Replaces the route's parameters without adding a history entry (filters, ranges).
    pub fn replace(&self, route: Route) {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&to_hash(&route)));
        }
        self.route.set(route);
    }

    pub fn reload(&self) {
        data::clear_cache();
        self.generation.update(|g| *g += 1);
    }
}

pub fn use_ws() -> Workspace {
    expect_context::<Workspace>()
}

pub fn current_route() -> Route {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    parse_hash(&hash)
}

const THEME_KEY: &str = "headroom.theme";

/// `?theme=` (for embeds) beats the stored choice, which beats `prefers-color-scheme`.
fn initial_theme() -> Theme {
    let choice = crate::web::page_query("theme").or_else(|| crate::web::storage::get(THEME_KEY));
    match choice.as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ => {
            let dark = web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches());
            if dark {
                Theme::Dark
            } else {
                Theme::Light
            }
        }
    }
}

pub fn apply_theme(theme: Theme, remember: bool) {
    let name = if theme == Theme::Dark { "dark" } else { "light" };
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("data-theme", name);
    }
    if remember {
        crate::web::storage::set(THEME_KEY, name);
    }
}
