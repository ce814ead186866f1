//! The scanner: the text as a list of tokens, the way libyaml (hence serde_yaml_ng) splits
//! it, so both accept and refuse the same texts. This file holds the tokens and the choice
//! of the next one; simple keys, flow levels and indentation are in `structure.rs`, scalars
//! in `scalars.rs`, anchors, tags and directives in `tags.rs`. Every step is bounded (128
//! levels, simple keys within 1024 bytes), so the whole scan is linear.

use super::error::YamlError;
use super::input::{is_blank, is_blankz, is_break, is_breakz, Input, Mark};

/// Collections open at once beyond which a text is refused (serde_yaml_ng's limit too).
pub(super) const MAX_DEPTH: usize = 128;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    StreamStart,
    StreamEnd,
    Version(u32, u32),
    TagDirective(Vec<u8>, Vec<u8>),
    DocStart,
    DocEnd,
    BlockSeqStart,
    BlockMapStart,
    BlockEnd,
    FlowSeqStart,
    FlowSeqEnd,
    FlowMapStart,
    FlowMapEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    /// Handle (`!`, `!!`, `!x!`, or empty for a verbatim `!<…>`) and suffix, as bytes: `%xx`
    /// escapes in tags may spell any bytes.
    Tag(Vec<u8>, Vec<u8>),
    Scalar(String, Style),
}

#[derive(Clone, Debug)]
pub(super) struct Token {
    pub tok: Tok,
    pub start: Mark,
    pub end: Mark,
}

#[derive(Clone, Copy, Default)]
pub(super) struct SimpleKey {
    pub possible: bool,
    pub required: bool,
    pub token_number: usize,
    pub mark: Mark,
}

pub(super) struct Scanner<'a> {
    pub(super) input: Input<'a>,
    pub(super) tokens: Vec<Token>,
    pub(super) flow_level: usize,
    pub(super) indent: isize,
    pub(super) indents: Vec<isize>,
    pub(super) simple_keys: Vec<SimpleKey>,
    pub(super) simple_key_allowed: bool,
}

type Result<T> = std::result::Result<T, YamlError>;

/// Every token of `input`, from `StreamStart` to `StreamEnd`.
pub(super) fn scan(input: Input<'_>) -> Result<Vec<Token>> {
    let mut s = Scanner {
        input,
        tokens: Vec::new(),
        flow_level: 0,
        indent: -1,
        indents: Vec::new(),
        simple_keys: vec![SimpleKey::default()],
        simple_key_allowed: true,
    };
    let m = s.input.mark;
    s.push(Tok::StreamStart, m, m);
    loop {
        s.fetch_next_token()?;
        if matches!(
            s.tokens.last(),
            Some(Token {
                tok: Tok::StreamEnd,
                ..
            })
        ) {
            return Ok(s.tokens);
        }
    }
}

impl Scanner<'_> {
    pub(super) fn mark(&self) -> Mark {
        self.input.mark
    }

    pub(super) fn push(&mut self, tok: Tok, start: Mark, end: Mark) {
        self.tokens.push(Token { tok, start, end });
    }

    /// A one-character token: moves past it and queues it.
    pub(super) fn single(&mut self, tok: Tok) {
        let start = self.mark();
        self.input.skip();
        let end = self.mark();
        self.push(tok, start, end);
    }

    fn fetch_next_token(&mut self) -> Result<()> {
        self.scan_to_next_token();
        self.stale_simple_keys()?;
        self.unroll_indent(self.mark().column as isize);
        let c = self.input.at(0);
        let next = self.input.at(1);
        let flow = self.flow_level > 0;
        if c == '\0' {
            return self.fetch_stream_end();
        }
        if self.mark().column == 0 && c == '%' {
            self.unroll_indent(-1);
            self.remove_simple_key()?;
            self.simple_key_allowed = false;
            return self.scan_directive();
        }
        if self.input.document_indicator() {
            self.unroll_indent(-1);
            self.remove_simple_key()?;
            self.simple_key_allowed = false;
            let start = self.mark();
            (0..3).for_each(|_| self.input.skip());
            let tok = if c == '-' { Tok::DocStart } else { Tok::DocEnd };
            self.push(tok, start, self.mark());
            return Ok(());
        }
        match c {
            '[' | '{' => {
                self.save_simple_key()?;
                self.increase_flow_level()?;
                self.simple_key_allowed = true;
                self.single(if c == '[' {
                    Tok::FlowSeqStart
                } else {
                    Tok::FlowMapStart
                });
            }
            ']' | '}' => {
                self.remove_simple_key()?;
                self.decrease_flow_level();
                self.simple_key_allowed = false;
                self.single(if c == ']' {
                    Tok::FlowSeqEnd
                } else {
                    Tok::FlowMapEnd
                });
            }
            ',' => {
                self.remove_simple_key()?;
                self.simple_key_allowed = true;
                self.single(Tok::FlowEntry);
            }
            '-' if is_blankz(next) => self.fetch_block_entry()?,
            '?' if flow || is_blankz(next) => self.fetch_key()?,
            ':' if flow || is_blankz(next) => self.fetch_value()?,
            '*' | '&' => {
                self.save_simple_key()?;
                self.simple_key_allowed = false;
                self.scan_anchor(c == '&')?;
            }
            '!' => {
                self.save_simple_key()?;
                self.simple_key_allowed = false;
                self.scan_tag()?;
            }
            '|' | '>' if !flow => {
                self.remove_simple_key()?;
                self.simple_key_allowed = true;
                self.scan_block_scalar(c == '|')?;
            }
            '\'' | '"' => {
                self.save_simple_key()?;
                self.simple_key_allowed = false;
                self.scan_flow_scalar(c == '\'')?;
            }
            _ if starts_plain(c, next, flow) => {
                self.save_simple_key()?;
                self.simple_key_allowed = false;
                self.scan_plain_scalar()?;
            }
            _ => {
                return Err(YamlError::while_(
                    "while scanning for the next token",
                    self.mark(),
                    "found character that cannot start any token",
                    self.mark(),
                ))
            }
        }
        Ok(())
    }

    /// Skips blanks (tabs only where no simple key may start or in flow), comments, line
    /// breaks, and a byte-order mark at the start of a line.
    fn scan_to_next_token(&mut self) {
        loop {
            if self.mark().column == 0 && self.input.is('\u{feff}') {
                self.input.skip();
            }
            while self.input.is(' ')
                || ((self.flow_level > 0 || !self.simple_key_allowed) && self.input.is('\t'))
            {
                self.input.skip();
            }
            if self.input.is('#') {
                while !is_breakz(self.input.at(0)) {
                    self.input.skip();
                }
            }
            if !is_break(self.input.at(0)) {
                return;
            }
            self.input.skip_line();
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }
}

/// Whether `c` (followed by `next`) starts a plain scalar.
fn starts_plain(c: char, next: char, flow: bool) -> bool {
    let indicator = is_blankz(c) || "-?:,[]{}#&*!|>'\"%@`".contains(c);
    !indicator
        || (c == '-' && !is_blank(next))
        || (!flow && (c == '?' || c == ':') && !is_blankz(next))
}
