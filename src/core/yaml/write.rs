//! The writer: a JSON value as block YAML that reads back (through this reader and
//! serde_yaml_ng alike) to the same value. Mappings and sequences in block style (a
//! sequence under a key at the key's indentation, as serde_yaml_ng writes), empty ones as
//! `{}`/`[]`; strings plain when they read back as the same string, as a literal block
//! (`|`, `|-`) when they are several lines of printable text, else double-quoted with
//! escapes. Keys longer than a simple key may be (1024 bytes) are written `? key`.

use serde_json::Value;

use super::resolve;

/// `v` as a YAML document (without `---`), ending in a line break.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    node(&mut out, v, 0, Place::Top);
    out
}

/// Where a node is written: alone at the top, after `key:` or after `- `.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Top,
    Value,
    Item,
}

fn node(out: &mut String, v: &Value, indent: usize, place: Place) {
    match v {
        Value::Array(items) if !items.is_empty() => {
            let mut first = place == Place::Item;
            if place == Place::Value {
                out.push('\n');
            }
            for item in items {
                if !first {
                    pad(out, indent);
                }
                first = false;
                out.push_str("- ");
                node(out, item, indent + 2, Place::Item);
            }
        }
        Value::Object(map) if !map.is_empty() => {
            let mut first = place == Place::Item;
            if place == Place::Value {
                out.push('\n');
            }
            let inner = if place == Place::Value {
                indent + 2
            } else {
                indent
            };
            for (k, v) in map {
                if !first {
                    pad(out, inner);
                }
                first = false;
                let key = scalar(k);
                if key.len() > 1000 {
                    out.push_str("? ");
                    out.push_str(&key);
                    out.push('\n');
                    pad(out, inner);
                    out.push(':');
                } else {
                    out.push_str(&key);
                    out.push(':');
                }
                value(out, v, inner);
            }
        }
        _ => {
            if place == Place::Value {
                out.push(' ');
            }
            match v {
                Value::String(s) if literal(s) => {
                    block(out, s, if place == Place::Top { 2 } else { indent })
                }
                Value::String(s) => out.push_str(&scalar(s)),
                Value::Array(_) => out.push_str("[]"),
                Value::Object(_) => out.push_str("{}"),
                other => out.push_str(&other.to_string()),
            }
            out.push('\n');
        }
    }
}

/// A mapping's value: on the same line when it is a scalar; a sequence at the key's
/// indentation, a mapping two columns in.
fn value(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Array(a) if !a.is_empty() => node(out, v, indent, Place::Value),
        Value::Object(_) => node(out, v, indent, Place::Value),
        _ => node(out, v, indent + 2, Place::Value),
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// A literal block scalar: `|` (one final line break), `|-` (none); lines `indent` in.
fn block(out: &mut String, s: &str, indent: usize) {
    let body = s.strip_suffix('\n');
    out.push_str(if body.is_some() { "|" } else { "|-" });
    for line in body.unwrap_or(s).split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
    }
}

/// Whether `s` reads back the same as a literal block: several lines of printable text,
/// not starting with a blank or an empty line, at most one final line break.
fn literal(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with("\n\n")
        && s.trim().chars().next().is_some()
        && s.chars().all(|c| c == '\n' || (printable(c) && !breaks(c)))
}

/// `s` as a plain scalar when that reads back as the same string (and, for people and
/// YAML 1.1 readers, does not look like a number or a boolean), else double-quoted.
fn scalar(s: &str) -> String {
    if plain(s) {
        return s.to_string();
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if printable(c) && !breaks(c) => q.push(c),
            c if u32::from(c) <= 0xff => q.push_str(&format!("\\x{:02X}", u32::from(c))),
            c if u32::from(c) <= 0xffff => q.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => q.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    q.push('"');
    q
}

fn plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    // A number, date or time to some YAML reader (`1_000`, `0x1F`, `2026-01-02`, `12:30`),
    // not a duration (`30d`, `5m`).
    let starts_numeric = first.is_ascii_digit()
        || (matches!(first, '+' | '-' | '.')
            && s.chars().nth(1).is_some_and(|c| c.is_ascii_digit()));
    let looks_numeric = starts_numeric
        && !s
            .chars()
            .any(|c| c.is_ascii_alphabetic() && !"eExXoObBTZ".contains(c));
    let yaml11 = matches!(
        s.to_ascii_lowercase().as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    );
    !"-?:,[]{}#&*!|>'\"%@` \t".contains(first)
        && !looks_numeric
        && !yaml11
        && !s.starts_with("...")
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars()
            .all(|c| printable(c) && !breaks(c) && c != '\t' && c != '\n')
        && resolve::reads_as_string(s)
}

/// Characters written as they are (YAML's printable set, less the byte-order mark).
fn printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\t' | '\n')
        && c != '\u{feff}'
        || c >= '\u{10000}'
}

/// Line breaks besides `\n` (CR, NEL, LS, PS): always escaped.
fn breaks(c: char) -> bool {
    matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}
