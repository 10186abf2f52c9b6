//! The evaluation plan: one TOML file that says which data to read, how its columns are
//! named, which staircase applies, what the intervention and its comparison are, the
//! follow-up windows, and how the report is titled and protected.
//!
//! Unknown keys are errors that name the key, so a misspelt setting never passes
//! silently. Relative file names are read relative to the plan's own folder.
//!
//! ```
//! let plan = indsats::plan::Plan::from_toml_str(r#"
//! [report]
//! title = "Tidlig indsats i skoledistrikterne"
//! municipality = "Eksempel Kommune"
//!
//! [data]
//! cutoff_date = 2024-12-31
//! episodes = { file = "episodes.csv", columns = { person_id = "Barn-ID", start_date = "Startdato" } }
//! "#, "plan.toml", std::path::Path::new(".")).unwrap();
//! assert_eq!(plan.report.small_cell_threshold, 5);
//! assert_eq!(plan.data.episodes.unwrap().columns["start_date"], "Startdato");
//!
//! let err = indsats::plan::Plan::from_toml_str("[report]\ntitel = \"x\"", "plan.toml",
//!     std::path::Path::new(".")).unwrap_err();
//! assert!(err.to_string().contains("titel"));
//! ```

use crate::data::{LoadOptions, PseudonymKey, Sources, TableSource};
use crate::error::{Error, Result};
use crate::staircase::{Account, Level, Measure, Staircase};
use crate::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The report's title, municipality, meeting, language and small-cell threshold.
    pub report: ReportSection,
    /// The data files and their column names.
    #[serde(default)]
    pub data: DataSection,
    /// A staircase that replaces the default Danish one.
    #[serde(default)]
    pub staircase: Option<StaircaseSection>,
    /// How identifiers are protected.
    #[serde(default)]
    pub identifiers: Option<IdentifiersSection>,
    /// The intervention evaluated and its comparison.
    #[serde(default)]
    pub intervention: Option<InterventionSection>,
    /// Follow-up windows for progression.
    #[serde(default)]
    pub follow_up: FollowUp,
    /// The effect evaluation: which design, on which outcome.
    #[serde(default)]
    pub effect: Option<EffectSection>,
    /// The economics of the intervention: what it cost, what it saved, who the costs
    /// fall on.
    #[serde(default)]
    pub economics: Option<EconomicsSection>,
    /// The effect over time: one section per `[[effect_over_time]]` block (a single
    /// `[effect_over_time]` table is one block), each naming its design.
    #[serde(default, deserialize_with = "one_or_many")]
    pub effect_over_time: Vec<EffectOverTimeSection>,
    /// The plan's folder: relative file names are read from here.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// The plan file as the user named it.
    #[serde(skip)]
    pub source: String,
}

/// `[report]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    /// The report's title.
    pub title: String,
    /// The municipality (kommune).
    pub municipality: String,
    /// The meeting it is for, e.g. `Temamøde i Børne- og Ungeudvalget, marts 2025`.
    #[serde(default)]
    pub meeting: Option<String>,
    /// Language of the text: `da` (default) or `en`.
    #[serde(default)]
    pub lang: Lang,
    /// Counts of persons under this are shown as `<N` (default 5).
    #[serde(default = "default_threshold")]
    pub small_cell_threshold: usize,
}

fn default_threshold() -> usize {
    5
}

/// `[data]`: the files, each with an optional column mapping.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    /// The data's extraction date: ongoing episodes are followed until here, and later
    /// dates are flagged. Without it, the last date in the data is used.
    #[serde(default, deserialize_with = "opt_date")]
    pub cutoff_date: Option<NaiveDate>,
    /// The first day the data cover (episodes that ended before it are not in the
    /// extract). Without it, the first ledger month is used, or the first episode start.
    #[serde(default, deserialize_with = "opt_date")]
    pub start_date: Option<NaiveDate>,
    /// Persons.
    #[serde(default)]
    pub persons: Option<TableSource>,
    /// Episodes.
    #[serde(default)]
    pub episodes: Option<TableSource>,
    /// Assessments.
    #[serde(default)]
    pub assessments: Option<TableSource>,
    /// The monthly ledger.
    #[serde(default)]
    pub costs: Option<TableSource>,
    /// Outcomes.
    #[serde(default)]
    pub outcomes: Option<TableSource>,
}

/// `[staircase]`: a file, or levels and measures written inline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaircaseSection {
    /// A staircase file (`[[level]]` and `[[measure]]` tables).
    #[serde(default)]
    pub file: Option<String>,
    /// Levels written inline.
    #[serde(default)]
    pub level: Vec<Level>,
    /// Measures written inline.
    #[serde(default)]
    pub measure: Vec<Measure>,
    /// Ledger accounts that are not measures, written inline.
    #[serde(default)]
    pub account: Vec<Account>,
}

/// `[identifiers]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentifiersSection {
    /// A key file: CPR-like identifiers are replaced by keyed pseudonyms (HMAC-SHA-256).
    /// Without it, CPR-like identifiers are refused.
    #[serde(default)]
    pub key_file: Option<String>,
}

/// What the intervention is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Children in the districts without the intervention.
    #[default]
    OtherDistricts,
    /// The same children before and after.
    BeforeAfter,
    /// No comparison: describe only.
    None,
}

/// `[intervention]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterventionSection {
    /// Its name, e.g. `Tidlig indsats`.
    pub name: String,
    /// A sentence on what it is.
    #[serde(default)]
    pub description: Option<String>,
    /// The districts (as the persons table's `district` holds them) that have it.
    #[serde(default)]
    pub districts: Vec<String>,
    /// When each district started, `district = 2019-08-01`.
    #[serde(default, deserialize_with = "date_map")]
    pub start_dates: BTreeMap<String, NaiveDate>,
    /// The persons covariate (0/1) that marks who took part, where the data have one.
    #[serde(default)]
    pub participant_column: Option<String>,
    /// The comparison.
    #[serde(default)]
    pub comparison: Comparison,
}

