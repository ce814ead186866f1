//! SLO definitions written for other tools: OpenSLO (v1 and Sloth's v1alpha), Sloth
//! (`prometheus/v1` files and `PrometheusServiceLevel`), Pyrra (`ServiceLevelObjective`), read
//! into Headroom's `SloConfig`; and OpenSLO v1 export. What Headroom cannot honour is reported
//! per SLO, naming the field.

mod export;
mod openslo;
mod pyrra;
mod sloth;

pub use export::to_openslo;

use serde_json::Value;

use crate::core::config::SloConfig;

/// One SLO found in a file: its config, or why Headroom cannot compute it; plus notes on
/// fields that were read differently or ignored.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub name: String,
    pub result: Result<SloConfig, String>,
    pub notes: Vec<String>,
}

/// Reads every YAML/JSON document of `text`. SLOs get `source` as their data source.
pub fn import(text: &str, source: &str) -> Result<Vec<Imported>, String> {
    let docs = documents(text)?;
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let api = d.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = d.get("kind").and_then(Value::as_str).unwrap_or("");
        match (api, kind) {
            (a, _) if a.starts_with("openslo/") => {
                if kind == "SLO" {
                    out.extend(openslo::slos(d, &docs, source));
                }
            }
            ("pyrra.dev/v1alpha1", "ServiceLevelObjective") => out.push(pyrra::slo(d, source)),
            ("sloth.slok.dev/v1", "PrometheusServiceLevel") => out.extend(sloth::service(
                d.get("spec").unwrap_or(&Value::Null),
                source,
            )),
            ("sloth.slok.dev/v1", "AlertWindows") => {}
            _ if d.get("version").and_then(Value::as_str) == Some("prometheus/v1") => {
                out.extend(sloth::service(d, source))
            }
            _ => unknown.push(format!(
                "document {}: apiVersion \"{api}\", kind \"{kind}\"",
                i + 1
            )),
        }
    }
    if out.is_empty() && !unknown.is_empty() {
        return Err(format!(
            "no SLO definitions found ({}); Headroom reads OpenSLO, Sloth and Pyrra",
            unknown.join("; ")
        ));
    }
    Ok(out)
}

/// Whether a file looks like SLO definitions (rather than data).
pub fn looks_like_definitions(text: &str) -> bool {
    [
        "apiVersion: openslo/",
        "apiVersion: pyrra.dev/",
        "prometheus/v1",
        "sloth.slok.dev/",
    ]
    .iter()
    .any(|m| text.contains(m))
}

/// Reads definitions in any supported format, or Headroom's own SLO objects (one or a list,
/// YAML or JSON, as in the config file's `slos`).
pub fn import_any(text: &str, source: &str) -> Result<Vec<Imported>, String> {
    if looks_like_definitions(text) {
        return import(text, source);
    }
    let docs = documents(text)?;
    let mut out = Vec::new();
    for d in docs {
        let list = if d.is_array() {
            d.as_array().cloned().unwrap_or_default()
        } else {
            vec![d]
        };
        for (i, mut v) in list.into_iter().enumerate() {
            // Only objects get a default source: indexing a string or number would panic (a
            // plain-text document in the editor did).
            if let Some(obj) = v.as_object_mut() {
                obj.entry("source")
                    .or_insert_with(|| Value::String(source.to_string()));
            }
            let name = v
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("unnamed")
                .to_string();
            let result = serde_path_to_error::deserialize::<_, SloConfig>(v)
                .map_err(|e| format!("slo {}: {}: {}", i + 1, e.path(), e.inner()));
            out.push(Imported {
                name,
                result,
                notes: vec![],
            });
        }
    }
    Ok(out)
}

/// The documents of a YAML stream (or one JSON value).
pub fn documents(text: &str) -> Result<Vec<Value>, String> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text)
            .map(|v| vec![v])
            .map_err(|e| format!("invalid JSON: {e}"));
    }
    let docs = crate::core::yaml::documents(text).map_err(|e| format!("invalid YAML: {e}"))?;
    Ok(docs.into_iter().filter(|v| !v.is_null()).collect())
}

pub(super) fn s<'a>(v: &'a Value, path: &str) -> Option<&'a str> {
    v.pointer(path).and_then(Value::as_str)
}

/// A number that may be written as a string (`target: "99.9"`).
pub(super) fn num(v: &Value, path: &str) -> Option<f64> {
    let x = v.pointer(path)?;
    x.as_f64()
        .or_else(|| x.as_str().and_then(|t| t.trim().parse().ok()))
}

/// Sloth and friends write per-second rates over `{{.window}}`; `rate(x[S]) × S` is exactly
/// `increase(x[S])`, so the query is rewritten to count events per slice.
pub fn rates_to_counts(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    let mut rest = q;
    while let Some((before, after)) = rest.split_once("rate(") {
        let prev = before.chars().last();
        out.push_str(before);
        if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push_str("rate(");
        } else {
            out.push_str("increase(");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A label value of a selector (`job` in `x{job="api"}`), to name the service.
pub(super) fn matcher_value(selector: &str, label: &str) -> Option<String> {
    let (_, rest) = selector.split_once(&format!("{label}=\""))?;
    let (value, _) = rest.split_once('"')?;
    Some(value.to_string())
}

#[cfg(test)]
mod tests;
