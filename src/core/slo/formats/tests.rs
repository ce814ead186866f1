//! Importing SLO definitions: Headroom, Sloth, Pyrra and OpenSLO (every interop fixture), rate
//! rewriting, and the OpenSLO export read back.

use super::*;
use crate::core::config::SliConfig;

/// The interop fixtures of one format, sorted by file name (`None`: skipped, see
/// `test_support`).
fn fixtures(dir: &str) -> Option<Vec<(String, String)>> {
    let d = crate::test_support::interop(dir)?;
    let mut v: Vec<(String, String)> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    Some(v)
}

fn text_of(files: &[(String, String)], name: &str) -> String {
    files
        .iter()
        .find(|f| f.0 == name)
        .unwrap_or_else(|| panic!("{name}"))
        .1
        .clone()
}

#[test]
fn documents_that_are_not_objects_are_errors_not_panics() {
    for text in ["just some text", "42", "- a\n- b\n", "[1, \"x\"]"] {
        let r = import_any(text, "p").unwrap();
        assert!(r.iter().all(|i| i.result.is_err()), "{text}: {r:?}");
    }
}

#[test]
fn headroom_objects_and_errors() {
    let ok = import_any(
        "name: a\nservice: s\nobjective: 99\nsli:\n  bool_gauge:\n    metric: up\n",
        "p",
    )
    .unwrap();
    assert_eq!(ok[0].result.as_ref().unwrap().source, "p");
    let bad = import_any(
        "name: a\nservice: s\nobjective: 99\nsli:\n  bool_gauge:\n    metrc: up\n",
        "p",
    )
    .unwrap();
    assert!(
        bad[0]
            .result
            .as_ref()
            .unwrap_err()
            .contains("sli.bool_gauge"),
        "{:?}",
        bad[0].result
    );
}

#[test]
fn rate_rewrite_keeps_irate_and_names() {
    assert_eq!(
        rates_to_counts("sum(rate(x[5m])) / sum(rate(y[5m]))"),
        "sum(increase(x[5m])) / sum(increase(y[5m]))"
    );
    assert_eq!(
        rates_to_counts("irate(x[5m]) + my_rate(y)"),
        "irate(x[5m]) + my_rate(y)"
    );
}

#[test]
fn every_sloth_fixture_loads() {
    let Some(files) = fixtures("sloth") else {
        return;
    };
    let mut total = 0;
    for (name, text) in files.clone() {
        let slos = import(&text, "prom").unwrap_or_else(|e| panic!("{name}: {e}"));
        if name == "7d.yaml" {
            assert!(slos.is_empty(), "AlertWindows define no SLOs");
            continue;
        }
        assert!(!slos.is_empty(), "{name}");
        for s in &slos {
            let c = s
                .result
                .as_ref()
                .unwrap_or_else(|e| panic!("{name} {}: {e}", s.name));
            crate::core::slo::Slo::from_config(c).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        }
        total += slos.len();
    }
    assert!(total >= 6);
    let gs = import(&text_of(&files, "getting-started.yml"), "prom").unwrap();
    let c = gs[0].result.as_ref().unwrap();
    assert_eq!(
        (
            c.name.as_str(),
            c.service.as_str(),
            c.objective,
            c.team.as_deref()
        ),
        (
            "myservice-requests-availability",
            "myservice",
            99.9,
            Some("myteam")
        )
    );
    assert_eq!(c.sli, SliConfig::Events { good: None, bad: Some("sum(increase(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}[{{.window}}]))".into()), total: "sum(increase(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))".into() });
}

#[test]
fn every_pyrra_fixture_loads_with_precise_messages() {
    let Some(files) = fixtures("pyrra") else {
        return;
    };
    for (name, text) in files.clone() {
        let slos = import(&text, "prom").unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!slos.is_empty(), "{name}");
        for s in &slos {
            match (&s.result, name.as_str()) {
                (Err(e), "dynamic-burn-rate-latency-native.yaml") => {
                    assert!(e.contains("spec.indicator.latencyNative"), "{e}")
                }
                (Err(e), _) => panic!("{name}: {e}"),
                (Ok(c), _) => {
                    crate::core::slo::Slo::from_config(c).unwrap();
                }
            }
        }
    }
    let nginx = import(&text_of(&files, "nginx.yaml"), "prom").unwrap();
    let lat = nginx[1].result.as_ref().unwrap();
    assert_eq!(lat.window, "4w");
    assert_eq!(lat.objective, 90.0);
    let SliConfig::Events { good: Some(g), .. } = &lat.sli else {
        panic!("{:?}", lat.sli)
    };
    assert!(
        g.contains("le=\"1\""),
        "spec.latency fills the missing le: {g}"
    );
    let bool_gauge = import(
        &text_of(&files, "dynamic-burn-rate-bool-gauge.yaml"),
        "prom",
    )
    .unwrap();
    assert_eq!(
        bool_gauge[0].result.as_ref().unwrap().sli,
        SliConfig::BoolGauge {
            metric: "up{job=\"prometheus-k8s\"}".into()
        }
    );
}

#[test]
fn every_openslo_fixture_loads_with_precise_messages() {
    let Some(files) = fixtures("openslo") else {
        return;
    };
    for (name, text) in files.clone() {
        let slos = import(&text, "prom").unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!slos.is_empty(), "{name}");
        for s in &slos {
            // The examples query "Any" source: read, but not computable here — said precisely.
            let e = s.result.as_ref().unwrap_err();
            assert!(e.contains("metricSource.type \"Any\""), "{name}: {e}");
        }
    }
    let text = text_of(&files, "timeslices-slo.yaml");
    let slos = import(&text, "prom").unwrap();
    assert_eq!(
        slos.len(),
        1,
        "the shared indicator fails once, not per objective"
    );
    assert!(
        slos[0].notes.iter().any(|n| n.contains("calendar month")),
        "{:?}",
        slos[0].notes
    );
}

#[test]
fn openslo_export_round_trips() {
    let Some(files) = fixtures("pyrra") else {
        return;
    };
    let cfgs = import(&text_of(&files, "nginx.yaml"), "prom").unwrap();
    let mut originals: Vec<SloConfig> = cfgs.into_iter().map(|i| i.result.unwrap()).collect();
    originals[0].method = Some("timeslices".into());
    originals[0].timeslice_target = Some(0.95);
    originals[0].slice = Some("5m".into());
    let yaml = to_openslo(&originals);
    let back: Vec<SloConfig> = import(&yaml, "prom")
        .unwrap()
        .into_iter()
        .map(|i| i.result.unwrap())
        .collect();
    assert_eq!(back.len(), 2);
    for (a, b) in originals.iter().zip(&back) {
        assert_eq!(
            (
                &a.name,
                &a.service,
                &a.window,
                &a.method,
                a.timeslice_target,
                &a.slice
            ),
            (
                &b.name,
                &b.service,
                &b.window,
                &b.method,
                b.timeslice_target,
                &b.slice
            )
        );
        let (oa, ob) = (
            crate::core::config::objective_ratio(a.objective).unwrap(),
            crate::core::config::objective_ratio(b.objective).unwrap(),
        );
        assert!((oa - ob).abs() < 1e-12, "{oa} vs {ob}");
        assert_eq!(
            crate::core::slo::slice_queries(&a.sli, 3_600_000),
            crate::core::slo::slice_queries(&b.sli, 3_600_000)
        );
    }
}
