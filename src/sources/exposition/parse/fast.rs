//! The common sample line read straight from bytes: a series key seen before (the name and its
//! `{…}` exactly as written), a plain number and an optional timestamp. Anything else — a
//! new key, an exemplar, an exponent, an error — is left to the full line parser ([`super::line`]),
//! so both paths give the same samples and the same messages.

use super::line::timestamp;
use crate::core::model::parse_value;

/// The value and timestamp after a series key, read without allocating.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Tail {
    pub value: f64,
    pub timestamp_ms: Option<i64>,
}

/// Where the series key of a sample line ends: after the metric name and, when a `{` follows
/// it at once, after the first `}` outside quoted values. `None` when the braces never close.
pub(super) fn key_end(line: &[u8]) -> Option<usize> {
    let name = line
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b':'))
        .unwrap_or(line.len());
    if line.get(name) != Some(&b'{') {
        return Some(name);
    }
    let (mut quoted, mut escaped) = (false, false);
    for (i, &b) in line.iter().enumerate().skip(name + 1) {
        match (quoted, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => quoted = false,
            (false, _, b'"') => quoted = true,
            (false, _, b'}') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The metric name of a series key in the plain form `name` or `name{a="x",b="y"}` (label
/// names unquoted, each once, values quoted). `None` for anything else, which the full parser
/// reads (and may refuse).
pub(super) fn simple_key(key: &[u8]) -> Option<&str> {
    let is_name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_' || *b == b':';
    let n = key.iter().position(|b| !is_name(b)).unwrap_or(key.len());
    let (name, labels) = key.split_at_checked(n)?;
    if name.is_empty() || !(labels.is_empty() || simple_labels(labels)) {
        return None;
    }
    std::str::from_utf8(name).ok()
}

/// Whether `{…}` holds only `name="value"` pairs with distinct names (at most 16 of them).
fn simple_labels(block: &[u8]) -> bool {
    let mut names: [&[u8]; 16] = [&[]; 16];
    let mut count = 0;
    let Some(mut s) = block.strip_prefix(b"{") else {
        return false;
    };
    loop {
        s = skip_ws(s);
        if s == b"}" {
            return true;
        }
        let n = s
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b':'))
            .unwrap_or(s.len());
        let Some((name, rest)) = s.split_at_checked(n) else {
            return false;
        };
        let Some(rest) = skip_ws(rest).strip_prefix(b"=") else {
            return false;
        };
        let Some(rest) = skip_ws(rest).strip_prefix(b"\"") else {
            return false;
        };
        let Some(end) = closing_quote(rest) else {
            return false;
        };
        if name.is_empty() || count == names.len() || names.iter().take(count).any(|&m| m == name) {
            return false;
        }
        if let Some(slot) = names.get_mut(count) {
            *slot = name;
        }
        count += 1;
        s = skip_ws(rest.get(end + 1..).unwrap_or_default());
        match s.split_first() {
            Some((b',', rest)) => s = rest,
            Some((b'}', [])) => return true,
            _ => return false,
        }
    }
}

/// Where the quote closing a value starts in `s` (the text after its opening quote).
pub(super) fn closing_quote(s: &[u8]) -> Option<usize> {
    let mut escaped = false;
    for (i, &b) in s.iter().enumerate() {
        match (escaped, b) {
            (true, _) => escaped = false,
            (false, b'\\') => escaped = true,
            (false, b'"') => return Some(i),
            _ => {}
        }
    }
    None
}

pub(super) fn skip_ws(s: &[u8]) -> &[u8] {
    let n = s
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(s.len());
    s.get(n..).unwrap_or_default()
}

/// (the token up to the next space or tab, the rest)
fn token(s: &[u8]) -> (&[u8], &[u8]) {
    let n = s
        .iter()
        .position(|&b| b == b' ' || b == b'\t')
        .unwrap_or(s.len());
    s.split_at_checked(n).unwrap_or((s, &[]))
}

/// What follows a series key: ` value [timestamp]`, or `None` when the full parser must look
/// (exemplars, text that is not ASCII, anything malformed).
pub(super) fn tail(rest: &[u8], openmetrics: bool) -> Option<Tail> {
    let (vtok, rest) = token(skip_ws(rest));
    let value = number(vtok).or_else(|| parse_value(ascii(vtok)?).ok())?;
    let rest = skip_ws(rest);
    let (ttok, rest) = token(rest);
    let timestamp_ms = match ttok {
        [] => None,
        [b'#', ..] => return None,
        t => Some(
            integer(t)
                .filter(|_| !openmetrics)
                .or_else(|| timestamp(ascii(t)?, openmetrics).ok())?,
        ),
    };
    skip_ws(rest).is_empty().then_some(Tail {
        value,
        timestamp_ms,
    })
}

fn ascii(b: &[u8]) -> Option<&str> {
    b.is_ascii().then(|| std::str::from_utf8(b).ok()).flatten()
}

/// `[+-]digits`, at most 18 of them (always within i64), as Rust's `i64` parser reads it.
fn integer(t: &[u8]) -> Option<i64> {
    let (neg, digits) = match t {
        [b'-', d @ ..] => (true, d),
        [b'+', d @ ..] => (false, d),
        d => (false, d),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut n: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Some(if neg { -n } else { n })
}

/// `[+-]digits[.digits]` with at most 15 digits: the digits are exact in an f64 and so is the
/// power of ten, so one division gives the correctly rounded value — the same bits as Rust's
/// float parser. Longer numbers, exponents and names (`NaN`, `+Inf`) are left to it.
fn number(t: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (neg, body) = match t {
        [b'-', d @ ..] => (true, d),
        [b'+', d @ ..] => (false, d),
        d => (false, d),
    };
    let (int, frac) = match body.iter().position(|&b| b == b'.') {
        Some(dot) => (body.get(..dot)?, body.get(dot + 1..)?),
        None => (body, &[][..]),
    };
    if int.is_empty() || (frac.is_empty() && int.len() < body.len()) {
        return None; // "", ".5" or "5.": the general parser decides
    }
    if int.len() + frac.len() > 15 {
        return None;
    }
    let mut m: i64 = 0;
    for &d in int.iter().chain(frac) {
        if !d.is_ascii_digit() {
            return None;
        }
        m = m * 10 + i64::from(d - b'0');
    }
    let v = m as f64 / POW10.get(frac.len())?;
    Some(if neg { -v } else { v })
}

/// Where the first line end in `s` is, eight bytes at a time.
pub(super) fn newline(s: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = ONES * b'\n' as u64;
    let mut words = s.chunks_exact(8);
    let mut at = 0;
    for w in &mut words {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(w).ok()?) ^ NL;
        if (x.wrapping_sub(ONES) & !x & HIGH) != 0 {
            break;
        }
        at += 8;
    }
    s.get(at..)?
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| at + i)
}

