//! Structure-aware generators for the line formats: exposition lines with random label sets,
//! durations, RFC 3339 times, quantities, routes, selectors, `Link` headers and CSV. Each
//! writes mostly well-formed text with odd parts, so the parser gets past its first checks.

use super::Rng;

const NAMES: &[&str] = &[
    "http_requests_total",
    "rpc_seconds",
    "up",
    "__name__",
    "a",
    "_",
    "x:y",
    "é",
    "",
    "1bad",
    "le",
    "quantile",
];
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.5",
    "1e3",
    "1e400",
    "NaN",
    "+Inf",
    "-Inf",
    "inf",
    "0x1F",
    "1_0",
    "",
    "-0",
    "18446744073709551616",
    ".5",
    "1.",
];
const PIECES: &[&str] = &[
    "a", "5xx", "\\\\", "\\\"", "\\n", "\\x", "é", "💥", " ", ",", "=", "}", "{", "\"", "#", "\t",
];

/// A short text made of awkward pieces.
pub fn text(rng: &mut Rng) -> String {
    (0..rng.below(6)).map(|_| rng.pick(PIECES)).collect()
}

/// A number-ish token.
pub fn value(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => (rng.next() as i64 >> rng.below(64)).to_string(),
        1 => format!("{}", f64::from_bits(rng.next())),
        _ => rng.pick(VALUES).to_string(),
    }
}

/// `{a="x",b="y"}` with random names, values and separators (sometimes broken).
pub fn labels(rng: &mut Rng) -> String {
    let n = rng.below(6);
    let body: Vec<String> = (0..n)
        .map(|_| {
            let q = if rng.one_in(12) { "" } else { "\"" };
            format!("{}={q}{}{q}", rng.pick(NAMES), text(rng))
        })
        .collect();
    let sep = if rng.one_in(8) { ", " } else { "," };
    let end = if rng.one_in(10) { "" } else { "}" };
    format!(
        "{{{}{}{end}",
        body.join(sep),
        if rng.one_in(6) { "," } else { "" }
    )
}

/// A Prometheus text or OpenMetrics exposition: families with HELP/TYPE/UNIT, samples with
/// label sets, timestamps and exemplars, sometimes `# EOF`.
pub fn exposition(rng: &mut Rng) -> String {
    const KINDS: &[&str] = &[
        "counter",
        "gauge",
        "histogram",
        "summary",
        "untyped",
        "info",
        "stateset",
        "gaugehistogram",
        "unknown",
        "bogus",
    ];
    const SUFFIXES: &[&str] = &[
        "", "_total", "_bucket", "_count", "_sum", "_created", "_info",
    ];
    let mut out = String::new();
    for _ in 0..1 + rng.below(5) {
        let name = rng.pick(NAMES);
        match rng.below(4) {
            0 => out.push_str(&format!("# HELP {name} {}\n", text(rng))),
            1 => out.push_str(&format!("# TYPE {name} {}\n", rng.pick(KINDS))),
            2 => out.push_str(&format!("# UNIT {name} seconds\n")),
            _ => {}
        }
        for _ in 0..rng.below(5) {
            let set = if rng.one_in(3) {
                String::new()
            } else {
                labels(rng)
            };
            out.push_str(&format!("{name}{}{set} {}", rng.pick(SUFFIXES), value(rng)));
            if rng.one_in(3) {
                out.push_str(&format!(" {}", value(rng)));
            }
            if rng.one_in(5) {
                out.push_str(&format!(" # {} {}", labels(rng), value(rng)));
            }
            out.push_str(if rng.one_in(10) { "\r\n" } else { "\n" });
        }
    }
    if rng.one_in(3) {
        out.push_str("# EOF\n");
    }
    out
}

/// `1h30m`, `250ms`, `0s`, `99999999999999999999y`, `5x`, `1.5h` …
pub fn duration(rng: &mut Rng) -> String {
    const UNITS: &[&str] = &["ms", "s", "m", "h", "d", "w", "y", "", "x", "M", "µs"];
    let sign = rng.pick(&["", "", "", "-", "+", " ", "."]);
    let parts: String = (0..1 + rng.below(4))
        .map(|_| format!("{}{}", rng.next() >> rng.below(64), rng.pick(UNITS)))
        .collect();
    format!("{sign}{parts}")
}

/// An RFC 3339 time with random fields, fractions and offsets (some out of range).
pub fn rfc3339(rng: &mut Rng) -> String {
    const OFFSETS: &[&str] = &[
        "Z", "z", "+00:00", "-07:30", "+14:00", "+99:99", "+0é00", "", "+01",
    ];
    let n = |rng: &mut Rng, m: u64| rng.next() % m;
    let frac = match rng.below(3) {
        0 => String::new(),
        _ => format!(".{}", rng.next() >> rng.below(64)),
    };
    format!(
        "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}{frac}{}",
        n(rng, 10_000),
        n(rng, 14),
        n(rng, 33),
        rng.pick(&["T", "t", " ", "_"]),
        n(rng, 25),
        n(rng, 61),
        n(rng, 62),
        rng.pick(OFFSETS)
    )
}

/// A Kubernetes quantity: number, exponent, suffix.
pub fn quantity(rng: &mut Rng) -> String {
    const SUFFIXES: &[&str] = &[
        "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "e3",
        "E3", "i", "KiB",
    ];
    format!("{}{}", value(rng), rng.pick(SUFFIXES))
}

