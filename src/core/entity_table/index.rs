//! An index over one entity list, built once per load, so the entity table's search, facet
//! filters, facet counts, sorting and grouping do integer work per row instead of building a
//! string per cell on every click and keystroke: each row's searchable text lowercased once
//! into one string, and each column the table filters, counts or sorts by interned (every row
//! holds a value number) on first use, with its sort order computed once.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::column::{Column, Interner};
use super::{text_match, Counts, Field, COLUMNS, FACETS};
use crate::core::inventory::Entity;

/// Separates cells in the search text; a needle holding it is searched cell by cell.
const SEP: char = '\0';

/// Builds an index a piece at a time (`add` the rows in order, then `finish`), so a long list
/// can be indexed between frames.
pub struct IndexBuilder {
    text: String,
    ends: Vec<u32>,
    columns: Vec<Interner>,
}

impl IndexBuilder {
    /// An index of about `rows` rows with `columns` interned as it goes.
    pub fn new(rows: usize, columns: &[&str]) -> IndexBuilder {
        IndexBuilder {
            text: String::with_capacity(rows * 128),
            ends: Vec::with_capacity(rows),
            columns: columns.iter().map(|c| Interner::new(c)).collect(),
        }
    }

    /// Indexes the next rows.
    pub fn add(&mut self, entities: &[Entity]) {
        let fields = COLUMNS.map(Field::of);
        let names: Vec<String> = self.columns.iter().map(|c| c.col.clone()).collect();
        let interned: Vec<Field> = names.iter().map(|c| Field::of(c)).collect();
        // Row by row: an entity's strings lie together in memory, so each is read from cache.
        for e in entities {
            let cells = fields.iter().map(|f| f.read(e));
            for v in cells.chain(e.labels.values().map(|v| Cow::Borrowed(v.as_str()))) {
                push_lower(&mut self.text, &v);
                self.text.push(SEP);
            }
            self.ends.push(self.text.len() as u32);
            for (c, f) in self.columns.iter_mut().zip(&interned) {
                c.push(f.read(e));
            }
        }
    }

    pub fn finish(self) -> EntityIndex {
        EntityIndex {
            text: self.text,
            ends: self.ends,
            columns: Mutex::new(self.columns.into_iter().map(Interner::finish).collect()),
        }
    }
}

/// The index of one entity list (pass the same list to every method).
#[derive(Debug)]
pub struct EntityIndex {
    /// Every row's lowercased cells and label values, each followed by `SEP`.
    text: String,
    /// Where each row's text ends (its last `SEP` + 1).
    ends: Vec<u32>,
    columns: Mutex<BTreeMap<String, Arc<Column>>>,
}

/// Rows that pass the search and every filter, and the facet counts around them.
#[derive(Debug, Default)]
pub struct Selection {
    /// Per row: shown or not.
    pub pass: Vec<bool>,
    /// How many rows are shown.
    pub shown: usize,
    pub counts: Counts,
}

/// Appends `s` lowercased (as `str::to_lowercase` does it, without a copy when ASCII).
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        if let Some(t) = out.get_mut(start..) {
            t.make_ascii_lowercase();
        }
    } else {
        out.push_str(&s.to_lowercase());
    }
}

