//! The synthetic municipality and its known truths.
//!
//! [`simulate`] makes a Danish municipality's children and young people, their walk on the
//! intervention staircase, their questionnaires, the monthly ledger and their outcomes, plus
//! a panel of municipalities for synthetic control, from a generative model whose effects
//! are parameters. The result, a [`Municipality`], carries the five tables of
//! [`crate::data`] and a [`Truth`] that estimators are checked against. Everything is
//! synthetic; no real person is in it.
//!
//! ```
//! use indsats::simulate::{simulate, SimulationParams};
//!
//! let params = SimulationParams::default().persons(400).seed(7).step_down_hazard_ratio(2.0);
//! let m = simulate(&params).unwrap();
//! assert_eq!(m.persons.rows.len(), 400);
//! assert_eq!(m.truth.effects.step_down_hazard_ratio.value, 2.0);
//! assert!(m.episodes.rows.iter().all(|e| e.start_date <= m.cutoff));
//! // same params and seed, same data
//! assert_eq!(simulate(&params).unwrap().episodes.rows, m.episodes.rows);
//! ```
//!
//! Configure, check, then simulate: [`SimulationParams`] has builder setters and
//! [`SimulationParams::check`] returns [`CheckedParams`] (whose
//! [`simulate`](CheckedParams::simulate) cannot fail); [`simulate`] checks first, so no one
//! skips the check. [`Municipality::write_dir`] writes the files below and
//! [`Municipality::dataset`] gives a [`crate::data::Dataset`].
//!
//! # The generative model
//!
//! Time runs in days. The observation window is `start` to `cutoff` (default 2015-01-01 to
//! 2024-12-31); nothing in the data lies after the cutoff. Each person's history is
//! simulated from the later of their arrival and five years before `start` (a burn-in, so
//! the window opens on a running municipality), and episodes that end before `start` are
//! not in the data.
//!
//! ## Persons
//! - **Birth**: uniform from 23 years before `start` to `cutoff`, so everyone is 0–22 on
//!   some day of the window (children 0–17 and young adults up to 22).
//! - **Sex**: male with probability 0.512. **parental_education** 0/1/2 (basic, vocational,
//!   higher) with probabilities 0.25/0.45/0.30. **single_parent** with probability 0.18
//!   (+0.10 when parental_education is 0).
//! - **District** `D01`…: sizes drawn once per seed (weights uniform 0.6–1.4). Each district
//!   has an effect on risk, 0.3·N(0, 1), plus 0.2 in programme districts (the programme
//!   went first where need was higher).
//! - **Latent risk** (`risk_score`): risk = logistic(−2.7 + 0.6·[education 0] − 0.5·[education
//!   2] + 0.7·single_parent + district effect + N(0, 1)), rounded to 3 decimals; the
//!   rounded value is the one the model uses, so `risk_score` is the exact confounder.
//!   Mean about 0.1.
//! - **Residence**: 15 % moved in at a uniform day between birth and 23; the rest were born
//!   here. From the later of arrival and `start`, they move out with yearly hazard 0.03
//!   before 18 and 0.08 after; the last day lived here ends every episode (`moved`).
//!
//! ## The programme (early intervention)
//! In each programme district, from its start date (default: three waves of two districts,
//! 3 and 5 from 2018-01-01, 8 and 10 from 2019-08-01, 7 and 12 from 2021-08-01), a child is enrolled once, on
//! a uniformly random day within a year of the later of the start and their arrival, if
//! still living there and under 18, with probability
//!
//! ```text
//! P(enrol) = logistic(logit(programme_reach) + programme_selection · (logit(risk) − logit(0.1)))
//! ```
//!
//! Higher risk, more likely enrolled (defaults 0.15 and 1.0), so naive enrolled-vs-not
//! comparisons are biased; with `programme_selection` 0 enrolment is random. Enrolment is
//! permanent: the effects act from `programme_start` on, also on episodes already running.
//! The programme costs `programme_cost_per_year` per child for `programme_months` months.
//!
//! ## The staircase walk
//! Levels by rank: universal 0, early 1, home 2, kinship 3, foster 4, own_room 5,
//! residential 6 (3–6 are placements). A child with no measure is referred with hazard
//!
//! ```text
//! λ_referral(age) = 0.45 · risk^1.4 · a(age) · (1.5 after an earlier spell of help) per year,
//! a = 0.6 (0–5), 1.0 (6–11), 1.4 (12–17); no new referrals from 18.
//! ```
//!
//! The first level is a placement with probability 0.03 + 0.30·risk, home-based with
//! 0.25 + 0.20·risk, else early help. An episode on level L ends with the first of five
//! competing causes, each with a constant hazard
//!
//! ```text
//! h_c(L) = base_c(L) · exp(slope_c · (risk − 0.2)) · HR_c(L)^enrolled(t)   per year
//! ```
//!
//! | level | down | within-down | up | home | breakdown |
//! |---|---|---|---|---|---|
//! | universal | 0 | 0 | 0.15 | 1.20 | 0 |
//! | early | 0.20 | 0 | 0.20 | 0.90 | 0 |
//! | home | 0.45 | 0 | 0.15 | 0.60 | 0 |
//! | kinship | 0.10 | 0 | 0.04 | 0.10 | 0.04 |
//! | foster | 0.10 | 0.03 | 0.05 | 0.10 | 0.07 |
//! | own_room | 0.15 | 0 | 0.08 | 0.30 | 0.08 |
//! | residential | 0.18 | 0.25 | 0 | 0.15 | 0.12 |
//! | slope on risk | −2 | −1 | +2 | −1 | +1 |
//!
//! - *down* on a non-placement level goes one level down (early → `aabent_tilbud`, home →
//!   early); on a placement level it leaves placement for a home-based measure. *within-down*
//!   moves foster → kinship or residential → foster (own room at 15+). Both end with
//!   `step_down`, and the next episode starts the next day.
//! - *up* ends `step_up`: universal → early/home, early → home or a placement, home → a
//!   placement, kinship → foster/residential, foster and own room → residential.
//! - *home* ends `home` (help ends, or return home from placement); the child can be referred
//!   again. *breakdown* (placements) ends `breakdown`, followed the next day by a new
//!   placement on the same level (70 %) or one up.
//! - The placement type for a child entering care from home has weights kinship 0.15,
//!   foster 0.50, own room 0.12 (14+), residential 0.18·exp(2(risk − 0.2))·(1.4 at 12+, else
//!   0.6): about 75 % of placement days are family-based or own room.
//! - Episodes started before 18 end `aged_out` the day before the 18th birthday, except
//!   placements, which continue as aftercare (efterværn) with probability 0.45 and then end
//!   `aged_out` the day before 23 at the latest. A placement aged out at 18 is followed by an
//!   aftercare `kontaktperson` with probability 0.5 (0.2 after home-based help).
//! - A placement started at 12–17 has a `kontaktperson` alongside with probability 0.15
//!   (from 0–60 days in, exponential length with mean a year, never beyond the placement;
//!   it ends `home`, or `other`/`moved`/`aged_out` with the placement).
//! - Episodes ongoing at the cutoff have empty `end_date` and `end_reason`; an event falling
//!   on the cutoff day itself is left ongoing, so every step is seen with its successor.
//!   Placement episodes of one person never overlap.
//!
//! The programme multiplies (`HR_c(L)` above) the *down* hazard on non-placement levels by
//! `step_down_hazard_ratio`, and the *down* and *home* hazards on placement levels (leaving
//! placement) by `placement_end_hazard_ratio`; nothing else.
//!
//! **Left truncation.** Episodes running on `start` are in the data with their real start
//! dates, but those that ended before `start` are not: count time at risk from `start`
//! (delayed entry) when estimating hazards, or the untreated rates come out too low.
//!
//! ## Prices and providers
//! Daily cost per episode, uniform in the own-provider range (kroner per day); an external
//! provider adds 0–15 %: `aabent_tilbud` 15–40 (own), `familieraadgivning` 30–80,
//! `konsulentbistand` 60–130, `praktisk_stoette` 300–550, `familiebehandling` 450–690,
//! `aflastning` 300–600, `kontaktperson` 200–450, `netvaerkspleje` 350–700 (own),
//! `plejefamilie` 1,000–1,550, `eget_vaerelse` 500–1,000, `kost_efterskole` 500–900
//! (external), `opholdssted` 3,000–4,300 (90 % external), `doegninstitution` 3,400–4,300.
//! Residential care costs more than a million kroner a year.
//!
//! ## Questionnaires
//! - **SDQ** (ages 2–17): at the start of each spell of help (within 3 weeks) and every
//!   six months (±10 days) while it lasts, and at `programme_start`, 6 and 12 months later
//!   for enrolled children (exactly on those days). Parent (answers 92 %), teacher from 6
//!   (75 %), self from 11 (65 %). The latent parent-reported total difficulties is
//!
//!   ```text
//!   D(t) = D0 − 1.0·min(2, years since first intake) + sdq_effect·min(1, (t − programme_start)/365)·enrolled + N(0, 1)
//!   D0   = 5 + 30·risk + N(0, 3²)
//!   ```
//!
//!   clamped to 0–40 (teachers see 0.85·D, self-reports D + 1). Each difficulty item is the
//!   sum of two Bernoulli draws with probability D·w·s/40 (item weights w 0.7–1.3 within a
//!   scale, a person's scale profile s with mean 1), so the expected total is D; prosocial
//!   items use 8.5 − 4·risk + noise on 0–10. Items 7, 11, 14, 21 and 25 are written as
//!   printed (not reversed). The impact supplement follows D (home and leisure not on the
//!   teacher form; the rest skipped when difficulties is 0). Each item is missing with
//!   probability 0.05, in 2 % of questionnaires 0.6.
//! - **ORS/SRS** at `familiebehandling` sessions (weekly or fortnightly, 90 % attended,
//!   sessions numbered from 1, at most 40): ORS total ORS0 + gain·(1 − exp(−(session − 1)/4))
//!   with ORS0 = 22 − 10·risk + N(0, 4²) and gain N(7, 4²), items total/4 + N(0, 0.8²) on
//!   0.0–10.0; SRS items about 8.6–9 (self from 12, else parent).
//! - **WHO-5** (18–22, in a measure): every six months, items 0–5, 80 % answered.
//!
//! ## Outcomes
//! `leaving_exam` on 25 June of the year the child turns 16, `youth_education` on the 18th
//! birthday, `self_supporting` on the 22nd, recorded when the person lives here that day in
//! the window. Each is 0/1 from risk, parental education and sex (and the earlier outcome);
//! **the programme has no effect on them**.
//!
//! ## The ledger
//! One line per episode and month: daily cost × days in the month within the window (2
//! decimals). Accounts: the staircase measure ids, plus [`ACCOUNT_PROGRAMME`]
//! (`tidlig_indsats`: the programme per enrolled child and month, and an unallocated
//! coordination line of 25 % of that month's per-child programme cost) and
//! [`ACCOUNT_ADMINISTRATION`] (`administration`: unallocated, 8 % of the month's measure
//! spending). Unallocated lines have an empty `person_id` and come one per district and
//! month, after the month's allocated lines.
//!
//! ## The municipality panel
//! `panel_municipalities` municipalities (ours, [`TREATED_MUNICIPALITY`], and
//! `kommune_01`…) over `panel_years` years ending in the cutoff's year:
//!
//! ```text
//! spending_per_child(j, t) = α_j + β_j·t + 900·(λ1_j·f1_t + λ2_j·f2_t) + N(0, 100²) + effect·treated(j, t)
//! ```
//!
//! with f1 = 0.7·f1 + N(0, 1) a cycle and f2 = 0.5·f2 + N(0, 1) a policy factor, both
//! stationary AR(1), and noise small against the factors, so that matching the pre-years
//! pins down the loadings (as in the simulations of Abadie, Diamond & Hainmueller 2010).
//! Our α, β and λ are a convex combination of
//! four donors (in the truth), so a synthetic control can reproduce our untreated path;
//! `panel_effect` is added from the treatment year on.
//!
//! ## The school well-being survey
//! Every 1 March in the window, the persons aged 10–15 living in each district (grades
//! 4–9) answer a well-being survey in the manner of the national *trivselsmåling*, each
//! with probability 0.88; `school_survey.csv` holds each district's mean over those who
//! answered. A pupil's social well-being (1–5) is
//!
//! ```text
//! clamp(1, 5, 3.95 + a_d + s_y + c_dy − 1.5·(risk − 0.1) + N(0, 0.5²) + effect)
//! a_d ~ N(0, 0.08²) per district, s_y ~ N(0, 0.04²) per year, c_dy ~ N(0, 0.03²)
//! effect = 0.15 · min(1, days since the district's programme start / 730), 0 before
//! ```
//!
//! The effect reaches every pupil of a programme district (the district works differently,
//! not only with the enrolled), so a staggered difference-in-differences across districts
//! can see it; `first_treated` is the first survey year on or after the district's start.
//! The survey draws from its own stream, so it leaves every other file as it is.
//!
//! # Parameters
//!
//! | setter | default | domain | meaning |
//! |---|---|---|---|
//! | `persons` | 3000 | 1–50,000,000 | rows in persons.csv |
//! | `seed` | 2024 | any | every draw |
//! | `districts` | 12 | 2–50 | districts `D01`… |
//! | `start` | 2015-01-01 | ≥ 1950 | first day of the window |
//! | `cutoff` | 2024-12-31 | ≥ start + 1 year | extraction date |
//! | `programme` | 6 districts in 3 waves, 2018–2021 | districts exist, unique, start in window, not all | rollout |
//! | `programme_reach` | 0.15 | (0, 1) | P(enrol) at risk 0.1 |
//! | `programme_selection` | 1.0 | 0–10 | slope of logit P(enrol) on logit risk |
//! | `programme_months` | 12 | 1–120 | months paid per child |
//! | `programme_cost_per_year` | 12,000 | ≥ 0 | kroner per enrolled child-year |
//! | `step_down_hazard_ratio` | 1.5 | 0.05–20 | true HR, see below |
//! | `placement_end_hazard_ratio` | 1.3 | 0.05–20 | true HR, see below |
//! | `sdq_effect` | −2.0 | −20–20 | true SDQ effect at 12 months |
//! | `panel_municipalities` | 40 | 5–500 | panel size, ours included |
//! | `panel_years` | 15 | 5–60 | panel length |
//! | `panel_effect` | −1,500 | finite, < 10⁶ | kroner per child per year |
//! | `panel_treatment_year` | first programme year | ≥ 3 pre-years, ≤ last year | |
//!
//! # The truth
//!
//! [`Truth`] (`truth.json`) holds the params, the rollout with participants per district,
//! and for each effect a [`TrueEffect`] with `value` (what estimators are compared with),
//! `realised` (the sample value where one exists), `n`, `unit` and `description`:
//!
//! - `step_down_hazard_ratio`: the cause-specific hazard ratio of an episode on a
//!   non-placement level ending `step_down`, enrolled vs not, conditional on `risk_score`
//!   and level, with enrolment as a time-varying covariate from `programme_start`. A Cox
//!   model of time in episode with the programme as a time-varying covariate, `risk_score`
//!   linear, strata by level and delayed entry at `start` is correctly specified.
//! - `placement_end_hazard_ratio`: the hazard ratio of leaving placement (a placement
//!   episode ending `home`, or `step_down` to a non-placement level), same conditioning.
//! - `sdq_total_change_12m`: `value` is `sdq_effect`, the effect on the expected latent
//!   parent-reported total 12 months after `programme_start`; `realised` is the sample mean
//!   of the clamped (0–40) latent difference with minus without the programme for enrolled
//!   children with that questionnaire: slightly smaller than `value` where totals hit 0.
//! - `cost_per_child_year`, `measure_cost_per_child_year`, `placement_days_per_child_year`:
//!   realised average effects on the treated from `programme_start` to leaving or the
//!   cutoff, per child-year; each enrolled child's history is rerun without the programme
//!   on the same random numbers (coupled counterfactual, totals in
//!   [`Counterfactual`]). They follow from the hazard ratios and the programme's cost; the
//!   programme's unallocated coordination lines are not included.
//! - `outcomes`: 0, no planted effect.
//! - `panel`: treated municipality, treatment year, planted effect by year, donor weights.
//! - `school_survey`: the survey's planted and realised effect per cohort and year
//!   (`att_gt`), and the realised simple and by-event-time aggregations as Callaway and
//!   Sant'Anna weigh them: what `indsats estimate staggered-did` on `school_survey.csv`
//!   should recover.
//! - `sample`: shares with an episode and placed, placement mix, mean prices, end reasons.
//!
//! # Files
//!
//! [`Municipality::write_dir`] writes UTF-8 CSV (comma, `.` decimals, ISO dates, a header
//! row) and JSON:
//! - `persons.csv`: `person_id,birth_date,sex,district,risk_score,parental_education,single_parent,programme,programme_start`
//!   (`sex` `f`/`m`; ids `P000001`…, never ten digits).
//! - `episodes.csv`: `person_id,measure,level,legal_basis,provider,start_date,end_date,end_reason,daily_cost`.
//! - `assessments.csv`: `person_id,date,instrument,informant,session,sdq1…sdq25,sdq_impact_*,ors1…ors4,srs1…srs4,who5_1…who5_5`;
//!   cells not belonging to the row's instrument are empty.
//! - `costs.csv`: `month,measure,person_id,amount`; `outcomes.csv`: `person_id,date,outcome,value`.
//! - `municipality_panel.csv`: `municipality,year,spending_per_child,children,treated`.
//! - `school_survey.csv`: `district,year,first_treated,pupils,respondents,wellbeing`.
//! - `truth.json`: the [`Truth`].
//!
//! # Determinism and scale
//!
//! Every person has their own ChaCha8 streams (baseline, staircase, questionnaires,
//! outcomes) keyed by the seed and the person's number, and persons are simulated in
//! parallel with rayon and collected in order, so the same params give byte-identical files
//! whatever the number of threads. A million persons take about half a minute in a debug
//! build on two cores (simulation and writing about equal), and about 3 GB of memory.

