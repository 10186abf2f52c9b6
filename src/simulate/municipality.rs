//! The simulated municipality: running the model over all persons, and its tables.

use super::assess::{self, item_names};
use super::catalogue::{is_placement, MeasureLabels, MEASURES};
use super::ledger::{self, account_name, Line};
use super::outcomes;
use super::panel::{self, PanelRow, TREATED_MUNICIPALITY};
use super::params::CheckedParams;
use super::person::{self, Baseline, Ctx, Ep};
use super::survey::{self, SurveyRow};
use super::truth::*;
use super::util::{date, day, global_rng, normal, person_rng, uniform, Day, Stream};
use crate::data::{
    Assessment, Assessments, CostEntry, Costs, Dataset, EndReason, Episode, Episodes, Outcome,
    Outcomes, Person, Persons, TableCount, TableKind, ValidationReport,
};
use crate::error::Result;
use crate::staircase::Staircase;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A synthetic municipality: its five tables, the municipality panel, and the truth.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// Persons, with covariates `risk_score`, `parental_education`, `single_parent` and
    /// `programme` (`programme_start` is a date, kept in [`Municipality::programme_start`]).
    pub persons: Persons,
    /// Episodes of measures and placements.
    pub episodes: Episodes,
    /// Questionnaires, wide.
    pub assessments: Assessments,
    /// The monthly ledger.
    pub costs: Costs,
    /// Outcomes.
    pub outcomes: Outcomes,
    /// Spending per child in ours and the comparison municipalities, by year.
    pub panel: Vec<PanelRow>,
    /// The school well-being survey: mean social well-being per district and year.
    pub survey: Vec<SurveyRow>,
    /// The planted effects and realised sample truths.
    pub truth: Truth,
    /// The data's extraction date.
    pub cutoff: NaiveDate,
    /// Programme enrolment date per person, aligned with `persons.rows`.
    pub programme_start: Vec<Option<NaiveDate>>,
}

/// Names of the persons table's numeric covariates, in column order.
pub const PERSON_COVARIATES: [&str; 4] = [
    "risk_score",
    "parental_education",
    "single_parent",
    "programme",
];

/// The file names [`Municipality::write_dir`] writes.
pub const FILES: [&str; 8] = [
    "persons.csv",
    "episodes.csv",
    "assessments.csv",
    "costs.csv",
    "outcomes.csv",
    "municipality_panel.csv",
    "school_survey.csv",
    "truth.json",
];

impl Municipality {
    /// The five tables as a [`Dataset`] on the default staircase, every row used.
    pub fn dataset(&self) -> Dataset {
        let count = |table: TableKind, file: &str, n: usize| TableCount {
            table,
            file: file.to_string(),
            rows_read: n,
            rows_used: n,
            excluded: BTreeMap::new(),
        };
        let validation = ValidationReport {
            tables: vec![
                count(TableKind::Persons, FILES[0], self.persons.rows.len()),
                count(TableKind::Episodes, FILES[1], self.episodes.rows.len()),
                count(
                    TableKind::Assessments,
                    FILES[2],
                    self.assessments.rows.len(),
                ),
                count(TableKind::Costs, FILES[3], self.costs.rows.len()),
                count(TableKind::Outcomes, FILES[4], self.outcomes.rows.len()),
            ],
            ..ValidationReport::default()
        };
        Dataset {
            persons: self.persons.clone(),
            episodes: self.episodes.clone(),
            assessments: self.assessments.clone(),
            costs: self.costs.clone(),
            outcomes: self.outcomes.clone(),
            staircase: Staircase::danish_default(),
            start: self.truth.start,
            cutoff: self.cutoff,
            validation,
        }
    }

    /// Writes the eight files (see [`FILES`]) into `dir`, creating it if needed.
    ///
    /// # Errors
    /// [`crate::ErrorKind::Io`] naming the file that could not be written.
    pub fn write_dir(&self, dir: &Path) -> Result<()> {
        super::write::write_dir(self, dir)
    }
}

/// Per-person facts the truth is built from.
#[derive(Debug, Default, Clone)]
struct Stats {
    district: u16,
    enrolled: bool,
    programme_district: bool,
    risk: f64,
    child: bool,
    with_episode: bool,
    placed: bool,
    placement_days: [f64; 4],
    child_years: f64,
    cost: [f64; 2],
    programme_cost: f64,
    placement_days_post: [f64; 2],
    step_downs: [usize; 2],
    placement_exits: [usize; 2],
    sdq_12m: Option<f64>,
    pupil: survey::Pupil,
}

