//! Kubernetes resource quantities: `250m`, `4`, `16241620Ki`, `1Gi`, `1e3`, `1.5G`.

/// The quantity as a number of base units (cores, bytes).
pub fn parse(q: &str) -> Result<f64, String> {
    let q = q.trim();
    let split = q
        .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
        .unwrap_or(q.len());
    let (num, suffix) = q.split_at(split);
    // "1e3" is an exponent, but a trailing lone "E" is exa.
    let (num, suffix) = if suffix.is_empty()
        && (num.ends_with('E') || num.ends_with('e'))
        && !num.contains(['e', 'E'])
    {
        (num, "")
    } else {
        (num, suffix)
    };
    let (num, suffix) = if num.ends_with('E') && suffix.is_empty() {
        (&num[..num.len() - 1], "E")
    } else {
        (num, suffix)
    };
    let mult = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        other => return Err(format!("\"{q}\": unknown quantity suffix \"{other}\"")),
    };
    let v: f64 = num
        .parse()
        .map_err(|_| format!("\"{q}\" is not a quantity"))?;
    Ok(v * mult)
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
        assert!(parse("5Xi").is_err());
        assert!(parse("abc").is_err());
    }
}
