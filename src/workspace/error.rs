//! What can go wrong between a config and a view, typed so views render each case in place
//! and nothing downstream matches on message text.

use crate::core::slo::FieldError;
use crate::sources::SourceError;

/// A failed load of one source, file or definition.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// The config names a source that does not exist.
    NoSuchSource { source: String },
    /// The source's kind has no adapter (config validation normally refuses this first).
    UnknownKind { source: String, kind: String },
    /// The source's adapter failed; `error` says how.
    Source { source: String, error: SourceError },
    /// The source answered with another kind of payload than the request asks for.
    UnexpectedAnswer {
        source: String,
        expected: &'static str,
    },
    /// A config or definition file could not be fetched.
    File { url: String, error: SourceError },
    /// A config or definition file is missing (HTTP 404).
    FileNotFound { url: String },
    /// A config or definition file is not UTF-8 text.
    NotText { url: String },
    /// A definition file could not be read as OpenSLO, Sloth or Pyrra.
    Import { file: String, message: String },
    /// An SLO definition is invalid: the field and why.
    Definition {
        field: &'static str,
        message: String,
    },
    /// No data was loaded because the SLO's definition is invalid.
    DefinitionInvalid,
    /// The SLI cannot be computed from raw samples (exposition and CSV sources).
    RawSelector { message: String },
    /// A newer load (config change, refresh) replaced this one.
    Cancelled,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoSuchSource { source } => write!(f, "No source is named \"{source}\"."),
            LoadError::UnknownKind { source, kind } => {
                write!(f, "Source \"{source}\" has the unknown kind \"{kind}\".")
            }
            LoadError::Source { error, .. } => error.fmt(f),
            LoadError::UnexpectedAnswer { source, expected } => write!(
                f,
                "Source \"{source}\" answered with something other than {expected}."
            ),
            LoadError::File { error, .. } => error.fmt(f),
            LoadError::FileNotFound { url } => write!(f, "HTTP 404: no file at {url}"),
            LoadError::NotText { url } => write!(f, "{url} is not UTF-8 text"),
            LoadError::Import { message, .. } => f.write_str(message),
            LoadError::Definition { field, message } => write!(f, "{field}: {message}"),
            LoadError::DefinitionInvalid => f.write_str("invalid definition"),
            LoadError::RawSelector { message } => f.write_str(message),
            LoadError::Cancelled => {
                f.write_str("The load was replaced by a newer one before it finished.")
            }
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Source { error, .. } | LoadError::File { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl LoadError {
    pub fn from_field((field, message): FieldError) -> LoadError {
        LoadError::Definition { field, message }
    }

    /// The source's own error, when it is one.
    pub fn source_error(&self) -> Option<&SourceError> {
        match self {
            LoadError::Source { error, .. } | LoadError::File { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether the source holds no recording of the query (snapshots answer only what they
    /// recorded): not a failure to show, just nothing there.
    pub fn is_not_recorded(&self) -> bool {
        matches!(self.source_error(), Some(SourceError::NotRecorded { .. }))
    }
}

/// A source that failed while others worked.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceIssue {
    pub source: String,
    pub error: LoadError,
}
