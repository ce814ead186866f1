//! Prometheus text format and OpenMetrics: HELP/TYPE/UNIT, escaped label values, NaN/±Inf,
//! timestamps (ms in the text format, float seconds in OpenMetrics), histograms, summaries,
//! `_created`, exemplars and `# EOF`. Bad lines are reported with their number and skipped.

use crate::core::model::parse_value;
use crate::core::model::Labels;
use crate::core::text::split_while;

#[derive(Clone, Debug, PartialEq)]
pub struct Family {
    pub name: String,
    /// counter, gauge, histogram, summary, untyped, info, stateset, gaugehistogram, unknown
    pub kind: String,
    pub help: String,
    pub unit: String,
    pub samples: Vec<ExpSample>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpSample {
    /// Full sample name, e.g. `http_requests_total` or `rpc_seconds_bucket`.
    pub name: String,
    pub labels: Labels,
    pub value: f64,
    pub timestamp_ms: Option<i64>,
    pub exemplar: Option<Exemplar>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Exemplar {
    pub labels: Labels,
    pub value: f64,
    pub timestamp_ms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Parsed {
    pub families: Vec<Family>,
    /// (1-based line number, what is wrong)
    pub errors: Vec<(usize, String)>,
    pub openmetrics: bool,
    pub saw_eof: bool,
}

impl Parsed {
    pub fn sample_count(&self) -> usize {
        self.families.iter().map(|f| f.samples.len()).sum()
    }
}

const SUFFIXES: &[&str] = &[
    "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info",
];

/// Parses a whole exposition. `openmetrics` selects timestamp units; `None` decides by the
/// presence of a `# EOF` line.
pub fn parse(text: &str, openmetrics: Option<bool>) -> Parsed {
    let om = openmetrics.unwrap_or_else(|| text.lines().any(|l| l.trim_end() == "# EOF"));
    let mut out = Parsed {
        openmetrics: om,
        ..Default::default()
    };
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        if out.saw_eof {
            out.errors.push((i + 1, "content after # EOF".into()));
            break;
        }
        let result = if let Some(rest) = line.strip_prefix('#') {
            comment(&mut out, rest)
        } else {
            sample_line(line, om).map(|s| add_sample(&mut out, s))
        };
        if let Err(e) = result {
            out.errors.push((i + 1, e));
        }
    }
    out
}

/// Runs `f` on the family called `name`, added first (untyped, empty) when there is none.
fn with_family<R>(out: &mut Parsed, name: &str, f: impl FnOnce(&mut Family) -> R) -> R {
    if let Some(fam) = out.families.iter_mut().find(|fam| fam.name == name) {
        return f(fam);
    }
    let mut fam = Family {
        name: name.to_string(),
        kind: "untyped".into(),
        help: String::new(),
        unit: String::new(),
        samples: vec![],
    };
    let result = f(&mut fam);
    out.families.push(fam);
    result
}

fn comment(out: &mut Parsed, rest: &str) -> Result<(), String> {
    let rest = rest.trim_start();
    if rest.trim_end() == "EOF" {
        out.saw_eof = true;
        return Ok(());
    }
    let (keyword, tail) = rest.split_once(' ').unwrap_or((rest, ""));
    if !matches!(keyword, "HELP" | "TYPE" | "UNIT") {
        return Ok(()); // an ordinary comment
    }
    let tail = tail.trim_start();
    let (name, value) = tail.split_once(' ').unwrap_or((tail, ""));
    if name.is_empty() {
        return Err(format!("# {keyword} without a metric name"));
    }
    with_family(out, name, |fam| {
        match keyword {
            "HELP" => fam.help = unescape_help(value),
            "UNIT" => fam.unit = value.trim().to_string(),
            _ => {
                let kind = value.trim();
                if ![
                    "counter",
                    "gauge",
                    "histogram",
                    "summary",
                    "untyped",
                    "info",
                    "stateset",
                    "gaugehistogram",
                    "unknown",
                ]
                .contains(&kind)
                {
                    return Err(format!("unknown metric type \"{kind}\" for {name}"));
                }
                fam.kind = kind.to_string();
            }
        }
        Ok(())
    })
}

fn add_sample(out: &mut Parsed, s: ExpSample) {
    // Attach to the declared family this sample belongs to (name or name + known suffix).
    let declared = out.families.iter_mut().rev().find(|f| {
        s.name == f.name
            || SUFFIXES
                .iter()
                .any(|suf| s.name.strip_suffix(suf) == Some(f.name.as_str()))
    });
    match declared {
        Some(f) => f.samples.push(s),
        None => {
            let name = s.name.clone();
            with_family(out, &name, |f| f.samples.push(s));
        }
    }
}

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
                    Some('n') => out.push('\n'),
                    Some('\\') => out.push('\\'),
                    Some('"') => out.push('"'),
                    Some(other) => {
                        out.push('\\');
                        out.push(other);
                    }
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

fn timestamp(tok: &str, om: bool) -> Result<i64, String> {
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

fn sample_line(line: &str, om: bool) -> Result<ExpSample, String> {
    let mut c = Cursor::new(line);
    let mut name = c.name().to_string();
    let mut lbls = Labels::new();
    if c.peek() == Some('{') {
        let (l, qn) = labels(&mut c)?;
        lbls = l;
        if let Some(q) = qn {
            name = q;
        }
    }
    if name.is_empty() {
        return Err("expected a metric name".into());
    }
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

/// HELP text escapes, read left to right: `\\\\` is a backslash, `\\n` a line break; any other
/// backslash stays as written.
fn unescape_help(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests;
