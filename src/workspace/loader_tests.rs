//! The loader's request path with a scripted fetcher: caching, shared in-flight requests, the
//! per-source limit, cancellation by a newer config, secrets bound to origins, retries.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use futures::future::join_all;

use super::loader::{Loader, Runtime};
use super::LoadError;
use crate::core::config::{AuthConfig, AuthMode, Config, SourceConfig};
use crate::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
use crate::sources::{block_on, LocalBoxFuture, Payload, Request, SourceError};

const LABELS: &str = r#"{"status":"success","data":["job","service"]}"#;
const K8S_LIST: &str = r#"{"kind":"DeploymentList","items":[{"metadata":{"name":"cart-v2","labels":{"team":"payments","svc":"cart"}},"spec":{"replicas":2},"status":{"availableReplicas":2}}]}"#;
const EMPTY_MATRIX: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;

/// Answers every request after `turns` turns of the executor; statuses scripted per call.
#[derive(Default)]
struct Script {
    sent: RefCell<Vec<HttpRequest>>,
    in_flight: Cell<usize>,
    peak: Cell<usize>,
    turns: usize,
    /// Statuses (and Retry-After) for the first calls; then 200.
    statuses: RefCell<Vec<(u16, Option<&'static str>)>>,
}

/// Ready after `.0` turns of the executor (each one lets other futures run).
pub(super) struct Turns(pub(super) usize);

impl std::future::Future for Turns {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 == 0 {
            return std::task::Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

impl Fetcher for Script {
    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        Box::pin(async move {
            let body = if req.url.contains("/labels") {
                LABELS
            } else if req.url.ends_with(".json") {
                K8S_LIST
            } else if req.url.ends_with(".prom") {
                "up{i=\"1\"} 1\nup{i=\"2\"} 0\n"
            } else {
                EMPTY_MATRIX
            };
            self.sent.borrow_mut().push(req);
            self.in_flight.set(self.in_flight.get() + 1);
            self.peak.set(self.peak.get().max(self.in_flight.get()));
            Turns(self.turns).await;
            self.in_flight.set(self.in_flight.get() - 1);
            let (status, retry) = if self.statuses.borrow().is_empty() {
                (200, None)
            } else {
                self.statuses.borrow_mut().remove(0)
            };
            let headers = retry
                .map(|r| vec![("Retry-After".to_string(), r.to_string())])
                .unwrap_or_default();
            Ok(HttpResponse {
                status,
                headers,
                body: body.as_bytes().to_vec(),
            })
        })
    }
}

/// A clock at a fixed time whose sleeps return at once but are recorded.
#[derive(Default)]
struct Clock {
    slept: RefCell<Vec<i64>>,
}

impl Runtime for Rc<Clock> {
    fn now_ms(&self) -> i64 {
        1_790_812_800_000
    }
    fn sleep(&self, ms: i64) -> LocalBoxFuture<'static, ()> {
        self.slept.borrow_mut().push(ms);
        Box::pin(async {})
    }
}

fn prom(name: &str, url: &str, mode: AuthMode) -> SourceConfig {
    SourceConfig {
        name: name.into(),
        kind: "prometheus".into(),
        url: url.into(),
        auth: AuthConfig {
            mode,
            username: None,
        },
        headers: Default::default(),
        timeout: None,
    }
}

fn config(sources: Vec<SourceConfig>) -> Config {
    Config {
        sources,
        ..Default::default()
    }
}

fn setup(turns: usize) -> (Rc<Script>, Rc<Clock>, Loader) {
    let script = Rc::new(Script {
        turns,
        ..Default::default()
    });
    let clock = Rc::new(Clock::default());
    let loader = Loader::new(
        script.clone(),
        Rc::new(clock.clone()),
        "https://app.example/headroom/",
    );
    (script, clock, loader)
}

fn range(i: i64) -> Request {
    Request::Range {
        query: format!("up{{i=\"{i}\"}}"),
        start_ms: 0,
        end_ms: 3_600_000,
        step_ms: 60_000,
    }
}

#[test]
fn answers_are_cached_and_identical_requests_in_flight_share_one_fetch() {
    let (script, _, loader) = setup(3);
    let cfg = config(vec![prom("p", "https://prom.example", AuthMode::None)]);
    let job = loader.job(&cfg);
    let both = block_on(futures::future::join(
        job.request("p", &range(1)),
        job.request("p", &range(1)),
    ));
    assert!(matches!(both.0, Ok(Payload::Series { .. })), "{:?}", both.0);
    assert_eq!(both.0, both.1);
    assert_eq!(block_on(job.request("p", &range(1))), both.0);
    assert_eq!(script.sent.borrow().len(), 1);
    // A refresh forgets the answer.
    loader.invalidate();
    let job = loader.job(&cfg);
    block_on(job.request("p", &range(1))).unwrap();
    assert_eq!(script.sent.borrow().len(), 2);
}

#[test]
fn at_most_six_requests_per_source_are_in_flight() {
    let (script, _, loader) = setup(4);
    let cfg = config(vec![
        prom("p", "https://prom.example", AuthMode::None),
        prom("q", "https://other.example", AuthMode::None),
    ]);
    let job = loader.job(&cfg);
    let reqs: Vec<Request> = (0..40).map(range).collect();
    let all =
        block_on(join_all(reqs.iter().enumerate().map(|(i, r)| {
            job.request(if i % 2 == 0 { "p" } else { "q" }, r)
        })));
    assert!(all.iter().all(Result::is_ok));
    assert_eq!(script.sent.borrow().len(), 40);
    assert_eq!(loader.limiter("p").peak(), 6);
    assert_eq!(loader.limiter("q").peak(), 6);
    // Two sources: twelve at once in all, never more.
    assert_eq!(script.peak.get(), 12);
}

#[test]
fn a_new_config_cancels_the_requests_of_the_old_one_that_were_not_sent() {
    let (script, _, loader) = setup(2);
    let old = config(vec![prom("p", "https://prom.example", AuthMode::None)]);
    let new = config(vec![prom("p", "https://prom2.example", AuthMode::None)]);
    let job = loader.job(&old);
    let reqs: Vec<Request> = (0..30).map(range).collect();
    let mut load = Box::pin(join_all(reqs.iter().map(|r| job.request("p", r))));
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    assert!(load.as_mut().poll(&mut cx).is_pending());
    assert_eq!(script.sent.borrow().len(), 6, "six sent, the rest queued");
    let _replaced = loader.job(&new);
    let results = block_on(load);
    assert_eq!(
        script.sent.borrow().len(),
        6,
        "nothing more was sent for the old config"
    );
    // The six in flight finish; the 24 queued never go out.
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 6);
    assert_eq!(
        results
            .iter()
            .filter(|r| **r == Err(LoadError::Cancelled))
            .count(),
        24,
        "{results:?}"
    );
}

