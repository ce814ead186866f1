//! Random YAML texts from the grammar the reader covers — block mappings and sequences
//! (compact `- key: v`, sequences at their key's indentation, `? ` keys), flow collections,
//! every scalar style with escapes, folding, chomping and indentation indicators, anchors,
//! aliases and merge keys, tags, comments, documents, BOM, CRLF and tabs — and byte-level
//! mutations of any text.

use super::Rng;

const PLAIN: &[&str] = &[
    "a",
    "foo bar",
    "x:y",
    "a#b",
    "1",
    "-1",
    "+12",
    "0",
    "-0",
    "0012",
    "0x1F",
    "0x_1",
    "0o17",
    "-0o17",
    "0b101",
    "-0x1f",
    "1_000",
    "1e3",
    "1.5",
    ".5",
    "5.",
    "-.5e-3",
    "1e400",
    ".inf",
    "-.Inf",
    "+.INF",
    ".nan",
    ".NaN",
    "-.nan",
    "~",
    "null",
    "Null",
    "NULL",
    "nULL",
    "true",
    "True",
    "TRUE",
    "tRUE",
    "false",
    "yes",
    "no",
    "on",
    "y",
    "12:30",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "2026-01-02",
    "http://x.example/a?b=c#d",
    "é",
    "日本",
    "sum(rate(x[5m]))",
    "a-b_c.d",
    "inf",
    "nan",
    "0x",
];

/// Plain scalars that are odd where they stand (indicators inside or at an end).
const ODD: &[&str] = &[
    "-x", "?x", ":x", "x:", "x::y", "+-1", "--", "a,b", "a]b", "a{b", "a #b", "x:\ty",
];

const ESCAPES: &[&str] = &[
    "\\n",
    "\\t",
    "\\\\",
    "\\\"",
    "\\/",
    "\\x41",
    "\\xe9",
    "\\u00e9",
    "\\u263A",
    "\\U0001F600",
    "\\0",
    "\\a",
    "\\b",
    "\\e",
    "\\v",
    "\\f",
    "\\r",
    "\\ ",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\\t",
];

/// Escapes YAML refuses.
const BAD_ESCAPES: &[&str] = &["\\q", "\\x4", "\\uD800", "\\U00110000", "\\x4g"];

const TAGS: &[&str] = &[
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!map",
    "!!seq",
    "!!binary",
    "!foo",
    "!",
    "!<tag:yaml.org,2002:str>",
    "!<!bar>",
    "!!timestamp",
    "!e!x",
];

pub struct Gen<'a> {
    pub rng: &'a mut Rng,
    anchors: Vec<String>,
    budget: usize,
}

