//! The synthetic municipality: determinism, the rules the data must obey, the parameter
//! guard, realism, and that the planted effects show in the data.

use chrono::{Datelike, NaiveDate};
use indsats::data::{EndReason, Episode, YearMonth};
use indsats::simulate::{
    simulate, Municipality, ProgrammeRollout, SimulationParams, ACCOUNT_ADMINISTRATION,
    ACCOUNT_PROGRAMME, FILES,
};
use indsats::staircase::Staircase;
use indsats::ErrorKind;
use std::collections::{HashMap, HashSet};

fn run(params: SimulationParams) -> Municipality {
    simulate(&params).expect("valid params")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn is_placement(level: &str) -> bool {
    Staircase::danish_default().level(level).unwrap().placement
}

fn rank(level: &str) -> u32 {
    Staircase::danish_default().level(level).unwrap().rank
}

fn read_all(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    FILES
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

#[test]
fn same_seed_gives_byte_identical_files_whatever_the_thread_count() {
    let params = SimulationParams::default().persons(3000);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let a = one.install(|| run(params.clone()));
    let b = three.install(|| run(params.clone()));
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    a.write_dir(da.path()).unwrap();
    b.write_dir(db.path()).unwrap();
    for ((name, x), (_, y)) in read_all(da.path()).into_iter().zip(read_all(db.path())) {
        assert!(
            x == y,
            "{name} differs between a run on 1 thread and one on 3"
        );
        assert!(!x.is_empty(), "{name} is empty");
    }
}

#[test]
fn different_seeds_give_different_data() {
    let a = run(SimulationParams::default().persons(1000).seed(1));
    let b = run(SimulationParams::default().persons(1000).seed(2));
    assert_ne!(a.persons.rows, b.persons.rows);
    assert_ne!(a.episodes.rows, b.episodes.rows);
    assert_ne!(a.panel, b.panel);
}

#[test]
fn files_have_the_contract_columns_in_order() {
    let m = run(SimulationParams::default().persons(500));
    let dir = tempfile::tempdir().unwrap();
    m.write_dir(dir.path()).unwrap();
    let header = |f: &str| {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        text.lines().next().unwrap().to_string()
    };
    assert_eq!(
        header("persons.csv"),
        "person_id,birth_date,sex,district,risk_score,parental_education,single_parent,programme,programme_start"
    );
    assert_eq!(
        header("episodes.csv"),
        "person_id,measure,level,legal_basis,provider,start_date,end_date,end_reason,daily_cost"
    );
    let mut items: Vec<String> = (1..=25).map(|i| format!("sdq{i}")).collect();
    items.extend(
        [
            "difficulties",
            "distress",
            "home",
            "friends",
            "classroom",
            "leisure",
        ]
        .map(|s| format!("sdq_impact_{s}")),
    );
    items.extend((1..=4).map(|i| format!("ors{i}")));
    items.extend((1..=4).map(|i| format!("srs{i}")));
    items.extend((1..=5).map(|i| format!("who5_{i}")));
    assert_eq!(
        header("assessments.csv"),
        format!(
            "person_id,date,instrument,informant,session,{}",
            items.join(",")
        )
    );
    assert_eq!(header("costs.csv"), "month,measure,person_id,amount");
    assert_eq!(header("outcomes.csv"), "person_id,date,outcome,value");
    assert_eq!(
        header("municipality_panel.csv"),
        "municipality,year,spending_per_child,children,treated"
    );
    // every row has as many cells as the header, and nothing looks like a CPR number
    for f in &FILES[..6] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        let width = header(f).split(',').count();
        for (i, line) in text.lines().enumerate() {
            assert_eq!(line.split(',').count(), width, "{f} line {}: {line}", i + 1);
            let longest_digit_run = line
                .split(|c: char| !c.is_ascii_digit())
                .map(str::len)
                .max()
                .unwrap_or(0);
            assert!(longest_digit_run < 10, "{f} line {}: {line}", i + 1);
        }
    }
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("truth.json")).unwrap())
            .unwrap();
    for key in [
        "step_down_hazard_ratio",
        "placement_end_hazard_ratio",
        "sdq_total_change_12m",
        "cost_per_child_year",
        "placement_days_per_child_year",
    ] {
        assert!(
            truth["effects"][key]["value"].is_number(),
            "effects.{key}.value"
        );
        assert!(
            truth["effects"][key]["description"].is_string(),
            "effects.{key}.description"
        );
    }
    assert_eq!(truth["panel"]["treated_municipality"], "synthby");
    assert_eq!(truth["panel"]["treatment_year"], 2018);
    assert_eq!(truth["programme"]["rollout"][0]["district"], "D03");
    assert_eq!(truth["programme"]["rollout"][0]["start"], "2018-01-01");
}

