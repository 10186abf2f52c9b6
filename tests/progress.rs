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