/// The design of an effect evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    /// Participants before and after, no comparison group.
    Prepost,
    /// Participants against the comparison group, adjusted for baseline and covariates by
    /// regression.
    Ancova,
    /// Propensity-score matching (nearest neighbour, ATT).
    Matching,
    /// Inverse probability weighting.
    Weighting,
    /// Augmented IPW: weighting and outcome regression together.
    DoublyRobust,
}

/// `[effect]`: the effect of the intervention on a questionnaire score some months after
/// each child's start. Participants are marked by `intervention.participant_column`; the
/// comparison group is drawn from the districts without the intervention (when
/// `intervention.districts` is given and `comparison = "other_districts"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectSection {
    /// The design the report leads with; the others are shown beside it.
    pub design: Design,
    /// The instrument (default `sdq`).
    #[serde(default = "default_instrument")]
    pub instrument: String,
    /// Its scale (default `total_difficulties`).
    #[serde(default = "default_scale")]
    pub scale: String,
    /// The informant (default `parent`).
    #[serde(default = "default_informant")]
    pub informant: Option<String>,
    /// Months from the start to the outcome (default 12).
    #[serde(default = "default_effect_months")]
    pub months: u32,
    /// The persons date column with each participant's start (default: the start of their
    /// first measure).
    #[serde(default)]
    pub participant_start_column: Option<String>,
    /// Covariates: persons columns, and `age` and `female`, which indsats derives. The
    /// baseline score is always included.
    #[serde(default)]
    pub covariates: Vec<String>,
    /// Matching: the caliper in SDs of the propensity score (default 0.2).
    #[serde(default = "default_caliper")]
    pub caliper: Option<f64>,
    /// Matching: controls per participant (default 1).
    #[serde(default = "default_ratio")]
    pub ratio: usize,
    /// Matching: with replacement (default false).
    #[serde(default)]
    pub replace: bool,
    /// Weighting: leave out scores outside [trim, 1 − trim].
    #[serde(default)]
    pub trim: Option<f64>,
}

fn default_instrument() -> String {
    "sdq".into()
}
fn default_scale() -> String {
    "total_difficulties".into()
}
#[allow(clippy::unnecessary_wraps)]
fn default_informant() -> Option<String> {
    Some("parent".into())
}
fn default_effect_months() -> u32 {
    12
}
#[allow(clippy::unnecessary_wraps)]
fn default_caliper() -> Option<f64> {
    Some(0.2)
}
fn default_ratio() -> usize {
    1
}

/// `[economics]`: the economics of the intervention. The programme's own cost is the
/// ledger account `programme_account`; its effect on the cost of other measures per
/// child-year is estimated against the comparison group of `[effect]` (participants from
/// `effect.participant_start_column`, weighted on `effect.covariates`), and the two make
/// the business case year by year. The cost concentration (Lorenz curve, top shares) is
/// shown for `concentration_year`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicsSection {
    /// The ledger account (or measure) the programme's own cost is booked on.
    pub programme_account: String,
    /// The yearly discount rate of the business case (default the Ministry of Finance's
    /// socio-economic rate, 3.5 %).
    #[serde(default = "default_discount_rate")]
    pub discount_rate: f64,
    /// One-way sensitivity: each assumption scaled by ± this share (default 0.1).
    #[serde(default = "default_sensitivity")]
    pub sensitivity: f64,
    /// Bootstrap replicates for the cost effect's interval (default 499).
    #[serde(default = "default_replicates")]
    pub bootstrap: usize,
    /// The seed of the bootstrap (default 1).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// The year of the cost concentration (default: the last complete year).
    #[serde(default)]
    pub concentration_year: Option<i32>,
    /// The outcome the intervention's cost is divided by: `step_down` (a measure below
    /// placement that ends with a step down), or an outcome name in the outcomes table
    /// (e.g. `leaving_exam`: a value of 1 dated in the participant's time). None: no cost
    /// per outcome.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Covariates of the cost effect's propensity score (default: `[effect]`'s). A
    /// column may be written `logit(COLUMN)` for a share between 0 and 1.
    #[serde(default)]
    pub covariates: Option<Vec<String>>,
}

fn default_discount_rate() -> f64 {
    crate::economics::MINISTRY_OF_FINANCE_DISCOUNT_RATE
}
fn default_sensitivity() -> f64 {
    0.1
}
fn default_replicates() -> usize {
    499
}
fn default_seed() -> u64 {
    1
}

/// The design of an evaluation over time (`[effect_over_time] design = ...`).
///
/// The interrupted time series, the synthetic control, the staggered
/// difference-in-differences (Callaway and Sant'Anna's estimator for districts that start
/// at different times) and the two-way fixed-effects event study are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeDesign {
    /// Interrupted time series: a segmented regression of the monthly series on its trend
    /// before and after the interruption ([`crate::effects::Its`]).
    Its,
    /// Synthetic control: the municipality against a weighted mix of other municipalities
    /// on a yearly panel ([`crate::effects::SyntheticControl`]), with placebos in space.
    Synth,
    /// Staggered difference-in-differences: districts that started in different years
    /// against those not (yet) started, on a yearly panel of districts
    /// ([`crate::effects::StaggeredDid`], Callaway and Sant'Anna 2021).
    StaggeredDid,
    /// The two-way fixed-effects event study on the same yearly panel of districts: a
    /// coefficient per year since the start, the ends pooled if asked, and the joint test of
    /// the years before ([`crate::effects::EventStudy`]).
    EventStudy,
}

/// The comparison units of `design = "staggered_did"` (`control = ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaggeredControl {
    /// Units never treated (`first_treated` 0), as csdid's and R did's default.
    #[default]
    Never,
    /// Units never treated or not yet treated in the year compared.
    #[serde(alias = "not-yet")]
    NotYet,
}

impl StaggeredControl {
    /// The estimator's comparison group.
    pub fn group(self) -> crate::effects::ControlGroup {
        match self {
            StaggeredControl::Never => crate::effects::ControlGroup::NeverTreated,
            StaggeredControl::NotYet => crate::effects::ControlGroup::NotYetTreated,
        }
    }
}

/// The monthly series an evaluation over time follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeSeriesKind {
    /// Kroner booked in the ledger (`[data] costs`) per month, all measures or the
    /// `measures` named.
    #[default]
    Spending,
}

