//! Which loads go first. The loads a page shows run in the foreground; those it does not show
//! yet (the inventory and CI runs behind the Overview's SLO charts) can run in the background:
//! their requests wait until no foreground job is running, or until [`BACKGROUND_WAIT_MS`]
//! after the job began. The browser's six connections per host and its one main thread then
//! serve what the page shows first: on the demo, 7 inventory files were sent before the first
//! SLO query and parsed before its answer was drawn.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use super::job::Job;
use super::Loader;

/// Whether a job's requests wait for the foreground's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    Foreground,
    Background,
}

/// The longest a background job waits for the foreground (a hanging source must not hold
/// the inventory back until its timeout).
pub const BACKGROUND_WAIT_MS: i64 = 1_000;

impl Job<'_> {
    /// Returns at once in the foreground; in the background, once no foreground job runs or
    /// the wait is over (or the job was replaced). Woken by the last foreground job's end (and
    /// by a reload), not by polling: ten waiting requests looking again every 16 ms were 600
    /// tasks a second on the page's thread while the first SLO answers were being drawn.
    pub(super) async fn wait_for_turn(&self) {
        let Some(until) = self.background_until else {
            return;
        };
        let left = until - self.loader.runtime.now_ms();
        if left <= 0 || self.turn_came() {
            return;
        }
        let deadline = self.loader.runtime.sleep(left);
        futures::future::select(deadline, Turn(self)).await;
    }

    fn turn_came(&self) -> bool {
        self.loader.foreground.get() == 0 || self.cancelled()
    }
}

impl Loader {
    /// A foreground job ended: the last one lets the background go.
    pub(super) fn leave_foreground(&self) {
        let left = self.foreground.get().saturating_sub(1);
        self.foreground.set(left);
        if left == 0 {
            self.wake_background();
        }
    }

    /// Wakes every waiting background request (it looks whether its turn came).
    pub(super) fn wake_background(&self) {
        let waiting = std::mem::take(&mut *self.background.borrow_mut());
        waiting.into_iter().for_each(Waker::wake);
    }
}

/// Ready once no foreground job runs or the job was replaced.
struct Turn<'j, 'a>(&'j Job<'a>);

impl Future for Turn<'_, '_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.turn_came() {
            return Poll::Ready(());
        }
        let mut waiting = self.0.loader.background.borrow_mut();
        if !waiting.iter().any(|w| w.will_wake(cx.waker())) {
            waiting.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use super::{Lane, BACKGROUND_WAIT_MS};
    use crate::core::config::{Config, SourceConfig};
    use crate::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
    use crate::sources::{block_on, LocalBoxFuture, Request};
    use crate::workspace::loader_tests::Turns;
    use crate::workspace::{Loader, Runtime};

    /// Answers every range query with an empty matrix, once the executor went round once.
    #[derive(Default)]
    struct Recorder(RefCell<Vec<String>>);

    impl Fetcher for Recorder {
        fn fetch<'a>(
            &'a self,
            req: HttpRequest,
        ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
            self.0.borrow_mut().push(req.url);
            Box::pin(async {
                Turns(1).await;
                let body = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
                Ok(HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: body.as_bytes().to_vec(),
                })
            })
        }
    }

    /// A clock that a sleep moves forward, and how many sleeps were asked for.
    #[derive(Default)]
    struct Ticking(Cell<i64>, Cell<usize>);

    impl Runtime for Rc<Ticking> {
        fn now_ms(&self) -> i64 {
            self.0.get()
        }
        /// 16 ms pass at each turn of the executor while the sleep waits (none once dropped).
        fn sleep(&self, ms: i64) -> LocalBoxFuture<'static, ()> {
            let clock = self.clone();
            self.1.set(self.1.get() + 1);
            Box::pin(async move {
                let mut left = ms;
                while left > 0 {
                    let step = left.min(16);
                    clock.0.set(clock.0.get() + step);
                    left -= step;
                    Turns(1).await;
                }
            })
        }
    }

    fn setup() -> (Rc<Recorder>, Rc<Ticking>, Loader, Config) {
        let (rec, clock) = (Rc::new(Recorder::default()), Rc::new(Ticking::default()));
        let loader = Loader::new(rec.clone(), Rc::new(clock.clone()), "https://app.example/");
        let cfg = Config {
            sources: vec![SourceConfig {
                name: "p".into(),
                kind: "prometheus".into(),
                url: "https://prom.example".into(),
                auth: Default::default(),
                headers: Default::default(),
                timeout: None,
            }],
            ..Default::default()
        };
        (rec, clock, loader, cfg)
    }

    fn range(metric: &str) -> Request {
        Request::Range {
            query: metric.into(),
            start_ms: 0,
            end_ms: 3_600_000,
            step_ms: 60_000,
        }
    }

    #[test]
    fn a_background_request_is_sent_after_the_foreground_job_finished() {
        let (rec, clock, loader, cfg) = setup();
        let fg = loader.job(&cfg);
        let bg = loader.job_in(&cfg, Lane::Background);
        // The background job asks first; the foreground job asks a moment later, then ends.
        let (b, f) = block_on(futures::future::join(
            bg.request("p", &range("later")),
            async {
                Turns(1).await;
                let r = fg.request("p", &range("first")).await;
                fg.finish();
                r
            },
        ));
        assert!(b.is_ok() && f.is_ok(), "{b:?} {f:?}");
        let sent = rec.0.borrow();
        assert_eq!(sent.len(), 2);
        assert!(
            sent[0].contains("first") && sent[1].contains("later"),
            "{sent:?}"
        );
        assert!(
            clock.0.get() < BACKGROUND_WAIT_MS,
            "waited {} ms",
            clock.0.get()
        );
        // Woken by the foreground job's end: one timer for its whole wait, not one per frame.
        assert_eq!(clock.1.get(), 1);
    }

    #[test]
    fn a_reload_frees_a_waiting_background_request_at_once() {
        let (rec, clock, loader, cfg) = setup();
        let _hangs = loader.job(&cfg);
        let bg = loader.job_in(&cfg, Lane::Background);
        let (b, ()) = block_on(futures::future::join(
            bg.request("p", &range("later")),
            async {
                Turns(3).await;
                loader.invalidate();
            },
        ));
        assert_eq!(b.err(), Some(crate::workspace::LoadError::Cancelled));
        assert!(rec.0.borrow().is_empty(), "{:?}", rec.0.borrow());
        // A few turns of the executor (16 ms each here), not the second of its wait.
        assert!(clock.0.get() < 160, "waited {} ms", clock.0.get());
    }

    #[test]
    fn a_background_request_waits_at_most_its_wait_for_a_foreground_job_that_does_not_end() {
        let (rec, clock, loader, cfg) = setup();
        let _hangs = loader.job(&cfg);
        let bg = loader.job_in(&cfg, Lane::Background);
        assert!(block_on(bg.request("p", &range("later"))).is_ok());
        assert_eq!(rec.0.borrow().len(), 1);
        let waited = clock.0.get();
        assert!(
            (BACKGROUND_WAIT_MS..BACKGROUND_WAIT_MS + 20).contains(&waited),
            "{waited}"
        );
        // A foreground job never waits.
        let fg = loader.job(&cfg);
        assert!(block_on(fg.request("p", &range("now"))).is_ok());
        assert_eq!(clock.0.get(), waited);
    }
}
