//! Scalars to JSON values as serde_yaml_ng resolves them into `serde_json::Value`: plain
//! scalars by YAML 1.2's core schema (`~`/`null`/empty → null, `true`/`True`/`TRUE`…,
//! integers with `0x`/`0o`/`0b`, floats with `.inf`/`.nan` — which JSON cannot hold, so
//! null), quoted and block scalars as strings, and the `!!bool`, `!!int`, `!!float`,
//! `!!null` tags strictly. Other `!!` tags leave the text a string; local tags (`!x`) are
//! refused, as serde_yaml_ng reads them as enums JSON has no place for.

use serde_json::{Number, Value};

use super::error::ErrorKind;
use super::scanner::Style;

const CORE: &[u8] = b"tag:yaml.org,2002:";

/// The value of a scalar with its style and (resolved) tag.
pub(super) fn scalar(v: &str, style: Style, tag: Option<&[u8]>) -> Result<Value, ErrorKind> {
    let Some(tag) = tag else {
        return Ok(if style == Style::Plain {
            untagged(v)?
        } else {
            Value::String(v.to_string())
        });
    };
    local_tag(tag)?;
    let invalid = |expected| ErrorKind::InvalidTagged {
        value: v.to_string(),
        expected,
    };
    match tag.strip_prefix(CORE) {
        Some(b"bool") => parse_bool(v)
            .map(Value::Bool)
            .ok_or_else(|| invalid("a boolean")),
        Some(b"int") => int(v)?.ok_or_else(|| invalid("an integer")),
        Some(b"float") => parse_f64(v).map(float).ok_or_else(|| invalid("a float")),
        Some(b"null") => parse_null(v)
            .then_some(Value::Null)
            .ok_or_else(|| invalid("null")),
        // A `!` tag spelled with escapes that are not UTF-8 is no enum to serde_yaml_ng.
        _ if tag.starts_with(b"!") && style == Style::Plain => untagged(v),
        _ => Ok(Value::String(v.to_string())),
    }
}

/// `Err` for a local tag (`!x`, or `!` alone) written in UTF-8.
pub(super) fn local_tag(tag: &[u8]) -> Result<(), ErrorKind> {
    match (tag.first(), std::str::from_utf8(tag)) {
        (Some(b'!'), Ok(t)) => Err(ErrorKind::UnsupportedTag(t.to_string())),
        _ => Ok(()),
    }
}

fn untagged(v: &str) -> Result<Value, ErrorKind> {
    if v.is_empty() || parse_null(v) {
        return Ok(Value::Null);
    }
    if let Some(b) = parse_bool(v) {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = int(v)? {
        return Ok(n);
    }
    if !digits_but_not_number(v) {
        if let Some(f) = parse_f64(v) {
            return Ok(float(f));
        }
    }
    Ok(Value::String(v.to_string()))
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

fn parse_null(v: &str) -> bool {
    matches!(v, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer as serde_yaml_ng reads one: `Ok(None)` when it is none, `Err` when it is one
/// beyond 64 bits (JSON numbers stop there).
fn int(v: &str) -> Result<Option<Value>, ErrorKind> {
    if let Some(n) = unsigned(v, u64::from_str_radix) {
        return Ok(Some(Value::from(n)));
    }
    if let Some(n) = negative(v, i64::from_str_radix) {
        return Ok(Some(Value::from(n)));
    }
    if unsigned(v, u128::from_str_radix).is_some() || negative(v, i128::from_str_radix).is_some() {
        return Err(ErrorKind::NumberOutOfRange);
    }
    Ok(None)
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn unsigned<T>(v: &str, parse: Radix<T>) -> Option<T> {
    let unpositive = v.strip_prefix('+').unwrap_or(v);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = parse(rest, radix) {
                return Some(n);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(v) {
        return None;
    }
    parse(unpositive, 10).ok()
}

fn negative<T>(v: &str, parse: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if let Ok(n) = parse(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if digits_but_not_number(v) {
        return None;
    }
    parse(v, 10).ok()
}

fn parse_f64(v: &str) -> Option<f64> {
    let unpositive = match v.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => v,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(v, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(v, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros then digits (`0123`): a string in YAML 1.2.
fn digits_but_not_number(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v.bytes().skip(1).all(|b| b.is_ascii_digit())
}

/// Whether the plain scalar `v` reads as the string `v`.
pub(super) fn reads_as_string(v: &str) -> bool {
    matches!(untagged(v), Ok(Value::String(_)))
}
