//! Table rows written as markup and kept by key: the rows a change brings in are parsed in one
//! go (one `innerHTML` for all of them), the rows that stay keep their elements (and the
//! browser its layout of them), the rows that leave are removed.
//!
//! A 10,000-entity table's facet click brings every row in view anew (19, their overscan once
//! that frame is on screen: `ui::virtual_rows`). Built one Leptos view per row (an owner, a keyed entry, an
//! element and an `innerHTML` each), 27 of them were about 3 of the click's 5 ms of script; a
//! scroll still adds only the rows entering the view.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// The rows between two marker nodes of one parent, by key.
pub struct KeyedRows<K> {
    rows: HashMap<K, web_sys::Element>,
    /// A detached `<tbody>` the new rows are parsed in.
    scratch: Option<web_sys::Element>,
}

impl<K> Default for KeyedRows<K> {
    fn default() -> Self {
        KeyedRows {
            rows: HashMap::new(),
            scratch: None,
        }
    }
}

impl<K: Eq + Hash + Clone> KeyedRows<K> {
    /// Removes every row (the markup of all of them changed: other columns, another list).
    pub fn clear(&mut self) {
        for (_, el) in self.rows.drain() {
            el.remove();
        }
    }

    /// Shows `items`, in order, between `after` and `before` (siblings, `after` first). A row
    /// not shown yet is written by `html` (one `<tr>…</tr>`, its text escaped) into the string
    /// it is given; rows already shown are moved only where their order changed.
    pub fn show(
        &mut self,
        after: &web_sys::Element,
        before: &web_sys::Element,
        items: &[K],
        html: impl Fn(&K, &mut String),
    ) {
        let Some(parent) = before.parent_node() else {
            return;
        };
        let wanted: HashSet<&K> = items.iter().collect();
        self.rows.retain(|k, el| {
            let keep = wanted.contains(k);
            if !keep {
                el.remove();
            }
            keep
        });
        let mut fresh = self.parse(items, &html).into_iter();
        // The kept rows are in their old order, right after `after`: walk them, inserting each
        // item's row before the first one that is not its own.
        let mut cursor = after.next_element_sibling();
        for k in items {
            let el = match self.rows.get(k) {
                Some(el) => el.clone(),
                None => match fresh.next() {
                    Some(el) => {
                        self.rows.insert(k.clone(), el.clone());
                        el
                    }
                    None => continue,
                },
            };
            if cursor.as_ref() == Some(&el) {
                cursor = el.next_element_sibling();
            } else {
                let at: &web_sys::Node = cursor.as_ref().map_or(before, |c| c);
                let _ = parent.insert_before(&el, Some(at));
            }
        }
    }

    /// The new rows of `items` (those without an element), parsed in one go, in order.
    fn parse(&mut self, items: &[K], html: &impl Fn(&K, &mut String)) -> Vec<web_sys::Element> {
        let mut markup = String::new();
        let mut count = 0;
        for k in items.iter().filter(|k| !self.rows.contains_key(k)) {
            html(k, &mut markup);
            count += 1;
        }
        if count == 0 {
            return Vec::new();
        }
        let Some(scratch) = self.scratch() else {
            return Vec::new();
        };
        scratch.set_inner_html(&markup);
        let mut out = Vec::with_capacity(count);
        let mut next = scratch.first_element_child();
        while let Some(el) = next {
            next = el.next_element_sibling();
            out.push(el);
        }
        out
    }

    fn scratch(&mut self) -> Option<web_sys::Element> {
        if self.scratch.is_none() {
            let doc = web_sys::window()?.document()?;
            self.scratch = doc.create_element("tbody").ok();
        }
        self.scratch.clone()
    }
}
