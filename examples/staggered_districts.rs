//! The example municipality rolled its early-intervention programme out district by
//! district (D03 from 2018-01, D05 2018-07, D08 2019-07, D10 2020-01, D12 2021-07). Build a
//! district × half-year panel of cost per child and estimate the rollout's effect with
//! Callaway & Sant'Anna's staggered difference-in-differences.
//!
//! Read the result with its warnings: each start date is one district, so the analytic
//! intervals are too narrow, and the planted effect (about +99 kr per child and half-year:
//! the programme's own cost less what it saves, spread over all children in the districts)
//! is far smaller than a district's swings in placement costs. The estimate is descriptive.
//!
//! ```sh
//! cargo run --example staggered_districts
//! ```
//! Expected output:
//! ```text
//! 12 districts × 20 half-years; 5 rolled out
//! overall effect on cost per child: -3363 kr (95% CI -6459 to -267)
//! TWFE for comparison: -3145 kr; pre-trend test: none
//! e =  0: -505 kr
//! e =  1: -1463 kr
//! e =  2: -2937 kr
//! e =  3: -2779 kr
//! warning: cohorts 7, 8, 10, 11, 14 have one unit each: the analytic standard errors leave out that unit's own variation and understate the uncertainty, so the intervals are too narrow (with so few treated units, read the estimates as descriptive)
//! warning: the pre-test is not given: the covariance of the pre-treatment effects is singular
//! ```

use indsats::effects::{district_panel, DistrictPanelSpec, StaggeredDid};

fn main() -> Result<(), indsats::Error> {
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
        "{} districts × {} half-years; {} rolled out",
        fit.n.units, fit.n.periods, fit.n.treated
    );
    let ci = fit.ci.expect("an interval");
    println!(
        "overall effect on cost per child: {:.0} kr (95% CI {:.0} to {:.0})",
        fit.estimate, ci[0], ci[1]
    );
    println!(
        "TWFE for comparison: {:.0} kr; pre-trend test: {}",
        fit.twfe.as_ref().map_or(f64::NAN, |t| t.estimate),
        fit.pretest
            .map_or("none".to_string(), |t| format!("p = {:.3}", t.p_value))
    );
    for e in fit
        .event_study
        .iter()
        .filter(|e| (0..4).contains(&e.relative_time))
    {
        println!("e = {:>2}: {:.0} kr", e.relative_time, e.att);
    }
    for w in &fit.warnings {
        println!("warning: {w}");
    }
    Ok(())
}
