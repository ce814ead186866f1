//! The reader's behaviour: counts, kinds, errors, and pausing between pieces of items.

use super::*;
use crate::core::inventory::Health;

#[test]
fn deployments_with_omitted_status_fields() {
    let body = br#"{"apiVersion":"apps/v1","kind":"DeploymentList","items":[
      {"metadata":{"name":"cart","namespace":"shop","labels":{"app.kubernetes.io/name":"cart","team":"payments"}},
       "spec":{"replicas":3,"template":{"spec":{"containers":[{"image":"reg/cart:1.4.2"}]}}},"status":{"replicas":3,"availableReplicas":2}},
      {"metadata":{"name":"idle"},"spec":{"replicas":2,"template":{"spec":{"containers":[{"image":"idle@sha256:ab"}]}}},"status":{}}]}"#;
    let (e, n) = parse_list(body, "prod").unwrap();
    assert!(n.is_empty());
    assert_eq!(
        (e[0].replicas_desired, e[0].replicas_available, e[0].health),
        (Some(3), Some(2), Health::Degraded)
    );
    assert_eq!(
        (
            e[0].version.as_deref(),
            e[0].owner.as_deref(),
            e[0].service.as_deref()
        ),
        (Some("1.4.2"), Some("payments"), Some("cart"))
    );
    assert_eq!(
        (e[1].replicas_available, e[1].health, e[1].version.clone()),
        (Some(0), Health::Down, None)
    );
    assert_eq!(e[1].cluster.as_deref(), Some("prod"));
}

#[test]
fn large_and_negative_counts() {
    let body = br#"{"kind":"DeploymentList","items":[
      {"metadata":{"name":"huge"},"spec":{"replicas":99999999999},"status":{"availableReplicas":99999999999}},
      {"metadata":{"name":"neg"},"spec":{"replicas":-3}},
      {"metadata":{"name":"frac"},"spec":{"replicas":2},"status":{"readyReplicas":1.5}}]}"#;
    let (e, notices) = parse_list(body, "c").unwrap();
    assert_eq!(
        (e[0].replicas_desired, e[0].replicas_available),
        (Some(99_999_999_999), Some(99_999_999_999))
    );
    assert_eq!((e[1].replicas_desired, e[2].replicas_desired), (None, None));
    let texts: Vec<&str> = notices.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["items[1]: Deployment neg: spec.replicas is -3, not a count; its replicas are not shown", "items[2]: Deployment frac: status.readyReplicas is 1.5, not a count; its replicas are not shown"]);
}

#[test]
fn nodes_and_unknown_kinds() {
    let body = br#"{"kind":"List","items":[{"kind":"Node","metadata":{"name":"n1"},"status":{"nodeInfo":{"kubeletVersion":"v1.30.2","containerRuntimeVersion":"containerd://1.7"},"capacity":{"cpu":"4","memory":"16241620Ki"},"conditions":[{"type":"Ready","status":"True"}]}},{"kind":"ConfigMap","metadata":{"name":"x"}}]}"#;
    let (e, n) = parse_list(body, "c").unwrap();
    assert_eq!(e[0].version.as_deref(), Some("v1.30.2"));
    assert_eq!(e[0].labels["memory"], "16631418880");
    assert_eq!(e[0].health, Health::Healthy);
    assert!(n[0].text.contains("ConfigMap"));
    assert!(parse_list(br#"{"kind":"Deployment","items":[]}"#, "c")
        .unwrap_err()
        .to_string()
        .contains("expected List"));
}

#[test]
fn a_large_list_read_in_pieces_equals_one_read() {
    let body = equivalence::bench_list(20_000);
    let pauses = std::cell::Cell::new(0);
    let pause = || -> LocalBoxFuture<'static, ()> {
        pauses.set(pauses.get() + 1);
        Box::pin(async {})
    };
    let paced = crate::sources::block_on(read_list(&body, "c", Some(&pause))).unwrap();
    // A pause before each piece scanned, then one after each PIECE of item bytes and costs.
    let scanned = body.len().div_ceil(SCAN_PIECE);
    let pieces = scanned + (body.len() + 20_000 * ITEM_COST) / PIECE;
    assert!(
        (pieces - 1..=pieces + 1).contains(&pauses.get()),
        "{} pauses, {pieces} pieces",
        pauses.get()
    );
    assert_eq!(paced, parse_list(&body, "c").unwrap());
    assert_eq!(paced.0.len(), 20_000);
}

#[test]
fn wrong_kinds_and_bodies_are_refused_with_the_reason() {
    let msg = |b: &[u8]| parse_list(b, "c").unwrap_err().to_string();
    assert_eq!(
        msg(br#"{"kind":"Deployment","items":[]}"#),
        "kind is \"Deployment\", expected List or a *List"
    );
    assert_eq!(
        msg(br#"{"items":[]}"#),
        "not a Kubernetes List: missing field `kind` at line 1 column 12"
    );
    assert_eq!(
        msg(br#"{"kind":"List","items":{}}"#),
        "not a Kubernetes List: invalid type: map, expected a sequence at line 1 column 23"
    );
    // The position is the document's, not the item's.
    assert_eq!(
        msg(b"{\"kind\":\"List\",\n\"items\":[{},\n {\"a\":1e999}]}"),
        "not a Kubernetes List: number out of range at line 3 column 11"
    );
    // A malformed item is reported before a wrong kind, as a tree reader did.
    assert_eq!(
        msg(br#"{"kind":"Pod","items":[{"a":1e999}]}"#),
        "not a Kubernetes List: number out of range at line 1 column 33"
    );
}

#[test]
fn the_scan_cuts_items_where_serde_does() {
    let item = r#"{"metadata":{"name":"a\\\"]}{[,\\\\"}}"#;
    let pretty = serde_json::to_vec_pretty(&serde_json::json!({"kind": "List",
        "metadata": {"x": "]"}, "items": [{"a": [1, {"b": "\\"}]}, 2, "three", null]}))
    .unwrap();
    for body in [
        equivalence::bench_list(1000),
        pretty,
        format!(r#"{{"kind":"List","items":[ {item} ,{item}],"x":1}}"#).into_bytes(),
        br#"{"kind":"List","items":[ ]}"#.to_vec(),
    ] {
        let mut scan = split::Scan::default();
        while scan.step(&body, 100) {}
        assert!(scan.found(), "{}", String::from_utf8_lossy(&body));
        let (cut, whole) = (scan.finish(&body).unwrap(), split::whole(&body).unwrap());
        assert_eq!((cut.kind, cut.items), (whole.kind, whole.items));
    }
}
