//! One label of a stored series, read from its key without building the whole label map: a
//! selection asks every series of a family for the one or two labels its matchers test, and
//! forty selections over 240,000 series spent 19 s building maps they dropped at once.

use std::borrow::Cow;

use super::fast::{closing_quote, skip_ws};
use super::line::push_escaped;
use super::Parsed;

/// A key not in the plain `name{a="x",…}` form (a quoted name): read all its labels instead.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unusual;

impl Parsed {
    /// The value of label `label` of series `id` (`None` when it has none), as
    /// [`Parsed::series_labels`] would give it.
    pub fn series_label(&self, id: u32, label: &str) -> Result<Option<Cow<'_, str>>, Unusual> {
        let key = self.keys.get(id as usize).ok_or(Unusual)?;
        let key = self.text.get(key.start as usize..key.end as usize);
        let key = key.ok_or(Unusual)?;
        let is_name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b':';
        let n = key.iter().position(|b| !is_name(b)).unwrap_or(key.len());
        let Some(mut rest) = key.get(n..).and_then(|r| r.strip_prefix(b"{")) else {
            return if n == key.len() && n > 0 {
                Ok(None)
            } else {
                Err(Unusual)
            };
        };
        loop {
            rest = skip_ws(rest);
            if rest == b"}" {
                return Ok(None);
            }
            let n = rest.iter().position(|b| !is_name(b)).unwrap_or(rest.len());
            let (name, after) = rest.split_at_checked(n).ok_or(Unusual)?;
            let after = skip_ws(after).strip_prefix(b"=").ok_or(Unusual)?;
            let value = skip_ws(after).strip_prefix(b"\"").ok_or(Unusual)?;
            let end = closing_quote(value).ok_or(Unusual)?;
            if name.is_empty() {
                return Err(Unusual);
            }
            if name == label.as_bytes() {
                return Ok(Some(unescape(value.get(..end).unwrap_or_default())));
            }
            rest = skip_ws(value.get(end + 1..).unwrap_or_default());
            rest = match rest.split_first() {
                Some((b',', r)) => r,
                Some((b'}', [])) => return Ok(None),
                _ => return Err(Unusual),
            };
        }
    }
}

/// A value's text as the label parser reads it: `\n`, `\\` and `\"` unescaped, any other
/// backslash kept; bytes that are not UTF-8 as replacement characters.
fn unescape(raw: &[u8]) -> Cow<'_, str> {
    let text = String::from_utf8_lossy(raw);
    if !text.contains('\\') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, false) => out.push(c),
            (_, true) => match chars.next() {
                Some(e) => push_escaped(&mut out, e),
                None => out.push('\\'),
            },
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn each_label_as_the_whole_map_has_it() {
        let p = parse(
            "a{x=\"1\", y = \"q\\\"u\\\\o\\nte\\d\",z=\"\"} 1\nb 2\nc{} 3\n{\"q.n\",x=\"2\"} 4\n",
            None,
        );
        for id in 0..p.series_count() as u32 {
            let all = p.series_labels(id);
            match p.series_label(id, "x") {
                Ok(v) => {
                    for k in ["x", "y", "z", "w"] {
                        let one = p.series_label(id, k).unwrap().map(|v| v.into_owned());
                        assert_eq!(one.as_ref(), all.get(k), "series {id} label {k}");
                    }
                    assert_eq!(v.map(|v| v.into_owned()).as_ref(), all.get("x"));
                }
                Err(_) => assert_eq!(p.series_name(id), "q.n", "only the quoted name is unusual"),
            }
        }
        assert_eq!(p.series_label(0, "y").unwrap().unwrap(), "q\"u\\o\nte\\d");
    }
}