#[test]
fn a_secret_goes_only_to_the_origin_it_was_typed_for() {
    let (script, _, loader) = setup(0);
    let typed = prom("prom", "https://prom.example:443/", AuthMode::Bearer);
    loader.set_secret(&typed, Some("s3cret".into()));
    let auth = |r: &HttpRequest| {
        r.headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .map(|(_, v)| v.clone())
    };
    let cfg = config(vec![prom(
        "prom",
        "https://prom.example/prometheus",
        AuthMode::Bearer,
    )]);
    block_on(loader.job(&cfg).request("prom", &range(1))).unwrap();
    assert_eq!(
        auth(&script.sent.borrow()[0]).as_deref(),
        Some("Bearer s3cret")
    );
    assert!(loader.has_secret(&cfg.sources[0]));
    // A config (e.g. from a crafted ?config= link) that points the same name elsewhere.
    for url in [
        "https://evil.example",
        "http://prom.example",
        "https://prom.example:8443",
        "https://evil.example\\@prom.example/",
    ] {
        let evil = config(vec![prom("prom", url, AuthMode::Bearer)]);
        block_on(loader.job(&evil).request("prom", &range(2))).unwrap();
        assert_eq!(auth(script.sent.borrow().last().unwrap()), None, "{url}");
        assert!(!loader.has_secret(&evil.sources[0]));
    }
    // A secret restored from storage for another origin is not used either.
    loader.set_secret_for_origin("prom", "https://evil.example", "x".into());
    block_on(loader.job(&cfg).request("prom", &range(3))).unwrap();
    assert_eq!(auth(script.sent.borrow().last().unwrap()), None);
}

