//! The parser: tokens to events, one list per document, following libyaml's grammar
//! (implicit first document, `---`/`...`, `%YAML`/`%TAG` directives, block and flow
//! collections, indentless sequences as mapping values, `?` keys, empty nodes). Recursive,
//! and bounded: more than 128 nested collections is an error. Flow collections: `flow.rs`.

use super::error::{ErrorKind, YamlError};
use super::input::Mark;
use super::scanner::{Style, Tok, Token, MAX_DEPTH};

type Result<T> = std::result::Result<T, YamlError>;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Event {
    Scalar {
        value: String,
        style: Style,
        tag: Option<Vec<u8>>,
        anchor: Option<String>,
    },
    SeqStart {
        tag: Option<Vec<u8>>,
        anchor: Option<String>,
    },
    MapStart {
        tag: Option<Vec<u8>>,
        anchor: Option<String>,
    },
    End,
    Alias(String),
}

pub(super) type Events = Vec<(Event, Mark)>;

pub(super) struct Parser {
    tokens: std::vec::IntoIter<Token>,
    next: Option<Token>,
    tag_directives: Vec<(Vec<u8>, Vec<u8>)>,
    events: Events,
    pub(super) depth: usize,
}

/// The documents of the token stream, each a list of events.
pub(super) fn parse(tokens: Vec<Token>) -> Result<Vec<Events>> {
    let mut tokens = tokens.into_iter();
    let next = tokens.next();
    let mut p = Parser {
        tokens,
        next,
        tag_directives: Vec::new(),
        events: Vec::new(),
        depth: 0,
    };
    p.skip(); // StreamStart
    let mut docs = Vec::new();
    let mut first = true;
    loop {
        if !first {
            while p.peek() == &Tok::DocEnd {
                p.skip();
            }
        }
        let implicit = first
            && !matches!(
                p.peek(),
                Tok::Version(..) | Tok::TagDirective(..) | Tok::DocStart | Tok::StreamEnd
            );
        if implicit {
            p.directives()?;
            p.node(true, false)?;
        } else if p.peek() == &Tok::StreamEnd {
            if first {
                docs.push(Vec::new());
            }
            return Ok(docs);
        } else {
            p.directives()?;
            if p.peek() != &Tok::DocStart {
                return Err(YamlError::syntax(
                    "did not find expected <document start>",
                    p.mark(),
                ));
            }
            p.skip();
            if matches!(
                p.peek(),
                Tok::Version(..)
                    | Tok::TagDirective(..)
                    | Tok::DocStart
                    | Tok::DocEnd
                    | Tok::StreamEnd
            ) {
                p.empty(p.mark(), None, None);
            } else {
                p.node(true, false)?;
            }
        }
        if p.peek() == &Tok::DocEnd {
            p.skip();
        }
        p.tag_directives.clear();
        docs.push(std::mem::take(&mut p.events));
        first = false;
    }
}

impl Parser {
    pub(super) fn peek(&self) -> &Tok {
        self.next.as_ref().map_or(&Tok::StreamEnd, |t| &t.tok)
    }

    pub(super) fn mark(&self) -> Mark {
        self.next.as_ref().map(|t| t.start).unwrap_or_default()
    }

    pub(super) fn end_mark(&self) -> Mark {
        self.next.as_ref().map(|t| t.end).unwrap_or_default()
    }

    pub(super) fn skip(&mut self) -> Option<Token> {
        std::mem::replace(&mut self.next, self.tokens.next())
    }

    pub(super) fn emit(&mut self, e: Event, at: Mark) {
        self.events.push((e, at));
    }

    pub(super) fn empty(&mut self, at: Mark, tag: Option<Vec<u8>>, anchor: Option<String>) {
        let e = Event::Scalar {
            value: String::new(),
            style: Style::Plain,
            tag,
            anchor,
        };
        self.emit(e, at);
    }

    /// `%YAML` and `%TAG` lines before a document; the default `!` and `!!` handles after.
    fn directives(&mut self) -> Result<()> {
        let mut version = false;
        loop {
            let at = self.mark();
            match self.peek().clone() {
                Tok::Version(major, minor) => {
                    if version {
                        return Err(YamlError::syntax("found duplicate %YAML directive", at));
                    }
                    if major != 1 || (minor != 1 && minor != 2) {
                        return Err(YamlError::syntax("found incompatible YAML document", at));
                    }
                    version = true;
                }
                Tok::TagDirective(handle, prefix) => {
                    if self.tag_directives.iter().any(|(h, _)| *h == handle) {
                        return Err(YamlError::syntax("found duplicate %TAG directive", at));
                    }
                    self.tag_directives.push((handle, prefix));
                }
                _ => break,
            }
            self.skip();
        }
        for (h, p) in [(&b"!"[..], &b"!"[..]), (b"!!", b"tag:yaml.org,2002:")] {
            if !self.tag_directives.iter().any(|(x, _)| x == h) {
                self.tag_directives.push((h.to_vec(), p.to_vec()));
            }
        }
        Ok(())
    }

