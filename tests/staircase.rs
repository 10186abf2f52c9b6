//! The staircase from episodes: spells, transitions, step-down, ages and the placement mix,
//! on episode sets built by hand, the Hørsholm seed, and the CLI on the bundled example.

use crate::common::{indsats, text};
use chrono::NaiveDate;
use indsats::data::{
    from_raw, read_table_from_bytes, EndReason, Episode, IssueKind, LoadOptions, Person, Persons,
    RawSource, TableKind,
};
use indsats::staircase::{
    ages, mix_from_shares, transitions, Move, PlacementMixParams, Spell, SpellKind, SpellParams,
    Spells, Staircase, StepDownParams, ZeroLength,
};
use std::collections::BTreeMap;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// One episode; the row is set by `rows`.
fn ep(
    id: &str,
    measure: &str,
    start: NaiveDate,
    end: Option<NaiveDate>,
    reason: Option<EndReason>,
) -> Episode {
    let s = Staircase::danish_default();
    Episode {
        person_id: id.into(),
        measure: measure.into(),
        level: s.measure(measure).expect("a known measure").level.clone(),
        legal_basis: None,
        provider: None,
        start_date: start,
        end_date: end,
        end_reason: reason,
        daily_cost: None,
        monthly_cost: None,
        row: 0,
    }
}

/// Numbers the episodes as file rows 2, 3, …
fn rows(mut eps: Vec<Episode>) -> Vec<Episode> {
    for (i, e) in eps.iter_mut().enumerate() {
        e.row = i + 2;
    }
    eps
}

fn fit(kind: SpellKind, eps: &[Episode], cutoff: NaiveDate) -> Spells {
    SpellParams::new(kind)
        .fit(eps, &Staircase::danish_default(), cutoff)
        .unwrap()
}

fn levels(spells: &Spells) -> Vec<(&str, Option<&str>)> {
    spells
        .spells
        .iter()
        .map(|s| (s.from_level.as_str(), s.to_level.as_deref()))
        .collect()
}

// ------------------------------------------------------------------------ spells

#[test]
fn foster_care_then_residential_care_is_one_placement_spell_and_two_step_spells() {
    // foster care Jan–Jun 2022, residential care 1 July 2022 – 31 March 2023 (step-down),
    // family treatment at home from 1 April 2023, still running at the cut-off.
    let eps = rows(vec![
        ep(
            "a",
            "plejefamilie",
            d(2022, 1, 1),
            Some(d(2022, 6, 30)),
            Some(EndReason::StepUp),
        ),
        ep(
            "a",
            "opholdssted",
            d(2022, 7, 1),
            Some(d(2023, 3, 31)),
            Some(EndReason::StepDown),
        ),
        ep("a", "familiebehandling", d(2023, 4, 1), None, None),
    ]);
    let cutoff = d(2023, 12, 31);
    let p = fit(SpellKind::Placement, &eps, cutoff);
    assert_eq!(p.spells.len(), 1, "{:#?}", p.spells);
    let s = &p.spells[0];
    assert_eq!((s.start, s.end), (d(2022, 1, 1), Some(d(2023, 3, 31))));
    // 365 days of 2022 + 31 + 28 + 31 days of 2023
    assert_eq!(s.duration_days, 455);
    assert!(!s.censored);
    assert_eq!(s.exit_reason, Some(EndReason::StepDown));
    assert_eq!(s.from_level, "residential");
    assert_eq!(s.to_level.as_deref(), Some("home"));
    assert_eq!(s.levels, ["foster", "residential"]);
    assert_eq!(s.measures, ["plejefamilie", "opholdssted"]);
    assert_eq!(s.rows, [2, 3]);
    assert_eq!(p.counts.episodes_not_placement, 1);
    assert_eq!(p.counts.episodes_used, 2);

    let st = fit(SpellKind::Step, &eps, cutoff);
    assert_eq!(
        levels(&st),
        [
            ("foster", Some("residential")),
            ("residential", Some("home")),
            ("home", None)
        ]
    );
    // January to June 2022: 31 + 28 + 31 + 30 + 31 + 30 days
    assert_eq!(st.spells[0].duration_days, 181);
    assert_eq!(st.spells[0].exit_reason, Some(EndReason::StepUp));
    assert!(st.spells[2].censored);
    assert_eq!(st.counts.persons, 1);
}

