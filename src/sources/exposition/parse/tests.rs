//! The exposition parser: text format and OpenMetrics, escapes, exemplars, errors, and every interop fixture.

use super::*;

#[test]
fn text_format_basics() {
    let p = parse("# HELP x_total Total of x.\\nSecond line.\n# TYPE x_total counter\nx_total{a=\"q\\\"uote\\\\d\\n\",b=\"2\",} 3 1395066363000\nup NaN\nneg -Inf\n", None);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(!p.openmetrics);
    let f = &p.families[0];
    assert_eq!(
        (f.kind.as_str(), f.help.as_str()),
        ("counter", "Total of x.\nSecond line.")
    );
    assert_eq!(f.samples[0].labels["a"], "q\"uote\\d\n");
    assert_eq!(f.samples[0].timestamp_ms, Some(1_395_066_363_000));
    assert!(p.families[1].samples[0].value.is_nan());
    assert_eq!(p.families[2].samples[0].value, f64::NEG_INFINITY);
}

#[test]
fn openmetrics_suffixes_exemplars_and_eof() {
    let p = parse("# TYPE h histogram\n# UNIT h seconds\nh_bucket{le=\"0.1\"} 2 # {trace_id=\"a\"} 0.05 1.5\nh_bucket{le=\"+Inf\"} 3\nh_count 3\nh_sum 0.4\nh_created 1.7e9\n# EOF\n", None);
    assert!(p.openmetrics && p.saw_eof);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.families.len(), 1);
    let f = &p.families[0];
    assert_eq!((f.unit.as_str(), f.samples.len()), ("seconds", 5));
    let ex = f.samples[0].exemplar.as_ref().unwrap();
    assert_eq!((ex.value, ex.timestamp_ms), (0.05, Some(1500)));
    assert_eq!(f.samples[4].value, 1.7e9);
}

#[test]
fn openmetrics_timestamps_are_seconds() {
    let p = parse("a_total 1 1700000000.123\n# EOF", None);
    assert_eq!(
        p.families[0].samples[0].timestamp_ms,
        Some(1_700_000_000_123)
    );
}

#[test]
fn bad_lines_are_reported_with_numbers() {
    let p = parse(
        "ok 1\nbad{a=1} 2\nworse{a=\"1\" 3\nnovalue\nx 1 notatime\n# TYPE y nonsense\n",
        None,
    );
    let lines: Vec<usize> = p.errors.iter().map(|e| e.0).collect();
    assert_eq!(lines, vec![2, 3, 4, 5, 6], "{:?}", p.errors);
    assert_eq!(p.sample_count(), 1);
    assert!(p.errors[3].1.contains("not a timestamp"));
}

#[test]
fn quoted_metric_names() {
    let p = parse("{\"my.metric\", a=\"b\"} 1\n", None);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.families[0].samples[0].name, "my.metric");
}

#[test]
fn every_interop_fixture_parses() {
    let Some(dir) = crate::test_support::interop("exposition") else {
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the exposition fixtures") {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let p = parse(&text, None);
        assert!(p.errors.is_empty(), "{}: {:?}", path.display(), p.errors);
        assert!(p.sample_count() > 5, "{}", path.display());
        n += 1;
    }
    assert_eq!(n, 3);
}

#[test]
fn help_escapes_read_left_to_right() {
    let p = parse("# HELP m a\\\\nb\\nc \\x\n# TYPE m gauge\nm 1\n", None);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    // An escaped backslash before n is a backslash and n; an escaped n is a line break.
    assert_eq!(p.families[0].help, "a\\nb\nc \\x");
}
