//! The what-if objective typed on an SLO's page (and kept in its link as `objective=99.95`):
//! a percentage strictly between 0 and 100 whose error budget is still visible at the
//! precision shown (four decimals) — 100 % or 99.99999 % leave no budget to compute with.

/// Why a what-if objective is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhatIfError {
    NotANumber,
    /// At or below 0 %, or above 100 %.
    OutOfRange,
    /// 100 %, or so close to it that it shows as 100 % and leaves no budget.
    NoBudget,
}

impl std::fmt::Display for WhatIfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WhatIfError::NotANumber => "Type the objective as a percentage, e.g. 99.95.",
            WhatIfError::OutOfRange => "An objective is a percentage between 0 and 100.",
            WhatIfError::NoBudget => {
                "At 100% (or within 0.0001% of it) there is no error budget to compute with: \
                 every figure would divide by zero. Try 99.9999 or lower."
            }
        })
    }
}

impl std::error::Error for WhatIfError {}

/// The smallest budget (as a ratio) a what-if objective may leave: 0.0001 %.
const MIN_BUDGET: f64 = 1e-6;

/// `"99.95"` → `0.9995`.
pub fn parse_what_if(percent: &str) -> Result<f64, WhatIfError> {
    let p: f64 = percent
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .map_err(|_| WhatIfError::NotANumber)?;
    if !p.is_finite() {
        return Err(WhatIfError::NotANumber);
    }
    if p <= 0.0 || p > 100.0 {
        return Err(WhatIfError::OutOfRange);
    }
    // Rounded to the four decimals shown: 99.99999 shows as 100.
    let shown = (p * 1e4).round() / 1e4;
    if 100.0 - shown < MIN_BUDGET * 100.0 - 1e-12 {
        return Err(WhatIfError::NoBudget);
    }
    // Rounded to 15 significant digits, the ratio is the one typed (99.9 → 0.999, not
    // 0.9990000000000001), as config objectives are.
    Ok(format!("{:.14e}", shown / 100.0)
        .parse()
        .unwrap_or(shown / 100.0))
}

/// `0.9995` → `"99.95"` (the form kept in links).
pub fn format_what_if(ratio: f64) -> String {
    format!("{}", (ratio * 1e6).round() / 1e4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objectives_that_leave_a_budget_are_taken_the_rest_refused() {
        assert_eq!(parse_what_if("99.95"), Ok(0.9995));
        assert_eq!(parse_what_if(" 99.9 % "), Ok(0.999));
        assert_eq!(parse_what_if("99.9999"), Ok(0.999999));
        assert_eq!(parse_what_if("50"), Ok(0.5));
        assert_eq!(parse_what_if("100"), Err(WhatIfError::NoBudget));
        assert_eq!(
            parse_what_if("99.99999"),
            Err(WhatIfError::NoBudget),
            "shows as 100%"
        );
        assert_eq!(parse_what_if("100.5"), Err(WhatIfError::OutOfRange));
        assert_eq!(parse_what_if("0"), Err(WhatIfError::OutOfRange));
        assert_eq!(parse_what_if("-5"), Err(WhatIfError::OutOfRange));
        for bad in ["", "abc", "NaN", "inf", "99,9"] {
            assert_eq!(parse_what_if(bad), Err(WhatIfError::NotANumber), "{bad}");
        }
        assert_eq!(format_what_if(0.9995), "99.95");
        assert_eq!(parse_what_if(&format_what_if(0.99123)), Ok(0.99123));
    }
}
