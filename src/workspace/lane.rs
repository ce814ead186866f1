//! Which loads go first. The loads a page shows run in the foreground; those it does not show
//! yet (the inventory and CI runs behind the Overview's SLO charts) can run in the background:
//! their requests wait until no foreground job is running, or until [`BACKGROUND_WAIT_MS`]
//! after the job began. The browser's six connections per host and its one main thread then
//! serve what the page shows first: on the demo, 7 inventory files were sent before the first
//! SLO query and parsed before its answer was drawn.

use super::job::Job;

/// Whether a job's requests wait for the foreground's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    Foreground,
    Background,
}

/// The longest a background job waits for the foreground (a hanging source must not hold
/// the inventory back until its timeout).
pub const BACKGROUND_WAIT_MS: i64 = 1_000;

/// How often a waiting background job looks again (a frame).
const LOOK_AGAIN_MS: i64 = 16;

impl Job<'_> {
    /// Returns at once in the foreground; in the background, once no foreground job runs or
    /// the wait is over (or the job was replaced).
    pub(super) async fn wait_for_turn(&self) {
        let Some(until) = self.background_until else {
            return;
        };
        while self.loader.foreground.get() > 0
            && self.loader.runtime.now_ms() < until
            && !self.cancelled()
        {
            self.loader.runtime.sleep(LOOK_AGAIN_MS).await;
        }
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

    /// A clock that a sleep moves forward.
    #[derive(Default)]
    struct Ticking(Cell<i64>);

    impl Runtime for Rc<Ticking> {
        fn now_ms(&self) -> i64 {
            self.0.get()
        }
        fn sleep(&self, ms: i64) -> LocalBoxFuture<'static, ()> {
            self.0.set(self.0.get() + ms);
            Box::pin(Turns(1))
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
