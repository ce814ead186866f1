//! A column of the entity table interned: each distinct value stored once, each row holding
//! its value's number, so filters and facet counts compare integers; its sort order computed
//! on the first sort by it and kept.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use super::sort_key;

/// FxHash (as in rustc): a few instructions per 8 bytes, for the short cell values interned
/// here (SipHash made interning 100,000 rows' facets take a fifth of a second), finished with
/// MurmurHash3's mix: the table's bucket is the hash's low bits, and a product's low bits see
/// only its operands' low bits, the values' first bytes. Without it 100,000 names `svc-N` fell
/// in 1,056 buckets (`ns-N` in 32), and interning them was one 300 ms task at 100,000 entities.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(w) = word.get_mut(..rest.len()) {
                w.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    /// Values shaped like real cells spread over a table's buckets as random ones would: 10,000
    /// keys in 16,384 buckets fill about 7,500 of them.
    #[test]
    fn similar_values_spread_over_the_buckets() {
        let fx = BuildHasherDefault::<Fx>::default();
        for shape in ["svc-", "ns-", "team-", "reg/svc:", "payments-api-"] {
            let keys = (0..10_000).map(|i| format!("{shape}{i}"));
            let buckets: HashSet<u64> = keys.map(|k| fx.hash_one(k.as_str()) & 0x3fff).collect();
            assert!(buckets.len() > 7_000, "{shape}N: {} buckets", buckets.len());
        }
    }

    #[test]
    fn interns_each_value_once_in_row_order() {
        let mut i = Interner::new("owner");
        for v in ["b", "a", "b", "b", "c", "a"] {
            i.push(Cow::Borrowed(v));
        }
        let (col, c) = i.finish();
        assert_eq!(col, "owner");
        assert_eq!(c.values, ["b", "a", "c"]);
        let rows: Vec<&str> = (0..6).map(|r| c.value(r)).collect();
        assert_eq!(rows, ["b", "a", "b", "b", "c", "a"]);
        assert_eq!(c.order(), [1, 5, 0, 2, 3, 4]);
    }
}
