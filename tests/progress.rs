//! Progression: reliable and clinically significant change (tests/reference/jacobson_truax).

use crate::tolerance::{assert_close, CLOSED_FORM};
use indsats::progress::{classify, ChangeClass, CutoffCriterion, Direction, ReliableChange};

const LOWER: Direction = Direction::LowerIsBetter;

fn case9() -> ReliableChange {
    ReliableChange::new(6.0, 0.80, LOWER).unwrap()
}

#[test]
fn case9_thresholds_and_cutoffs() {
    let rc = case9();
    // The case rounds to 4 and 2 decimals; these are the exact values behind them.
    assert_close("SE", rc.se(), 6.0 * 0.2f64.sqrt(), CLOSED_FORM);
    assert_close(
        "S_diff",
        rc.s_diff(),
        2.0f64.sqrt() * 6.0 * 0.2f64.sqrt(),
        CLOSED_FORM,
    );
    assert_eq!(format!("{:.4}", rc.se()), "2.6833");
    assert_eq!(format!("{:.4}", rc.s_diff()), "3.7947");
    assert_eq!(format!("{:.2}", rc.minimum_change()), "7.44");
    let (clinical, functional) = ((18.0, 6.0), Some((8.0, 5.0)));
    assert_eq!(
        CutoffCriterion::A
            .cutoff(clinical, functional, LOWER)
            .unwrap(),
        6.0
    );
    assert_eq!(
        CutoffCriterion::B
            .cutoff(clinical, functional, LOWER)
            .unwrap(),
        18.0
    );
    assert_close(
        "c",
        CutoffCriterion::C
            .cutoff(clinical, functional, LOWER)
            .unwrap(),
        138.0 / 11.0,
        CLOSED_FORM,
    );
}

#[test]
fn case9_classes_under_each_criterion() {
    let rc = case9();
    let (clinical, functional) = ((18.0, 6.0), Some((8.0, 5.0)));
    let cut = |k: CutoffCriterion| Some(k.cutoff(clinical, functional, LOWER).unwrap());
    // 9a: 20 → 11
    let a = classify(&rc, cut(CutoffCriterion::C), 20.0, 11.0);
    assert_eq!(format!("{:.3}", a.rci), "-2.372");
    assert_eq!(a.class, ChangeClass::Recovered);
    assert_eq!(
        classify(&rc, cut(CutoffCriterion::A), 20.0, 11.0).class,
        ChangeClass::Improved
    );
    assert_eq!(
        classify(&rc, cut(CutoffCriterion::B), 20.0, 11.0).class,
        ChangeClass::Recovered
    );
    // 9b: 20 → 15
    let b = classify(&rc, cut(CutoffCriterion::C), 20.0, 15.0);
    assert_eq!(
        (format!("{:.3}", b.rci), b.class),
        ("-1.318".into(), ChangeClass::Unchanged)
    );
    // 9c: 12 → 20
    let c = classify(&rc, cut(CutoffCriterion::C), 12.0, 20.0);
    assert_eq!(
        (format!("{:.3}", c.rci), c.class),
        ("2.108".into(), ChangeClass::Deteriorated)
    );
    // 9d: 10 → 2: reliable, but pre is already functional under c
    let d = classify(&rc, cut(CutoffCriterion::C), 10.0, 2.0);
    assert_eq!(
        (format!("{:.3}", d.rci), d.class),
        ("-2.108".into(), ChangeClass::Improved)
    );
    assert_eq!(d.clinical_pre, Some(false));
}

#[test]
fn higher_is_better_flips_improvement_and_criterion_a() {
    // WHO-5-like: clinical mean 40 (SD 15), functional 70 (SD 15): a = 40 + 30 = 70.
    let rc = ReliableChange::new(15.0, 0.85, Direction::HigherIsBetter).unwrap();
    let a = CutoffCriterion::A
        .cutoff((40.0, 15.0), None, Direction::HigherIsBetter)
        .unwrap();
    assert_eq!(a, 70.0);
    assert_eq!(
        classify(&rc, Some(a), 36.0, 72.0).class,
        ChangeClass::Recovered
    );
    assert_eq!(
        classify(&rc, Some(a), 72.0, 36.0).class,
        ChangeClass::Deteriorated
    );
    assert_eq!(
        classify(&rc, None, 36.0, 72.0).class,
        ChangeClass::Improved,
        "no cut-off: never recovered"
    );
}

