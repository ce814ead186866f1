//! The typed, paced reader against the Value-based one it replaced (`reference.rs`): the same
//! entities, notices and errors (message included) on the demo's Lists, the interop fixtures,
//! the bench's generated List, the browser tests' Lists, every field of every kind set to
//! values of every type, and byte-mutated Lists.

use std::path::Path;

use serde_json::{json, Value};

use super::{parse_list, reference};

/// Both readers' results on `body`, which must be equal.
fn same(body: &[u8]) {
    let old = reference::parse_list(body, "c");
    let new = parse_list(body, "c").map_err(|e| e.to_string());
    assert!(
        old == new,
        "{}\nold: {old:?}\nnew: {new:?}",
        String::from_utf8_lossy(body)
    );
}

/// The bench's List (`tools/bench/browser/data.mjs`): `n` Deployments.
pub(super) fn bench_list(n: usize) -> Vec<u8> {
    let items: Vec<Value> = (0..n)
        .map(|i| {
            json!({"kind": "Deployment", "metadata": {"name": format!("svc-{i}"),
                "namespace": format!("ns-{}", i % 40), "labels": {
                "app.kubernetes.io/name": format!("svc-{}", i % 700),
                "team": format!("team-{}", i % 23)}},
              "spec": {"replicas": 1 + (i * 7919) % 9, "template": {"spec": {"containers":
                [{"image": format!("reg/svc:{}.0.0", i % 5)}]}}},
              "status": {"availableReplicas": i % 4}})
        })
        .collect();
    serde_json::to_vec(&json!({"apiVersion": "v1", "kind": "List", "items": items})).unwrap()
}

/// Every kind read, with every field read (like `tests/e2e/kinds.test.mjs` and
/// `hostile_data.mjs`), plus a kind not read.
fn every_kind() -> Value {
    let meta = |name: &str| {
        json!({"name": name, "namespace": "ns", "labels": {"app.kubernetes.io/name": name,
            "app": "a", "team": "t", "owner": "o", "env": "prod", "environment": "p",
            "app.kubernetes.io/part-of": "sys", "app.kubernetes.io/version": "9.9.9"},
            "annotations": {"link.example/url": "javascript:alert(1)"}})
    };
    let tpl = json!({"spec": {"containers": [{"name": "c", "image": "reg.example/web:1.2.3"}]}});
    json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
        {"kind": "Deployment", "metadata": meta("web"), "spec": {"replicas": 3, "template": tpl},
         "status": {"replicas": 3, "availableReplicas": 2, "readyReplicas": 2}},
        {"kind": "StatefulSet", "metadata": meta("db"), "spec": {"replicas": 2, "template": tpl},
         "status": {"readyReplicas": 2}},
        {"kind": "DaemonSet", "metadata": meta("agent"), "spec": {"template": tpl},
         "status": {"desiredNumberScheduled": 4, "numberAvailable": 3}},
        {"kind": "Pod", "metadata": meta("web-0"), "spec": tpl["spec"].clone(),
         "status": {"phase": "Running"}},
        {"kind": "Node", "metadata": meta("node-0"), "status": {
            "capacity": {"cpu": "7910m", "memory": "16241620Ki"},
            "conditions": [{"type": "MemoryPressure", "status": "False"},
                           {"type": "Ready", "status": "True", "message": "ok"}],
            "nodeInfo": {"kubeletVersion": "v1.30.4", "containerRuntimeVersion": "containerd://1.7",
                         "osImage": "Ubuntu", "kernelVersion": "6.8", "architecture": "arm64"}}},
        {"kind": "Namespace", "metadata": meta("ns")},
        {"kind": "ConfigMap", "metadata": meta("cm")},
        {"metadata": meta("no-kind"), "spec": {"replicas": 1}},
    ]})
}

#[test]
fn the_same_on_the_demo_the_fixtures_and_the_generated_lists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("public/demo/k8s"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // The interop fixtures hold no Kubernetes List today; any JSON file there is read.
    if let Some(dir) = crate::test_support::interop("") {
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for p in std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()) {
                match p.extension().and_then(|x| x.to_str()) {
                    _ if p.is_dir() => stack.push(p),
                    Some("json") => files.push(p),
                    _ => {}
                }
            }
        }
    }
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        same(&std::fs::read(&f).unwrap());
    }
    same(&bench_list(10_000));
    same(&serde_json::to_vec(&every_kind()).unwrap());
    let mut as_api = every_kind();
    as_api["kind"] = json!("DeploymentList");
    same(&serde_json::to_vec(&as_api).unwrap());
}

