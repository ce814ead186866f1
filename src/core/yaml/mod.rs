//! A small YAML reader and writer of our own, in place of serde_yaml_ng and unsafe-libyaml
//! (58 KB gzipped of the Wasm). The reader accepts and refuses what serde_yaml_ng does and
//! gives the same `serde_json::Value`s (a differential test holds it to that): it scans
//! (`scanner.rs`, `scalars.rs`, `tags.rs`) and parses (`parser.rs`) as libyaml does, then
//! composes a tree of nodes (`compose.rs`), read into values by a serde deserializer
//! (`node.rs`) resolving scalars as serde_yaml_ng does (`resolve.rs`).
//! Reading is linear in the text: nesting stops at 128 levels, simple keys at 1024 bytes,
//! and aliases are measured before they are expanded (their values may not pass one per
//! byte of the text plus 10,000). The writer (`write.rs`) gives block YAML that reads back
//! to the same value.

mod access;
mod compose;
mod error;
mod flow;
mod input;
mod node;
mod parser;
mod resolve;
mod scalars;
mod scanner;
mod structure;
mod tags;
mod value;
mod write;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use compose::Duplicates;
pub use error::{ErrorKind, YamlError};
pub use write::to_string;

/// The documents of a YAML text, as serde_yaml_ng's document iterator gives them into
/// `serde_json::Value`: an empty text is one null document, an empty document is null, a
/// key written twice keeps its last value.
pub fn documents(text: &str) -> Result<Vec<Value>, YamlError> {
    read(text, Duplicates::LastWins)
}

/// `documents`, choosing what a key written twice in a mapping does.
pub fn read(text: &str, duplicates: Duplicates) -> Result<Vec<Value>, YamlError> {
    read_with(text, duplicates, compose::Anchors::Latest)
}

/// `documents` with serde_yaml_ng's anchor numbering, which sends an alias to the wrong
/// node after a name is anchored twice (see `compose::Anchors`): only for the differential
/// test, to compare the readers on every text.
#[doc(hidden)]
pub fn documents_with_serde_yaml_ng_anchors(text: &str) -> Result<Vec<Value>, YamlError> {
    read_with(text, Duplicates::LastWins, compose::Anchors::SerdeYamlNg)
}

fn read_with(
    text: &str,
    duplicates: Duplicates,
    anchors: compose::Anchors,
) -> Result<Vec<Value>, YamlError> {
    nodes(text, duplicates, anchors)?
        .into_iter()
        .map(node::Node::into_value)
        .collect()
}

/// The one document of `text` as a `T`, read as serde_yaml_ng reads typed values (a string
/// field takes any scalar's text, an empty value is an empty map). `Err`: the path to the
/// value at fault (`sources[1].kind`; empty for the text as a whole) and the error.
pub fn from_str<T: DeserializeOwned>(
    text: &str,
    duplicates: Duplicates,
) -> Result<T, (String, YamlError)> {
    let doc = document(text, duplicates).map_err(|e| (String::new(), e))?;
    serde_path_to_error::deserialize(node::De::new(&doc))
        .map_err(|e| (e.path().to_string(), e.into_inner()))
}

/// [`from_str`] without the path: `None` wherever `from_str` gives an error.
pub fn from_str_quick<T: DeserializeOwned>(text: &str, duplicates: Duplicates) -> Option<T> {
    T::deserialize(node::De::new(&document(text, duplicates).ok()?)).ok()
}

/// The one document of `text` (an empty one for an empty text).
fn document(text: &str, duplicates: Duplicates) -> Result<node::Node, YamlError> {
    let mut docs = nodes(text, duplicates, compose::Anchors::Latest)?;
    if docs.len() > 1 {
        let kind = ErrorKind::Message(format!(
            "{} YAML documents where one was expected",
            docs.len()
        ));
        return Err(YamlError {
            kind,
            line: 0,
            column: 0,
        });
    }
    Ok(docs.pop().unwrap_or(node::Node::Empty))
}

fn nodes(
    text: &str,
    duplicates: Duplicates,
    anchors: compose::Anchors,
) -> Result<Vec<node::Node>, YamlError> {
    let tokens = scanner::scan(input::Input::new(text)?)?;
    let docs = parser::parse(tokens)?;
    let mut budget = compose::Budget::for_text(text.len());
    docs.iter()
        .map(|events| compose::document(events, &mut budget, duplicates, anchors))
        .collect()
}

#[cfg(test)]
mod tests;
