//! The programme's effect on cost per child-year: participants from their start against a
//! weighted comparison group over comparable windows.

use super::business_case::BusinessYear;
use super::costs::{known_name, table_file, CostParams, Periods, PersonWindow, DAYS_PER_YEAR};
use crate::data::{Dataset, Sex, TableKind};
use crate::effects::{propensity_scores, wls, Bootstrap, Covariance, Estimand, Ipw};
use crate::error::{Error, Result};
use crate::plan::{Comparison, Plan};
use crate::summary::CostSource;
use chrono::{Datelike, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Who took part, from when, against whom, adjusted for what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostEffectSpec {
    /// The persons covariate (0/1) that marks participants (`programme`).
    pub participant_column: String,
    /// The persons date column with each participant's start (`programme_start`).
    pub start_column: String,
    /// The ledger account of the programme's own cost (`tidlig_indsats`).
    pub programme_account: String,
    /// Districts with the programme: the comparison group is drawn from the others (empty:
    /// all non-participants).
    pub programme_districts: Vec<String>,
    /// Covariates of the propensity score: persons columns, `logit(COLUMN)` of a column
    /// of probabilities (a value outside (0, 1) counts as missing), and `age` (at the
    /// start, in years) and `female`, which are derived.
    pub covariates: Vec<String>,
    /// A persons date column with the last day each person lived in the municipality
    /// (moved out, died), if the data have one; else everyone is followed to the cut-off.
    pub end_column: Option<String>,
    /// Follow children only until the day before this birthday (default: no age limit,
    /// as the simulator's truth).
    pub end_age: Option<u32>,
    /// Take an episode that ended with `moved` (and no episode starting after it) as the
    /// day the person left (default true).
    pub infer_moves: bool,
}

impl CostEffectSpec {
    /// The example plan's programme: `programme`, `programme_start`, `tidlig_indsats`,
    /// districts D03, D05, D07, D08, D10, D12, covariates logit(risk_score),
    /// parental_education, single_parent, age, female (the simulator enrols children with
    /// a probability that is logistic-linear in logit(risk_score)).
    pub fn example() -> Self {
        CostEffectSpec {
            participant_column: "programme".into(),
            start_column: "programme_start".into(),
            programme_account: crate::simulate::ACCOUNT_PROGRAMME.into(),
            programme_districts: ["D03", "D05", "D07", "D08", "D10", "D12"]
                .map(String::from)
                .to_vec(),
            covariates: [
                "logit(risk_score)",
                "parental_education",
                "single_parent",
                "age",
                "female",
            ]
            .map(String::from)
            .to_vec(),
            end_column: None,
            end_age: None,
            infer_moves: true,
        }
    }

    /// From a plan's `[intervention]` (participant column, districts when the comparison
    /// is `other_districts`) and `[effect]` (start column, covariates).
    ///
    /// # Errors
    /// A plan without `[intervention]`, its `participant_column`, `[effect]` or its
    /// `participant_start_column`.
    pub fn from_plan(plan: &Plan, programme_account: &str) -> Result<Self> {
        let need = |what: &str| {
            Error::plan(
                &plan.source,
                format!("the cost effect needs {what} in the plan"),
            )
        };
        let iv = plan
            .intervention
            .as_ref()
            .ok_or_else(|| need("[intervention]"))?;
        let ef = plan.effect.as_ref().ok_or_else(|| need("[effect]"))?;
        Ok(CostEffectSpec {
            participant_column: iv
                .participant_column
                .clone()
                .ok_or_else(|| need("intervention.participant_column"))?,
            start_column: ef
                .participant_start_column
                .clone()
                .ok_or_else(|| need("effect.participant_start_column"))?,
            programme_account: programme_account.to_string(),
            programme_districts: if iv.comparison == Comparison::OtherDistricts {
                iv.districts.clone()
            } else {
                Vec::new()
            },
            covariates: ef.covariates.clone(),
            end_column: None,
            end_age: None,
            infer_moves: true,
        })
    }
}

/// How the comparison group stands in for the participants without the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostDesign {
    /// ATT weights from the propensity score.
    #[default]
    Weighting,
    /// ATT weights plus a regression of the comparison group's cost per child-year on the
    /// covariates (weighted by child-years): consistent if either model is right.
    DoublyRobust,
}