/// `[[effect_over_time]]`: did the course of a series change when the intervention began?
/// One block per design; a single `[effect_over_time]` table is read as one block.
///
/// ```text
/// [[effect_over_time]]
/// design = "its"            # interrupted time series
/// series = "spending"       # the ledger's kroner per month (default)
/// measures = ["familiebehandling"]   # optional: only these measures or accounts
/// interruption = "2018-01"  # first month after it (default: the earliest start date)
/// seasonal = 12             # month-of-year dummies (default 12; 0 for none)
/// hac_lags = 3              # Newey–West lags (default floor(4 (n/100)^(2/9)))
/// ```
/// Spending per child (dividing by the children living in the municipality each month)
/// is not offered: the persons table records no move-in or move-out dates, so those
/// children cannot be counted month by month.
///
/// The synthetic control follows a yearly panel of municipalities instead:
/// ```text
/// [[effect_over_time]]
/// design = "synth"
/// panel = { file = "municipality_panel.csv" }   # relative to the plan's folder
/// unit = "municipality"          # the unit column (default "municipality")
/// time = "year"                  # the period column, whole numbers (default "year")
/// outcome = "spending_per_child" # the outcome column
/// outcome_label = "udgifter pr. barn"  # optional: the outcome in words
/// outcome_label_en = "spending per child"  # optional: in words in an English report
/// outcome_unit = "kr."           # optional: written after its numbers
/// treated_unit = "synthby"       # our municipality, as the unit column writes it
/// treatment_time = 2018          # the first treated year
/// predictors = ["children"]      # optional: columns averaged over the years before
/// ```
/// The predictors are the outcome in each year before `treatment_time` and each named
/// column's mean over those years (as `indsats estimate synth`); V is optimised and every
/// donor is run as a placebo for the rank p-value.
///
/// The staggered difference-in-differences follows a yearly panel of districts that
/// started in different years (Callaway and Sant'Anna 2021, as csdid and R's did):
/// ```text
/// [[effect_over_time]]
/// design = "staggered_did"
/// panel = { file = "school_survey.csv" }   # relative to the plan's folder
/// unit = "district"              # the unit column (default "district")
/// time = "year"                  # the period column, whole numbers (default "year")
/// cohort = "first_treated"       # the first treated period, 0 = never (default "first_treated")
/// outcome = "wellbeing"          # the outcome column
/// outcome_label = "den sociale trivsel"  # optional: the outcome in words
/// outcome_unit = "point"         # optional: written after its numbers
/// control = "never"              # "never" (default, as csdid) or "not_yet"
/// bootstrap = 999                # replicates of the simultaneous band (default 999)
/// seed = 1                       # the bootstrap's and the deals' seed (default 1)
/// permutations = 999             # deals of the randomization test (default 999; 0: none)
/// ```
/// The section shows the overall effect (the simple aggregation) with its 95 % CI, the
/// randomization test of the effect and of the years before the start (the start years
/// dealt out again among the districts; with few districts per start year the analytic
/// interval and pre-test are unreliable, and the section leans on the deals), the cohorts,
/// the effect by years since the start with pointwise intervals and the simultaneous band,
/// and the two-way fixed-effects estimate when it disagrees.
///
/// The two-way fixed-effects event study reads the same panel and columns (`panel`, `unit`,
/// `time`, `cohort`, `outcome`, `outcome_label`, `outcome_unit`) and has its own keys:
/// ```text
/// [[effect_over_time]]
/// design = "event_study"
/// panel = { file = "school_survey.csv" }
/// outcome = "wellbeing"
/// reference = -1                 # the year since the start fixed at 0 (default -1)
/// bin_min = -4                   # optional: pool every year since the start ≤ -4
/// bin_max = 3                    # optional: pool every year since the start ≥ 3
/// permutations = 999             # deals of the randomization test (default 999; 0: none)
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectOverTimeSection {
    /// The design.
    pub design: TimeDesign,
    /// The series (default `spending`).
    #[serde(default)]
    pub series: TimeSeriesKind,
    /// Only these measures or ledger accounts (staircase ids or names as the ledger
    /// writes them); empty for all.
    #[serde(default)]
    pub measures: Vec<String>,
    /// Refused with a reason: see the type's docs.
    #[serde(default)]
    pub per_child: bool,
    /// The first month after the interruption; default the earliest
    /// `intervention.start_dates`.
    #[serde(default, deserialize_with = "opt_month")]
    pub interruption: Option<crate::data::YearMonth>,
    /// The seasonal period in months (default 12); 0 for no season dummies.
    #[serde(default = "default_seasonal")]
    pub seasonal: usize,
    /// Newey–West lags; default floor(4 (n/100)^(2/9)) for n months.
    #[serde(default)]
    pub hac_lags: Option<usize>,
    /// Synthetic control: the panel file (one row per unit and period).
    #[serde(default)]
    pub panel: Option<TableSource>,
    /// Synthetic control: the unit column (default `municipality`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Synthetic control: the period column (default `year`).
    #[serde(default)]
    pub time: Option<String>,
    /// Synthetic control: the outcome column.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Synthetic control: the outcome in words for the report, e.g. `udgifter pr. barn`
    /// (default the column's name).
    #[serde(default)]
    pub outcome_label: Option<String>,
    /// The outcome in words for an English report (default `outcome_label`), e.g.
    /// `spending per child`.
    #[serde(default)]
    pub outcome_label_en: Option<String>,
    /// Synthetic control: the outcome's unit, written after its numbers, e.g. `kr.`.
    #[serde(default)]
    pub outcome_unit: Option<String>,
    /// Synthetic control: the treated unit as the unit column writes it.
    #[serde(default)]
    pub treated_unit: Option<String>,
    /// Synthetic control: the first treated period.
    #[serde(default, deserialize_with = "opt_period")]
    pub treatment_time: Option<i64>,
    /// Synthetic control: columns averaged over the pre-treatment periods as predictors
    /// (besides the outcome in each pre-treatment period).
    #[serde(default)]
    pub predictors: Vec<String>,
    /// Staggered DiD: the column with each unit's first treated period, 0 for never
    /// (default `first_treated`).
    #[serde(default)]
    pub cohort: Option<String>,
    /// Staggered DiD: the comparison units (default `never`).
    #[serde(default)]
    pub control: Option<StaggeredControl>,
    /// Staggered DiD: multiplier-bootstrap replicates for the simultaneous band (default
    /// 999).
    #[serde(default, deserialize_with = "opt_replicates")]
    pub bootstrap: Option<usize>,
    /// Staggered DiD: the bootstrap's seed (default 1), also the seed of the sampled deals of
    /// the randomization test.
    #[serde(default, deserialize_with = "opt_seed")]
    pub seed: Option<u64>,
    /// Staggered DiD and event study: deals of the start dates among the districts for the
    /// randomization test (default 999; every distinct deal when there are no more; 0 for
    /// none).
    #[serde(default, deserialize_with = "opt_permutations")]
    pub permutations: Option<usize>,
    /// Event study: the reference year since the start, fixed at 0 (default -1).
    #[serde(default, deserialize_with = "opt_reference")]
    pub reference: Option<i64>,
    /// Event study: pool every year since the start at or below this.
    #[serde(default, deserialize_with = "opt_bin_min")]
    pub bin_min: Option<i64>,
    /// Event study: pool every year since the start at or above this.
    #[serde(default, deserialize_with = "opt_bin_max")]
    pub bin_max: Option<i64>,
}

