//! The request path every workspace load shares: one [`Loader`] per app (or test) owns the
//! answer cache, the secrets typed for sources, per-source request limits and retries.
//! Loads run as `Job`s (`job.rs`, which also defines `Loader::job`).

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::task::Waker;

use super::error::LoadError;
use super::limit::{Limiter, MAX_IN_FLIGHT};
use crate::core::config::{Config, SourceConfig};
use crate::core::slo::formats::Imported;
use crate::sources::http::{self, Fetcher};
use crate::sources::memo::Memo;
use crate::sources::{LocalBoxFuture, Payload, Secret, SourceError};

/// The clock and timers of the place the loader runs in (the browser, or a test).
pub trait Runtime {
    fn now_ms(&self) -> i64;
    fn sleep(&self, ms: i64) -> LocalBoxFuture<'static, ()>;
    /// Lets the place run other work (the browser: paint, input) before going on. Long
    /// computations await it between pieces; where nothing else runs, it returns at once.
    fn pause(&self) -> LocalBoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

pub(super) enum Slot {
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
    pub(super) fetcher: Rc<dyn Fetcher>,
    pub(super) runtime: Rc<dyn Runtime>,
    pub(super) base_url: String,
    pub(super) generation: Rc<Cell<u64>>,
    pub(super) config: RefCell<Option<Config>>,
    pub(super) cache: RefCell<HashMap<String, Slot>>,
    /// Documents adapters read once for many requests (see `sources::memo`), kept while a
    /// job that may ask for them runs: a 30 MB file's parse is 38 MB, so it is dropped once
    /// no job is running (answers stay in `cache`).
    pub(super) memo: Memo,
    /// Jobs running (made and not finished).
    pub(super) jobs: Cell<usize>,
    /// Foreground jobs running, and the background requests waiting for none (`super::lane`).
    pub(super) foreground: Cell<usize>,
    pub(super) background: RefCell<Vec<Waker>>,
    secrets: RefCell<BTreeMap<String, Kept>>,
    limits: RefCell<HashMap<String, Rc<Limiter>>>,
    tab_slos: RefCell<Vec<Imported>>,
}

impl Loader {
    /// `base_url` is what page-relative source URLs resolve against (the page's directory).
    pub fn new(
        fetcher: Rc<dyn Fetcher>,
        runtime: Rc<dyn Runtime>,
        base_url: impl Into<String>,
    ) -> Loader {
        Loader {
            fetcher,
            runtime,
            base_url: base_url.into(),
            generation: Rc::new(Cell::new(0)),
            config: RefCell::new(None),
            cache: RefCell::new(HashMap::new()),
            memo: Memo::default(),
            jobs: Cell::new(0),
            foreground: Cell::new(0),
            background: RefCell::new(Vec::new()),
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

    /// Forgets every answer and cancels running loads (the Refresh button, edited sources).
    pub fn invalidate(&self) {
        self.generation.set(self.generation.get() + 1);
        self.memo.clear();
        let old = std::mem::take(&mut *self.cache.borrow_mut());
        for slot in old.into_values() {
            if let Slot::Loading(waiters) = slot {
                waiters.into_iter().for_each(Waker::wake);
            }
        }
        self.wake_background();
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
        self.secrets.borrow_mut().insert(
            source.to_string(),
            Kept {
                origin: origin.to_string(),
                value,
            },
        );
    }

    /// Forgets every credential held in memory.
    pub fn forget_all_secrets(&self) {
        self.secrets.borrow_mut().clear();
    }

    /// Whether a credential will be sent to this source (kept for its current origin).
    pub fn has_secret(&self, source: &SourceConfig) -> bool {
        !self.secret_for(source).is_empty()
    }

    /// The origin (`scheme://host:port`) a source's requests go to.
    pub fn origin_of(&self, source: &SourceConfig) -> Option<String> {
        crate::core::url::origin_on_page(
            &http::join(&self.base_url, &source.url, ""),
            &self.base_url,
        )
    }

    pub(super) fn secret_for(&self, source: &SourceConfig) -> String {
        // Asked on every request: the source's origin (a URL parse) only when a secret is kept.
        let Some(kept) = self.secrets.borrow().get(&source.name).cloned() else {
            return String::new();
        };
        match self.origin_of(source) {
            Some(o) if kept.origin == o => kept.value,
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
        self.limits
            .borrow_mut()
            .entry(source.to_string())
            .or_insert_with(|| Limiter::new(MAX_IN_FLIGHT))
            .clone()
    }

    /// A GET of a page-relative or absolute URL as text (config and definition files);
    /// `None` when there is no file (404).
    pub async fn fetch_text(&self, url: &str) -> Result<Option<String>, LoadError> {
        let src = SourceConfig {
            name: "file".into(),
            kind: "file".into(),
            url: url.into(),
            auth: Default::default(),
            headers: Default::default(),
            timeout: Some("15s".into()),
        };
        let url = http::join(&self.base_url, url, "");
        let req = http::get(&src, &Secret::default(), url.clone());
        let resp = self.fetcher.fetch(req).await.map_err(|e| LoadError::File {
            url: url.clone(),
            error: SourceError::from_fetch(&url, e),
        })?;
        if resp.status == 404 {
            return Ok(None);
        }
        crate::sources::error::check_status(&url, &resp).map_err(|error| LoadError::File {
            url: url.clone(),
            error,
        })?;
        let mut body = resp.body;
        super::job::strip_bom(&mut body);
        String::from_utf8(body)
            .map(Some)
            .map_err(|_| LoadError::NotText { url })
    }
}