/// Raw JSON put in place of a field: every type, numbers at and past the limits, escapes,
/// lone surrogates, repeated keys, nesting at serde_json's limit, and malformed values.
const VALUES: &[&str] = &[
    "null",
    "true",
    "0",
    "-0",
    "-3",
    "1.5",
    "2",
    "2.0",
    "1e3",
    "1E400",
    "-1e400",
    "9007199254740992",
    "9007199254740993",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999",
    r#""x""#,
    r#""""#,
    r#""\u0041\n\"é\/""#,
    r#""\ud800""#,
    r#""\udc00\ud800x""#,
    r#""\ud83d\ude00""#,
    r#""Ready""#,
    r#""True""#,
    r#""Running""#,
    r#""Pending""#,
    r#""Failed""#,
    r#""250m""#,
    r#""1e3""#,
    r#""reg/x:1.2@sha256:ab""#,
    r#""reg:5000/x""#,
    "[]",
    "[1]",
    "{}",
    r#"{"a":1}"#,
    r#"[{"image":"a:1"},{"image":"b:2"}]"#,
    r#"[5,{"image":"a:1"}]"#,
    r#"{"0":{"image":"b:2"}}"#,
    r#"[{"type":"Ready","status":"True"}]"#,
    r#"[{"type":"Ready"},{"type":"Ready","status":"True"}]"#,
    r#"[{"type":"Ready","status":5}]"#,
    r#"{"team":"a","team":"b"}"#,
    r#"{"team":"a","team":5}"#,
    r#"{"name":"a","name":"b"}"#,
    r#"{"replicas":1,"replicas":"x"}"#,
    r#"{"\u0074eam":"esc"}"#,
    "\"\\x\"",
    "01",
    "[1,]",
    r#"{"a":1,}"#,
    "tru",
    "",
    "\"\u{1}\"",
    "1.",
    "-",
    "{\"a\"}",
];

/// `v` with `text` at `path` (objects made on the way; `None` removes the field), as bytes.
fn with(v: &Value, path: &[&str], text: Option<&str>) -> Vec<u8> {
    let mut v = v.clone();
    let mut cur = &mut v;
    for (i, p) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        if let (true, None, Some(o)) = (last, text, cur.as_object_mut()) {
            o.remove(*p);
            return serde_json::to_vec(&v).unwrap();
        }
        cur = match cur {
            Value::Array(a) => {
                if a.is_empty() {
                    a.push(json!({}));
                }
                &mut a[0]
            }
            other => {
                if !other.is_object() {
                    *other = json!({});
                }
                other
                    .as_object_mut()
                    .unwrap()
                    .entry(*p)
                    .or_insert(json!({}))
            }
        };
    }
    *cur = json!("@@");
    let body = serde_json::to_string(&v).unwrap();
    body.replacen(r#""@@""#, text.unwrap_or("null"), 1)
        .into_bytes()
}

#[test]
fn the_same_with_any_value_in_any_field_of_any_kind() {
    const FIELDS: &[&str] = &[
        "",
        "kind",
        "metadata",
        "metadata/name",
        "metadata/namespace",
        "metadata/labels",
        "metadata/labels/team",
        "metadata/labels/app",
        "metadata/annotations",
        "spec",
        "spec/replicas",
        "spec/template",
        "spec/template/spec",
        "spec/template/spec/containers",
        "spec/template/spec/containers/0",
        "spec/template/spec/containers/0/image",
        "spec/containers",
        "spec/containers/0/image",
        "status",
        "status/availableReplicas",
        "status/readyReplicas",
        "status/desiredNumberScheduled",
        "status/numberAvailable",
        "status/phase",
        "status/conditions",
        "status/conditions/1/type",
        "status/conditions/1/status",
        "status/nodeInfo",
        "status/nodeInfo/kubeletVersion",
        "status/capacity",
        "status/capacity/cpu",
        "status/capacity/memory",
    ];
    let doc = every_kind();
    let mut checked = 0;
    for list_kind in ["List", "DeploymentList", "PodList"] {
        let mut doc = doc.clone();
        doc["kind"] = json!(list_kind);
        for item in 0..doc["items"].as_array().unwrap().len() {
            for field in FIELDS {
                let item = item.to_string();
                let mut path = vec!["items", item.as_str()];
                path.extend(field.split('/').filter(|s| !s.is_empty()));
                let texts = VALUES.iter().map(|t| Some(*t));
                for text in texts.chain([None]) {
                    same(&with(&doc, &path, text));
                    checked += 1;
                }
            }
        }
    }
    for field in ["kind", "items", "apiVersion", "metadata"] {
        for &text in VALUES {
            same(&with(&doc, &[field], Some(text)));
        }
    }
    for text in [
        "",
        "null",
        "[]",
        r#"["PodList",[{"metadata":{"name":"x"}}]]"#,
        "[\"List\"]",
    ] {
        same(text.as_bytes());
    }
    assert!(checked > 10_000, "{checked}");
}

