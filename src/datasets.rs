//! The bundled datasets: small, documented, and the same everywhere — doctests,
//! examples, tests and `indsats report --example` all load them from here.
//!
//! `example` is a synthetic municipality made by [`crate::simulate`] (see
//! `datasets/README.md` for its size, columns, source and licence, and
//! `datasets/DICTIONARY.md` for the columns). There is no real person in it.
//!
//! ```
//! let data = indsats::datasets::example().unwrap();
//! assert!(data.validation.is_clean());
//! assert!(data.persons.rows.len() > 1000);
//! ```

use crate::data::{self, Dataset, LoadOptions, RawSource, TableKind};
use crate::error::{Error, Result};
use crate::plan::Plan;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One bundled dataset: its files, embedded in the library.
#[derive(Debug)]
pub struct BundledDataset {
    /// Its name, as `indsats datasets export NAME` takes it.
    pub name: &'static str,
    /// One line on what it is.
    pub description: &'static str,
    /// File names and contents.
    pub files: &'static [(&'static str, &'static [u8])],
}

macro_rules! bundled {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_bytes!(concat!("../datasets/example/", $file)))),*]
    };
}

static DATASETS: [BundledDataset; 1] = [BundledDataset {
    name: "example",
    description: "a synthetic municipality (simulated: 5,000 persons, seed 2024): persons, episodes, assessments, costs, outcomes, a panel of municipalities, a school well-being survey by district, and the true effects",
    files: bundled!(
        "persons.csv",
        "episodes.csv",
        "assessments.csv",
        "costs.csv",
        "outcomes.csv",
        "municipality_panel.csv",
        "school_survey.csv",
        "truth.json",
    ),
}];

const EXAMPLE_PLAN: &str = include_str!("../examples/example_plan.toml");

/// The bundled datasets.
pub fn list() -> &'static [BundledDataset] {
    &DATASETS
}

/// A bundled dataset by name.
pub fn get(name: &str) -> Option<&'static BundledDataset> {
    DATASETS.iter().find(|d| d.name == name)
}

impl BundledDataset {
    /// A file's contents.
    pub fn file(&self, name: &str) -> Option<&'static [u8]> {
        self.files.iter().find(|(f, _)| *f == name).map(|(_, b)| *b)
    }

    /// Writes the files into `dir` (created if needed) and returns their paths.
    ///
    /// # Errors
    /// The folder or a file cannot be written.
    pub fn export(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut out = Vec::new();
        for (name, bytes) in self.files {
            let p = dir.join(name);
            std::fs::write(&p, bytes).map_err(|e| Error::io(&p, e))?;
            out.push(p);
        }
        Ok(out)
    }
}

/// A file name that points into a bundled dataset: `bundled:example/municipality_panel.csv`.
/// [`read_table`] reads it from the library, so `indsats report --example` runs anywhere.
pub const BUNDLED_PREFIX: &str = "bundled:";

/// Reads a table as [`crate::data::read_table`] does, or, for a name starting with
/// [`BUNDLED_PREFIX`], from a bundled dataset.
///
/// ```
/// let t = indsats::datasets::read_table("bundled:example/municipality_panel.csv").unwrap();
/// assert!(t.column_index("spending_per_child").is_some());
/// assert!(indsats::datasets::read_table("bundled:example/nothing.csv").is_err());
/// ```
///
/// # Errors
/// As [`crate::data::read_table`]; a bundled name that is not bundled.
pub fn read_table(spec: &str) -> Result<data::RawTable> {
    let Some(rest) = spec.strip_prefix(BUNDLED_PREFIX) else {
        return data::read_table(spec);
    };
    let bytes = rest
        .split_once('/')
        .and_then(|(set, file)| get(set).and_then(|d| d.file(file)))
        .ok_or_else(|| {
            Error::format(
                spec,
                "is not a bundled file (e.g. bundled:example/municipality_panel.csv)",
            )
        })?;
    data::read_table_from_bytes(spec, bytes.to_vec())
}

/// The example evaluation plan (`examples/example_plan.toml`). Its panel files, which
/// the plan names in `../datasets/example/`, are read from the library.
pub fn example_plan() -> Plan {
    let mut plan = Plan::from_toml_str(
        EXAMPLE_PLAN,
        "examples/example_plan.toml",
        Path::new("examples"),
    )
    .expect("the bundled example plan is valid");
    let example = get("example").expect("the example dataset is bundled");
    for o in &mut plan.effect_over_time {
        if let Some(p) = &mut o.panel {
            if let Some(name) = p.file.strip_prefix("../datasets/example/") {
                if example.file(name).is_some() {
                    p.file = format!("{BUNDLED_PREFIX}example/{name}");
                }
            }
        }
    }
    plan
}

/// The example municipality, read and validated with the example plan's options.
///
/// # Errors
/// None in practice: the bundled files are valid (a test checks it).
pub fn example() -> Result<Dataset> {
    example_dataset(&example_plan().load_options()?)
}

/// The example municipality, read and validated with `opts`.
///
/// # Errors
/// A CPR-like identifier without a key (the bundled data have none).
pub fn example_dataset(opts: &LoadOptions) -> Result<Dataset> {
    let d = get("example").expect("the example dataset is bundled");
    let mut raws = BTreeMap::new();
    for kind in TableKind::ALL {
        let name = format!("{}.csv", kind.name());
        if let Some(bytes) = d.file(&name) {
            let table =
                data::read_table_from_bytes(&format!("datasets/example/{name}"), bytes.to_vec())?;
            raws.insert(
                kind,
                RawSource {
                    table,
                    columns: BTreeMap::new(),
                },
            );
        }
    }
    data::from_raw(raws, opts)
}
