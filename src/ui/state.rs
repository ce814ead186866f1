//! The workspace every view reads from context: the loaded config, theme, current route, and
//! the shared data resources (loaded once, reused by every section).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::core::chart::Theme;
use crate::core::config::Config;
use crate::core::route::{parse_hash, to_hash, Route, View};
use crate::sources::Progress;
use crate::workspace::{
    fleet, slo_feed, Inventory, Job, Lane, Loader, Runs, SloLoad, SloState, Timeline,
};

pub type SloData = Arc<SloState>;
pub type TimelineData = Arc<Timeline>;
pub type InventoryData = Arc<Inventory>;
pub type RunsData = Arc<Runs>;

#[derive(Clone, Copy)]
pub struct Workspace {
    pub config: RwSignal<Config>,
    /// Where the config came from (shown on the Sources page).
    pub config_url: StoredValue<String>,
    pub theme: RwSignal<Theme>,
    pub route: RwSignal<Route>,
    /// Bumped to reload every resource (Refresh button, source edits).
    pub generation: RwSignal<u32>,
    /// The workspace layer: cache, secrets, request limits (see `crate::workspace`).
    loader: StoredValue<Rc<Loader>, LocalStorage>,
    /// The SLO state as it loads: each SLO appears when its own source answered
    /// (`None` until the definitions are known).
    pub slos: RwSignal<Option<SloData>>,
    pub timeline: LocalResource<TimelineData>,
    pub inventory: LocalResource<InventoryData>,
    pub runs: LocalResource<RunsData>,
    /// The workspace's "now": a recorded source's capture time, else the clock.
    pub now: LocalResource<Arc<i64>>,
    /// Paging progress of inventory sources that report it (source name → progress).
    pub progress: RwSignal<std::collections::BTreeMap<String, Progress>>,
    /// The page's `?exclude=` (exclusion windows entered in the UI; `super::exclusions`).
    pub excluded: RwSignal<String>,
}

/// A resource that reruns `load` when the config changes or Refresh bumps the generation.
fn shared<T: 'static>(
    config: RwSignal<Config>,
    generation: RwSignal<u32>,
    loader: StoredValue<Rc<Loader>, LocalStorage>,
    lane: impl Fn() -> Lane + 'static,
    load: for<'a> fn(&'a Job<'a>) -> crate::sources::LocalBoxFuture<'a, T>,
) -> LocalResource<Arc<T>> {
    LocalResource::new(move || {
        let cfg = config.get();
        generation.track();
        let loader = loader.get_value();
        let lane = lane();
        async move {
            // Each load starts in a task of its own, not in the one that builds the page.
            crate::web::fetch::sleep(0).await;
            Arc::new(load(&loader.job_in(&cfg, lane)).await)
        }
    })
}

/// The lane of the loads besides the SLOs: in the background on the pages that show SLOs
/// first (their charts and list are not held back by the inventory's files), else in the
/// foreground. Chosen by the page shown when the load starts.
fn lane_besides_slos(route: RwSignal<Route>) -> Lane {
    match route.with_untracked(|r| r.view.clone()) {
        View::Overview
        | View::Slos
        | View::Slo(_)
        | View::SloEditor
        | View::Reports
        | View::Embed(_) => Lane::Background,
        _ => Lane::Foreground,
    }
}

/// How long SLO answers are gathered before the views are told again (a few frames): 200 SLOs
/// answering one by one must not re-render the list 200 times.
const SLO_FLUSH_MS: u64 = 120;

