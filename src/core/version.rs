//! Versions ordered as people read them: `0.9.1` before `0.10.0`, `v1.30.2` before `v1.31.1`,
//! a pre-release (`2.15.0-rc.1`) before its release. Digit runs compare as numbers, other text
//! as text; anything that is not a version still gets a stable order.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Digit runs and the text between them, a leading `v` dropped.
fn chunks(v: &str) -> Vec<(bool, &str)> {
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let mut out = Vec::new();
    let mut rest = v;
    while let Some(first) = rest.chars().next() {
        let digit = first.is_ascii_digit();
        let end = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() != digit)
            .map_or(rest.len(), |(i, _)| i);
        let (chunk, tail) = rest.split_at_checked(end).unwrap_or((rest, ""));
        out.push((digit, chunk));
        rest = tail;
    }
    out
}

/// Compares two versions (see the module doc).
pub fn compare(a: &str, b: &str) -> Ordering {
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(&cb) {
        let o = match (x, y) {
            ((true, p), (true, q)) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                p.len().cmp(&q.len()).then_with(|| p.cmp(q))
            }
            // A pre-release marker sorts before the release's next separator.
            ((false, p), (false, q)) => match (p.starts_with('-'), q.starts_with('-')) {
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => p.cmp(q),
            },
            ((true, _), (false, _)) => Ordering::Greater,
            ((false, _), (true, _)) => Ordering::Less,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    // One is a prefix of the other: `1.2.0-rc.1` (more, starting with `-`) is before `1.2.0`.
    let pre = |rest: &[(bool, &str)]| rest.first().is_some_and(|(d, t)| !d && t.starts_with('-'));
    match ca.len().cmp(&cb.len()) {
        Ordering::Greater if pre(ca.get(cb.len()..).unwrap_or_default()) => Ordering::Less,
        Ordering::Less if pre(cb.get(ca.len()..).unwrap_or_default()) => Ordering::Greater,
        o => o.then_with(|| a.cmp(b)),
    }
}

/// A service's versions (version → replicas) in version order.
pub fn ordered<V>(versions: &BTreeMap<String, V>) -> Vec<(&String, &V)> {
    let mut v: Vec<_> = versions.iter().collect();
    crate::core::order::sort_by(&mut v, |a, b| compare(a.0, b.0));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_as_versions() {
        let mut v = vec![
            "0.10.0",
            "0.9.3",
            "0.9.1",
            "v1.31.1",
            "v1.30.2",
            "2.15.0",
            "2.15.0-rc.1",
            "2.14.1",
            "10.0",
            "9.9",
        ];
        crate::core::order::sort_by(&mut v, |a, b| compare(a, b));
        assert_eq!(
            v,
            [
                "0.9.1",
                "0.9.3",
                "0.10.0",
                "v1.30.2",
                "v1.31.1",
                "2.14.1",
                "2.15.0-rc.1",
                "2.15.0",
                "9.9",
                "10.0"
            ]
        );
        assert_eq!(
            compare("1.02", "1.2"),
            Ordering::Less,
            "equal numbers fall back to text order"
        );
        assert_eq!(compare("latest", "stable"), Ordering::Less);
        assert_eq!(compare("", "1"), Ordering::Less);
        let m: BTreeMap<String, u32> = [("0.10.0", 1), ("0.9.1", 2)]
            .map(|(k, v)| (k.to_string(), v))
            .into();
        assert_eq!(
            ordered(&m)
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>(),
            ["0.9.1", "0.10.0"]
        );
    }
}
