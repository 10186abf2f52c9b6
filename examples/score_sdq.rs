//! Score SDQ questionnaires: one child's answers, then every SDQ in the bundled example
//! municipality's assessments, with the share in each UK 4-band category per informant.
//!
//! ```sh
//! cargo run --example score_sdq
//! ```
//! Expected output:
//! ```text
//! one child (CASES 2, parent form P4-17):
//!   emotional           7  very_high
//!   conduct             6  very_high
//!   hyperactivity       9  very_high
//!   peer                3  slightly_raised
//!   prosocial           5  very_low
//!   total_difficulties  25  very_high
//!   externalising       15  -
//!   internalising       10  -
//!   impact              4  very_high
//!
//! example municipality: 4666 SDQs (4428 complete), 3766 rows of other instruments skipped
//!   P4-17   n = 2152: close_to_average 58 %, slightly_raised 15 %, high 11 %, very_high 16 %
//!   S11-17  n =  878: close_to_average 60 %, slightly_raised 15 %, high 8 %, very_high 17 %
//!   T4-17   n = 1510: close_to_average 57 %, slightly_raised 23 %, high 11 %, very_high 9 %
//! ```

use indsats::instruments::{builtin, score_table, TableOptions};
use std::collections::BTreeMap;

fn main() -> Result<(), indsats::Error> {
    let sdq = builtin("sdq").expect("SDQ is built in");

    // One child: the 25 items as printed (0 not true, 1 somewhat, 2 certainly true) and the
    // impact supplement. indsats reverses items 7, 11, 14, 21 and 25 itself.
    let items = [
        1., 2., 2., 1., 2., 1., 0., 1., 2., 2., 2., 1., 2., 1., 2., 1., 1., 1., 1., 0., 0., 0., 0.,
        1., 1.,
    ];
    let answers: Vec<Option<f64>> = items.iter().map(|&x| Some(x)).collect();
    let scores = sdq
        .responses_from(&answers)?
        .with("sdq_impact_difficulties", Some(2.0))?
        .with("sdq_impact_distress", Some(2.0))?
        .with("sdq_impact_home", Some(3.0))?
        .with("sdq_impact_friends", Some(1.0))?
        .with("sdq_impact_classroom", Some(2.0))?
        .with("sdq_impact_leisure", Some(0.0))?
        .informant("parent")
        .age(10)
        .score()?;
    println!("one child (CASES 2, parent form {}):", scores.version);
    for s in &scores.scales {
        println!(
            "  {:<18}  {}  {}",
            s.scale,
            s.value_text(),
            s.band.as_deref().unwrap_or("-")
        );
    }

    // A file: every SDQ in the example municipality's assessments (other instruments'
    // rows are skipped). The file has no ages, so each informant's default form is used.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/datasets/example/assessments.csv"
    );
    let table = indsats::data::read_table(path)?;
    let scored = score_table(sdq, &table, &TableOptions::default())?;
    println!(
        "\nexample municipality: {} SDQs ({} complete), {} rows of other instruments skipped",
        scored.n.response_sets, scored.n.complete, scored.n.rows_other_instrument
    );
    let mut by: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    for row in &scored.rows {
        let who = row.scores.version.clone();
        if let Some(band) = row.scores.band("total_difficulties") {
            *by.entry((who.clone(), band.to_string())).or_default() += 1;
            *totals.entry(who).or_default() += 1;
        }
    }
    for (who, n) in &totals {
        let shares: Vec<String> = ["close_to_average", "slightly_raised", "high", "very_high"]
            .iter()
            .map(|b| {
                let k = by.get(&(who.clone(), b.to_string())).copied().unwrap_or(0);
                format!("{b} {:.0} %", 100.0 * k as f64 / *n as f64)
            })
            .collect();
        println!("  {who:<7} n = {n:>4}: {}", shares.join(", "));
    }
    Ok(())
}
