//! The request path every workspace load shares: one [`Loader`] per app (or test) owns the
//! answer cache, the secrets typed for sources, per-source request limits and retries.
//! A [`Job`] is one load against one config: when a newer config or a refresh replaces it,
//! its queued requests are never sent and its callers get [`LoadError::Cancelled`].

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use super::error::LoadError;
use super::limit::{Limiter, MAX_IN_FLIGHT};
use crate::core::config::{Config, SourceConfig};
use crate::core::model::{Notice, Series};
use crate::core::slo::formats::Imported;
use crate::sources::http::{self, origin, FetchError, Fetcher, HttpRequest, HttpResponse};
use crate::sources::{registry, Context, LocalBoxFuture, Payload, Progress, Request, Secret, SourceError};

/// The clock and timers of the place the loader runs in (the browser, or a test).
pub trait Runtime {
    fn now_ms(&self) -> i64;
    fn sleep(&self, ms: i64) -> LocalBoxFuture<'static, ()>;
}

enum Slot {
    /// Being loaded; these callers wait for the same answer.
    Loading(Vec<Waker>),
    Done(Result<Payload, LoadError>),
}

/// A secret typed for a source, and the origin it was typed for: it is only ever sent there.
#[derive(Clone, Debug)]
struct Kept {
    origin: String,
    value: String,
}

pub struct Loader {
    fetcher: Rc<dyn Fetcher>,
    runtime: Rc<dyn Runtime>,
    base_url: String,
    generation: Rc<Cell<u64>>,
    config: RefCell<Option<Config>>,
    cache: RefCell<HashMap<String, Slot>>,
    secrets: RefCell<BTreeMap<String, Kept>>,
    limits: RefCell<HashMap<String, Rc<Limiter>>>,
    tab_slos: RefCell<Vec<Imported>>,
}

impl Loader {
    /// `base_url` is what page-relative source URLs resolve against (the page's directory).
    pub fn new(fetcher: Rc<dyn Fetcher>, runtime: Rc<dyn Runtime>, base_url: impl Into<String>) -> Loader {
        Loader {
            fetcher,
            runtime,
            base_url: base_url.into(),
            generation: Rc::new(Cell::new(0)),
            config: RefCell::new(None),
            cache: RefCell::new(HashMap::new()),
            secrets: RefCell::new(BTreeMap::new()),
            limits: RefCell::new(HashMap::new()),
            tab_slos: RefCell::new(Vec::new()),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn now_ms(&self) -> i64 {
        self.runtime.now_ms()
    }

    /// A load against `cfg`. A config other than the last one replaces every running load.
    pub fn job<'a>(&'a self, cfg: &'a Config) -> Job<'a> {
        let changed = self.config.borrow().as_ref().is_some_and(|c| c != cfg);
        if changed {
            self.invalidate();
        }
        if changed || self.config.borrow().is_none() {
            *self.config.borrow_mut() = Some(cfg.clone());
        }
        Job { loader: self, cfg, generation: self.generation.get() }
    }

    /// Forgets every answer and cancels running loads (the Refresh button, edited sources).
    pub fn invalidate(&self) {
        self.generation.set(self.generation.get() + 1);
        let old = std::mem::take(&mut *self.cache.borrow_mut());
        for slot in old.into_values() {
            if let Slot::Loading(waiters) = slot {
                waiters.into_iter().for_each(Waker::wake);
            }
        }
    }

    /// Keeps (or with `None` forgets) the credential typed for `source`, bound to the origin
    /// its URL has now.
    pub fn set_secret(&self, source: &SourceConfig, value: Option<String>) {
        match (value, self.origin_of(source)) {
            (Some(value), Some(origin)) => self.set_secret_for_origin(&source.name, &origin, value),
            _ => {
                self.secrets.borrow_mut().remove(&source.name);
            }
        }
    }

    /// Restores a kept credential with the origin it was typed for.
    pub fn set_secret_for_origin(&self, source: &str, origin: &str, value: String) {
        self.secrets.borrow_mut().insert(source.to_string(), Kept { origin: origin.to_string(), value });
    }

    /// Whether a credential will be sent to this source (kept for its current origin).
    pub fn has_secret(&self, source: &SourceConfig) -> bool {
        !self.secret_for(source).is_empty()
    }

    /// The origin (`scheme://host:port`) a source's requests go to.
    pub fn origin_of(&self, source: &SourceConfig) -> Option<String> {
        origin(&http::join(&self.base_url, &source.url, ""))
    }

    fn secret_for(&self, source: &SourceConfig) -> String {
        let kept = self.secrets.borrow().get(&source.name).cloned();
        match (kept, self.origin_of(source)) {
            (Some(k), Some(o)) if k.origin == o => k.value,
            _ => String::new(),
        }
    }

    /// SLO definitions opened or written in this tab (files dropped, the editor).
    pub fn add_tab_slos(&self, slos: Vec<Imported>) {
        let mut e = self.tab_slos.borrow_mut();
        e.retain(|x| !slos.iter().any(|n| n.name == x.name));
        e.extend(slos);
    }

    pub fn tab_slos(&self) -> Vec<Imported> {
        self.tab_slos.borrow().clone()
    }

    /// The request limiter of one source (created on first use).
    pub fn limiter(&self, source: &str) -> Rc<Limiter> {
        self.limits.borrow_mut().entry(source.to_string()).or_insert_with(|| Limiter::new(MAX_IN_FLIGHT)).clone()
    }

    /// A GET of a page-relative or absolute URL as text (config and definition files);
    /// `None` when there is no file (404).
    pub async fn fetch_text(&self, url: &str) -> Result<Option<String>, LoadError> {
        let src = SourceConfig { name: "file".into(), kind: "file".into(), url: url.into(), auth: Default::default(), headers: Default::default(), timeout: Some("15s".into()) };
        let url = http::join(&self.base_url, url, "");
        let req = http::get(&src, &Secret::default(), url.clone());
        let resp = self.fetcher.fetch(req).await.map_err(|e| LoadError::File { url: url.clone(), error: SourceError::from_fetch(&url, e) })?;
        if resp.status == 404 {
            return Ok(None);
        }
        crate::sources::error::check_status(&url, &resp).map_err(|error| LoadError::File { url: url.clone(), error })?;
        String::from_utf8(resp.body).map(Some).map_err(|_| LoadError::NotText { url })
    }
}

/// One load against one config (see [`Loader::job`]).
pub struct Job<'a> {
    pub loader: &'a Loader,
    pub cfg: &'a Config,
    generation: u64,
}

impl<'a> Job<'a> {
    pub fn cancelled(&self) -> bool {
        self.loader.generation.get() != self.generation
    }