/// The programme's cost effect: configure, then [`CostEffect::fit`] on a [`Dataset`].
///
/// ```text
/// participants i:  persons with participant_column = 1 and a start s_i; window
///                  [s_i, e_i], e_i = min(cut-off, end_column, day before end_age birthday,
///                  end of an episode ended by `moved` with no episode starting after it)
/// comparison j:    persons with participant_column ≠ 1 outside the programme districts,
///                  each given a start s_j drawn (seeded) from the participants' starts at
///                  which j was born and under 18; window [s_j, e_j] as above
/// costs:           per window (see CostParams): P = the programme account, M = all other
///                  measures and accounts; t = days / 365.25 (child-years)
/// score:           logit P(participant | covariates) (age at the start, female, columns)
/// weights (ATT):   1 for participants, e/(1 − e) for the comparison group (as Ipw)
/// rate_1(X) = Σ_i X_i / Σ_i t_i;   rate_0(X) = Σ_j w_j X_j / Σ_j w_j t_j
/// measure effect   = rate_1(M) − rate_0(M)           (per child-year; negative = saving)
/// programme cost   = rate_1(P)
/// total effect     = rate_1(M + P) − rate_0(M + P)
/// SE, CI:          nonparametric bootstrap within the two groups, refitting the score in
///                  every replicate (percentile interval)
/// years y:         programme spending_y = P in y of participants (+ unallocated lines
///                  on the account in y); participant-years_y = Σ_i days of [s_i, e_i] in y
///                  / 365.25; gross savings_y = −measure effect × participant-years_y
/// ```
///
/// The ratio of sums is the truth's definition (`truth.effects.cost_per_child_year`:
/// summed over participants, divided by their child-years); the comparison group's
/// weighted ratio estimates what the participants would have cost without the programme.
///
/// With [`CostDesign::DoublyRobust`], rate_0 is instead
/// Σ_i t_i m̂(x_i) / Σ_i t_i + Σ_j w_j (X_j − t_j m̂(x_j)) / Σ_j w_j t_j, with m̂ the
/// least-squares line of the comparison group's X/t on the covariates, weighted by t.
///
/// The estimate leans on the propensity model where participants are many and comparison
/// children few (high risk): on simulated municipalities of 20,000 persons the error
/// moved by several thousand kroner per child-year between a score linear in
/// logit(risk_score) and one with a square term added, so report the interval, and
/// compare the designs.
///
/// ```
/// use indsats::economics::{CostEffect, CostEffectSpec};
/// use indsats::simulate::{simulate, SimulationParams};
/// let data = simulate(&SimulationParams::default()).unwrap().dataset();
/// let fit = CostEffect::new(CostEffectSpec::example()).replicates(20).fit(&data).unwrap();
/// // the total effect adds the programme's own cost per child-year
/// let sum = fit.estimate + fit.programme_cost_per_child_year;
/// assert!((fit.total_effect.estimate - sum).abs() < 1e-6);
/// assert!(fit.ci[0] <= fit.estimate && fit.estimate <= fit.ci[1]);
/// // the programme costs 12,000 kr. a year for 12 months; children stay longer
/// assert!(fit.programme_cost_per_child_year > 0.0 && fit.programme_cost_per_child_year < 12_000.0);
/// ```
///
/// # Errors
/// Columns the persons table does not have (naming the ones it has); no participant or
/// no comparison person left; a propensity model that cannot be fitted; the errors of
/// [`CostParams`] (refunds, unknown measures, price index, coverage).
///
/// # References
/// Hirano, Imbens & Ridder (2003) for the ATT weights; Efron & Tibshirani (1993) for the
/// bootstrap; the simulator's `cost_per_child_year` truth for the estimand.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEffect {
    spec: CostEffectSpec,
    design: CostDesign,
    costs: CostParams,
    replicates: usize,
    seed: u64,
    ci_level: f64,
}

