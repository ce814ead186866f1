//! Scanning scalars as libyaml does: plain (ends at `: `, ` #`, a flow indicator in flow,
//! or a line less indented than its block), single- and double-quoted (every escape of
//! YAML 1.1: `\0 \a \b \t \n \v \f \r \e \  \" \/ \\ \N \_ \L \P \xXX \uXXXX \UXXXXXXXX`,
//! escaped line breaks), and block scalars (`|` literal, `>` folded, chomping `-`/`+`, an
//! indentation indicator 1–9). Line folding: one break between two lines becomes a space,
//! each further break a newline.

use super::error::YamlError;
use super::input::{is_blank, is_blankz, is_break, is_breakz, Input, Mark};
use super::scanner::{Scanner, Style, Tok};

type Result<T> = std::result::Result<T, YamlError>;

/// Breaks and blanks between two pieces of a scalar, folded as YAML folds lines.
#[derive(Default)]
struct Gap {
    whitespaces: String,
    leading_break: String,
    trailing_breaks: String,
    leading_blanks: bool,
}

impl Gap {
    /// Appends the gap to `s`: the blanks if no line ended; else the breaks, where a single
    /// `\n` between two lines becomes a space.
    fn join(&mut self, s: &mut String) {
        if self.leading_blanks {
            if self.leading_break.starts_with('\n') {
                if self.trailing_breaks.is_empty() {
                    s.push(' ');
                } else {
                    s.push_str(&self.trailing_breaks);
                }
            } else {
                s.push_str(&self.leading_break);
                s.push_str(&self.trailing_breaks);
            }
            self.leading_break.clear();
            self.trailing_breaks.clear();
        } else {
            s.push_str(&self.whitespaces);
        }
        self.whitespaces.clear();
    }

    /// Takes the blank or line break at the input into the gap: blanks after a break are
    /// dropped, the first break is kept apart from the ones after it.
    fn take(&mut self, input: &mut Input<'_>) {
        if is_blank(input.at(0)) {
            if self.leading_blanks {
                input.skip();
            } else {
                input.read(&mut self.whitespaces);
            }
        } else if self.leading_blanks {
            input.read_line(&mut self.trailing_breaks);
        } else {
            self.whitespaces.clear();
            input.read_line(&mut self.leading_break);
            self.leading_blanks = true;
        }
    }
}

