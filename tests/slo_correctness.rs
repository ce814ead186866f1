//! SLO figures proven equal to independent PromQL on a real Prometheus, for every SLI kind and
//! budgeting method, over the test data's counter reset, scrape gap and low-traffic service;
//! and the raw-sample path (the exposition file itself) equal to the PromQL path, slice by
//! slice. Started by `make test`; ignored by a plain `cargo test`.

mod common;

use std::sync::OnceLock;

use common::{prometheus_url, TcpFetcher};
use headroom::core::config::{SliConfig, SloConfig, SourceConfig};
use headroom::core::model::{Sample, Series};
use headroom::core::slo::{raw, slice_queries, Method, Slices, Slo};
use headroom::sources::exposition::{parse, select};
use headroom::sources::{block_on, prometheus::Prometheus, Adapter, Context, Payload, Request, Secret};

const END_MS: i64 = 1_790_812_800_000;
const H: i64 = 3_600_000;
const WINDOW: i64 = 30 * 24 * H;
const REL: f64 = 1e-9;

fn prom(req: Request) -> Vec<Series> {
    let url = prometheus_url();
    let src = SourceConfig { name: "p".into(), kind: "prometheus".into(), url, auth: Default::default(), headers: Default::default(), timeout: Some("120s".into()) };
    let secret = Secret::default();
    let cx = Context::new(&src, &secret, &TcpFetcher, "");
    match block_on(Prometheus.load(&cx, &req)).unwrap_or_else(|e| panic!("{req:?}: {e}")) {
        Payload::Series { series, .. } => series,
        p => panic!("unexpected {p:?}"),
    }
}

/// An independent instant query at END, summing the same hourly slices inside the window.
fn instant(q: &str) -> f64 {
    let s = prom(Request::Instant { query: q.into(), time_ms: END_MS });
    s.first().and_then(|s| s.samples.first()).map_or(f64::NAN, |x| x.v)
}

fn slo(sli: SliConfig, method: Option<&str>, target: Option<f64>) -> Slo {
    let c = SloConfig { name: "t".into(), service: "s".into(), team: None, description: None, objective: 0.99, window: "30d".into(), timezone: None, method: method.map(Into::into), timeslice_target: target, slice: None, labels: Default::default(), group_by: vec![], source: "p".into(), sli };
    Slo::from_config(&c).unwrap()
}

fn one(series: Vec<Series>) -> Vec<Sample> {
    series.into_iter().next().map(|s| s.samples).unwrap_or_default()
}

/// Slices through the adapter, the way the app loads them.
fn slices(slo: &Slo) -> (Slices, String, String) {
    let q = slice_queries(&slo.sli, H);
    let part_q = q.bad.clone().or(q.good.clone()).unwrap();
    let range = |query: &str| Request::Range { query: query.into(), start_ms: END_MS - WINDOW - 24 * H, end_ms: END_MS, step_ms: H };
    let (part, total) = (one(prom(range(&part_q))), one(prom(range(&q.total))));
    let s = if q.bad.is_some() { Slices::from_series(Some(&part), None, &total, H) } else { Slices::from_series(None, Some(&part), &total, H) };
    let bad_q = match (&q.bad, &q.good) {
        (Some(b), _) => b.clone(),
        // A slice where no event was good has no `good` sample at all: count it as zero.
        (None, Some(g)) => format!("(({}) - (({g}) or vector(0)))", q.total),
        _ => unreachable!(),
    };
    (s, bad_q, q.total)
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= REL * b.abs().max(1e-300), "{what}: {a} vs {b} (rel {})", ((a - b) / b).abs());
}