/// `#/section/item?k=v&…` with percent escapes (some invalid), `+` and empty parts.
pub fn route(rng: &mut Rng) -> String {
    const SEGMENTS: &[&str] = &[
        "slos",
        "inventory",
        "reports",
        "explore",
        "sources",
        "overview",
        "slo-editor",
        "c++",
        "%2F",
        "%",
        "%e9",
        "%C3",
        "%zz",
        "a%20b",
        "",
        "é",
    ];
    let path: Vec<&str> = (0..rng.below(4)).map(|_| rng.pick(SEGMENTS)).collect();
    let params: Vec<String> = (0..rng.below(5))
        .map(|_| format!("{}={}", rng.pick(SEGMENTS), rng.pick(SEGMENTS)))
        .collect();
    let hash = if rng.one_in(5) { "" } else { "#" };
    format!(
        "{hash}/{}?{}",
        path.join("/"),
        params.join(rng.pick(&["&", "&&", ";"]))
    )
}

/// A PromQL selector: `name{k="v", k2=~"re"}` with odd operators, escapes and regexes.
pub fn selector(rng: &mut Rng) -> String {
    const OPS: &[&str] = &["=", "!=", "=~", "!~", "==", "~", ""];
    const REGEXES: &[&str] = &[
        ".*",
        "5..",
        "(a|b)",
        "[",
        "(?i)x",
        "\\d+",
        "a{2,3}",
        "a{1000}{1000}",
        "((((",
        "\\",
        "é+",
        "[^\\x00-\\x7f]",
    ];
    let matchers: Vec<String> = (0..rng.below(5))
        .map(|_| {
            let v = if rng.one_in(2) {
                rng.pick(REGEXES).to_string()
            } else {
                text(rng)
            };
            format!("{} {} \"{v}\"", rng.pick(NAMES), rng.pick(OPS))
        })
        .collect();
    let close = if rng.one_in(8) { "" } else { "}" };
    format!("{}{{{}{close}", rng.pick(NAMES), matchers.join(","))
}

/// A `Link` header: `<url>; rel="next", …` with missing brackets and odd rels.
pub fn link_header(rng: &mut Rng) -> String {
    const RELS: &[&str] = &["next", "last", "prev", "first", "next\"", "", "\"next\""];
    let parts: Vec<String> = (0..rng.below(5))
        .map(|_| {
            let url = format!("https://api.github.com/x?page={}", rng.below(100));
            match rng.below(5) {
                0 => format!("{url}; rel=\"{}\"", rng.pick(RELS)),
                1 => format!("<{url}; rel=\"{}\"", rng.pick(RELS)),
                _ => format!("<{url}>; rel=\"{}\"", rng.pick(RELS)),
            }
        })
        .collect();
    parts.join(rng.pick(&[", ", ",", ",,", " "]))
}

/// A CSV with `header` (columns shuffled, sometimes one dropped) and rows whose cells come
/// from `cell(rng, column)`, quoted at times.
pub fn csv(rng: &mut Rng, header: &[&str], cell: fn(&mut Rng, &str) -> String) -> String {
    let mut cols: Vec<&str> = header.to_vec();
    for i in (1..cols.len()).rev() {
        cols.swap(i, rng.below(i + 1));
    }
    if rng.one_in(4) {
        cols.pop();
    }
    let mut out = cols.join(",") + "\n";
    for _ in 0..rng.below(6) {
        let row: Vec<String> = cols
            .iter()
            .map(|c| match cell(rng, c) {
                v if rng.one_in(5) => format!("\"{}\"", v.replace('"', "\"\"")),
                v => v,
            })
            .collect();
        out.push_str(&row.join(","));
        out.push_str(rng.pick(&["\n", "\r\n", "\n\n", ""]));
    }
    out
}

/// A cell for a time column, a number column or a text column.
pub fn csv_cell(rng: &mut Rng, column: &str) -> String {
    match column {
        c if c.ends_with("_at") || c.ends_with("time") || c == "timestamp" => match rng.below(3) {
            0 => rfc3339(rng),
            _ => value(rng),
        },
        "value" => value(rng),
        "type" => rng
            .pick(&["deployment", "incident", "Deployment", ""])
            .to_string(),
        "status" => rng
            .pick(&["success", "failure", "cancelled", ""])
            .to_string(),
        _ => text(rng),
    }
}

/// A URL as configs and pages hold them: odd schemes, user info, hosts, ports, backslashes.
pub fn url(rng: &mut Rng) -> String {
    const SCHEMES: &[&str] = &[
        "https://",
        "http://",
        "HTTP://",
        "ftp://",
        "javascript:",
        "//",
        "",
        "local:",
    ];
    const HOSTS: &[&str] = &[
        "prom.example.com",
        "[::1]",
        "127.0.0.1",
        "é.example",
        "",
        "a@b",
        "user:pw@h",
        "h\\x",
    ];
    const PORTS: &[&str] = &[
        "",
        ":0",
        ":443",
        ":80",
        ":65536",
        ":abc",
        ":",
        ":99999999999999999999",
    ];
    format!(
        "{}{}{}{}",
        rng.pick(SCHEMES),
        rng.pick(HOSTS),
        rng.pick(PORTS),
        rng.pick(&[
            "",
            "/",
            "/a/../b",
            "?q=1",
            "#f",
            "\\evil.example",
            "/%2e%2e"
        ])
    )
}