impl EntityIndex {
    /// The index of `entities`, with the facet columns interned.
    pub fn new(entities: &[Entity]) -> EntityIndex {
        let mut b = IndexBuilder::new(entities.len(), &FACETS);
        b.add(entities);
        b.finish()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// A column, interned on first use.
    pub fn column(&self, entities: &[Entity], col: &str) -> Arc<Column> {
        let mut cols = self.columns.lock().unwrap_or_else(PoisonError::into_inner);
        cols.entry(col.to_string())
            .or_insert_with(|| {
                let (mut i, f) = (Interner::new(col), Field::of(col));
                entities.iter().for_each(|e| i.push(f.read(e)));
                i.finish().1
            })
            .clone()
    }

    /// Per row: does any cell or label value contain `needle` (already lowercased)?
    pub fn search(&self, entities: &[Entity], needle: &str) -> Vec<bool> {
        if needle.is_empty() {
            return vec![true; self.len()];
        }
        if needle.contains(SEP) {
            return entities.iter().map(|e| text_match(e, needle)).collect();
        }
        let mut hits = vec![false; self.len()];
        let (mut from, mut row) = (0usize, 0usize);
        while let Some(at) = self.text.get(from..).and_then(|t| t.find(needle)) {
            let at = from + at;
            while self.ends.get(row).is_some_and(|&end| end as usize <= at) {
                row += 1;
            }
            let Some(hit) = hits.get_mut(row) else { break };
            *hit = true;
            // The next row: this one is found.
            from = self.ends.get(row).map_or(usize::MAX, |&end| end as usize);
        }
        hits
    }

    /// As `search`, among the rows `found` marks only (hits of a needle that `needle` contains:
    /// typing narrows the last answer instead of reading everything again).
    pub fn narrow(&self, entities: &[Entity], needle: &str, found: &[bool]) -> Vec<bool> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&e| e as usize));
        let rows = starts.zip(self.ends.iter()).zip(found);
        if needle.contains(SEP) {
            let es = entities.iter().zip(found);
            return es.map(|(e, &f)| f && text_match(e, needle)).collect();
        }
        rows.map(|((start, &end), &f)| {
            f && self
                .text
                .get(start..end as usize)
                .is_some_and(|t| t.contains(needle))
        })
        .collect()
    }

    /// Rows among `hits` that pass every filter (a row passes when its cell is one of the
    /// column's values), with each of `facets`' values counted among the rows that pass every
    /// *other* filter (so choosing a value never hides its siblings), most frequent first.
    pub fn select(
        &self,
        entities: &[Entity],
        hits: &[bool],
        filters: &BTreeMap<String, Vec<String>>,
        facets: &[&str],
    ) -> Selection {
        let facet_cols: Vec<Arc<Column>> =
            facets.iter().map(|f| self.column(entities, f)).collect();
        // Each filter: its column, the values it accepts, and the facet it narrows (if any).
        let parts: Vec<(Arc<Column>, Vec<bool>, Option<usize>)> = filters
            .iter()
            .map(|(col, wanted)| {
                let column = self.column(entities, col);
                let accept = column.values.iter().map(|v| wanted.contains(v)).collect();
                (column, accept, facets.iter().position(|f| f == col))
            })
            .collect();
        let mut counts: Vec<Vec<usize>> =
            facet_cols.iter().map(|c| vec![0; c.values.len()]).collect();
        let mut pass = vec![false; self.len()];
        let mut shown = 0;
        for (r, (&hit, ok)) in hits.iter().zip(pass.iter_mut()).enumerate() {
            if !hit {
                continue;
            }
            // One pass: a row counts in every facet when it passes all filters, and only in
            // the one facet whose own filter it fails when it fails exactly one.
            let (mut failures, mut failed) = (0, None);
            for (column, accept, facet) in &parts {
                if !accept.get(column.id(r)).copied().unwrap_or(false) {
                    failures += 1;
                    failed = Some(*facet);
                    if failures > 1 {
                        break;
                    }
                }
            }
            let counted = |f: usize| failures == 0 || (failures == 1 && failed == Some(Some(f)));
            for (f, (column, n)) in facet_cols.iter().zip(counts.iter_mut()).enumerate() {
                if counted(f) {
                    if let Some(n) = n.get_mut(column.id(r)) {
                        *n += 1;
                    }
                }
            }
            *ok = failures == 0;
            shown += usize::from(failures == 0);
        }
        let counts = facets
            .iter()
            .zip(facet_cols.iter().zip(counts))
            .map(|(f, (column, n))| {
                let mut v: Vec<(String, usize)> = (column.values.iter().zip(n))
                    .filter(|(_, n)| *n > 0)
                    .map(|(v, n)| (v.clone(), n))
                    .collect();
                most_first(&mut v);
                (f.to_string(), v)
            })
            .collect();
        Selection {
            pass,
            shown,
            counts,
        }
    }

    /// The rows `pass` keeps, in row order or sorted by (column, descending).
    pub fn ordered(
        &self,
        entities: &[Entity],
        pass: &[bool],
        sort: Option<&(String, bool)>,
    ) -> Vec<usize> {
        let keep = |r: &usize| pass.get(*r).copied().unwrap_or(false);
        match sort {
            None => (0..pass.len()).filter(keep).collect(),
            Some((col, desc)) => {
                let column = self.column(entities, col);
                let order = column.order().iter().map(|&r| r as usize);
                if *desc {
                    order.rev().filter(keep).collect()
                } else {
                    order.filter(keep).collect()
                }
            }
        }
    }

    /// `rows` grouped by a column's value: (value, row indices), groups in value order.
    pub fn group(
        &self,
        entities: &[Entity],
        rows: &[usize],
        col: &str,
    ) -> Vec<(String, Vec<usize>)> {
        let column = self.column(entities, col);
        let mut g: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &r in rows {
            g.entry(column.value(r)).or_default().push(r);
        }
        g.into_iter().map(|(v, rs)| (v.to_string(), rs)).collect()
    }
}

