//! Checks JSON the way reading it into a `serde_json::Value` does, without building anything:
//! every string is decoded (UTF-8, escapes, surrogates), every number parsed (one beyond `f64`
//! is refused), nesting limited. Skipping a value (as serde does with fields a struct does not
//! read) checks less, so the typed reader checks each item first: a List refused before is
//! refused still, with the same message (`List::check` reads the whole document for it).

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// Arrays and objects an item may nest: `serde_json` refuses the 128th level of a document,
/// and an item is at the third (the List, its `items`, the item).
pub(super) const ITEM_DEPTH: usize = 125;

/// Checks one value; `depth` is how many arrays and objects may still nest.
#[derive(Clone, Copy)]
pub(super) struct Check {
    pub depth: usize,
}

impl<'de> DeserializeSeed<'de> for Check {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Check {
    /// The check for what an array or object holds, or an error when it nests too deep.
    fn inner<E: Error>(self) -> Result<Check, E> {
        match self.depth.checked_sub(1) {
            Some(depth) => Ok(Check { depth }),
            None => Err(E::custom("nested too deep")),
        }
    }
}

impl<'de> Visitor<'de> for Check {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.inner()?;
        while seq.next_element_seed(inner)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.inner()?;
        while map.next_key_seed(inner)?.is_some() {
            map.next_value_seed(inner)?;
        }
        Ok(())
    }
}

/// A value checked with `serde_json`'s own nesting limit only (as in a whole document).
pub(super) struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Check { depth: usize::MAX }.deserialize(d).map(|()| Checked)
    }
}

/// A whole List read as the Value-based reader read it (same struct name, fields and order,
/// so the same messages), items checked but not kept.
#[derive(Deserialize)]
#[serde(rename = "List")]
pub(super) struct List {
    #[serde(rename = "kind")]
    _kind: String,
    #[serde(default, rename = "items")]
    _items: Vec<Checked>,
}

/// Checks one item (`ITEM_DEPTH`), as it would be checked inside its List.
pub(super) fn item(raw: &[u8]) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(raw);
    Check { depth: ITEM_DEPTH }.deserialize(&mut de)?;
    de.end()
}
