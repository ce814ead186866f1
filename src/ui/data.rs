//! Loading through the adapters: one cache per page life (cleared on Refresh), per-source
//! error isolation, and the workspace-wide loads (SLO slices, incidents, inventory, CI runs).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use futures::future::join_all;

use crate::core::config::Config;
use crate::core::incidents::{from_alerts, Incident, ALERTS_QUERY};
use crate::core::inventory::{join_services, CiRun, Entity, ServiceRow};
use crate::core::model::{Notice, Series};
use crate::core::slo::{slice_queries, summarize, Slices, Slo, Summary, HISTORY_MS, SLICE_MS};
use crate::core::time::DAY_MS;
use crate::sources::{registry, Context, Payload, Request, Secret};
use crate::web::fetch::BrowserFetcher;

thread_local! {
    static CACHE: RefCell<HashMap<String, Result<Payload, String>>> = RefCell::new(HashMap::new());
    /// Secrets typed in the Sources page: memory only unless the user chose to persist them.
    static SECRETS: RefCell<BTreeMap<String, String>> = const { RefCell::new(BTreeMap::new()) };
}

pub fn clear_cache() {
    CACHE.with(|c| c.borrow_mut().clear());
}

pub fn set_secret(source: &str, value: Option<String>) {
    SECRETS.with(|s| match value {
        Some(v) => s.borrow_mut().insert(source.to_string(), v),
        None => s.borrow_mut().remove(source),
    });
}

pub fn has_secret(source: &str) -> bool {
    SECRETS.with(|s| s.borrow().contains_key(source))
}

/// One request to one source, through its adapter. Results (and failures) are cached until
/// the next refresh, so switching views never refetches.
pub async fn request(cfg: &Config, source: &str, req: &Request) -> Result<Payload, String> {
    let key = format!("{source}\u{1}{req:?}");
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let result = uncached(cfg, source, req).await;
    CACHE.with(|c| c.borrow_mut().insert(key, result.clone()));
    result
}

/// The same without the cache (connection tests must really connect).
pub async fn uncached(cfg: &Config, source: &str, req: &Request) -> Result<Payload, String> {
    let src = cfg.sources.iter().find(|s| s.name == source).ok_or_else(|| format!("no source is named \"{source}\""))?;
    let adapter = registry::get(&src.kind).ok_or_else(|| format!("source \"{source}\": unknown kind \"{}\"", src.kind))?;
    let secret = Secret(SECRETS.with(|s| s.borrow().get(source).cloned()));
    let base = crate::web::base_url();
    let fetcher = BrowserFetcher;
    let cx = Context { source: src, secret: &secret, fetcher: &fetcher, base_url: &base };
    // Rate limits and gateway errors are retried twice, honouring Retry-After (up to 30 s),
    // else backing off 1 s then 2 s. Everything else fails at once.
    let mut attempt = 0;
    loop {
        match adapter.load(&cx, req).await {
            Err(e) if e.is_transient() && attempt < 2 => {
                let wait = match &e {
                    crate::sources::SourceError::RateLimited { retry_after_s: Some(s), .. } => (*s as i64 * 1000).min(30_000),
                    _ => 1000 << attempt,
                };
                attempt += 1;
                crate::web::fetch::sleep(wait).await;
            }
            r => return r.map_err(|e| e.to_string()),
        }
    }
}

fn metric_sources(cfg: &Config) -> Vec<String> {
    cfg.sources.iter().filter(|s| registry::get(&s.kind).is_some_and(|a| a.capabilities().metrics)).map(|s| s.name.clone()).collect()
}

/// "Now" for the workspace: a recorded source's capture time, else the clock.
pub async fn resolve_now(cfg: &Config) -> i64 {
    for name in metric_sources(cfg) {
        if let Ok(Payload::Probe(p)) = request(cfg, &name, &Request::Probe).await {
            if let Some(now) = p.now_ms {
                return now;
            }
        }
    }
    crate::web::now_ms()
}

/// One SLO's loaded state; failures stay with the SLO they belong to.
#[derive(Clone, Debug, PartialEq)]
pub struct SloEntry {
    pub name: String,
    pub slo: Result<Slo, String>,
    pub slices: Result<Slices, String>,
    pub notices: Vec<Notice>,
    pub summary: Option<Summary>,
}

#[derive(Clone, Debug, Default)]
pub struct SloState {
    pub now_ms: i64,
    pub entries: Vec<SloEntry>,
}

pub type SloData = Arc<SloState>;

fn series_of(p: Result<Payload, String>) -> Result<(Vec<Series>, Vec<Notice>), String> {
    match p? {
        Payload::Series { series, notices } => Ok((series, notices)),
        _ => Err("the source answered with something other than series".into()),
    }
}

/// The one series a `sum(...)` query returns (none means no events at all).
fn single(series: Vec<Series>) -> Vec<crate::core::model::Sample> {
    series.into_iter().next().map(|s| s.samples).unwrap_or_default()
}

/// How far back an SLO's slices are loaded: 91 days at hourly or coarser slices; with finer
/// slices, the window plus a day (at least a week), to bound the number of points.
pub fn history_ms(slo: &Slo, now_ms: i64) -> i64 {
    if slo.slice_ms >= SLICE_MS {
        HISTORY_MS
    } else {
        (slo.window_ms(now_ms) + DAY_MS).max(7 * DAY_MS)
    }
}

