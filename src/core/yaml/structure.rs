//! The scanner's structure: simple keys (a `key:` is known to be a key only at its `:`, so
//! where it may start is remembered per flow level, and forgotten at the end of its line or
//! 1024 bytes on), flow levels, and block indentation (a deeper column opens a collection,
//! a shallower one closes collections), with the tokens that follow from them: `-`, `?`,
//! `:` and the end of the stream. Nesting stops at 128 levels.

use super::error::YamlError;
use super::input::Mark;
use super::scanner::{Scanner, SimpleKey, Tok, Token, MAX_DEPTH};

type Result<T> = std::result::Result<T, YamlError>;

impl Scanner<'_> {
    /// Forgets simple keys that can no longer be keys (their line ended, or 1024 bytes
    /// passed); a required one (at the block's indentation) is an error.
    pub(super) fn stale_simple_keys(&mut self) -> Result<()> {
        let mark = self.mark();
        for key in self.simple_keys.iter_mut() {
            if key.possible && (key.mark.line < mark.line || key.mark.index + 1024 < mark.index) {
                if key.required {
                    return Err(could_not_find_colon(key.mark, mark));
                }
                key.possible = false;
            }
        }
        Ok(())
    }

    pub(super) fn save_simple_key(&mut self) -> Result<()> {
        let required = self.flow_level == 0 && self.indent == self.mark().column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens.len(),
                mark: self.mark(),
            };
            self.remove_simple_key()?;
            if let Some(top) = self.simple_keys.last_mut() {
                *top = key;
            }
        }
        Ok(())
    }

    pub(super) fn remove_simple_key(&mut self) -> Result<()> {
        let mark = self.mark();
        if let Some(key) = self.simple_keys.last_mut() {
            if key.possible && key.required {
                return Err(could_not_find_colon(key.mark, mark));
            }
            key.possible = false;
        }
        Ok(())
    }

    fn depth(&self) -> usize {
        self.flow_level + self.indents.len()
    }

    fn too_deep(&self) -> YamlError {
        YamlError::new(super::error::ErrorKind::TooDeep, self.mark())
    }

    pub(super) fn increase_flow_level(&mut self) -> Result<()> {
        if self.depth() >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.simple_keys.push(SimpleKey::default());
        self.flow_level += 1;
        Ok(())
    }

    pub(super) fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            self.simple_keys.pop();
        }
    }

    /// In block context, opens a collection at `column` when it is deeper than the current
    /// one: its start token goes at the end, or at `number` (before a key found late).
    fn roll_indent(
        &mut self,
        column: usize,
        number: Option<usize>,
        tok: Tok,
        mark: Mark,
    ) -> Result<()> {
        if self.flow_level > 0 || self.indent >= column as isize {
            return Ok(());
        }
        if self.depth() >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.indents.push(self.indent);
        self.indent = column as isize;
        let token = Token {
            tok,
            start: mark,
            end: mark,
        };
        match number {
            Some(n) if n <= self.tokens.len() => self.tokens.insert(n, token),
            _ => self.tokens.push(token),
        }
        Ok(())
    }

    /// Closes every block collection deeper than `column`.
    pub(super) fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            let m = self.mark();
            self.push(Tok::BlockEnd, m, m);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    pub(super) fn fetch_stream_end(&mut self) -> Result<()> {
        if self.input.mark.column != 0 {
            self.input.mark.column = 0;
            self.input.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let m = self.mark();
        self.push(Tok::StreamEnd, m, m);
        Ok(())
    }

    pub(super) fn fetch_block_entry(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(YamlError::syntax(
                    "block sequence entries are not allowed in this context",
                    self.mark(),
                ));
            }
            let m = self.mark();
            self.roll_indent(m.column, None, Tok::BlockSeqStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.single(Tok::BlockEntry);
        Ok(())
    }

    pub(super) fn fetch_key(&mut self) -> Result<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(YamlError::syntax(
                    "mapping keys are not allowed in this context",
                    self.mark(),
                ));
            }
            let m = self.mark();
            self.roll_indent(m.column, None, Tok::BlockMapStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        self.single(Tok::Key);
        Ok(())
    }

    pub(super) fn fetch_value(&mut self) -> Result<()> {
        let key = self.simple_keys.last().copied().unwrap_or_default();
        if key.possible {
            let token = Token {
                tok: Tok::Key,
                start: key.mark,
                end: key.mark,
            };
            let at = key.token_number.min(self.tokens.len());
            self.tokens.insert(at, token);
            self.roll_indent(key.mark.column, Some(at), Tok::BlockMapStart, key.mark)?;
            if let Some(top) = self.simple_keys.last_mut() {
                top.possible = false;
            }
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(YamlError::syntax(
                        "mapping values are not allowed in this context",
                        self.mark(),
                    ));
                }
                let m = self.mark();
                self.roll_indent(m.column, None, Tok::BlockMapStart, m)?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        self.single(Tok::Value);
        Ok(())
    }
}

fn could_not_find_colon(key: Mark, at: Mark) -> YamlError {
    YamlError::while_(
        "while scanning a simple key",
        key,
        "could not find expected ':'",
        at,
    )
}
