//! Prometheus text format and OpenMetrics: HELP/TYPE/UNIT, escaped label values, NaN/±Inf,
//! timestamps (ms in the text format, float seconds in OpenMetrics), histograms, summaries,
//! `_created`, exemplars and `# EOF`. Bad lines are reported with their number and skipped.
//! Read from the document's bytes a piece at a time ([`Reader::step`]), in time linear in the
//! text; a line whose series key was seen before is read without allocating ([`fast`]), and
//! samples are kept compactly ([`store`]).

mod comment;
mod fast;
mod label;
mod line;
mod store;

use std::collections::HashMap;

use crate::core::model::Labels;
pub use label::Unusual;
pub use store::Columns;
use store::{Interner, Key};

#[derive(Clone, Debug, PartialEq)]
pub struct Family {
    pub name: String,
    /// counter, gauge, histogram, summary, untyped, info, stateset, gaugehistogram, unknown
    pub kind: String,
    pub help: String,
    pub unit: String,
    pub samples: Columns,
}

/// One sample written out with its name and labels (see [`Parsed::samples_of`]).
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
    /// The bytes the series keys are spans of: the document, or only its keys.
    text: Vec<u8>,
    /// Series (distinct keys) by id.
    keys: Vec<Key>,
    /// Metric names by id.
    names: Vec<String>,
}

impl Parsed {
    pub fn sample_count(&self) -> usize {
        self.families.iter().map(|f| f.samples.len()).sum()
    }

    /// How many distinct series keys were read (ids are `0..series_count()`).
    pub fn series_count(&self) -> usize {
        self.keys.len()
    }

    /// The id of metric name `name`, when a sample has it.
    pub fn name_id(&self, name: &str) -> Option<u32> {
        let at = self.names.iter().position(|n| n == name)?;
        u32::try_from(at).ok()
    }

    /// The metric name with id `id`.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }

    /// The metric name of series `id`.
    pub fn series_name(&self, id: u32) -> &str {
        let name = self.keys.get(id as usize).map(|k| k.name as usize);
        name.and_then(|n| self.names.get(n))
            .map_or("", String::as_str)
    }

    /// The labels of series `id`, read again from its key.
    pub fn series_labels(&self, id: u32) -> Labels {
        let key = self.keys.get(id as usize);
        let text = key.and_then(|k| self.text.get(k.start as usize..k.end as usize));
        line::series_key(&String::from_utf8_lossy(text.unwrap_or_default())).1
    }

    /// The samples of `family` written out with names and labels.
    pub fn samples_of(&self, family: &Family) -> Vec<ExpSample> {
        let s = &family.samples;
        let each = s
            .iter()
            .enumerate()
            .map(|(at, (id, value, timestamp_ms))| ExpSample {
                name: self.series_name(id).to_string(),
                labels: self.series_labels(id),
                value,
                timestamp_ms,
                exemplar: s.exemplar(at).cloned(),
            });
        each.collect()
    }
}

const SUFFIXES: &[&str] = &[
    "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info",
];

/// Parses a whole exposition. `openmetrics` selects timestamp units; `None` decides by the
/// presence of a `# EOF` line.
pub fn parse(text: &str, openmetrics: Option<bool>) -> Parsed {
    let mut r = Reader::new(text.as_bytes().to_vec(), openmetrics);
    while r.step(usize::MAX) {}
    r.finish()
}

/// Whether a line is `# EOF` (trailing white space allowed).
fn is_eof(line: &[u8]) -> bool {
    line.strip_prefix(b"# EOF")
        .is_some_and(|rest| std::str::from_utf8(rest).is_ok_and(|r| r.trim_end().is_empty()))
}

/// Whether a line is only white space (as `str::trim` sees it).
fn is_blank(line: &[u8]) -> bool {
    match line.iter().find(|&&b| !matches!(b, 9..=13 | b' ')) {
        None => true,
        Some(&b) if b >= 0x80 => String::from_utf8_lossy(line).trim().is_empty(),
        Some(_) => false,
    }
}