#[test]
fn the_same_in_every_layout_of_a_list() {
    let pretty = serde_json::to_vec_pretty(&every_kind()).unwrap();
    same(&pretty);
    let text = String::from_utf8(pretty).unwrap();
    let item = r#"{"kind":"Pod","metadata":{"name":"a\"],}{[\\","labels":{"x":"]"}}}"#;
    let layouts = [
        format!(r#"{{"items":[{item}],"kind":"List"}}"#),
        format!(
            r#"{{"kind":"List","metadata":{{"items":[1],"x":"]}}"}},"items":[{item}, {item}]}}"#
        ),
        format!(r#"{{"\u0069tems":[{item}],"kind":"List"}}"#),
        format!(r#"{{"kind":"List","items":[{item}],"items":[]}}"#),
        format!(r#"{{"kind":"List","items":[{item}],"extra":[[],{{}}]}}"#),
        format!(r#"{{"kind":"List","other":"items","b":[{item}],"items":[]}}"#),
        format!(r#"["PodList",[{item}]]"#),
        format!(" \r\n\t{{ \"kind\" : \"List\" , \"items\" : [ \n {item} \t, {item}\r\n ] }} \n"),
        r#"{"kind":"List","items":[ ]}"#.to_string(),
        r#"{"kind":"List","items":[,]}"#.to_string(),
        r#"{"kind":"List","items":[{},]}"#.to_string(),
        r#"{"kind":"List","items":[{}}"#.to_string(),
        r#"{"kind":"List","items":[{}]]}"#.to_string(),
        r#"{"kind":"List","items":null}"#.to_string(),
        r#"{"kind":"List","items":[{}] "#.to_string(),
        r#"{"kind":"List","items":[{}]} x"#.to_string(),
        r#"}{"kind":"List","items":[{}]}"#.to_string(),
        r#"{"kind":"List","items":[{}],}"#.to_string(),
        r#"{"kind":"List","items":[{} {}]}"#.to_string(),
        r#"{"kind":"List","items":["\"]}"#.to_string(),
        text.replace("\"items\": [", "\"items\": [ 5,"),
    ];
    for body in layouts {
        same(body.as_bytes());
    }
}

#[test]
fn the_same_when_a_field_is_given_twice() {
    // Such an item is read again from its tree written out: numbers must survive that.
    let floats = [
        "0.1",
        "1.5",
        "2.0",
        "1e3",
        "0.30000000000000004",
        "5e-324",
        "1.2345678901234567e-300",
        "2.2250738585072014e-308",
        "1.7976931348623157e308",
        "9007199254740993",
        "18446744073709551616",
        "123456789012345678901234567890",
        "-0.0",
        "4.35e15",
        "8.98846567431158e307",
        "3.0540870280462025e-111",
    ];
    for f in floats {
        let item = format!(
            r#"{{"kind":"Deployment","metadata":{{"name":"a"}},"metadata":{{"name":"b\u00e9"}},"spec":{{"replicas":{f}}},"status":{{"readyReplicas":{f}}}}}"#
        );
        same(format!(r#"{{"kind":"List","items":[{item}]}}"#).as_bytes());
        let item = item.replace(
            r#""spec":{"replicas":"#,
            r#""spec":{"replicas":1},"spec":{"replicas":"#,
        );
        same(format!(r#"{{"kind":"List","items":[{item}]}}"#).as_bytes());
    }
}

#[test]
fn the_same_at_the_nesting_limit_and_on_bytes_that_are_not_utf8() {
    for depth in 120..=130 {
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        same(format!(r#"{{"kind":"PodList","items":[{deep}]}}"#).as_bytes());
        let inner = format!(r#"{{"metadata":{{"name":"n","annotations":{{"a":{deep}}}}}}}"#);
        same(format!(r#"{{"kind":"PodList","items":[{inner}]}}"#).as_bytes());
        same(format!(r#"{{"kind":"PodList","items":[],"metadata":{deep}}}"#).as_bytes());
    }
    let base = br#"{"kind":"PodList","items":[{"metadata":{"name":"@","labels":{"@":"x"}}}]}"#;
    for bad in [
        &[0xffu8][..],
        &[0xc3],
        &[0xe2, 0x82],
        &[0xed, 0xa0, 0x80],
        "é".as_bytes(),
    ] {
        let at = base.iter().position(|&b| b == b'@').unwrap();
        for at in [at, base.len() - 30] {
            let mut b = base.to_vec();
            b.splice(at..=at, bad.iter().copied());
            same(&b);
        }
    }
}

#[test]
fn the_same_on_byte_mutated_lists() {
    let seeds = [
        serde_json::to_vec(&every_kind()).unwrap(),
        serde_json::to_vec_pretty(&every_kind()).unwrap(),
    ];
    const BYTES: &[u8] = b"{}[]\",:0123456789-+.eE\\ untfalsr\xff\x00";
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for round in 0..6_000 {
        let mut b = seeds[round % 2].clone();
        for _ in 0..1 + next(3) {
            let at = next(b.len());
            match next(4) {
                0 => {
                    b.remove(at);
                }
                1 => b.insert(at, BYTES[next(BYTES.len())]),
                2 => b[at] = BYTES[next(BYTES.len())],
                _ => {
                    let end = (at + next(40)).min(b.len());
                    let copy = b[at..end].to_vec();
                    let to = next(b.len());
                    b.splice(to..to, copy);
                }
            }
        }
        same(&b);
    }
}