impl Gen<'_> {
    pub fn new(rng: &mut Rng) -> Gen<'_> {
        Gen {
            rng,
            anchors: Vec::new(),
            budget: 16,
        }
    }

    /// A whole text: one to three documents, with the odd directive, BOM or CRLF.
    pub fn text(&mut self) -> String {
        let mut out = String::new();
        if self.rng.one_in(20) {
            out.push('\u{feff}');
        }
        let docs = 1 + self.rng.below(3);
        for i in 0..docs {
            self.anchors.clear();
            self.budget = 16;
            let top_scalar = self.rng.below(3) == 0;
            if self.rng.one_in(15) {
                out.push_str(self.rng.pick(&[
                    "%YAML 1.1\n",
                    "%YAML 1.2\n",
                    "%YAML 2.0\n",
                    "%TAG !e! tag:e.com,2000:\n",
                ]));
                out.push_str("---\n");
            } else if i > 0 || self.rng.one_in(4) {
                out.push_str(if top_scalar {
                    "--- "
                } else {
                    self.rng.pick(&["---\n", "---\n# c\n"])
                });
            }
            self.block(&mut out, 0, top_scalar);
            if self.rng.one_in(6) {
                out.push_str("...\n");
            }
        }
        if self.rng.one_in(10) {
            out = out.replace('\n', "\r\n");
        }
        out
    }

    /// A block node at `indent`, the rest of its line already written by the caller.
    fn block(&mut self, out: &mut String, indent: usize, top_scalar: bool) {
        self.budget = self.budget.saturating_sub(1);
        let deep = indent > 12 || self.budget == 0;
        match if deep || top_scalar {
            3
        } else {
            self.rng.below(5)
        } {
            0 | 1 => self.mapping(out, indent),
            2 => self.sequence(out, indent),
            _ => {
                out.push_str(&" ".repeat(indent));
                self.properties(out);
                self.scalar(out, indent, false);
                out.push('\n');
            }
        }
    }

    fn properties(&mut self, out: &mut String) {
        if self.rng.one_in(8) {
            let a = format!("a{}", self.rng.below(4));
            out.push_str(&format!("&{a} "));
            self.anchors.push(a);
        }
        if self.rng.one_in(12) {
            out.push_str(self.rng.pick(TAGS));
            out.push(' ');
        }
    }

    fn mapping(&mut self, out: &mut String, indent: usize) {
        let n = 1 + self.rng.below(4);
        for i in 0..n {
            out.push_str(&" ".repeat(indent));
            if self.rng.one_in(15) {
                out.push_str("? ");
                self.scalar(out, indent + 2, true);
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                out.push(':');
            } else {
                match self.rng.below(12) {
                    0 => out.push_str("<<"),
                    1 => out.push_str(&format!("k{}", self.rng.below(3))),
                    2 if !self.anchors.is_empty() => {
                        let a = self.anchors[self.rng.below(self.anchors.len())].clone();
                        out.push_str(&format!("*{a} "));
                    }
                    3 => self.flow(out, 1),
                    _ => self.scalar(out, indent, true),
                }
                out.push(':');
            }
            self.value(out, indent, i);
        }
    }

    /// After `key:` or `- `: a scalar on the line, or a collection on the next lines.
    fn value(&mut self, out: &mut String, indent: usize, _i: usize) {
        match self.rng.below(9) {
            0 => out.push('\n'),
            1 => {
                out.push('\n');
                self.sequence(out, indent);
            }
            2 | 3 => {
                out.push('\n');
                let more = self.rng.below(3);
                self.block(out, indent + 1 + more, false);
            }
            4 => {
                out.push(' ');
                self.flow(out, 0);
                self.comment(out);
                out.push('\n');
            }
            5 if !self.anchors.is_empty() => {
                let a = self.anchors[self.rng.below(self.anchors.len())].clone();
                out.push_str(&format!(" *{a}\n"));
            }
            _ => {
                out.push(' ');
                self.properties(out);
                self.scalar(out, indent + 1, false);
                self.comment(out);
                out.push('\n');
            }
        }
    }

    fn comment(&mut self, out: &mut String) {
        if self.rng.one_in(8) {
            out.push_str(self.rng.pick(&[" # c", "  #: x", "\t# t", "# no space"]));
        }
    }

    fn sequence(&mut self, out: &mut String, indent: usize) {
        let n = 1 + self.rng.below(4);
        for i in 0..n {
            out.push_str(&" ".repeat(indent));
            out.push('-');
            match self.rng.below(6) {
                0 => {
                    // Compact: `- key: v` and more keys under it.
                    out.push(' ');
                    let mut inner = String::new();
                    self.mapping(&mut inner, indent + 2);
                    out.push_str(inner.get(indent + 2..).unwrap_or(""));
                }
                _ => self.value(out, indent, i),
            }
        }
    }

    fn flow(&mut self, out: &mut String, depth: usize) {
        self.budget = self.budget.saturating_sub(1);
        if depth > 3 || self.budget == 0 {
            self.scalar(out, 0, true);
            return;
        }
        let map = self.rng.one_in(2);
        out.push(if map { '{' } else { '[' });
        let n = self.rng.below(4);
        for i in 0..n {
            if i > 0 {
                out.push_str(self.rng.pick(&[", ", ",", " ,", ",\n  "]));
            }
            let nested = self.rng.one_in(4);
            if nested {
                self.flow(out, depth + 1);
            } else {
                self.properties(out);
                self.scalar(out, 0, true);
            }
            if (map || self.rng.one_in(6)) && !self.rng.one_in(8) {
                out.push_str(self.rng.pick(&[": ", ":", " : "]));
                self.scalar(out, 0, true);
            }
        }
        if self.rng.one_in(10) {
            out.push(',');
        }
        out.push(if map { '}' } else { ']' });
    }

    /// A scalar in any style (`inline`: one line only).
    fn scalar(&mut self, out: &mut String, indent: usize, inline: bool) {
        match self.rng.below(if inline { 4 } else { 6 }) {
            0 | 1 => {
                let odd = self.rng.one_in(8);
                out.push_str(self.rng.pick(if odd { ODD } else { PLAIN }))
            }
            2 => {
                out.push('\'');
                out.push_str(
                    self.rng
                        .pick(&["it''s", "a b", "", "x\n\n  y", "\" \\n", "# no", "1"]),
                );
                out.push('\'');
            }
            3 => {
                out.push('"');
                for _ in 0..self.rng.below(4) {
                    out.push_str(self.rng.pick(&["a", " ", "é"]));
                    let bad = self.rng.one_in(25);
                    out.push_str(self.rng.pick(if bad { BAD_ESCAPES } else { ESCAPES }));
                }
                if !inline && self.rng.one_in(3) {
                    out.push_str(
                        self.rng
                            .pick(&["\n  b", "\\\n  c", "\n\n  d  ", " \n \t e"]),
                    );
                }
                out.push('"');
            }
            4 => {
                out.push_str(self.rng.pick(PLAIN));
                out.push_str(&format!("\n{}", " ".repeat(indent + 1)));
                out.push_str(self.rng.pick(PLAIN));
            }
            _ => {
                out.push(self.rng.pick(&['|', '>']));
                out.push_str(self.rng.pick(&[
                    "", "", "-", "+", "2", "1-", "+3", "-#c", " # c", "", "-", "+",
                ]));
                if self.rng.one_in(30) {
                    out.push('0');
                }
                let body = indent + 1 + self.rng.below(2);
                for _ in 0..1 + self.rng.below(4) {
                    out.push('\n');
                    let extra = if self.rng.one_in(4) { 2 } else { 0 };
                    if !self.rng.one_in(5) {
                        out.push_str(&" ".repeat(body + extra));
                        out.push_str(self.rng.pick(&[
                            "text",
                            "more text",
                            "  lead",
                            "trail  ",
                            "# not a comment",
                            "text",
                            "a: b",
                        ]));
                        if self.rng.one_in(20) {
                            out.push_str("\tt");
                        }
                    }
                }
                if self.rng.one_in(3) {
                    out.push('\n');
                }
            }
        }
    }
}

