//! Where each member of a JSON object lies in its text, found without parsing the values: a
//! snapshot's bundle (`{"<key>": <answer>, …}`) is read this way once per load, and each answer
//! is decoded only when it is asked for, by the same decoder as an answer in a file of its own.
//!
//! The scan tracks strings (with their escapes) and brackets only, so it is several times
//! faster than a validating parse: the demo's four bundles (1.4 MB) took 44 ms of the first
//! chart's main thread through `serde_json`'s `RawValue`. What it does not check (a number's
//! syntax, a literal) the answer's decoder reports when that answer is read.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// Why a text is not an object whose members can be told apart.
#[derive(Clone, Debug, PartialEq)]
pub enum MembersError {
    /// The text does not start with `{`.
    NotAnObject,
    /// The text ends inside a string, a value or the object.
    Truncated,
    /// A byte where the syntax allows no such byte, at this offset.
    Unexpected { at: usize, found: u8 },
    /// A key is not a valid JSON string (a bad escape, a control character).
    BadKey { at: usize },
}

impl fmt::Display for MembersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAnObject => write!(f, "not a JSON object of recorded answers"),
            Self::Truncated => write!(f, "the JSON ends early (is the file truncated?)"),
            Self::Unexpected { at, found } => write!(
                f,
                "unexpected {} at byte {at}",
                match found.is_ascii_graphic() {
                    true => format!("'{}'", char::from(*found)),
                    false => format!("byte 0x{found:02x}"),
                }
            ),
            Self::BadKey { at } => write!(f, "the key at byte {at} is not a valid JSON string"),
        }
    }
}

/// Each member of the object `text` is: its key (unescaped) and the byte range of its value.
/// A key given twice keeps its last value, as a parse into a map would.
pub fn members(text: &[u8]) -> Result<BTreeMap<String, Range<usize>>, MembersError> {
    let mut s = Scan { text, at: 0 };
    let mut out = BTreeMap::new();
    s.skip_ws();
    if s.peek() != Some(b'{') {
        return Err(MembersError::NotAnObject);
    }
    s.at += 1;
    s.skip_ws();
    if s.peek() == Some(b'}') {
        s.at += 1;
        return s.end().map(|()| out);
    }
    loop {
        s.skip_ws();
        let key_at = s.at;
        s.expect(b'"')?;
        s.string()?;
        let key = text
            .get(key_at..s.at)
            .and_then(|raw| serde_json::from_slice::<String>(raw).ok())
            .ok_or(MembersError::BadKey { at: key_at })?;
        s.skip_ws();
        s.expect(b':')?;
        s.skip_ws();
        let start = s.at;
        s.value()?;
        out.insert(key, start..s.at);
        s.skip_ws();
        match s.next()? {
            b',' => continue,
            b'}' => return s.end().map(|()| out),
            found => return Err(s.unexpected(found)),
        }
    }
}

struct Scan<'a> {
    text: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn next(&mut self) -> Result<u8, MembersError> {
        let b = self.peek().ok_or(MembersError::Truncated)?;
        self.at += 1;
        Ok(b)
    }

    fn unexpected(&self, found: u8) -> MembersError {
        MembersError::Unexpected {
            at: self.at.saturating_sub(1),
            found,
        }
    }

    fn expect(&mut self, want: u8) -> Result<(), MembersError> {
        match self.next()? {
            b if b == want => Ok(()),
            found => Err(self.unexpected(found)),
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// Nothing but whitespace may follow the object.
    fn end(&mut self) -> Result<(), MembersError> {
        self.skip_ws();
        match self.peek() {
            None => Ok(()),
            Some(found) => {
                self.at += 1;
                Err(self.unexpected(found))
            }
        }
    }

    /// Past a string whose opening quote was just read. (The two loops below run once per byte
    /// of a bundle: they index the slice directly, with no call per byte, which Wasm built for
    /// size would not inline.)
    fn string(&mut self) -> Result<(), MembersError> {
        let text = self.text;
        let mut at = self.at;
        while let Some(&b) = text.get(at) {
            at += 1;
            if b == b'"' {
                self.at = at;
                return Ok(());
            }
            if b == b'\\' {
                at += 1;
            }
        }
        Err(MembersError::Truncated)
    }

    /// Past one value: a string, an array or object with all it holds, or a bare word (a
    /// number or literal, checked when the value is decoded).
    fn value(&mut self) -> Result<(), MembersError> {
        match self.peek() {
            None => Err(MembersError::Truncated),
            Some(b'"') => {
                self.at += 1;
                self.string()
            }
            Some(b'{' | b'[') => self.nested(),
            Some(_) => self.word(),
        }
    }

    /// Past an array or object: brackets must close in the order they opened.
    fn nested(&mut self) -> Result<(), MembersError> {
        let text = self.text;
        let mut open: Vec<u8> = Vec::new();
        let mut at = self.at;
        let mut in_string = false;
        while let Some(&b) = text.get(at) {
            at += 1;
            if in_string {
                match b {
                    b'"' => in_string = false,
                    b'\\' => at += 1,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' => open.push(b'}'),
                b'[' => open.push(b']'),
                b'}' | b']' => {
                    if open.pop() != Some(b) {
                        self.at = at;
                        return Err(self.unexpected(b));
                    }
                    if open.is_empty() {
                        self.at = at;
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        Err(MembersError::Truncated)
    }

    /// Past a number or literal; an empty one (`"k": ,`) is an error here.
    fn word(&mut self) -> Result<(), MembersError> {
        let start = self.at;
        while let Some(b) = self.peek() {
            if matches!(
                b,
                b',' | b'}' | b']' | b'{' | b'[' | b'"' | b':' | b' ' | b'\n' | b'\r' | b'\t'
            ) {
                break;
            }
            self.at += 1;
        }
        if self.at > start {
            return Ok(());
        }
        let found = self.next()?;
        Err(self.unexpected(found))
    }
}

#[cfg(test)]
#[path = "members_tests.rs"]
mod tests;
