//! Events to JSON values: anchors and aliases (an alias is its anchored node again, as
//! serde_yaml_ng expands it), keys as their text, scalars resolved (`resolve.rs`). Building
//! stops as soon as a bound is passed, so a billion-laughs text costs no more than a text of
//! its size without aliases: the values of all documents may not pass `text.len() + 10,000`,
//! a document may not expand more than 100 aliases per event (serde_yaml_ng's bound) nor
//! nest deeper than 128 collections, aliases included.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::error::{ErrorKind, YamlError};
use super::input::Mark;
use super::parser::{Event, Events};
use super::resolve;
use super::scanner::MAX_DEPTH;

type Result<T> = std::result::Result<T, YamlError>;

/// Values a text may expand to beyond one per byte.
const SPARE: usize = 10_000;

/// What a reader does with a key written twice in one mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicates {
    /// The last one counts (serde_yaml_ng into `serde_json::Value`).
    LastWins,
    /// An error naming the key and where it is written again.
    Refuse,
}

/// The budget of values shared by the documents of one text.
pub(super) struct Budget {
    pub left: usize,
    pub limit: usize,
    pub bytes: usize,
}

impl Budget {
    pub fn for_text(bytes: usize) -> Budget {
        let limit = bytes.saturating_add(SPARE);
        Budget {
            left: limit,
            limit,
            bytes,
        }
    }
}

/// How an alias finds its anchor when a name is anchored twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchors {
    /// The latest node anchored with the name (YAML's rule).
    Latest,
    /// serde_yaml_ng's numbering: each anchor gets the number of names seen so far, so
    /// after a name is anchored twice the next new anchor takes its number and its aliases
    /// (a bug, kept only to compare the readers on every text).
    SerdeYamlNg,
}

/// One document being built: aliases are expanded as they are met, each value counted
/// against the text's budget, each expansion against the document's, and depth against 128,
/// so the work stops as soon as a bound is passed.
struct Doc<'a> {
    events: &'a Events,
    /// For each alias event, the event its anchor marks.
    targets: Vec<usize>,
    duplicates: Duplicates,
    budget: &'a mut Budget,
    jumps: usize,
    max_jumps: usize,
}

/// The value of one document (null for an empty one).
pub(super) fn document(
    events: &Events,
    budget: &mut Budget,
    duplicates: Duplicates,
    anchors: Anchors,
) -> Result<Value> {
    let targets = resolve_aliases(events, anchors)?;
    if events.is_empty() {
        return Ok(Value::Null);
    }
    let mut doc = Doc {
        events,
        targets,
        duplicates,
        budget,
        jumps: 0,
        max_jumps: events.len().saturating_mul(100),
    };
    doc.build(0, 0).map(|(v, _)| v)
}

/// For each alias event, the event of its node. `Latest`: the node last anchored with its
/// name before it (a node that contains the alias is refused: it would never end).
fn resolve_aliases(events: &Events, numbering: Anchors) -> Result<Vec<usize>> {
    // Anchor name → number, number → event (the number is the event for `Latest`).
    let mut anchors: HashMap<&str, usize> = HashMap::new();
    let mut numbered: HashMap<usize, usize> = HashMap::new();
    let mut targets = vec![0; events.len()];
    let mut open = vec![false; events.len()];
    let mut stack = Vec::new();
    for (i, (event, mark)) in events.iter().enumerate() {
        match event {
            Event::Scalar { anchor, .. }
            | Event::SeqStart { anchor, .. }
            | Event::MapStart { anchor, .. } => {
                if let Some(a) = anchor.as_deref() {
                    let n = if numbering == Anchors::Latest {
                        i
                    } else {
                        anchors.len()
                    };
                    anchors.insert(a, n);
                    numbered.insert(n, i);
                }
                if !matches!(event, Event::Scalar { .. }) {
                    stack.push(i);
                    set(&mut open, i, true);
                }
            }
            Event::End => {
                if let Some(start) = stack.pop() {
                    set(&mut open, start, false);
                }
            }
            Event::Alias(name) => {
                let Some(&n) = anchors.get(name.as_str()) else {
                    return Err(YamlError::new(
                        ErrorKind::UnknownAnchor(name.clone()),
                        *mark,
                    ));
                };
                if numbering == Anchors::Latest && open.get(n).copied().unwrap_or(false) {
                    return Err(YamlError::new(
                        ErrorKind::RecursiveAlias(name.clone()),
                        *mark,
                    ));
                }
                if let Some(t) = targets.get_mut(i) {
                    *t = n;
                }
            }
        }
    }
    // serde_yaml_ng looks numbers up when it expands aliases, after the whole document.
    for (t, (event, _)) in targets.iter_mut().zip(events) {
        if matches!(event, Event::Alias(_)) {
            *t = numbered.get(t).copied().unwrap_or_default();
        }
    }
    Ok(targets)
}