#[test]
fn bad_parameters_are_errors_naming_them() {
    assert!(ReliableChange::new(0.0, 0.8, LOWER)
        .unwrap_err()
        .to_string()
        .contains("sd"));
    assert!(ReliableChange::new(6.0, 1.0, LOWER)
        .unwrap_err()
        .to_string()
        .contains("reliability"));
    assert!(case9().critical(-1.0).is_err());
    assert!(CutoffCriterion::C.cutoff((18.0, 6.0), None, LOWER).is_err());
}

mod followup {
    use super::case9;
    use chrono::NaiveDate;
    use indsats::progress::{summarise, trajectories, ChangeClass, Observation, Windows};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn obs(p: &str, date: NaiveDate, value: f64) -> Observation {
        Observation {
            person_id: p.into(),
            date,
            value,
            session: None,
        }
    }

    #[test]
    fn the_baseline_is_the_last_assessment_up_to_the_start_within_the_window() {
        let start = d(2022, 3, 1);
        let o = [
            obs("A", d(2021, 10, 1), 30.0), // more than 92 days before
            obs("A", d(2022, 1, 15), 22.0),
            obs("A", d(2022, 3, 1), 21.0), // on the start day: the baseline
            obs("A", d(2022, 3, 2), 5.0),  // after the start: not a baseline
            obs("B", d(2021, 10, 1), 30.0),
        ];
        let t = trajectories(
            &[
                ("A".into(), start),
                ("B".into(), start),
                ("C".into(), start),
            ],
            &o,
            &Windows::default(),
        );
        assert_eq!(t[0].baseline.unwrap().value, 21.0);
        assert_eq!(t[1].baseline, None, "B's only assessment is too early");
        assert_eq!(t[2].baseline, None);
        assert!(
            t[1].follow_ups.iter().all(Option::is_none),
            "no baseline, no follow-ups"
        );
    }

    #[test]
    fn a_follow_up_is_the_nearest_to_its_target_within_the_tolerance() {
        let start = d(2022, 1, 1);
        let o = [
            obs("A", d(2022, 1, 1), 20.0),
            obs("A", d(2022, 5, 2), 18.0), // 6 months: target 1 Jul, window 1 May - 1 Sep
            obs("A", d(2022, 6, 21), 16.0), // 10 days early
            obs("A", d(2022, 7, 11), 15.0), // 10 days late: the tie goes to the earlier
            obs("A", d(2023, 4, 1), 12.0), // 12 months: target 1 Jan 2023, window to 1 Mar: outside
            obs("A", d(2024, 1, 1), 10.0), // 24 months
        ];
        let t = &trajectories(&[("A".into(), start)], &o, &Windows::default())[0];
        assert_eq!(t.follow_ups[0].unwrap().value, 16.0);
        assert_eq!(t.follow_ups[1], None);
        assert_eq!(t.follow_ups[2].unwrap().value, 10.0);
    }

    #[test]
    fn a_group_summary_counts_the_lost_and_classes_the_followed() {
        let start = d(2022, 1, 1);
        let six = d(2022, 7, 1);
        let o = [
            obs("A", start, 20.0),
            obs("A", six, 12.0),
            obs("B", start, 18.0),
            obs("B", six, 17.0),
            obs("C", start, 10.0),
        ];
        let starts: Vec<(String, NaiveDate)> = ["A", "B", "C", "D"]
            .iter()
            .map(|p| (p.to_string(), start))
            .collect();
        let w = Windows::default();
        let t = trajectories(&starts, &o, &w);
        let rc = case9();
        let by_rule =
            |a: f64, b: f64| indsats::progress::classify(&rc, Some(138.0 / 11.0), a, b).class;
        let s = &summarise(&t, &w, Some(&by_rule)).unwrap()[0];
        assert_eq!(
            (s.months, s.n_started, s.n_baseline, s.n_followed, s.n_lost),
            (6, 4, 3, 2, 1)
        );
        assert_eq!(s.change.as_ref().unwrap().mean_change, -4.5);
        assert_eq!(s.classes.get(&ChangeClass::Recovered), Some(&1));
        assert_eq!(s.classes.get(&ChangeClass::Unchanged), Some(&1));
        assert_eq!(s.class_shares.get(&ChangeClass::Recovered), Some(&0.5));
        assert!(
            s.attrition.is_none(),
            "one lost person is too few to compare"
        );
    }

