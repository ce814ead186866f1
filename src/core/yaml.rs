//! Bounds that keep YAML reading linear in its input, checked before a document is read.
//! Aliases are expanded when a document is read, so a small file can stand for a huge one: a
//! billion-laughs document (aliases of aliases) or one alias of a long list repeated many
//! times (quadratic). And the YAML scanner's time per token grows with the depth of flow
//! nesting (`a: {a: {a: {…`), so 200 KB of it took seconds. `check` refuses a text nested
//! deeper than any reader accepts (128) by a margin, or whose aliases expand to more values
//! than a file without aliases of its size could hold.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Values a text may expand to beyond one per byte.
const SPARE: usize = 10_000;

/// Brackets open at once, counted in the raw text (quoted ones too, so only an unlikely text
/// is refused that YAML would accept: the readers stop at 128 levels anyway).
const MAX_DEPTH: usize = 256;

/// `Err` with a clear message when `text` nests brackets more than 256 deep, or its YAML
/// documents expand (through aliases) to more values than `text.len() + 10,000`. Texts
/// without both `&` and `*` (an anchor and an alias) are not walked. Syntax errors are left
/// to the reader that follows.
pub fn check(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    for b in text.bytes() {
        match b {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Err(format!(
                "the YAML nests brackets more than {MAX_DEPTH} levels deep"
            ));
        }
    }
    if !(text.contains('&') && text.contains('*')) {
        return Ok(());
    }
    let limit = text.len().saturating_add(SPARE);
    let count = Cell::new(0);
    for d in serde_yaml_ng::Deserializer::from_str(text) {
        let walked = Count {
            count: &count,
            limit,
        }
        .deserialize(d);
        if count.get() > limit {
            return Err(format!(
                "the YAML aliases expand to more than {limit} values (a file of {} bytes): \
                 aliases of aliases, or of long lists, are refused",
                text.len()
            ));
        }
        if walked.is_err() {
            break;
        }
    }
    Ok(())
}

/// Counts the values of one node and its children; fails once `limit` is passed.
#[derive(Clone, Copy)]
struct Count<'a> {
    count: &'a Cell<usize>,
    limit: usize,
}

impl Count<'_> {
    fn one<E: de::Error>(self) -> Result<(), E> {
        self.count.set(self.count.get().saturating_add(1));
        if self.count.get() > self.limit {
            return Err(E::custom("too many values"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Count<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Count<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.one()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.one()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.one()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.one()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.one()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.one()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.one()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag x`): its content.
        let (_, variant) = data.variant_seed(self)?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.one()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.one()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn aliases_expanding_past_the_bound_are_refused() {
        // One alias of a 3,000-item list, 3,000 times: 15 KB that reads as 9 million values.
        let fan = format!(
            "a: &a [{}]\nb: [{}]\n",
            "x,".repeat(3000),
            "*a,".repeat(3000)
        );
        assert!(check(&fan).unwrap_err().contains("aliases expand"));
        // Billion laughs: ten levels of ten aliases.
        let mut laughs = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*l{}", i - 1); 10].join(", ");
            laughs.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
        }
        assert!(check(&laughs).unwrap_err().contains("aliases expand"));
        // Anchors used as they usually are, and texts that are not YAML, pass.
        let merge = "base: &b {kind: prometheus, timeout: 10s}\na: {<<: *b, name: a}\n";
        assert_eq!(check(merge), Ok(()));
        assert_eq!(check("a: [&x 1, *x, *x]\n---\nb: *x\n"), Ok(()));
        assert_eq!(check("{ & * ["), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused_before_it_is_scanned() {
        let deep = "a: {".repeat(50_000);
        assert!(check(&deep).unwrap_err().contains("more than 256 levels"));
        let fine = format!("q: '{}'\n", "sum(x{a=\"b\"}[5m])".repeat(10_000));
        assert_eq!(check(&fine), Ok(()));
    }
}
