//! SLOs fetched together: the definitions of one load are planned at once
//! (`core::slo::grouping`), so that SLOs reading the same metric family through the same
//! source, range and step share one grouped range query instead of sending their own. Each
//! grouped answer is fetched once (through the job: cache, limiter, retries) and kept while
//! the load runs; each SLO then picks its rows from it in a task of its own. A grouped query
//! that fails is not the SLOs' failure: each then asks its own query, as without grouping.

use std::rc::Rc;

use super::definitions::Definition;
use super::error::LoadError;
use super::job::Job;
use super::slos::{promql_requests, raw_path, slice_end};
use crate::core::model::{Notice, Series};
use crate::core::slo::grouping::{sli_pieces, split, Plan};
use crate::core::slo::Slo;
use crate::sources::memo::Memo;
use crate::sources::Request;

/// Where a query runs: source, start, end, step.
type Scope = (String, i64, i64, i64);
/// One SLO query: where it runs and its PromQL.
type Key = (Scope, String);
type Answer = Result<(Vec<Series>, Vec<Notice>), LoadError>;

/// The grouping of one load's SLOs and the grouped answers fetched so far.
pub struct Batch {
    plan: Plan<Scope, Key>,
    answers: Memo,
}

fn key(source: &str, req: &Request) -> Option<Key> {
    match req {
        Request::Range {
            query,
            start_ms,
            end_ms,
            step_ms,
        } => Some((
            (source.to_string(), *start_ms, *end_ms, *step_ms),
            query.clone(),
        )),
        _ => None,
    }
}

/// SLO definitions planned between two pauses.
const PLANNED_PER_PIECE: usize = 100;

impl Batch {
    /// No grouping: every SLO sends its own queries.
    pub fn none() -> Batch {
        Batch {
            plan: Plan::new([]),
            answers: Memo::default(),
        }
    }