impl EffectOverTimeSection {
    /// An interrupted time series on the ledger's kroner per month with the defaults.
    pub fn its() -> Self {
        EffectOverTimeSection {
            design: TimeDesign::Its,
            series: TimeSeriesKind::Spending,
            measures: Vec::new(),
            per_child: false,
            interruption: None,
            seasonal: default_seasonal(),
            hac_lags: None,
            panel: None,
            unit: None,
            time: None,
            outcome: None,
            outcome_label: None,
            outcome_label_en: None,
            outcome_unit: None,
            treated_unit: None,
            treatment_time: None,
            predictors: Vec::new(),
            cohort: None,
            control: None,
            bootstrap: None,
            seed: None,
            permutations: None,
            reference: None,
            bin_min: None,
            bin_max: None,
        }
    }

    /// A two-way fixed-effects event study of `outcome` on a panel file, with the columns
    /// `district`, `year` and `first_treated` and the defaults.
    pub fn event_study(panel: impl Into<String>, outcome: impl Into<String>) -> Self {
        EffectOverTimeSection {
            design: TimeDesign::EventStudy,
            ..Self::staggered_did(panel, outcome)
        }
    }

    /// A staggered difference-in-differences of `outcome` on a panel file, with the
    /// columns `district`, `year` and `first_treated` and the defaults.
    pub fn staggered_did(panel: impl Into<String>, outcome: impl Into<String>) -> Self {
        EffectOverTimeSection {
            design: TimeDesign::StaggeredDid,
            panel: Some(TableSource {
                file: panel.into(),
                columns: BTreeMap::new(),
            }),
            outcome: Some(outcome.into()),
            ..Self::its()
        }
    }

    /// A synthetic control of `outcome` for `treated_unit` from `treatment_time` on a
    /// panel file, with the columns `municipality` and `year`.
    pub fn synth(
        panel: impl Into<String>,
        outcome: impl Into<String>,
        treated_unit: impl Into<String>,
        treatment_time: i64,
    ) -> Self {
        EffectOverTimeSection {
            design: TimeDesign::Synth,
            panel: Some(TableSource {
                file: panel.into(),
                columns: BTreeMap::new(),
            }),
            outcome: Some(outcome.into()),
            treated_unit: Some(treated_unit.into()),
            treatment_time: Some(treatment_time),
            ..Self::its()
        }
    }

    /// The unit column (default `district` for the staggered DiD, else `municipality`).
    pub fn unit_column(&self) -> &str {
        self.unit.as_deref().unwrap_or(match self.design {
            TimeDesign::StaggeredDid | TimeDesign::EventStudy => "district",
            _ => "municipality",
        })
    }

    /// Event study: the reference year since the start (default -1).
    pub fn reference_time(&self) -> i64 {
        self.reference.unwrap_or(-1)
    }

    /// Staggered DiD and event study: the first-treated column (default `first_treated`).
    pub fn cohort_column(&self) -> &str {
        self.cohort.as_deref().unwrap_or("first_treated")
    }

    /// Staggered DiD: the comparison units (default never treated).
    pub fn control_units(&self) -> StaggeredControl {
        self.control.unwrap_or_default()
    }

    /// The outcome in words in `lang`: `outcome_label_en` in English when given, else
    /// `outcome_label`, else the outcome column's name.
    pub fn outcome_words(&self, lang: crate::Lang) -> Option<String> {
        let en = (lang == crate::Lang::En)
            .then(|| self.outcome_label_en.clone())
            .flatten();
        en.or_else(|| self.outcome_label.clone())
            .or_else(|| self.outcome.clone())
    }

    /// Staggered DiD: bootstrap replicates (default 999).
    pub fn bootstrap_replicates(&self) -> usize {
        self.bootstrap.unwrap_or(999)
    }

    /// Staggered DiD: the bootstrap's seed (default 1).
    pub fn bootstrap_seed(&self) -> u64 {
        self.seed.unwrap_or(1)
    }

    /// Staggered DiD and event study: the deals of the randomization test (default 999;
    /// `None` when the plan says 0).
    pub fn randomization_deals(&self) -> Option<usize> {
        match self.permutations {
            Some(0) => None,
            Some(b) => Some(b),
            None => Some(999),
        }
    }

    /// The period column (default `year`).
    pub fn time_column(&self) -> &str {
        self.time.as_deref().unwrap_or("year")
    }
}

/// A period: a whole number such as 2018.
fn opt_period<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<i64>, D::Error> {
    match Option::<toml::Value>::deserialize(d)? {
        None => Ok(None),
        Some(toml::Value::Integer(i)) => Ok(Some(i)),
        Some(other) => Err(serde::de::Error::custom(format!(
            "treatment_time must be a whole-number period such as 2018, not {other}"
        ))),
    }
}

