//! What the SLO load makes of awkward sources: one that never answers (the others' SLOs are
//! there while it hangs, the hanging one's are listed as pending with their source, in
//! definition order), one whose samples come unsorted and repeated (tidied, with a notice),
//! and a metrics file many queries select from (fetched and parsed once per load).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Waker};

use super::loader::{Loader, Runtime};
use super::slo_feed::{load_into, waiting_text, SloLoad};
use crate::core::config::{parse, Format};
use crate::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
use crate::sources::{registry, LocalBoxFuture};

const NOW: i64 = 1_790_812_800_000;

/// `hang.example` never answers; every other host answers one sample per query and no rules.
struct HalfDown {
    sent: RefCell<Vec<String>>,
}

impl Fetcher for HalfDown {
    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        self.sent.borrow_mut().push(req.url.clone());
        if req.url.contains("hang.example") {
            return Box::pin(std::future::pending());
        }
        let body = if req.url.ends_with("/metrics.prom") {
            "# TYPE up gauge\nup{job=\"a\"} 1 1790812700000\nup{job=\"b\"} 0 1790812700000\n"
                .to_string()
        } else if req.url.ends_with("/index.json") {
            format!(r#"{{"captured_at":{NOW},"queries":{{"up":"q1.json","down":"q2.json"}}}}"#)
        } else if req.url.contains("/rules") {
            r#"{"status":"success","data":{"groups":[]}}"#.to_string()
        } else {
            let t = NOW / 1000 - 3600;
            format!(
                r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{}},"values":[[{t},"1"]]}}]}}}}"#
            )
        };
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: body.into_bytes(),
            })
        })
    }
}

struct Fixed;

impl Runtime for Fixed {
    fn now_ms(&self) -> i64 {
        NOW
    }
    fn sleep(&self, _ms: i64) -> LocalBoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

fn slo(name: &str, source: &str) -> String {
    format!(
        r#"{{"name":"{name}","service":"{name}","objective":0.99,"source":"{source}",
            "sli":{{"ratio":{{"errors":"e_total","total":"r_total"}}}}}}"#
    )
}

#[test]
fn a_hanging_source_holds_back_only_its_own_slos() {
    let json = format!(
        r#"{{"sources":[{{"name":"up","kind":"prometheus","url":"https://up.example"}},
                        {{"name":"down","kind":"prometheus","url":"https://hang.example"}}],
            "slos":[{},{},{}]}}"#,
        slo("a", "up"),
        slo("b", "down"),
        slo("c", "up")
    );
    let cfg = parse(&json, Format::Json, &registry::kinds()).expect("a valid config");
    let fetcher = Rc::new(HalfDown {
        sent: RefCell::new(vec![]),
    });
    let loader = Loader::new(fetcher.clone(), Rc::new(Fixed), "https://app.example/");
    let job = loader.job(&cfg);
    let out = RefCell::new(SloLoad::default());
    let changes = Cell::new(0);
    let changed = || changes.set(changes.get() + 1);
    let mut load = std::pin::pin!(load_into(&job, &out, &changed));
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        assert!(
            load.as_mut().poll(&mut cx).is_pending(),
            "the load cannot finish while a source hangs"
        );
    }
    let state = out.borrow().state();
    let names: Vec<&str> = state.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["a", "c"]);
    assert!(state.entries.iter().all(|e| e.summary.is_some()));
    let pending: Vec<(&str, &str)> = state
        .pending
        .iter()
        .map(|p| (p.name.as_str(), p.source.as_str()))
        .collect();
    assert_eq!(pending, [("b", "down")]);
    assert_eq!(state.discovering, ["down"]);
    assert!(!state.complete());
    assert_eq!(
        waiting_text(&state).as_deref(),
        Some("2 of 3 SLOs loaded; waiting for down (1 SLO); reading the recording rules of down")
    );
    // Told of the definitions, each answered SLO and the answered rules, at least.
    assert!(changes.get() >= 4, "{} changes", changes.get());
    // Nothing waited for the hanging source before asking the healthy one.
    assert!(fetcher
        .sent
        .borrow()
        .iter()
        .any(|u| u.contains("up.example")));
}