#[test]
fn a_gap_of_three_days_with_tolerance_one_splits_the_spell() {
    // The second foster episode starts 3 days after the first one's last day (2 days with
    // no measure).
    let eps = rows(vec![
        ep(
            "a",
            "plejefamilie",
            d(2022, 1, 1),
            Some(d(2022, 3, 31)),
            Some(EndReason::Other),
        ),
        ep(
            "a",
            "plejefamilie",
            d(2022, 4, 3),
            Some(d(2022, 6, 30)),
            None,
        ),
    ]);
    let cutoff = d(2023, 12, 31);
    let one = fit(SpellKind::Placement, &eps, cutoff);
    assert_eq!(one.spells.len(), 2);
    assert_eq!(one.spells[0].exit_reason, Some(EndReason::Other));
    assert_eq!(one.spells[0].to_level, None, "nothing follows within 1 day");
    let three = SpellParams::new(SpellKind::Placement)
        .gap_days(3)
        .fit(&eps, &Staircase::danish_default(), cutoff)
        .unwrap();
    assert_eq!(three.spells.len(), 1);
    // the joined gap belongs to the spell: 1 January to 30 June
    assert_eq!(three.spells[0].duration_days, 181);
    assert_eq!(three.spells[0].rows, [2, 3]);
    assert_eq!(
        three.spells[0].exit_reason, None,
        "the last episode has none"
    );
}

#[test]
fn an_episode_starting_the_day_after_the_previous_ends_continues_the_spell() {
    let eps = rows(vec![
        ep(
            "a",
            "plejefamilie",
            d(2022, 1, 1),
            Some(d(2022, 3, 31)),
            None,
        ),
        ep(
            "a",
            "plejefamilie",
            d(2022, 4, 1),
            Some(d(2022, 6, 30)),
            Some(EndReason::Home),
        ),
    ]);
    let st = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    assert_eq!(st.spells.len(), 1);
    assert_eq!(st.spells[0].exit_reason, Some(EndReason::Home));
    assert_eq!(st.spells[0].measures, ["plejefamilie"]);
}

#[test]
fn an_ongoing_episode_is_censored_at_the_cutoff() {
    let eps = rows(vec![
        ep("a", "opholdssted", d(2023, 1, 1), None, None),
        // a planned end after the cut-off: still running at the cut-off
        ep(
            "b",
            "opholdssted",
            d(2023, 7, 1),
            Some(d(2024, 6, 30)),
            Some(EndReason::Home),
        ),
    ]);
    let cutoff = d(2023, 12, 31);
    let st = fit(SpellKind::Step, &eps, cutoff);
    for s in &st.spells {
        assert!(s.censored);
        assert_eq!(s.end, None);
        assert_eq!(s.exit_reason, None);
        assert_eq!(s.to_level, None);
        assert_eq!(s.last_day(), cutoff);
    }
    assert_eq!(st.spells[0].duration_days, 365);
    assert_eq!(st.spells[1].duration_days, 184);
    assert_eq!(st.counts.censored, 2);
    assert_eq!(st.counts.episodes_ending_after_cutoff, 1);
}

#[test]
fn overlapping_steps_the_higher_step_wins_while_they_overlap() {
    // Family treatment all of 2022; foster care April–June on top of it.
    let eps = rows(vec![
        ep(
            "a",
            "familiebehandling",
            d(2022, 1, 1),
            Some(d(2022, 12, 31)),
            Some(EndReason::Home),
        ),
        ep(
            "a",
            "plejefamilie",
            d(2022, 4, 1),
            Some(d(2022, 6, 30)),
            Some(EndReason::StepDown),
        ),
    ]);
    let st = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    type Row<'a> = (
        &'a str,
        NaiveDate,
        Option<NaiveDate>,
        bool,
        Option<EndReason>,
    );
    let got: Vec<Row<'_>> = st
        .spells
        .iter()
        .map(|s| {
            (
                s.from_level.as_str(),
                s.start,
                s.end,
                s.superseded,
                s.exit_reason,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("home", d(2022, 1, 1), Some(d(2022, 3, 31)), true, None),
            (
                "foster",
                d(2022, 4, 1),
                Some(d(2022, 6, 30)),
                false,
                Some(EndReason::StepDown)
            ),
            (
                "home",
                d(2022, 7, 1),
                Some(d(2022, 12, 31)),
                false,
                Some(EndReason::Home)
            ),
        ]
    );
    assert_eq!(
        levels(&st),
        [
            ("home", Some("foster")),
            ("foster", Some("home")),
            ("home", None)
        ]
    );
    assert_eq!(st.counts.superseded, 1);
    // both pieces of the home stay come from row 2
    assert_eq!(st.spells[0].rows, [2]);
    assert_eq!(st.spells[2].rows, [2]);
}

#[test]
fn overlapping_placements_are_one_placement_ending_on_the_last_episode() {
    let eps = rows(vec![
        ep(
            "a",
            "plejefamilie",
            d(2022, 1, 1),
            Some(d(2022, 6, 30)),
            Some(EndReason::Breakdown),
        ),
        ep(
            "a",
            "doegninstitution",
            d(2022, 6, 1),
            Some(d(2022, 12, 31)),
            Some(EndReason::AgedOut),
        ),
    ]);
    let p = fit(SpellKind::Placement, &eps, d(2023, 12, 31));
    assert_eq!(p.spells.len(), 1);
    assert_eq!(p.spells[0].from_level, "residential");
    assert_eq!(p.spells[0].exit_reason, Some(EndReason::AgedOut));
    assert_eq!(p.spells[0].duration_days, 365);
    let st = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    assert_eq!(
        levels(&st),
        [("foster", Some("residential")), ("residential", None)]
    );
    assert!(st.spells[0].superseded);
    assert_eq!(st.spells[0].end, Some(d(2022, 5, 31)));
}

