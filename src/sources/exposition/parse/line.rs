//! One sample line of the exposition formats: metric name, escaped label values (quoted
//! names too, as OpenMetrics 2 allows), value, timestamp and exemplar. Errors say what is
//! wrong in words, with the column where it helps.

use super::{Exemplar, ExpSample};
use crate::core::model::parse_value;
use crate::core::model::Labels;
use crate::core::text::split_while;

/// A line being read: what is left of it, and the whole line's length (for columns).
struct Cursor<'a> {
    rest: &'a str,
    len: usize,
}

impl<'a> Cursor<'a> {
    fn new(line: &'a str) -> Self {
        Cursor {
            rest: line,
            len: line.len(),
        }
    }
    /// The 1-based (byte) column of the next character.
    fn column(&self) -> usize {
        self.len - self.rest.len() + 1
    }
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }
    fn skip_ws(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\t']);
    }
    fn eat(&mut self, c: char) -> bool {
        let after = self.rest.strip_prefix(c);
        self.rest = after.unwrap_or(self.rest);
        after.is_some()
    }
    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let (taken, rest) = split_while(self.rest, keep);
        self.rest = rest;
        taken
    }
    fn name(&mut self) -> &'a str {
        self.take_while(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    }
    fn quoted(&mut self) -> Result<String, String> {
        if !self.eat('"') {
            return Err(format!("expected '\"' at column {}", self.column()));
        }
        let mut out = String::new();
        let mut chars = self.rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    self.rest = chars.as_str();
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some(e) => push_escaped(&mut out, e),
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err("unterminated label value".into())
    }
    fn token(&mut self) -> &'a str {
        self.take_while(|c| c != ' ' && c != '\t')
    }
}

/// A label value's escape (a backslash, then `c`) as read: `\n`, `\\` and `\"`; any other
/// backslash stays as written.
pub(super) fn push_escaped(out: &mut String, c: char) {
    match c {
        'n' => out.push('\n'),
        '\\' | '"' => out.push(c),
        other => {
            out.push('\\');
            out.push(other);
        }
    }
}

/// Parses `{a="1",b="2"}` (the cursor sits on `{`). A quoted entry without `=` is a metric name
/// (the OpenMetrics 2 / Prometheus 3 quoted-name form) and is returned separately.
fn labels(c: &mut Cursor) -> Result<(Labels, Option<String>), String> {
    let mut out = Labels::new();
    let mut quoted_name = None;
    c.eat('{');
    loop {
        c.skip_ws();
        if c.eat('}') {
            return Ok((out, quoted_name));
        }
        let key = if c.peek() == Some('"') {
            c.quoted()?
        } else {
            c.name().to_string()
        };
        if key.is_empty() {
            return Err(format!("expected a label name at column {}", c.column()));
        }
        c.skip_ws();
        if c.eat('=') {
            c.skip_ws();
            let v = c.quoted().map_err(|e| format!("label {key}: {e}"))?;
            if out.insert(key.clone(), v).is_some() {
                return Err(format!("label {key} appears twice"));
            }
        } else if quoted_name.is_none() && out.is_empty() {
            quoted_name = Some(key);
        } else {
            return Err(format!("expected '=' after label name \"{key}\""));
        }
        c.skip_ws();
        if c.eat(',') {
            continue;
        }
        if c.eat('}') {
            return Ok((out, quoted_name));
        }
        return Err(format!("expected ',' or '}}' at column {}", c.column()));
    }
}

pub(super) fn timestamp(tok: &str, om: bool) -> Result<i64, String> {
    if om {
        let secs: f64 = tok
            .parse()
            .map_err(|_| format!("\"{tok}\" is not a timestamp"))?;
        Ok((secs * 1000.0).round() as i64)
    } else {
        tok.parse::<i64>()
            .or_else(|_| tok.parse::<f64>().map(|f| f as i64))
            .map_err(|_| format!("\"{tok}\" is not a timestamp"))
    }
}

/// The metric name and labels at the start of the cursor's text.
fn key(c: &mut Cursor) -> Result<(String, Labels), String> {
    let mut name = c.name().to_string();
    let mut lbls = Labels::new();
    if c.peek() == Some('{') {
        let (l, qn) = labels(c)?;
        lbls = l;
        if let Some(q) = qn {
            name = q;
        }
    }
    if name.is_empty() {
        return Err("expected a metric name".into());
    }
    Ok((name, lbls))
}

/// The name and labels of a series key (a sample line's text up to its value) read before.
pub(super) fn series_key(text: &str) -> (String, Labels) {
    key(&mut Cursor::new(text)).unwrap_or_default()
}

pub(super) fn sample_line(line: &str, om: bool) -> Result<ExpSample, String> {
    let mut c = Cursor::new(line);
    let (name, lbls) = key(&mut c)?;
    c.skip_ws();
    let vtok = c.token();
    if vtok.is_empty() {
        return Err(format!("{name}: missing value"));
    }
    let value = parse_value(vtok).map_err(|e| format!("{name}: {e}"))?;
    c.skip_ws();
    let mut ts = None;
    if c.peek().is_some() && c.peek() != Some('#') {
        ts = Some(timestamp(c.token(), om).map_err(|e| format!("{name}: {e}"))?);
        c.skip_ws();
    }
    let mut exemplar = None;
    if c.eat('#') {
        c.skip_ws();
        if c.peek() != Some('{') {
            return Err(format!("{name}: exemplar must start with '{{'"));
        }
        let (el, _) = labels(&mut c).map_err(|e| format!("{name} exemplar: {e}"))?;
        c.skip_ws();
        let ev = parse_value(c.token()).map_err(|e| format!("{name} exemplar: {e}"))?;
        c.skip_ws();
        let et = if c.peek().is_some() {
            Some(timestamp(c.token(), true).map_err(|e| format!("{name} exemplar: {e}"))?)
        } else {
            None
        };
        exemplar = Some(Exemplar {
            labels: el,
            value: ev,
            timestamp_ms: et,
        });
    }
    c.skip_ws();
    if c.peek().is_some() {
        return Err(format!("{name}: unexpected text \"{}\"", c.rest));
    }
    Ok(ExpSample {
        name,
        labels: lbls,
        value,
        timestamp_ms: ts,
        exemplar,
    })
}
