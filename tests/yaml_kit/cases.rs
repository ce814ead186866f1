//! Hand-written tricky cases: each must be read by our reader exactly as serde_yaml_ng
//! reads it (the same values, or both refuse it).

pub const CASES: &[&str] = &[
    // Empty texts and documents.
    "", " ", "\n", "# only a comment\n", "---", "---\n", "--- \n...\n", "...\n", "---\n...\n---\n", "a\n---\n", "---\n---\n",
    "a: 1\n...\nb: 2\n", "a: 1\n...\n---\nb: 2\n", "--- a\n--- b\n", "---a\n", "--- |\n  x\n", "---\n- a\n...",
    // Block mappings and sequences.
    "a: 1\nb: 2\n", "a:\n  b:\n    c: d\n", "a:\n- 1\n- 2\nb: 3\n", "a:\n  - 1\n  - 2\n", "- a: 1\n  b: 2\n- c\n",
    "- - a\n  - b\n- - c\n", "-\n  a\n", "- \n- x\n", "-\n-\n", "a:\nb:\n", "a: \n", "a:\n - x\n- y\n", "a:\n - x\n  - y\n",
    "a: 1\n b: 2\n", "a: 1\n  - b\n", " a: 1\nb: 2\n", "a:\n  b: 1\n c: 2\n", "- a\nb: c\n", "a: b: c\n", "a: - b\n",
    "? a\n: b\n", "? a\n", "? - a\n  - b\n: c\n", "? |\n  k\n: v\n", ": v\n", "?\n:\n", "? a\n? b\n: c\n", "a: 1\n? b\n",
    "key with spaces: v\n", "'quoted key': v\n", "\"dq\\tkey\": v\n", "1: a\n2.5: b\n~: c\ntrue: d\n", "null: x\n",
    "a: 1\na: 2\n", "a: [1]\na: {b: 2}\n", "[a]: b\n", "{a: 1}: b\n", "&k [a]: b\n", "&k a: *k\n", "*k : v\n",
    // Flow collections.
    "[]", "{}", "[a, b, c]", "[a,b,c]", "{a: 1, b: [2, 3]}", "[a, [b, [c]]]", "[a, {b: c}]", "{a: {b: {c: d}}}",
    "[a: b]", "[a: b, c: d]", "[? a: b]", "[? : b]", "[? ]", "{? a: b}", "{? a}", "{a, b}", "{a: , b}", "{: b}",
    "[a,]", "[a,,b]", "[,a]", "{a: 1,}", "[a b]", "[a\n b]", "[a\n, b]", "{a\n: b}", "[a:b]", "{a:b}", "[a:,b]",
    "{a:1}", "[\"a\":b]", "['a':b]", "[a]b", "[a] # c\n", "{a: 1} x", "- [a,\n  b]\n", "a: [\n  1,\n  2\n]\n",
    "a: {\n}\n", "[-1, - 1]", "[-]", "[- a]", "{a: [}", "[a}", "{a]", "]", "}", "[[[]]]", "a: ]\n", "[a, #c\n b]",
    "[a,#c\n b]", "[a #c\n, b]", "[|]", "[>]", "[a: [b]]", "{a: b: c}", "[{a: b}: c]", "[?]",
    // Plain scalars.
    "a b c", "a  b", "a\nb", "a\n\nb", "a\n  b\n", "a:b", "a :b", "a: b:c", "a#b", "a #b", "-a", "- a", "?a", ":a",
    "a:", "a: ", "a ::", "%a", "@a", "`a", "a%", "a@", "a`", ",a", "a,", "!a", "&a", "*a", "|a", ">a", "a|", "a>",
    "a: --- b\n", "a: ... b\n", "---a: b\n", "a:\n---\n", "a: b\n  c\n", "a: b\nc\n", "a: b\n c: d\n", "- a\n b\n",
    "a: b # c\n  d\n", "a: b #c\nd: e\n", "a: \tb\n", "a:\tb\n", "a: b\t\n", "a\t: b\n", "- \ta\n", "-\ta\n",
    // Tabs.
    "a:\n\tb: 1\n", "\ta: 1\n", "a: 1\n\t\n", "a: |\n\tx\n", "a: |\n  \tx\n", "a:\n  b\n\tc\n", "[\ta]", "{a:\t1}",
    "a: 'b\n\tc'\n", "a: \"b\n\tc\"\n", "a: b\n \tc\n", "- a\n\t- b\n",
    // Quoted scalars and escapes.
    "'a''b'", "'a\nb'", "'a\n\nb'", "'a\n  \n  b'", "' a '", "''", "'", "'a", "\"a", "\"\"", "\"a\\\"b\"", "\"\\\\\"",
    "\"\\x41\\x7f\\x80\\xff\"", "\"\\u263A\\U0001F600\"", "\"\\0\\a\\b\\t\\n\\v\\f\\r\\e\\ \\/\\N\\_\\L\\P\"", "\"\\\t\"",
    "\"\\q\"", "\"\\x4\"", "\"\\x4g\"", "\"\\uD800\"", "\"\\UFFFFFFFF\"", "\"\\U00110000\"", "\"a\\\n  b\"",
    "\"a\\\n\n  b\"", "\"a \\\n  b\"", "\"a\n  b\"", "\"a  \n  b\"", "\"a\n\n\n  b\"", "\"a\\n\n  b\"", "\"\\\"",
    "\"a\n---\nb\"", "\"a\n...\"", "'a\n--- b'", "\"#a\"", "'a' b", "'a'b", "\"a\"\"b\"", "a: 'b' # c\n",
    "a: \"b\":\n", "\"a\": b\n", "'a':b\n", "\"a\":b\n", "'\\n'", "\"é\\u00e9\"", "\"\\xC3\\xA9\"",
    // Block scalars.
    "a: |\n  line\n  two\n", "a: |-\n  x\n\n", "a: |+\n  x\n\n\n", "a: >\n  a\n  b\n\n  c\n", "a: >-\n  a\n   b\n  c\n",
    "a: >+\n  x\n", "a: |2\n   x\n", "a: |1\n  x\n", "a: |0\n x\n", "a: |10\n x\n", "a: |-2\n    x\n", "a: |2-\n   x\n",
    "a: |\n\n  x\n", "a: |\n  \n  x\n", "a: |\n    \n  x\n", "a: |\n  x\n y\n", "a: |\n  x\n   y\n", "a: | # c\n  x\n",
    "a: |#c\n  x\n", "a: | x\n", "a: |\nb: c\n", "a: |\n", "|\n x\n", ">\n x\n y\n", "- |\n  x\n- >\n  y\n",
    "a: >\n  x\n\n\n  y\n", "a: >\n   x\n  y\n", "a: >\n  x\n    y\n  z\n", "a: |\n  x\n---\n", "a: |\n  x\n...\n",
    "a: |\n  x\n  # not a comment\n", "a: |+\n\n", "a: |-\n", "a:\n  |\n   x\n", "- |-\n -x\n", "a: |\r\n  x\r\n",
    // Anchors, aliases, merge keys.
    "a: &x 1\nb: *x\n", "a: &x [1, 2]\nb: *x\n", "a: &x {c: 1}\nb: *x\n", "a: *x\n", "&x a: *x\n", "a: &x\nb: *x\n",
    "a: &x &y 1\n", "a: &x\n  b: 1\nc: *x\n", "a: &x [*x]\n", "a: &x {b: *x}\n", "a: &x 1\n---\nb: *x\n",
    "a: &x 1\na2: &x 2\nb: *x\n", "base: &b {k: 1}\nd:\n  <<: *b\n  n: 2\n", "d:\n  <<: [*b]\n", "<<: 1\n",
    "a: &x-y_1 v\nb: *x-y_1\n", "a: &x. v\n", "a: &x: v\n", "a: & v\n", "a: * \n", "a: *x,\n", "[&x a, *x]",
    "{&x a: *x}", "a: !!str &x 1\nb: *x\n", "a: &x !!int 1\nb: *x\n", "[*x]", "- &a\n- *a\n", "&a\n", "&a [*a]",
    "a: &x b\n*x : c\n", "a: &x [1]\n*x : c\n",
    // Tags.
    "!!str 1", "!!int '12'", "!!int 0x1F", "!!int 1.5", "!!float 1", "!!float .inf", "!!float x", "!!bool true",
    "!!bool yes", "!!null ''", "!!null ~", "!!null", "!!str", "!!int", "a: !!str\nb: 1\n", "!!map {a: 1}", "!!seq [a]",
    "!!map [a]", "!!binary aGk=", "!foo bar", "! bar", "!", "!foo [a]", "!foo {a: 1}", "!<tag:yaml.org,2002:str> 1",
    "!<tag:yaml.org,2002:int> '1'", "!<!foo> x", "!<> x", "!<x", "!e!x y", "!!", "!!str\n", "!!str&a x", "!a!b c",
    "%TAG !e! tag:yaml.org,2002:\n---\n!e!int '3'\n", "%TAG !e! !\n---\n!e!x y\n", "%TAG ! tag:yaml.org,2002:\n--- !str 1\n",
    "%TAG !e! a\n%TAG !e! b\n--- x\n", "!!str%41 x", "!%41 x", "!%C3%A9 x", "!%C3 x", "!%ZZ x", "!%FF x",
    "[!!str , a]", "{!!str : a}", "[!!str]", "- !!str\n- a\n", "a: !!int\n  1\n", "? !!str\n: a\n", "!!str a: b\n",
    "!foo a: b\n", "[!foo a]", "a: !!null null\nb: !!bool False\nc: !!float -.INF\n",
    // Directives.
    "%YAML 1.1\n---\na\n", "%YAML 1.2\n--- a\n", "%YAML 1.3\n---\na\n", "%YAML 2.0\n---\na\n", "%YAML 1.1\n%YAML 1.1\n---\n",
    "%YAML 1.1\na\n", "%YAML\n---\n", "%YAML 1\n---\n", "%YAML 1.1 # c\n---\n", "%YAML 1.1 x\n---\n", "%FOO bar\n---\n",
    "%\n---\n", "% x\n---\n", "a\n%YAML 1.1\n---\n", "a\n...\n%YAML 1.1\n---\nb\n", "%YAML 1234567890.1\n---\n",
    "%TAG !e!\n---\n", "%TAG e! x\n---\n", "%TAG !e! x y\n---\n", " %YAML 1.1\n", "%YAML 1.1\n",
    // Scalar resolution.
    "[~, null, Null, NULL, nULL, '', \"\", true, True, TRUE, tRUE, false, yes, no, on, off, y, n]",
    "[0, -0, +0, 00, 0012, -0012, 12, +12, -12, 1_000, 0x1F, 0X1F, 0x1f, -0x1F, +0x1F, 0x+1, 0x-1, 0x, 0o17, -0o17]",
    "[0b101, -0b101, 0b2, 0o8, 0xg, 18446744073709551615, 18446744073709551616, -9223372036854775808]",
    "[-9223372036854775809, 340282366920938463463374607431768211455, 340282366920938463463374607431768211456]",
    "[-170141183460469231731687303715884105729, 99999999999999999999999999999999999999999]",
    "[1.5, -1.5, +1.5, .5, -.5, 5., 1e3, 1E3, 1e+3, 1e-3, 1.5e400, -1e400, 0.1, 1e, e1, ., -., +., 1.2.3]",
    "[.inf, .Inf, .INF, +.inf, -.inf, -.Inf, .iNF, inf, Infinity, .nan, .NaN, .NAN, nan, NaN, -.nan, +.nan]",
    "[0.0, -0.0, 00.5, 01.5, 0e0, 00e0, 1_0.5, '1', \"1\", 0o, 0b, +, -, 12:30:00, 2001-12-14t21:59:43.10-05:00]",
    // Keys, BOM, CRLF and odd characters.
    "\u{feff}a: 1\n", "\u{feff}\u{feff}a: 1\n", "a: 1\n\u{feff}b: 2\n", "a: \u{feff}b\n", "---\n\u{feff}a\n",
    "a: 1\r\nb: 2\r\n", "a: |\r\n  x\r\n  y\r\n", "a\rb", "a: 1\rb: 2\r", "a: b\u{85}c: d", "a\u{2028}b", "'a\u{2028}b'",
    "a: \u{7}\n", "a: \u{0}\n", "a: \u{7f}\n", "a: \u{9f}\n", "a: \u{a0}\n", "a: \u{fffe}\n", "a: \u{1F600}\n", "é: ü\n",
    "a:b: c\n", "a:: b\n", "::\n", "- : a\n", "- ? a\n", "-? a\n", "-: a\n", "a:-b\n", "a: -b\n", "a: - b: c\n",
];

