//! The reader and writer on small cases; the differential test against serde_yaml_ng is
//! `tests/yaml_differential.rs`.

use serde_json::json;

use super::*;

fn one(text: &str) -> Value {
    let mut d = documents(text).unwrap();
    assert_eq!(d.len(), 1, "{text:?}: {d:?}");
    d.remove(0)
}

#[test]
fn reads_block_flow_and_scalars() {
    let v = one("a: 1\nb:\n- x\n- {c: [1, 2.5, ~, true, '0x1F', 0x1F]}\nd: |\n  line\n  two\ne: >-\n  folded\n  text\n");
    assert_eq!(
        v,
        json!({"a": 1, "b": ["x", {"c": [1, 2.5, null, true, "0x1F", 31]}], "d": "line\ntwo\n", "e": "folded text"})
    );
    assert_eq!(one("\"\\x41\\u00e9\\U0001F600\\t\\\"\""), json!("Aé😀\t\""));
    assert_eq!(
        one("a: .nan\nb: -.inf\nc: 0012\n"),
        json!({"a": null, "b": null, "c": "0012"})
    );
}

#[test]
fn errors_name_line_and_column() {
    let e = documents("a: 1\nb: [\n").unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.to_string().contains("at line 3 column 1"), "{e}");
    let e = documents("a:\n\tb: 1\n").unwrap_err();
    assert!(e.to_string().contains("line 2"), "{e}");
    let e = documents("a: *x\n").unwrap_err();
    assert_eq!(e.kind, ErrorKind::UnknownAnchor("x".into()));
    let e = read("a: 1\nb: 2\na: 3\n", Duplicates::Refuse).unwrap_err();
    assert_eq!(e.to_string(), "duplicate key \"a\" at line 3 column 1");
}

#[test]
fn aliases_expanding_past_the_bound_are_refused() {
    let fan = format!(
        "a: &a [{}]\nb: [{}]\n",
        "x,".repeat(3000),
        "*a,".repeat(3000)
    );
    assert!(documents(&fan)
        .unwrap_err()
        .to_string()
        .contains("aliases expand"));
    let mut laughs = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        laughs.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    assert!(documents(&laughs)
        .unwrap_err()
        .to_string()
        .contains("aliases expand"));
    assert_eq!(
        one("base: &b {k: 1}\na: {<<: *b, n: a}\n"),
        json!({"base": {"k": 1}, "a": {"<<": {"k": 1}, "n": "a"}})
    );
}

#[test]
fn deep_nesting_is_refused() {
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(documents(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert_eq!(documents(&deep).unwrap_err().kind, ErrorKind::TooDeep);
    assert_eq!(
        documents(&"a: {".repeat(50_000)).unwrap_err().kind,
        ErrorKind::TooDeep
    );
}

#[test]
fn writes_what_reads_back() {
    let v = json!({"s": "plain", "n": "12", "t": "true", "e": "", "m": "two\nlines\n", "q": "a: b", "l": [], "o": {},
        "x": [{"a": 1, "b": [1, [2, 3]]}, "- dash", "tab\there", "\r", " lead"], "f": 1.5, "z": null});
    let text = to_string(&v);
    assert_eq!(one(&text), v, "{text}");
    assert!(text.contains("m: |\n  two\n  lines\n"), "{text}");
}

#[test]
fn writes_block_yaml_as_people_write_it() {
    let v = json!({"metadata": {"name": "a", "labels": {"tier": ["1", "k8s"]}}, "spec": {"window": "30d",
        "date": "2026-01-02", "objectives": [{"target": 0.999, "note": "two\nlines"}], "empty": []}});
    let want = "metadata:\n  labels:\n    tier:\n    - \"1\"\n    - k8s\n  name: a\nspec:\n  date: \"2026-01-02\"\n  \
                empty: []\n  objectives:\n  - note: |-\n      two\n      lines\n    target: 0.999\n  window: 30d\n";
    assert_eq!(to_string(&v), want);
    assert_eq!(one(want), v);
}
