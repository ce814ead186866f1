//! The differential test's kit: serde_yaml_ng as the reference reader (dev-dependency only),
//! a comparison of both readers on one text, a small deterministic RNG, the generator of
//! YAML texts from the grammar the reader covers (`gen.rs`) and the table of tricky cases
//! (`cases.rs`).

pub mod cases;
pub mod gen;

use std::panic::{catch_unwind, AssertUnwindSafe};

use headroom::core::yaml;
use serde_json::Value;

/// xorshift64*: deterministic per seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// What the app read YAML with before: serde_yaml_ng's documents into `serde_json::Value`
/// (`Err` at the first that fails), behind the bound on alias expansion the app kept
/// (`text.len() + 10,000` values over all documents). `None` if serde_yaml_ng panicked.
pub fn reference(text: &str) -> Option<Result<Vec<Value>, String>> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut docs = Vec::new();
        for d in serde_yaml_ng::Deserializer::from_str(text) {
            let v: Value = serde::Deserialize::deserialize(d).map_err(|e| e.to_string())?;
            docs.push(v);
        }
        let values: usize = docs.iter().map(count).sum();
        if values > text.len() + 10_000 {
            return Err(format!("{values} values"));
        }
        Ok(docs)
    }))
    .ok()
}

/// Values in `v`, each scalar and collection one (as the app's old bound counted them).
pub fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(|v| 1 + count(v)).sum(),
        _ => 0,
    }
}

/// How the two readers compared on one text.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Both read the same values.
    SameValues,
    /// Both refused it.
    BothRefused,
    /// Both read the same values once our reader numbers anchors as serde_yaml_ng does,
    /// which sends aliases elsewhere after a name is anchored twice: our values differ.
    AnchorNumbering,
    /// serde_yaml_ng panicked (not counted against us).
    ReferencePanicked,
}

/// Compares the readers on `text`; `Err` describes a disagreement. On agreement on values,
/// each value is also written and read back by both readers.
pub fn compare(text: &str) -> Result<Outcome, String> {
    let ours = yaml::documents(text);
    let Some(theirs) = reference(text) else {
        return Ok(Outcome::ReferencePanicked);
    };
    let like_theirs = yaml::documents_with_serde_yaml_ng_anchors(text);
    match (ours, theirs) {
        (Ok(a), Ok(b)) if a == b => {
            for v in &a {
                round_trip(v)?;
            }
            Ok(Outcome::SameValues)
        }
        (Ok(a), Ok(b)) if like_theirs.as_ref().ok() == Some(&b) => {
            for v in &a {
                round_trip(v)?;
            }
            Ok(Outcome::AnchorNumbering)
        }
        (Err(_), Err(_)) => Ok(Outcome::BothRefused),
        (a, b) => Err(format!(
            "{text:?}\n  ours:         {a:?}\n  serde_yaml_ng: {b:?}"
        )),
    }
}

/// `v` written by our writer reads back as `v` through both readers.
pub fn round_trip(v: &Value) -> Result<(), String> {
    let text = yaml::to_string(v);
    let ours = yaml::documents(&text);
    let theirs = reference(&text);
    if ours.as_ref().ok() == Some(&vec![v.clone()]) && theirs == Some(Ok(vec![v.clone()])) {
        return Ok(());
    }
    Err(format!(
        "round trip of {v}\n  written: {text:?}\n  ours:    {ours:?}\n  serde_yaml_ng: {theirs:?}"
    ))
}