/// A whole number ≥ 0 for `key`, or an error naming the key.
fn opt_whole<'de, D: Deserializer<'de>>(
    d: D,
    key: &str,
    example: &str,
) -> std::result::Result<Option<u64>, D::Error> {
    match Option::<toml::Value>::deserialize(d)? {
        None => Ok(None),
        Some(toml::Value::Integer(i)) if i >= 0 => Ok(Some(i as u64)),
        Some(other) => Err(serde::de::Error::custom(format!(
            "{key} must be a whole number of 0 or more such as {example}, not {other}"
        ))),
    }
}

fn opt_replicates<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<usize>, D::Error> {
    opt_whole(d, "bootstrap", "999").map(|v| v.map(|v| usize::try_from(v).unwrap_or(usize::MAX)))
}

fn opt_seed<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<u64>, D::Error> {
    opt_whole(d, "seed", "1")
}

fn opt_permutations<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<usize>, D::Error> {
    opt_whole(d, "permutations", "999").map(|v| v.map(|v| usize::try_from(v).unwrap_or(usize::MAX)))
}

/// A whole number (negative allowed) for `key`, or an error naming the key.
fn opt_int<'de, D: Deserializer<'de>>(
    d: D,
    key: &str,
    example: &str,
) -> std::result::Result<Option<i64>, D::Error> {
    match Option::<toml::Value>::deserialize(d)? {
        None => Ok(None),
        Some(toml::Value::Integer(i)) => Ok(Some(i)),
        Some(other) => Err(serde::de::Error::custom(format!(
            "{key} must be a whole number of years since the start such as {example}, not {other}"
        ))),
    }
}

fn opt_reference<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<i64>, D::Error> {
    opt_int(d, "reference", "-1")
}

fn opt_bin_min<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<i64>, D::Error> {
    opt_int(d, "bin_min", "-4")
}

fn opt_bin_max<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<i64>, D::Error> {
    opt_int(d, "bin_max", "3")
}

/// One table or an array of tables.
fn one_or_many<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<EffectOverTimeSection>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Many(Vec<toml::Table>),
        One(toml::Table),
    }
    let tables = match Shape::deserialize(d)? {
        Shape::Many(v) => v,
        Shape::One(t) => vec![t],
    };
    let many = tables.len() > 1;
    tables
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            EffectOverTimeSection::deserialize(toml::Value::Table(t)).map_err(|e| {
                let msg = e.message().trim_end_matches('.').to_string();
                if many {
                    serde::de::Error::custom(format!("effect_over_time block {}: {msg}", i + 1))
                } else {
                    serde::de::Error::custom(msg)
                }
            })
        })
        .collect()
}

fn default_seasonal() -> usize {
    12
}

impl EffectOverTimeSection {
    /// The first month after the interruption: as given, or the month of the earliest
    /// start date of the intervention (checked with the plan, so a plan that parsed has
    /// one).
    pub fn interruption_month(
        &self,
        intervention: Option<&InterventionSection>,
    ) -> Option<crate::data::YearMonth> {
        self.interruption.or_else(|| {
            intervention
                .and_then(|i| i.start_dates.values().min())
                .map(|d| crate::data::YearMonth::of(*d))
        })
    }
}

/// A month written as `"2018-01"` (any form [`crate::data::parse_month`] reads) or a TOML
/// date (its month).
fn opt_month<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<crate::data::YearMonth>, D::Error> {
    let v = Option::<toml::Value>::deserialize(d)?;
    v.map(|v| {
        let text = match v {
            toml::Value::String(s) => s,
            toml::Value::Datetime(d) => d.to_string(),
            other => {
                return Err(format!(
                    "expected a month such as \"2018-01\", found {other}"
                ))
            }
        };
        crate::data::parse_month(&text)
            .or_else(|| {
                crate::data::parse_date(&text).map(|d| {
                    let m = crate::data::YearMonth::of(d);
                    (m.year, m.month)
                })
            })
            .map(|(year, month)| crate::data::YearMonth { year, month })
            .ok_or_else(|| format!("\"{text}\" is not a month (expected e.g. \"2018-01\")"))
    })
    .transpose()
    .map_err(serde::de::Error::custom)
}

/// `[follow_up]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// Months after baseline at which follow-ups are taken (default 6, 12, 24).
    #[serde(default = "default_windows")]
    pub windows_months: Vec<u32>,
    /// How many months either side of a window an assessment may fall (default 2).
    #[serde(default = "default_tolerance")]
    pub tolerance_months: u32,
    /// How many days before the start of a measure a baseline may lie (default 92).
    #[serde(default = "default_baseline_days")]
    pub baseline_days: u32,
    /// How many days after the start an intake assessment may still be the baseline
    /// (default 0).
    #[serde(default)]
    pub baseline_days_after: u32,
}

fn default_baseline_days() -> u32 {
    92
}

impl FollowUp {
    /// The windows for the progression section (checked with the plan, so a plan that
    /// parsed has valid windows; the default windows stand in only for a hand-built
    /// `FollowUp` that is not).
    pub fn windows(&self) -> crate::progress::Windows {
        crate::progress::Windows::new(self.windows_months.clone(), self.tolerance_months)
            .unwrap_or_default()
            .baseline_days(self.baseline_days)
            .baseline_days_after(self.baseline_days_after)
    }
}

fn default_windows() -> Vec<u32> {
    vec![6, 12, 24]
}

fn default_tolerance() -> u32 {
    2
}

impl Default for FollowUp {
    fn default() -> Self {
        FollowUp {
            windows_months: default_windows(),
            tolerance_months: default_tolerance(),
            baseline_days: default_baseline_days(),
            baseline_days_after: 0,
        }
    }
}

/// A date written as a TOML date (`2024-12-31`) or a string (`"31-12-2024"`).
fn date_value(v: toml::Value) -> std::result::Result<NaiveDate, String> {
    let text = match v {
        toml::Value::String(s) => s,
        toml::Value::Datetime(d) => d.to_string(),
        other => return Err(format!("expected a date such as 2024-12-31, found {other}")),
    };
    crate::data::parse_date(&text)
        .ok_or_else(|| format!("{text} is not a date (expected e.g. 2024-12-31)"))
}