/// One to four byte-level edits: characters YAML gives meaning to inserted, removed or
/// replaced, lines duplicated, dropped or re-indented.
pub fn mutate(rng: &mut Rng, text: &str) -> String {
    const CHARS: &[&str] = &[
        " ", "  ", "\t", "\n", "\r\n", ":", "-", "?", "[", "]", "{", "}", ",", "#", "&", "*", "!",
        "|", ">", "'", "\"", "%", "@", "`", "~", "\\", "0", "a", ".", "---", "...", "&a", "*a",
        "!!str", "\u{feff}", "\u{85}", "é", "\u{7}",
    ];
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => {
                let with: Vec<char> = rng.pick(CHARS).chars().collect();
                chars.splice(at..at + 1, with);
            }
            2 | 3 => {
                let with: Vec<char> = rng.pick(CHARS).chars().collect();
                chars.splice(at..at, with);
            }
            _ => {
                let s: String = chars.iter().collect();
                let mut lines: Vec<String> = s.split('\n').map(str::to_string).collect();
                let l = rng.below(lines.len());
                match rng.below(4) {
                    0 => lines.insert(l, lines[l].clone()),
                    1 if lines.len() > 1 => drop(lines.remove(l)),
                    2 => lines[l].insert(0, ' '),
                    _ => lines[l] = lines[l].trim_start_matches(' ').to_string(),
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}