/// An estimate with its bootstrap standard error and interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostEstimate {
    /// Kroner per child-year.
    pub estimate: f64,
    /// Bootstrap SE.
    pub std_error: f64,
    /// Percentile interval.
    pub ci: [f64; 2],
    /// Its level.
    pub ci_level: f64,
}

/// Who was in and who was left out.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CostEffectCounts {
    /// Participants (marked 1).
    pub participants: usize,
    /// Participants in the estimate.
    pub used_participants: usize,
    /// Comparison persons considered.
    pub comparison: usize,
    /// Comparison persons in the estimate.
    pub used_comparison: usize,
    /// Left out by reason: `no_start_date`, `start_outside_data`, `left_before_start`,
    /// `no_birth_date`, `no_eligible_start`, `missing_covariate`, `in_programme_district`.
    pub excluded: BTreeMap<String, usize>,
}

/// One calendar year for the business case.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostEffectYear {
    /// The year.
    pub year: i32,
    /// The programme account's kroner for the participants that year.
    pub programme_spending: f64,
    /// Kroner on the programme account without a person that year (coordination).
    pub programme_unallocated: f64,
    /// Participants' child-years that year.
    pub participant_years: f64,
    /// −measure effect × participant-years.
    pub gross_savings: f64,
}

/// The programme's cost effect; see [`CostEffect`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostEffectFit {
    /// "ATT".
    pub estimand: String,
    /// "ipw" or "aipw".
    pub method: String,
    /// Where the amounts come from.
    pub source: CostSource,
    /// "current" or "constant YEAR prices (FILE)".
    pub prices: String,
    /// The measure-cost effect per child-year (negative: the programme saves).
    pub estimate: f64,
    /// Its bootstrap SE.
    pub std_error: f64,
    /// Its percentile interval.
    pub ci: [f64; 2],
    /// The level.
    pub ci_level: f64,
    /// How the SE was computed.
    pub std_error_method: String,
    /// The programme's own cost per child-year (participants).
    pub programme_cost_per_child_year: f64,
    /// Measures + programme, participants against the weighted comparison group.
    pub total_effect: CostEstimate,
    /// Participants' measure cost per child-year.
    pub participants_measure_cost_per_child_year: f64,
    /// The weighted comparison group's measure cost per child-year.
    pub comparison_measure_cost_per_child_year: f64,
    /// The unweighted comparison group's measure cost per child-year.
    pub comparison_measure_cost_per_child_year_unweighted: f64,
    /// Participants' child-years.
    pub child_years: f64,
    /// Comparison child-years (unweighted).
    pub comparison_child_years: f64,
    /// The programme account's kroner over the participants' windows.
    pub programme_cost: f64,
    /// Counts.
    pub n: CostEffectCounts,
    /// Bootstrap replicates asked for and failed.
    pub replicates: usize,
    /// Replicates that failed.
    pub failed_replicates: usize,
    /// The seed.
    pub seed: u64,
    /// By calendar year.
    pub years: Vec<CostEffectYear>,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

impl CostEffectFit {
    /// The years ready for [`super::BusinessCase`]: investment = the programme account's
    /// spending (participants' and unallocated), gross savings = −effect × participant-years.
    pub fn business_years(&self) -> Vec<BusinessYear> {
        self.years
            .iter()
            .map(|y| BusinessYear {
                year: y.year,
                investment: y.programme_spending + y.programme_unallocated,
                external_funding: 0.0,
                gross_savings: y.gross_savings,
            })
            .collect()
    }
}

/// A unit of the analysis.
struct Unit {
    treated: bool,
    from: NaiveDate,
    to: NaiveDate,
    covariates: Vec<f64>,
}

fn birthday(birth: NaiveDate, years: u32) -> Option<NaiveDate> {
    birth.checked_add_months(Months::new(12 * years))
}

/// Splits [from, to] at year ends.
fn year_pieces(from: NaiveDate, to: NaiveDate) -> Vec<(i32, NaiveDate, NaiveDate)> {
    (from.year()..=to.year())
        .map(|y| {
            let a = NaiveDate::from_ymd_opt(y, 1, 1).expect("valid").max(from);
            let z = NaiveDate::from_ymd_opt(y, 12, 31).expect("valid").min(to);
            (y, a, z)
        })
        .collect()
}

