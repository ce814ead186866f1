//! Data sources: one adapter per kind, all behind the [`Adapter`] interface, so views and the
//! SLO/inventory code never care where data came from. Adapters know no browser either: they
//! talk HTTP through a [`http::Fetcher`] the caller provides (the browser's `fetch` in the app,
//! a plain TCP client in native integration tests).
//!
//! Adding a source kind = one folder here + one line in [`registry`].

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

pub mod backstage;
pub mod csv_metrics;
pub mod delivery_events;
pub mod error;
pub mod exposition;
pub mod github;
pub mod http;
pub mod kubernetes;
pub mod memo;
pub mod prometheus;
pub mod registry;

use std::future::Future;
use std::pin::Pin;

use crate::core::config::SourceConfig;
use crate::core::inventory::{CiRun, Entity};
use crate::core::model::{Notice, Series};
use crate::core::rules::{Alert, RuleGroup};

pub use error::SourceError;
pub use http::{Fetcher, HttpRequest, HttpResponse};

/// A boxed future that need not be `Send` (the browser is single-threaded).
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What a view asks of a source.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Check the connection and report what is on the other side.
    Probe,
    /// A PromQL range query; `step_ms` is the resolution, start/end inclusive.
    Range {
        query: String,
        start_ms: i64,
        end_ms: i64,
        step_ms: i64,
    },
    /// A PromQL instant query evaluated at `time_ms`.
    Instant { query: String, time_ms: i64 },
    /// Entities for the inventory (services, deployments, nodes, targets …).
    Inventory,
    /// CI/CD runs and deployments.
    Runs,
    /// Live alerts (pending and firing).
    Alerts,
    /// Incidents with start and end (delivery data from other systems).
    Incidents,
    /// Rule groups with their alerting and recording rules.
    Rules,
    /// Label names (for pickers).
    Labels,
    /// Values of one label, e.g. `__name__` for metric names.
    LabelValues { label: String },
    /// Series matching a selector in a time range (labels only).
    SeriesMatch {
        selector: String,
        start_ms: i64,
        end_ms: i64,
    },
}

impl Request {
    /// A phrase for messages: "CI runs", "metric queries" …
    pub fn what(&self) -> &'static str {
        match self {
            Request::Probe => "connection tests",
            Request::Range { .. } | Request::Instant { .. } => "metric queries",
            Request::Inventory => "inventory",
            Request::Runs => "CI runs",
            Request::Alerts => "alerts",
            Request::Incidents => "incidents",
            Request::Rules => "rules",
            Request::Labels | Request::LabelValues { .. } | Request::SeriesMatch { .. } => {
                "label and series look-ups"
            }
        }
    }

    /// The error for a request this kind of source cannot answer.
    pub fn unsupported(&self, kind: &str) -> SourceError {
        SourceError::Unsupported {
            kind: kind.to_string(),
            what: self.what().to_string(),
        }
    }
}

/// What a source answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    Probe(ProbeInfo),
    Series {
        series: Vec<Series>,
        notices: Vec<Notice>,
    },
    Entities {
        entities: Vec<Entity>,
        notices: Vec<Notice>,
    },
    Runs {
        runs: Vec<CiRun>,
        notices: Vec<Notice>,
    },
    Alerts(Vec<Alert>),
    Incidents(Vec<crate::core::incidents::Incident>),
    Rules(Vec<RuleGroup>),
    /// Label names or values.
    Strings(Vec<String>),
}

/// The result of a connection test, e.g. "Prometheus 2.42, retention 15d".
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProbeInfo {
    pub summary: String,
    pub version: Option<String>,
    pub retention: Option<String>,
    /// A recorded source's own "now" (the moment it was captured); live sources: None.
    pub now_ms: Option<i64>,
}

/// What a kind of source can answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub metrics: bool,
    /// Evaluates PromQL itself; otherwise metric requests are plain selectors over raw samples.
    pub promql: bool,
    pub inventory: bool,
    pub runs: bool,
    pub incidents: bool,
}

/// The credential for one source, held in memory by the app (never in config files or URLs).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Secret(pub Option<String>);

/// How far a long load got: `done` items of `total` (when the source says how many).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Progress {
    pub done: usize,
    pub total: Option<usize>,
}

/// Everything an adapter needs about the source it serves.
pub struct Context<'a> {
    pub source: &'a SourceConfig,
    pub secret: &'a Secret,
    pub fetcher: &'a dyn Fetcher,
    /// Base URL that relative source URLs resolve against (the page's directory).
    pub base_url: &'a str,
    /// Told about paging progress by adapters that page (the Backstage catalog).
    pub progress: Option<&'a dyn Fn(Progress)>,
    /// Where documents read once for many requests are kept (a `/metrics` file); none in
    /// tools and most tests: every request reads again.
    pub memo: Option<&'a memo::Memo>,
    /// Lets the browser paint and handle input: adapters reading a large document await it
    /// between pieces so that no piece of work blocks the page for long.
    pub pause: Option<&'a dyn Fn() -> LocalBoxFuture<'static, ()>>,
}

impl<'a> Context<'a> {
    pub fn new(
        source: &'a SourceConfig,
        secret: &'a Secret,
        fetcher: &'a dyn Fetcher,
        base_url: &'a str,
    ) -> Context<'a> {
        Context {
            source,
            secret,
            fetcher,
            base_url,
            progress: None,
            memo: None,
            pause: None,
        }
    }

    pub fn report(&self, done: usize, total: Option<usize>) {
        if let Some(p) = self.progress {
            p(Progress { done, total });
        }
    }
}

