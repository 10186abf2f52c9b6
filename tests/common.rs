//! Shared test helpers.

use std::path::PathBuf;
use std::process::Output;

/// A path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Runs the indsats binary with `args`.
pub fn indsats(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_indsats"))
        .args(args)
        .output()
        .expect("the indsats binary runs")
}

/// stdout and stderr as text.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The matching_sim reference case (tests/reference/matching_sim): `obs.csv` as columns and
/// `expected.json`.
pub struct MatchingSim {
    /// `id` per row.
    pub id: Vec<String>,
    /// `treat` per row (0/1).
    pub treat: Vec<f64>,
    /// `x1`…`x5`, by name.
    pub x: Vec<(&'static str, Vec<f64>)>,
    /// `y` per row.
    pub y: Vec<f64>,
    /// The peer's numbers.
    pub expected: serde_json::Value,
}

/// Reads the matching_sim case.
pub fn matching_sim() -> MatchingSim {
    let text = include_str!("reference/matching_sim/obs.csv");
    let names = ["x1", "x2", "x3", "x4", "x5"];
    let mut sim = MatchingSim {
        id: Vec::new(),
        treat: Vec::new(),
        x: names.iter().map(|n| (*n, Vec::new())).collect(),
        y: Vec::new(),
        expected: serde_json::from_str(include_str!("reference/matching_sim/expected.json"))
            .expect("expected.json parses"),
    };
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        sim.id.push(f[0].to_string());
        sim.treat.push(f[1].parse().unwrap());
        for (j, col) in sim.x.iter_mut().enumerate() {
            col.1.push(f[2 + j].parse().unwrap());
        }
        sim.y.push(f[7].parse().unwrap());
    }
    sim
}

/// A JSON array of numbers as a vector (`null` → NaN).
pub fn numbers(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}