struct PersonOut {
    person: Person,
    enrol: Option<NaiveDate>,
    episodes: Vec<Episode>,
    assessments: Vec<Assessment>,
    lines: Vec<Line>,
    outcomes: Vec<Outcome>,
    stats: Stats,
}

fn district_name(d: usize) -> String {
    format!("D{:02}", d + 1)
}

fn id_width(n: usize) -> usize {
    n.to_string().len().max(6)
}

/// Builds the shared context from checked params.
pub(crate) fn context(p: &CheckedParams) -> Ctx {
    let mut rng = global_rng(p.seed(), 0);
    let n = p.districts();
    let sizes: Vec<f64> = (0..n).map(|_| 0.6 + 0.8 * uniform(&mut rng)).collect();
    let total: f64 = sizes.iter().sum();
    let mut acc = 0.0;
    let mut district_cum: Vec<f64> = sizes
        .iter()
        .map(|s| {
            acc += s / total;
            acc
        })
        .collect();
    *district_cum.last_mut().expect("at least two districts") = 1.0;
    let mut programme_start = vec![None; n];
    for r in p.programme() {
        programme_start[r.district - 1] = Some(day(r.start));
    }
    // districts chosen for the programme have somewhat higher need
    let district_effect = (0..n)
        .map(|d| {
            0.3 * normal(&mut rng)
                + if programme_start[d].is_some() {
                    0.2
                } else {
                    0.0
                }
        })
        .collect();
    Ctx {
        seed: p.seed(),
        start: day(p.start()),
        cutoff: day(p.cutoff()),
        district_cum,
        district_effect,
        programme_start,
        reach_logit: super::util::logit(p.programme_reach()),
        selection: p.programme_selection(),
        programme_months: p.programme_months(),
        programme_cost_per_day: p.programme_cost_per_year() / 365.0,
        hr_down: p.step_down_hazard_ratio(),
        hr_place: p.placement_end_hazard_ratio(),
        sdq_effect: p.sdq_effect(),
    }
}

/// Totals over the days from `from` to `to` for the counterfactual comparison: measure
/// cost, placement days, step downs from non-placement levels, exits from placement.
fn post_totals(eps: &[Ep], from: Day, to: Day) -> (f64, f64, usize, usize) {
    let (mut cost, mut pdays, mut downs, mut exits) = (0.0, 0.0, 0, 0);
    let main: Vec<&Ep> = eps.iter().filter(|e| e.chain > 0).collect();
    for ep in eps {
        let a = ep.start.max(from);
        let z = ep.end.unwrap_or(to).min(to);
        if z >= a {
            let days = (z - a + 1) as f64;
            cost += ep.daily_cost * days;
            if is_placement(ep.level()) {
                pdays += days;
            }
        }
    }
    for (i, ep) in main.iter().enumerate() {
        let Some(end) = ep.end.filter(|&e| e >= from && e <= to) else {
            continue;
        };
        let next_level = main
            .get(i + 1)
            .filter(|n| n.start == end + 1)
            .map(|n| n.level());
        match (is_placement(ep.level()), ep.reason) {
            (false, Some(EndReason::StepDown)) => downs += 1,
            (true, Some(EndReason::Home)) => exits += 1,
            (true, Some(EndReason::StepDown)) if next_level.is_some_and(|l| !is_placement(l)) => {
                exits += 1
            }
            _ => {}
        }
    }
    (cost, pdays, downs, exits)
}