impl CostEffect {
    /// Costs as [`CostParams::new`], 200 bootstrap replicates, seed 1, 95 % intervals.
    pub fn new(spec: CostEffectSpec) -> Self {
        CostEffect {
            spec,
            design: CostDesign::Weighting,
            costs: CostParams::new(),
            replicates: 200,
            seed: 1,
            ci_level: 0.95,
        }
    }

    /// How costs are read (source, prices, refunds, unknown measures); its periods and
    /// range are set by the cost effect.
    pub fn costs(mut self, costs: CostParams) -> Self {
        self.costs = costs;
        self
    }

    /// Weighting (default) or doubly robust.
    pub fn design(mut self, design: CostDesign) -> Self {
        self.design = design;
        self
    }

    /// Bootstrap replicates.
    pub fn replicates(mut self, n: usize) -> Self {
        self.replicates = n;
        self
    }

    /// The seed of the comparison starts and the bootstrap.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The confidence level.
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// Fewer than 2 replicates, a level outside (0, 1), an empty account name.
    pub fn check(&self) -> Result<()> {
        Bootstrap::new(self.replicates)
            .ci_level(self.ci_level)
            .check()?;
        if self.spec.programme_account.trim().is_empty() {
            return Err(Error::parameter(
                "programme_account",
                "names no ledger account",
            ));
        }
        Ok(())
    }