    /// One node: an alias, or properties (anchor, tag) and content — a scalar, a collection,
    /// or nothing (an empty scalar) when properties were given.
    pub(super) fn node(&mut self, block: bool, indentless: bool) -> Result<()> {
        let start = self.mark();
        if let Tok::Alias(name) = self.peek() {
            let e = Event::Alias(name.clone());
            self.skip();
            self.emit(e, start);
            return Ok(());
        }
        let (mut anchor, mut tag) = (None, None);
        let mut tag_mark = start;
        for _ in 0..2 {
            let mark = self.mark();
            match self.peek() {
                Tok::Anchor(_) if anchor.is_none() => {}
                Tok::Tag(..) if tag.is_none() => tag_mark = mark,
                _ => break,
            }
            match self.skip().map(|t| t.tok) {
                Some(Tok::Anchor(a)) => anchor = Some(a),
                Some(Tok::Tag(h, s)) => tag = Some((h, s)),
                _ => {}
            }
        }
        let tag = match tag {
            None => None,
            Some((h, s)) if h.is_empty() => Some(s),
            Some((h, s)) => match self.tag_directives.iter().find(|(x, _)| *x == h) {
                Some((_, prefix)) => Some([prefix.as_slice(), &s].concat()),
                None => {
                    return Err(YamlError::while_(
                        "while parsing a node",
                        start,
                        "found undefined tag handle",
                        tag_mark,
                    ))
                }
            },
        };
        match self.peek() {
            Tok::BlockEntry if indentless => {
                self.open(Event::SeqStart { tag, anchor }, start)?;
                self.indentless_sequence()
            }
            Tok::Scalar(..) => {
                if let Some(Token {
                    tok: Tok::Scalar(value, style),
                    ..
                }) = self.skip()
                {
                    let e = Event::Scalar {
                        value,
                        style,
                        tag,
                        anchor,
                    };
                    self.emit(e, start);
                }
                Ok(())
            }
            Tok::FlowSeqStart => {
                self.open(Event::SeqStart { tag, anchor }, start)?;
                self.flow_sequence()
            }
            Tok::FlowMapStart => {
                self.open(Event::MapStart { tag, anchor }, start)?;
                self.flow_mapping()
            }
            Tok::BlockSeqStart if block => {
                self.open(Event::SeqStart { tag, anchor }, start)?;
                self.block_sequence()
            }
            Tok::BlockMapStart if block => {
                self.open(Event::MapStart { tag, anchor }, start)?;
                self.block_mapping()
            }
            _ if anchor.is_some() || tag.is_some() => {
                self.empty(start, tag, anchor);
                Ok(())
            }
            _ => {
                let ctx = if block {
                    "while parsing a block node"
                } else {
                    "while parsing a flow node"
                };
                Err(YamlError::while_(
                    ctx,
                    start,
                    "did not find expected node content",
                    self.mark(),
                ))
            }
        }
    }

    pub(super) fn open(&mut self, e: Event, at: Mark) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(YamlError::new(ErrorKind::TooDeep, at));
        }
        self.emit(e, at);
        Ok(())
    }

    pub(super) fn close(&mut self) {
        self.depth -= 1;
        let at = self.mark();
        self.emit(Event::End, at);
    }

    /// After `-`: its node, or an empty one when the next token ends the entry.
    fn entry_or_empty(&mut self, enders: &[Tok], block: bool, indentless: bool) -> Result<()> {
        let mark = self.end_mark();
        self.skip();
        if enders.contains(self.peek()) {
            self.empty(mark, None, None);
            Ok(())
        } else {
            self.node(block, indentless)
        }
    }

    fn block_sequence(&mut self) -> Result<()> {
        let start = self.mark();
        self.skip();
        loop {
            match self.peek() {
                Tok::BlockEntry => {
                    self.entry_or_empty(&[Tok::BlockEntry, Tok::BlockEnd], true, false)?
                }
                Tok::BlockEnd => {
                    self.skip();
                    self.close();
                    return Ok(());
                }
                _ => {
                    return Err(YamlError::while_(
                        "while parsing a block collection",
                        start,
                        "did not find expected '-' indicator",
                        self.mark(),
                    ))
                }
            }
        }
    }

    fn indentless_sequence(&mut self) -> Result<()> {
        while self.peek() == &Tok::BlockEntry {
            let enders = [Tok::BlockEntry, Tok::Key, Tok::Value, Tok::BlockEnd];
            self.entry_or_empty(&enders, true, false)?;
        }
        self.close();
        Ok(())
    }

    fn block_mapping(&mut self) -> Result<()> {
        let start = self.mark();
        self.skip();
        let enders = [Tok::Key, Tok::Value, Tok::BlockEnd];
        loop {
            match self.peek() {
                Tok::Key => self.entry_or_empty(&enders, true, true)?,
                Tok::BlockEnd => {
                    self.skip();
                    self.close();
                    return Ok(());
                }
                _ => {
                    return Err(YamlError::while_(
                        "while parsing a block mapping",
                        start,
                        "did not find expected key",
                        self.mark(),
                    ))
                }
            }
            if self.peek() == &Tok::Value {
                self.entry_or_empty(&enders, true, true)?;
            } else {
                let at = self.mark();
                self.empty(at, None, None);
            }
        }
    }
}