/// Loads the SLOs whenever the config changes or Refresh bumps the generation, publishing the
/// partial state into `slos` as answers arrive. A load replaced by a newer one stops
/// publishing.
fn feed_slos(
    config: RwSignal<Config>,
    generation: RwSignal<u32>,
    loader: StoredValue<Rc<Loader>, LocalStorage>,
    slos: RwSignal<Option<SloData>>,
    excluded: RwSignal<String>,
) {
    let run = StoredValue::new(0u64);
    Effect::new(move |_| {
        let cfg = config.get();
        generation.track();
        // Windows changed in the UI reload from the cache: nothing is fetched again.
        let extra = super::exclusions::valid(&excluded.get());
        let loader = loader.get_value();
        run.update_value(|r| *r += 1);
        let this = run.get_value();
        let out = Rc::new(RefCell::new(SloLoad::excluding(extra)));
        let scheduled = Rc::new(Cell::new(false));
        // When the views were last told: an answer after a quiet spell is shown at once (the
        // first SLO's chart waited 120 ms for nothing), later ones gather until 120 ms after it.
        // So is the first answer of all. The definitions listed (all pending) wait like a
        // later answer: drawn at once, they delayed the first queries by a render (60-100 ms
        // on the demo's cold open); when an answer comes within 120 ms it is drawn with them.
        let last = Rc::new(Cell::new(crate::web::now_ms()));
        let shown_answers = Rc::new(Cell::new(false));
        let publish = {
            let (out, last, shown_answers) = (out.clone(), last.clone(), shown_answers.clone());
            move || {
                last.set(crate::web::now_ms());
                shown_answers.set(out.borrow().answered() > 0);
                if run.try_get_value() == Some(this) {
                    slos.set(Some(Arc::new(out.borrow().state())));
                }
            }
        };
        let changed = {
            let (publish, scheduled, out) = (publish.clone(), scheduled.clone(), out.clone());
            move || {
                let first_answer = !shown_answers.get() && out.borrow().answered() > 0;
                if scheduled.get() && !first_answer {
                    return;
                }
                let wait = last.get() + SLO_FLUSH_MS as i64 - crate::web::now_ms();
                if wait <= 0 || first_answer {
                    publish();
                    return;
                }
                scheduled.set(true);
                let (publish, scheduled) = (publish.clone(), scheduled.clone());
                set_timeout(
                    move || {
                        scheduled.set(false);
                        publish();
                    },
                    std::time::Duration::from_millis(wait.unsigned_abs()),
                );
            }
        };
        leptos::task::spawn_local(async move {
            // No pause first: the first requests go out before the page is built (a task
            // later, `app.rs`), and their answers travel meanwhile.
            let job = loader.job(&cfg);
            slo_feed::load_into(&job, &out, &changed).await;
            if !job.cancelled() {
                publish();
            }
        });
    });
}

impl Workspace {
    pub fn new(config: Config, config_url: String, loader: Rc<Loader>) -> Workspace {
        let config = RwSignal::new(config);
        let generation = RwSignal::new(0u32);
        let route = RwSignal::new(current_route());
        let loader = StoredValue::new_local(loader);
        let slos = RwSignal::new(None);
        let excluded = RwSignal::new(crate::web::page_query("exclude").unwrap_or_default());
        feed_slos(config, generation, loader, slos, excluded);
        let lane = move || lane_besides_slos(route);
        let timeline = shared(config, generation, loader, lane, |j| {
            Box::pin(fleet::load_timeline(j))
        });
        let runs = shared(config, generation, loader, lane, |j| {
            Box::pin(fleet::load_runs(j))
        });
        let now = shared(
            config,
            generation,
            loader,
            || Lane::Foreground,
            |j| Box::pin(j.now_ms()),
        );
        let progress = RwSignal::new(std::collections::BTreeMap::new());
        let inventory = LocalResource::new(move || {
            let cfg = config.get();
            generation.track();
            let loader = loader.get_value();
            let lane = lane();
            async move {
                crate::web::fetch::sleep(0).await;
                progress.set(Default::default());
                let job = loader.job_in(&cfg, lane);
                // A load replaced by a newer one stops reporting.
                let report = |name: &str, p: Progress| {
                    if !job.cancelled() {
                        progress.update(|m| {
                            m.insert(name.to_string(), p);
                        })
                    }
                };
                Arc::new(fleet::load_inventory(&job, &report).await)
            }
        });
        Workspace {
            config,
            config_url: StoredValue::new(config_url),
            theme: RwSignal::new(initial_theme()),
            route,
            generation,
            loader,
            slos,
            timeline,
            inventory,
            runs,
            now,
            progress,
            excluded,
        }
    }

    /// The workspace layer, for loads a page starts itself (previews, Explore, tests).
    pub fn loader(&self) -> Rc<Loader> {
        self.loader.get_value()
    }

    /// Replaces the route's parameters without adding a history entry (filters, ranges).
    /// The page follows at once; the address bar once that is on screen (`web::history`).
    pub fn replace(&self, route: Route) {
        crate::web::history::replace_hash_when_shown(to_hash(&route));
        self.route.set(route);
    }

    /// Forgets every answer, cancels running loads and loads again.
    pub fn reload(&self) {
        self.loader.with_value(|l| l.invalidate());
        self.generation.update(|g| *g += 1);
    }
}

pub fn use_ws() -> Workspace {
    expect_context::<Workspace>()
}

pub fn current_route() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    parse_hash(&hash)
}

const THEME_KEY: &str = "headroom.theme";

/// `?theme=` (for embeds) beats the stored choice, which beats `prefers-color-scheme`.
pub fn initial_theme() -> Theme {
    let choice = crate::web::page_query("theme").or_else(|| crate::web::storage::get(THEME_KEY));
    match choice.as_deref() {
        Some("dark") => Theme::Dark,
        Some("light") => Theme::Light,
        _ => {
            let dark = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches());
            if dark {
                Theme::Dark
            } else {
                Theme::Light
            }
        }
    }
}

pub fn apply_theme(theme: Theme, remember: bool) {
    let name = if theme == Theme::Dark {
        "dark"
    } else {
        "light"
    };
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("data-theme", name);
    }
    if remember {
        crate::web::storage::set(THEME_KEY, name);
    }
}
