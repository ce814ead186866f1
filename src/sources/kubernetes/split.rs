//! Cuts a List into its items, a piece of the body at a time: a byte scan that follows only
//! strings, brackets and commas finds the top-level `"items": [ … ]` and where each item
//! begins and ends. Nothing is checked here: each item is checked when it is read, and the
//! rest of the document (the List without its items) by serde, so that the List is accepted
//! exactly when reading it whole would accept it. A layout the scan does not follow (an
//! escaped `items` key, no `items` array, the array form of a struct) is cut by serde in one go.

use std::ops::Range;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::value::RawValue;

/// A List cut into items: its kind and each item's bytes in the body.
pub(super) struct Cut {
    pub kind: String,
    pub items: Vec<Range<usize>>,
}

/// What `Cut` comes from: the List as the Value-based reader read it (same name and fields),
/// with its items skipped (`Head`, on the List without them) or kept as slices (`Whole`).
#[derive(Deserialize)]
#[serde(rename = "List")]
struct Head {
    kind: String,
    #[serde(default, rename = "items")]
    _items: Vec<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename = "List")]
struct Whole<'a> {
    kind: String,
    #[serde(default, borrow)]
    items: Vec<&'a RawValue>,
}

/// Where the scan is.
#[derive(Default)]
pub(super) struct Scan {
    at: usize,
    depth: usize,
    /// Where the last string at depth 1 began and ended (a key, when a colon follows).
    last: Range<usize>,
    key: Range<usize>,
    /// Where the items array opens, and where the item being scanned begins.
    open: Option<usize>,
    item: usize,
    items: Vec<Range<usize>>,
    /// Where the items array closes; `failed` when the brackets do not match.
    close: Option<usize>,
    failed: bool,
}

impl Scan {
    /// Scans about `budget` more bytes; `false` once the scan is over.
    pub fn step(&mut self, body: &[u8], budget: usize) -> bool {
        let end = self.at.saturating_add(budget).min(body.len());
        while self.at < end && self.close.is_none() && !self.failed {
            let Some(&b) = body.get(self.at) else { break };
            match b {
                b'"' => {
                    let start = self.at;
                    self.at = string_end(body, start + 1);
                    if self.depth == 1 {
                        self.last = start..self.at;
                    }
                    continue;
                }
                b':' if self.depth == 1 => self.key = self.last.clone(),
                b'[' if self.depth == 1 && self.open.is_none() && self.is_items(body) => {
                    self.open = Some(self.at);
                    self.item = self.at + 1;
                    self.depth += 1;
                }
                b'{' | b'[' => self.depth += 1,
                b',' if self.depth == 2 && self.open.is_some() => {
                    self.items.push(self.item..self.at);
                    self.item = self.at + 1;
                }
                b'}' | b']' => {
                    if self.depth == 2 && self.open.is_some() {
                        self.items.push(self.item..self.at);
                        self.close = Some(self.at);
                    }
                    match self.depth.checked_sub(1) {
                        Some(d) => self.depth = d,
                        None => self.failed = true,
                    }
                }
                _ => {}
            }
            self.at += 1;
        }
        self.at < body.len() && self.close.is_none() && !self.failed
    }

    /// Whether the scan found the items array (else `finish` leaves the cut to serde).
    #[cfg(test)]
    pub fn found(&self) -> bool {
        self.close.is_some()
    }

    fn is_items(&self, body: &[u8]) -> bool {
        body.get(self.key.clone()) == Some(&b"\"items\""[..])
    }

    /// The List cut, its items trimmed of whitespace (an array of whitespace has no item);
    /// serde's error when it is not a List.
    pub fn finish(self, body: &[u8]) -> Result<Cut, serde_json::Error> {
        let (Some(open), Some(close)) = (self.open, self.close) else {
            return whole(body);
        };
        let mut rest = body.get(..=open).unwrap_or_default().to_vec();
        rest.extend_from_slice(body.get(close..).unwrap_or_default());
        let head: Head = serde_json::from_slice(&rest)?;
        let mut items: Vec<Range<usize>> = self.items.into_iter().map(|r| trim(body, r)).collect();
        if let [only] = items.as_slice() {
            if only.is_empty() {
                items.clear();
            }
        }
        Ok(Cut {
            kind: head.kind,
            items,
        })
    }
}

/// Where the string whose content begins at `from` ends (after its closing quote).
fn string_end(body: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(i) = body
        .get(at..)
        .and_then(|rest| rest.iter().position(|&c| c == b'"' || c == b'\\'))
    {
        at += i;
        if body.get(at) == Some(&b'"') {
            return at + 1;
        }
        at += 2; // a backslash and the character it escapes (`\uXXXX`: hex digits follow)
    }
    body.len()
}

/// `r` without the JSON whitespace around it.
fn trim(body: &[u8], r: Range<usize>) -> Range<usize> {
    let white = |i: &usize| matches!(body.get(*i), Some(b' ' | b'\t' | b'\n' | b'\r'));
    let start = r.clone().find(|i| !white(i)).unwrap_or(r.end);
    let end = (start..r.end)
        .rev()
        .find(|i| !white(i))
        .map_or(start, |i| i + 1);
    start..end
}

/// Cuts the List with serde in one go (layouts the scan does not follow).
pub(super) fn whole(body: &[u8]) -> Result<Cut, serde_json::Error> {
    let list: Whole = serde_json::from_slice(body)?;
    let base = body.as_ptr() as usize;
    let items = list.items.iter().map(|raw| {
        let start = (raw.get().as_ptr() as usize).wrapping_sub(base);
        start..start + raw.get().len()
    });
    Ok(Cut {
        kind: list.kind,
        items: items.collect(),
    })
}