fn simulate_person(i: usize, ctx: &Ctx, labels: &MeasureLabels, width: usize) -> PersonOut {
    let pid = format!("P{:0width$}", i + 1);
    let mut rng = person_rng(ctx.seed, i, Stream::Baseline);
    let b: Baseline = person::baseline(ctx, &mut rng);
    let mut rng = person_rng(ctx.seed, i, Stream::Trajectory);
    let eps = person::trajectory(&b, ctx, true, &mut rng);
    let end_obs = b.end_obs(ctx);

    let mut stats = Stats {
        district: b.district as u16,
        enrolled: b.enrol.is_some(),
        programme_district: ctx.programme_start[b.district].is_some(),
        risk: b.risk,
        child: b.res_start.max(ctx.start) < b.age18,
        pupil: survey::Pupil {
            district: b.district as u16,
            birth: b.birth,
            res_start: b.res_start,
            leave: b.leave,
            risk: b.risk,
        },
        ..Stats::default()
    };
    if let Some(e) = b.enrol {
        let mut rng = person_rng(ctx.seed, i, Stream::Trajectory);
        let cf = person::trajectory(&b, ctx, false, &mut rng);
        let f = post_totals(&eps, e, end_obs);
        let c = post_totals(&cf, e, end_obs);
        stats.child_years = (end_obs - e + 1) as f64 / 365.25;
        stats.cost = [f.0, c.0];
        stats.placement_days_post = [f.1, c.1];
        stats.step_downs = [f.2, c.2];
        stats.placement_exits = [f.3, c.3];
        let z = ledger::programme_last_day(&b, e, ctx);
        stats.programme_cost = (z - e + 1).max(0) as f64 * ctx.programme_cost_per_day;
    }

    // episodes in the window
    let in_window: Vec<&Ep> = eps
        .iter()
        .filter(|e| e.end.is_none_or(|d| d >= ctx.start))
        .collect();
    let mut episodes = Vec::with_capacity(in_window.len());
    let mut ordered = in_window.clone();
    ordered.sort_by_key(|e| (e.start, e.chain == 0));
    for ep in ordered {
        stats.with_episode = true;
        let level = ep.level();
        if is_placement(level) {
            stats.placed = true;
            if let Some((a, z)) = ledger::window_days(ep, ctx) {
                stats.placement_days[(level - 3) as usize] += (z - a + 1) as f64;
            }
        }
        episodes.push(Episode {
            person_id: pid.clone(),
            measure: MEASURES[ep.measure as usize].id.to_string(),
            level: labels.level[ep.measure as usize].to_string(),
            legal_basis: labels.legal_basis[ep.measure as usize].clone(),
            provider: Some(ep.provider),
            start_date: date(ep.start),
            end_date: ep.end.map(date),
            end_reason: ep.reason,
            daily_cost: Some(ep.daily_cost),
            monthly_cost: None,
            row: 0,
        });
    }

    let mut lines = Vec::new();
    ledger::person_lines(i as u32, &b, &eps, ctx, &mut lines);

    let mut assessments = Vec::new();
    let mut rng = person_rng(ctx.seed, i, Stream::Assessments);
    let sdq = assess::assessments(&pid, &b, &eps, ctx, &mut rng, &mut assessments);
    stats.sdq_12m = sdq.realised_12m;

    let mut outs = Vec::new();
    let mut rng = person_rng(ctx.seed, i, Stream::Outcomes);
    outcomes::outcomes(&pid, &b, ctx, &mut rng, &mut outs);

    let enrol = b.enrol.map(date);
    let person = Person {
        person_id: pid,
        birth_date: Some(date(b.birth)),
        birth_year: Some(date(b.birth).year()),
        sex: Some(b.sex),
        district: Some(district_name(b.district)),
        covariates: vec![
            Some(b.risk),
            Some(b.parental_education as f64),
            Some(b.single_parent as u8 as f64),
            Some(enrol.is_some() as u8 as f64),
        ],
        dates: vec![enrol],
        row: 0,
    };
    PersonOut {
        person,
        enrol,
        episodes,
        assessments,
        lines,
        outcomes: outs,
        stats,
    }
}