#[test]
fn step_down_to_a_lower_level_is_recorded_as_to_level() {
    let eps = rows(vec![
        ep(
            "a",
            "opholdssted",
            d(2022, 1, 1),
            Some(d(2022, 8, 31)),
            Some(EndReason::StepDown),
        ),
        ep("a", "plejefamilie", d(2022, 9, 1), None, None),
        // b steps down, but the next measure starts 10 days later: beyond the tolerance
        ep(
            "b",
            "opholdssted",
            d(2022, 1, 1),
            Some(d(2022, 8, 31)),
            Some(EndReason::StepDown),
        ),
        ep("b", "familiebehandling", d(2022, 9, 11), None, None),
    ]);
    let st = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    let a: Vec<&Spell> = st.spells.iter().filter(|s| s.person_id == "a").collect();
    assert_eq!(a[0].exit_reason, Some(EndReason::StepDown));
    assert_eq!(a[0].to_level.as_deref(), Some("foster"));
    let b: Vec<&Spell> = st.spells.iter().filter(|s| s.person_id == "b").collect();
    assert_eq!(b[0].exit_reason, Some(EndReason::StepDown));
    assert_eq!(b[0].to_level, None);
    let p = fit(SpellKind::Placement, &eps, d(2023, 12, 31));
    // a's step-down to foster care keeps the placement going; b's placement ends
    let pa: Vec<&Spell> = p.spells.iter().filter(|s| s.person_id == "a").collect();
    assert_eq!(pa.len(), 1);
    assert!(pa[0].censored);
    assert_eq!(pa[0].levels, ["residential", "foster"]);
}

#[test]
fn zero_length_episodes_are_kept_as_one_day_or_left_out_and_counted() {
    let eps = rows(vec![
        ep(
            "a",
            "plejefamilie",
            d(2022, 5, 1),
            Some(d(2022, 5, 1)),
            None,
        ),
        ep(
            "b",
            "plejefamilie",
            d(2022, 1, 1),
            Some(d(2022, 2, 28)),
            None,
        ),
    ]);
    let s = Staircase::danish_default();
    let kept = SpellParams::new(SpellKind::Step)
        .fit(&eps, &s, d(2023, 12, 31))
        .unwrap();
    assert_eq!(kept.counts.episodes_zero_length, 1);
    assert_eq!(kept.spells.len(), 2);
    assert_eq!(kept.spells[0].duration_days, 1);
    assert!(kept.warnings.iter().any(|w| w.contains("one-day")));
    let dropped = SpellParams::new(SpellKind::Step)
        .zero_length(ZeroLength::Drop)
        .fit(&eps, &s, d(2023, 12, 31))
        .unwrap();
    assert_eq!(dropped.counts.episodes_zero_length, 1);
    assert_eq!(dropped.counts.episodes_used, 1);
    assert_eq!(dropped.spells.len(), 1);
}

#[test]
fn an_episode_ending_before_it_starts_is_excluded_by_validation_and_counted_by_spells() {
    let csv = "person_id,measure,start_date,end_date,end_reason\n\
               a,plejefamilie,2022-03-01,2022-01-31,home\n\
               a,opholdssted,2022-04-01,,\n";
    let raws = BTreeMap::from([(
        TableKind::Episodes,
        RawSource {
            table: read_table_from_bytes("episodes.csv", csv.as_bytes().to_vec()).unwrap(),
            columns: BTreeMap::new(),
        },
    )]);
    let opts = LoadOptions {
        cutoff: Some(d(2023, 12, 31)),
        ..LoadOptions::default()
    };
    let data = from_raw(raws, &opts).unwrap();
    assert_eq!(data.episodes.rows.len(), 1);
    assert_eq!(data.validation.count(IssueKind::EndBeforeStart), 1);
    // given directly, the spell builder leaves it out and counts it
    let mut eps = rows(vec![ep("a", "plejefamilie", d(2022, 3, 1), None, None)]);
    eps[0].end_date = Some(d(2022, 1, 31));
    let st = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    assert!(st.spells.is_empty());
    assert_eq!(st.counts.episodes_end_before_start, 1);
    assert!(st.warnings.iter().any(|w| w.contains("ending before")));
}

#[test]
fn episodes_after_the_cutoff_or_off_the_staircase_are_left_out_and_counted() {
    let mut eps = rows(vec![
        ep("a", "plejefamilie", d(2024, 2, 1), None, None),
        ep("b", "plejefamilie", d(2022, 2, 1), None, None),
    ]);
    eps[1].level = "mellemtrin".into();
    let st = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    assert!(st.spells.is_empty());
    assert_eq!(st.counts.episodes_after_cutoff, 1);
    assert_eq!(st.counts.episodes_unknown_level, 1);
}