#[test]
fn unsorted_and_repeated_samples_are_tidied_with_a_notice() {
    use crate::core::model::{NoticeLevel, Sample, Series};
    use crate::sources::Payload;
    let s = |t_ms, v| Sample { t_ms, v };
    let answer = Payload::Series {
        series: vec![
            Series {
                labels: Default::default(),
                samples: vec![s(3_000, 3.0), s(1_000, 1.0), s(1_000, 1.5), s(2_000, 2.0)],
            },
            Series {
                labels: Default::default(),
                samples: vec![s(1_000, 1.0), s(2_000, 2.0)],
            },
        ],
        notices: vec![],
    };
    let (series, notices) = super::job::series_of("files", Ok(answer)).expect("series");
    assert_eq!(
        series[0].samples,
        vec![s(1_000, 1.5), s(2_000, 2.0), s(3_000, 3.0)]
    );
    assert_eq!(series[1].samples, vec![s(1_000, 1.0), s(2_000, 2.0)]);
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].level, NoticeLevel::Warning);
    assert_eq!(
        notices[0].text,
        "Data quality: in 1 series from files, 1 sample out of time order was sorted; \
         1 repeated timestamp kept the last value sent."
    );
}

#[test]
fn a_metrics_file_is_fetched_and_parsed_once_per_load() {
    use crate::sources::Request;
    let json = r#"{"sources":[{"name":"file","kind":"exposition","url":"https://up.example/metrics.prom"}]}"#;
    let cfg = parse(json, Format::Json, &registry::kinds()).expect("a valid config");
    let fetcher = Rc::new(HalfDown {
        sent: RefCell::new(vec![]),
    });
    let loader = Loader::new(fetcher.clone(), Rc::new(Fixed), "https://app.example/");
    let fetched = || {
        fetcher
            .sent
            .borrow()
            .iter()
            .filter(|u| u.ends_with("/metrics.prom"))
            .count()
    };
    let range = |job: &str| Request::Range {
        query: format!("up{{job=\"{job}\"}}"),
        start_ms: NOW - 3_600_000,
        end_ms: NOW,
        step_ms: 60_000,
    };
    let job = loader.job(&cfg);
    let queries = [range("a"), range("b"), range("a"), Request::Probe];
    let answers = crate::sources::block_on(futures::future::join_all(
        queries.iter().map(|q| job.request("file", q)),
    ));
    assert!(answers.iter().all(Result::is_ok), "{answers:?}");
    let (a, _) = crate::sources::block_on(job.series("file", &range("a"))).expect("series");
    assert_eq!(a.first().map(|s| s.samples.len()), Some(1));
    assert_eq!(fetched(), 1, "four requests, one read of the file");
    // Refresh reads it again; a connection test always does.
    loader.invalidate();
    let job = loader.job(&cfg);
    crate::sources::block_on(job.request("file", &range("b"))).expect("answer");
    assert_eq!(fetched(), 2);
    crate::sources::block_on(job.fresh("file", &Request::Probe)).expect("probe");
    assert_eq!(fetched(), 3);
}

/// A recorded snapshot (the demo) reads its index once per load, not once per query.
#[test]
fn a_snapshot_reads_its_index_once_per_load() {
    use crate::sources::Request;
    let json = r#"{"sources":[{"name":"snap","kind":"prometheus-snapshot","url":"https://up.example/snap"}]}"#;
    let cfg = parse(json, Format::Json, &registry::kinds()).expect("a valid config");
    let fetcher = Rc::new(HalfDown {
        sent: RefCell::new(vec![]),
    });
    let loader = Loader::new(fetcher.clone(), Rc::new(Fixed), "https://app.example/");
    let count = |end: &str| {
        fetcher
            .sent
            .borrow()
            .iter()
            .filter(|u| u.ends_with(end))
            .count()
    };
    let range = |query: &str| Request::Range {
        query: query.into(),
        start_ms: NOW - 3_600_000,
        end_ms: NOW,
        step_ms: 60_000,
    };
    let job = loader.job(&cfg);
    let queries = [
        range("up"),
        range("down"),
        Request::Probe,
        range("not recorded"),
    ];
    let answers = crate::sources::block_on(futures::future::join_all(
        queries.iter().map(|q| job.request("snap", q)),
    ));
    assert!(answers.iter().take(3).all(Result::is_ok), "{answers:?}");
    assert!(answers.get(3).is_some_and(Result::is_err), "{answers:?}");
    assert_eq!(
        count("/index.json"),
        1,
        "four requests, one read of the index"
    );
    assert_eq!((count("/q1.json"), count("/q2.json")), (1, 1));
}