pub async fn load_slos(cfg: &Config) -> SloData {
    let now_ms = resolve_now(cfg).await;
    let jobs = cfg.slos.iter().map(|c| async move {
        let slo = Slo::from_config(c).map_err(|(field, m)| format!("{field}: {m}"));
        let Ok(s) = &slo else {
            return SloEntry { name: c.name.clone(), slo: slo.clone(), slices: Err("invalid definition".into()), notices: vec![], summary: None };
        };
        let end = now_ms.div_euclid(s.slice_ms) * s.slice_ms;
        let start = end - history_ms(s, end);
        let q = slice_queries(&s.sli, s.slice_ms);
        let range = |query: String| Request::Range { query, start_ms: start, end_ms: end, step_ms: s.slice_ms };
        let part = q.bad.clone().or(q.good.clone()).unwrap_or_default();
        let (part_req, total_req) = (range(part), range(q.total.clone()));
        let (a, b) = futures::join!(request(cfg, &s.source, &part_req), request(cfg, &s.source, &total_req));
        let loaded = series_of(a).and_then(|(part, n1)| series_of(b).map(|(total, n2)| (part, total, [n1, n2].concat())));
        match loaded {
            Ok((part, total, notices)) => {
                let (part, total) = (single(part), single(total));
                let slices = if q.bad.is_some() { Slices::from_series(Some(&part), None, &total, s.slice_ms) } else { Slices::from_series(None, Some(&part), &total, s.slice_ms) };
                let summary = Some(summarize(s, &slices, end));
                SloEntry { name: c.name.clone(), slo: slo.clone(), slices: Ok(slices), notices, summary }
            }
            Err(e) => SloEntry { name: c.name.clone(), slo: slo.clone(), slices: Err(e), notices: vec![], summary: None },
        }
    });
    let now_ms = now_ms.div_euclid(SLICE_MS) * SLICE_MS;
    Arc::new(SloState { now_ms, entries: join_all(jobs).await })
}

/// A source that failed while others worked.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceIssue {
    pub source: String,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// Whether any source answered the alert-history query.
    pub loaded: bool,
    pub incidents: Vec<Incident>,
    pub issues: Vec<SourceIssue>,
}

pub type TimelineData = Arc<Timeline>;

pub async fn load_timeline(cfg: &Config) -> TimelineData {
    let now_ms = resolve_now(cfg).await;
    let end = now_ms.div_euclid(SLICE_MS) * SLICE_MS;
    let mut out = Timeline::default();
    for name in metric_sources(cfg) {
        let req = Request::Range { query: ALERTS_QUERY.into(), start_ms: end - HISTORY_MS, end_ms: end, step_ms: SLICE_MS };
        match series_of(request(cfg, &name, &req).await) {
            Ok((series, _)) => {
                out.loaded = true;
                out.incidents.extend(from_alerts(&series, SLICE_MS));
            }
            Err(message) => out.issues.push(SourceIssue { source: name, message }),
        }
    }
    out.incidents.sort_by(|a, b| b.start_ms.cmp(&a.start_ms));
    Arc::new(out)
}

#[derive(Clone, Debug, Default)]
pub struct Inventory {
    pub entities: Vec<Entity>,
    pub services: Vec<ServiceRow>,
    pub notices: Vec<(String, Notice)>,
    pub issues: Vec<SourceIssue>,
}

pub type InventoryData = Arc<Inventory>;

pub async fn load_inventory(cfg: &Config) -> InventoryData {
    let names: Vec<String> = cfg.sources.iter().filter(|s| registry::get(&s.kind).is_some_and(|a| a.capabilities().inventory)).map(|s| s.name.clone()).collect();
    let results = join_all(names.iter().map(|n| request(cfg, n, &Request::Inventory))).await;
    let mut inv = Inventory::default();
    for (name, r) in names.into_iter().zip(results) {
        match r {
            Ok(Payload::Entities { entities, notices }) => {
                inv.entities.extend(entities);
                inv.notices.extend(notices.into_iter().map(|n| (name.clone(), n)));
            }
            Ok(_) => {}
            Err(message) => inv.issues.push(SourceIssue { source: name, message }),
        }
    }
    inv.services = join_services(&inv.entities);
    Arc::new(inv)
}

#[derive(Clone, Debug, Default)]
pub struct Runs {
    pub runs: Vec<CiRun>,
    pub issues: Vec<SourceIssue>,
}

pub type RunsData = Arc<Runs>;

pub async fn load_runs(cfg: &Config) -> RunsData {
    let names: Vec<String> = cfg.sources.iter().filter(|s| registry::get(&s.kind).is_some_and(|a| a.capabilities().runs)).map(|s| s.name.clone()).collect();
    let mut out = Runs::default();
    for name in names {
        match request(cfg, &name, &Request::Runs).await {
            Ok(Payload::Runs { runs, .. }) => out.runs.extend(runs),
            Ok(_) => {}
            Err(message) => out.issues.push(SourceIssue { source: name, message }),
        }
    }
    Arc::new(out)
}