#[test]
fn a_gap_tolerance_of_zero_or_above_a_year_is_refused() {
    for g in [0, 366] {
        let e = SpellParams::new(SpellKind::Step)
            .gap_days(g)
            .check()
            .unwrap_err();
        assert!(e.to_string().starts_with("gap_days:"), "{e}");
    }
}

// ------------------------------------------------------------------- transitions

/// a: residential care 2021 (step-down) then foster care from 2022, running;
/// b: residential care January–June 2022, home; c: foster care July–December 2022, step-up
/// with nothing after. Cut-off 31 December 2022.
fn three_children() -> Spells {
    let eps = rows(vec![
        ep(
            "a",
            "opholdssted",
            d(2021, 1, 1),
            Some(d(2021, 12, 31)),
            Some(EndReason::StepDown),
        ),
        ep("a", "plejefamilie", d(2022, 1, 1), None, None),
        ep(
            "b",
            "opholdssted",
            d(2022, 1, 1),
            Some(d(2022, 6, 30)),
            Some(EndReason::Home),
        ),
        ep(
            "c",
            "plejefamilie",
            d(2022, 7, 1),
            Some(d(2022, 12, 31)),
            Some(EndReason::StepUp),
        ),
    ]);
    fit(SpellKind::Step, &eps, d(2022, 12, 31))
}

#[test]
fn transitions_and_person_years_worked_by_hand() {
    let t = transitions(&three_children(), false).unwrap();
    let moves: Vec<(&str, &str, usize)> = t
        .moves
        .iter()
        .map(|m| (m.from.as_str(), m.to.as_str(), m.count))
        .collect();
    assert_eq!(
        moves,
        [
            ("foster", Move::ENDED, 1),
            ("residential", "foster", 1),
            ("residential", Move::ENDED, 1)
        ]
    );
    // residential: 365 days (a, 2021) + 181 days (b); foster: 365 (a) + 184 (c)
    let time = |l: &str| t.time.iter().find(|x| x.level == l).unwrap();
    let res = time("residential");
    assert!((res.person_years - 546.0 / 365.25).abs() < 1e-12);
    assert_eq!(
        (res.spells, res.persons, res.exits, res.censored),
        (2, 2, 2, 0)
    );
    assert_eq!(res.exits_by_reason[&EndReason::StepDown], 1);
    assert_eq!(res.exits_by_reason[&EndReason::Home], 1);
    let foster = time("foster");
    assert!((foster.person_years - 549.0 / 365.25).abs() < 1e-12);
    assert_eq!((foster.exits, foster.censored), (1, 1));
    assert_eq!(foster.exits_by_reason[&EndReason::StepUp], 1);
    let rate = t.moves[1].rate_per_person_year.unwrap();
    assert!((rate - 365.25 / 546.0).abs() < 1e-12);
    // a level nobody was on has no rate, and no move
    assert_eq!(time("universal").person_years, 0.0);
}

#[test]
fn transitions_by_year_split_days_at_new_year_and_count_moves_in_the_exit_year() {
    let t = transitions(&three_children(), true).unwrap();
    let res = |y: i32| {
        t.time
            .iter()
            .find(|x| x.level == "residential" && x.year == Some(y))
            .unwrap()
    };
    assert!((res(2021).person_years - 365.0 / 365.25).abs() < 1e-12);
    assert!((res(2022).person_years - 181.0 / 365.25).abs() < 1e-12);
    let m: Vec<(Option<i32>, &str, &str)> = t
        .moves
        .iter()
        .map(|m| (m.year, m.from.as_str(), m.to.as_str()))
        .collect();
    assert_eq!(
        m,
        [
            (Some(2021), "residential", "foster"),
            (Some(2022), "foster", Move::ENDED),
            (Some(2022), "residential", Move::ENDED)
        ]
    );
    assert!((t.moves[0].rate_per_person_year.unwrap() - 365.25 / 365.0).abs() < 1e-12);
}

#[test]
fn transitions_refuse_placement_spells() {
    let eps = rows(vec![ep("a", "plejefamilie", d(2022, 1, 1), None, None)]);
    let p = fit(SpellKind::Placement, &eps, d(2022, 12, 31));
    assert!(transitions(&p, false).is_err());
}

// ---------------------------------------------------------------------- step-down