    /// Estimates the cost effect; see [`CostEffect`].
    ///
    /// # Errors
    /// See [`CostEffect`].
    pub fn fit(&self, data: &Dataset) -> Result<CostEffectFit> {
        self.check()?;
        let spec = &self.spec;
        let persons = &data.persons;
        let num = |name: &str, param: &str| {
            persons
                .covariate_names
                .iter()
                .position(|c| c == name)
                .ok_or_else(|| {
                    Error::parameter(
                        param,
                        format!(
                            "the persons table has no numeric column \"{name}\" (it has: {})",
                            persons.covariate_names.join(", ")
                        ),
                    )
                })
        };
        let datecol = |name: &str, param: &str| {
            persons
                .date_names
                .iter()
                .position(|c| c == name)
                .ok_or_else(|| {
                    Error::parameter(
                        param,
                        format!(
                            "the persons table has no date column \"{name}\" (its date columns: {})",
                            persons.date_names.join(", ")
                        ),
                    )
                })
        };
        let part_col = num(&spec.participant_column, "participant_column")?;
        let start_col = datecol(&spec.start_column, "start_column")?;
        let end_col = match &spec.end_column {
            Some(c) => Some(datecol(c, "end_column")?),
            None => None,
        };
        enum Cov {
            Age,
            Female,
            Column(usize),
            Logit(usize),
        }
        let covs: Vec<Cov> = spec
            .covariates
            .iter()
            .map(|c| match c.as_str() {
                "age" => Ok(Cov::Age),
                "female" => Ok(Cov::Female),
                name => match name
                    .strip_prefix("logit(")
                    .and_then(|r| r.strip_suffix(')'))
                {
                    Some(inner) => num(inner.trim(), "covariates").map(Cov::Logit),
                    None => num(name, "covariates").map(Cov::Column),
                },
            })
            .collect::<Result<_>>()?;

        let mut counts = CostEffectCounts::default();
        let mut excluded: BTreeMap<String, usize> = BTreeMap::new();
        let mut excl = |why: &str| *excluded.entry(why.to_string()).or_default() += 1;
        // the day a person left, from an episode ended by moving away with none after it
        let mut moved: HashMap<&str, (Option<NaiveDate>, NaiveDate)> = HashMap::new();
        if spec.infer_moves {
            for ep in &data.episodes.rows {
                let m = moved
                    .entry(ep.person_id.as_str())
                    .or_insert((None, NaiveDate::MIN));
                m.1 = m.1.max(ep.start_date);
                if ep.end_reason == Some(crate::data::EndReason::Moved) {
                    if let Some(d) = ep.end_date {
                        m.0 = Some(m.0.map_or(d, |x: NaiveDate| x.max(d)));
                    }
                }
            }
        }
        let end_of = |p: &crate::data::Person| -> NaiveDate {
            let mut e = data.cutoff;
            if let Some((Some(left), last_start)) = moved.get(p.person_id.as_str()) {
                if left >= last_start {
                    e = e.min(*left);
                }
            }
            if let Some(c) = end_col {
                if let Some(d) = p.dates[c] {
                    e = e.min(d);
                }
            }
            if let (Some(age), Some(b)) = (spec.end_age, p.birth_date) {
                if let Some(d) = birthday(b, age).and_then(|d| d.pred_opt()) {
                    e = e.min(d);
                }
            }
            e
        };
        let cov_values = |p: &crate::data::Person, start: NaiveDate| -> Option<Vec<f64>> {
            covs.iter()
                .map(|c| match c {
                    Cov::Age => p
                        .birth_date
                        .map(|b| (start - b).num_days() as f64 / DAYS_PER_YEAR),
                    Cov::Female => p.sex.map(|s| f64::from(u8::from(s == Sex::Female))),
                    Cov::Column(k) => p.covariates[*k].filter(|v| v.is_finite()),
                    Cov::Logit(k) => p.covariates[*k]
                        .filter(|v| *v > 0.0 && *v < 1.0)
                        .map(|v| (v / (1.0 - v)).ln()),
                })
                .collect()
        };

        // participants
        let mut units: Vec<Unit> = Vec::new();
        let mut ids: Vec<&str> = Vec::new();
        let mut n_part = 0;
        for p in &persons.rows {
            if p.covariates[part_col] != Some(1.0) {
                continue;
            }
            n_part += 1;
            let Some(s) = p.dates[start_col] else {
                excl("no_start_date");
                continue;
            };
            if s < data.start || s > data.cutoff {
                excl("start_outside_data");
                continue;
            }
            let e = end_of(p);
            if e < s {
                excl("left_before_start");
                continue;
            }
            let Some(x) = cov_values(p, s) else {
                excl("missing_covariate");
                continue;
            };
            units.push(Unit {
                treated: true,
                from: s,
                to: e,
                covariates: x,
            });
            ids.push(&p.person_id);
        }
        counts.participants = n_part;
        let mut starts: Vec<NaiveDate> = units.iter().map(|u| u.from).collect();
        starts.sort();

        // comparison
        let mut n_comp = 0;
        for (i, p) in persons.rows.iter().enumerate() {
            if p.covariates[part_col] == Some(1.0) {
                continue;
            }
            if !spec.programme_districts.is_empty()
                && p.district
                    .as_ref()
                    .is_none_or(|d| spec.programme_districts.contains(d))
            {
                excl("in_programme_district");
                continue;
            }
            n_comp += 1;
            let Some(b) = p.birth_date else {
                excl("no_birth_date");
                continue;
            };
            let e = end_of(p);
            let adult = birthday(b, 18).unwrap_or(NaiveDate::MAX);
            let lo = starts.partition_point(|&s| s < b);
            let hi = starts.partition_point(|&s| s < adult && s <= e);
            if hi <= lo {
                excl("no_eligible_start");
                continue;
            }
            let mut rng = ChaCha8Rng::seed_from_u64(
                self.seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            let s = starts[rng.random_range(lo..hi)];
            let Some(x) = cov_values(p, s) else {
                excl("missing_covariate");
                continue;
            };
            units.push(Unit {
                treated: false,
                from: s,
                to: e,
                covariates: x,
            });
            ids.push(&p.person_id);
        }
        counts.comparison = n_comp;
        counts.excluded = excluded;
        counts.used_participants = units.iter().filter(|u| u.treated).count();
        counts.used_comparison = units.len() - counts.used_participants;
        if counts.used_participants == 0 || counts.used_comparison == 0 {
            return Err(Error::analysis(format!(
                "the cost effect needs participants and a comparison group; {} participants and {} comparison persons are left (left out: {:?})",
                counts.used_participants, counts.used_comparison, counts.excluded
            )));
        }

        // costs per window, split at year ends
        let mut windows = Vec::new();
        let mut piece_unit = Vec::new();
        let mut piece_year = Vec::new();
        for (k, u) in units.iter().enumerate() {
            for (y, a, z) in year_pieces(u.from, u.to) {
                windows.push(PersonWindow {
                    person_id: ids[k].to_string(),
                    from: a,
                    to: z,
                });
                piece_unit.push(k);
                piece_year.push(y);
            }
        }
        let fit = self
            .costs
            .clone()
            .periods(Periods::Windows(windows))
            .fit(data)?;
        let account = known_name(&data.staircase, &spec.programme_account)
            .unwrap_or_else(|| spec.programme_account.trim().to_string());
        let n = units.len();
        let (mut m, mut pc, mut t) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        let mut years: BTreeMap<i32, CostEffectYear> = BTreeMap::new();
        for (r, (&k, &y)) in fit.rows.iter().zip(piece_unit.iter().zip(&piece_year)) {
            let prog = r.by_measure.get(&account).copied().unwrap_or(0.0);
            pc[k] += prog;
            m[k] += r.total - prog;
            t[k] += r.person_years;
            if units[k].treated {
                let e = years.entry(y).or_insert(CostEffectYear {
                    year: y,
                    programme_spending: 0.0,
                    programme_unallocated: 0.0,
                    participant_years: 0.0,
                    gross_savings: 0.0,
                });
                e.programme_spending += prog;
                e.participant_years += r.person_years;
            }
        }
        let mut warnings = fit.warnings.clone();
        if fit.source == CostSource::Ledger {
            // the account's lines without a person, by year, at the chosen prices
            let idx: HashMap<i32, f64> = years
                .keys()
                .filter_map(|&y| fit_factor(&self.costs, y).map(|f| (y, f)))
                .collect();
            for c in &data.costs.rows {
                if c.person_id.is_none()
                    && c.month.first_day() <= data.cutoff
                    && known_name(&data.staircase, &c.measure).as_deref() == Some(&account)
                {
                    if let (Some(e), Some(f)) =
                        (years.get_mut(&c.month.year), idx.get(&c.month.year))
                    {
                        e.programme_unallocated += c.amount * f;
                    }
                }
            }
        }
        if !fit.totals.by_measure.contains_key(&account) {
            warnings.push(format!(
                "no costs on the programme account \"{account}\" in {}; the programme's cost is 0",
                table_file(
                    data,
                    if fit.source == CostSource::Ledger {
                        TableKind::Costs
                    } else {
                        TableKind::Episodes
                    },
                    "the data"
                )
            ));
        }

        let treated: Vec<bool> = units.iter().map(|u| u.treated).collect();
        let names: Vec<&str> = spec.covariates.iter().map(String::as_str).collect();
        let design = self.design;
        let total: Vec<f64> = m.iter().zip(&pc).map(|(a, b)| a + b).collect();
        let stat = |rows: &[usize], y: &[f64]| -> Result<(f64, f64, f64)> {
            let tr: Vec<f64> = rows
                .iter()
                .map(|&i| f64::from(u8::from(treated[i])))
                .collect();
            let tb: Vec<bool> = rows.iter().map(|&i| treated[i]).collect();
            let x: Vec<(&str, Vec<f64>)> = names
                .iter()
                .enumerate()
                .map(|(c, n)| (*n, rows.iter().map(|&i| units[i].covariates[c]).collect()))
                .collect();
            let score = propensity_scores(&tr, &x)?;
            let w = Ipw::new(Estimand::Att).raw_weights(&score.fitted, &tb);
            let (mut s1, mut t1, mut s0, mut t0) = (0.0, 0.0, 0.0, 0.0);
            for (k, &i) in rows.iter().enumerate() {
                if treated[i] {
                    s1 += y[i];
                    t1 += t[i];
                } else {
                    s0 += w[k] * y[i];
                    t0 += w[k] * t[i];
                }
            }
            if !(t1 > 0.0 && t0 > 0.0) {
                return Err(Error::analysis("no child-years in a group"));
            }
            let rate0 = match design {
                CostDesign::Weighting => s0 / t0,
                CostDesign::DoublyRobust => {
                    // the comparison group's cost per child-year on the covariates
                    let ctrl: Vec<usize> = rows.iter().copied().filter(|&i| !treated[i]).collect();
                    let mut cols: Vec<(&str, Vec<f64>)> =
                        vec![("(Intercept)", vec![1.0; ctrl.len()])];
                    for (c, n) in names.iter().enumerate() {
                        cols.push((*n, ctrl.iter().map(|&i| units[i].covariates[c]).collect()));
                    }
                    let rate: Vec<f64> = ctrl.iter().map(|&i| y[i] / t[i]).collect();
                    let wt: Vec<f64> = ctrl.iter().map(|&i| t[i]).collect();
                    let fit = wls(&cols, &rate, &wt, &Covariance::Classical, 0.95)?;
                    let m = |i: usize| {
                        fit.coefficients[0].coef
                            + (0..names.len())
                                .map(|c| fit.coefficients[c + 1].coef * units[i].covariates[c])
                                .sum::<f64>()
                    };
                    let (mut pred1, mut resid0) = (0.0, 0.0);
                    for (k, &i) in rows.iter().enumerate() {
                        if treated[i] {
                            pred1 += t[i] * m(i);
                        } else {
                            resid0 += w[k] * (y[i] - t[i] * m(i));
                        }
                    }
                    pred1 / t1 + resid0 / t0
                }
            };
            Ok((s1 / t1 - rate0, s1 / t1, rate0))
        };
        let all: Vec<usize> = (0..n).collect();
        let (effect_m, rate1_m, rate0_m) = stat(&all, &m)?;
        let (effect_t, _, _) = stat(&all, &total)?;
        let strata: Vec<u32> = treated.iter().map(|&b| u32::from(b)).collect();
        let boot = Bootstrap::new(self.replicates)
            .seed(self.seed)
            .ci_level(self.ci_level);
        let bm = boot.run(n, Some(&strata), effect_m, |rows| {
            stat(rows, &m).map(|r| r.0)
        })?;
        let bt = boot.run(n, Some(&strata), effect_t, |rows| {
            stat(rows, &total).map(|r| r.0)
        })?;

        let t1: f64 = (0..n).filter(|&i| treated[i]).map(|i| t[i]).sum();
        let t0: f64 = (0..n).filter(|&i| !treated[i]).map(|i| t[i]).sum();
        let m0: f64 = (0..n).filter(|&i| !treated[i]).map(|i| m[i]).sum();
        let prog1: f64 = (0..n).filter(|&i| treated[i]).map(|i| pc[i]).sum();
        if spec.end_column.is_none() {
            warnings.push(
                "no moving-out date column: children are followed to the cut-off (or the age limit) unless an episode ended with moved, so child-years after an unrecorded move count with no costs"
                    .into(),
            );
        }
        let years: Vec<CostEffectYear> = years
            .into_values()
            .map(|mut y| {
                y.gross_savings = -effect_m * y.participant_years;
                y
            })
            .collect();
        Ok(CostEffectFit {
            estimand: "ATT".into(),
            method: match self.design {
                CostDesign::Weighting => "ipw".into(),
                CostDesign::DoublyRobust => "aipw".into(),
            },
            source: fit.source,
            prices: fit.prices.clone(),
            estimate: effect_m,
            std_error: bm.std_error,
            ci: bm.percentile_ci,
            ci_level: self.ci_level,
            std_error_method: format!(
                "bootstrap, {} replicates within the two groups, refitting the propensity score (percentile interval)",
                self.replicates
            ),
            programme_cost_per_child_year: prog1 / t1,
            total_effect: CostEstimate {
                estimate: effect_t,
                std_error: bt.std_error,
                ci: bt.percentile_ci,
                ci_level: self.ci_level,
            },
            participants_measure_cost_per_child_year: rate1_m,
            comparison_measure_cost_per_child_year: rate0_m,
            comparison_measure_cost_per_child_year_unweighted: m0 / t0,
            child_years: t1,
            comparison_child_years: t0,
            programme_cost: prog1,
            n: counts,
            replicates: self.replicates,
            failed_replicates: bm.failed.max(bt.failed),
            seed: self.seed,
            years,
            warnings,
        })
    }
}

fn fit_factor(costs: &CostParams, year: i32) -> Option<f64> {
    costs.price_factor(year)
}
