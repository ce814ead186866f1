//! Events to a tree of nodes (`node.rs`): anchors and aliases (an alias is its anchored
//! node again, as serde_yaml_ng expands it), a key written twice refused when asked. Building
//! stops as soon as a bound is passed, so a billion-laughs text costs no more than a text of
//! its size without aliases: the values of all documents may not pass `text.len() + 10,000`,
//! a document may not expand more than 100 aliases per event (serde_yaml_ng's bound) nor
//! nest deeper than 128 collections, aliases included.

use std::collections::{HashMap, HashSet};

use super::error::{ErrorKind, YamlError};
use super::input::Mark;
use super::node::Node;
use super::parser::{Event, Events};
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

/// The tree of one document (`Node::Empty` for an empty text).
pub(super) fn document(
    events: &Events,
    budget: &mut Budget,
    duplicates: Duplicates,
    anchors: Anchors,
) -> Result<Node> {
    let targets = resolve_aliases(events, anchors)?;
    if events.is_empty() {
        return Ok(Node::Empty);
    }
    let max_jumps = events.len().saturating_mul(100);
    if anchors == Anchors::Latest {
        // Refused before anything is built: a bomb costs one pass over its events.
        let size = measure(events, &targets);
        let at = events.first().map(|(_, m)| *m).unwrap_or_default();
        if size.values > budget.left {
            let kind = ErrorKind::AliasesExpand {
                limit: budget.limit,
                bytes: budget.bytes,
            };
            return Err(YamlError::new(kind, at));
        }
        if size.jumps > max_jumps {
            return Err(YamlError::new(ErrorKind::TooManyAliases, at));
        }
        if size.depth > MAX_DEPTH {
            return Err(YamlError::new(ErrorKind::TooDeep, at));
        }
    }
    let mut doc = Doc {
        events,
        targets,
        duplicates,
        budget,
        jumps: 0,
        max_jumps,
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

/// A node's size once expanded: values, alias expansions, depth.
#[derive(Clone, Copy, Default)]
struct Size {
    values: usize,
    jumps: usize,
    depth: usize,
}

impl Size {
    fn add(&mut self, child: Size) {
        self.values = self.values.saturating_add(child.values);
        self.jumps = self.jumps.saturating_add(child.jumps);
        self.depth = self.depth.max(child.depth);
    }
}

/// The document's size from its events alone: each alias's node is closed before it (with
/// `Anchors::Latest`), so its size is known when the alias is met.
fn measure(events: &Events, targets: &[usize]) -> Size {
    let mut sizes = vec![Size::default(); events.len()];
    let mut stack: Vec<(usize, Size)> = Vec::new();
    let mut root = Size::default();
    let one = Size {
        values: 1,
        jumps: 0,
        depth: 0,
    };
    for (i, (event, _)) in events.iter().enumerate() {
        let done = match event {
            Event::SeqStart { .. } | Event::MapStart { .. } => {
                stack.push((i, one));
                None
            }
            Event::End => stack.pop().map(|(start, mut size)| {
                size.depth += 1;
                if let Some(s) = sizes.get_mut(start) {
                    *s = size;
                }
                size
            }),
            Event::Scalar { .. } => Some(one),
            Event::Alias(_) => {
                let target = targets.get(i).copied().unwrap_or_default();
                let mut size = sizes.get(target).copied().unwrap_or(one);
                size.jumps = size.jumps.saturating_add(1);
                Some(size)
            }
        };
        if let (Some(size), Event::Scalar { .. }) = (done, event) {
            if let Some(s) = sizes.get_mut(i) {
                *s = size;
            }
        }
        if let Some(size) = done {
            match stack.last_mut() {
                Some((_, parent)) => parent.add(size),
                None => root.add(size),
            }
        }
    }
    root
}

fn set(v: &mut [bool], i: usize, to: bool) {
    if let Some(x) = v.get_mut(i) {
        *x = to;
    }
}

impl Doc<'_> {
    /// The node starting at event `i` (an alias: its anchor's node) at `depth`, and the event
    /// after it.
    fn build(&mut self, i: usize, depth: usize) -> Result<(Node, usize)> {
        let Some((event, mark)) = self.events.get(i) else {
            return Ok((Node::Empty, i + 1));
        };
        let mark = *mark;
        if let Event::Alias(_) = event {
            self.jumps += 1;
            if self.jumps > self.max_jumps {
                return Err(YamlError::new(ErrorKind::TooManyAliases, mark));
            }
            let target = self.targets.get(i).copied().unwrap_or_default();
            return Ok((self.build(target, depth)?.0, i + 1));
        }
        self.count(mark)?;
        let inner = depth + 1;
        match event {
            Event::Scalar {
                value, style, tag, ..
            } => {
                let node = Node::Scalar {
                    text: value.clone(),
                    style: *style,
                    tag: tag.clone(),
                    mark,
                };
                Ok((node, i + 1))
            }
            Event::SeqStart { tag, .. } => {
                self.nest(inner, mark)?;
                let mut items = Vec::new();
                let mut j = i + 1;
                while !self.is_end(j) {
                    let (v, next) = self.build(j, inner)?;
                    items.push(v);
                    j = next;
                }
                Ok((
                    Node::Seq {
                        items,
                        tag: tag.clone(),
                        mark,
                    },
                    j + 1,
                ))
            }
            Event::MapStart { tag, .. } => {
                self.nest(inner, mark)?;
                let mut entries = Vec::new();
                let mut seen = HashSet::new();
                let mut j = i + 1;
                while !self.is_end(j) {
                    let (k, next) = self.build(j, inner)?;
                    let (v, next) = self.build(next, inner)?;
                    j = next;
                    if let (Duplicates::Refuse, Node::Scalar { text, mark, .. }) =
                        (self.duplicates, &k)
                    {
                        if !seen.insert(text.clone()) {
                            return Err(YamlError::new(
                                ErrorKind::DuplicateKey(text.clone()),
                                *mark,
                            ));
                        }
                    }
                    entries.push((k, v));
                }
                Ok((
                    Node::Map {
                        entries,
                        tag: tag.clone(),
                        mark,
                    },
                    j + 1,
                ))
            }
            Event::Alias(_) | Event::End => Ok((Node::Empty, i + 1)),
        }
    }

    fn nest(&self, depth: usize, at: Mark) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(YamlError::new(ErrorKind::TooDeep, at));
        }
        Ok(())
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
}