fn set(v: &mut [bool], i: usize, to: bool) {
    if let Some(x) = v.get_mut(i) {
        *x = to;
    }
}

impl Doc<'_> {
    /// The node starting at event `i` (an alias: its anchor's node) at `depth`, and the event
    /// after it.
    fn build(&mut self, i: usize, depth: usize) -> Result<(Value, usize)> {
        let Some((event, mark)) = self.events.get(i) else {
            return Ok((Value::Null, i + 1));
        };
        let at = |kind| YamlError::new(kind, *mark);
        if let Event::Alias(_) = event {
            self.jumps += 1;
            if self.jumps > self.max_jumps {
                return Err(at(ErrorKind::TooManyAliases));
            }
            let target = self.targets.get(i).copied().unwrap_or_default();
            return Ok((self.build(target, depth)?.0, i + 1));
        }
        if !matches!(event, Event::End) {
            self.count(*mark)?;
        }
        let inner = depth + 1;
        if inner > MAX_DEPTH && matches!(event, Event::SeqStart { .. } | Event::MapStart { .. }) {
            return Err(at(ErrorKind::TooDeep));
        }
        match event {
            Event::Alias(_) => Ok((Value::Null, i + 1)),
            Event::Scalar {
                value, style, tag, ..
            } => {
                let v = resolve::scalar(value, *style, tag.as_deref()).map_err(at)?;
                Ok((v, i + 1))
            }
            Event::SeqStart { tag, .. } => {
                resolve::local_tag(tag.as_deref().unwrap_or_default()).map_err(at)?;
                let mut items = Vec::new();
                let mut j = i + 1;
                while !self.is_end(j) {
                    let (v, next) = self.build(j, inner)?;
                    items.push(v);
                    j = next;
                }
                Ok((Value::Array(items), j + 1))
            }
            Event::MapStart { tag, .. } => {
                resolve::local_tag(tag.as_deref().unwrap_or_default()).map_err(at)?;
                let mut map = Map::new();
                let mut j = i + 1;
                while !self.is_end(j) {
                    let key = self.key(j)?;
                    let (v, next) = self.build(j + 1, inner)?;
                    let key_mark = self.events.get(j).map(|(_, m)| *m).unwrap_or_default();
                    j = next;
                    if self.duplicates == Duplicates::Refuse && map.contains_key(&key) {
                        return Err(YamlError::new(ErrorKind::DuplicateKey(key), key_mark));
                    }
                    map.insert(key, v);
                }
                Ok((Value::Object(map), j + 1))
            }
            Event::End => Ok((Value::Null, i + 1)),
        }
    }

    /// One more value, within the text's budget.
    fn count(&mut self, at: Mark) -> Result<()> {
        if self.budget.left == 0 {
            let kind = ErrorKind::AliasesExpand {
                limit: self.budget.limit,
                bytes: self.budget.bytes,
            };
            return Err(YamlError::new(kind, at));
        }
        self.budget.left -= 1;
        Ok(())
    }

    fn is_end(&self, i: usize) -> bool {
        matches!(self.events.get(i), Some((Event::End, _)) | None)
    }

    /// A key as JSON has it: the text of its scalar, whatever its tag.
    fn key(&mut self, i: usize) -> Result<String> {
        let mark: Mark = self.events.get(i).map(|(_, m)| *m).unwrap_or_default();
        match self.events.get(i).map(|(e, _)| e) {
            Some(Event::Scalar { value, .. }) => {
                self.count(mark)?;
                Ok(value.clone())
            }
            Some(Event::Alias(_)) => {
                self.jumps += 1;
                if self.jumps > self.max_jumps {
                    return Err(YamlError::new(ErrorKind::TooManyAliases, mark));
                }
                self.key(self.targets.get(i).copied().unwrap_or_default())
            }
            Some(Event::SeqStart { .. }) => {
                Err(YamlError::new(ErrorKind::NonStringKey("sequence"), mark))
            }
            _ => Err(YamlError::new(ErrorKind::NonStringKey("mapping"), mark)),
        }
    }
}
