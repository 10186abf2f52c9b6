//! The fixed parts of the generative model: the measures the synthetic municipality
//! uses, their daily prices, and the staircase hazards per level.
//!
//! The numbers are documented in the module docs of [`crate::simulate`]; they are
//! constants, not parameters, because estimators are never compared with them.

use crate::data::Provider;
use crate::staircase::Staircase;

/// Staircase levels by rank in the default Danish staircase.
pub(crate) const UNIVERSAL: u8 = 0;
pub(crate) const EARLY: u8 = 1;
pub(crate) const HOME: u8 = 2;
pub(crate) const KINSHIP: u8 = 3;
pub(crate) const FOSTER: u8 = 4;
pub(crate) const OWN_ROOM: u8 = 5;
pub(crate) const RESIDENTIAL: u8 = 6;

/// Level ids in rank order.
pub(crate) const LEVEL_IDS: [&str; 7] = [
    "universal",
    "early",
    "home",
    "kinship",
    "foster",
    "own_room",
    "residential",
];

/// Whether a level (by rank) is an out-of-home placement.
pub(crate) fn is_placement(level: u8) -> bool {
    level >= KINSHIP
}

/// One measure the simulation grants.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MeasureSpec {
    /// Measure id as in the default staircase.
    pub id: &'static str,
    /// Level rank.
    pub level: u8,
    /// Daily price range (kroner) with the municipality's own provider.
    pub own_price: (f64, f64),
    /// Probability that the measure is bought from an external provider.
    pub p_external: f64,
}

/// Maximum mark-up of an external provider over the own price range (uniform 1.00–1.15).
pub(crate) const EXTERNAL_MARKUP: f64 = 0.15;

/// Index into [`MEASURES`].
pub(crate) type MeasureId = u8;

pub(crate) const AABENT_TILBUD: MeasureId = 0;
pub(crate) const FAMILIERAADGIVNING: MeasureId = 1;
pub(crate) const KONSULENTBISTAND: MeasureId = 2;
pub(crate) const PRAKTISK_STOETTE: MeasureId = 3;
pub(crate) const FAMILIEBEHANDLING: MeasureId = 4;
pub(crate) const AFLASTNING: MeasureId = 5;
pub(crate) const KONTAKTPERSON: MeasureId = 6;
pub(crate) const NETVAERKSPLEJE: MeasureId = 7;
pub(crate) const PLEJEFAMILIE: MeasureId = 8;
pub(crate) const EGET_VAERELSE: MeasureId = 9;
pub(crate) const KOST_EFTERSKOLE: MeasureId = 10;
pub(crate) const OPHOLDSSTED: MeasureId = 11;
pub(crate) const DOEGNINSTITUTION: MeasureId = 12;

/// The measures and their prices (kroner per day, own provider; external adds up to 15 %).
pub(crate) const MEASURES: [MeasureSpec; 13] = [
    MeasureSpec {
        id: "aabent_tilbud",
        level: UNIVERSAL,
        own_price: (15.0, 40.0),
        p_external: 0.0,
    },
    MeasureSpec {
        id: "familieraadgivning",
        level: EARLY,
        own_price: (30.0, 80.0),
        p_external: 0.1,
    },
    MeasureSpec {
        id: "konsulentbistand",
        level: EARLY,
        own_price: (60.0, 130.0),
        p_external: 0.3,
    },
    MeasureSpec {
        id: "praktisk_stoette",
        level: HOME,
        own_price: (300.0, 550.0),
        p_external: 0.3,
    },
    MeasureSpec {
        id: "familiebehandling",
        level: HOME,
        own_price: (450.0, 690.0),
        p_external: 0.35,
    },
    MeasureSpec {
        id: "aflastning",
        level: HOME,
        own_price: (300.0, 600.0),
        p_external: 0.4,
    },
    MeasureSpec {
        id: "kontaktperson",
        level: HOME,
        own_price: (200.0, 450.0),
        p_external: 0.3,
    },
    MeasureSpec {
        id: "netvaerkspleje",
        level: KINSHIP,
        own_price: (350.0, 700.0),
        p_external: 0.0,
    },
    MeasureSpec {
        id: "plejefamilie",
        level: FOSTER,
        own_price: (1000.0, 1550.0),
        p_external: 0.3,
    },
    MeasureSpec {
        id: "eget_vaerelse",
        level: OWN_ROOM,
        own_price: (500.0, 1000.0),
        p_external: 0.3,
    },
    MeasureSpec {
        id: "kost_efterskole",
        level: OWN_ROOM,
        own_price: (500.0, 900.0),
        p_external: 1.0,
    },
    MeasureSpec {
        id: "opholdssted",
        level: RESIDENTIAL,
        own_price: (3000.0, 4300.0),
        p_external: 0.9,
    },
    MeasureSpec {
        id: "doegninstitution",
        level: RESIDENTIAL,
        own_price: (3400.0, 4300.0),
        p_external: 0.6,
    },
];