/// Runs the model: every person in parallel on its own random streams, then the ledger's
/// unallocated lines, the panel and the truth.
pub(crate) fn run(p: &CheckedParams) -> Municipality {
    let ctx = context(p);
    let labels = MeasureLabels::from_staircase(&Staircase::danish_default());
    let width = id_width(p.persons());
    let outs: Vec<PersonOut> = (0..p.persons())
        .into_par_iter()
        .map(|i| simulate_person(i, &ctx, &labels, width))
        .collect();

    let mut persons = Persons {
        covariate_names: PERSON_COVARIATES.iter().map(|s| s.to_string()).collect(),
        date_names: vec!["programme_start".to_string()],
        rows: Vec::with_capacity(outs.len()),
    };
    // reserve once: the tables are large, and growing them by doubling copies them over
    let total = |f: fn(&PersonOut) -> usize| outs.iter().map(f).sum::<usize>();
    let mut episodes = Episodes {
        rows: Vec::with_capacity(total(|o| o.episodes.len())),
    };
    let mut assessments = Assessments {
        item_names: item_names(),
        rows: Vec::with_capacity(total(|o| o.assessments.len())),
    };
    let mut outcomes = Outcomes {
        rows: Vec::with_capacity(total(|o| o.outcomes.len())),
    };
    let mut lines: Vec<Line> = Vec::with_capacity(total(|o| o.lines.len()) + 2048);
    let mut stats = Vec::with_capacity(outs.len());
    let mut programme_start = Vec::with_capacity(outs.len());
    for o in outs {
        persons.rows.push(o.person);
        programme_start.push(o.enrol);
        episodes.rows.extend(o.episodes);
        assessments.rows.extend(o.assessments);
        outcomes.rows.extend(o.outcomes);
        lines.extend(o.lines);
        stats.push(o.stats);
    }
    let district: Vec<u16> = stats.iter().map(|s| s.district).collect();
    let unallocated = ledger::unallocated(&lines, &district, p.districts(), &ctx);
    lines.extend(unallocated);
    lines.par_sort_by_key(|l| (l.month, l.person, l.account));
    let mut costs = Costs {
        rows: lines
            .par_iter()
            .map(|l| CostEntry {
                month: ledger::key_month(l.month),
                measure: account_name(l.account).to_string(),
                person_id: (l.person != u32::MAX)
                    .then(|| persons.rows[l.person as usize].person_id.clone()),
                amount: l.amount,
                row: 0,
            })
            .collect(),
    };
    number_rows(&mut persons.rows, |r, n| r.row = n);
    number_rows(&mut episodes.rows, |r, n| r.row = n);
    number_rows(&mut assessments.rows, |r, n| r.row = n);
    number_rows(&mut outcomes.rows, |r, n| r.row = n);
    number_rows(&mut costs.rows, |r, n| r.row = n);

    let (panel, donor_weights) = panel::panel(p);
    let pupils: Vec<survey::Pupil> = stats.iter().map(|s| s.pupil).collect();
    let (survey, survey_truth) = survey::survey(p, &ctx.programme_start, &pupils);
    let truth = build_truth(p, &stats, &persons, &episodes, donor_weights, survey_truth);
    Municipality {
        persons,
        episodes,
        assessments,
        costs,
        outcomes,
        panel,
        survey,
        truth,
        cutoff: p.cutoff(),
        programme_start,
    }
}