fn kinds() -> Vec<(&'static str, SliConfig)> {
    vec![
        ("ratio api (burst)", SliConfig::Ratio { errors: "http_requests_total{service=\"api\",code=\"500\"}".into(), total: "http_requests_total{service=\"api\"}".into() }),
        ("ratio checkout (counter reset)", SliConfig::Ratio { errors: "http_requests_total{service=\"checkout\",code=~\"5..\"}".into(), total: "http_requests_total{service=\"checkout\"}".into() }),
        ("ratio search (scrape gap)", SliConfig::Ratio { errors: "http_requests_total{service=\"search\",code=\"500\"}".into(), total: "http_requests_total{service=\"search\"}".into() }),
        ("ratio batch (low traffic)", SliConfig::Ratio { errors: "http_requests_total{service=\"batch\",code=\"500\"}".into(), total: "http_requests_total{service=\"batch\"}".into() }),
        ("latency checkout", SliConfig::Latency { histogram: "http_request_duration_seconds{service=\"checkout\"}".into(), threshold: 0.3 }),
        ("bool gauge api", SliConfig::BoolGauge { metric: "probe_success{service=\"api\"}".into() }),
        ("threshold checkout", SliConfig::Threshold { metric: "http_request_p99_seconds{service=\"checkout\"}".into(), op: "lt".into(), value: 0.5, interval: Some("2m".into()) }),
    ]
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn occurrences_equal_promql_for_every_sli_kind() {
    for (what, sli) in kinds() {
        let s = slo(sli, None, None);
        let (sl, bad_q, total_q) = slices(&s);
        let f = s.method.figures(&sl, END_MS - WINDOW, END_MS, s.objective);
        // sum_over_time of the same aligned hourly slices: (END − 30d, END].
        let bad = instant(&format!("sum_over_time(({bad_q})[{}ms:1h])", WINDOW - 1));
        let total = instant(&format!("sum_over_time(({total_q})[{}ms:1h])", WINDOW - 1));
        close(f.total, total, &format!("{what}: total"));
        close(f.bad, bad, &format!("{what}: bad"));
        close(f.sli, 1.0 - bad / total, &format!("{what}: sli"));
        close(f.budget_remaining, 1.0 - (bad / total) / (1.0 - s.objective), &format!("{what}: budget"));
        assert!(f.total > 0.0 && f.bad > 0.0, "{what}: the data must exercise errors");
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn slice_methods_equal_promql() {
    for (what, sli) in kinds().into_iter().filter(|k| k.0.starts_with("ratio api") || k.0.starts_with("ratio checkout") || k.0.starts_with("latency")) {
        let ts = slo(sli.clone(), Some("timeslices"), Some(0.995));
        let (sl, bad_q, total_q) = slices(&ts);
        let ratio = format!("(1 - ({bad_q}) / ({total_q}))");
        let f = ts.method.figures(&sl, END_MS - WINDOW, END_MS, ts.objective);
        let good_slices = instant(&format!("sum_over_time(({ratio} >= bool 0.995)[{}ms:1h])", WINDOW - 1));
        let all_slices = instant(&format!("count_over_time(({ratio})[{}ms:1h])", WINDOW - 1));
        close(f.total, all_slices, &format!("{what}: slices"));
        close(f.good, good_slices, &format!("{what}: good slices"));
        close(f.sli, good_slices / all_slices, &format!("{what}: timeslices sli"));
        let rts = slo(sli, Some("ratio_timeslices"), None);
        let f = rts.method.figures(&sl, END_MS - WINDOW, END_MS, rts.objective);
        close(f.sli, instant(&format!("avg_over_time({ratio}[{}ms:1h])", WINDOW - 1)), &format!("{what}: ratio timeslices sli"));
    }
}

fn exposition() -> &'static parse::Parsed {
    static P: OnceLock<parse::Parsed> = OnceLock::new();
    P.get_or_init(|| {
        let path = std::env::var("HEADROOM_PROM_DATA").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target/prom/data.om").into());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e} (written by tests/prometheus/up.sh)"));
        let p = parse::parse(&text, None);
        assert!(p.errors.is_empty(), "{:?}", &p.errors[..p.errors.len().min(3)]);
        p
    })
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn raw_sample_path_equals_the_promql_path() {
    let p = exposition();
    let (start, end) = (END_MS - WINDOW, END_MS);
    for (what, sli) in kinds() {
        let s = slo(sli.clone(), None, None);
        let (a, _, _) = slices(&s);
        let (sel_part, sel_total) = raw::selectors_for(&sli).unwrap();
        let pick = |sel: &str| select(p, &headroom::core::selector::Selector::parse(sel).unwrap(), start - 2 * H, end);
        let (part, total, is_bad) = raw::compute(&sli, &pick(&sel_part), &pick(&sel_total), start + H, end, H);
        let b = if is_bad { Slices::from_series(Some(&part), None, &total, H) } else { Slices::from_series(None, Some(&part), &total, H) };
        let mut compared = 0;
        for i in 0..b.total.len() {
            let t = b.end_of(i);
            let j = ((t - a.first_end_ms) / H) as usize;
            let (x, y) = ((b.bad[i], b.total[i]), (a.bad[j], a.total[j]));
            if y.1.is_nan() {
                assert!(x.1.is_nan(), "{what} at {t}: raw has data where PromQL has none");
                continue;
            }
            close(x.1, y.1, &format!("{what} total at {t}"));
            if y.0 != 0.0 || x.0 != 0.0 {
                close(x.0, y.0, &format!("{what} bad at {t}"));
            }
            compared += 1;
        }
        assert!(compared >= 700, "{what}: {compared} slices compared");
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn grouped_slos_equal_one_slo_per_label_value() {
    let sli = SliConfig::Ratio { errors: "http_requests_total{code=\"500\"}".into(), total: "http_requests_total".into() };
    let q = headroom::core::slo::grouped_slice_queries(&sli, H, &["service".into()]);
    let range = |query: &str| Request::Range { query: query.into(), start_ms: END_MS - WINDOW - 24 * H, end_ms: END_MS, step_ms: H };
    let (bad, total) = (prom(range(q.bad.as_deref().unwrap())), prom(range(&q.total)));
    assert_eq!(total.len(), 4, "one series per service");
    for t in &total {
        let service = t.labels["service"].clone();
        let b = bad.iter().find(|b| b.labels == t.labels).map(|b| b.samples.clone()).unwrap_or_default();
        let grouped = Slices::from_series(Some(&b), None, &t.samples, H);
        let single = slo(SliConfig::Ratio { errors: format!("http_requests_total{{service=\"{service}\",code=\"500\"}}"), total: format!("http_requests_total{{service=\"{service}\"}}") }, None, None);
        let (alone, _, _) = slices(&single);
        let (f1, f2) = (single.method.figures(&grouped, END_MS - WINDOW, END_MS, 0.99), single.method.figures(&alone, END_MS - WINDOW, END_MS, 0.99));
        close(f1.total, f2.total, &format!("{service}: total"));
        close(f1.bad, f2.bad, &format!("{service}: bad"));
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn slos_discovered_in_sloth_and_pyrra_rules_equal_their_definitions() {
    let url = prometheus_url();
    let src = SourceConfig { name: "p".into(), kind: "prometheus".into(), url, auth: Default::default(), headers: Default::default(), timeout: None };
    let secret = Secret::default();
    let cx = Context::new(&src, &secret, &TcpFetcher, "");
    let Payload::Rules(groups) = block_on(Prometheus.load(&cx, &Request::Rules)).unwrap() else { panic!("rules") };
    let found = headroom::core::slo::discover::discover(&groups, "p");
    let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["api-requests-availability", "checkout-errors"]);
    for (f, service, objective, window) in [(&found[0], "api", 0.999, "30d"), (&found[1], "checkout", 0.995, "28d")] {
        let c = f.result.as_ref().unwrap();
        assert_eq!((c.service.as_str(), c.objective, c.window.as_str()), (service, objective, window));
        let discovered = Slo::from_config(c).unwrap();
        let defined = slo(SliConfig::Ratio { errors: format!("http_requests_total{{service=\"{service}\",code=\"500\"}}"), total: format!("http_requests_total{{service=\"{service}\"}}") }, None, None);
        let ((a, _, _), (b, _, _)) = (slices(&discovered), slices(&defined));
        let (fa, fb) = (discovered.method.figures(&a, END_MS - WINDOW, END_MS, 0.99), defined.method.figures(&b, END_MS - WINDOW, END_MS, 0.99));
        close(fa.bad, fb.bad, &format!("{service}: bad"));
        close(fa.total, fb.total, &format!("{service}: total"));
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn csv_samples_give_the_same_slices_as_promql() {
    // The checkout counters (with their reset) written out as CSV, read back by the CSV source.
    let p = exposition();
    let (start, end) = (END_MS - WINDOW, END_MS);
    let sel = headroom::core::selector::Selector::parse("http_requests_total{service=\"checkout\"}").unwrap();
    let mut csv = String::from("timestamp,metric,service,code,value\n");
    for s in select(p, &sel, start - 2 * H, end) {
        for x in &s.samples {
            csv.push_str(&format!("{},{},{},{},{}\n", x.t_ms / 1000, s.labels["__name__"], s.labels["service"], s.labels["code"], x.v));
        }
    }
    let series = headroom::sources::csv_metrics::parse(&csv).unwrap();
    let pick = |sel: &str| {
        let s = headroom::core::selector::Selector::parse(sel).unwrap();
        series.iter().filter(|x| s.matches(&x.labels["__name__"], &x.labels)).cloned().collect::<Vec<_>>()
    };
    let sli = SliConfig::Ratio { errors: "http_requests_total{service=\"checkout\",code=\"500\"}".into(), total: "http_requests_total{service=\"checkout\"}".into() };
    let (part, total, _) = raw::compute(&sli, &pick("http_requests_total{service=\"checkout\",code=\"500\"}"), &pick("http_requests_total{service=\"checkout\"}"), start + H, end, H);
    let b = Slices::from_series(Some(&part), None, &total, H);
    let (a, _, _) = slices(&slo(sli, None, None));
    let (fa, fb) = (Method::Occurrences.figures(&a, start, end, 0.99), Method::Occurrences.figures(&b, start, end, 0.99));
    close(fb.total, fa.total, "total");
    close(fb.bad, fa.bad, "bad");
}
