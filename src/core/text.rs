//! Cutting text where a character test changes, by characters rather than byte offsets, so no
//! cut can fall inside a multi-byte character; and text escaped for markup.

/// `s` split before its first character that `keep` refuses: (the leading run, the rest).
pub fn split_while(s: &str, keep: impl Fn(char) -> bool) -> (&str, &str) {
    match s.char_indices().find(|&(_, c)| !keep(c)) {
        // `i` starts a character, so the split always succeeds.
        Some((i, _)) => s.split_at_checked(i).unwrap_or((s, "")),
        None => (s, ""),
    }
}

/// Appends `text` to `out` escaped for markup (HTML or XML): as character data or as an
/// attribute value in quotes, it reads as the text itself, never as markup.
pub fn push_escaped(out: &mut String, text: &str) {
    // Runs of characters that need nothing are copied as they are.
    let mut from = 0;
    for (i, c) in text.char_indices() {
        let with = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(text.get(from..i).unwrap_or_default());
        out.push_str(with);
        from = i + c.len_utf8();
    }
    out.push_str(text.get(from..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_before_the_first_refused_character() {
        let digit = |c: char| c.is_ascii_digit();
        assert_eq!(split_while("90s", digit), ("90", "s"));
        assert_eq!(split_while("90", digit), ("90", ""));
        assert_eq!(split_while("", digit), ("", ""));
        assert_eq!(split_while("é1", digit), ("", "é1"));
        assert_eq!(split_while("1é", digit), ("1", "é"));
        assert_eq!(split_while("ab€c", |c| c != '€'), ("ab", "€c"));
    }

    #[test]
    fn escapes_markup_and_control_characters_and_keeps_the_rest() {
        let mut out = String::from("kept:");
        push_escaped(&mut out, "a&b <c> \"d\" 'e' \u{7}\u{85}\tñ€😀");
        assert_eq!(
            out,
            "kept:a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; \u{FFFD}\u{FFFD}\tñ€😀"
        );
        let mut none = String::new();
        push_escaped(&mut none, "");
        assert_eq!(none, "");
        let mut edge = String::new();
        push_escaped(&mut edge, "&x&");
        assert_eq!(edge, "&amp;x&amp;");
    }
}
