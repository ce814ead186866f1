//! The comment lines of the exposition formats: `# HELP` (with its escapes), `# TYPE` (one of
//! the known kinds), `# UNIT` and `# EOF`; any other comment is ignored.

use super::Reader;

impl Reader {
    pub(super) fn comment(&mut self, rest: &str) -> Result<(), String> {
        let rest = rest.trim_start();
        if rest.trim_end() == "EOF" {
            self.out.saw_eof = true;
            return Ok(());
        }
        let (keyword, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        if !matches!(keyword, "HELP" | "TYPE" | "UNIT") {
            return Ok(()); // an ordinary comment
        }
        let tail = tail.trim_start();
        let (name, value) = tail.split_once(' ').unwrap_or((tail, ""));
        if name.is_empty() {
            return Err(format!("# {keyword} without a metric name"));
        }
        let Some(fam) = self.family(name) else {
            return Ok(());
        };
        match keyword {
            "HELP" => fam.help = unescape_help(value),
            "UNIT" => fam.unit = value.trim().to_string(),
            _ => {
                let kind = value.trim();
                if !KINDS.contains(&kind) {
                    return Err(format!("unknown metric type \"{kind}\" for {name}"));
                }
                fam.kind = kind.to_string();
            }
        }
        Ok(())
    }
}

const KINDS: [&str; 9] = [
    "counter",
    "gauge",
    "histogram",
    "summary",
    "untyped",
    "info",
    "stateset",
    "gaugehistogram",
    "unknown",
];

/// HELP text escapes, read left to right: `\\\\` is a backslash, `\\n` a line break; any other
/// backslash stays as written.
fn unescape_help(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