#[test]
fn every_table_obeys_the_data_rules() {
    let m = run(SimulationParams::default().persons(10_000).seed(11));
    let staircase = Staircase::danish_default();
    let cutoff = m.cutoff;
    let start = m.truth.start;

    // persons: pseudonymous, unique, nothing CPR-like
    let mut births = HashMap::new();
    for p in &m.persons.rows {
        let id = &p.person_id;
        assert!(
            id.starts_with('P') && id[1..].chars().all(|c| c.is_ascii_digit()),
            "{id}"
        );
        assert!(id.len() < 10, "{id} could look like a CPR number");
        assert!(
            births.insert(id.clone(), p.birth_date.unwrap()).is_none(),
            "{id} twice"
        );
        assert!(p.birth_date.unwrap() <= cutoff);
        let risk = p.covariates[0].unwrap();
        assert!((0.0..=1.0).contains(&risk));
    }

    // episodes
    let mut placements: HashMap<&str, Vec<&Episode>> = HashMap::new();
    for e in &m.episodes.rows {
        let birth = births[&e.person_id];
        let measure = staircase
            .measure(&e.measure)
            .unwrap_or_else(|| panic!("unknown measure {}", e.measure));
        assert_eq!(e.level, measure.level, "{e:?}");
        assert_eq!(e.legal_basis, measure.legal_basis, "{e:?}");
        assert!(e.start_date >= birth && e.start_date <= cutoff, "{e:?}");
        assert!(e.provider.is_some());
        assert!(e.daily_cost.unwrap() >= 0.0);
        assert_eq!(e.end_date.is_none(), e.end_reason.is_none(), "{e:?}");
        if let Some(end) = e.end_date {
            assert!(
                end >= e.start_date && end <= cutoff && end >= start,
                "{e:?}"
            );
        }
        if is_placement(&e.level) {
            placements.entry(&e.person_id).or_default().push(e);
        }
    }
    for (id, mut eps) in placements {
        eps.sort_by_key(|e| e.start_date);
        for w in eps.windows(2) {
            let end = w[0]
                .end_date
                .unwrap_or_else(|| panic!("{id}: an ongoing placement is followed by another"));
            assert!(
                w[1].start_date > end,
                "{id}: placements overlap: {:?} and {:?}",
                w[0],
                w[1]
            );
        }
    }

    // assessments: items belong to the instrument and are in range
    let names = &m.assessments.item_names;
    for a in &m.assessments.rows {
        let birth = births[&a.person_id];
        assert!(
            a.date >= birth && a.date <= cutoff && a.date >= start,
            "{a:?}"
        );
        let informant = a.informant.as_deref().unwrap();
        match a.instrument.as_str() {
            "sdq" => assert!(["parent", "teacher", "self"].contains(&informant)),
            "ors" | "srs" => {
                assert!(["parent", "self"].contains(&informant));
                assert!(a.session.unwrap() >= 1);
            }
            "who5" => assert_eq!(informant, "self"),
            other => panic!("unknown instrument {other}"),
        }
        for (name, v) in names.iter().zip(&a.items) {
            let Some(v) = v else { continue };
            let (belongs, max) = if name.starts_with("sdq_impact") {
                (a.instrument == "sdq", 3.0)
            } else if name.starts_with("sdq") {
                (a.instrument == "sdq", 2.0)
            } else if name.starts_with("who5") {
                (a.instrument == "who5", 5.0)
            } else {
                (name.starts_with(&a.instrument), 10.0)
            };
            assert!(belongs, "{name} filled in on a {} row", a.instrument);
            assert!((0.0..=max).contains(v), "{name} = {v}");
        }
    }
    let missing = m
        .assessments
        .rows
        .iter()
        .filter(|a| a.instrument == "sdq")
        .flat_map(|a| &a.items[..25]);
    let (empty, all) = missing.fold((0, 0), |(e, n), v| (e + v.is_none() as usize, n + 1));
    let share = empty as f64 / all as f64;
    assert!(
        (0.03..0.12).contains(&share),
        "share of missing SDQ items {share}"
    );

    // costs
    let last_month = YearMonth::of(cutoff);
    for c in &m.costs.rows {
        assert!(c.amount >= 0.0);
        assert!(c.month <= last_month && c.month >= YearMonth::of(start));
        assert!(
            staircase.measure(&c.measure).is_some()
                || [ACCOUNT_ADMINISTRATION, ACCOUNT_PROGRAMME].contains(&c.measure.as_str()),
            "{}",
            c.measure
        );
        if let Some(id) = &c.person_id {
            assert!(births.contains_key(id));
        }
    }
    assert!(m.costs.rows.iter().any(|c| c.person_id.is_none()));

    // outcomes
    for o in &m.outcomes.rows {
        assert!(births.contains_key(&o.person_id));
        assert!(o.date <= cutoff && o.date >= start);
        assert!(o.value == 0.0 || o.value == 1.0);
    }
}