/// A 32-bit hash of a series key (FxHash-style over eight-byte words, then folded).
pub(super) fn hash(key: &[u8]) -> u32 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = key.len() as u64;
    let mut words = key.chunks_exact(8);
    for w in &mut words {
        let x = <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes);
        h = (h.rotate_left(5) ^ x).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    for (d, s) in last.iter_mut().zip(words.remainder()) {
        *d = *s;
    }
    h = (h.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    h ^= h >> 29;
    (h ^ (h >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_the_bits_of_rusts_parser() {
        for t in [
            "0",
            "-0",
            "+7",
            "12.5",
            "0.1",
            "-3.25",
            "123456789012345",
            "999999999999.999",
            "1.00000000000001",
            "00012",
            "7.0",
        ] {
            let want: f64 = t.parse().unwrap();
            let got = number(t.as_bytes()).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{t}");
        }
        for t in [
            "",
            "-",
            ".5",
            "5.",
            "1e3",
            "1234567890123456",
            "NaN",
            "1.2.3",
            "0x1",
        ] {
            assert_eq!(number(t.as_bytes()), None, "{t}");
        }
        assert_eq!(integer(b"-1700000000000"), Some(-1_700_000_000_000));
        assert_eq!(integer(b"1234567890123456789"), None);
    }

    #[test]
    fn keys_end_after_the_closing_brace_outside_quotes() {
        assert_eq!(key_end(b"up 1"), Some(2));
        assert_eq!(key_end(b"a{b=\"}\\\"}\"} 1"), Some(11));
        assert_eq!(key_end(b"a{b=\"x\" 1"), None);
        assert_eq!(key_end(b"a {b=\"x\"} 1"), Some(1));
    }

    #[test]
    fn simple_keys_and_the_rest() {
        assert_eq!(simple_key(b"up"), Some("up"));
        assert_eq!(simple_key(b"a{b=\"1\", c = \"x\\\"}\",}"), Some("a"));
        assert_eq!(simple_key(b"a{}"), Some("a"));
        for other in [
            &b"{\"q.name\"}"[..],
            b"a{b=\"1\",b=\"2\"}",
            b"a{\"b\"=\"1\"}",
            b"a{b=1}",
            b"a{b}",
            b"a{,}",
            b"a{b=\"1\"}x",
        ] {
            assert_eq!(
                simple_key(other),
                None,
                "{}",
                String::from_utf8_lossy(other)
            );
        }
    }

    #[test]
    fn line_ends_are_found_in_any_position() {
        for n in 0..40 {
            let mut s = vec![b'x'; n];
            s.push(b'\n');
            s.extend_from_slice(b"yy\n");
            assert_eq!(newline(&s), Some(n));
        }
        assert_eq!(newline(b"no line end here"), None);
    }

    #[test]
    fn tails_left_to_the_full_parser() {
        let t = |s: &str| tail(s.as_bytes(), false);
        assert_eq!(
            t(" 5 1000"),
            Some(Tail {
                value: 5.0,
                timestamp_ms: Some(1000)
            })
        );
        assert_eq!(t("\t-Inf").map(|t| t.value), Some(f64::NEG_INFINITY));
        for bad in [" 1 # {a=\"b\"} 1", " 1 2 3", " x", "", " 1 é"] {
            assert_eq!(t(bad), None, "{bad}");
        }
        let om = tail(b" 1 1700000000.5", true).unwrap();
        assert_eq!(om.timestamp_ms, Some(1_700_000_000_500));
    }
}