/// A file whose samples all lie outside the SLO's range still lists the SLO, with no data.
#[test]
fn an_slo_over_a_file_with_no_samples_in_range_is_listed_with_no_data() {
    let json = r#"{"sources":[{"name":"file","kind":"exposition","url":"https://up.example/metrics.prom"}],
      "slos":[{"name":"x","service":"s","objective":0.99,"source":"file",
               "sli":{"ratio":{"errors":"up{job=\"b\"}","total":"nothing_here"}}}]}"#;
    let cfg = parse(json, Format::Json, &registry::kinds()).expect("a valid config");
    let fetcher = Rc::new(HalfDown {
        sent: RefCell::new(vec![]),
    });
    let loader = Loader::new(fetcher, Rc::new(Fixed), "https://app.example/");
    let state = crate::sources::block_on(super::load_slos(&loader.job(&cfg)));
    let names: Vec<&str> = state.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["x"]);
    let summary = state.entries.first().and_then(|e| e.summary.as_ref());
    assert_eq!(summary.map(|s| s.window.total), Some(0.0));
}

/// A recorded answer in a bundle (`file#key`) of the snapshot.
fn answer(v: &str) -> String {
    let t = NOW / 1000 - 60;
    format!(
        r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{"v":"{v}"}},"values":[[{t},"{v}"]]}}]}}}}"#
    )
}

/// Serves an index naming answers in a bundle, a single file, a key the bundle lacks and
/// a bundle that is not an object; records what was asked.
struct Recorded(RefCell<Vec<String>>);

impl Fetcher for Recorded {
    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        self.0.borrow_mut().push(req.url.clone());
        let file = req.url.rsplit('/').next().unwrap_or_default().to_string();
        let body = match file.as_str() {
            "index.json" => format!(
                r#"{{"captured_at":{NOW},"queries":{{"a":"b.json#a","b":"b.json#b","one":"one.json","gone":"b.json#zz","bad":"bad.json#a"}}}}"#
            ),
            "b.json" => format!(r#"{{"a":{},"b":{}}}"#, answer("1.5"), answer("2.5")),
            "one.json" => answer("1.5"),
            _ => "[1, 2]".to_string(),
        };
        Box::pin(async move {
            Ok(HttpResponse {
                status: 200,
                headers: vec![],
                body: body.into_bytes(),
            })
        })
    }
}

#[test]
fn a_bundle_answers_each_of_its_queries_as_its_own_file_would_and_is_read_once() {
    let json = r#"{"sources":[{"name":"snap","kind":"prometheus-snapshot","url":"https://up.example/snap"}]}"#;
    let cfg = parse(json, Format::Json, &registry::kinds()).expect("a valid config");
    let fetcher = Rc::new(Recorded(RefCell::new(vec![])));
    let loader = Loader::new(fetcher.clone(), Rc::new(Fixed), "https://app.example/");
    let job = loader.job(&cfg);
    let range = |query: &str| crate::sources::Request::Range {
        query: query.into(),
        start_ms: NOW - 3_600_000,
        end_ms: NOW,
        step_ms: 60_000,
    };
    let queries = ["a", "b", "one", "gone", "bad"].map(range);
    let answers = crate::sources::block_on(futures::future::join_all(
        queries.iter().map(|q| job.request("snap", q)),
    ));
    let series = |i: usize| match answers.get(i) {
        Some(Ok(crate::sources::Payload::Series { series, .. })) => series.clone(),
        other => panic!("answer {i}: {other:?}"),
    };
    let (a, b, one) = (series(0), series(1), series(2));
    assert_eq!(
        a, one,
        "the bundled answer reads as the same answer in a file of its own"
    );
    let values = |s: &[crate::core::model::Series]| -> Vec<f64> {
        s.iter()
            .flat_map(|s| s.samples.iter().map(|x| x.v))
            .collect()
    };
    assert_eq!((values(&a), values(&b)), (vec![1.5], vec![2.5]));
    let detail = |i: usize| match answers.get(i) {
        Some(Err(super::LoadError::Source {
            error: crate::sources::SourceError::Malformed { url, detail },
            ..
        })) => format!("{url}: {detail}"),
        other => panic!("answer {i}: {other:?}"),
    };
    assert!(
        detail(3).contains("\"zz\", which b.json does not hold"),
        "{}",
        detail(3)
    );
    assert!(detail(4).contains("bad.json"), "{}", detail(4));
    let sent = fetcher.0.borrow();
    let count = |end: &str| sent.iter().filter(|u| u.ends_with(end)).count();
    assert_eq!(
        (count("/b.json"), count("/one.json"), count("/index.json")),
        (1, 1, 1),
        "{sent:?}"
    );
}
