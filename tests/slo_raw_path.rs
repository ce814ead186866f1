//! The raw-sample path — the exposition file itself, and the same counters as CSV — equal to
//! the PromQL path on the real Prometheus, slice by slice. Started by `make test`; ignored by
//! a plain `cargo test`.

mod common;

use std::sync::OnceLock;

use common::slos::*;
use headroom::core::config::SliConfig;
use headroom::core::slo::{raw, Method, Slices};
use headroom::sources::exposition::{parse, select};

fn exposition() -> &'static parse::Parsed {
    static P: OnceLock<parse::Parsed> = OnceLock::new();
    P.get_or_init(|| {
        let path = std::env::var("HEADROOM_PROM_DATA")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target/prom/data.om").into());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (written by tests/prometheus/up.sh)"));
        let p = parse::parse(&text, None);
        assert!(
            p.errors.is_empty(),
            "{:?}",
            &p.errors[..p.errors.len().min(3)]
        );
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
        let pick = |sel: &str| {
            select(
                p,
                &headroom::core::selector::Selector::parse(sel).unwrap(),
                start - 2 * H,
                end,
            )
        };
        let (part, total, is_bad) =
            raw::compute(&sli, &pick(&sel_part), &pick(&sel_total), start + H, end, H);
        let b = if is_bad {
            Slices::from_series(Some(&part), None, &total, H)
        } else {
            Slices::from_series(None, Some(&part), &total, H)
        };
        let mut compared = 0;
        for i in 0..b.total.len() {
            let t = b.end_of(i);
            let j = ((t - a.first_end_ms) / H) as usize;
            let (x, y) = ((b.bad[i], b.total[i]), (a.bad[j], a.total[j]));
            if y.1.is_nan() {
                assert!(
                    x.1.is_nan(),
                    "{what} at {t}: raw has data where PromQL has none"
                );
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
fn csv_samples_give_the_same_slices_as_promql() {
    // The checkout counters (with their reset) written out as CSV, read back by the CSV source.
    let p = exposition();
    let (start, end) = (END_MS - WINDOW, END_MS);
    let sel =
        headroom::core::selector::Selector::parse("http_requests_total{service=\"checkout\"}")
            .unwrap();
    let mut csv = String::from("timestamp,metric,service,code,value\n");
    for s in select(p, &sel, start - 2 * H, end) {
        for x in &s.samples {
            csv.push_str(&format!(
                "{},{},{},{},{}\n",
                x.t_ms / 1000,
                s.labels["__name__"],
                s.labels["service"],
                s.labels["code"],
                x.v
            ));
        }
    }
    let series = headroom::sources::csv_metrics::parse(&csv).unwrap();
    let pick = |sel: &str| {
        let s = headroom::core::selector::Selector::parse(sel).unwrap();
        series
            .iter()
            .filter(|x| s.matches(&x.labels["__name__"], &x.labels))
            .cloned()
            .collect::<Vec<_>>()
    };
    let sli = SliConfig::Ratio {
        errors: "http_requests_total{service=\"checkout\",code=\"500\"}".into(),
        total: "http_requests_total{service=\"checkout\"}".into(),
    };
    let (part, total, _) = raw::compute(
        &sli,
        &pick("http_requests_total{service=\"checkout\",code=\"500\"}"),
        &pick("http_requests_total{service=\"checkout\"}"),
        start + H,
        end,
        H,
    );
    let b = Slices::from_series(Some(&part), None, &total, H);
    let (a, _, _) = slices(&slo(sli, None, None));
    let (fa, fb) = (
        Method::Occurrences.figures(&a, start, end, 0.99),
        Method::Occurrences.figures(&b, start, end, 0.99),
    );
    close(fb.total, fa.total, "total");
    close(fb.bad, fa.bad, "bad");
}
