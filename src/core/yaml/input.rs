//! The text as the scanner walks it: characters with a position (byte index, line, column in
//! characters, as libyaml counts them), the character classes of the YAML 1.1 grammar, and
//! the check that refuses characters YAML does not allow in a text.

use super::error::{ErrorKind, YamlError};

/// A position: byte index, line and column (from 0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

/// The text and where the scanner is (`mark.index`, a byte offset). Past the end it reads
/// `'\0'`, which the text itself cannot hold (see `allowed`).
pub(super) struct Input<'a> {
    text: &'a str,
    pub mark: Mark,
}

impl<'a> Input<'a> {
    /// The text; `Err` at the first character YAML refuses. A byte-order mark is skipped
    /// where a line starts, but counts as a column (as in serde_yaml_ng, which gives libyaml
    /// the text as UTF-8 without looking for a mark).
    pub fn new(text: &'a str) -> Result<Input<'a>, YamlError> {
        let mut input = Input {
            text,
            mark: Mark::default(),
        };
        if let Some((at, c)) = text.char_indices().find(|&(_, c)| !allowed(c)) {
            // Where it is, in lines and columns as the scanner counts them.
            while input.mark.index < at {
                if is_break(input.at(0)) {
                    input.skip_line();
                } else {
                    input.skip();
                }
            }
            return Err(YamlError::new(ErrorKind::ControlCharacter(c), input.mark));
        }
        Ok(input)
    }

    /// The character `k` ahead (`'\0'` past the end).
    pub fn at(&self, k: usize) -> char {
        let rest = self.text.get(self.mark.index..).unwrap_or_default();
        rest.chars().nth(k).unwrap_or('\0')
    }

    pub fn is(&self, c: char) -> bool {
        self.at(0) == c
    }

    /// Moves past one character on the same line.
    pub fn skip(&mut self) {
        self.mark.index += self.at(0).len_utf8();
        self.mark.column += 1;
    }

    /// Moves past a line break (CR LF counts as one).
    pub fn skip_line(&mut self) {
        if self.is('\r') && self.at(1) == '\n' {
            self.mark.index += 2;
        } else if is_break(self.at(0)) {
            self.mark.index += self.at(0).len_utf8();
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
    }

    /// Moves past one character, appending it to `s`.
    pub fn read(&mut self, s: &mut String) {
        s.push(self.at(0));
        self.skip();
    }

    /// Moves past a line break, appending it to `s` (`\n`, except LS and PS, kept).
    pub fn read_line(&mut self, s: &mut String) {
        match self.at(0) {
            c @ ('\u{2028}' | '\u{2029}') => s.push(c),
            c if is_break(c) => s.push('\n'),
            _ => return,
        }
        self.skip_line();
    }

    /// `---` or `...` at the start of a line, followed by a blank, a break or the end.
    pub fn document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.is('-') && self.at(1) == '-' && self.at(2) == '-')
                || (self.is('.') && self.at(1) == '.' && self.at(2) == '.'))
            && is_blankz(self.at(3))
    }
}

/// The characters YAML 1.1 allows in a text.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

pub(super) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

pub(super) fn is_breakz(c: char) -> bool {
    c == '\0' || is_break(c)
}

pub(super) fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

pub(super) fn is_blankz(c: char) -> bool {
    is_blank(c) || is_breakz(c)
}

/// Letters, digits, `_` and `-`: anchors, directive names and tag handles.
pub(super) fn is_alpha(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}
