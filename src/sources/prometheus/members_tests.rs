//! The member scan against serde_json's own reading of the same text, on the demo's bundles and
//! on hand-made texts with every kind of value, escape and spacing; and its errors.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::value::RawValue;

use super::{members, MembersError};

/// What a full parse finds: each key and the byte range of its value.
fn by_serde(text: &[u8]) -> BTreeMap<String, Range<usize>> {
    let base = text.as_ptr() as usize;
    serde_json::from_slice::<BTreeMap<String, &RawValue>>(text)
        .expect("valid JSON")
        .into_iter()
        .map(|(k, raw)| {
            let start = raw.get().as_ptr() as usize - base;
            (k, start..start + raw.get().len())
        })
        .collect()
}

#[test]
fn the_demo_bundles_split_exactly_as_serde_splits_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/public/demo/prometheus");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("the demo's recorded answers") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.starts_with("slos-") {
            continue;
        }
        let text = std::fs::read(&path).expect("a bundle");
        let found = members(&text).expect("a bundle of answers");
        assert!(found.len() >= 5, "{name}: {} answers", found.len());
        assert_eq!(found, by_serde(&text), "{name}");
        seen += 1;
    }
    assert_eq!(seen, 4, "the demo has four bundles");
}

#[test]
fn every_kind_of_value_escape_and_spacing_splits_as_serde_splits_it() {
    let texts = [
        r#"{}"#,
        " \n{ } \t",
        r#"{"a":1}"#,
        r#"{"a":-1.5e+3,"b":true,"c":false,"d":null}"#,
        r#"{ "a" : [1, [2, {"x": "]}"}], []] , "b":{"c":{"d":[]}} }"#,
        r#"{"k\"ey":"va\\lue\"}","\u00e9t\u00e9":"ünïcode","":"empty key"}"#,
        r#"{"a":"x","a":"the last one wins"}"#,
        "{\r\n  \"a\": {\"status\": \"success\"},\r\n  \"b\": [\"\\\\\", \"\\\"\"]\r\n}\r\n",
    ];
    for text in texts {
        assert_eq!(
            members(text.as_bytes()),
            Ok(by_serde(text.as_bytes())),
            "{text}"
        );
    }
    let found = members(br#"{"a":"x","a":"y"}"#).expect("an object");
    assert_eq!(found.get("a"), Some(&(13..16)), "the last value is kept");
}

#[test]
fn texts_that_are_no_object_of_members_say_what_and_where() {
    use MembersError::*;
    let cases: [(&str, MembersError); 14] = [
        ("", NotAnObject),
        ("[1, 2]", NotAnObject),
        ("\"a\"", NotAnObject),
        ("{", Truncated),
        (r#"{"a""#, Truncated),
        (r#"{"a":"#, Truncated),
        (r#"{"a":"unterminated}"#, Truncated),
        (r#"{"a":[1,2}"#, Unexpected { at: 9, found: b'}' }),
        (
            r#"{"a":{"b":1]}"#,
            Unexpected {
                at: 11,
                found: b']',
            },
        ),
        (r#"{"a" 1}"#, Unexpected { at: 5, found: b'1' }),
        (r#"{"a":,"b":1}"#, Unexpected { at: 5, found: b',' }),
        (r#"{"a":1 "b":2}"#, Unexpected { at: 7, found: b'"' }),
        (r#"{"a":1} x"#, Unexpected { at: 8, found: b'x' }),
        (r#"{a:1}"#, Unexpected { at: 1, found: b'a' }),
    ];
    for (text, want) in cases {
        assert_eq!(members(text.as_bytes()), Err(want), "{text}");
    }
    assert_eq!(
        members(br#"{"bad \q":1}"#),
        Err(BadKey { at: 1 }),
        "an invalid escape in a key"
    );
    assert_eq!(
        Unexpected { at: 3, found: 0 }.to_string(),
        "unexpected byte 0x00 at byte 3"
    );
    assert_eq!(
        Unexpected { at: 9, found: b'}' }.to_string(),
        "unexpected '}' at byte 9"
    );
}

/// Texts cut and corrupted at random (a fixed-seed generator): the scan never panics, and
/// whenever serde reads the text as an object of members, the scan finds the same ones.
#[test]
fn corrupted_texts_never_panic_and_agree_with_serde_when_it_reads_them() {
    let base = br#"{"a": {"status":"success","data":{"result":[{"metric":{"k":"v\"}"},"values":[[1,"2"]]}]}}, "b\\n": [1, -2.5e3, true, null, "]"], "c": "x"}"#;
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut agreed, mut refused) = (0, 0);
    for _ in 0..20_000 {
        let mut text = base.to_vec();
        for _ in 0..(next() % 3 + 1) {
            let at = (next() % text.len() as u64) as usize;
            match next() % 3 {
                0 => text.truncate(at),
                1 => {
                    if let Some(b) = text.get_mut(at) {
                        let pick = b"{}[]\",:\\ ax1";
                        *b = pick[(next() % pick.len() as u64) as usize];
                    }
                }
                _ => {
                    let pick = b"{}[]\",:";
                    text.insert(at, pick[(next() % pick.len() as u64) as usize]);
                }
            }
            if text.is_empty() {
                break;
            }
        }
        let found = members(&text);
        match serde_json::from_slice::<BTreeMap<String, &RawValue>>(&text) {
            Ok(_) => {
                assert_eq!(
                    found,
                    Ok(by_serde(&text)),
                    "{}",
                    String::from_utf8_lossy(&text)
                );
                agreed += 1;
            }
            Err(_) => refused += 1,
        }
    }
    assert!(
        agreed > 100 && refused > 1000,
        "{agreed} read by serde, {refused} not"
    );
}