    /// One request to one source, through its adapter. Answers (and failures) are kept until
    /// the next refresh, and identical requests in flight share one answer.
    pub async fn request(&self, source: &str, req: &Request) -> Result<Payload, LoadError> {
        self.cached(source, req, None).await
    }

    /// [`Job::request`] for long loads (catalog paging): `progress` hears how far it got.
    pub async fn request_with_progress(&self, source: &str, req: &Request, progress: &dyn Fn(Progress)) -> Result<Payload, LoadError> {
        self.cached(source, req, Some(progress)).await
    }

    /// The same without the cache (connection tests and Explore must really ask).
    pub async fn fresh(&self, source: &str, req: &Request) -> Result<Payload, LoadError> {
        self.through_adapter(source, req, None).await
    }

    /// The series of a range or instant query.
    pub async fn series(&self, source: &str, req: &Request) -> Result<(Vec<Series>, Vec<Notice>), LoadError> {
        series_of(source, self.request(source, req).await)
    }

    /// "Now" for the workspace: a recorded source's capture time, else the clock.
    pub async fn now_ms(&self) -> i64 {
        for src in registry::sources_that(&self.cfg.sources, |c| c.metrics) {
            if let Ok(Payload::Probe(p)) = self.request(&src.name, &Request::Probe).await {
                if let Some(now) = p.now_ms {
                    return now;
                }
            }
        }
        self.loader.now_ms()
    }

    async fn cached(&self, source: &str, req: &Request, progress: Option<&dyn Fn(Progress)>) -> Result<Payload, LoadError> {
        let key = format!("{source}\u{1}{req:?}");
        loop {
            if self.cancelled() {
                return Err(LoadError::Cancelled);
            }
            let state = match self.loader.cache.borrow().get(&key) {
                Some(Slot::Done(r)) => Some(Some(r.clone())),
                Some(Slot::Loading(_)) => Some(None),
                None => None,
            };
            match state {
                Some(Some(r)) => return r,
                Some(None) => WaitFor { loader: self.loader, key: &key, registered: false }.await,
                None => break,
            }
        }
        let mut guard = Loading { loader: self.loader, key: key.clone(), generation: self.generation, done: false };
        self.loader.cache.borrow_mut().insert(key.clone(), Slot::Loading(Vec::new()));
        let result = self.through_adapter(source, req, progress).await;
        guard.done = true;
        if !self.cancelled() && result != Err(LoadError::Cancelled) {
            let old = self.loader.cache.borrow_mut().insert(key, Slot::Done(result.clone()));
            if let Some(Slot::Loading(waiters)) = old {
                waiters.into_iter().for_each(Waker::wake);
            }
        } else {
            guard.done = false;
        }
        drop(guard);
        result
    }

