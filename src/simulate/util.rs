//! Small helpers: day numbers, random draws, hazard inversion.

use chrono::{Datelike, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Exp1, StandardNormal};

/// A date as a day number (days from the common era), for cheap arithmetic.
pub(crate) type Day = i32;

/// The day number of a date.
pub(crate) fn day(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

/// The date of a day number.
pub(crate) fn date(d: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d).expect("day numbers stay within chrono's range")
}

/// The day a person born on `birth` turns `years` (29 February birthdays fall on 28 February).
pub(crate) fn birthday(birth: NaiveDate, years: u32) -> NaiveDate {
    birth
        .checked_add_months(Months::new(12 * years))
        .expect("birthdays stay within chrono's range")
}

/// Purposes of the per-person random streams. Each person has its own streams so that
/// results do not depend on the number of threads, and the trajectory stream is shared by
/// the factual and the counterfactual run so that the two are coupled.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub(crate) enum Stream {
    Baseline = 0,
    Trajectory = 1,
    Assessments = 2,
    Outcomes = 3,
}

/// The random stream of one person and purpose.
pub(crate) fn person_rng(seed: u64, person: usize, stream: Stream) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream((person as u64) << 3 | stream as u64);
    rng
}

/// A municipality-wide random stream (district sizes, panel), numbered from the top so it
/// never meets a person's stream.
pub(crate) fn global_rng(seed: u64, k: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(u64::MAX - k);
    rng
}

pub(crate) fn uniform<R: Rng>(rng: &mut R) -> f64 {
    rng.random::<f64>()
}

pub(crate) fn normal<R: Rng>(rng: &mut R) -> f64 {
    rng.sample::<f64, _>(StandardNormal)
}

pub(crate) fn exp1<R: Rng>(rng: &mut R) -> f64 {
    rng.sample::<f64, _>(Exp1)
}

pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

pub(crate) fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Days until a unit-exponential clock `e` runs out for a hazard `rate` (per day) that is
/// multiplied by `mult` from `switch` days on (`None`: never).
pub(crate) fn time_to_event(e: f64, rate: f64, switch: Option<f64>, mult: f64) -> f64 {
    if rate <= 0.0 {
        return f64::INFINITY;
    }
    match switch {
        Some(sw) if sw > 0.0 => {
            let before = rate * sw;
            if e <= before {
                e / rate
            } else {
                sw + (e - before) / (rate * mult)
            }
        }
        Some(_) => e / (rate * mult),
        None => e / rate,
    }
}

/// The time at which a unit-exponential clock `e` runs out from `t0` under a piecewise
/// constant hazard: `segments` are (end, rate per day) in increasing order of end; after the
/// last end the hazard is zero and the result infinite.
pub(crate) fn piecewise_time(mut e: f64, t0: f64, segments: &[(f64, f64)]) -> f64 {
    let mut t = t0;
    for &(end, rate) in segments {
        if end <= t {
            continue;
        }
        let span = end - t;
        if rate > 0.0 && e <= rate * span {
            return t + e / rate;
        }
        e -= rate * span;
        t = end;
    }
    f64::INFINITY
}

/// Rounds to `d` decimals.
pub(crate) fn round_to(x: f64, d: i32) -> f64 {
    let f = 10f64.powi(d);
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazard_switch_is_continuous() {
        // Before the switch the clock runs at rate 0.1; after at 0.2.
        assert_eq!(time_to_event(0.5, 0.1, Some(10.0), 2.0), 5.0);
        assert!((time_to_event(1.5, 0.1, Some(10.0), 2.0) - 12.5).abs() < 1e-12);
        assert!((time_to_event(1.0, 0.1, Some(-3.0), 2.0) - 5.0).abs() < 1e-12);
    }

    #[test]
    fn piecewise_crosses_segments() {
        let s = [(10.0, 0.1), (20.0, 0.2)];
        assert!((piecewise_time(1.5, 0.0, &s) - 12.5).abs() < 1e-12);
        assert!(piecewise_time(5.0, 0.0, &s).is_infinite());
        assert!((piecewise_time(0.2, 15.0, &s) - 16.0).abs() < 1e-12);
    }

    #[test]
    fn leap_day_birthdays_fall_on_28_february() {
        let b = NaiveDate::from_ymd_opt(2004, 2, 29).unwrap();
        assert_eq!(
            birthday(b, 18),
            NaiveDate::from_ymd_opt(2022, 2, 28).unwrap()
        );
        assert_eq!(date(day(b)), b);
    }
}