#[test]
fn steps_and_breakdowns_lead_to_the_next_episode_the_next_day() {
    let m = run(SimulationParams::default().persons(10_000).seed(5));
    let mut by_person: HashMap<&str, Vec<&Episode>> = HashMap::new();
    for e in &m.episodes.rows {
        by_person.entry(&e.person_id).or_default().push(e);
    }
    let mut steps = 0;
    for e in &m.episodes.rows {
        let Some(reason) = e.end_reason else { continue };
        if !matches!(
            reason,
            EndReason::StepDown | EndReason::StepUp | EndReason::Breakdown
        ) {
            continue;
        }
        steps += 1;
        let next_day = e.end_date.unwrap().succ_opt().unwrap();
        let next: Vec<_> = by_person[e.person_id.as_str()]
            .iter()
            .filter(|n| n.start_date == next_day)
            .collect();
        let ok = next.iter().any(|n| match reason {
            EndReason::StepDown => rank(&n.level) < rank(&e.level),
            EndReason::StepUp => rank(&n.level) > rank(&e.level),
            _ => rank(&n.level) >= rank(&e.level),
        });
        assert!(
            ok,
            "{e:?} is not followed by a fitting episode the next day: {next:?}"
        );
    }
    assert!(steps > 300, "only {steps} steps");
}

#[test]
fn ledger_books_every_episode_day_at_its_daily_cost() {
    let m = run(SimulationParams::default().persons(3000).seed(9));
    let start = m.truth.start;
    let mut expected: HashMap<(&str, &str), f64> = HashMap::new();
    for e in &m.episodes.rows {
        let a = e.start_date.max(start);
        let z = e.end_date.unwrap_or(m.cutoff);
        let days = (z - a).num_days() + 1;
        *expected.entry((&e.person_id, &e.measure)).or_default() +=
            e.daily_cost.unwrap() * days as f64;
    }
    let mut booked: HashMap<(&str, &str), f64> = HashMap::new();
    for c in &m.costs.rows {
        if let Some(id) = &c.person_id {
            if c.measure != ACCOUNT_PROGRAMME {
                *booked.entry((id, &c.measure)).or_default() += c.amount;
            }
        }
    }
    assert_eq!(expected.len(), booked.len());
    for (k, v) in &expected {
        let b = booked[k];
        assert!(
            (b - v).abs() < 0.01 * 400.0,
            "{k:?}: episodes say {v}, ledger says {b}"
        );
    }
}

