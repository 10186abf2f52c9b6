//! The school well-being survey (in the manner of the national *trivselsmåling*): every
//! spring, the pupils aged 10–15 living in each school district answer; the file holds each
//! district's mean social well-being (1–5). The programme districts' pupils gain a planted
//! effect that grows over two years from the district's start, so a staggered
//! difference-in-differences across districts has an outcome it can see.

use super::params::CheckedParams;
use super::util::{date, day, global_rng, normal, round_to, uniform, Day};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// The survey's reference day in each year (1 March: the survey runs January to March).
const SURVEY_MONTH: u32 = 3;
/// Ages (whole years on the survey day) of the pupils asked: grades 4 to 9.
const AGES: std::ops::RangeInclusive<u32> = 10..=15;
/// Share of pupils who answer.
const RESPONSE: f64 = 0.88;
/// Mean score of a pupil at risk 0.1 in an average district and year.
const MEAN: f64 = 3.95;
/// Change in a pupil's score per unit of risk_score above 0.1.
const RISK_SLOPE: f64 = -1.5;
/// SD of a pupil's own deviation, of the districts' levels, of the common year shocks and of
/// a district's year-to-year shocks.
const SD_PUPIL: f64 = 0.5;
const SD_DISTRICT: f64 = 0.08;
const SD_YEAR: f64 = 0.04;
const SD_DISTRICT_YEAR: f64 = 0.03;
/// The planted effect after two years in a programme district, on the 1–5 scale.
pub(crate) const EFFECT_MAX: f64 = 0.15;
/// Days over which the effect grows linearly from 0 to [`EFFECT_MAX`].
const RAMP_DAYS: f64 = 730.0;

/// One district's survey in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyRow {
    /// District name as in persons.csv (`D03`).
    pub district: String,
    /// The survey's year.
    pub year: i32,
    /// The first survey year on or after the district's programme start (0: never).
    pub first_treated: i32,
    /// Pupils aged 10–15 living in the district on the survey day (1 March).
    pub pupils: usize,
    /// Pupils who answered.
    pub respondents: usize,
    /// Mean social well-being of those who answered (1–5, three decimals); `None` when
    /// nobody answered.
    pub wellbeing: Option<f64>,
}

/// The survey's truth: the planted effect and what it came to in each treated cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyTruth {
    /// The effect after two years, on the 1–5 scale.
    pub effect_max: f64,
    /// Group-time effects: each cohort (first treated survey year) in each survey year from
    /// its first on.
    pub att_gt: Vec<SurveyCell>,
    /// The overall effect as Callaway and Sant'Anna's simple aggregation weighs the cells
    /// (each post cell by its cohort's number of districts), realised.
    pub simple: f64,
    /// By years since the cohort's first treated survey (event time), realised, weighted
    /// by the cohorts' numbers of districts.
    pub dynamic: Vec<SurveyEvent>,
    /// How the survey was made.
    pub description: String,
}

/// One cohort in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyCell {
    /// First treated survey year.
    pub cohort: i32,
    /// Survey year.
    pub year: i32,
    /// Districts in the cohort.
    pub districts: usize,
    /// The planted effect (the same for every pupil of the cohort that year).
    pub planted: f64,
    /// The mean over the cohort's districts of each district's mean over its respondents
    /// of the clamped score with minus without the programme.
    pub realised: f64,
}

/// The realised effect at one event time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyEvent {
    /// Survey year minus first treated survey year.
    pub relative_time: i32,
    /// The realised effect.
    pub att: f64,
}

/// What a person contributes to the survey.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pupil {
    pub district: u16,
    pub birth: Day,
    pub res_start: Day,
    pub leave: Option<Day>,
    pub risk: f64,
}

/// The planted effect on a district's pupils on `d` when the district started on `start`.
fn effect(start: Option<Day>, d: Day) -> f64 {
    match start {
        Some(s) if d >= s => EFFECT_MAX * ((d - s) as f64 / RAMP_DAYS).min(1.0),
        _ => 0.0,
    }
}

