//! The staircase as configuration: levels, their order, the measures on each, and which
//! levels count as placements and as residential care.
//!
//! indsats ships a default Danish staircase ([`Staircase::danish_default`]); a plan may
//! replace it. Nothing in the code knows a level or a measure by name.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One step of the staircase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Identifier used in the data (`level` column) and in the plan.
    pub id: String,
    /// Order: 0 is the least intrusive.
    pub rank: u32,
    /// Danish name for the report.
    pub name_da: String,
    /// English name for the report.
    pub name_en: String,
    /// Whether the level is an out-of-home placement (anbringelse).
    #[serde(default)]
    pub placement: bool,
    /// Whether the level is residential care (opholdssted, døgninstitution).
    #[serde(default)]
    pub residential: bool,
}

/// One measure (foranstaltning) and the level it sits on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Identifier used in the data (`measure` column).
    pub id: String,
    /// The level's id.
    pub level: String,
    /// Danish name for the report.
    pub name_da: String,
    /// English name for the report.
    pub name_en: String,
    /// The usual legal basis, e.g. `§52 stk. 3 nr. 3`.
    #[serde(default)]
    pub legal_basis: Option<String>,
    /// Other spellings that the data may use for this measure (matched case-insensitively).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A ledger account that is not a measure on the staircase (administration, a
/// programme's coordination), so that spending on it is named, not flagged as unknown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Identifier used in the ledger (`measure` column of the costs table).
    pub id: String,
    /// Danish name for the report.
    pub name_da: String,
    /// English name for the report.
    pub name_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StaircaseFile {
    level: Vec<Level>,
    #[serde(default)]
    measure: Vec<Measure>,
    #[serde(default)]
    account: Vec<Account>,
}

/// A checked staircase: levels sorted by rank, every measure on a known level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staircase {
    levels: Vec<Level>,
    measures: Vec<Measure>,
    accounts: Vec<Account>,
    #[serde(skip)]
    level_index: HashMap<String, usize>,
    #[serde(skip)]
    measure_index: HashMap<String, usize>,
}

const DEFAULT: &str = include_str!("default_staircase.toml");

impl Staircase {
    /// The default Danish staircase shipped with indsats.
    ///
    /// ```
    /// let s = indsats::staircase::Staircase::danish_default();
    /// assert_eq!(s.levels().first().unwrap().id, "universal");
    /// assert!(s.level("residential").unwrap().residential);
    /// assert_eq!(s.measure("plejefamilie").unwrap().level, "foster");
    /// ```
    pub fn danish_default() -> Staircase {
        Staircase::from_toml_str(DEFAULT, "default staircase")
            .expect("the bundled staircase is valid")
    }

