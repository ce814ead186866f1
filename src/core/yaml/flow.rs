//! Parsing flow collections as libyaml does: `[a, b]`, `{a: b, c}`, single-pair mappings
//! inside sequences (`[a: b]`, `[? a : b]`), empty keys and values, a trailing `,`.

use super::error::YamlError;
use super::input::Mark;
use super::parser::{Event, Parser};
use super::scanner::Tok;

type Result<T> = std::result::Result<T, YamlError>;

impl Parser {
    /// A `,` between entries (after the first), or the error naming the expected end.
    pub(super) fn flow_separator(
        &mut self,
        first: bool,
        start: Mark,
        what: &'static str,
        problem: &'static str,
    ) -> Result<()> {
        if first {
            return Ok(());
        }
        if self.peek() == &Tok::FlowEntry {
            self.skip();
            return Ok(());
        }
        Err(YamlError::while_(what, start, problem, self.mark()))
    }

    pub(super) fn flow_sequence(&mut self) -> Result<()> {
        let start = self.mark();
        self.skip();
        let mut first = true;
        while self.peek() != &Tok::FlowSeqEnd {
            let (ctx, problem) = (
                "while parsing a flow sequence",
                "did not find expected ',' or ']'",
            );
            self.flow_separator(first, start, ctx, problem)?;
            first = false;
            if self.peek() == &Tok::Key {
                // A single-pair mapping (`[a: b]`), libyaml's way.
                let at = self.mark();
                self.open(
                    Event::MapStart {
                        tag: None,
                        anchor: None,
                    },
                    at,
                )?;
                self.skip();
                if matches!(self.peek(), Tok::Value | Tok::FlowEntry | Tok::FlowSeqEnd) {
                    let mark = self.end_mark();
                    self.skip();
                    self.empty(mark, None, None);
                } else {
                    self.node(false, false)?;
                }
                self.flow_value(&Tok::FlowSeqEnd)?;
                self.depth -= 1;
                let at = self.mark();
                self.emit(Event::End, at);
            } else if self.peek() != &Tok::FlowSeqEnd {
                self.node(false, false)?;
            }
        }
        self.skip();
        self.close();
        Ok(())
    }

    /// The value after a flow key: `: node`, or an empty one.
    pub(super) fn flow_value(&mut self, end: &Tok) -> Result<()> {
        if self.peek() == &Tok::Value {
            self.skip();
            if self.peek() != &Tok::FlowEntry && self.peek() != end {
                return self.node(false, false);
            }
        }
        let at = self.mark();
        self.empty(at, None, None);
        Ok(())
    }

    pub(super) fn flow_mapping(&mut self) -> Result<()> {
        let start = self.mark();
        self.skip();
        let mut first = true;
        while self.peek() != &Tok::FlowMapEnd {
            let (ctx, problem) = (
                "while parsing a flow mapping",
                "did not find expected ',' or '}'",
            );
            self.flow_separator(first, start, ctx, problem)?;
            first = false;
            if self.peek() == &Tok::Key {
                self.skip();
                if matches!(self.peek(), Tok::Value | Tok::FlowEntry | Tok::FlowMapEnd) {
                    let at = self.mark();
                    self.empty(at, None, None);
                } else {
                    self.node(false, false)?;
                }
                self.flow_value(&Tok::FlowMapEnd)?;
            } else if self.peek() != &Tok::FlowMapEnd {
                self.node(false, false)?;
                let at = self.mark();
                self.empty(at, None, None);
            }
        }
        self.skip();
        self.close();
        Ok(())
    }
}
