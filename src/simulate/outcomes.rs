//! Outcomes: leaving exam at 16, youth education at 18, self-supporting at 22. They depend
//! on risk and family background only: the programme has no planted effect on them.

use super::person::{Baseline, Ctx};
use super::util::{birthday, date, day, sigmoid, uniform, Day};
use crate::data::{Outcome, Sex};
use chrono::{Datelike, NaiveDate};
use rand::Rng;

/// One person's outcomes, for the days they were living in the municipality in the window.
pub(crate) fn outcomes<R: Rng>(
    pid: &str,
    b: &Baseline,
    ctx: &Ctx,
    rng: &mut R,
    out: &mut Vec<Outcome>,
) {
    let birth = date(b.birth);
    let edu = b.parental_education as f64 - 1.0;
    let male = if b.sex == Sex::Male { 1.0 } else { 0.0 };
    let r = b.risk - 0.1;
    let exam = uniform(rng) < sigmoid(2.3 - 6.0 * r + 0.4 * edu - 0.3 * male);
    let youth =
        uniform(rng) < sigmoid(1.6 - 6.0 * r + 0.5 * edu + 0.8 * (exam as u8 as f64 - 0.75));
    let selfsup =
        uniform(rng) < sigmoid(1.8 - 5.0 * r + 0.3 * edu + 0.8 * (youth as u8 as f64 - 0.6));
    let exam_day = NaiveDate::from_ymd_opt(birth.year() + 16, 6, 25).map(day);
    let observed =
        |d: Day| d >= ctx.start && d <= ctx.cutoff && d >= b.res_start && d <= b.end_obs(ctx);
    let mut push = |d: Option<Day>, name: &str, v: bool| {
        if let Some(d) = d.filter(|&d| observed(d)) {
            out.push(Outcome {
                person_id: pid.to_string(),
                date: date(d),
                outcome: name.to_string(),
                value: v as u8 as f64,
                row: 0,
            });
        }
    };
    push(exam_day, "leaving_exam", exam);
    push(Some(b.age18), "youth_education", youth);
    push(Some(day(birthday(birth, 22))), "self_supporting", selfsup);
}