#[test]
fn crude_step_down_shares_worked_by_hand_exclude_and_count_recent_spells() {
    // Residential care, cut-off 31 December 2023:
    // p1 2022-01-01, 90 days, step-down     p2 2022-01-01, 365 days, step-down
    // p3 2022-02-01, 89 days, breakdown     p4 2023-03-01, running (306 days observed)
    // p5 2023-10-01, running (92 days observed: too recent for 6 months)
    let eps = rows(vec![
        ep(
            "p1",
            "opholdssted",
            d(2022, 1, 1),
            Some(d(2022, 3, 31)),
            Some(EndReason::StepDown),
        ),
        ep(
            "p2",
            "opholdssted",
            d(2022, 1, 1),
            Some(d(2022, 12, 31)),
            Some(EndReason::StepDown),
        ),
        ep(
            "p3",
            "opholdssted",
            d(2022, 2, 1),
            Some(d(2022, 4, 30)),
            Some(EndReason::Breakdown),
        ),
        ep("p4", "opholdssted", d(2023, 3, 1), None, None),
        ep("p5", "opholdssted", d(2023, 10, 1), None, None),
    ]);
    let spells = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    let sd = StepDownParams::new()
        .windows(vec![6, 12])
        .fit(&spells)
        .unwrap();
    let g = sd.groups.iter().find(|g| g.group == "residential").unwrap();
    assert_eq!((g.spells, g.persons, g.censored), (5, 5, 2));
    let w6 = &g.windows[0];
    assert_eq!((w6.months, w6.days), (6, 182.625));
    assert_eq!((w6.eligible, w6.too_recent), (4, 1));
    assert_eq!((w6.step_down.events, w6.step_down.share), (1, Some(0.25)));
    assert_eq!((w6.breakdown.events, w6.breakdown.share), (1, Some(0.25)));
    assert_eq!((w6.step_up.events, w6.step_up.share), (0, Some(0.0)));
    let w12 = &g.windows[1];
    assert_eq!((w12.eligible, w12.too_recent), (3, 2));
    assert_eq!(w12.step_down.events, 2);
    assert_eq!(w12.step_down.share, Some(2.0 / 3.0));
    // Aalen–Johansen over all five: t=89 breakdown (n=5, S=4/5); t=90 step-down (n=4):
    // CIF = 4/5 × 1/4 = 0.2, S = 3/5; censored at 92 and 306; t=365 step-down (n=1):
    // CIF = 0.2 + 3/5 = 0.8
    let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-12;
    assert!(close(w6.step_down.cumulative_incidence, 0.2));
    assert!(close(w6.breakdown.cumulative_incidence, 0.2));
    assert!(close(w12.step_down.cumulative_incidence, 0.8));
    // time to first step-down: 90 and 365 days
    let t = &g.time_to_step_down;
    assert_eq!(
        (t.first_spells, t.stepped_down, t.censored, t.other_exit),
        (5, 2, 2, 1)
    );
    assert_eq!(t.median_days, Some(227.5));
    assert_eq!(t.q1_days, Some(158.75));
    // the other levels are there, empty
    let foster = sd.groups.iter().find(|g| g.group == "foster").unwrap();
    assert_eq!(foster.spells, 0);
    assert_eq!(foster.windows[0].step_down.share, None);
    assert_eq!(foster.windows[0].step_down.cumulative_incidence, None);
}

#[test]
fn a_superseded_step_counts_as_a_step_up() {
    let eps = rows(vec![
        ep(
            "a",
            "familiebehandling",
            d(2022, 1, 1),
            Some(d(2022, 12, 31)),
            Some(EndReason::Home),
        ),
        ep("a", "opholdssted", d(2022, 3, 1), None, None),
    ]);
    let spells = fit(SpellKind::Step, &eps, d(2023, 12, 31));
    let sd = StepDownParams::new().windows(vec![6]).fit(&spells).unwrap();
    let home = sd.groups.iter().find(|g| g.group == "home").unwrap();
    assert_eq!(home.windows[0].step_up.events, 1);
}

#[test]
fn step_down_for_placements_is_one_group() {
    let eps = rows(vec![ep(
        "a",
        "plejefamilie",
        d(2022, 1, 1),
        Some(d(2022, 3, 31)),
        Some(EndReason::StepDown),
    )]);
    let p = fit(SpellKind::Placement, &eps, d(2023, 12, 31));
    let sd = StepDownParams::new().fit(&p).unwrap();
    assert_eq!(sd.groups.len(), 1);
    assert_eq!(sd.groups[0].group, "placement");
    assert_eq!(sd.groups[0].windows[2].step_down.share, Some(1.0));
}

#[test]
fn step_down_windows_are_checked() {
    for w in [vec![], vec![0], vec![6, 6], vec![241]] {
        assert!(
            StepDownParams::new().windows(w.clone()).check().is_err(),
            "{w:?}"
        );
    }
}

// ---------------------------------------------------------------------------- ages

