//! The report's economics section on the example municipality: the business case and the
//! cost concentration equal what the library gives for the same data, small groups are
//! hidden, and the plan's `[economics]` is checked.

use indsats::economics::{
    BusinessCase, ConcentrationParams, CostDesign, CostEffect, CostEffectSpec, CostParams, Refunds,
    UnknownMeasures,
};
use indsats::plan::Plan;
use indsats::report::{build_report, Block, ReportOptions};
use indsats::summary::{Amount, Cell, Count, Share};
use indsats::Lang;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The example plan, its data and its Danish report, built once for the tests here (the
/// cost effect's bootstrap makes a report take seconds in a debug build).
fn example() -> &'static (Plan, indsats::data::Dataset, indsats::report::Report) {
    static EXAMPLE: OnceLock<(Plan, indsats::data::Dataset, indsats::report::Report)> =
        OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let plan = indsats::datasets::example_plan();
        let data = indsats::datasets::example_dataset(&plan.load_options().unwrap()).unwrap();
        let r = build_report(&data, &ReportOptions::from_plan(&plan)).unwrap();
        (plan, data, r)
    })
}

fn amount(c: &Cell) -> f64 {
    match c {
        Cell::Amount(Amount { value, .. }) => *value,
        c => panic!("not an amount: {c:?}"),
    }
}

#[test]
fn the_business_case_is_the_cost_effect_of_the_plans_comparison() {
    let (plan, data, r) = example();
    let s = r
        .section("economics")
        .expect("the example plan asks for economics");
    assert_eq!(s.heading, "Hvad koster indsatsen, og hvad sparer den?");

    // The same estimate through the library, as the plan describes it.
    let econ = plan.economics.clone().unwrap();
    let i = plan.intervention.clone().unwrap();
    let e = plan.effect.clone().unwrap();
    let spec = CostEffectSpec {
        participant_column: i.participant_column.clone().unwrap(),
        start_column: e.participant_start_column.clone().unwrap(),
        programme_account: "tidlig_indsats".into(),
        programme_districts: i.districts.clone(),
        covariates: econ.covariates.clone().unwrap(),
        end_column: None,
        end_age: None,
        infer_moves: true,
    };
    let fit = CostEffect::new(spec)
        .costs(
            CostParams::new()
                .refunds(Refunds::Net)
                .unknown_measures(UnknownMeasures::Keep),
        )
        .design(CostDesign::Weighting)
        .replicates(econ.bootstrap)
        .seed(econ.seed)
        .fit(data)
        .unwrap();
    let case = BusinessCase::new()
        .discount_rate(0.035)
        .sensitivity(0.1)
        .fit(&fit.business_years())
        .unwrap();
    let t = r.table("business_case").unwrap();
    assert_eq!(
        t.rows.len(),
        case.years.len() + 1,
        "a row per year and the total"
    );
    for (k, y) in case.years.iter().enumerate() {
        let cells = &t.rows[k].cells;
        assert_eq!(cells[0], Cell::Text(y.to_string()));
        assert_eq!(amount(&cells[1]), case.investment[k]);
        assert_eq!(amount(&cells[2]), case.gross_savings[k]);
        assert_eq!(amount(&cells[3]), case.net[k]);
        assert_eq!(amount(&cells[4]), case.cumulative_net[k]);
    }
    // The programme's own cost is what the ledger booked on its account in those years.
    let ledger: f64 = std::fs::read_to_string("datasets/example/costs.csv")
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1) == Some("tidlig_indsats"))
        .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
        .sum();
    let invested: f64 = case.investment.iter().sum();
    assert!(
        (invested - ledger).abs() < 1e-6 * ledger,
        "{invested} against the ledger's {ledger}"
    );
    // The lead states the estimate with its interval and, the interval holding 0, says
    // that the saving is uncertain; "in brief" repeats it.
    let lead = match &s.blocks[0] {
        Block::Paragraph { text } => text.clone(),
        b => panic!("{b:?}"),
    };
    assert!(fit.ci[0] < 0.0 && fit.ci[1] > 0.0);
    assert!(lead.contains("usikkert"), "{lead}");
    let shown = |v: f64| {
        let n = format!("{:.0}", v.abs());
        let mut out = String::new();
        for (k, ch) in n.chars().enumerate() {
            if k > 0 && (n.len() - k) % 3 == 0 {
                out.push('.');
            }
            out.push(ch);
        }
        out
    };
    assert!(
        lead.contains(&format!("{} kr. mindre", shown(fit.estimate))),
        "{lead}"
    );
    assert!(r
        .section("summary")
        .unwrap()
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph { text } if *text == lead)));
    let charts: Vec<&str> = r.charts().map(|c| c.id.as_str()).collect();
    for id in ["chart-business-case", "chart-tornado", "chart-lorenz"] {
        assert!(charts.contains(&id), "{id} missing from {charts:?}");
    }
    // Every number the section shows is finite (serde_json would write a NaN as null, so
    // the cells are checked themselves).
    for b in &s.blocks {
        if let Block::Table(t) = b {
            for row in &t.rows {
                for c in &row.cells {
                    if let Cell::Amount(a) = c {
                        assert!(a.value.is_finite(), "{}: {a:?}", t.id);
                    }
                }
            }
        }
    }
    assert!(!lead.contains("NaN") && !lead.contains("inf"));
}