    #[test]
    fn windows_that_overlap_are_refused() {
        assert!(Windows::new(vec![6, 12, 24], 2).is_ok());
        assert!(Windows::new(vec![6, 8], 1).is_err());
        assert!(Windows::new(vec![12, 6], 1).is_err());
        assert!(Windows::new(vec![], 1).is_err());
        assert!(Windows::new(vec![3, 12], 3).is_err());
    }
}

mod truth {
    use indsats::progress::{observations, summarise, trajectories, Windows};
    use indsats::simulate::{simulate, SimulationParams};
    use std::collections::HashMap;

    /// The simulator plants an SDQ effect on programme children (truth.json:
    /// `sdq_total_change_12m`) on top of a natural course of −1 point a year after first
    /// intake. For enrolled children whose first SDQ is the one at enrolment, the expected
    /// 12-month change in the parent-reported total is −1 + the realised effect; the
    /// estimate from scored item responses must agree within its sampling error.
    #[test]
    fn programme_childrens_sdq_change_agrees_with_the_truth() {
        let m = simulate(&SimulationParams::default().persons(20_000).seed(7)).unwrap();
        let data = m.dataset();
        let sdq = indsats::instruments::builtin("sdq").unwrap();
        let (obs, counts) = observations(&data, sdq, "total_difficulties", Some("parent")).unwrap();
        assert!(
            counts.scored > 1000 && counts.scored < counts.assessments,
            "{counts:?}"
        );
        assert!(
            counts.unscored.values().sum::<usize>() > 0,
            "some questionnaires miss too many items"
        );

        // Enrolled children whose first parent SDQ is at enrolment.
        let mut first: HashMap<&str, chrono::NaiveDate> = HashMap::new();
        for o in &obs {
            let e = first.entry(o.person_id.as_str()).or_insert(o.date);
            *e = (*e).min(o.date);
        }
        let starts: Vec<(String, chrono::NaiveDate)> = m
            .persons
            .rows
            .iter()
            .zip(&m.programme_start)
            .filter_map(|(p, s)| s.map(|s| (p.person_id.clone(), s)))
            .filter(|(id, s)| first.get(id.as_str()) == Some(s))
            .collect();
        assert!(starts.len() > 200, "{} children", starts.len());
        let w = Windows::new(vec![6, 12], 1).unwrap().baseline_days(0);
        let t = trajectories(&starts, &obs, &w);
        let twelve = &summarise(&t, &w, None).unwrap()[1];
        let change = twelve.change.as_ref().unwrap();
        let effect = m.truth.effects.sdq_total_change_12m.realised.unwrap();
        let expected = -1.0 + effect;
        let z = (change.mean_change - expected) / change.std_error;
        assert!(
            z.abs() < 3.0,
            "mean change {:.3} (SE {:.3}, n {}) vs expected {expected:.3}",
            change.mean_change,
            change.std_error,
            change.n
        );
        // And the follow-up sample is reported, not silently smaller.
        assert_eq!(twelve.n_followed + twelve.n_lost, twelve.n_baseline);
    }
}

#[test]
fn an_intake_assessment_after_the_start_is_the_baseline_only_when_allowed() {
    use chrono::NaiveDate;
    use indsats::progress::{trajectories, Observation, Windows};
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let o = [Observation {
        person_id: "A".into(),
        date: d(2022, 1, 15),
        value: 20.0,
        session: None,
    }];
    let starts = [("A".to_string(), d(2022, 1, 1))];
    assert_eq!(
        trajectories(&starts, &o, &Windows::default())[0].baseline,
        None
    );
    let w = Windows::default().baseline_days_after(21);
    assert_eq!(
        trajectories(&starts, &o, &w)[0].baseline.unwrap().value,
        20.0
    );
}