/// What the Sources page and the registry know about a kind of source.
pub struct AdapterInfo {
    /// The `kind` value in the config file.
    pub kind: &'static str,
    /// One line for the Sources page.
    pub describe: &'static str,
    pub capabilities: Capabilities,
}

/// The shared interface of every data-source kind.
pub trait Adapter {
    fn info(&self) -> &'static AdapterInfo;
    fn load<'a>(
        &'a self,
        cx: &'a Context<'a>,
        req: &'a Request,
    ) -> LocalBoxFuture<'a, Result<Payload, SourceError>>;

    fn kind(&self) -> &'static str {
        self.info().kind
    }
    fn describe(&self) -> &'static str {
        self.info().describe
    }
    fn capabilities(&self) -> Capabilities {
        self.info().capabilities
    }
    /// A recording with its own "now" (its probe says when it was captured). Only these are
    /// probed before a load: asking a live source would make every load wait for it.
    fn recorded(&self) -> bool {
        false
    }
}

/// GETs `path` under the source's URL (page-relative URLs resolved) and returns the response
/// if its status is 2xx; every other outcome becomes the matching [`SourceError`].
pub async fn fetch_ok(cx: &Context<'_>, path: &str) -> Result<(String, HttpResponse), SourceError> {
    let url = http::join(cx.base_url, &cx.source.url, path);
    if cx.fetcher.page_is_https() && url.starts_with("http://") {
        return Err(SourceError::MixedContent { url });
    }
    let resp = cx
        .fetcher
        .fetch(http::get(cx.source, cx.secret, url.clone()))
        .await
        .map_err(|e| SourceError::from_fetch(&url, e))?;
    error::check_status(&url, &resp)?;
    // A login page or a proxy's page answered 200 in place of the data: no kind reads HTML.
    if is_html(&resp.body) {
        return Err(SourceError::Malformed {
            detail: format!(
                "expected data, got an HTML page (a login or proxy page?): {}",
                error::excerpt(&resp.body)
            ),
            url,
        });
    }
    Ok((url, resp))
}

/// Whether a body is an HTML document (`<!doctype html` or `<html` first, any case).
fn is_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let head = body
        .get(start..body.len().min(start + 14))
        .unwrap_or_default()
        .to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Runs a future that never waits on anything external to completion (native fetchers are
/// synchronous). Used by native tests and tools.
pub fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::http::FetchError;

    /// Answers every request with a fixed result, as an https page would see it.
    struct Fixed(bool, Result<HttpResponse, FetchError>);

    impl Fetcher for Fixed {
        fn fetch<'a>(
            &'a self,
            _req: HttpRequest,
        ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
            let r = self.1.clone();
            Box::pin(async move { r })
        }
        fn page_is_https(&self) -> bool {
            self.0
        }
    }

    fn load(kind: &str, url: &str, fetcher: &Fixed, req: Request) -> Result<Payload, SourceError> {
        let src = SourceConfig {
            name: "s".into(),
            kind: kind.into(),
            url: url.into(),
            auth: Default::default(),
            headers: Default::default(),
            timeout: None,
        };
        let secret = Secret::default();
        let cx = Context::new(&src, &secret, fetcher, "https://app.example/");
        block_on(registry::get(kind).unwrap().load(&cx, &req))
    }

    #[test]
    fn https_pages_refuse_http_sources_as_mixed_content() {
        let f = Fixed(true, Ok(HttpResponse::default()));
        for kind in registry::kinds() {
            let e = load(kind, "http://prom.internal:9090", &f, Request::Probe).unwrap_err();
            assert!(
                matches!(e, SourceError::MixedContent { .. }),
                "{kind}: {e:?}"
            );
            assert!(e.to_string().contains("mixed content"));
        }
    }

    #[test]
    fn an_html_page_in_place_of_a_file_says_so() {
        let page = b"\n<!DOCTYPE html><html><body><h1>Sign in to Acme SSO</h1></body></html>";
        let ok = |body: &[u8]| {
            Fixed(
                false,
                Ok(HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: body.to_vec(),
                }),
            )
        };
        for kind in ["kubernetes", "backstage", "exposition", "csv", "delivery"] {
            let e = load(kind, "https://x.example/f", &ok(page), Request::Inventory).unwrap_err();
            assert!(
                e.to_string()
                    .contains("got an HTML page (a login or proxy page?): Sign in to Acme SSO"),
                "{kind}: {e}"
            );
        }
        assert!(!is_html(b"<svg/>") && !is_html(b"") && is_html(b"  <HTML>"));
    }

    #[test]
    fn fetch_failures_map_to_specific_errors() {
        let cases = [
            (FetchError::Timeout { after_ms: 5000 }, "did not answer within 5s"),
            (FetchError::Cors { detail: "TypeError".into() }, "blocked the response (CORS)"),
            (FetchError::Network { detail: "TypeError: Failed to fetch".into() }, "connection was refused"),
            (FetchError::TooLarge { limit: 64 << 20 }, "exceeded 64 MB"),
            (FetchError::Invalid { detail: "'x y' is not a valid HTTP header field name".into() }, "browser refused to make a request to https://k8s.example/list.json ('x y' is not a valid HTTP header field name)"),
        ];
        for (fe, text) in cases {
            let e = load(
                "kubernetes",
                "https://k8s.example/list.json",
                &Fixed(true, Err(fe)),
                Request::Inventory,
            )
            .unwrap_err();
            assert!(e.to_string().contains(text), "{e}");
        }
    }
}
