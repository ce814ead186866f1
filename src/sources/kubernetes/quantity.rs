//! Kubernetes resource quantities: `250m`, `4`, `16241620Ki`, `1Gi`, `1e3`, `1.5G`, `1Ei`.

/// Binary suffixes (powers of 1024), then decimal ones; `E` alone is exa, while `1e3` is an
/// exponent (Kubernetes' own grammar).
const SUFFIXES: [(&str, f64); 15] = [
    ("Ki", 1024.0),
    ("Mi", 1_048_576.0),
    ("Gi", 1_073_741_824.0),
    ("Ti", 1_099_511_627_776.0),
    ("Pi", 1_125_899_906_842_624.0),
    ("Ei", 1_152_921_504_606_846_976.0),
    ("n", 1e-9),
    ("u", 1e-6),
    ("m", 1e-3),
    ("k", 1e3),
    ("M", 1e6),
    ("G", 1e9),
    ("T", 1e12),
    ("P", 1e15),
    ("E", 1e18),
];

/// The quantity as a number of base units (cores, bytes).
pub fn parse(q: &str) -> Result<f64, String> {
    let q = q.trim();
    let (num, mult) = SUFFIXES
        .iter()
        .find_map(|(suffix, mult)| q.strip_suffix(suffix).map(|n| (n, *mult)))
        .unwrap_or((q, 1.0));
    let plain = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || b".+-eE".contains(&b))
    };
    if num.is_empty() || !plain(num) {
        return Err(
            match q.trim_start_matches(|c: char| c.is_ascii_digit() || ".+-".contains(c)) {
                rest if !rest.is_empty() && rest.len() < q.len() => {
                    format!("\"{q}\": unknown quantity suffix \"{rest}\"")
                }
                _ => format!("\"{q}\" is not a quantity"),
            },
        );
    }
    let v: f64 = num
        .parse()
        .map_err(|_| format!("\"{q}\" is not a quantity"))?;
    match v * mult {
        x if x.is_finite() => Ok(x),
        _ => Err(format!("\"{q}\" is out of range")),
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn quantities() {
        assert_eq!(parse("250m").unwrap(), 0.25);
        assert_eq!(parse("4").unwrap(), 4.0);
        assert_eq!(parse("16241620Ki").unwrap(), 16_631_418_880.0);
        assert_eq!(parse("1Gi").unwrap(), 1_073_741_824.0);
        assert_eq!(parse("1e3").unwrap(), 1000.0);
        assert_eq!(parse("2E").unwrap(), 2e18);
        assert_eq!(parse("1Ei").unwrap(), 1_152_921_504_606_846_976.0);
        assert_eq!(parse("1.5G").unwrap(), 1.5e9);
        assert_eq!(
            parse("5Xi").unwrap_err(),
            "\"5Xi\": unknown quantity suffix \"Xi\""
        );
        assert_eq!(parse("1e400").unwrap_err(), "\"1e400\" is out of range");
        assert!(parse("abc").is_err());
        assert!(parse("").is_err());
        assert!(parse("Mi").is_err());
    }
}