    async fn through_adapter(&self, source: &str, req: &Request, progress: Option<&dyn Fn(Progress)>) -> Result<Payload, LoadError> {
        let src = self.cfg.sources.iter().find(|s| s.name == source).ok_or_else(|| LoadError::NoSuchSource { source: source.to_string() })?;
        let adapter = registry::get(&src.kind).ok_or_else(|| LoadError::UnknownKind { source: source.to_string(), kind: src.kind.clone() })?;
        let secret = Secret(Some(self.loader.secret_for(src)).filter(|s| !s.is_empty()));
        let gate = Gate { inner: &*self.loader.fetcher, limiter: self.loader.limiter(source), job: self };
        let cx = Context { source: src, secret: &secret, fetcher: &gate, base_url: &self.loader.base_url, progress };
        // Rate limits and gateway errors are retried twice, honouring Retry-After (up to
        // 30 s), else backing off 1 s then 2 s. Everything else fails at once.
        let mut attempt = 0;
        loop {
            match adapter.load(&cx, req).await {
                Err(SourceError::Cancelled) => return Err(LoadError::Cancelled),
                Err(e) if e.is_transient() && attempt < 2 && !self.cancelled() => {
                    let wait = match &e {
                        SourceError::RateLimited { retry_after_s: Some(s), .. } => (*s as i64 * 1000).min(30_000),
                        _ => 1000 << attempt,
                    };
                    attempt += 1;
                    self.loader.runtime.sleep(wait).await;
                }
                r => return r.map_err(|error| LoadError::Source { source: source.to_string(), error }),
            }
        }
    }
}

/// The payload's series, or why there are none.
pub fn series_of(source: &str, p: Result<Payload, LoadError>) -> Result<(Vec<Series>, Vec<Notice>), LoadError> {
    match p? {
        Payload::Series { series, notices } => Ok((series, notices)),
        _ => Err(LoadError::UnexpectedAnswer { source: source.to_string(), expected: "series" }),
    }
}

/// The fetcher adapters of one job see: it waits for a request slot of its source and does not
/// send at all once the job was replaced.
struct Gate<'j> {
    inner: &'j dyn Fetcher,
    limiter: Rc<Limiter>,
    job: &'j Job<'j>,
}

impl Fetcher for Gate<'_> {
    fn fetch<'a>(&'a self, req: HttpRequest) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        Box::pin(async move {
            let _permit = self.limiter.acquire().await;
            if self.job.cancelled() {
                return Err(FetchError::Cancelled);
            }
            self.inner.fetch(req).await
        })
    }

    fn page_is_https(&self) -> bool {
        self.inner.page_is_https()
    }
}

/// Waits until a slot another caller is loading is filled (or dropped).
struct WaitFor<'l> {
    loader: &'l Loader,
    key: &'l str,
    registered: bool,
}

impl Future for WaitFor<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<()> {
        let mut cache = self.loader.cache.borrow_mut();
        match cache.get_mut(self.key) {
            Some(Slot::Loading(waiters)) if !self.registered => {
                waiters.push(cx.waker().clone());
                drop(cache);
                self.registered = true;
                Poll::Pending
            }
            Some(Slot::Loading(_)) => Poll::Pending,
            _ => Poll::Ready(()),
        }
    }
}

/// Clears a `Loading` slot whose loader was dropped or cancelled, so waiters load themselves.
struct Loading<'l> {
    loader: &'l Loader,
    key: String,
    generation: u64,
    done: bool,
}

impl Drop for Loading<'_> {
    fn drop(&mut self) {
        if self.done || self.loader.generation.get() != self.generation {
            return;
        }
        let mut cache = self.loader.cache.borrow_mut();
        if matches!(cache.get(&self.key), Some(Slot::Loading(_))) {
            if let Some(Slot::Loading(waiters)) = cache.remove(&self.key) {
                drop(cache);
                waiters.into_iter().for_each(Waker::wake);
            }
        }
    }
}