/// Draws the provider and daily price of a new episode from two uniforms.
pub(crate) fn price(
    measure: MeasureId,
    u_provider: f64,
    u_price: f64,
    u_markup: f64,
) -> (Provider, f64) {
    let spec = &MEASURES[measure as usize];
    let (lo, hi) = spec.own_price;
    let base = lo + (hi - lo) * u_price;
    if u_provider < spec.p_external {
        let p = base * (1.0 + EXTERNAL_MARKUP * u_markup);
        (Provider::External, (p * 100.0).round() / 100.0)
    } else {
        (Provider::Own, (base * 100.0).round() / 100.0)
    }
}

/// The measure's level id and legal basis as the staircase gives them.
#[derive(Debug, Clone)]
pub(crate) struct MeasureLabels {
    pub level: Vec<&'static str>,
    pub legal_basis: Vec<Option<String>>,
}

impl MeasureLabels {
    /// Looks every simulated measure up in the default staircase, so that the data always
    /// agree with it.
    pub fn from_staircase(staircase: &Staircase) -> MeasureLabels {
        let mut level = Vec::with_capacity(MEASURES.len());
        let mut legal_basis = Vec::with_capacity(MEASURES.len());
        for spec in &MEASURES {
            let m = staircase
                .measure(spec.id)
                .unwrap_or_else(|| panic!("measure {} is in the default staircase", spec.id));
            let lvl = LEVEL_IDS[spec.level as usize];
            assert_eq!(m.level, lvl, "measure {} sits on level {}", spec.id, lvl);
            level.push(lvl);
            legal_basis.push(m.legal_basis.clone());
        }
        MeasureLabels { level, legal_basis }
    }
}

/// Causes that can end an episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Step down: on non-placement levels, to the level below; on placement levels, out of
    /// placement to a home-based measure.
    Down,
    /// Step down within placement (residential to foster or own room, foster to kinship).
    WithinDown,
    /// Step up.
    Up,
    /// Ends with no further help (or return home from placement).
    Home,
    /// Placement breakdown.
    Breakdown,
}

/// The five random causes, in the order their clocks are drawn.
pub(crate) const CAUSES: [Cause; 5] = [
    Cause::Down,
    Cause::WithinDown,
    Cause::Up,
    Cause::Home,
    Cause::Breakdown,
];

/// Yearly base hazards by level at the reference risk [`RISK_REF`], in the order of [`CAUSES`].
pub(crate) const BASE_HAZARD: [[f64; 5]; 7] = [
    // down, within, up, home, breakdown
    [0.00, 0.00, 0.15, 1.20, 0.00], // universal
    [0.20, 0.00, 0.20, 0.90, 0.00], // early
    [0.45, 0.00, 0.15, 0.60, 0.00], // home
    [0.10, 0.00, 0.04, 0.10, 0.04], // kinship
    [0.10, 0.03, 0.05, 0.10, 0.07], // foster
    [0.15, 0.00, 0.08, 0.30, 0.08], // own room
    [0.18, 0.25, 0.00, 0.15, 0.12], // residential
];

/// Log-hazard slope on risk per cause, in the order of [`CAUSES`]: hazard ×
/// exp(slope × (risk − [`RISK_REF`])).
pub(crate) const RISK_SLOPE: [f64; 5] = [-2.0, -1.0, 2.0, -1.0, 1.0];

/// The risk at which [`BASE_HAZARD`] applies.
pub(crate) const RISK_REF: f64 = 0.2;

/// Yearly hazard of a first (or renewed) referral at risk 1, before the age factor.
pub(crate) const ENTRY_SCALE: f64 = 0.45;
/// Exponent of risk in the referral hazard: λ = ENTRY_SCALE × risk^ENTRY_POWER × age factor.
pub(crate) const ENTRY_POWER: f64 = 1.4;
/// Age factors of the referral hazard for ages 0–5, 6–11 and 12–17.
pub(crate) const ENTRY_AGE_FACTOR: [f64; 3] = [0.6, 1.0, 1.4];
/// Multiplier on the referral hazard after a first spell of help has ended.
pub(crate) const REENTRY_FACTOR: f64 = 1.5;

/// Yearly hazard of moving out of the municipality, for children and young adults (18+).
pub(crate) const MOVE_OUT: [f64; 2] = [0.03, 0.08];
/// Share of persons who moved in after birth.
pub(crate) const P_MOVED_IN: f64 = 0.15;
/// Years of history simulated before the window so that the window opens on a running
/// municipality (episodes already in progress on the start date).
pub(crate) const BURN_IN_YEARS: u32 = 5;

/// Probability that a placement ongoing at 18 continues as aftercare (efterværn) up to 23.
pub(crate) const P_AFTERCARE_CONTINUE: f64 = 0.45;
/// Probability of an aftercare contact person from 18 after a placement aged out at 18.
pub(crate) const P_AFTERCARE_CONTACT_PLACED: f64 = 0.5;
/// Probability of an aftercare contact person from 18 after home-based help aged out at 18.
pub(crate) const P_AFTERCARE_CONTACT_HOME: f64 = 0.2;
/// Probability of a contact person alongside a placement that starts at age 12–17.
pub(crate) const P_ADDON_CONTACT: f64 = 0.15;

/// Days per year used to turn yearly hazards into daily ones.
pub(crate) const DAYS_PER_YEAR: f64 = 365.25;