mod assess;
mod catalogue;
mod iso;
mod leave;
mod ledger;
mod municipality;
mod outcomes;
mod panel;
mod params;
mod person;
mod survey;
mod truth;
mod util;
mod write;

pub use leave::leave_dates;
pub use ledger::{ACCOUNT_ADMINISTRATION, ACCOUNT_PROGRAMME};
pub use municipality::{Municipality, FILES, PERSON_COVARIATES};
pub use panel::{DonorWeight, PanelRow, TREATED_MUNICIPALITY};
pub use params::{CheckedParams, ProgrammeRollout, SimulationParams};
pub use survey::{SurveyCell, SurveyEvent, SurveyRow, SurveyTruth};
pub use truth::{
    Counterfactual, Effects, PanelTruth, ProgrammeTruth, RolloutTruth, SampleTruth, TrueEffect,
    Truth, YearEffect,
};

use crate::error::Result;

/// Checks the params, then simulates the municipality.
///
/// ```
/// use indsats::simulate::{simulate, SimulationParams};
/// let m = simulate(&SimulationParams::default().persons(200)).unwrap();
/// assert_eq!(m.truth.persons, 200);
/// assert!(simulate(&SimulationParams::default().persons(0)).is_err());
/// ```
///
/// # Errors
/// [`crate::ErrorKind::InvalidParameter`] naming the first parameter out of its domain.
pub fn simulate(params: &SimulationParams) -> Result<Municipality> {
    Ok(params.clone().check()?.simulate())
}
