//! SLO figures proven equal to independent PromQL on a real Prometheus, for every SLI kind and
//! budgeting method, over the test data's counter reset, scrape gap and low-traffic service;
//! grouped and discovered SLOs equal their single definitions. Started by `make test`;
//! ignored by a plain `cargo test`.

mod common;

use common::slos::*;
use common::{prometheus_url, TcpFetcher};
use headroom::core::config::{SliConfig, SourceConfig};
use headroom::core::slo::Slices;
use headroom::core::slo::Slo;
use headroom::sources::{
    block_on, prometheus::Prometheus, Adapter, Context, Payload, Request, Secret,
};

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
        close(
            f.budget_remaining,
            1.0 - (bad / total) / (1.0 - s.objective),
            &format!("{what}: budget"),
        );
        assert!(
            f.total > 0.0 && f.bad > 0.0,
            "{what}: the data must exercise errors"
        );
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn slice_methods_equal_promql() {
    for (what, sli) in kinds().into_iter().filter(|k| {
        k.0.starts_with("ratio api")
            || k.0.starts_with("ratio checkout")
            || k.0.starts_with("latency")
    }) {
        let ts = slo(sli.clone(), Some("timeslices"), Some(0.995));
        let (sl, bad_q, total_q) = slices(&ts);
        let ratio = format!("(1 - ({bad_q}) / ({total_q}))");
        let f = ts
            .method
            .figures(&sl, END_MS - WINDOW, END_MS, ts.objective);
        let good_slices = instant(&format!(
            "sum_over_time(({ratio} >= bool 0.995)[{}ms:1h])",
            WINDOW - 1
        ));
        let all_slices = instant(&format!("count_over_time(({ratio})[{}ms:1h])", WINDOW - 1));
        close(f.total, all_slices, &format!("{what}: slices"));
        close(f.good, good_slices, &format!("{what}: good slices"));
        close(
            f.sli,
            good_slices / all_slices,
            &format!("{what}: timeslices sli"),
        );
        let rts = slo(sli, Some("ratio_timeslices"), None);
        let f = rts
            .method
            .figures(&sl, END_MS - WINDOW, END_MS, rts.objective);
        close(
            f.sli,
            instant(&format!("avg_over_time({ratio}[{}ms:1h])", WINDOW - 1)),
            &format!("{what}: ratio timeslices sli"),
        );
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn grouped_slos_equal_one_slo_per_label_value() {
    let sli = SliConfig::Ratio {
        errors: "http_requests_total{code=\"500\"}".into(),
        total: "http_requests_total".into(),
    };
    let q = headroom::core::slo::grouped_slice_queries(&sli, H, &["service".into()]);
    let range = |query: &str| Request::Range {
        query: query.into(),
        start_ms: END_MS - WINDOW - 24 * H,
        end_ms: END_MS,
        step_ms: H,
    };
    let (bad, total) = (
        prom(range(q.bad.as_deref().unwrap())),
        prom(range(&q.total)),
    );
    assert_eq!(total.len(), 4, "one series per service");
    for t in &total {
        let service = t.labels["service"].clone();
        let b = bad
            .iter()
            .find(|b| b.labels == t.labels)
            .map(|b| b.samples.clone())
            .unwrap_or_default();
        let grouped = Slices::from_series(Some(&b), None, &t.samples, H);
        let single = slo(
            SliConfig::Ratio {
                errors: format!("http_requests_total{{service=\"{service}\",code=\"500\"}}"),
                total: format!("http_requests_total{{service=\"{service}\"}}"),
            },
            None,
            None,
        );
        let (alone, _, _) = slices(&single);
        let (f1, f2) = (
            single
                .method
                .figures(&grouped, END_MS - WINDOW, END_MS, 0.99),
            single.method.figures(&alone, END_MS - WINDOW, END_MS, 0.99),
        );
        close(f1.total, f2.total, &format!("{service}: total"));
        close(f1.bad, f2.bad, &format!("{service}: bad"));
    }
}

#[test]
#[ignore = "needs the test Prometheus (make test)"]
fn slos_discovered_in_sloth_and_pyrra_rules_equal_their_definitions() {
    let url = prometheus_url();
    let src = SourceConfig {
        name: "p".into(),
        kind: "prometheus".into(),
        url,
        auth: Default::default(),
        headers: Default::default(),
        timeout: None,
    };
    let secret = Secret::default();
    let cx = Context::new(&src, &secret, &TcpFetcher, "");
    let Payload::Rules(groups) = block_on(Prometheus.load(&cx, &Request::Rules)).unwrap() else {
        panic!("rules")
    };
    let found = headroom::core::slo::discover::discover(&groups, "p");
    let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["api-requests-availability", "checkout-errors"]);
    for (f, service, objective, window) in [
        (&found[0], "api", 0.999, "30d"),
        (&found[1], "checkout", 0.995, "28d"),
    ] {
        let c = f.result.as_ref().unwrap();
        assert_eq!(
            (c.service.as_str(), c.objective, c.window.as_str()),
            (service, objective, window)
        );
        let discovered = Slo::from_config(c).unwrap();
        let defined = slo(
            SliConfig::Ratio {
                errors: format!("http_requests_total{{service=\"{service}\",code=\"500\"}}"),
                total: format!("http_requests_total{{service=\"{service}\"}}"),
            },
            None,
            None,
        );
        let ((a, _, _), (b, _, _)) = (slices(&discovered), slices(&defined));
        let (fa, fb) = (
            discovered.method.figures(&a, END_MS - WINDOW, END_MS, 0.99),
            defined.method.figures(&b, END_MS - WINDOW, END_MS, 0.99),
        );
        close(fa.bad, fb.bad, &format!("{service}: bad"));
        close(fa.total, fb.total, &format!("{service}: total"));
    }
}
