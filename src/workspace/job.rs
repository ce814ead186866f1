//! One load against one config. When a newer config or a refresh replaces a [`Job`], its
//! queued requests are never sent and its callers get [`LoadError::Cancelled`]. Requests go
//! through the answer cache (identical requests in flight share one answer), the source's
//! limiter, its adapter and retries.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

use super::error::LoadError;
use super::lane::{Lane, BACKGROUND_WAIT_MS};
use super::limit::Limiter;
use super::loader::{Loader, Slot};
use crate::core::config::Config;
use crate::core::model::{Notice, NoticeLevel, Series};
use crate::core::samples::{tidy, Tidied};
use crate::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
use crate::sources::{
    registry, Context, LocalBoxFuture, Payload, Progress, Request, Secret, SourceError,
};

impl Loader {
    /// A load against `cfg` in the foreground (see [`Loader::job_in`]).
    pub fn job<'a>(&'a self, cfg: &'a Config) -> Job<'a> {
        self.job_in(cfg, Lane::Foreground)
    }

    /// A load against `cfg`. A config other than the last one replaces every running load.
    pub fn job_in<'a>(&'a self, cfg: &'a Config, lane: Lane) -> Job<'a> {
        let changed = self.config.borrow().as_ref().is_some_and(|c| c != cfg);
        if changed {
            self.invalidate();
        }
        if changed || self.config.borrow().is_none() {
            *self.config.borrow_mut() = Some(cfg.clone());
        }
        self.jobs.set(self.jobs.get() + 1);
        if lane == Lane::Foreground {
            self.foreground.set(self.foreground.get() + 1);
        }
        Job {
            loader: self,
            cfg,
            generation: self.generation.get(),
            running: Cell::new(true),
            background_until: (lane == Lane::Background)
                .then(|| self.runtime.now_ms() + BACKGROUND_WAIT_MS),
        }
    }
}

/// One load against one config (see [`Loader::job`]).
pub struct Job<'a> {
    pub loader: &'a Loader,
    pub cfg: &'a Config,
    generation: u64,
    /// Until [`Job::finish`] (or the job is dropped).
    running: Cell<bool>,
    /// A background job's requests wait for the foreground until then (`super::lane`).
    pub(super) background_until: Option<i64>,
}

impl Drop for Job<'_> {
    fn drop(&mut self) {
        self.finish();
    }
}

impl<'a> Job<'a> {
    /// Says the job will ask for nothing more (what it does next is its own computation).
    /// Documents read for it are dropped once no job is running: a file is read again by the
    /// next load that needs it, not held for the page's lifetime.
    pub fn finish(&self) {
        if self.running.replace(false) {
            if self.background_until.is_none() {
                self.loader.leave_foreground();
            }
            let left = self.loader.jobs.get().saturating_sub(1);
            self.loader.jobs.set(left);
            if left == 0 {
                self.loader.memo.clear();
            }
        }
    }

    pub fn cancelled(&self) -> bool {
        self.loader.generation.get() != self.generation
    }

    /// One request to one source, through its adapter. Answers (and failures) are kept until
    /// the next refresh, and identical requests in flight share one answer.
    pub async fn request(&self, source: &str, req: &Request) -> Result<Payload, LoadError> {
        self.cached(source, req, None).await
    }

    /// [`Job::request`] for long loads (catalog paging): `progress` hears how far it got.
    pub async fn request_with_progress(
        &self,
        source: &str,
        req: &Request,
        progress: &dyn Fn(Progress),
    ) -> Result<Payload, LoadError> {
        self.cached(source, req, Some(progress)).await
    }

    /// The same without the cache (connection tests and Explore must really ask: files are
    /// read again too).
    pub async fn fresh(&self, source: &str, req: &Request) -> Result<Payload, LoadError> {
        self.through_adapter(source, req, None, false).await
    }

    /// The series of a range or instant query, each in time order with one sample per
    /// timestamp; a data-quality notice says when the source's answer was not.
    pub async fn series(
        &self,
        source: &str,
        req: &Request,
    ) -> Result<(Vec<Series>, Vec<Notice>), LoadError> {
        series_of(source, self.request(source, req).await)
    }

    /// "Now" for the workspace: a recorded source's capture time, else the clock. Live
    /// sources are not asked, so a hanging one cannot hold every load.
    pub async fn now_ms(&self) -> i64 {
        let recorded = self
            .cfg
            .sources
            .iter()
            .filter(|s| registry::get(&s.kind).is_some_and(|a| a.recorded()));
        for src in recorded {
            if let Ok(Payload::Probe(p)) = self.request(&src.name, &Request::Probe).await {
                if let Some(now) = p.now_ms {
                    return now;
                }
            }
        }
        self.loader.now_ms()
    }