#[test]
fn invalid_params_are_refused_naming_the_parameter() {
    let d = SimulationParams::default;
    let cases: Vec<(SimulationParams, &str)> = vec![
        (d().persons(0), "persons"),
        (d().districts(1), "districts"),
        (d().districts(51), "districts"),
        (d().cutoff(ymd(2015, 6, 1)), "cutoff"),
        (d().districts(4), "programme"),
        (
            d().programme(vec![ProgrammeRollout::new(2, ymd(2030, 1, 1))]),
            "programme",
        ),
        (
            d().programme(vec![
                ProgrammeRollout::new(2, ymd(2018, 1, 1)),
                ProgrammeRollout::new(2, ymd(2019, 1, 1)),
            ]),
            "programme",
        ),
        (
            d().districts(2).programme(vec![
                ProgrammeRollout::new(1, ymd(2018, 1, 1)),
                ProgrammeRollout::new(2, ymd(2019, 1, 1)),
            ]),
            "programme",
        ),
        (d().programme_reach(1.0), "programme_reach"),
        (d().programme_selection(-1.0), "programme_selection"),
        (d().programme_months(0), "programme_months"),
        (
            d().programme_cost_per_year(f64::NAN),
            "programme_cost_per_year",
        ),
        (d().step_down_hazard_ratio(0.0), "step_down_hazard_ratio"),
        (
            d().placement_end_hazard_ratio(f64::INFINITY),
            "placement_end_hazard_ratio",
        ),
        (d().sdq_effect(-50.0), "sdq_effect"),
        (d().panel_municipalities(2), "panel_municipalities"),
        (d().panel_years(3), "panel_years"),
        (d().panel_effect(f64::NAN), "panel_effect"),
        (d().panel_treatment_year(2011), "panel_treatment_year"),
    ];
    for (params, name) in cases {
        let err = simulate(&params).expect_err(name);
        match err.kind() {
            ErrorKind::InvalidParameter { name: n, .. } => assert_eq!(n, name, "{err}"),
            other => panic!("{name}: {other:?}"),
        }
        assert!(err.to_string().starts_with(&format!("{name}: ")), "{err}");
    }
    // the ends of the documented ranges are accepted
    assert!(d().districts(2).programme(vec![]).check().is_ok());
    assert!(d().districts(50).check().is_ok());
}

#[test]
fn the_municipality_looks_like_a_danish_one() {
    let m = run(SimulationParams::default().persons(20_000).seed(3));
    let s = &m.truth.sample;
    assert!(
        (0.05..0.25).contains(&s.share_children_with_episode),
        "{s:?}"
    );
    assert!((0.015..0.08).contains(&s.share_children_placed), "{s:?}");
    // most children never get a measure; fewer are placed than get home-based help
    assert!(s.placed < s.with_episode / 2);
    // the placement mix: about three in four placement days family-based or own room
    assert!(
        (0.15..0.35).contains(&s.residential_share_of_placement_days),
        "{s:?}"
    );
    assert!(
        (0.55..0.85).contains(&s.family_share_of_placement_days),
        "{s:?}"
    );
    // daily prices in the documents' ranges
    for e in &m.episodes.rows {
        let c = e.daily_cost.unwrap();
        let (lo, hi) = match e.level.as_str() {
            "residential" => (3000.0, 5000.0),
            "foster" => (1000.0, 1800.0),
            "kinship" => (300.0, 1000.0),
            "home" => (150.0, 800.0),
            "early" => (30.0, 150.0),
            _ => (0.0, 1200.0),
        };
        assert!((lo..=hi).contains(&c), "{} at {c} kr/day", e.measure);
        if e.level == "residential" {
            assert!(c * 365.0 > 1_000_000.0);
        }
    }
    // every end reason occurs
    for r in EndReason::ALL.iter().filter(|r| **r != EndReason::Other) {
        assert!(
            s.episodes_by_end_reason.get(r.code()).copied().unwrap_or(0) > 10,
            "{}",
            r.code()
        );
    }
    assert!(s.episodes_ongoing > 0);
    // a sizeable ledger: residential care costs more than a million a year per child
    let per_person_year: HashMap<(&str, i32), f64> = m
        .costs
        .rows
        .iter()
        .filter(|c| c.measure == "opholdssted" || c.measure == "doegninstitution")
        .fold(HashMap::new(), |mut acc, c| {
            *acc.entry((c.person_id.as_deref().unwrap(), c.month.year))
                .or_default() += c.amount;
            acc
        });
    assert!(per_person_year.values().any(|&v| v > 1_000_000.0));
    // outcomes at 16, 18 and 22
    let names: HashSet<&str> = m.outcomes.rows.iter().map(|o| o.outcome.as_str()).collect();
    assert_eq!(
        names,
        HashSet::from(["leaving_exam", "youth_education", "self_supporting"])
    );
}

