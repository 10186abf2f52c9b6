//! Exact rational arithmetic for scoring: answers, sums, prorating and half-up rounding
//! without floating-point drift.
//!
//! Answers are decimals with few digits (`2`, `5.2`, `10.0`), so each is read as the exact
//! fraction its shortest decimal text denotes (`5.2` is 52/10, not the nearest double). Sums,
//! means, prorated sums (`5·s/n`) and multiples stay exact; only the final score is turned
//! into an `f64` for output. SDQ's half-up rounding of `5·s/n` is then exactly the official
//! integer formula `(10·s + n) div (2·n)` (SPEC §1.5).

use std::cmp::Ordering;
use std::fmt;

/// A fraction `num / den` in lowest terms with `den > 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Exact {
    num: i128,
    den: i128,
}

/// Most digits read before and after the decimal point: far beyond any answer, score or
/// cut-off, and small enough that sums, means and products of such values cannot overflow
/// `i128` (decimal denominators are powers of ten, so they never exceed 10^9 in a sum).
const MAX_INT_DIGITS: usize = 12;
const MAX_FRAC_DIGITS: usize = 9;

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Exact {
    pub(crate) const ZERO: Exact = Exact { num: 0, den: 1 };

    /// `num / den`, reduced. Panics if `den` is zero (a bug, never data).
    pub(crate) fn new(num: i128, den: i128) -> Exact {
        assert!(den != 0, "zero denominator");
        let g = gcd(num, den).max(1);
        let s = if den < 0 { -1 } else { 1 };
        Exact {
            num: s * num / g,
            den: s * den / g,
        }
    }

    /// A whole number.
    pub(crate) fn int(n: i64) -> Exact {
        Exact {
            num: n as i128,
            den: 1,
        }
    }

    /// The exact value of `x`'s shortest decimal text (Rust's `Display` of an `f64`):
    /// `5.2` → 52/10. `None` for NaN, infinities, values of 10^12 or more, and values with
    /// more than 9 decimals (no answer or cut-off has them).
    pub(crate) fn from_f64(x: f64) -> Option<Exact> {
        if !x.is_finite() {
            return None;
        }
        Exact::parse_decimal(&format!("{x}"))
    }

    /// Parses plain decimal text: optional sign, digits, optional `.` and digits.
    pub(crate) fn parse_decimal(s: &str) -> Option<Exact> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let frac = frac.trim_end_matches('0');
        let int = int.trim_start_matches('0');
        if int.len() > MAX_INT_DIGITS || frac.len() > MAX_FRAC_DIGITS {
            return None;
        }
        let digits = format!("{int}{frac}");
        let num: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        let den = 10i128.pow(frac.len() as u32);
        Some(Exact::new(if neg { -num } else { num }, den))
    }

    /// Nearest `f64`: the correctly rounded quotient when both parts are below 2^53.
    pub(crate) fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    pub(crate) fn is_integer(self) -> bool {
        self.den == 1
    }

    /// `floor(self + 1/2)`: round half up, as SDQ's official syntax rounds (`floor(0.5 + x)`
    /// in R, `round()` in Stata for positive numbers). 2.5 → 3, 6.67 → 7, −2.5 → −2.
    pub(crate) fn round_half_up(self) -> Exact {
        // floor((2·num + den) / (2·den))
        let n = 2 * self.num + self.den;
        let d = 2 * self.den;
        Exact::new(n.div_euclid(d), 1)
    }

    pub(crate) fn mul_int(self, k: i64) -> Exact {
        Exact::new(self.num * k as i128, self.den)
    }

    pub(crate) fn div_int(self, k: i64) -> Exact {
        Exact::new(self.num, self.den * k as i128)
    }

    pub(crate) fn abs(self) -> Exact {
        Exact {
            num: self.num.abs(),
            den: self.den,
        }
    }

    /// Whether `self` is a whole multiple of `step` (`step > 0`).
    pub(crate) fn is_multiple_of(self, step: Exact) -> bool {
        let q = self / step;
        q.is_integer()
    }

    /// The greatest common divisor of two positive fractions: the coarsest step on which
    /// both lie (gcd(1, 1/10) = 1/10; gcd(4, 6) = 2).
    pub(crate) fn gcd(self, other: Exact) -> Exact {
        // gcd(a/b, c/d) = gcd(a·d, c·b) / (b·d)
        let n = gcd(self.num * other.den, other.num * self.den);
        Exact::new(n, self.den * other.den)
    }
}

impl std::ops::Add for Exact {
    type Output = Exact;
    fn add(self, o: Exact) -> Exact {
        Exact::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }
}

impl std::ops::Sub for Exact {
    type Output = Exact;
    fn sub(self, o: Exact) -> Exact {
        Exact::new(self.num * o.den - o.num * self.den, self.den * o.den)
    }
}

impl std::ops::Mul for Exact {
    type Output = Exact;
    fn mul(self, o: Exact) -> Exact {
        Exact::new(self.num * o.num, self.den * o.den)
    }
}

impl std::ops::Div for Exact {
    type Output = Exact;
    fn div(self, o: Exact) -> Exact {
        Exact::new(self.num * o.den, self.den * o.num)
    }
}

impl std::iter::Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::ZERO, |a, b| a + b)
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

impl fmt::Display for Exact {
    /// Whole numbers without a decimal point, terminating decimals exactly (`35.6`), and
    /// other fractions as their nearest `f64` (`2.3333333333333335`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            return write!(f, "{}", self.num);
        }
        // den = 2^a·5^b terminates after max(a, b) digits
        let mut d = self.den;
        let (mut twos, mut fives) = (0u32, 0u32);
        while d % 2 == 0 {
            d /= 2;
            twos += 1;
        }
        while d % 5 == 0 {
            d /= 5;
            fives += 1;
        }
        let digits = twos.max(fives);
        if d == 1 && digits <= 18 {
            let scaled = self.num * 10i128.pow(digits) / self.den;
            let sign = if scaled < 0 { "-" } else { "" };
            let a = scaled.abs();
            let p = 10i128.pow(digits);
            let frac = format!("{:0width$}", a % p, width = digits as usize);
            write!(f, "{sign}{}.{}", a / p, frac.trim_end_matches('0'))
        } else {
            write!(f, "{}", self.to_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdq_prorating_matches_the_integer_formula() {
        // (10s + n) div (2n) == round_half_up(5s/n) for every possible s, n
        for n in 3..=5i64 {
            for s in 0..=(2 * n) {
                let exact = Exact::int(5 * s).div_int(n).round_half_up();
                assert_eq!(exact, Exact::int((10 * s + n) / (2 * n)), "s={s} n={n}");
            }
        }
        assert_eq!(Exact::new(5, 2).round_half_up(), Exact::int(3));
        assert_eq!(Exact::new(20, 3).round_half_up(), Exact::int(7));
    }

    #[test]
    fn decimals_are_read_exactly() {
        let a = Exact::from_f64(5.2).unwrap();
        assert_eq!(a, Exact::new(52, 10));
        let s: Exact = [9.0, 8.5, 9.2, 8.9]
            .iter()
            .map(|&x| Exact::from_f64(x).unwrap())
            .sum();
        assert_eq!(s.to_string(), "35.6");
        assert_eq!(Exact::from_f64(-0.1).unwrap(), Exact::new(-1, 10));
        assert!(Exact::from_f64(f64::NAN).is_none());
        assert!(Exact::from_f64(1e300).is_none());
        assert_eq!(Exact::new(7, 3).to_string(), "2.3333333333333335");
        assert_eq!(Exact::int(4).gcd(Exact::new(1, 10)), Exact::new(1, 10));
    }
}
