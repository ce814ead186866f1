//! What a scalar reads as, as serde_yaml_ng resolves it: plain scalars by YAML 1.2's core
//! schema (`~`/`null`/empty → null, `true`/`True`/`TRUE`…, integers with `0x`/`0o`/`0b`,
//! floats with `.inf`/`.nan`, which JSON then makes null), quoted and block scalars as
//! strings, and the `!!bool`, `!!int`, `!!float`, `!!null` tags strictly. Other `!!` tags
//! leave the text a string; local tags (`!x`) name enum variants, which JSON has no place
//! for.

use super::error::ErrorKind;
use super::scanner::Style;

const CORE: &[u8] = b"tag:yaml.org,2002:";

/// What a scalar reads as.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Resolved {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    /// Integers beyond 64 bits (JSON refuses them).
    U128(u128),
    I128(i128),
    /// Any float, `.inf` and `.nan` included (JSON makes those null).
    F64(f64),
    /// The scalar's text.
    Str,
}

/// What a scalar with this style and (resolved, non-local) tag reads as.
pub(super) fn scalar(v: &str, style: Style, tag: Option<&[u8]>) -> Result<Resolved, ErrorKind> {
    let Some(tag) = tag else {
        return Ok(if style == Style::Plain {
            untagged(v)
        } else {
            Resolved::Str
        });
    };
    let invalid = |expected| ErrorKind::InvalidTagged {
        value: v.to_string(),
        expected,
    };
    match tag.strip_prefix(CORE) {
        Some(b"bool") => parse_bool(v)
            .map(Resolved::Bool)
            .ok_or_else(|| invalid("a boolean")),
        Some(b"int") => int(v).ok_or_else(|| invalid("an integer")),
        Some(b"float") => parse_f64(v)
            .map(Resolved::F64)
            .ok_or_else(|| invalid("a float")),
        Some(b"null") => parse_null(v)
            .then_some(Resolved::Null)
            .ok_or_else(|| invalid("null")),
        // A `!` tag spelled with escapes that are not UTF-8 is no enum to serde_yaml_ng.
        _ if tag.starts_with(b"!") && style == Style::Plain => Ok(untagged(v)),
        _ => Ok(Resolved::Str),
    }
}

/// A local tag (`!x`, or `!` alone) in UTF-8, as serde_yaml_ng names the enum variant it
/// reads it as: `x` (or `!`).
pub(super) fn enum_tag(tag: &[u8]) -> Option<&str> {
    let rest = tag.strip_prefix(b"!")?;
    std::str::from_utf8(if rest.is_empty() { tag } else { rest }).ok()
}

/// `Err` for a local tag: JSON has no place for the enum serde_yaml_ng reads it as.
pub(super) fn local_tag(tag: &[u8]) -> Result<(), ErrorKind> {
    match enum_tag(tag) {
        Some(_) => Err(ErrorKind::UnsupportedTag(
            String::from_utf8_lossy(tag).into_owned(),
        )),
        None => Ok(()),
    }
}

pub(super) fn is_null_tag(tag: &[u8]) -> bool {
    tag.strip_prefix(CORE) == Some(b"null")
}

pub(super) fn is_null(v: &str) -> bool {
    parse_null(v)
}

fn untagged(v: &str) -> Resolved {
    if v.is_empty() || parse_null(v) {
        return Resolved::Null;
    }
    if let Some(b) = parse_bool(v) {
        return Resolved::Bool(b);
    }
    if let Some(n) = int(v) {
        return n;
    }
    if !digits_but_not_number(v) {
        if let Some(f) = parse_f64(v) {
            return Resolved::F64(f);
        }
    }
    Resolved::Str
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

/// An integer as serde_yaml_ng reads one (unsigned first, then negative, 64 then 128 bits).
fn int(v: &str) -> Option<Resolved> {
    unsigned(v, u64::from_str_radix)
        .map(Resolved::U64)
        .or_else(|| negative(v, i64::from_str_radix).map(Resolved::I64))
        .or_else(|| unsigned(v, u128::from_str_radix).map(Resolved::U128))
        .or_else(|| negative(v, i128::from_str_radix).map(Resolved::I128))
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
    untagged(v) == Resolved::Str
}
