//! Whether a selector is written exactly as PromQL reads it, so that matching its rows in the
//! browser (`core::selector`, which is more lenient) gives what Prometheus would: a metric
//! name, then `label op "value"` pairs separated by commas. Values may only escape `\` and
//! `"` (Go unquotes `\t`, `\x41`… where the browser's reader would not); anything else is left
//! to Prometheus itself (the SLO keeps its own query).

use std::iter::Peekable;
use std::str::Chars;

/// `name{label="v", other=~"re", …}` with nothing before or after.
pub fn strictly_plain(text: &str) -> bool {
    let mut c = text.trim().chars().peekable();
    if !word(&mut c, true) {
        return false;
    }
    match c.next() {
        None => true,
        Some('{') => matchers(&mut c) && c.next().is_none(),
        Some(_) => false,
    }
}

/// A metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or a label name (the same without `:`).
fn word(c: &mut Peekable<Chars<'_>>, metric: bool) -> bool {
    let ok = |ch: char, first: bool| {
        ch == '_'
            || (metric && ch == ':')
            || ch.is_ascii_alphabetic()
            || (!first && ch.is_ascii_digit())
    };
    if !c.peek().is_some_and(|&ch| ok(ch, true)) {
        return false;
    }
    while c.next_if(|&ch| ok(ch, false)).is_some() {}
    true
}

fn spaces(c: &mut Peekable<Chars<'_>>) {
    while c.next_if(|ch| ch.is_ascii_whitespace()).is_some() {}
}

/// The inside of `{…}` up to and including `}`.
fn matchers(c: &mut Peekable<Chars<'_>>) -> bool {
    loop {
        spaces(c);
        if c.next_if_eq(&'}').is_some() {
            return true;
        }
        if !(word(c, false) && operator(c) && quoted(c)) {
            return false;
        }
        spaces(c);
        match c.next() {
            Some(',') => {}
            Some('}') => return true,
            _ => return false,
        }
    }
}

/// `=`, `!=`, `=~` or `!~`, with spaces around.
fn operator(c: &mut Peekable<Chars<'_>>) -> bool {
    spaces(c);
    let ok = match c.next() {
        Some('=') => {
            c.next_if_eq(&'~');
            true
        }
        Some('!') => c.next_if(|&ch| ch == '=' || ch == '~').is_some(),
        _ => false,
    };
    spaces(c);
    ok
}

/// A double-quoted value without control characters or escapes other than `\\` and `\"`.
fn quoted(c: &mut Peekable<Chars<'_>>) -> bool {
    if c.next_if_eq(&'"').is_none() {
        return false;
    }
    while let Some(ch) = c.next() {
        match ch {
            '"' => return true,
            '\\' if c.next_if(|&n| n == '\\' || n == '"').is_none() => return false,
            ch if ch.is_control() => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::strictly_plain;

    #[test]
    fn plain_selectors_only() {
        for ok in [
            "up",
            "job:errors:rate5m",
            "x{}",
            "x{ a = \"1\" , b=~\"5..\",}",
            "x{a!=\"\",b!~\"x|y\"}",
            "x{path=~\"/v1\\\\.0\",q=\"say \\\"hi\\\"\"}",
        ] {
            assert!(strictly_plain(ok), "{ok}");
        }
        for bad in [
            "",
            "1x",
            "{a=\"1\"}",
            "x{a=\"1\" b=\"2\"}",
            "x{a=\"1\",,b=\"2\"}",
            "x{1a=\"1\"}",
            "x{a:b=\"1\"}",
            "x{a==\"1\"}",
            "x{a='1'}",
            "x{a=\"\\t\"}",
            "x{a=\"1\"",
            "x{a=\"1\"} offset 5m",
            "x{a=\"1\"}[5m]",
            "rate(x[5m])",
            "x or y",
        ] {
            assert!(!strictly_plain(bad), "{bad}");
        }
    }
}
