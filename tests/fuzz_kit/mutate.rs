//! Byte-level mutations: bit flips, byte and slice insertions, truncations, splices of other
//! seeds and hostile tokens.

use super::Rng;

/// Fragments that break parsers: escapes, numbers at the edges, multi-byte text, brackets.
pub const TOKENS: &[&str] = &[
    "\\",
    "\"",
    "\u{feff}",
    "é",
    "💥",
    "\0",
    "NaN",
    "-Inf",
    "+Inf",
    "1e400",
    "-1",
    "99999999999999999999",
    "\n",
    "\r\n",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    ":",
    ",",
    "=",
    "#",
    "---",
    "- ",
    "  ",
    "\t",
    "{{.window}}",
    "%",
    "%zz",
    "+0é00",
    "2023-11-14T22:13:20+0é00",
    "1Ei",
    "rel=\"next\"",
    "&a ",
    "*a",
    "# EOF\n",
    "=~",
    "?",
    "&",
];

/// One to eight mutations of `input`; `others` are spliced in.
pub fn mutate(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => drop(b.splice(at..at, TOKENS[rng.below(TOKENS.len())].bytes())),
            2 => b.truncate(at),
            3 if !b.is_empty() => {
                let (s, len) = (rng.below(b.len()), rng.below(64));
                let piece: Vec<u8> = b[s..(s + len).min(b.len())].to_vec();
                drop(b.splice(at..at, piece));
            }
            4 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let s = rng.below(other.len() + 1);
                drop(b.splice(at..at, other[s..].iter().take(256).copied()));
            }
            _ => b.insert(at.min(b.len()), rng.next() as u8),
        }
    }
    b
}
