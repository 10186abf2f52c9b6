//! Read a plan's data, validate it, and print what was found, table by table.
//!
//! ```sh
//! cargo run --example validate_data -- examples/example_plan.toml
//! ```
//! Expected output for the example plan:
//! ```text
//! persons: 5000 rows read, 5000 used, 0 excluded (datasets/example/persons.csv)
//! episodes: 1088 rows read, 1088 used, 0 excluded (datasets/example/episodes.csv)
//! …
//! no problems; cut-off 2024-12-31
//! ```

fn main() -> Result<(), indsats::Error> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/example_plan.toml".into());
    let plan = indsats::plan::Plan::from_file(path.as_ref())?;
    let data = indsats::data::load(&plan.sources(), &plan.load_options()?)?;
    for t in &data.validation.tables {
        println!(
            "{}: {} rows read, {} used, {} excluded ({})",
            t.table,
            t.rows_read,
            t.rows_used,
            t.rows_excluded(),
            t.file.trim_start_matches("examples/../")
        );
    }
    for issue in &data.validation.examples {
        println!(
            "{} row {:?} column {:?}: {:?}; expected {}",
            issue.file, issue.row, issue.column, issue.value, issue.expected
        );
    }
    for w in &data.validation.notes {
        println!("note: {w}");
    }
    match data.validation.total() {
        0 => println!("no problems; cut-off {}", data.cutoff),
        n => println!("{n} problem(s); cut-off {}", data.cutoff),
    }
    Ok(())
}