/// Builds the survey and its truth from the persons (in the persons table's order).
pub(crate) fn survey(
    p: &CheckedParams,
    programme_start: &[Option<Day>],
    pupils: &[Pupil],
) -> (Vec<SurveyRow>, SurveyTruth) {
    let mut rng = global_rng(p.seed(), 2);
    let n = p.districts();
    let (start, cutoff) = (day(p.start()), day(p.cutoff()));
    let years: Vec<(i32, Day)> = (p.start().year()..=p.cutoff().year())
        .filter_map(|y| NaiveDate::from_ymd_opt(y, SURVEY_MONTH, 1).map(|d| (y, day(d))))
        .filter(|&(_, d)| d >= start && d <= cutoff)
        .collect();
    let level: Vec<f64> = (0..n).map(|_| SD_DISTRICT * normal(&mut rng)).collect();
    let shock: Vec<f64> = years.iter().map(|_| SD_YEAR * normal(&mut rng)).collect();
    let first_treated: Vec<i32> = programme_start
        .iter()
        .map(|s| {
            s.and_then(|s| years.iter().find(|(_, d)| *d >= s).map(|(y, _)| *y))
                .unwrap_or(0)
        })
        .collect();
    let mut rows = Vec::with_capacity(n * years.len());
    // per district and year: the realised effect (mean over respondents)
    let mut realised = vec![vec![0.0; years.len()]; n];
    for (k, &(year, d)) in years.iter().enumerate() {
        let dy: Vec<f64> = (0..n)
            .map(|_| SD_DISTRICT_YEAR * normal(&mut rng))
            .collect();
        let mut sums = vec![(0usize, 0usize, 0.0, 0.0); n];
        for pu in pupils {
            let present = pu.res_start <= d && pu.leave.is_none_or(|l| d <= l);
            let age = crate::data::completed_years(date(pu.birth), date(d));
            if !present || !age.is_some_and(|a| AGES.contains(&a)) {
                continue;
            }
            // both draws always, so that who answers does not shift the others' numbers
            let answers = uniform(&mut rng) < RESPONSE;
            let own = SD_PUPIL * normal(&mut rng);
            let di = pu.district as usize;
            let s = &mut sums[di];
            s.0 += 1;
            if answers {
                let without =
                    MEAN + level[di] + shock[k] + dy[di] + RISK_SLOPE * (pu.risk - 0.1) + own;
                let with = without + effect(programme_start[di], d);
                let (w0, w1) = (without.clamp(1.0, 5.0), with.clamp(1.0, 5.0));
                s.1 += 1;
                s.2 += w1;
                s.3 += w1 - w0;
            }
        }
        for (di, &(pupils, respondents, total, gain)) in sums.iter().enumerate() {
            if respondents > 0 {
                realised[di][k] = gain / respondents as f64;
            }
            rows.push(SurveyRow {
                district: format!("D{:02}", di + 1),
                year,
                first_treated: first_treated[di],
                pupils,
                respondents,
                wellbeing: (respondents > 0).then(|| round_to(total / respondents as f64, 3)),
            });
        }
    }
    rows.sort_by(|a, b| (&a.district, a.year).cmp(&(&b.district, b.year)));

    let mut cohorts: Vec<i32> = first_treated.iter().copied().filter(|&g| g > 0).collect();
    cohorts.sort_unstable();
    cohorts.dedup();
    let mut att_gt = Vec::new();
    for &g in &cohorts {
        let members: Vec<usize> = (0..n).filter(|&di| first_treated[di] == g).collect();
        for (k, &(year, d)) in years.iter().enumerate().filter(|(_, (y, _))| *y >= g) {
            let m = members.len() as f64;
            att_gt.push(SurveyCell {
                cohort: g,
                year,
                districts: members.len(),
                planted: members
                    .iter()
                    .map(|&di| effect(programme_start[di], d))
                    .sum::<f64>()
                    / m,
                realised: members.iter().map(|&di| realised[di][k]).sum::<f64>() / m,
            });
        }
    }
    let weighted = |cells: &mut dyn Iterator<Item = &SurveyCell>| {
        let (mut s, mut w) = (0.0, 0.0);
        for c in cells {
            s += c.districts as f64 * c.realised;
            w += c.districts as f64;
        }
        if w > 0.0 {
            s / w
        } else {
            0.0
        }
    };
    let simple = weighted(&mut att_gt.iter());
    let mut events: Vec<i32> = att_gt.iter().map(|c| c.year - c.cohort).collect();
    events.sort_unstable();
    events.dedup();
    let dynamic = events
        .into_iter()
        .map(|e| SurveyEvent {
            relative_time: e,
            att: weighted(&mut att_gt.iter().filter(|c| c.year - c.cohort == e)),
        })
        .collect();
    let truth = SurveyTruth {
        effect_max: EFFECT_MAX,
        att_gt,
        simple,
        dynamic,
        description: format!(
            "school_survey.csv: each year on 1 March the persons aged 10-15 living in a district \
             answer with probability {RESPONSE}; a pupil's score is clamp(1, 5, {MEAN} + district level \
             N(0, {SD_DISTRICT}^2) + year shock N(0, {SD_YEAR}^2) + district-year shock \
             N(0, {SD_DISTRICT_YEAR}^2) {RISK_SLOPE} * (risk_score - 0.1) + N(0, {SD_PUPIL}^2) + effect), \
             effect = {EFFECT_MAX} * min(1, days since the district's programme start / {RAMP_DAYS}) \
             in programme districts (every pupil, not only the enrolled), 0 before; wellbeing is \
             the district's mean over respondents. first_treated is the first survey year on or \
             after the district's start. realised: with minus without the effect, both clamped, \
             averaged over respondents, then over the cohort's districts; simple and dynamic \
             weigh cells by the cohort's number of districts, as Callaway and Sant'Anna's \
             aggregations do"
        ),
    };
    (rows, truth)
}