#[test]
fn gateway_errors_and_rate_limits_are_retried_with_back_off() {
    let (script, clock, loader) = setup(0);
    let cfg = config(vec![prom("p", "https://prom.example", AuthMode::None)]);
    script
        .statuses
        .borrow_mut()
        .extend([(503, None), (429, Some("7"))]);
    block_on(loader.job(&cfg).request("p", &range(1))).unwrap();
    assert_eq!(*clock.slept.borrow(), vec![1000, 7000]);
    assert_eq!(script.sent.borrow().len(), 3);
    // Three failures in a row: the third is the answer.
    script
        .statuses
        .borrow_mut()
        .extend([(502, None), (502, None), (502, None)]);
    let e = block_on(loader.job(&cfg).request("p", &range(2))).unwrap_err();
    assert!(
        matches!(
            &e,
            LoadError::Source {
                error: SourceError::Http { status: 502, .. },
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(*clock.slept.borrow(), vec![1000, 7000, 1000, 2000]);
}

#[test]
fn unknown_sources_and_unexpected_answers_are_typed() {
    let (_, _, loader) = setup(0);
    let cfg = config(vec![prom("p", "https://prom.example", AuthMode::None)]);
    let job = loader.job(&cfg);
    assert_eq!(
        block_on(job.request("nope", &Request::Probe)),
        Err(LoadError::NoSuchSource {
            source: "nope".into()
        })
    );
    let e = block_on(job.series("p", &Request::Labels)).unwrap_err();
    assert_eq!(
        e,
        LoadError::UnexpectedAnswer {
            source: "p".into(),
            expected: "series"
        }
    );
    assert_eq!(
        e.to_string(),
        "Source \"p\" answered with something other than series."
    );
}

#[test]
fn inventory_entities_name_their_source_and_get_its_join_key() {
    let (_, _, loader) = setup(0);
    let mut cfg = config(vec![SourceConfig {
        name: "prod-eu".into(),
        kind: "kubernetes".into(),
        url: "https://k8s.example/deployments.json".into(),
        auth: Default::default(),
        headers: Default::default(),
        timeout: None,
    }]);
    cfg.inventory.kubernetes_label = "svc".into();
    let inv = block_on(super::fleet::load_inventory(&loader.job(&cfg), &|_, _| {}));
    assert!(inv.issues.is_empty(), "{:?}", inv.issues);
    assert_eq!(inv.entities[0].source, "prod-eu");
    // The configured join key names the service (not the workload's name or app label).
    let services: Vec<(&str, Vec<String>)> = inv
        .services
        .iter()
        .map(|s| (s.service.as_str(), s.sources.iter().cloned().collect()))
        .collect();
    assert_eq!(services, [("cart", vec!["prod-eu".to_string()])]);
}

#[test]
fn a_file_is_read_once_while_a_job_runs_and_dropped_when_none_does() {
    let (script, _, loader) = setup(0);
    let cfg = config(vec![SourceConfig {
        name: "file".into(),
        kind: "exposition".into(),
        url: "https://files.example/metrics.prom".into(),
        auth: Default::default(),
        headers: Default::default(),
        timeout: None,
    }]);
    let reads = || script.sent.borrow().len();
    let series = |r: Result<Payload, LoadError>| match r {
        Ok(Payload::Series { series, .. }) => series.len(),
        other => panic!("{other:?}"),
    };
    let (a, b) = (loader.job(&cfg), loader.job(&cfg));
    assert_eq!(series(block_on(a.request("file", &range(1)))), 1);
    a.finish();
    assert_eq!(series(block_on(b.request("file", &range(2)))), 1);
    assert_eq!(
        reads(),
        1,
        "b still runs: the document read for a serves it"
    );
    drop(b);
    let c = loader.job(&cfg);
    assert_eq!(series(block_on(c.request("file", &range(1)))), 1);
    assert_eq!(reads(), 1, "an answer stays cached");
    assert_eq!(series(block_on(c.request("file", &range(3)))), 0);
    assert_eq!(
        reads(),
        2,
        "no job ran in between: the document was dropped"
    );
}
