//! Loading through the adapters: one cache per page life (cleared on Refresh), secrets held
//! in memory, retries of transient failures, and the pieces every workspace load shares.
//! The loads themselves live in `slo_data` (SLO slices) and `fleet_data` (incidents,
//! inventory, CI runs); both are re-exported here.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use crate::core::config::Config;
use crate::core::model::{Notice, Series};
use crate::sources::{registry, Context, Payload, Progress, Request, Secret};
use crate::web::fetch::BrowserFetcher;

pub use super::fleet_data::*;
pub use super::slo_data::*;

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
    cached(cfg, source, req, None).await
}

/// [`request`] for long loads (catalog paging): `progress` hears how far the source got.
pub async fn request_with_progress(cfg: &Config, source: &str, req: &Request, progress: &dyn Fn(Progress)) -> Result<Payload, String> {
    cached(cfg, source, req, Some(progress)).await
}

async fn cached(cfg: &Config, source: &str, req: &Request, progress: Option<&dyn Fn(Progress)>) -> Result<Payload, String> {
    let key = format!("{source}\u{1}{req:?}");
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let result = load_through_adapter(cfg, source, req, progress).await;
    CACHE.with(|c| c.borrow_mut().insert(key, result.clone()));
    result
}

/// The same without the cache (connection tests must really connect).
pub async fn uncached(cfg: &Config, source: &str, req: &Request) -> Result<Payload, String> {
    load_through_adapter(cfg, source, req, None).await
}

async fn load_through_adapter(cfg: &Config, source: &str, req: &Request, progress: Option<&dyn Fn(Progress)>) -> Result<Payload, String> {
    let src = cfg.sources.iter().find(|s| s.name == source).ok_or_else(|| format!("no source is named \"{source}\""))?;
    let adapter = registry::get(&src.kind).ok_or_else(|| format!("source \"{source}\": unknown kind \"{}\"", src.kind))?;
    let secret = Secret(SECRETS.with(|s| s.borrow().get(source).cloned()));
    let base = crate::web::base_url();
    let fetcher = BrowserFetcher;
    let cx = Context { source: src, secret: &secret, fetcher: &fetcher, base_url: &base, progress };
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

pub(super) fn metric_sources(cfg: &Config) -> Vec<String> {
    registry::sources_that(&cfg.sources, |c| c.metrics).map(|s| s.name.clone()).collect()
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
pub(super) fn series_of(p: Result<Payload, String>) -> Result<(Vec<Series>, Vec<Notice>), String> {
    match p? {
        Payload::Series { series, notices } => Ok((series, notices)),
        _ => Err("the source answered with something other than series".into()),
    }
}


/// A GET of a page-relative or absolute URL as text (config and definition files).
pub async fn fetch_text(url: &str) -> Result<Option<String>, String> {
    use crate::sources::http::Fetcher;
    let src = crate::core::config::SourceConfig { name: "file".into(), kind: "file".into(), url: url.into(), auth: Default::default(), headers: Default::default(), timeout: Some("15s".into()) };
    let req = crate::sources::http::get(&src, &Default::default(), url.to_string());
    let resp = BrowserFetcher.fetch(req).await.map_err(|e| crate::sources::SourceError::from_fetch(url, e).to_string())?;
    if resp.status == 404 {
        return Ok(None);
    }
    crate::sources::error::check_status(url, &resp).map_err(|e| e.to_string())?;
    String::from_utf8(resp.body).map(Some).map_err(|_| format!("{url} is not UTF-8 text"))
}

/// A source that failed while others worked.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceIssue {
    pub source: String,
    pub message: String,
}