#[test]
fn ages_at_first_measure_and_first_placement_with_missing_birth_dates_counted() {
    let person = |id: &str, born: Option<NaiveDate>, year: Option<i32>| Person {
        person_id: id.into(),
        birth_date: born,
        birth_year: year,
        sex: None,
        district: None,
        covariates: vec![],
        dates: vec![],
        row: 2,
    };
    let persons = Persons {
        rows: vec![
            person("a", Some(d(2010, 1, 1)), Some(2010)),
            person("b", None, Some(2012)),
            person("c", None, None),
        ],
        ..Persons::default()
    };
    let eps = rows(vec![
        ep("a", "familiebehandling", d(2015, 1, 1), None, None),
        ep("a", "plejefamilie", d(2020, 1, 1), None, None),
        // b, from the birth year: born 1 July 2012, measure 1 July 2022
        ep("b", "plejefamilie", d(2022, 7, 1), None, None),
        ep("c", "familiebehandling", d(2022, 1, 1), None, None),
    ]);
    let a = ages(
        &eps,
        &persons,
        &Staircase::danish_default(),
        d(2024, 12, 31),
    );
    let m = &a.first_measure;
    assert_eq!(
        (
            m.persons,
            m.with_age,
            m.without_birth_date,
            m.birth_year_only
        ),
        (3, 2, 1, 1)
    );
    // a: 1826 days to the first measure (one leap day, 2012); b: 3652 days (2016, 2020)
    let (aa, bb) = (1826.0 / 365.25, 3652.0 / 365.25);
    assert!((m.mean.unwrap() - (aa + bb) / 2.0).abs() < 1e-12);
    assert!((m.median.unwrap() - (aa + bb) / 2.0).abs() < 1e-12);
    assert_eq!(m.min, Some(aa));
    let p = &a.first_placement;
    assert_eq!((p.persons, p.with_age), (2, 2));
    // a placed at 3652 days
    assert_eq!(p.min, Some(3652.0 / 365.25));
}

// ---------------------------------------------------------------------------- mix

/// The Hørsholm seed as the document states it.
fn hoersholm() -> serde_json::Value {
    serde_json::from_str(include_str!("reference/seeds/hoersholm_placement_mix.json")).unwrap()
}

#[test]
fn hoersholm_placement_mix_from_the_documents_shares() {
    let seed = hoersholm();
    let shares: Vec<(&str, f64)> = seed["shares"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_f64().unwrap()))
        .collect();
    let s = Staircase::danish_default();
    // the document's residential types are the staircase's residential measures
    for t in seed["residential_types"].as_array().unwrap() {
        let m = s.measure(t.as_str().unwrap()).unwrap();
        assert!(s.level(&m.level).unwrap().residential);
    }
    let target = seed["target_residential_share"].as_f64().unwrap();
    let mix = mix_from_shares(&shares, &s, target).unwrap();
    let e = &seed["expected"];
    assert_eq!(
        mix.rounded.residential_share,
        e["residential_share"].as_f64().unwrap()
    );
    assert_eq!(mix.rounded.other_share, e["other_share"].as_f64().unwrap());
    assert_eq!(
        mix.rounded.gap_points,
        e["gap_to_target_percentage_points"].as_f64().unwrap()
    );
    assert!((mix.residential_share - 0.29).abs() < 1e-12);
    // the stated shares sum to 1.02: said, not hidden
    assert!(mix.warnings.iter().any(|w| w.contains("1.02")));
    assert_eq!(mix.n_placed, None);
}

#[test]
fn hoersholm_placement_mix_from_32_children_placed_on_a_date() {
    // 32 children: round(share × 32) per type; each count gives back the document's share
    // rounded to a whole percent, and no other count does (half up):
    //   eget_vaerelse 4/32 = 12.5 % → 13;  kost_efterskole 5/32 = 15.6 % → 16;
    //   plejefamilie 12/32 = 37.5 % → 38;  netvaerkspleje 2/32 = 6.25 % → 6;
    //   opholdssted 5/32 = 15.6 % → 16;    doegninstitution 4/32 = 12.5 % → 13;
    //   4 + 5 + 12 + 2 + 5 + 4 = 32.
    let seed = hoersholm();
    let counts = [
        ("eget_vaerelse", 4),
        ("kost_efterskole", 5),
        ("plejefamilie", 12),
        ("netvaerkspleje", 2),
        ("opholdssted", 5),
        ("doegninstitution", 4),
    ];
    let on = d(2024, 12, 31);
    let mut eps = Vec::new();
    let mut child = 0;
    for (measure, n) in counts {
        for _ in 0..n {
            child += 1;
            eps.push(ep(&format!("c{child}"), measure, d(2023, 1, 1), None, None));
        }
    }
    // Not counted: a placement that ended before the date, home-based help, a placement
    // starting the day after the date. Counted once: child c32 (døgninstitution) also has a
    // foster placement on the date.
    eps.push(ep(
        "x1",
        "opholdssted",
        d(2022, 1, 1),
        Some(d(2024, 12, 30)),
        Some(EndReason::Home),
    ));
    eps.push(ep("x2", "familiebehandling", d(2023, 1, 1), None, None));
    eps.push(ep("x3", "plejefamilie", d(2025, 1, 1), None, None));
    eps.push(ep("c32", "plejefamilie", d(2024, 6, 1), None, None));
    let eps = rows(eps);
    let mix = PlacementMixParams::new(on)
        .target(0.25)
        .fit(&eps, &Staircase::danish_default(), d(2025, 1, 31))
        .unwrap();
    assert_eq!(mix.n_placed, Some(32));
    assert_eq!(mix.overlapping, 1);
    let shares = seed["shares"].as_object().unwrap();
    assert_eq!(mix.types.len(), 6);
    for t in &mix.types {
        let stated = shares[&t.type_id].as_f64().unwrap();
        assert_eq!(
            f64::from(t.percent_rounded),
            (stated * 100.0).round(),
            "{}",
            t.type_id
        );
    }
    let e = &seed["expected"];
    assert_eq!(
        mix.rounded.residential_share,
        e["residential_share"].as_f64().unwrap()
    );
    assert_eq!(mix.rounded.other_share, e["other_share"].as_f64().unwrap());
    assert_eq!(
        mix.rounded.gap_points,
        e["gap_to_target_percentage_points"].as_f64().unwrap()
    );
    // exactly, 9 of 32 children are in residential care: 28.125 %, 3.125 points above
    assert_eq!(mix.residential_share, 9.0 / 32.0);
    assert_eq!(mix.other_share, 23.0 / 32.0);
    assert_eq!(mix.gap_points, 3.125);
}

