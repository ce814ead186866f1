//! SLO test support shared by the correctness suites: the test Prometheus through the real
//! adapter, an SLO per SLI kind, slices loaded the way the app loads them, and a relative
//! comparison at 1e-9.

use headroom::core::config::{SliConfig, SloConfig, SourceConfig};
use headroom::core::model::{Sample, Series};
use headroom::core::slo::{slice_queries, Slices, Slo};
use headroom::sources::{
    block_on, prometheus::Prometheus, Adapter, Context, Payload, Request, Secret,
};

use super::{prometheus_url, TcpFetcher};

pub const END_MS: i64 = 1_790_812_800_000;
pub const H: i64 = 3_600_000;
pub const WINDOW: i64 = 30 * 24 * H;
pub const REL: f64 = 1e-9;

pub fn prom(req: Request) -> Vec<Series> {
    let url = prometheus_url();
    let src = SourceConfig {
        name: "p".into(),
        kind: "prometheus".into(),
        url,
        auth: Default::default(),
        headers: Default::default(),
        timeout: Some("120s".into()),
    };
    let secret = Secret::default();
    let cx = Context::new(&src, &secret, &TcpFetcher, "");
    match block_on(Prometheus.load(&cx, &req)).unwrap_or_else(|e| panic!("{req:?}: {e}")) {
        Payload::Series { series, .. } => series,
        p => panic!("unexpected {p:?}"),
    }
}

/// An independent instant query at END, summing the same hourly slices inside the window.
pub fn instant(q: &str) -> f64 {
    let s = prom(Request::Instant {
        query: q.into(),
        time_ms: END_MS,
    });
    s.first()
        .and_then(|s| s.samples.first())
        .map_or(f64::NAN, |x| x.v)
}

pub fn slo(sli: SliConfig, method: Option<&str>, target: Option<f64>) -> Slo {
    let c = SloConfig {
        name: "t".into(),
        service: "s".into(),
        team: None,
        description: None,
        objective: 0.99,
        window: "30d".into(),
        timezone: None,
        method: method.map(Into::into),
        timeslice_target: target,
        slice: None,
        labels: Default::default(),
        group_by: vec![],
        source: "p".into(),
        sli,
    };
    Slo::from_config(&c).unwrap()
}

pub fn one(series: Vec<Series>) -> Vec<Sample> {
    series
        .into_iter()
        .next()
        .map(|s| s.samples)
        .unwrap_or_default()
}

/// Slices through the adapter, the way the app loads them.
pub fn slices(slo: &Slo) -> (Slices, String, String) {
    let q = slice_queries(&slo.sli, H);
    let part_q = q.bad.clone().or(q.good.clone()).unwrap();
    let range = |query: &str| Request::Range {
        query: query.into(),
        start_ms: END_MS - WINDOW - 24 * H,
        end_ms: END_MS,
        step_ms: H,
    };
    let (part, total) = (one(prom(range(&part_q))), one(prom(range(&q.total))));
    let s = if q.bad.is_some() {
        Slices::from_series(Some(&part), None, &total, H)
    } else {
        Slices::from_series(None, Some(&part), &total, H)
    };
    let bad_q = match (&q.bad, &q.good) {
        (Some(b), _) => b.clone(),
        // A slice where no event was good has no `good` sample at all: count it as zero.
        (None, Some(g)) => format!("(({}) - (({g}) or vector(0)))", q.total),
        _ => unreachable!(),
    };
    (s, bad_q, q.total)
}

pub fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= REL * b.abs().max(1e-300),
        "{what}: {a} vs {b} (rel {})",
        ((a - b) / b).abs()
    );
}

pub fn kinds() -> Vec<(&'static str, SliConfig)> {
    vec![
        (
            "ratio api (burst)",
            SliConfig::Ratio {
                errors: "http_requests_total{service=\"api\",code=\"500\"}".into(),
                total: "http_requests_total{service=\"api\"}".into(),
            },
        ),
        (
            "ratio checkout (counter reset)",
            SliConfig::Ratio {
                errors: "http_requests_total{service=\"checkout\",code=~\"5..\"}".into(),
                total: "http_requests_total{service=\"checkout\"}".into(),
            },
        ),
        (
            "ratio search (scrape gap)",
            SliConfig::Ratio {
                errors: "http_requests_total{service=\"search\",code=\"500\"}".into(),
                total: "http_requests_total{service=\"search\"}".into(),
            },
        ),
        (
            "ratio batch (low traffic)",
            SliConfig::Ratio {
                errors: "http_requests_total{service=\"batch\",code=\"500\"}".into(),
                total: "http_requests_total{service=\"batch\"}".into(),
            },
        ),
        (
            "latency checkout",
            SliConfig::Latency {
                histogram: "http_request_duration_seconds{service=\"checkout\"}".into(),
                threshold: 0.3,
            },
        ),
        (
            "bool gauge api",
            SliConfig::BoolGauge {
                metric: "probe_success{service=\"api\"}".into(),
            },
        ),
        (
            "threshold checkout",
            SliConfig::Threshold {
                metric: "http_request_p99_seconds{service=\"checkout\"}".into(),
                op: "lt".into(),
                value: 0.5,
                interval: Some("2m".into()),
            },
        ),
    ]
}