/// Reads an exposition from its bytes, whole lines at a time, so a large file can be read
/// between other work. Families are found by name through an index, series keys through an
/// [`Interner`]: the time per line grows with neither.
pub struct Reader {
    out: Parsed,
    /// Family name → its position in `out.families`.
    index: HashMap<String, usize>,
    /// Metric name → its id in `out.names`.
    name_ids: HashMap<String, u32>,
    interner: Interner,
    /// Per metric name: its family, and how many families there were when that was decided
    /// (a family declared later may take its next samples).
    placed: Vec<(usize, usize)>,
    /// The next byte to read.
    at: usize,
    /// Where the search for `# EOF` goes on (None: done or not needed).
    detect: Option<usize>,
    line: usize,
    done: bool,
    /// Whether lines with a known series key are read by [`fast`] (off only in tests, to check
    /// that both ways read the same).
    fast: bool,
}

/// Work units per byte of a line whose series key is new (including the byte itself).
pub const NEW_KEY_COST: usize = 2;
/// … and of a line the full parser reads (anything unusual).
const FULL_PARSE_COST: usize = 8;

impl Reader {
    /// A reader of `text`; `openmetrics` as the caller knows it (content type), else decided
    /// by a `# EOF` line before the first sample is read.
    pub fn new(text: Vec<u8>, openmetrics: Option<bool>) -> Reader {
        Reader {
            out: Parsed {
                openmetrics: openmetrics.unwrap_or(false),
                text,
                ..Default::default()
            },
            index: HashMap::new(),
            name_ids: HashMap::new(),
            interner: Interner::default(),
            placed: Vec::new(),
            at: 0,
            detect: openmetrics.is_none().then_some(0),
            line: 0,
            done: false,
            fast: true,
        }
    }

    /// Reads whole lines until about `budget` units of work are done (a byte of a line whose
    /// series key was seen before is one unit). Whether text remains to be read.
    pub fn step(&mut self, budget: usize) -> bool {
        let text = std::mem::take(&mut self.out.text);
        let mut spent = 0;
        while let Some(from) = self.detect.filter(|_| spent < budget) {
            let rest = text.get(from..).unwrap_or_default();
            let n = fast::newline(rest).unwrap_or(rest.len());
            if is_eof(rest.get(..n).unwrap_or_default()) {
                self.out.openmetrics = true;
            }
            let next = from + n + 1;
            self.detect = (next < text.len() && !self.out.openmetrics).then_some(next);
            spent += n / 4 + 1;
        }
        while spent < budget && !self.done && self.detect.is_none() && self.at < text.len() {
            let rest = text.get(self.at..).unwrap_or_default();
            let n = fast::newline(rest).unwrap_or(rest.len());
            let start = self.at;
            self.at += n + 1;
            self.line += 1;
            spent += n + 1 + self.read_line(&text, start, start + n);
        }
        self.out.text = text;
        !self.done && self.at < self.out.text.len()
    }

    /// The exposition read. When the distinct series keys are a small part of the document,
    /// they are copied out and the document is let go.
    pub fn finish(mut self) -> Parsed {
        let out = &mut self.out;
        out.families.iter_mut().for_each(|f| f.samples.shrink());
        out.keys.shrink_to_fit();
        let used: usize = out.keys.iter().map(|k| (k.end - k.start) as usize).sum();
        if used < out.text.len() / 4 {
            let mut text = Vec::with_capacity(used);
            for k in &mut out.keys {
                let bytes = out.text.get(k.start as usize..k.end as usize);
                let start = text.len();
                text.extend_from_slice(bytes.unwrap_or_default());
                (k.start, k.end) = (len32(start), len32(text.len()));
            }
            out.text = text;
        }
        self.out
    }