/// `n` nested flow sequences, and the same in block style: at and past serde_yaml_ng's
/// limit of 128 levels.
pub fn nesting() -> Vec<String> {
    let mut out = Vec::new();
    for n in [127, 128, 129, 130] {
        out.push(format!("{}{}", "[".repeat(n), "]".repeat(n)));
        out.push(format!("{}{}", "{a: ".repeat(n), "}".repeat(n)));
        out.push(
            (0..n)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect::<String>(),
        );
        out.push(
            (0..n)
                .map(|i| format!("{}- \n", " ".repeat(2 * i)))
                .collect::<String>()
                .replace(" \n", ""),
        );
        out.push(format!(
            "a: &a {}x{}\nb: [*a]\n",
            "[".repeat(n - 1),
            "]".repeat(n - 1)
        ));
    }
    // Simple keys up to and past 1024 bytes.
    for n in [1000, 1020, 1024, 1030] {
        out.push(format!("{}: v\n", "k".repeat(n)));
        out.push(format!("[{}: v]", "k".repeat(n)));
        out.push(format!("\"{}\": v\n", "é".repeat(n / 2)));
    }
    // Alias expansion around serde_yaml_ng's 100 expansions per event.
    for (w, d) in [(10, 3), (10, 4), (5, 6), (30, 3)] {
        let mut s = format!("l0: &l0 [{}]\n", vec!["x"; w].join(", "));
        for i in 1..d {
            s.push_str(&format!(
                "l{i}: &l{i} [{}]\n",
                vec![format!("*l{}", i - 1); w].join(", ")
            ));
        }
        out.push(s);
    }
    out
}