/// A facet's values, most frequent first, then by value. Both count paths call this one function,
/// so the sort is compiled once.
fn most_first(v: &mut [(String, usize)]) {
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
}

#[cfg(test)]
mod tests {
    use super::super::{cell, sort_key, synthetic, Query};
    use super::*;

    /// The definition the index must agree with: every cell built and compared as text.
    fn reference(es: &[Entity], q: &Query) -> (Vec<usize>, Counts) {
        let needle = q.text.to_lowercase();
        let passes_except = |e: &Entity, skip: Option<&str>| {
            text_match(e, &needle)
                && (q.filters.iter())
                    .filter(|(c, _)| Some(c.as_str()) != skip)
                    .all(|(c, vals)| vals.contains(&cell(e, c)))
        };
        let mut rows: Vec<usize> = (0..es.len())
            .filter(|&i| passes_except(&es[i], None))
            .collect();
        if let Some((col, desc)) = &q.sort {
            rows.sort_by_cached_key(|&i| {
                let c = cell(&es[i], col);
                let (a, b, _) = sort_key(&c);
                (a, b, c.clone())
            });
            if *desc {
                rows.reverse();
            }
        }
        let counts = FACETS
            .iter()
            .map(|f| {
                let mut n: BTreeMap<String, usize> = BTreeMap::new();
                for e in es.iter().filter(|e| passes_except(e, Some(f))) {
                    *n.entry(cell(e, f)).or_default() += 1;
                }
                let mut v: Vec<(String, usize)> = n.into_iter().collect();
                most_first(&mut v);
                (f.to_string(), v)
            })
            .collect();
        (rows, counts)
    }

    #[test]
    fn agrees_with_comparing_every_cell() {
        let mut es = synthetic(2000);
        es[3].name = "ÄRGER-Σ".into();
        es[4].labels.insert("note".into(), "Grüße\0x".into());
        es[5].replicas_available = None;
        let index = EntityIndex::new(&es);
        let params: [&[(&str, &str)]; 9] = [
            &[],
            &[("q", "svc-19")],
            &[("q", "ärger-ς")],
            &[("q", "grüsse"), ("sort", "name")],
            &[("q", "\0x")],
            &[
                ("f.owner", "team-1,team-4"),
                ("f.kind", "Node"),
                ("sort", "-replicas"),
            ],
            &[
                ("f.label:tier", "2"),
                ("f.cluster", "cluster-3"),
                ("sort", "label:tier"),
            ],
            &[
                ("q", "9"),
                ("f.version", "1.2.2,1.0.0"),
                ("sort", "-namespace"),
            ],
            &[("f.name", "svc-7"), ("f.source", "nowhere")],
        ];
        for p in params {
            let params = p
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let q = Query::from_params(&params);
            let hits = index.search(&es, &q.text.to_lowercase());
            let s = index.select(&es, &hits, &q.filters, &FACETS);
            let rows = index.ordered(&es, &s.pass, q.sort.as_ref());
            let (want_rows, want_counts) = reference(&es, &q);
            assert_eq!(rows, want_rows, "{p:?}");
            assert_eq!(s.shown, rows.len(), "{p:?}");
            assert_eq!(s.counts, want_counts, "{p:?}");
            assert_eq!(super::super::apply(&es, &q), want_rows, "{p:?}");
            // Narrowing the hits of a shorter needle finds the same rows.
            let shorter: String = q.text.to_lowercase().chars().skip(1).collect();
            let wider = index.search(&es, &shorter);
            assert_eq!(
                index.narrow(&es, &q.text.to_lowercase(), &wider),
                hits,
                "{p:?}"
            );
        }
    }

    #[test]
    fn groups_in_value_order() {
        let es = synthetic(100);
        let index = EntityIndex::new(&es);
        let rows: Vec<usize> = (0..100).rev().collect();
        let g = index.group(&es, &rows, "lifecycle");
        let names: Vec<&str> = g.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(names, ["deprecated", "experimental", "production"]);
        assert_eq!(g[2].1.first(), Some(&99));
        assert_eq!(g.iter().map(|(_, r)| r.len()).sum::<usize>(), 100);
    }
}
