//! Simulate a municipality, write its files, and read the true effects back.
//!
//! ```sh
//! cargo run --example simulate_municipality -- sim 3000 2024
//! ```
//! This is how `datasets/example/` was made (5,000 persons, seed 2024).
//! Expected output (first lines):
//! ```text
//! wrote 3000 persons, … episodes to sim
//! true step-down hazard ratio for programme children: 1.5
//! ```

fn main() -> Result<(), indsats::Error> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "sim".into());
    let persons: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(3000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(2024);

    let params = indsats::simulate::SimulationParams::default()
        .persons(persons)
        .seed(seed);
    let m = indsats::simulate::simulate(&params)?;
    m.write_dir(std::path::Path::new(&dir))?;
    println!(
        "wrote {} persons, {} episodes to {dir}",
        m.persons.rows.len(),
        m.episodes.rows.len()
    );
    println!(
        "true step-down hazard ratio for programme children: {}",
        m.truth.effects.step_down_hazard_ratio.value
    );
    Ok(())
}
