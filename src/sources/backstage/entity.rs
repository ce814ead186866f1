//! Backstage entities from JSON (an array, or a catalog API page's `items`) or multi-document
//! YAML: kind, owner and system (resolved relations preferred over raw spec fields), relations,
//! http(s) links only.

use serde_json::Value;

use crate::core::inventory::Entity;
use crate::core::model::{Labels, Notice, NoticeLevel};

/// Parses JSON or (multi-document) YAML into entities.
pub fn parse(text: &str, source: &str) -> Result<(Vec<Entity>, Vec<Notice>), String> {
    let docs: Vec<Value> = if text.trim_start().starts_with(['{', '[']) {
        match serde_json::from_str::<Value>(text).map_err(|e| format!("invalid JSON: {e}"))? {
            Value::Array(a) => a,
            Value::Object(o) if o.contains_key("items") => o
                .get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            v => vec![v],
        }
    } else {
        let docs = crate::core::yaml::documents(text).map_err(|e| format!("invalid YAML: {e}"))?;
        docs.into_iter().filter(|v| !v.is_null()).collect()
    };
    let mut out = Vec::new();
    let mut notices = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        match entity(d, source) {
            Ok(e) => out.push(e),
            Err(m) => notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!("entity {}: {m}", i + 1),
            }),
        }
    }
    Ok((out, notices))
}

fn str_at(v: &Value, p: &str) -> Option<String> {
    v.pointer(p).and_then(Value::as_str).map(str::to_string)
}

/// `group:default/payments` or `payments` → `payments`.
pub fn ref_name(r: &str) -> String {
    let after_kind = r.split_once(':').map_or(r, |(_, rest)| rest);
    after_kind
        .rsplit('/')
        .next()
        .unwrap_or(after_kind)
        .to_string()
}

fn entity(d: &Value, source: &str) -> Result<Entity, String> {
    let kind = str_at(d, "/kind").ok_or("no kind")?;
    let name = str_at(d, "/metadata/name").ok_or("no metadata.name")?;
    let labels: Labels = d
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    // Prefer relations (resolved refs) over raw spec fields.
    let rel = |t: &str| {
        d.pointer("/relations")
            .and_then(Value::as_array)
            .and_then(|a| {
                a.iter()
                    .find(|r| r.get("type").and_then(Value::as_str) == Some(t))
            })
            .and_then(|r| r.get("targetRef").and_then(Value::as_str))
            .map(ref_name)
    };
    let owner = rel("ownedBy").or_else(|| str_at(d, "/spec/owner").map(|o| ref_name(&o)));
    let system = rel("partOf").or_else(|| str_at(d, "/spec/system").map(|s| ref_name(&s)));
    let mut relations: Vec<(String, String)> = d
        .pointer("/relations")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| {
                    Some((
                        r.get("type")?.as_str()?.to_string(),
                        ref_name(r.get("targetRef")?.as_str()?),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    if relations.is_empty() {
        // Files carry no resolved relations: derive them from the spec.
        let one = |p: &str, t: &str| str_at(d, p).map(|v| (t.to_string(), ref_name(&v)));
        relations.extend(
            [
                one("/spec/owner", "ownedBy"),
                one("/spec/system", "partOf"),
                one("/spec/domain", "partOf"),
            ]
            .into_iter()
            .flatten(),
        );
        for (p, t) in [
            ("/spec/dependsOn", "dependsOn"),
            ("/spec/providesApis", "providesApi"),
            ("/spec/consumesApis", "consumesApi"),
        ] {
            if let Some(a) = d.pointer(p).and_then(Value::as_array) {
                relations.extend(
                    a.iter()
                        .filter_map(|x| x.as_str())
                        .map(|x| (t.to_string(), ref_name(x))),
                );
            }
        }
    }
    let links = d
        .pointer("/metadata/links")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|l| {
                    Some((
                        l.get("title")
                            .and_then(Value::as_str)
                            .unwrap_or("link")
                            .to_string(),
                        l.get("url")?.as_str()?.to_string(),
                    ))
                })
                .filter(|(_, u)| crate::core::inventory::safe_link(u))
                .collect()
        })
        .unwrap_or_default();
    Ok(Entity {
        relations,
        links,
        service: (kind == "Component").then(|| name.clone()),
        namespace: str_at(d, "/metadata/namespace").unwrap_or_else(|| "default".into()),
        lifecycle: str_at(d, "/spec/lifecycle"),
        owner,
        system,
        kind,
        name,
        labels,
        source: source.to_string(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_interop_fixture_loads() {
        let Some(dir) = crate::test_support::interop("backstage") else {
            return;
        };
        let mut total = 0;
        for entry in std::fs::read_dir(&dir).expect("the backstage fixtures") {
            let path = entry.unwrap().path();
            let (e, n) = parse(&std::fs::read_to_string(&path).unwrap(), "b")
                .unwrap_or_else(|m| panic!("{}: {m}", path.display()));
            assert!(n.is_empty(), "{}: {n:?}", path.display());
            assert!(!e.is_empty());
            total += e.len();
        }
        assert!(total >= 14, "{total}");
        let (e, _) = parse(
            &std::fs::read_to_string(dir.join("artist-lookup-component.yaml")).unwrap(),
            "b",
        )
        .unwrap();
        assert_eq!(e[0].service.as_deref(), Some("artist-lookup"));
        assert_eq!(e[0].links.len(), 7);
        assert_eq!(
            e[0].relations,
            vec![
                ("ownedBy".to_string(), "team-a".to_string()),
                ("partOf".to_string(), "artist-engagement-portal".to_string())
            ]
        );
        let (h, _) = parse("kind: Component\nmetadata:\n  name: x\n  links:\n    - url: javascript:alert(1)\n      title: evil\n", "b").unwrap();
        assert!(h[0].links.is_empty(), "non-http links are dropped");
        assert!(e[0].owner.is_some() && e[0].lifecycle.is_some());
    }

    #[test]
    fn json_page_and_relations() {
        let t = r#"{"items":[{"kind":"Component","metadata":{"name":"cart"},"spec":{"owner":"team-x","lifecycle":"production"},"relations":[{"type":"ownedBy","targetRef":"group:default/payments"}]}],"totalItems":1,"pageInfo":{}}"#;
        let (e, _) = parse(t, "b").unwrap();
        assert_eq!(e[0].owner.as_deref(), Some("payments"));
        assert_eq!(ref_name("component:ns/x"), "x");
        let (_, n) = parse("[{\"metadata\":{}}]", "b").unwrap();
        assert_eq!(n[0].text, "entity 1: no kind");
    }
}
