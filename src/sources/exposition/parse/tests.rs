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
    let s = p.samples_of(f);
    assert_eq!(s[0].labels["a"], "q\"uote\\d\n");
    assert_eq!(s[0].timestamp_ms, Some(1_395_066_363_000));
    assert!(p.samples_of(&p.families[1])[0].value.is_nan());
    assert_eq!(p.samples_of(&p.families[2])[0].value, f64::NEG_INFINITY);
}

#[test]
fn openmetrics_suffixes_exemplars_and_eof() {
    let p = parse("# TYPE h histogram\n# UNIT h seconds\nh_bucket{le=\"0.1\"} 2 # {trace_id=\"a\"} 0.05 1.5\nh_bucket{le=\"+Inf\"} 3\nh_count 3\nh_sum 0.4\nh_created 1.7e9\n# EOF\n", None);
    assert!(p.openmetrics && p.saw_eof);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.families.len(), 1);
    let f = &p.families[0];
    assert_eq!((f.unit.as_str(), f.samples.len()), ("seconds", 5));
    let s = p.samples_of(f);
    let ex = s[0].exemplar.as_ref().unwrap();
    assert_eq!((ex.value, ex.timestamp_ms), (0.05, Some(1500)));
    assert_eq!(s[4].value, 1.7e9);
}

#[test]
fn openmetrics_timestamps_are_seconds() {
    let p = parse("a_total 1 1700000000.123\n# EOF", None);
    assert_eq!(
        p.samples_of(&p.families[0])[0].timestamp_ms,
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
    assert_eq!(p.samples_of(&p.families[0])[0].name, "my.metric");
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

/// Lines of every shape, many sharing keys: known keys with plain and odd values, timestamps,
/// exemplars, CRLF, tabs, errors, declarations between samples, blank and `# EOF` lines.
fn mixed(n: usize, eof: bool) -> String {
    let keys = [
        "a_total{x=\"1\"}",
        "a_total{x=\"2\",y=\"é\"}",
        "a_created{x=\"1\"}",
        "b",
        "h_bucket{le=\"0.5\"}",
        "{\"q.name\",z=\"}\\\"\"}",
        "c{x=\"1\",x=\"2\"}",
        "d{x=1}",
    ];
    let tails = [
        " 1",
        " -2.5 1000",
        "\t3\t2000",
        " NaN",
        " +Inf 5",
        " 1e3",
        " 0.1 1.5",
        " 7 # {t=\"a\"} 1",
        " 12345678901234567",
        " x",
        "",
        " 1 2 3",
        " 4 1700000000.5\r",
        " -0",
    ];
    let mut out = String::new();
    let mut r: u64 = 7;
    for i in 0..n {
        r = r
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let k = keys[(r >> 33) as usize % keys.len()];
        let t = tails[(r >> 45) as usize % tails.len()];
        match i % 97 {
            13 => out.push_str("# TYPE a counter\n"),
            41 => out.push_str("   \n"),
            _ => out.push_str(&format!("{k}{t}\n")),
        }
    }
    if eof {
        out.push_str("# EOF\n");
    }
    out
}

/// Asserts `a == b`, saying where they differ first.
fn same(a: &Parsed, b: &Parsed) {
    assert_eq!(a.errors.len(), b.errors.len());
    for (x, y) in a.errors.iter().zip(&b.errors) {
        assert_eq!(x, y);
    }
    assert_eq!(a.families.len(), b.families.len());
    for (x, y) in a.families.iter().zip(&b.families) {
        let (sx, sy) = (a.samples_of(x), b.samples_of(y));
        assert_eq!((&x.name, &x.kind, sx.len()), (&y.name, &y.kind, sy.len()));
        for (i, (p, q)) in sx.iter().zip(&sy).enumerate() {
            assert_eq!(format!("{p:?}"), format!("{q:?}"), "{} sample {i}", x.name);
        }
    }
    // Debug text, as NaN != NaN.
    assert!(
        format!("{a:?}") == format!("{b:?}"),
        "the stored forms differ"
    );
}

fn read_with(text: &str, om: Option<bool>, fast: bool, budget: usize) -> Parsed {
    let mut r = Reader::new(text.as_bytes().to_vec(), om);
    r.fast = fast;
    while r.step(budget) {}
    r.finish()
}

#[test]
fn lines_with_known_keys_read_as_the_full_parser_reads_them() {
    for (eof, om) in [(false, None), (true, None), (false, Some(true))] {
        let text = mixed(3000, eof);
        let slow = read_with(&text, om, false, usize::MAX);
        let fast = read_with(&text, om, true, usize::MAX);
        same(&fast, &slow);
        assert!(slow.sample_count() > 1000 && !slow.errors.is_empty());
        assert!(fast.series_count() < 10);
        let all: Vec<ExpSample> = fast
            .families
            .iter()
            .flat_map(|f| fast.samples_of(f))
            .collect();
        assert!(all.iter().any(|s| s.exemplar.is_some()));
        assert!(all
            .iter()
            .any(|s| s.name == "q.name" && s.labels["z"] == "}\""));
    }
}

#[test]
fn a_document_read_in_small_pieces_equals_one_read() {
    for om in [None, Some(false)] {
        let text = mixed(2000, om.is_none());
        let whole = parse(&text, om);
        for budget in [1, 7, 100, 4096] {
            same(&read_with(&text, om, true, budget), &whole);
        }
    }
}

#[test]
fn invalid_utf8_reads_as_replacement_characters() {
    let mut bytes = b"m{a=\"x".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\"} 1\nm{a=\"x");
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\"} 2\n");
    let mut r = Reader::new(bytes, None);
    while r.step(usize::MAX) {}
    let p = r.finish();
    assert_eq!(p.series_count(), 1);
    let s = p.samples_of(&p.families[0]);
    assert_eq!(
        (s[0].labels["a"].as_str(), s[1].value),
        ("x\u{fffd}\u{fffd}", 2.0)
    );
}

#[test]
fn timestamps_after_samples_without_one() {
    // The time column is written from the first timestamp on; the samples before it had none.
    let p = parse("a 1\na{x=\"1\"} 2\na 3 1500\na 4\n", None);
    let times: Vec<_> = p.families[0]
        .samples
        .iter()
        .map(|(_, v, t)| (v, t))
        .collect();
    let want = [(1.0, None), (2.0, None), (3.0, Some(1500)), (4.0, None)];
    assert_eq!(times, want);
}
