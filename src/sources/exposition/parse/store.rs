//! How a parsed exposition keeps its samples small. Each distinct series key (the metric name
//! and its `{…}` exactly as written) is stored once, as a span of the document's own bytes, and
//! its labels are read again only when a selection asks for them; samples are three columns
//! (series, value, timestamp) per family. A million samples of 50 series take 20 bytes each,
//! not a label map each.

use super::Exemplar;

/// A timestamp column entry for a sample sent without one. (A sample really sent at this
/// instant, 292 million years BC, is kept one millisecond later.)
const NO_TIME: i64 = i64::MIN;

/// Where a series key lies in the document, and its metric name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Key {
    pub start: u32,
    pub end: u32,
    pub name: u32,
}

/// The samples of one family, in the order read.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Columns {
    series: Vec<u32>,
    values: Vec<f64>,
    times: Vec<i64>,
    /// (position of the sample, its exemplar), by position.
    exemplars: Vec<(u32, Exemplar)>,
    /// The metric names of its samples (ids), and the lowest and highest series id among
    /// them: a selection skips the families it cannot match and keeps state for the rest only.
    names: Vec<u32>,
    ids: Option<(u32, u32)>,
}

impl Columns {
    pub(super) fn push(&mut self, series: u32, name: u32, value: f64, timestamp_ms: Option<i64>) {
        if self.names.last() != Some(&name) && !self.names.contains(&name) {
            self.names.push(name);
        }
        let (lo, hi) = self.ids.unwrap_or((series, series));
        self.ids = Some((lo.min(series), hi.max(series)));
        // The time column is only written once a sample has a timestamp (a /metrics page's
        // have none): until then it is empty, and every sample so far had none.
        match timestamp_ms {
            Some(t) => {
                self.times.resize(self.series.len(), NO_TIME);
                self.times.push(t.max(NO_TIME + 1));
            }
            None if !self.times.is_empty() => self.times.push(NO_TIME),
            None => {}
        }
        self.series.push(series);
        self.values.push(value);
    }

    pub(super) fn push_exemplar(&mut self, exemplar: Exemplar) {
        let at = self.series.len().saturating_sub(1);
        self.exemplars
            .push((u32::try_from(at).unwrap_or(u32::MAX), exemplar));
    }

    pub fn len(&self) -> usize {
        self.series.len()
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// (series, value, timestamp) of every sample, in the order read.
    pub fn iter(&self) -> impl Iterator<Item = (u32, f64, Option<i64>)> + '_ {
        let times = self.times.iter().map(|&t| (t != NO_TIME).then_some(t));
        self.series
            .iter()
            .zip(&self.values)
            .zip(times.chain(std::iter::repeat(None)))
            .map(|((&s, &v), t)| (s, v, t))
    }

    /// The metric names (ids) of its samples.
    pub fn names(&self) -> &[u32] {
        &self.names
    }

    /// The lowest and highest series id of its samples (none when it has none).
    pub fn series_ids(&self) -> Option<(u32, u32)> {
        self.ids
    }

    /// The exemplar of the sample at `at`, if it had one.
    pub fn exemplar(&self, at: usize) -> Option<&Exemplar> {
        let i = self
            .exemplars
            .binary_search_by_key(&at, |(p, _)| *p as usize)
            .ok()?;
        self.exemplars.get(i).map(|(_, e)| e)
    }

    /// Gives back the room reserved for samples that never came.
    pub(super) fn shrink(&mut self) {
        self.series.shrink_to_fit();
        self.values.shrink_to_fit();
        self.times.shrink_to_fit();
    }
}

/// Finds series keys by their bytes while a document is read: open addressing over the keys'
/// ids, with each key's hash kept to skip most byte comparisons. Dropped once read.
#[derive(Default)]
pub(super) struct Interner {
    /// Key id + 1 per slot (0: empty); a power of two long, at most half full.
    slots: Vec<u32>,
    hashes: Vec<u32>,
}

impl Interner {
    /// The id of the key whose bytes are `key`.
    pub fn find(&self, text: &[u8], keys: &[Key], key: &[u8], h: u32) -> Option<u32> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = h as usize & mask;
        loop {
            let id = self.slots.get(at)?.checked_sub(1)?;
            let same = self.hashes.get(id as usize) == Some(&h)
                && keys
                    .get(id as usize)
                    .and_then(|k| text.get(k.start as usize..k.end as usize))
                    == Some(key);
            if same {
                return Some(id);
            }
            at = (at + 1) & mask;
        }
    }

    /// Records that key `id` (the next one) has hash `h`.
    pub fn add(&mut self, id: u32, h: u32) {
        self.hashes.push(h);
        if self.hashes.len() * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(1024);
            self.slots = vec![0; size];
            for (id, at) in (0u32..).zip(0..self.hashes.len()) {
                let h = self.hashes.get(at).copied().unwrap_or_default();
                self.place(id, h);
            }
        } else {
            self.place(id, h);
        }
    }

    fn place(&mut self, id: u32, h: u32) {
        let mask = self.slots.len().saturating_sub(1);
        let mut at = h as usize & mask;
        while let Some(slot) = self.slots.get_mut(at) {
            if *slot == 0 {
                *slot = id + 1;
                return;
            }
            at = (at + 1) & mask;
        }
    }
}