    async fn cached(
        &self,
        source: &str,
        req: &Request,
        progress: Option<&dyn Fn(Progress)>,
    ) -> Result<Payload, LoadError> {
        let key = super::cache_key::cache_key(source, req);
        // A background job waits for its turn before it claims the request (an answer
        // delivered or in flight meanwhile is shared): a slot it claimed while waiting would
        // hold back the foreground job asking the same.
        let mut waited = false;
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
                Some(None) => {
                    WaitFor {
                        loader: self.loader,
                        key: &key,
                        registered: false,
                    }
                    .await
                }
                None if !waited => {
                    waited = true;
                    self.wait_for_turn().await;
                }
                None => break,
            }
        }
        let mut guard = Loading {
            loader: self.loader,
            key: key.clone(),
            generation: self.generation,
            done: false,
        };
        self.loader
            .cache
            .borrow_mut()
            .insert(key.clone(), Slot::Loading(Vec::new()));
        let result = self.through_adapter(source, req, progress, true).await;
        // What comes next (copying the answer, the caller's computation) is a task of its own.
        self.loader.runtime.pause().await;
        // A cancelled load leaves its slot to the guard, which hands it to the waiters; so
        // does an answer not kept (the waiters, if any, ask again).
        if !self.cancelled() && result != Err(LoadError::Cancelled) && kept(req) {
            guard.done = true;
            let old = self
                .loader
                .cache
                .borrow_mut()
                .insert(key, Slot::Done(result.clone()));
            if let Some(Slot::Loading(waiters)) = old {
                waiters.into_iter().for_each(Waker::wake);
            }
        }
        drop(guard);
        result
    }

    async fn through_adapter(
        &self,
        source: &str,
        req: &Request,
        progress: Option<&dyn Fn(Progress)>,
        memo: bool,
    ) -> Result<Payload, LoadError> {
        let src = self
            .cfg
            .sources
            .iter()
            .find(|s| s.name == source)
            .ok_or_else(|| LoadError::NoSuchSource {
                source: source.to_string(),
            })?;
        let adapter = registry::get(&src.kind).ok_or_else(|| LoadError::UnknownKind {
            source: source.to_string(),
            kind: src.kind.clone(),
        })?;
        let secret = Secret(Some(self.loader.secret_for(src)).filter(|s| !s.is_empty()));
        let gate = Gate {
            inner: &*self.loader.fetcher,
            limiter: self.loader.limiter(source),
            job: self,
        };
        let pause = || self.loader.runtime.pause();
        let cx = Context {
            source: src,
            secret: &secret,
            fetcher: &gate,
            base_url: &self.loader.base_url,
            progress,
            memo: memo.then_some(&self.loader.memo),
            pause: Some(&pause),
        };
        // Rate limits and gateway errors are retried twice, honouring Retry-After (up to
        // 30 s), else backing off 1 s then 2 s. Everything else fails at once.
        let mut attempt = 0;
        loop {
            match adapter.load(&cx, req).await {
                Err(SourceError::Cancelled) => return Err(LoadError::Cancelled),
                Err(e) if e.is_transient() && attempt < 2 && !self.cancelled() => {
                    let wait = match &e {
                        SourceError::RateLimited {
                            retry_after_s: Some(s),
                            ..
                        } => (*s as i64 * 1000).min(30_000),
                        _ => 1000 << attempt,
                    };
                    attempt += 1;
                    self.loader.runtime.sleep(wait).await;
                }
                r => {
                    return r.map_err(|error| LoadError::Source {
                        source: source.to_string(),
                        error,
                    })
                }
            }
        }
    }
}

/// The payload's series, or why there are none. Each series comes out in time order with one
/// sample per timestamp; a data-quality notice says when the source's answer was not.
pub fn series_of(
    source: &str,
    p: Result<Payload, LoadError>,
) -> Result<(Vec<Series>, Vec<Notice>), LoadError> {
    match p? {
        Payload::Series {
            mut series,
            mut notices,
        } => {
            let mut fixed = Tidied::default();
            let mut affected = 0;
            for s in &mut series {
                let t = tidy(&mut s.samples);
                affected += usize::from(t.changed());
                fixed.add(t);
            }
            if fixed.changed() {
                notices.push(Notice {
                    level: NoticeLevel::Warning,
                    text: format!(
                        "Data quality: in {affected} series from {source}, {}.",
                        fixed.describe()
                    ),
                });
            }
            Ok((series, notices))
        }
        _ => Err(LoadError::UnexpectedAnswer {
            source: source.to_string(),
            expected: "series",
        }),
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
    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        Box::pin(async move {
            let _permit = self.limiter.acquire().await;
            if self.job.cancelled() {
                return Err(FetchError::Cancelled);
            }
            let mut resp = self.inner.fetch(req).await?;
            strip_bom(&mut resp.body);
            Ok(resp)
        })
    }

    fn page_is_https(&self) -> bool {
        self.inner.page_is_https()
    }
}

/// Whether an answer stays in the cache once delivered. A source's inventory is asked for by
/// the inventory load alone, which keeps what it builds from it: a second copy of every entity
/// (60,000 from a 30 MB file) cost as much memory again, and the copy a long task.
fn kept(req: &Request) -> bool {
    !matches!(req, Request::Inventory)
}

/// Drops a UTF-8 byte-order mark: every reader (JSON, YAML, CSV, exposition) sees the text.
pub(super) fn strip_bom(body: &mut Vec<u8>) {
    if body.starts_with(&[0xEF, 0xBB, 0xBF]) {
        body.drain(..3);
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
