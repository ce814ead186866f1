//! `YamlError`: what went wrong reading a YAML text, and where (line and column, from 1).

use std::fmt;

/// A YAML text that could not be read: what was wrong, at which line and column (from 1;
/// 0 when no place is known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub kind: ErrorKind,
    pub line: usize,
    pub column: usize,
}

/// What was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text breaks YAML's syntax: the problem, and what was being read when it was found
    /// (`while scanning a quoted scalar`) with where that started.
    Syntax {
        problem: &'static str,
        context: Option<(&'static str, usize, usize)>,
    },
    /// A character YAML does not allow in a text (controls other than tab and line breaks).
    ControlCharacter(char),
    /// `*name` before (or without) any `&name` in its document.
    UnknownAnchor(String),
    /// `*name` inside the node `&name` marks: an endless value.
    RecursiveAlias(String),
    /// Collections nested more than 128 deep (aliases included).
    TooDeep,
    /// The aliases expand to more values than a text of this size could hold without them.
    AliasesExpand { limit: usize, bytes: usize },
    /// More alias expansions in a document than a hundred per event.
    TooManyAliases,
    /// A tag the reader does not turn into JSON (`!custom`): only the `!!` core tags are read.
    UnsupportedTag(String),
    /// A scalar that does not read as its `!!bool`, `!!int`, `!!float` or `!!null` tag says.
    InvalidTagged {
        value: String,
        expected: &'static str,
    },
    /// What reading the value into its type found wrong (`invalid type: sequence, expected
    /// a string`, `unknown field "x"`…).
    Message(String),
    /// The same key twice in one mapping (refused only when asked to).
    DuplicateKey(String),
}

impl YamlError {
    pub(super) fn syntax(problem: &'static str, at: super::input::Mark) -> YamlError {
        YamlError::new(
            ErrorKind::Syntax {
                problem,
                context: None,
            },
            at,
        )
    }

    pub(super) fn while_(
        context: &'static str,
        started: super::input::Mark,
        problem: &'static str,
        at: super::input::Mark,
    ) -> YamlError {
        let context = Some((context, started.line + 1, started.column + 1));
        YamlError::new(ErrorKind::Syntax { problem, context }, at)
    }

    pub(super) fn new(kind: ErrorKind, at: super::input::Mark) -> YamlError {
        YamlError {
            kind,
            line: at.line + 1,
            column: at.column + 1,
        }
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match &self.kind {
            ErrorKind::Syntax { problem, .. } => f.write_str(problem)?,
            ErrorKind::ControlCharacter(c) => write!(
                f,
                "control character U+{:04X} is not allowed",
                u32::from(*c)
            )?,
            ErrorKind::UnknownAnchor(a) => write!(f, "unknown anchor *{a}")?,
            ErrorKind::RecursiveAlias(a) => write!(f, "alias *{a} refers to a node containing it")?,
            ErrorKind::TooDeep => f.write_str("collections nested more than 128 levels deep")?,
            ErrorKind::AliasesExpand { limit, bytes } => write!(
                f,
                "the YAML aliases expand to more than {limit} values (a file of {bytes} bytes): \
                 aliases of aliases, or of long lists, are refused"
            )?,
            ErrorKind::TooManyAliases => f.write_str("too many alias expansions")?,
            ErrorKind::UnsupportedTag(t) => write!(f, "unsupported tag {t}")?,
            ErrorKind::InvalidTagged { value, expected } => {
                write!(f, "invalid value {value:?}, expected {expected}")?
            }
            ErrorKind::Message(m) => f.write_str(m)?,
            ErrorKind::DuplicateKey(k) => write!(f, "duplicate key {k:?}")?,
        }
        if self.line > 0 {
            write!(f, " at line {} column {}", self.line, self.column)?;
        }
        if let ErrorKind::Syntax {
            context: Some((what, line, column)),
            ..
        } = &self.kind
        {
            write!(f, ", {what} at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl std::error::Error for YamlError {}