    /// The default staircase as TOML text, for users to copy and edit.
    pub fn danish_default_toml() -> &'static str {
        DEFAULT
    }

    /// Reads a staircase from TOML text (`[[level]]` and `[[measure]]` tables).
    ///
    /// # Errors
    /// Unknown keys, duplicate ids or ranks, a measure on an unknown level, or no levels.
    pub fn from_toml_str(text: &str, source: &str) -> Result<Staircase> {
        let file: StaircaseFile = toml::from_str(text)
            .map_err(|e| Error::plan(source, format!("staircase: {}", e.message())))?;
        Staircase::new(file.level, file.measure)
            .and_then(|s| s.with_accounts(file.account))
            .map_err(|e| Error::plan(source, e.to_string()))
    }

    /// Builds and checks a staircase.
    ///
    /// # Errors
    /// Duplicate level ids or ranks, duplicate measure ids or aliases, a measure on an
    /// unknown level, or no levels at all.
    pub fn new(mut levels: Vec<Level>, measures: Vec<Measure>) -> Result<Staircase> {
        if levels.is_empty() {
            return Err(Error::parameter("staircase", "has no levels"));
        }
        levels.sort_by_key(|l| l.rank);
        let mut level_index = HashMap::new();
        for (i, l) in levels.iter().enumerate() {
            if level_index.insert(l.id.to_lowercase(), i).is_some() {
                return Err(Error::parameter(
                    "staircase",
                    format!("level \"{}\" is defined twice", l.id),
                ));
            }
            if i > 0 && levels[i - 1].rank == l.rank {
                return Err(Error::parameter(
                    "staircase",
                    format!(
                        "levels \"{}\" and \"{}\" share rank {}",
                        levels[i - 1].id,
                        l.id,
                        l.rank
                    ),
                ));
            }
            if l.residential && !l.placement {
                return Err(Error::parameter(
                    "staircase",
                    format!("level \"{}\" is residential but not a placement", l.id),
                ));
            }
        }
        let mut measure_index = HashMap::new();
        for (i, m) in measures.iter().enumerate() {
            if !level_index.contains_key(&m.level.to_lowercase()) {
                return Err(Error::parameter(
                    "staircase",
                    format!(
                        "measure \"{}\" is on level \"{}\", which is not defined",
                        m.id, m.level
                    ),
                ));
            }
            for name in std::iter::once(&m.id).chain(m.aliases.iter()) {
                if measure_index.insert(name.to_lowercase(), i).is_some() {
                    return Err(Error::parameter(
                        "staircase",
                        format!("measure name \"{name}\" is used twice"),
                    ));
                }
            }
        }
        Ok(Staircase {
            levels,
            measures,
            accounts: Vec::new(),
            level_index,
            measure_index,
        })
    }

    /// Adds ledger accounts that are not measures.
    ///
    /// # Errors
    /// An account id used twice, or also used by a measure.
    pub fn with_accounts(mut self, accounts: Vec<Account>) -> Result<Staircase> {
        for (i, a) in accounts.iter().enumerate() {
            if self.measure(&a.id).is_some()
                || accounts[..i]
                    .iter()
                    .any(|b| b.id.eq_ignore_ascii_case(&a.id))
            {
                return Err(Error::parameter(
                    "staircase",
                    format!("account \"{}\" is defined twice", a.id),
                ));
            }
        }
        self.accounts = accounts;
        Ok(self)
    }

    /// Ledger accounts that are not measures.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// The account with this id (case-insensitive).
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.id.eq_ignore_ascii_case(id))
    }

    /// Levels from the least to the most intrusive.
    pub fn levels(&self) -> &[Level] {
        &self.levels
    }

    /// All measures.
    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// The level with this id (case-insensitive).
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.level_index
            .get(&id.to_lowercase())
            .map(|&i| &self.levels[i])
    }

    /// Position of the level in [`Staircase::levels`] (case-insensitive).
    pub fn level_position(&self, id: &str) -> Option<usize> {
        self.level_index.get(&id.to_lowercase()).copied()
    }

    /// The measure with this id or alias (case-insensitive).
    pub fn measure(&self, name: &str) -> Option<&Measure> {
        self.measure_index
            .get(&name.to_lowercase())
            .map(|&i| &self.measures[i])
    }

    /// A level's name in the language asked for.
    pub fn level_name(&self, id: &str, lang: crate::Lang) -> String {
        match (self.level(id), lang) {
            (Some(l), crate::Lang::Da) => l.name_da.clone(),
            (Some(l), crate::Lang::En) => l.name_en.clone(),
            (None, _) => id.to_string(),
        }
    }

    /// A measure's (or ledger account's) name in the language asked for.
    pub fn measure_name(&self, id: &str, lang: crate::Lang) -> String {
        match (self.measure(id), self.account(id), lang) {
            (Some(m), _, crate::Lang::Da) => m.name_da.clone(),
            (Some(m), _, crate::Lang::En) => m.name_en.clone(),
            (None, Some(a), crate::Lang::Da) => a.name_da.clone(),
            (None, Some(a), crate::Lang::En) => a.name_en.clone(),
            (None, None, _) => id.to_string(),
        }
    }
}

impl Default for Staircase {
    fn default() -> Self {
        Staircase::danish_default()
    }
}