impl Scanner<'_> {
    pub(super) fn scan_flow_scalar(&mut self, single: bool) -> Result<()> {
        let start = self.mark();
        let ctx = "while scanning a quoted scalar";
        let quote = if single { '\'' } else { '"' };
        self.input.skip();
        let mut s = String::new();
        let mut gap = Gap::default();
        loop {
            if self.input.document_indicator() {
                return Err(YamlError::while_(
                    ctx,
                    start,
                    "found unexpected document indicator",
                    self.mark(),
                ));
            }
            if self.input.is('\0') {
                return Err(YamlError::while_(
                    ctx,
                    start,
                    "found unexpected end of stream",
                    self.mark(),
                ));
            }
            gap.leading_blanks = false;
            while !is_blankz(self.input.at(0)) {
                let c = self.input.at(0);
                if single && c == '\'' && self.input.at(1) == '\'' {
                    s.push('\'');
                    self.input.skip();
                    self.input.skip();
                } else if c == quote {
                    break;
                } else if !single && c == '\\' && is_break(self.input.at(1)) {
                    self.input.skip();
                    self.input.skip_line();
                    gap.leading_blanks = true;
                    break;
                } else if !single && c == '\\' {
                    self.escape(&mut s, start)?;
                } else {
                    self.input.read(&mut s);
                }
            }
            if self.input.is(quote) {
                break;
            }
            while is_blank(self.input.at(0)) || is_break(self.input.at(0)) {
                gap.take(&mut self.input);
            }
            gap.join(&mut s);
        }
        self.input.skip();
        let style = if single { Style::Single } else { Style::Double };
        self.push(Tok::Scalar(s, style), start, self.mark());
        Ok(())
    }

    /// One escape sequence of a double-quoted scalar (at its `\`).
    fn escape(&mut self, s: &mut String, start: Mark) -> Result<()> {
        let ctx = "while parsing a quoted scalar";
        let simple = match self.input.at(1) {
            '0' => Some('\0'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            't' | '\t' => Some('\t'),
            'n' => Some('\n'),
            'v' => Some('\u{b}'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            ' ' => Some(' '),
            '"' => Some('"'),
            '/' => Some('/'),
            '\\' => Some('\\'),
            'N' => Some('\u{85}'),
            '_' => Some('\u{a0}'),
            'L' => Some('\u{2028}'),
            'P' => Some('\u{2029}'),
            'x' | 'u' | 'U' => None,
            _ => {
                return Err(YamlError::while_(
                    ctx,
                    start,
                    "found unknown escape character",
                    self.mark(),
                ))
            }
        };
        let length = match self.input.at(1) {
            'x' => 2,
            'u' => 4,
            _ => 8,
        };
        self.input.skip();
        self.input.skip();
        if let Some(c) = simple {
            s.push(c);
            return Ok(());
        }
        let mut value = 0u32;
        for k in 0..length {
            let Some(d) = self.input.at(k).to_digit(16) else {
                return Err(YamlError::while_(
                    ctx,
                    start,
                    "did not find expected hexadecimal number",
                    self.mark(),
                ));
            };
            value = (value << 4) | d;
        }
        let Some(c) = char::from_u32(value) else {
            return Err(YamlError::while_(
                ctx,
                start,
                "found invalid Unicode character escape code",
                self.mark(),
            ));
        };
        s.push(c);
        (0..length).for_each(|_| self.input.skip());
        Ok(())
    }

    pub(super) fn scan_plain_scalar(&mut self) -> Result<()> {
        let start = self.mark();
        let mut end = start;
        let indent = self.indent + 1;
        let flow = self.flow_level > 0;
        let mut s = String::new();
        let mut gap = Gap::default();
        loop {
            if self.input.document_indicator() || self.input.is('#') {
                break;
            }
            while !is_blankz(self.input.at(0)) {
                let (c, next) = (self.input.at(0), self.input.at(1));
                if flow && c == ':' && ",?[]{}".contains(next) {
                    return Err(YamlError::while_(
                        "while scanning a plain scalar",
                        start,
                        "found unexpected ':'",
                        self.mark(),
                    ));
                }
                if (c == ':' && is_blankz(next)) || (flow && ",[]{}".contains(c)) {
                    break;
                }
                if gap.leading_blanks || !gap.whitespaces.is_empty() {
                    gap.join(&mut s);
                    gap.leading_blanks = false;
                }
                self.input.read(&mut s);
                end = self.mark();
            }
            if !(is_blank(self.input.at(0)) || is_break(self.input.at(0))) {
                break;
            }
            while is_blank(self.input.at(0)) || is_break(self.input.at(0)) {
                if gap.leading_blanks
                    && (self.mark().column as isize) < indent
                    && self.input.is('\t')
                {
                    return Err(YamlError::while_(
                        "while scanning a plain scalar",
                        start,
                        "found a tab character that violates indentation",
                        self.mark(),
                    ));
                }
                gap.take(&mut self.input);
            }
            if !flow && (self.mark().column as isize) < indent {
                break;
            }
        }
        self.push(Tok::Scalar(s, Style::Plain), start, end);
        if gap.leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(())
    }

    pub(super) fn scan_block_scalar(&mut self, literal: bool) -> Result<()> {
        let start = self.mark();
        let ctx = "while scanning a block scalar";
        self.input.skip();
        let mut chomping = 0i8;
        let mut increment = 0usize;
        let zero = |s: &Scanner<'_>| {
            YamlError::while_(
                ctx,
                start,
                "found an indentation indicator equal to 0",
                s.mark(),
            )
        };
        if self.input.is('+') || self.input.is('-') {
            chomping = if self.input.is('+') { 1 } else { -1 };
            self.input.skip();
            if let Some(d) = self.input.at(0).to_digit(10) {
                if d == 0 {
                    return Err(zero(self));
                }
                increment = d as usize;
                self.input.skip();
            }
        } else if let Some(d) = self.input.at(0).to_digit(10) {
            if d == 0 {
                return Err(zero(self));
            }
            increment = d as usize;
            self.input.skip();
            if self.input.is('+') || self.input.is('-') {
                chomping = if self.input.is('+') { 1 } else { -1 };
                self.input.skip();
            }
        }
        self.end_of_line(ctx, start)?;
        let mut end = self.mark();
        let mut indent = 0isize;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent + increment as isize
            } else {
                increment as isize
            };
        }
        let mut s = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut leading_blank = false;
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        while self.mark().column as isize == indent && !self.input.is('\0') {
            let trailing_blank = is_blank(self.input.at(0));
            if !literal && leading_break.starts_with('\n') && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    s.push(' ');
                }
                leading_break.clear();
            } else {
                s.push_str(&leading_break);
                leading_break.clear();
            }
            s.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = is_blank(self.input.at(0));
            while !is_breakz(self.input.at(0)) {
                self.input.read(&mut s);
            }
            self.input.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            s.push_str(&leading_break);
        }
        if chomping == 1 {
            s.push_str(&trailing_breaks);
        }
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        self.push(Tok::Scalar(s, style), start, end);
        Ok(())
    }

    /// Empty lines (and the indentation of the next), fixing the indentation from the first
    /// non-empty line when no indicator gave it.
    fn block_scalar_breaks(
        &mut self,
        indent: &mut isize,
        breaks: &mut String,
        start: Mark,
        end: &mut Mark,
    ) -> Result<()> {
        let mut max_indent = 0isize;
        *end = self.mark();
        loop {
            while (*indent == 0 || (self.mark().column as isize) < *indent) && self.input.is(' ') {
                self.input.skip();
            }
            max_indent = max_indent.max(self.mark().column as isize);
            if (*indent == 0 || (self.mark().column as isize) < *indent) && self.input.is('\t') {
                return Err(YamlError::while_(
                    "while scanning a block scalar",
                    start,
                    "found a tab character where an indentation space is expected",
                    self.mark(),
                ));
            }
            if !is_break(self.input.at(0)) {
                break;
            }
            self.input.read_line(breaks);
            *end = self.mark();
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }
}