#[test]
fn the_mix_refuses_a_date_after_the_cutoff_and_a_target_outside_0_1() {
    let eps = rows(vec![ep("a", "plejefamilie", d(2022, 1, 1), None, None)]);
    let s = Staircase::danish_default();
    assert!(PlacementMixParams::new(d(2024, 1, 1))
        .fit(&eps, &s, d(2023, 12, 31))
        .is_err());
    assert!(PlacementMixParams::new(d(2023, 1, 1))
        .target(1.5)
        .check()
        .is_err());
    assert!(mix_from_shares(&[("familiebehandling", 1.0)], &s, 0.25).is_err());
    assert!(mix_from_shares(&[("plejefamilie", 60.0)], &s, 0.25).is_err());
}

// ----------------------------------------------------------------- the example

#[test]
fn on_the_example_every_step_spell_either_moves_or_is_censored() {
    let data = indsats::datasets::example().unwrap();
    let spells = SpellParams::new(SpellKind::Step)
        .fit(&data.episodes.rows, &data.staircase, data.cutoff)
        .unwrap();
    assert_eq!(spells.counts.episodes_used, data.episodes.rows.len());
    let t = transitions(&spells, false).unwrap();
    for x in &t.time {
        let moved: usize = t
            .moves
            .iter()
            .filter(|m| m.from == x.level)
            .map(|m| m.count)
            .sum();
        assert_eq!(moved, x.exits, "{}", x.level);
        assert_eq!(x.spells, x.exits + x.censored, "{}", x.level);
        let reasons: usize = x.exits_by_reason.values().sum();
        assert_eq!(
            reasons + x.exits_without_reason + x.superseded,
            x.exits,
            "{}",
            x.level
        );
    }
    // spells never overlap for one person
    for w in spells.spells.windows(2) {
        if w[0].person_id == w[1].person_id {
            assert!(w[0].last_day() < w[1].start, "{:?}\n{:?}", w[0], w[1]);
        }
    }
}

// ------------------------------------------------------------------------- CLI

fn export_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = indsats(&[
        "datasets",
        "export",
        "example",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{:?}", text(&o));
    dir
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let o = indsats(args);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "stdout:\n{out}\nstderr:\n{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"))
}