#[test]
fn the_programme_reaches_higher_risk_children_so_naive_comparisons_are_biased() {
    let m = run(SimulationParams::default().persons(10_000).seed(4));
    let districts: HashSet<String> = m
        .truth
        .programme
        .rollout
        .iter()
        .map(|r| r.district.clone())
        .collect();
    let (mut inn, mut out) = (vec![], vec![]);
    for (p, start) in m.persons.rows.iter().zip(&m.programme_start) {
        if !districts.contains(p.district.as_deref().unwrap()) {
            assert!(
                start.is_none(),
                "{} enrolled outside the programme districts",
                p.person_id
            );
            continue;
        }
        assert_eq!(p.covariates[3] == Some(1.0), start.is_some());
        if let Some(s) = start {
            let r = m
                .truth
                .programme
                .rollout
                .iter()
                .find(|r| Some(r.district.as_str()) == p.district.as_deref());
            assert!(*s >= r.unwrap().start && *s <= m.cutoff);
            inn.push(p.covariates[0].unwrap());
        } else {
            out.push(p.covariates[0].unwrap());
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(inn.len() > 100);
    assert!(
        mean(&inn) > 1.5 * mean(&out),
        "participants {} vs others {}",
        mean(&inn),
        mean(&out)
    );
}

/// Mantel–Haenszel rate ratio over strata of (events, exposure) for treated and untreated.
fn mantel_haenszel(strata: &HashMap<(usize, String), [(f64, f64); 2]>) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for [(a, t1), (b, t0)] in strata.values() {
        let t = t1 + t0;
        if t > 0.0 {
            num += a * t0 / t;
            den += b * t1 / t;
        }
    }
    num / den
}

fn risk_band(r: f64) -> usize {
    [0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]
        .iter()
        .filter(|&&c| r >= c)
        .count()
}

/// Events and exposure split at each person's programme start, stratified by risk band and
/// level: the time-varying comparison the truth's hazard ratios are defined by.
fn split_rates(
    m: &Municipality,
    episode_ok: impl Fn(&Episode) -> bool,
    event: impl Fn(&Episode, &[&Episode]) -> bool,
) -> f64 {
    let index: HashMap<&str, usize> = m
        .persons
        .rows
        .iter()
        .enumerate()
        .map(|(i, p)| (p.person_id.as_str(), i))
        .collect();
    let mut by_start: HashMap<(&str, NaiveDate), Vec<&Episode>> = HashMap::new();
    for e in &m.episodes.rows {
        by_start
            .entry((&e.person_id, e.start_date))
            .or_default()
            .push(e);
    }
    let mut strata: HashMap<(usize, String), [(f64, f64); 2]> = HashMap::new();
    for e in m.episodes.rows.iter().filter(|e| episode_ok(e)) {
        let i = index[e.person_id.as_str()];
        let risk = m.persons.rows[i].covariates[0].unwrap();
        let a = e.start_date.max(m.truth.start);
        let z = e.end_date.unwrap_or(m.cutoff);
        let enrol = m.programme_start[i];
        let split = enrol
            .map(|s| s.clamp(a, z.succ_opt().unwrap()))
            .unwrap_or(z.succ_opt().unwrap());
        let before = (split - a).num_days() as f64;
        let after = (z - split).num_days() as f64 + 1.0;
        let next = e
            .end_date
            .and_then(|d| by_start.get(&(e.person_id.as_str(), d.succ_opt().unwrap())));
        let happened = e.end_date.is_some() && event(e, next.map(|v| v.as_slice()).unwrap_or(&[]));
        let treated_at_end = enrol.is_some_and(|s| e.end_date.is_some_and(|d| d >= s));
        let cell = strata
            .entry((risk_band(risk), e.level.clone()))
            .or_default();
        cell[1].1 += before;
        cell[0].1 += after.max(0.0);
        if happened {
            cell[if treated_at_end { 0 } else { 1 }].0 += 1.0;
        }
    }
    mantel_haenszel(&strata)
}

fn step_down_ratio(m: &Municipality) -> f64 {
    split_rates(
        m,
        |e| !is_placement(&e.level),
        |e, _| e.end_reason == Some(EndReason::StepDown),
    )
}

fn placement_exit_ratio(m: &Municipality) -> f64 {
    split_rates(
        m,
        |e| is_placement(&e.level),
        |e, next| match e.end_reason {
            Some(EndReason::Home) => true,
            Some(EndReason::StepDown) => {
                !next.is_empty() && next.iter().all(|n| !is_placement(&n.level))
            }
            _ => false,
        },
    )
}

#[test]
fn planted_step_down_effect_shows_within_risk_strata() {
    let params = SimulationParams::default().persons(40_000).seed(21);
    let m = run(params.clone());
    let rr = step_down_ratio(&m);
    assert!(
        rr > 1.15 && rr < 2.2,
        "step-down rate ratio {rr}, planted 1.5"
    );
    let c = &m.truth.counterfactual;
    assert!(c.step_downs_factual > c.step_downs_counterfactual, "{c:?}");
    // with no effect planted the same comparison finds none
    let null = run(params.step_down_hazard_ratio(1.0));
    let rr0 = step_down_ratio(&null);
    assert!(
        rr0 > 0.7 && rr0 < 1.35,
        "step-down rate ratio {rr0} with no effect planted"
    );
}

#[test]
fn planted_placement_effect_shortens_placements() {
    let m = run(SimulationParams::default()
        .persons(30_000)
        .seed(22)
        .placement_end_hazard_ratio(2.5));
    let rr = placement_exit_ratio(&m);
    assert!(rr > 1.3, "placement exit rate ratio {rr}, planted 2.5");
    let c = &m.truth.counterfactual;
    assert!(
        c.placement_days_factual < c.placement_days_counterfactual,
        "{c:?}"
    );
    assert!(m.truth.effects.placement_days_per_child_year.value < 0.0);
    assert!(m.truth.effects.measure_cost_per_child_year.value < 0.0);
}

/// SDQ total difficulties from printed items (reversing 7, 11, 14, 21, 25), prorated when
/// at most four of the twenty items are missing.
fn sdq_total(items: &[Option<f64>]) -> Option<f64> {
    const PROSOCIAL: [usize; 5] = [1, 4, 9, 17, 20];
    const REVERSED: [usize; 5] = [7, 11, 14, 21, 25];
    let (mut total, mut n) = (0.0, 0);
    for i in (1..=25).filter(|i| !PROSOCIAL.contains(i)) {
        if let Some(v) = items[i - 1] {
            total += if REVERSED.contains(&i) { 2.0 - v } else { v };
            n += 1;
        }
    }
    (n >= 16).then(|| total * 20.0 / n as f64)
}

fn programme_sdq_changes(m: &Municipality) -> HashMap<String, f64> {
    let mut at: HashMap<(&str, NaiveDate), f64> = HashMap::new();
    for a in &m.assessments.rows {
        if a.instrument == "sdq" && a.informant.as_deref() == Some("parent") {
            if let Some(t) = sdq_total(&a.items) {
                at.insert((&a.person_id, a.date), t);
            }
        }
    }
    let mut out = HashMap::new();
    for (p, s) in m.persons.rows.iter().zip(&m.programme_start) {
        let Some(s) = s else { continue };
        let base = at.get(&(p.person_id.as_str(), *s));
        let follow = at.get(&(p.person_id.as_str(), *s + chrono::Days::new(365)));
        if let (Some(b), Some(f)) = (base, follow) {
            out.insert(p.person_id.clone(), f - b);
        }
    }
    out
}

#[test]
fn planted_sdq_effect_shows_in_parent_reports() {
    let params = SimulationParams::default().persons(20_000).seed(8);
    let with = run(params.clone());
    let without = run(params.sdq_effect(0.0));
    assert_eq!(with.programme_start, without.programme_start);
    let (a, b) = (
        programme_sdq_changes(&with),
        programme_sdq_changes(&without),
    );
    assert!(
        a.len() > 150,
        "{} children with both questionnaires",
        a.len()
    );
    let diffs: Vec<f64> = a
        .iter()
        .filter_map(|(k, v)| b.get(k).map(|w| v - w))
        .collect();
    let effect = diffs.iter().sum::<f64>() / diffs.len() as f64;
    let realised = with.truth.effects.sdq_total_change_12m.realised.unwrap();
    assert!(
        (effect - realised).abs() < 0.5,
        "observed {effect}, realised truth {realised}"
    );
    assert!((realised + 2.0).abs() < 0.3, "realised {realised}");
    // both groups improve over 12 months, the enrolled more
    let change = a.values().sum::<f64>() / a.len() as f64;
    assert!(
        change < -1.5,
        "mean 12-month change of enrolled children {change}"
    );
}

#[test]
fn the_panel_is_a_donor_combination_plus_the_planted_effect() {
    let m = run(SimulationParams::default()
        .persons(200)
        .panel_effect(-2000.0));
    let t = &m.truth.panel;
    let value = |name: &str, year: i32| {
        m.panel
            .iter()
            .find(|r| r.municipality == name && r.year == year)
            .unwrap()
            .spending_per_child
    };
    let years: Vec<i32> = t.effects_by_year.iter().map(|e| e.year).collect();
    assert_eq!(years.len(), 15);
    assert_eq!(m.panel.len(), 40 * 15);
    assert_eq!(*years.last().unwrap(), 2024);
    let gap = |year: i32| {
        value(&t.treated_municipality, year)
            - t.donor_weights
                .iter()
                .map(|d| d.weight * value(&d.municipality, year))
                .sum::<f64>()
    };
    let pre: Vec<f64> = years
        .iter()
        .filter(|&&y| y < t.treatment_year)
        .map(|&y| gap(y))
        .collect();
    let post: Vec<f64> = years
        .iter()
        .filter(|&&y| y >= t.treatment_year)
        .map(|&y| gap(y))
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    assert!(mean(&pre).abs() < 300.0, "pre-treatment gap {}", mean(&pre));
    assert!(
        (mean(&post) + 2000.0).abs() < 300.0,
        "post-treatment gap {}",
        mean(&post)
    );
    for r in &m.panel {
        assert_eq!(
            r.treated,
            r.municipality == t.treated_municipality && r.year >= t.treatment_year
        );
        assert!(r.spending_per_child > 0.0 && r.children > 0);
    }
}

#[test]
fn dataset_holds_the_tables_all_rows_used() {
    let m = run(SimulationParams::default().persons(1000));
    let d = m.dataset();
    assert_eq!(d.persons.rows.len(), 1000);
    assert_eq!(d.episodes.rows.len(), m.episodes.rows.len());
    assert_eq!(d.cutoff, ymd(2024, 12, 31));
    assert!(d.validation.is_clean());
    assert_eq!(d.validation.tables.len(), 5);
    for t in &d.validation.tables {
        assert_eq!(t.rows_read, t.rows_used);
    }
    assert_eq!(
        d.persons.covariate_names,
        [
            "risk_score",
            "parental_education",
            "single_parent",
            "programme"
        ]
    );
    assert_eq!(d.persons.rows[0].row, 2);
    assert!(d
        .persons
        .rows
        .iter()
        .all(|p| p.birth_year == p.birth_date.map(|b| b.year())));
}