fn number_rows<T>(rows: &mut [T], mut set: impl FnMut(&mut T, usize)) {
    for (i, r) in rows.iter_mut().enumerate() {
        set(r, i + 2);
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut n) = (0.0, 0usize);
    for x in xs {
        s += x;
        n += 1;
    }
    if n == 0 {
        f64::NAN
    } else {
        s / n as f64
    }
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

fn build_truth(
    p: &CheckedParams,
    stats: &[Stats],
    persons: &Persons,
    episodes: &Episodes,
    donor_weights: Vec<panel::DonorWeight>,
    school_survey: survey::SurveyTruth,
) -> Truth {
    let enrolled: Vec<&Stats> = stats.iter().filter(|s| s.enrolled).collect();
    let n_enrolled = enrolled.len();
    let child_years: f64 = enrolled.iter().map(|s| s.child_years).sum();
    let sum = |f: &dyn Fn(&Stats) -> f64| enrolled.iter().map(|s| f(s)).sum::<f64>();
    let cost_f = sum(&|s| s.cost[0]);
    let cost_cf = sum(&|s| s.cost[1]);
    let prog_cost = sum(&|s| s.programme_cost);
    let pd_f = sum(&|s| s.placement_days_post[0]);
    let pd_cf = sum(&|s| s.placement_days_post[1]);
    let per_year = |x: f64| {
        if child_years > 0.0 {
            x / child_years
        } else {
            0.0
        }
    };
    let sdq: Vec<f64> = enrolled.iter().filter_map(|s| s.sdq_12m).collect();

    let mut rollout = Vec::new();
    for r in p.programme() {
        let district = district_name(r.district - 1);
        let participants = persons
            .rows
            .iter()
            .zip(stats)
            .filter(|(pr, s)| s.enrolled && pr.district.as_deref() == Some(district.as_str()))
            .count();
        rollout.push(RolloutTruth {
            district,
            start: r.start,
            participants,
        });
    }

    let cutoff = p.cutoff();
    let effects = Effects {
        step_down_hazard_ratio: TrueEffect {
            value: p.step_down_hazard_ratio(),
            realised: None,
            n: None,
            unit: "hazard ratio".into(),
            description: "cause-specific hazard ratio of an episode on a non-placement level (universal, \
                early, home) ending in a step down (end_reason step_down), enrolled vs not enrolled, \
                conditional on risk_score and level; enrolment is time-varying: it acts from \
                programme_start on, also on episodes already running then"
                .into(),
        },
        placement_end_hazard_ratio: TrueEffect {
            value: p.placement_end_hazard_ratio(),
            realised: None,
            n: None,
            unit: "hazard ratio".into(),
            description: "hazard ratio of leaving out-of-home placement (a placement episode ending home, \
                or stepping down to a non-placement level), enrolled vs not, conditional on risk_score \
                and the current placement level, time-varying from programme_start; moves within \
                placement, breakdowns and step-ups are unaffected, so placement spells are shorter"
                .into(),
        },
        sdq_total_change_12m: TrueEffect {
            value: p.sdq_effect(),
            realised: (!sdq.is_empty()).then(|| mean(sdq.iter().copied())),
            n: Some(sdq.len()),
            unit: "SDQ total difficulties points (0-40)".into(),
            description: "effect of enrolment on the change in parent-reported SDQ total difficulties from \
                programme_start to 12 months later: the expected total falls linearly by this much over \
                the first 12 months and stays there; teacher reports carry 0.85 of it, self reports all \
                of it. The non-enrolled change over 12 months after first intake is -1.0 (natural \
                course). realised: mean over enrolled children with a parent SDQ at 12 months of the \
                latent (clamped) difference with minus without the programme"
                .into(),
        },
        cost_per_child_year: TrueEffect {
            value: per_year(cost_f - cost_cf + prog_cost),
            realised: Some(per_year(cost_f - cost_cf + prog_cost)),
            n: Some(n_enrolled),
            unit: "kroner per child-year".into(),
            description: "average effect on the treated of enrolment on yearly cost per child: (measure \
                cost with - without the programme + the programme's per-child cost) summed over enrolled \
                children from programme_start to leaving or the cutoff, divided by their child-years; \
                emergent from the hazard ratios and programme_cost_per_year, computed by rerunning each \
                enrolled child's history without the programme on the same random numbers"
                .into(),
        },
        measure_cost_per_child_year: TrueEffect {
            value: per_year(cost_f - cost_cf),
            realised: Some(per_year(cost_f - cost_cf)),
            n: Some(n_enrolled),
            unit: "kroner per child-year".into(),
            description: "as cost_per_child_year but measures only (the gross saving, negative when the \
                programme saves), without the programme's own cost"
                .into(),
        },
        placement_days_per_child_year: TrueEffect {
            value: per_year(pd_f - pd_cf),
            realised: Some(per_year(pd_f - pd_cf)),
            n: Some(n_enrolled),
            unit: "days per child-year".into(),
            description: "average effect on the treated of enrolment on days in placement per child-year, \
                from programme_start to leaving or the cutoff (coupled counterfactual)"
                .into(),
        },
        outcomes: TrueEffect {
            value: 0.0,
            realised: Some(0.0),
            n: None,
            unit: "difference in probability".into(),
            description: "no planted effect: leaving_exam, youth_education and self_supporting depend on \
                risk_score, parental_education and sex only; naive comparisons of enrolled and others \
                are biased by risk"
                .into(),
        },
    };
    let counterfactual = Counterfactual {
        participants: n_enrolled,
        child_years,
        measure_cost_factual: cost_f,
        measure_cost_counterfactual: cost_cf,
        programme_cost: prog_cost,
        placement_days_factual: pd_f,
        placement_days_counterfactual: pd_cf,
        step_downs_factual: enrolled.iter().map(|s| s.step_downs[0]).sum(),
        step_downs_counterfactual: enrolled.iter().map(|s| s.step_downs[1]).sum(),
        placement_exits_factual: enrolled.iter().map(|s| s.placement_exits[0]).sum(),
        placement_exits_counterfactual: enrolled.iter().map(|s| s.placement_exits[1]).sum(),
        description: "totals over enrolled children from programme_start to leaving or the cutoff, with \
            the programme (factual, as in the data) and without it (the same child's history rerun on \
            the same random numbers with the hazard ratios set to 1)"
            .into(),
    };

    let t0 = p.panel_treatment_year();
    let (first, last) = p.panel_year_range();
    let panel = PanelTruth {
        treated_municipality: TREATED_MUNICIPALITY.into(),
        treatment_year: t0,
        effect_per_child: p.panel_effect(),
        effects_by_year: (first..=last)
            .map(|year| YearEffect {
                year,
                effect: if year >= t0 { p.panel_effect() } else { 0.0 },
            })
            .collect(),
        donor_weights,
        description:
            "spending_per_child = alpha + trend*t + 900*(l1*f1_t + l2*f2_t) + N(0, 100^2), with \
            f1 = 0.7*f1 + N(0, 1) a cycle and f2 = 0.5*f2 + N(0, 1) a stationary policy factor, \
            both AR(1) and shared by all municipalities; the treated \
            municipality's alpha, trend and loadings are the donor_weights' convex combination of \
            four donors, so a synthetic control can reproduce its untreated path; effect_per_child \
            is added from treatment_year on"
                .into(),
    };

    let children = stats.iter().filter(|s| s.child).count();
    let with_episode = stats.iter().filter(|s| s.with_episode).count();
    let placed = stats.iter().filter(|s| s.placed).count();
    let child_with = stats.iter().filter(|s| s.child && s.with_episode).count();
    let child_placed = stats.iter().filter(|s| s.child && s.placed).count();
    let mut pdays = [0.0; 4];
    for s in stats {
        for (total, days) in pdays.iter_mut().zip(&s.placement_days) {
            *total += days;
        }
    }
    let ptotal: f64 = pdays.iter().sum();
    let mut by_level: BTreeMap<String, usize> = BTreeMap::new();
    let mut cost_by_level: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    let mut ongoing = 0;
    for e in &episodes.rows {
        *by_level.entry(e.level.clone()).or_default() += 1;
        let c = cost_by_level.entry(e.level.clone()).or_default();
        c.0 += e.daily_cost.unwrap_or(0.0);
        c.1 += 1;
        match e.end_reason {
            Some(r) => *by_reason.entry(r.code().to_string()).or_default() += 1,
            None => ongoing += 1,
        }
    }
    let frac = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let sample = SampleTruth {
        persons: stats.len(),
        children,
        with_episode,
        placed,
        share_children_with_episode: frac(child_with, children),
        share_children_placed: frac(child_placed, children),
        residential_share_of_placement_days: if ptotal > 0.0 { pdays[3] / ptotal } else { 0.0 },
        family_share_of_placement_days: if ptotal > 0.0 {
            (pdays[0] + pdays[1]) / ptotal
        } else {
            0.0
        },
        episodes_by_level: by_level,
        mean_daily_cost_by_level: cost_by_level
            .into_iter()
            .map(|(k, (s, n))| (k, s / n as f64))
            .collect(),
        episodes_by_end_reason: by_reason,
        episodes_ongoing: ongoing,
    };

    let in_prog = |s: &&Stats| s.programme_district && !s.enrolled;
    Truth {
        seed: p.seed(),
        persons: p.persons(),
        start: p.start(),
        cutoff,
        params: p.params().clone(),
        programme: ProgrammeTruth {
            rollout,
            enrolment: format!(
                "children living in a programme district are enrolled once, at a uniformly random day \
                 within a year of the later of the district's start and their arrival (birth or moving \
                 in), if still living there and under 18, with probability \
                 logistic(logit({reach}) + {sel} * (logit(risk_score) - logit(0.1))): higher risk, \
                 more likely enrolled",
                reach = p.programme_reach(),
                sel = p.programme_selection()
            ),
            participants: n_enrolled,
            mean_risk_participants: finite(mean(enrolled.iter().map(|s| s.risk))),
            mean_risk_non_participants_in_programme_districts: finite(mean(
                stats.iter().filter(in_prog).map(|s| s.risk),
            )),
            mean_risk_other_districts: finite(mean(
                stats.iter().filter(|s| !s.programme_district).map(|s| s.risk),
            )),
        },
        effects,
        counterfactual,
        panel,
        school_survey,
        sample,
    }
}
