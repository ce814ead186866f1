//! Prometheus text format and OpenMetrics: HELP/TYPE/UNIT, escaped label values, NaN/±Inf,
//! timestamps (ms in the text format, float seconds in OpenMetrics), histograms, summaries,
//! `_created`, exemplars and `# EOF`. Bad lines are reported with their number and skipped.
//! Read whole or a piece at a time ([`Reader`]), in time linear in the text.

mod line;

use std::collections::HashMap;

use crate::core::model::Labels;

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
    let mut r = Reader::new(text, openmetrics);
    r.feed(text);
    r.finish()
}

/// Whether `text` is OpenMetrics: as the caller says (content type), else by a `# EOF` line.
pub fn is_openmetrics(text: &str, openmetrics: Option<bool>) -> bool {
    openmetrics.unwrap_or_else(|| text.lines().any(|l| l.trim_end() == "# EOF"))
}

/// Reads an exposition a piece at a time (whole lines per piece), so a large file can be read
/// between other work. Families are found by name through an index: the time per line does
/// not grow with the number of families.
pub struct Reader {
    out: Parsed,
    /// Family name → its position in `out.families`.
    index: HashMap<String, usize>,
    line: usize,
    done: bool,
}

impl Reader {
    /// A reader for `text` (looked at only to tell OpenMetrics by its `# EOF`).
    pub fn new(text: &str, openmetrics: Option<bool>) -> Reader {
        Reader {
            out: Parsed {
                openmetrics: is_openmetrics(text, openmetrics),
                ..Default::default()
            },
            index: HashMap::new(),
            line: 0,
            done: false,
        }
    }

    /// Reads `piece`: whole lines, the last one possibly without its line end.
    pub fn feed(&mut self, piece: &str) {
        for raw in piece.split_terminator('\n') {
            if self.done {
                return;
            }
            self.line += 1;
            self.read_line(raw.strip_suffix('\r').unwrap_or(raw));
        }
    }

    pub fn finish(self) -> Parsed {
        self.out
    }

    fn read_line(&mut self, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        if self.out.saw_eof {
            self.out
                .errors
                .push((self.line, "content after # EOF".into()));
            self.done = true;
            return;
        }
        let result = match line.strip_prefix('#') {
            Some(rest) => self.comment(rest),
            None => line::sample_line(line, self.out.openmetrics).map(|s| self.add_sample(s)),
        };
        if let Err(e) = result {
            self.out.errors.push((self.line, e));
        }
    }

    /// The family called `name`, added first (untyped, empty) when there is none.
    fn family(&mut self, name: &str) -> Option<&mut Family> {
        let at = match self.index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.out.families.len();
                self.out.families.push(Family {
                    name: name.to_string(),
                    kind: "untyped".into(),
                    help: String::new(),
                    unit: String::new(),
                    samples: vec![],
                });
                self.index.insert(name.to_string(), i);
                i
            }
        };
        self.out.families.get_mut(at)
    }

    /// Attaches a sample to the latest declared family it belongs to (its name, or its name
    /// less a known suffix), else to a family of its own name.
    fn add_sample(&mut self, s: ExpSample) {
        let declared = std::iter::once(s.name.as_str())
            .chain(SUFFIXES.iter().filter_map(|suf| s.name.strip_suffix(suf)))
            .filter_map(|n| self.index.get(n).copied())
            .max();
        let fam = match declared {
            Some(i) => self.out.families.get_mut(i),
            None => {
                let name = s.name.clone();
                self.family(&name)
            }
        };
        if let Some(f) = fam {
            f.samples.push(s);
        }
    }

    fn comment(&mut self, rest: &str) -> Result<(), String> {
        let rest = rest.trim_start();
        if rest.trim_end() == "EOF" {
            self.out.saw_eof = true;
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
        let Some(fam) = self.family(name) else {
            return Ok(());
        };
        match keyword {
            "HELP" => fam.help = unescape_help(value),
            "UNIT" => fam.unit = value.trim().to_string(),
            _ => {
                let kind = value.trim();
                if !KINDS.contains(&kind) {
                    return Err(format!("unknown metric type \"{kind}\" for {name}"));
                }
                fam.kind = kind.to_string();
            }
        }
        Ok(())
    }
}

const KINDS: [&str; 9] = [
    "counter",
    "gauge",
    "histogram",
    "summary",
    "untyped",
    "info",
    "stateset",
    "gaugehistogram",
    "unknown",
];

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