#[test]
fn the_concentration_is_the_ledgers_2024_costs_per_child_with_small_groups_hidden() {
    let (_, _, r) = example();
    // Per person, straight from the file: 2024's lines that name a person.
    let mut per: BTreeMap<String, f64> = BTreeMap::new();
    for l in std::fs::read_to_string("datasets/example/costs.csv")
        .unwrap()
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = l.split(',').collect();
        if f[0].starts_with("2024-") && !f[2].is_empty() {
            *per.entry(f[2].to_string()).or_default() += f[3].parse::<f64>().unwrap();
        }
    }
    let costs: Vec<f64> = per.values().copied().filter(|v| *v > 0.0).collect();
    let c = ConcentrationParams::default().fit(&costs).unwrap();
    let t = r.table("cost_concentration").unwrap();
    assert_eq!(t.rows.len(), 4);
    // The costliest 1 % is fewer than 5 children: hidden. 5 % and 10 % are shown.
    assert!(c.top_shares[0].persons < 5.0);
    assert_eq!(t.rows[0].cells[2], Cell::Share(Share::Suppressed));
    for k in [1, 2] {
        match t.rows[k].cells[2] {
            Cell::Share(Share::Shown(v)) => {
                assert!((v - c.top_shares[k].share).abs() < 1e-9, "{v} {k}")
            }
            ref x => panic!("{x:?}"),
        }
    }
    assert_eq!(t.rows[3].cells[1], Cell::Count(Count::Shown(c.n)));
}

#[test]
fn english_reports_say_it_in_english() {
    let plan = indsats::datasets::example_plan();
    let data = indsats::datasets::example_dataset(&plan.load_options().unwrap()).unwrap();
    let mut opts = ReportOptions::from_plan(&plan);
    opts.lang = Lang::En;
    let r = build_report(&data, &opts).unwrap();
    let s = r.section("economics").unwrap();
    assert_eq!(
        s.heading,
        "What does the intervention cost, and what does it save?"
    );
    assert!(
        matches!(&s.blocks[0], Block::Paragraph { text } if text.contains("per child per year"))
    );
}

fn plan_with(economics: &str) -> indsats::Result<Plan> {
    let base = std::fs::read_to_string("examples/example_plan.toml").unwrap();
    let cut = base.find("[economics]").unwrap();
    Plan::from_toml_str(
        &format!("{}{economics}", &base[..cut]),
        "plan.toml",
        Path::new("examples"),
    )
}

