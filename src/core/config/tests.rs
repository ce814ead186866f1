//! The config reader's tests: formats, errors with their paths, validation.
use super::*;

const KINDS: &[&str] = &["prometheus", "kubernetes"];

/// `parse`, checked against `parse_quick` on the same text: the same config or validation
/// error, and `None` exactly where `parse` fails to read the text.
fn checked(text: &str, format: Format) -> Result<Config, ConfigError> {
    let detailed = parse(text, format, KINDS);
    match parse_quick(text, format, KINDS) {
        Some(quick) => assert_eq!(quick, detailed, "{text}"),
        None => assert!(
            detailed.is_err(),
            "{text}: read by parse, not by parse_quick"
        ),
    }
    detailed
}

fn json(text: &str) -> Result<Config, ConfigError> {
    checked(text, Format::Json)
}

#[test]
fn parses_a_complete_config() {
    let c = json(r#"{"title":"Acme","sources":[{"name":"p","kind":"prometheus","url":"https://prom.example.com","auth":{"mode":"bearer"},"headers":{"X-Scope-OrgID":"acme"},"timeout":"10s"}],
        "slos":[{"name":"a","service":"svc","objective":99.9,"source":"p","sli":{"ratio":{"errors":"e","total":"t"}}}]}"#)
    .unwrap();
    assert_eq!(c.sources[0].auth.mode, AuthMode::Bearer);
    assert_eq!(c.slos[0].window, "30d");
    assert_eq!(c.reports.period, "month");
    assert_eq!(c.inventory.kubernetes_label, "app.kubernetes.io/name");
}

#[test]
fn yaml_and_json_agree() {
    let y = "sources:\n  - name: p\n    kind: prometheus\n    url: http://localhost:9090\n";
    let j = r#"{"sources":[{"name":"p","kind":"prometheus","url":"http://localhost:9090"}]}"#;
    assert_eq!(checked(y, Format::Yaml).unwrap(), json(j).unwrap());
}

#[test]
fn errors_name_the_field() {
    let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"x"},{"name":"q","kind":"prom","url":"y"}]}"#).unwrap_err();
    assert_eq!(e.path, "sources[1].kind");
    assert!(e.message.contains("unknown kind \"prom\""), "{e}");
    let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"x","tiemout":"1s"}]}"#)
        .unwrap_err();
    assert_eq!(e.path, "sources[0].tiemout");
    assert!(e.message.contains("unknown field \"tiemout\""), "{e}");
    let e =
        json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"x","auth":{"mode":"oauth"}}]}"#)
            .unwrap_err();
    assert_eq!(e.path, "sources[0].auth.mode");
    let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"ftp://h"}]}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "sources[0].url: scheme \"ftp\" is not supported (use http or https)"
    );
    let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"https://u:pw@h"}]}"#)
        .unwrap_err();
    assert!(e.message.contains("credentials"));
    let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"h","headers":{"Authorization":"Bearer x"}}]}"#).unwrap_err();
    assert!(e.message.contains("secrets do not belong"));
    let e = json(r#"{"sources":[{"name":"p","kind":"prometheus","url":"h"}],"slos":[{"name":"a","service":"s","objective":100,"source":"p","sli":{"ratio":{"errors":"e","total":"t"}}}]}"#).unwrap_err();
    assert_eq!(e.path, "slos[0].objective");
    let e = json(r#"{"sources":[],"slos":[{"name":"a","service":"s","objective":0.99,"source":"nope","sli":{"ratio":{"errors":"e","total":"t"}}}]}"#).unwrap_err();
    assert_eq!(e.to_string(), "slos[0].source: no source is named \"nope\"");
    let e = json(r#"{"reports":{"period":"year"}}"#).unwrap_err();
    assert_eq!(e.path, "reports.period");
}

#[test]
fn yaml_reads_as_serde_yaml_ng_did() {
    let yaml = |t: &str| checked(t, Format::Yaml);
    // A string field takes any scalar's text; an empty section is its default.
    let c = yaml("title: 2024\nreports:\n").unwrap();
    assert_eq!(c.title.as_deref(), Some("2024"));
    assert_eq!(c.reports.period, "month");
    assert!(yaml("").is_ok());
    let e = yaml("title: a\nsources: []\ntitle: b\n").unwrap_err();
    assert_eq!(e.message, "duplicate key \"title\" at line 3 column 1");
    let e =
        yaml("sources:\n  - name: p\n    kind: prometheus\n    url: http://a\n    tiemout: 1s\n")
            .unwrap_err();
    assert_eq!(e.path, "sources[0].tiemout");
    assert!(e.message.contains("at line 5 column 5"), "{e}");
}

#[test]
fn syntax_errors_carry_the_position() {
    let e = json("{\"sources\": [\n  {\"name\": \"p\",}\n]}").unwrap_err();
    assert!(e.message.contains("line 2"), "{e}");
    let e = checked("sources:\n  - name: [\n", Format::Yaml).unwrap_err();
    assert!(e.message.contains("line"), "{e}");
}

#[test]
fn objectives_as_ratio_or_percent() {
    assert_eq!(objective_ratio(0.999), Ok(0.999));
    assert!((objective_ratio(99.95).unwrap() - 0.9995).abs() < 1e-12);
    assert!(objective_ratio(1.0).is_err());
    assert!(objective_ratio(0.0).is_err());
    assert!(objective_ratio(f64::NAN).is_err());
}

#[test]
fn format_guess() {
    assert_eq!(Format::guess("headroom.yaml", "{"), Format::Yaml);
    assert_eq!(Format::guess("x.json?v=1", ""), Format::Json);
    assert_eq!(Format::guess("blob", " {\"a\":1}"), Format::Json);
}
