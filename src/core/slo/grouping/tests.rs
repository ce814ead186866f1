use super::*;
use crate::core::time::HOUR_MS;

fn ratio(errors: &str, total: &str) -> SliConfig {
    SliConfig::Ratio {
        errors: errors.into(),
        total: total.into(),
    }
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn series(pairs: &[(&str, &str)], samples: &[(i64, f64)]) -> Series {
    Series {
        labels: labels(pairs),
        samples: samples
            .iter()
            .map(|&(t_ms, v)| Sample { t_ms, v })
            .collect(),
    }
}

fn pieces(sli: &SliConfig, by: &[&str]) -> [Option<Piece>; 2] {
    let by: Vec<String> = by.iter().map(|s| s.to_string()).collect();
    sli_pieces(sli, HOUR_MS, &by)
}

#[test]
fn shapes_of_every_groupable_sli() {
    let [p, t] = pieces(&ratio("x{a=\"1\",code=~\"5..\"}", " x{a=\"1\"} "), &[]);
    let (p, t) = (p.unwrap(), t.unwrap());
    assert_eq!(
        (p.shape.prefix.as_str(), p.shape.metric.as_str()),
        ("increase(", "x")
    );
    assert_eq!(p.shape, t.shape);
    assert_eq!(p.shape.suffix, "[1h])");
    let lat = SliConfig::Latency {
        histogram: "h{s=\"a\"}".into(),
        threshold: 0.3,
    };
    let [g, t] = pieces(&lat, &[]);
    assert_eq!(g.unwrap().shape.metric, "h_bucket");
    assert_eq!(t.unwrap().shape.metric, "h_count");
    let gauge = SliConfig::BoolGauge {
        metric: "probe_success{s=\"a\"}".into(),
    };
    let [g, t] = pieces(&gauge, &[]);
    assert_eq!(g.unwrap().shape.prefix, "sum_over_time(");
    assert_eq!(t.unwrap().shape.prefix, "count_over_time(");
    let th = SliConfig::Threshold {
        metric: "p99{s=\"a\"}".into(),
        op: "lt".into(),
        value: 0.5,
        interval: Some("2m".into()),
    };
    let [g, _] = pieces(&th, &[]);
    assert_eq!(g.unwrap().shape.suffix, " < 0.5)[59m59s999ms:2m])");
}

#[test]
fn what_keeps_its_own_query() {
    let events = SliConfig::Events {
        good: None,
        bad: Some("sum(rate(e[{{.window}}]))".into()),
        total: "sum(rate(t[{{.window}}]))".into(),
    };
    assert!(pieces(&events, &[]).iter().all(Option::is_none));
    let [p, t] = pieces(&ratio("x{a=\"1\"} offset -1x", "x"), &[]);
    assert!(p.is_none() && t.is_some());
    // A metric named like the function it is inside, `__name__` matchers, sloppy selectors,
    // label names PromQL refuses in `by`.
    for (e, by) in [
        ("increase", vec![]),
        ("{__name__=\"x\"}", vec![]),
        ("x{__name__=\"x\"}", vec![]),
        ("x{a=\"1\" b=\"2\"}", vec![]),
        ("x{a=~\"(\"}", vec![]),
        ("x", vec!["1a"]),
    ] {
        assert!(pieces(&ratio(e, e), &by)[0].is_none(), "{e} by {by:?}");
    }
}

#[test]
fn one_query_per_shape_and_scope_with_every_tested_label() {
    let slos = [
        (
            ratio("x{service=\"api\",code=\"500\"}", "x{service=\"api\"}"),
            vec![],
        ),
        (
            ratio("x{service=\"a.b\",code=~\"5..\"}", "x{service=\"a.b\"}"),
            vec![],
        ),
        (
            ratio(
                "x{service=~\"web|db\",code=\"500\"}",
                "x{service=~\"web|db\"}",
            ),
            vec!["route"],
        ),
    ];
    let mut items = Vec::new();
    for (i, (sli, by)) in slos.iter().enumerate() {
        for (j, p) in pieces(sli, by).into_iter().enumerate() {
            items.push(("prom", (i, j), p.unwrap()));
        }
    }
    items.push(("other", (9, 0), pieces(&slos[0].0, &[])[0].clone().unwrap()));
    let plan = Plan::new(items);
    let shared: Vec<&Group<&str>> = plan.shared().collect();
    assert_eq!(
        shared.len(),
        1,
        "the other source's lone query is sent as it is"
    );
    assert_eq!(
        shared[0].query,
        "sum by (code, route, service) (increase(x{service=~\"^(?:web|db)$|a\\\\.b|api\"}[1h]))"
    );
    assert!(plan.grouped(&(9, 0)).is_none());
    assert_eq!(
        plan.grouped(&(2, 1)).map(|g| g.0),
        plan.grouped(&(0, 0)).map(|g| g.0)
    );
}

#[test]
fn no_restriction_when_a_member_accepts_any_value() {
    let a = pieces(&ratio("x{service=\"api\"}", "x"), &[]);
    let items = a.into_iter().enumerate().map(|(i, p)| ((), i, p.unwrap()));
    let plan = Plan::new(items);
    assert_eq!(
        plan.grouped(&0).unwrap().1.query,
        "sum by (service) (increase(x[1h]))"
    );
}

#[test]
fn split_sums_matching_rows_per_timestamp() {
    let rows = [
        series(
            &[("service", "api"), ("code", "500")],
            &[(1, 1.0), (2, 2.0)],
        ),
        series(
            &[("service", "api"), ("code", "503")],
            &[(2, 0.5), (3, 4.0)],
        ),
        series(&[("service", "api"), ("code", "200")], &[(1, 10.0)]),
        series(&[("service", "web"), ("code", "500")], &[(1, 7.0)]),
    ];
    let [p, _] = pieces(&ratio("x{service=\"api\",code=~\"5..\"}", "x"), &[]);
    let got = split(&rows, &p.unwrap());
    assert_eq!(got, vec![series(&[], &[(1, 1.0), (2, 2.5), (3, 4.0)])]);
    let [p, _] = pieces(&ratio("x{code=\"500\"}", "x"), &["service"]);
    let got = split(&rows, &p.unwrap());
    assert_eq!(
        got,
        vec![
            series(&[("service", "api")], &[(1, 1.0), (2, 2.0)]),
            series(&[("service", "web")], &[(1, 7.0)]),
        ]
    );
    let [p, _] = pieces(&ratio("x{service=\"ghost\"}", "x"), &[]);
    assert!(
        split(&rows, &p.unwrap()).is_empty(),
        "no rows: no series at all"
    );
}

/// The invariant on made-up data: each selector's own sum equals the split of the group's
/// rows (`sum by` every tested label), at every timestamp, with gaps.
#[test]
fn split_of_group_rows_equals_each_selector_sum() {
    let mut all = Vec::new();
    for (i, service) in ["api", "web", "db"].iter().enumerate() {
        for (j, code) in ["200", "500", "503"].iter().enumerate() {
            for instance in ["1", "2"] {
                let samples: Vec<(i64, f64)> = (0..6)
                    .filter(|t| (t + i as i64 + j as i64) % 4 != 0)
                    .map(|t| (t, (t * 7 + i as i64 * 3 + j as i64) as f64 / 2.0))
                    .collect();
                let mut l = vec![
                    ("service", *service),
                    ("code", *code),
                    ("instance", instance),
                ];
                if *service == "db" {
                    l.retain(|(k, _)| *k != "instance");
                    l.push(("zone", instance));
                }
                all.push(series(&l, &samples));
            }
        }
    }
    let sels = [
        "x{service=\"api\",code=\"500\"}",
        "x{service=~\"api|db\",code!~\"2..\"}",
        "x{service!=\"web\"}",
        "x{instance=\"\"}",
        "x{code=~\"5.*\",service!~\"a.*\"}",
    ];
    let ps: Vec<Piece> = sels
        .iter()
        .map(|s| pieces(&ratio(s, s), &[])[0].clone().unwrap())
        .collect();
    let by: BTreeSet<&String> = ps.iter().flat_map(Piece::labels).collect();
    let by: Vec<String> = by.into_iter().cloned().collect();
    // The group's rows: `sum by (by)` over every series (what Prometheus returns).
    let whole = Piece {
        group_by: by,
        ..pieces(&ratio("x", "x"), &[])[0].clone().unwrap()
    };
    let rows = split(&all, &whole);
    for (s, p) in sels.iter().zip(&ps) {
        let own: Vec<Series> = all
            .iter()
            .filter(|x| p.selector.matches("x", &x.labels))
            .cloned()
            .collect();
        let own = split(
            &own,
            &Piece {
                group_by: vec![],
                ..whole.clone()
            },
        );
        assert_eq!(split(&rows, p), own, "{s}");
    }
}