    /// Reads the line `text[start..end]`; the work it took beyond its length.
    fn read_line(&mut self, text: &[u8], start: usize, end: usize) -> usize {
        let raw = text.get(start..end).unwrap_or_default();
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if is_blank(line) {
            return 0;
        }
        if self.out.saw_eof {
            let error = (self.line, "content after # EOF".to_string());
            self.out.errors.push(error);
            self.done = true;
            return 0;
        }
        if let Some(rest) = line.strip_prefix(b"#") {
            if let Err(e) = self.comment(&String::from_utf8_lossy(rest)) {
                self.out.errors.push((self.line, e));
            }
            return 0;
        }
        let key_len = fast::key_end(line);
        let key = key_len.and_then(|k| line.split_at_checked(k));
        let h = key.map_or(0, |(key, _)| fast::hash(key));
        if let Some((key, rest)) = key.filter(|_| self.fast) {
            if let Some(t) = fast::tail(rest, self.out.openmetrics) {
                let (seen, end) = (
                    self.interner.find(text, &self.out.keys, key, h),
                    start + key.len(),
                );
                let id = seen.or_else(|| {
                    let name = fast::simple_key(key)?;
                    Some(self.series(text, start, end, h, name))
                });
                if let Some(id) = id {
                    self.add(id, t.value, t.timestamp_ms, None);
                    return if seen.is_some() {
                        0
                    } else {
                        line.len() * (NEW_KEY_COST - 1)
                    };
                }
            }
        }
        match line::sample_line(&String::from_utf8_lossy(line), self.out.openmetrics) {
            Ok(s) => match key_len {
                Some(k) => {
                    let id = self.series(text, start, start + k, h, &s.name);
                    self.add(id, s.value, s.timestamp_ms, s.exemplar);
                }
                None => self
                    .out
                    .errors
                    .push((self.line, "unbalanced braces".into())),
            },
            Err(e) => self.out.errors.push((self.line, e)),
        }
        line.len() * (FULL_PARSE_COST - 1)
    }

    /// The id of the series key `text[start..end]` (hash `h`), added when new.
    fn series(&mut self, text: &[u8], start: usize, end: usize, h: u32, name: &str) -> u32 {
        let key = text.get(start..end).unwrap_or_default();
        if let Some(id) = self.interner.find(text, &self.out.keys, key, h) {
            return id;
        }
        let last = self.out.keys.last().map(|k| k.name);
        let name = match last.filter(|&n| self.out.names.get(n as usize).is_some_and(|l| l == name))
        {
            Some(n) => n,
            None => match self.name_ids.get(name) {
                Some(&n) => n,
                None => {
                    let n = len32(self.out.names.len());
                    self.out.names.push(name.to_string());
                    self.name_ids.insert(name.to_string(), n);
                    self.placed.push((0, usize::MAX));
                    n
                }
            },
        };
        let id = len32(self.out.keys.len());
        let (start, end) = (len32(start), len32(end));
        self.out.keys.push(Key { start, end, name });
        self.interner.add(id, h);
        id
    }

    fn add(&mut self, id: u32, value: f64, timestamp_ms: Option<i64>, ex: Option<Exemplar>) {
        let at = self.family_of(id);
        let name = self.out.keys.get(id as usize).map_or(0, |k| k.name);
        if let Some(f) = self.out.families.get_mut(at) {
            f.samples.push(id, name, value, timestamp_ms);
            if let Some(e) = ex {
                f.samples.push_exemplar(e);
            }
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
                    samples: Columns::default(),
                });
                self.index.insert(name.to_string(), i);
                i
            }
        };
        self.out.families.get_mut(at)
    }

    /// Where the next sample of series `id` goes: the latest declared family its name belongs
    /// to (the name, or the name less a known suffix), else a family of its own name.
    fn family_of(&mut self, id: u32) -> usize {
        let families = self.out.families.len();
        let n = self
            .out
            .keys
            .get(id as usize)
            .map_or(0, |k| k.name as usize);
        match self.placed.get(n) {
            Some(&(at, when)) if when == families => return at,
            _ => {}
        }
        let name = self.out.names.get(n).map_or("", String::as_str);
        let declared = std::iter::once(name)
            .chain(SUFFIXES.iter().filter_map(|suf| name.strip_suffix(suf)))
            .filter_map(|n| self.index.get(n).copied())
            .max();
        let at = match declared {
            Some(i) => i,
            None => {
                let name = name.to_string();
                self.family(&name);
                self.index.get(&name).copied().unwrap_or(usize::MAX)
            }
        };
        let when = self.out.families.len();
        if let Some(p) = self.placed.get_mut(n) {
            *p = (at, when);
        }
        at
    }
}

/// A position or length in a document (read documents are at most a few hundred MB).
fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
