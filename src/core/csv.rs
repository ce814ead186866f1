//! CSV writing (RFC 4180 quoting) for exports, with spreadsheet formula injection defused.

pub fn field(s: &str) -> String {
    // A cell starting with = + - @ (or a tab or CR, which spreadsheets skip before a formula)
    // is run as a formula; prefix a quote. Numbers like -0.5 stay numbers.
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

pub fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = header
        .iter()
        .map(|h| field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// A ratio or number at full precision; empty for no data.
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// A row of one blank field: a blank line, which readers skip.
pub fn is_blank(row: &[String]) -> bool {
    matches!(row, [only] if only.trim().is_empty())
}

/// Reads RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields.
pub fn parse(text: &str) -> Vec<Vec<String>> {
    // A UTF-8 byte-order mark (Excel writes one) is not part of the first header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut field)),
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\r' if !quoted => {}
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_injection() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("-0.5"), "-0.5");
        assert_eq!(field("\t=1+1"), "'\t=1+1");
        assert_eq!(field("\r=1+1"), "\"'\r=1+1\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            parse("\u{feff}a,b\n1,2\n")[0],
            vec!["a".to_string(), "b".to_string()]
        );
        assert_eq!(
            write(&["x", "y"], &[vec!["1".into(), "2".into()]]),
            "x,y\n1,2\n"
        );
        assert_eq!(num(f64::NAN), "");
        assert_eq!(num(0.1), "0.1");
        let text = write(&["a", "b"], &[vec!["x,y".into(), "say \"hi\"".into()]]);
        assert_eq!(
            parse(&text),
            vec![
                vec!["a".to_string(), "b".to_string()],
                vec!["x,y".to_string(), "say \"hi\"".to_string()]
            ]
        );
    }
}
