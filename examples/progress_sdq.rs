//! Follow the example municipality's children from the start of their first measure:
//! parent-reported SDQ total difficulties at baseline and at 6, 12 and 24 months.
//!
//! ```sh
//! cargo run --example progress_sdq
//! ```
//! Expected output:
//! ```text
//! 2219 parent SDQs, 2152 scored, unscored: {"components_missing": 67}
//!  6 months: 212 followed, 148 lost; mean change -0.57 (95% CI -1.14 to -0.00), d_z -0.14
//! 12 months: 139 followed, 221 lost; mean change -0.68 (95% CI -1.39 to +0.02), d_z -0.16
//! 24 months: 67 followed, 293 lost; mean change -1.46 (95% CI -2.58 to -0.35), d_z -0.32
//! ```

use indsats::progress::{observations, summarise, trajectories, Windows};
use std::collections::BTreeMap;

fn main() -> Result<(), indsats::Error> {
    let data = indsats::datasets::example()?;
    let sdq = indsats::instruments::builtin("sdq").expect("SDQ is built in");
    let (obs, counts) = observations(&data, sdq, "total_difficulties", Some("parent"))?;
    println!(
        "{} parent SDQs, {} scored, unscored: {:?}",
        counts.assessments, counts.scored, counts.unscored
    );

    // Each child's start: the first measure.
    let mut starts = BTreeMap::new();
    for e in &data.episodes.rows {
        let d = starts.entry(e.person_id.clone()).or_insert(e.start_date);
        *d = (*d).min(e.start_date);
    }
    let starts: Vec<_> = starts.into_iter().collect();
    // Intake questionnaires come in the first three weeks of a measure.
    let windows = Windows::default().baseline_days_after(21);
    let t = trajectories(&starts, &obs, &windows);
    for w in summarise(&t, &windows, None)? {
        let c = w.change.expect("enough children are followed");
        let ci = c.ci.expect("changes vary");
        println!(
            "{:>2} months: {} followed, {} lost; mean change {:+.2} (95% CI {:+.2} to {:+.2}), d_z {:+.2}",
            w.months,
            w.n_followed,
            w.n_lost,
            c.mean_change,
            ci[0],
            ci[1],
            c.effect_sizes.d_z.unwrap_or(f64::NAN)
        );
    }
    Ok(())
}
