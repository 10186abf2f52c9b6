//! The example municipality rolled its early-intervention programme out in three waves of
//! two school districts (D03 and D05 from 2018-01, D08 and D10 from 2019-08, D07 and D12
//! from 2021-08). Estimate the rollout's effect with Callaway & Sant'Anna's staggered
//! difference-in-differences, twice:
//!
//! 1. on the yearly school well-being survey (`school_survey.csv`, mean social well-being
//!    1–5 per district), where every pupil of a programme district gains a planted effect
//!    that grows over two years: the estimate is set beside `truth.json`;
//! 2. on a district × half-year panel of cost per child built from the ledger, where the
//!    planted effect (about +44 kr per child and half-year: the programme's own cost less
//!    what it saves, spread over all children in the districts) is far smaller than a
//!    district's swings in placement costs: read that estimate as descriptive.
//!
//! ```sh
//! cargo run --example staggered_districts
//! ```
//! Expected output:
//! ```text
//! survey: 12 districts × 10 years; 6 rolled out in 3 waves
//! overall effect on well-being: 0.173 (95% CI 0.078 to 0.269); truth 0.113
//! e =  0: -0.004 (truth 0.032)
//! e =  1: 0.164 (truth 0.104)
//! e =  2: 0.185 (truth 0.141)
//! e =  3: 0.211 (truth 0.145)
//! cost panel: 12 districts × 20 half-years
//! overall effect on cost per child: -3097 kr (95% CI -6385 to 190)
//! warning: the pre-test is not given: the covariance of the pre-treatment effects is singular
//! ```

use indsats::effects::{district_panel, DistrictPanelSpec, StaggeredDid, StaggeredPanel};

fn bundled(file: &str) -> &'static str {
    let set = indsats::datasets::get("example").expect("the example is bundled");
    let (_, bytes) = set
        .files
        .iter()
        .find(|(name, _)| *name == file)
        .expect("a bundled file");
    std::str::from_utf8(bytes).expect("UTF-8")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. the school survey
    let mut survey = StaggeredPanel {
        outcome: "wellbeing".into(),
        ..Default::default()
    };
    for line in bundled("school_survey.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        survey.id.push(f[0].to_string());
        survey.time.push(f[1].parse()?);
        survey.cohort.push(f[2].parse()?);
        survey.y.push(f[5].parse()?);
    }
    let truth: serde_json::Value = serde_json::from_str(bundled("truth.json"))?;
    let truth = &truth["school_survey"];
    let fit = StaggeredDid::new().fit(&survey)?;
    println!(
        "survey: {} districts × {} years; {} rolled out in {} waves",
        fit.n.units,
        fit.n.periods,
        fit.n.treated,
        fit.aggregations.group.by.len()
    );
    let ci = fit.ci.expect("an interval");
    println!(
        "overall effect on well-being: {:.3} (95% CI {:.3} to {:.3}); truth {:.3}",
        fit.estimate,
        ci[0],
        ci[1],
        truth["simple"].as_f64().unwrap_or(f64::NAN)
    );
    for e in fit
        .event_study
        .iter()
        .filter(|e| (0..4).contains(&e.relative_time))
    {
        let t = truth["dynamic"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["relative_time"] == e.relative_time))
            .and_then(|d| d["att"].as_f64())
            .unwrap_or(f64::NAN);
        println!("e = {:>2}: {:.3} (truth {t:.3})", e.relative_time, e.att);
    }

    // 2. cost per child from the ledger
    let data = indsats::datasets::example()?;
    let plan = indsats::datasets::example_plan();
    let spec = DistrictPanelSpec {
        starts: plan
            .intervention
            .map(|i| i.start_dates.into_iter().collect())
            .unwrap_or_default(),
        ..Default::default()
    };
    let p = district_panel(&data, &spec)?;
    let fit = StaggeredDid::new().fit(&p.panel)?;
    println!(
        "cost panel: {} districts × {} half-years",
        fit.n.units, fit.n.periods
    );
    let ci = fit.ci.expect("an interval");
    println!(
        "overall effect on cost per child: {:.0} kr (95% CI {:.0} to {:.0})",
        fit.estimate, ci[0], ci[1]
    );
    for w in &fit.warnings {
        println!("warning: {w}");
    }
    Ok(())
}
