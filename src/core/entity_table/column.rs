//! A column of the entity table interned: each distinct value stored once, each row holding
//! its value's number, so filters and facet counts compare integers; its sort order computed
//! on the first sort by it and kept.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use super::sort_key;

/// FxHash (as in rustc): a few instructions per 8 bytes, for the short cell values interned
/// here (SipHash made interning 100,000 rows' facets take a fifth of a second).
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.iter_mut().zip(chunk).for_each(|(w, b)| *w = *b);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// Interns one column's values as rows arrive.
pub(super) struct Interner {
    pub(super) col: String,
    seen: HashMap<String, u32, BuildHasherDefault<Fx>>,
    values: Vec<String>,
    ids: Vec<u32>,
}

impl Interner {
    pub(super) fn new(col: &str) -> Interner {
        Interner {
            col: col.to_string(),
            seen: HashMap::default(),
            values: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// Interns `v`, the next row's value.
    pub(super) fn push(&mut self, v: Cow<str>) {
        // Neighbouring rows often share a value (a namespace's workloads): no lookup then.
        let last = self.ids.last().copied();
        let same = |l: &u32| self.values.get(*l as usize).is_some_and(|lv| *lv == v);
        let id = match last.filter(same) {
            Some(id) => id,
            None => match self.seen.get(v.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = self.values.len() as u32;
                    self.values.push(v.to_string());
                    self.seen.insert(v.into_owned(), id);
                    id
                }
            },
        };
        self.ids.push(id);
    }

    pub(super) fn finish(self) -> (String, Arc<Column>) {
        let column = Column {
            values: self.values,
            ids: self.ids,
            order: OnceLock::new(),
        };
        (self.col, Arc::new(column))
    }
}

/// One column's values, interned: row `r` holds `values[ids[r]]`.
#[derive(Debug)]
pub struct Column {
    pub values: Vec<String>,
    ids: Vec<u32>,
    /// Row indices in ascending sort order (computed on the first sort by this column).
    order: OnceLock<Vec<u32>>,
}

impl Column {
    /// The value number of row `r`.
    pub(super) fn id(&self, r: usize) -> usize {
        self.ids.get(r).map_or(usize::MAX, |&i| i as usize)
    }

    /// The value of row `r`.
    pub fn value(&self, r: usize) -> &str {
        self.values.get(self.id(r)).map_or("", String::as_str)
    }

    /// Every row, ascending by this column (stable: ties keep their row order). Numbers sort
    /// numerically (replicas by available), before text.
    pub fn order(&self) -> &[u32] {
        self.order.get_or_init(|| {
            let mut by_key: Vec<(usize, &String)> = self.values.iter().enumerate().collect();
            by_key.sort_by_cached_key(|(_, v)| sort_key(v));
            let mut rank = vec![0u32; self.values.len()];
            for (r, (id, _)) in by_key.into_iter().enumerate() {
                if let Some(x) = rank.get_mut(id) {
                    *x = r as u32;
                }
            }
            let mut rows: Vec<u32> = (0..self.ids.len() as u32).collect();
            rows.sort_by_key(|&r| rank.get(self.id(r as usize)).copied());
            rows
        })
    }
}
