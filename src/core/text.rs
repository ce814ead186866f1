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
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
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
}