    /// The grouping of these definitions' PromQL queries, as loaded at `now_ms`.
    /// Pauses every [`PLANNED_PER_PIECE`] definitions: planning 500 SLOs' queries was one
    /// task of 60–80 ms.
    pub async fn of<'d>(
        job: &Job<'_>,
        defs: impl IntoIterator<Item = &'d Definition>,
        now_ms: i64,
    ) -> Batch {
        let slos = defs
            .into_iter()
            .filter_map(|d| d.result.as_ref().ok())
            .filter_map(|c| Slo::from_config(c).ok());
        let mut items = Vec::new();
        for (i, s) in slos.filter(|s| !raw_path(job, s)).enumerate() {
            if i > 0 && i % PLANNED_PER_PIECE == 0 {
                job.loader.runtime.pause().await;
            }
            let (_, part, total) = promql_requests(&s, slice_end(&s, now_ms));
            let pieces = sli_pieces(&s.sli, s.slice_ms, &s.group_by);
            for (req, p) in [part, total].iter().zip(pieces) {
                if let (Some(k), Some(p)) = (key(&s.source, req), p) {
                    items.push((k.0.clone(), k, p));
                }
            }
        }
        job.loader.runtime.pause().await;
        Batch {
            plan: Plan::new(items),
            answers: Memo::default(),
        }
    }

    /// The series `req` would return from `source`: cut from its group's answer when it is
    /// grouped (the answer is fetched once for all), else asked as it is.
    pub async fn series(&self, job: &Job<'_>, source: &str, req: &Request) -> Answer {
        let Some(k) = key(source, req) else {
            return job.series(source, req).await;
        };
        let Some((id, group, piece)) = self.plan.grouped(&k) else {
            return job.series(source, req).await;
        };
        let (src, start_ms, end_ms, step_ms) = &group.scope;
        let grouped = Request::Range {
            query: group.query.clone(),
            start_ms: *start_ms,
            end_ms: *end_ms,
            step_ms: *step_ms,
        };
        let read = || async { Ok(job.series(src, &grouped).await) };
        let answer: Rc<Answer> = match self.answers.get_or_read(&id.to_string(), read).await {
            Ok(a) => a,
            Err(error) => Rc::new(Err(LoadError::Source {
                source: src.clone(),
                error,
            })),
        };
        match &*answer {
            Ok((rows, notices)) => {
                // Every member wakes with the answer: each cuts its rows in a task of its own.
                job.loader.runtime.pause().await;
                Ok((split(rows, piece), notices.clone()))
            }
            Err(LoadError::Cancelled) => Err(LoadError::Cancelled),
            Err(_) => job.series(source, req).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::super::{load_slos, Loader, Runtime};
    use crate::core::config::{parse, Format};
    use crate::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
    use crate::sources::{block_on, registry, LocalBoxFuture};

    const NOW: i64 = 1_790_812_800_000;

    /// A Prometheus that answers grouped queries (`sum by`) with a row per service (a: 1,
    /// b: 2), or refuses them; any other query with one series of 5; no rules.
    struct Prom {
        refuse_grouped: bool,
        sent: RefCell<Vec<String>>,
    }

    impl Runtime for Prom {
        fn now_ms(&self) -> i64 {
            NOW
        }
        fn sleep(&self, _ms: i64) -> LocalBoxFuture<'static, ()> {
            Box::pin(async {})
        }
    }

    impl Fetcher for Prom {
        fn fetch<'a>(
            &'a self,
            req: HttpRequest,
        ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
            let grouped = req.url.contains("query=sum+by");
            self.sent.borrow_mut().push(req.url.clone());
            let t = NOW / 1000;
            let row = |labels: &str, v: u8| {
                format!(r#"{{"metric":{{{labels}}},"values":[[{t},"{v}"]]}}"#)
            };
            let (status, body) = match (grouped, self.refuse_grouped) {
                _ if req.url.contains("/rules") => {
                    (200, r#"{"status":"success","data":{"groups":[]}}"#.into())
                }
                (true, true) => (
                    400,
                    r#"{"status":"error","errorType":"bad_data","error":"no"}"#.into(),
                ),
                (true, false) => (
                    200,
                    format!(
                        "{},{}",
                        row(r#""service":"a""#, 1),
                        row(r#""service":"b""#, 2)
                    ),
                ),
                (false, _) => (200, row("", 5)),
            };
            let body = if status == 200 && !body.starts_with(r#"{"status""#) {
                format!(
                    r#"{{"status":"success","data":{{"resultType":"matrix","result":[{body}]}}}}"#
                )
            } else {
                body
            };
            Box::pin(async move {
                Ok(HttpResponse {
                    status,
                    headers: vec![],
                    body: body.into_bytes(),
                })
            })
        }
    }

    /// Loads SLOs a and b (same metrics, one service each): their (bad, total) in the last
    /// slice and the range queries sent.
    fn load(refuse_grouped: bool) -> (Vec<(f64, f64)>, Vec<String>) {
        let slo = |s: &str| {
            format!(
                r#"{{"name":"{s}","service":"{s}","objective":0.99,"source":"p","sli":{{"ratio":
                {{"errors":"e_total{{service=\"{s}\"}}","total":"r_total{{service=\"{s}\"}}"}}}}}}"#
            )
        };
        let json = format!(
            r#"{{"sources":[{{"name":"p","kind":"prometheus","url":"https://p.example"}}],
                "slos":[{},{}]}}"#,
            slo("a"),
            slo("b")
        );
        let cfg = parse(&json, Format::Json, &registry::kinds()).expect("a valid config");
        let prom = Rc::new(Prom {
            refuse_grouped,
            sent: RefCell::new(vec![]),
        });
        let loader = Loader::new(prom.clone(), prom.clone(), "https://app.example/");
        let state = block_on(load_slos(&loader.job(&cfg)));
        let last = state
            .entries
            .iter()
            .map(|e| {
                let s = e.slices.as_ref().expect("slices");
                (
                    s.bad.last().copied().unwrap(),
                    s.total.last().copied().unwrap(),
                )
            })
            .collect();
        let sent = prom
            .sent
            .borrow()
            .iter()
            .filter(|u| u.contains("query_range"))
            .cloned()
            .collect();
        (last, sent)
    }

    #[test]
    fn slos_on_one_metric_share_a_query_and_take_their_rows() {
        let (last, sent) = load(false);
        assert_eq!(last, [(1.0, 1.0), (2.0, 2.0)]);
        assert_eq!(sent.len(), 2, "e_total and r_total, once each: {sent:?}");
        assert!(
            sent.iter().all(|u| u.contains("service%3D%7E%22a%7Cb%22")),
            "{sent:?}"
        );
    }

    #[test]
    fn a_refused_grouped_query_falls_back_to_each_slos_own() {
        let (last, sent) = load(true);
        assert_eq!(last, [(5.0, 5.0), (5.0, 5.0)]);
        assert_eq!(
            sent.len(),
            2 + 4,
            "the two grouped queries once, then each SLO's two"
        );
    }
}