#[test]
fn the_plans_economics_section_is_checked() {
    assert!(plan_with("[economics]\nprogramme_account = \"tidlig_indsats\"\n").is_ok());
    for (bad, says) in [
        ("programme_account = \"\"", "programme_account"),
        (
            "programme_account = \"x\"\ndiscount_rate = 3.5\ndiscount_rate = 3.5",
            "",
        ),
        (
            "programme_account = \"x\"\ndiscount_rate = -2",
            "discount_rate",
        ),
        (
            "programme_account = \"x\"\nsensitivity = 1.5",
            "sensitivity",
        ),
        ("programme_account = \"x\"\nbootstrap = 1", "bootstrap"),
        ("programme_account = \"x\"\nrente = 0.03", "rente"),
    ] {
        let err = plan_with(&format!("[economics]\n{bad}\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains(says), "{bad}: {err}");
    }
    // Without [effect] there is no comparison group to estimate the saving against.
    let base = std::fs::read_to_string("examples/example_plan.toml").unwrap();
    let start = base.find("[effect]").unwrap();
    let text = format!(
        "{}[economics]\nprogramme_account = \"tidlig_indsats\"\n",
        &base[..start]
    );
    let err = Plan::from_toml_str(&text, "plan.toml", Path::new("examples"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("[effect]"), "{err}");
}

/// The plan's outcome is a step down: the programme's cost per step down among the
/// participants is the simulator's programme cost over its step downs (truth.json), to
/// the ledger's rounding of each month to the øre.
#[test]
fn the_cost_per_step_down_agrees_with_the_simulators_truth() {
    let (_, _, r) = example();
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("datasets/example/truth.json").unwrap())
            .unwrap();
    let cf = &truth["counterfactual"];
    let steps = cf["step_downs_factual"].as_u64().unwrap();
    let expected = cf["programme_cost"].as_f64().unwrap() / steps as f64;
    assert_eq!(steps, 10);
    let s = r.section("economics").unwrap();
    let text = s
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph { text } if text.contains("pr. trin ned ad trappen") => {
                Some(text.clone())
            }
            _ => None,
        })
        .expect("the cost per step down is shown");
    assert!(text.contains("nåede dertil 10 gange"), "{text}");
    // "208.978 kr. pr. trin": whole kroner, Danish thousands separator.
    let shown: f64 = text
        .split("Tidlig indsats ")
        .nth(1)
        .and_then(|t| t.split(" kr. pr. trin").next())
        .unwrap()
        .replace('.', "")
        .parse()
        .unwrap();
    assert!(
        (shown - expected).abs() <= 1.0,
        "shown {shown}, truth {expected} ({text})"
    );
}

/// Participants without a start date cannot be followed: the cost per outcome says how
/// many were left out instead of dropping them unseen.
#[test]
fn participants_without_a_start_date_are_counted_in_the_cost_per_outcome() {
    let (plan, data, _) = example();
    let mut data = data.clone();
    let pc = data
        .persons
        .covariate_names
        .iter()
        .position(|n| n == "programme")
        .unwrap();
    let sc = data
        .persons
        .date_names
        .iter()
        .position(|n| n == "programme_start")
        .unwrap();
    let mut blanked = 0;
    for p in data.persons.rows.iter_mut() {
        if blanked < 6 && p.covariates[pc] == Some(1.0) {
            p.dates[sc] = None;
            blanked += 1;
        }
    }
    let mut opts = ReportOptions::from_plan(plan);
    opts.economics.as_mut().unwrap().bootstrap = 49;
    let r = build_report(&data, &opts).unwrap();
    let s = r.section("economics").unwrap();
    assert!(
        s.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph { text }
            if text.contains("pr. trin ned ad trappen")
                && text.contains("6 deltagere uden en startdato"))),
        "{:?}",
        s.blocks
    );
}