#[test]
fn cli_transitions_on_the_bundled_example_gives_the_json_shape() {
    let dir = export_example();
    let episodes = dir.path().join("episodes.csv");
    let persons = dir.path().join("persons.csv");
    let v = json_of(&[
        "staircase",
        "transitions",
        "--data",
        episodes.to_str().unwrap(),
        "--persons",
        persons.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(v["command"], "transitions");
    // no --cutoff: the latest date in the data, with a warning
    assert_eq!(v["cutoff"], "2024-12-30");
    let warnings = v["warnings"].as_array().unwrap();
    assert!(warnings
        .iter()
        .any(|w| w.as_str().unwrap().contains("no --cutoff")));
    let m = &v["moves"][0];
    for key in ["from", "to", "year", "count", "rate_per_person_year"] {
        assert!(m.get(key).is_some(), "moves lack {key}: {m}");
    }
    assert!(v["moves"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["to"] == "ended"));
    let t = &v["time"][0];
    for key in [
        "level",
        "spells",
        "persons",
        "person_years",
        "exits",
        "censored",
        "exits_by_reason",
    ] {
        assert!(t.get(key).is_some(), "time lacks {key}: {t}");
    }
    assert!(v["population"].as_array().unwrap().len() > 5);
    assert!(v["ages"]["first_placement"]["median"].is_number());
    let n = &v["n"];
    assert_eq!(n["rows_read"], 1101);
    assert_eq!(
        n["rows_read"].as_u64().unwrap(),
        n["rows_used"].as_u64().unwrap() + n["rows_excluded"].as_u64().unwrap()
    );
    assert!(v["spells"]["spells"].as_u64().unwrap() > 0);
}

#[test]
fn cli_stepdown_and_mix_on_the_bundled_example() {
    let dir = export_example();
    let episodes = dir.path().join("episodes.csv");
    let e = episodes.to_str().unwrap();
    let v = json_of(&[
        "staircase",
        "stepdown",
        "--data",
        e,
        "--cutoff",
        "2024-12-31",
        "--windows",
        "6,12",
        "--format",
        "json",
    ]);
    assert_eq!(v["windows_months"], serde_json::json!([6, 12]));
    let groups = v["groups"].as_array().unwrap();
    let placement = groups.iter().find(|g| g["kind"] == "placement").unwrap();
    assert_eq!(placement["group"], "placement");
    let w = &placement["windows"][1];
    for key in [
        "months",
        "eligible",
        "too_recent",
        "step_down",
        "step_up",
        "breakdown",
    ] {
        assert!(w.get(key).is_some(), "window lacks {key}: {w}");
    }
    assert!(w["step_down"]["cumulative_incidence"].is_number());
    assert!(v["warnings"].is_array());

    let v = json_of(&[
        "staircase",
        "mix",
        "--data",
        e,
        "--cutoff",
        "2024-12-31",
        "--format",
        "json",
    ]);
    assert_eq!(v["date"], "2024-12-31");
    assert_eq!(v["target_residential_share"], 0.25);
    let n = v["n_placed"].as_u64().unwrap();
    let sum: u64 = v["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, n);
    assert!(v["rounded"]["gap_points"].is_number());

    // the table and CSV formats run too
    for format in ["table", "csv"] {
        for what in ["transitions", "stepdown", "mix"] {
            let o = indsats(&["staircase", what, "--data", e, "--format", format]);
            assert_eq!(o.status.code(), Some(0), "{what} {format}: {:?}", text(&o));
        }
    }
}

#[test]
fn cli_reports_rows_left_out_by_validation_as_counts_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("episoder.csv");
    std::fs::write(
        &f,
        "Barn;foranstaltning;start;slut;end_reason\n\
         a;plejefamilie;01-01-2022;30-06-2022;step_down\n\
         a;familiebehandling;01-07-2022;;\n\
         b;plejefamilie;01-03-2022;31-01-2022;home\n\
         c;trylleri;01-03-2022;;\n",
    )
    .unwrap();
    let v = json_of(&[
        "staircase",
        "transitions",
        "--data",
        f.to_str().unwrap(),
        "--columns",
        "person_id=Barn,measure=foranstaltning,start_date=start,end_date=slut",
        "--cutoff",
        "2023-12-31",
        "--format",
        "json",
    ]);
    let n = &v["n"];
    assert_eq!(
        (n["rows_read"].as_u64(), n["rows_used"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(n["excluded"]["end_before_start"], 1);
    assert_eq!(n["excluded"]["unknown_measure"], 1);
    assert!(v["warnings"][0]
        .as_str()
        .unwrap()
        .contains("2 of 4 rows left out"));
    let moves = v["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(
        (moves[0]["from"].as_str(), moves[0]["to"].as_str()),
        (Some("foster"), Some("home"))
    );
}

#[test]
fn cli_flags_of_another_staircase_command_are_bad_usage() {
    let cases: [&[&str]; 4] = [
        &["staircase", "mix", "--data", "x.csv", "--windows", "6"],
        &[
            "staircase",
            "transitions",
            "--data",
            "x.csv",
            "--target",
            "0.3",
        ],
        &["staircase", "mix", "--data", "x.csv", "--target", "1.5"],
        &[
            "staircase",
            "stepdown",
            "--data",
            "x.csv",
            "--gap-days",
            "0",
        ],
    ];
    for args in cases {
        let o = indsats(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {:?}", text(&o));
    }
}

#[test]
fn a_window_runs_to_the_same_day_k_calendar_months_later() {
    // 31 August + 6 months = 28 February: a last day of 27 February is within 6 months,
    // one of 28 February is not; a spell is eligible once 27 February lies up to the cut-off.
    let eps = rows(vec![
        ep(
            "a",
            "opholdssted",
            d(2022, 8, 31),
            Some(d(2023, 2, 27)),
            Some(EndReason::StepDown),
        ),
        ep(
            "b",
            "opholdssted",
            d(2022, 8, 31),
            Some(d(2023, 2, 28)),
            Some(EndReason::StepDown),
        ),
    ]);
    let share = |cutoff: NaiveDate| {
        let spells = fit(SpellKind::Step, &eps, cutoff);
        let sd = StepDownParams::new().windows(vec![6]).fit(&spells).unwrap();
        let g = sd.groups.iter().find(|g| g.group == "residential").unwrap();
        (g.windows[0].eligible, g.windows[0].step_down.events)
    };
    assert_eq!(share(d(2023, 2, 27)), (2, 1));
    assert_eq!(share(d(2023, 2, 26)), (0, 0));
}