fn opt_date<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<NaiveDate>, D::Error> {
    let v = Option::<toml::Value>::deserialize(d)?;
    v.map(date_value)
        .transpose()
        .map_err(serde::de::Error::custom)
}

fn date_map<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<String, NaiveDate>, D::Error> {
    let m = BTreeMap::<String, toml::Value>::deserialize(d)?;
    m.into_iter()
        .map(|(k, v)| {
            date_value(v)
                .map(|d| (k.clone(), d))
                .map_err(|e| format!("start_dates.{k}: {e}"))
        })
        .collect::<std::result::Result<_, _>>()
        .map_err(serde::de::Error::custom)
}

impl Plan {
    /// Reads and checks a plan file.
    ///
    /// # Errors
    /// The file cannot be read, is not TOML, has an unknown key or a value out of range.
    pub fn from_file(path: &Path) -> Result<Plan> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Plan::from_toml_str(&text, &path.display().to_string(), &base)
    }

    /// Reads and checks a plan from text; `base_dir` is where relative files are read.
    ///
    /// # Errors
    /// Not TOML, an unknown key (named), a value out of range.
    pub fn from_toml_str(text: &str, source: &str, base_dir: &Path) -> Result<Plan> {
        let mut plan: Plan = toml::from_str(text).map_err(|e| {
            let place = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: ")
                })
                .unwrap_or_default();
            Error::plan(
                source,
                format!("{place}{}", e.message().trim_end_matches('.')),
            )
        })?;
        plan.base_dir = base_dir.to_path_buf();
        plan.source = source.to_string();
        plan.check()?;
        Ok(plan)
    }

    fn check(&self) -> Result<()> {
        let err = |m: String| Err(Error::plan(&self.source, m));
        if self.report.title.trim().is_empty() {
            return err("report.title is empty".into());
        }
        if self.report.small_cell_threshold == 0 {
            return err(
                "report.small_cell_threshold must be at least 1 (5 is the usual rule)".into(),
            );
        }
        if let Err(e) = crate::progress::Windows::new(
            self.follow_up.windows_months.clone(),
            self.follow_up.tolerance_months,
        ) {
            return err(format!("follow_up: {e}"));
        }
        if let Some(i) = &self.intervention {
            for d in i.start_dates.keys() {
                if !i.districts.is_empty() && !i.districts.contains(d) {
                    return err(format!(
                        "intervention.start_dates names district \"{d}\", which is not in intervention.districts"
                    ));
                }
            }
        }
        if let Some(e) = &self.effect {
            let Some(i) = &self.intervention else {
                return err(
                    "[effect] needs an [intervention] section that names participant_column".into(),
                );
            };
            if i.participant_column.is_none() {
                return err("[effect]: intervention.participant_column must name the persons column (0/1) that marks participants".into());
            }
            if e.months == 0 {
                return err("effect.months must be at least 1".into());
            }
            if e.caliper.is_some_and(|c| !(c > 0.0 && c.is_finite())) {
                return err(
                    "effect.caliper must be a positive number of standard deviations".into(),
                );
            }
            if e.ratio == 0 {
                return err("effect.ratio must be at least 1".into());
            }
            if e.trim.is_some_and(|t| !(t > 0.0 && t < 0.5)) {
                return err("effect.trim must lie between 0 and 0.5".into());
            }
        }
        if let Some(e) = &self.economics {
            if self.effect.is_none() {
                return err("[economics] needs an [effect] section: the comparison group and covariates of the cost effect come from it".into());
            }
            if e.programme_account.trim().is_empty() {
                return err("economics.programme_account must name the ledger account of the programme's cost".into());
            }
            if !(e.discount_rate.is_finite() && e.discount_rate > -1.0) {
                return err(format!(
                    "economics.discount_rate must be a fraction above -1 (0.035 for 3.5 %), not {}",
                    e.discount_rate
                ));
            }
            if !(e.sensitivity >= 0.0 && e.sensitivity < 1.0) {
                return err(format!(
                    "economics.sensitivity must lie in [0, 1), not {}",
                    e.sensitivity
                ));
            }
            if e.bootstrap < 2 {
                return err("economics.bootstrap must be at least 2 replicates".into());
            }
        }
        for o in &self.effect_over_time {
            if o.design == TimeDesign::Synth {
                self.check_synth(o)?;
                continue;
            }
            if matches!(o.design, TimeDesign::StaggeredDid | TimeDesign::EventStudy) {
                self.check_staggered(o)?;
                continue;
            }
            self.refuse_panel_keys(o, "the interrupted time series (design = \"its\")")?;
            let synth_only = [
                ("panel", o.panel.is_some()),
                ("unit", o.unit.is_some()),
                ("time", o.time.is_some()),
                ("outcome", o.outcome.is_some()),
                ("outcome_label", o.outcome_label.is_some()),
                ("outcome_label_en", o.outcome_label_en.is_some()),
                ("outcome_unit", o.outcome_unit.is_some()),
                ("treated_unit", o.treated_unit.is_some()),
                ("treatment_time", o.treatment_time.is_some()),
                ("predictors", !o.predictors.is_empty()),
            ];
            if let Some((key, _)) = synth_only.iter().find(|(_, given)| *given) {
                let owner = if matches!(*key, "treated_unit" | "treatment_time" | "predictors") {
                    "design = \"synth\""
                } else {
                    "design = \"synth\" and design = \"staggered_did\""
                };
                return err(format!("effect_over_time.{key} belongs to {owner}; the interrupted time series (design = \"its\") follows the ledger and does not use it"));
            }
            if o.per_child {
                return err("effect_over_time.per_child is not available: the persons table records no move-in or move-out dates, so the children living in the municipality cannot be counted month by month; leave it out to follow the kroner per month".into());
            }
            if o.series == TimeSeriesKind::Spending && self.data.costs.is_none() {
                return err("effect_over_time: series = \"spending\" follows the ledger's kroner per month; add the ledger, e.g. [data] costs = { file = \"costs.csv\" }".into());
            }
            if o.interruption_month(self.intervention.as_ref()).is_none() {
                return err("effect_over_time.interruption is missing, and there are no intervention.start_dates to take it from: add e.g. interruption = \"2018-01\" (the first month after it)".into());
            }
            if o.seasonal == 1 {
                return err("effect_over_time.seasonal must be 0 (no seasons) or a period of at least 2 (12 for the months of the year), not 1".into());
            }
            let mut seen = std::collections::BTreeSet::new();
            for m in &o.measures {
                if m.trim().is_empty() {
                    return err("effect_over_time.measures holds an empty name".into());
                }
                if !seen.insert(m.trim().to_lowercase()) {
                    return err(format!("effect_over_time.measures names \"{m}\" twice"));
                }
            }
        }
        if let Some(s) = &self.staircase {
            if s.file.is_some()
                && (!s.level.is_empty() || !s.measure.is_empty() || !s.account.is_empty())
            {
                return err(
                    "staircase: give either a file or inline levels and measures, not both".into(),
                );
            }
        }
        if self.data.persons.is_none()
            && self.data.episodes.is_none()
            && self.data.assessments.is_none()
            && self.data.costs.is_none()
            && self.data.outcomes.is_none()
        {
            return err(
                "data names no files: add e.g. [data.episodes] file = \"episodes.csv\"".into(),
            );
        }
        self.staircase()?;
        Ok(())
    }

    /// A key of the district-panel designs (staggered DiD, event study) in a block of a
    /// design that does not use it; `design` says that design in words.
    fn refuse_panel_keys(&self, o: &EffectOverTimeSection, design: &str) -> Result<()> {
        use TimeDesign::{EventStudy, StaggeredDid};
        let keys: [(&str, bool, &[TimeDesign], &str); 8] = [
            (
                "permutations",
                o.permutations.is_some(),
                &[StaggeredDid, EventStudy],
                "design = \"staggered_did\" and design = \"event_study\"",
            ),
            (
                "cohort",
                o.cohort.is_some(),
                &[StaggeredDid, EventStudy],
                "design = \"staggered_did\" and design = \"event_study\"",
            ),
            (
                "control",
                o.control.is_some(),
                &[StaggeredDid],
                "design = \"staggered_did\"",
            ),
            (
                "bootstrap",
                o.bootstrap.is_some(),
                &[StaggeredDid],
                "design = \"staggered_did\"",
            ),
            (
                "seed",
                o.seed.is_some(),
                &[StaggeredDid],
                "design = \"staggered_did\"",
            ),
            (
                "reference",
                o.reference.is_some(),
                &[EventStudy],
                "design = \"event_study\"",
            ),
            (
                "bin_min",
                o.bin_min.is_some(),
                &[EventStudy],
                "design = \"event_study\"",
            ),
            (
                "bin_max",
                o.bin_max.is_some(),
                &[EventStudy],
                "design = \"event_study\"",
            ),
        ];
        for (key, given, owners, owner) in keys {
            if given && !owners.contains(&o.design) {
                return Err(Error::plan(
                    &self.source,
                    format!("effect_over_time.{key} belongs to {owner}; {design} does not use it"),
                ));
            }
        }
        Ok(())
    }

    /// `design = "staggered_did"` and `design = "event_study"`: a yearly panel of districts.
    fn check_staggered(&self, o: &EffectOverTimeSection) -> Result<()> {
        let err = |m: String| Err(Error::plan(&self.source, m));
        let (name, uses) = if o.design == TimeDesign::EventStudy {
            ("event_study", "the event study (design = \"event_study\") uses panel, unit, time, cohort, outcome, reference, bin_min and bin_max")
        } else {
            ("staggered_did", "the staggered difference-in-differences (design = \"staggered_did\") uses panel, unit, time, cohort, outcome, control, bootstrap and seed")
        };
        self.refuse_panel_keys(o, uses.split(" uses ").next().unwrap_or(uses))?;
        let its_only = [
            ("measures", !o.measures.is_empty()),
            ("per_child", o.per_child),
            ("interruption", o.interruption.is_some()),
            ("hac_lags", o.hac_lags.is_some()),
        ];
        if let Some((key, _)) = its_only.iter().find(|(_, given)| *given) {
            return err(format!(
                "effect_over_time.{key} belongs to design = \"its\"; {uses}"
            ));
        }
        let synth_only = [
            ("treated_unit", o.treated_unit.is_some()),
            ("treatment_time", o.treatment_time.is_some()),
            ("predictors", !o.predictors.is_empty()),
        ];
        if let Some((key, _)) = synth_only.iter().find(|(_, given)| *given) {
            return err(format!(
                "effect_over_time.{key} belongs to design = \"synth\"; {uses} (each district's start is in the cohort column)"
            ));
        }
        match &o.panel {
            None => return err(format!("effect_over_time: design = \"{name}\" needs the panel of districts, e.g. panel = {{ file = \"school_survey.csv\" }}")),
            Some(p) if p.file.trim().is_empty() => {
                return err("effect_over_time.panel.file is empty".into())
            }
            Some(p) if !p.columns.is_empty() => {
                return err("effect_over_time.panel: name the panel's columns with unit, time, cohort and outcome, not panel.columns".into())
            }
            Some(_) => {}
        }
        match &o.outcome {
            None => return err(format!("effect_over_time: design = \"{name}\" needs outcome (the panel's outcome column, e.g. outcome = \"wellbeing\")")),
            Some(v) if v.trim().is_empty() => {
                return err("effect_over_time.outcome is empty".into())
            }
            Some(_) => {}
        }
        for (key, value) in [("unit", &o.unit), ("time", &o.time), ("cohort", &o.cohort)] {
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return err(format!("effect_over_time.{key} is empty"));
            }
        }
        let columns = [
            ("unit", o.unit_column()),
            ("time", o.time_column()),
            ("cohort", o.cohort_column()),
            ("outcome", o.outcome.as_deref().unwrap_or("")),
        ];
        for (i, (a, x)) in columns.iter().enumerate() {
            for (b, y) in &columns[i + 1..] {
                if x.trim().eq_ignore_ascii_case(y.trim()) {
                    return err(format!("effect_over_time.{a} and effect_over_time.{b} both name the column \"{x}\"; each needs its own column"));
                }
            }
        }
        if o.design == TimeDesign::EventStudy {
            if let Err(e) = crate::effects::EventStudy::new()
                .reference(o.reference_time())
                .bin_min(o.bin_min)
                .bin_max(o.bin_max)
                .check()
            {
                return err(format!(
                    "effect_over_time (reference, bin_min, bin_max): {e}"
                ));
            }
        }
        if o.bootstrap.is_some_and(|b| b < 2) {
            return err(format!(
                "effect_over_time.bootstrap must be at least 2 replicates (999 is usual), not {}",
                o.bootstrap.unwrap_or(0)
            ));
        }
        if let Some(b) = o.permutations.filter(|&b| b > 0 && b < 19) {
            return err(format!(
                "effect_over_time.permutations must be 0 (no randomization test) or at least 19 \
                 deals (999 is usual), not {b}"
            ));
        }
        Ok(())
    }

    fn check_synth(&self, o: &EffectOverTimeSection) -> Result<()> {
        let err = |m: String| Err(Error::plan(&self.source, m));
        self.refuse_panel_keys(o, "the synthetic control (design = \"synth\")")?;
        let its_only = [
            ("measures", !o.measures.is_empty()),
            ("per_child", o.per_child),
            ("interruption", o.interruption.is_some()),
            ("hac_lags", o.hac_lags.is_some()),
        ];
        if let Some((key, _)) = its_only.iter().find(|(_, given)| *given) {
            return err(format!("effect_over_time.{key} belongs to design = \"its\"; the synthetic control (design = \"synth\") uses panel, unit, time, outcome, treated_unit, treatment_time and predictors"));
        }
        match &o.panel {
            None => return err("effect_over_time: design = \"synth\" needs the panel of municipalities, e.g. panel = { file = \"municipality_panel.csv\" }".into()),
            Some(p) if p.file.trim().is_empty() => {
                return err("effect_over_time.panel.file is empty".into())
            }
            Some(p) if !p.columns.is_empty() => {
                return err("effect_over_time.panel: name the panel's columns with unit, time, outcome and predictors, not panel.columns".into())
            }
            Some(_) => {}
        }
        for (key, value) in [("outcome", &o.outcome), ("treated_unit", &o.treated_unit)] {
            match value {
                None => {
                    return err(format!(
                        "effect_over_time: design = \"synth\" needs {key}{}",
                        if key == "outcome" {
                            " (the panel's outcome column, e.g. outcome = \"spending_per_child\")"
                        } else {
                            " (our municipality as the unit column writes it, e.g. treated_unit = \"synthby\")"
                        }
                    ))
                }
                Some(v) if v.trim().is_empty() => {
                    return err(format!("effect_over_time.{key} is empty"))
                }
                Some(_) => {}
            }
        }
        for (key, value) in [("unit", &o.unit), ("time", &o.time)] {
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return err(format!("effect_over_time.{key} is empty"));
            }
        }
        if o.treatment_time.is_none() {
            return err("effect_over_time: design = \"synth\" needs treatment_time, the first treated period (e.g. treatment_time = 2018)".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        let fixed = [
            o.unit_column(),
            o.time_column(),
            o.outcome.as_deref().unwrap_or(""),
        ];
        for p in &o.predictors {
            if p.trim().is_empty() {
                return err("effect_over_time.predictors holds an empty name".into());
            }
            if !seen.insert(p.trim().to_lowercase()) {
                return err(format!("effect_over_time.predictors names \"{p}\" twice"));
            }
            if fixed.iter().any(|f| f.eq_ignore_ascii_case(p.trim())) {
                return err(format!("effect_over_time.predictors names \"{p}\", which is the unit, time or outcome column (the outcome before the treatment is always a predictor)"));
            }
        }
        Ok(())
    }

    /// A file name from the plan, resolved against the plan's folder. An Excel sheet
    /// suffix (`:Sheet`) is kept.
    pub fn resolve(&self, file: &str) -> String {
        let p = Path::new(file);
        if file.starts_with(crate::datasets::BUNDLED_PREFIX)
            || p.is_absolute()
            || self.base_dir.as_os_str().is_empty()
        {
            file.to_string()
        } else {
            self.base_dir.join(p).display().to_string()
        }
    }

    /// The data sources, with file names resolved.
    pub fn sources(&self) -> Sources {
        let fix = |t: &Option<TableSource>| {
            t.as_ref().map(|t| TableSource {
                file: self.resolve(&t.file),
                columns: t.columns.clone(),
            })
        };
        Sources {
            persons: fix(&self.data.persons),
            episodes: fix(&self.data.episodes),
            assessments: fix(&self.data.assessments),
            costs: fix(&self.data.costs),
            outcomes: fix(&self.data.outcomes),
        }
    }

    /// The staircase: the plan's own, or the default Danish one.
    ///
    /// # Errors
    /// The staircase file cannot be read or is invalid.
    pub fn staircase(&self) -> Result<Staircase> {
        match &self.staircase {
            None => Ok(Staircase::danish_default()),
            Some(StaircaseSection { file: Some(f), .. }) => {
                let path = self.resolve(f);
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                Staircase::from_toml_str(&text, &path)
            }
            Some(s) => Staircase::new(s.level.clone(), s.measure.clone())
                .and_then(|st| st.with_accounts(s.account.clone()))
                .map_err(|e| Error::plan(&self.source, format!("staircase: {e}"))),
        }
    }

    /// How to load the data: staircase, cut-off and pseudonymisation key.
    ///
    /// # Errors
    /// The staircase or the key file cannot be read.
    pub fn load_options(&self) -> Result<LoadOptions> {
        let key = match self.identifiers.as_ref().and_then(|i| i.key_file.as_ref()) {
            Some(f) => Some(PseudonymKey::from_file(Path::new(&self.resolve(f)))?),
            None => None,
        };
        Ok(LoadOptions {
            staircase: self.staircase()?,
            cutoff: self.data.cutoff_date,
            start: self.data.start_date,
            key,
            ..LoadOptions::default()
        })
    }
}
