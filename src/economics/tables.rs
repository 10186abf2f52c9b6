//! Small economics tables: citizens by cost band, spending by group, unit-cost comparison.

use super::concentration::check_costs;
use crate::error::{Error, Result};
use serde::Serialize;

/// One annual cost band `[lower, upper)`; the last band has no upper edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostBand {
    /// Lower edge (inclusive).
    pub lower: f64,
    /// Upper edge (exclusive); `None` for the open top band.
    pub upper: Option<f64>,
    /// Citizens in the band, one count per year.
    pub counts: Vec<u64>,
}

/// Citizens by annual cost band per year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostBandTable {
    /// The years, in the order given.
    pub years: Vec<i32>,
    /// The bands, lowest first.
    pub bands: Vec<CostBand>,
    /// Citizens per year (all bands).
    pub totals: Vec<u64>,
}

/// Counts citizens by annual cost band for each year.
///
/// ```text
/// band j = [edge_j, edge_{j+1}),  last band = [edge_last, ∞)
/// a cost exactly at an edge goes to the band that edge starts
/// count[j][year] = #{ citizens with cost in band j that year }
/// ```
///
/// ```
/// use indsats::economics::cost_bands;
/// let edges = [0.0, 500_000.0, 1_000_000.0];
/// let t = cost_bands(&edges, &[(2020, vec![499_999.0, 500_000.0, 2_500_000.0])]).unwrap();
/// assert_eq!(t.bands.iter().map(|b| b.counts[0]).collect::<Vec<_>>(), vec![1, 1, 1]);
/// assert_eq!(t.totals, vec![3]);
/// ```
///
/// # Errors
/// No edges, edges not strictly increasing or not finite, no years, a year with no costs or
/// given twice, a negative or non-finite cost (named by year and position), a cost below the
/// lowest edge.
///
/// # References
/// The §108 botilbud table in `tests/reference/seeds/botilbud_cost_bands.json`.
pub fn cost_bands(edges: &[f64], costs_by_year: &[(i32, Vec<f64>)]) -> Result<CostBandTable> {
    if edges.is_empty() {
        return Err(Error::parameter("edges", "no band edges given"));
    }
    if edges.iter().any(|e| !e.is_finite()) || edges.windows(2).any(|w| w[0] >= w[1]) {
        return Err(Error::parameter(
            "edges",
            format!("band edges must be finite and strictly increasing; found {edges:?}"),
        ));
    }
    if costs_by_year.is_empty() {
        return Err(Error::parameter("costs", "no years given"));
    }
    let mut bands: Vec<CostBand> = edges
        .iter()
        .enumerate()
        .map(|(j, &lower)| CostBand {
            lower,
            upper: edges.get(j + 1).copied(),
            counts: vec![0; costs_by_year.len()],
        })
        .collect();
    let mut years = Vec::with_capacity(costs_by_year.len());
    let mut totals = Vec::with_capacity(costs_by_year.len());
    for (y, (year, costs)) in costs_by_year.iter().enumerate() {
        if years.contains(year) {
            return Err(Error::parameter(
                "costs",
                format!("year {year} is given twice"),
            ));
        }
        check_costs(&format!("costs {year}"), costs)?;
        for (i, &c) in costs.iter().enumerate() {
            // The last edge at or below the cost: its band starts there.
            let j = edges.partition_point(|&e| e <= c);
            if j == 0 {
                return Err(Error::parameter(
                    format!("costs {year}"),
                    format!(
                        "position {}: {c} is below the lowest band edge {}",
                        i + 1,
                        edges[0]
                    ),
                ));
            }
            bands[j - 1].counts[y] += 1;
        }
        years.push(*year);
        totals.push(costs.len() as u64);
    }
    Ok(CostBandTable {
        years,
        bands,
        totals,
    })
}

/// One group's spending and its share of the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSpend {
    /// The group (an age group, a measure, …).
    pub group: String,
    /// Its spending.
    pub spend: f64,
    /// Its share of the total (0 to 1).
    pub share: f64,
}

/// Spending by group with shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpendByGroup {
    /// The groups, in the order given.
    pub groups: Vec<GroupSpend>,
    /// Total spending.
    pub total: f64,
}

/// Spending by group (e.g. age group) and each group's share of the total.
///
/// ```text
/// total = Σ spend_g,   share_g = spend_g / total
/// ```
///
/// ```
/// use indsats::economics::spend_by_group;
/// let s = spend_by_group(&[("0-6".into(), 25.0), ("7-12".into(), 75.0)]).unwrap();
/// assert_eq!(s.total, 100.0);
/// assert_eq!(s.groups[1].share, 0.75);
/// ```
///
/// # Errors
/// No groups, a group named twice, a negative or non-finite amount (named by group), a total
/// of zero (no shares exist).
///
/// # References
/// Hørsholm, spending by age group: `tests/reference/seeds/hoersholm_spend_by_age.json`.
pub fn spend_by_group(spend: &[(String, f64)]) -> Result<SpendByGroup> {
    check_groups(spend, "spend")?;
    let total: f64 = spend.iter().map(|(_, s)| s).sum();
    if total <= 0.0 {
        return Err(Error::analysis(
            "total spending is zero, so no shares exist",
        ));
    }
    Ok(SpendByGroup {
        groups: spend
            .iter()
            .map(|(g, s)| GroupSpend {
                group: g.clone(),
                spend: *s,
                share: s / total,
            })
            .collect(),
        total,
    })
}

/// Spending by group from a total and each group's share, as documents often state it.
///
/// ```text
/// spend_g = share_g · total,   requires |Σ share_g − 1| ≤ tolerance
/// ```
///
/// The tolerance allows for shares rounded in the source (three shares rounded to 0.0001
/// can miss 1 by up to 0.00015); the shares are used as given, not rescaled.
///
/// ```
/// use indsats::economics::spend_from_shares;
/// let s = spend_from_shares(200.0, &[("a".into(), 0.25), ("b".into(), 0.75)], 1e-9).unwrap();
/// assert_eq!(s.groups[0].spend, 50.0);
/// assert!(spend_from_shares(200.0, &[("a".into(), 0.25), ("b".into(), 0.70)], 1e-3).is_err());
/// ```
///
/// # Errors
/// A negative or non-finite total or tolerance, no groups, a group named twice, a share
/// outside [0, 1], shares that do not sum to 1 within the tolerance (the sum is named).
pub fn spend_from_shares(
    total: f64,
    shares: &[(String, f64)],
    tolerance: f64,
) -> Result<SpendByGroup> {
    if !(total.is_finite() && total >= 0.0) {
        return Err(Error::parameter(
            "total",
            format!("{total} is not a non-negative amount"),
        ));
    }
    if !(tolerance.is_finite() && tolerance >= 0.0) {
        return Err(Error::parameter(
            "tolerance",
            format!("{tolerance} is not a non-negative number"),
        ));
    }
    check_groups(shares, "shares")?;
    if let Some((g, s)) = shares.iter().find(|(_, s)| *s > 1.0) {
        return Err(Error::parameter(
            "shares",
            format!("group \"{g}\": {s} is not a share in [0, 1]"),
        ));
    }
    let sum: f64 = shares.iter().map(|(_, s)| s).sum();
    if (sum - 1.0).abs() > tolerance {
        return Err(Error::parameter(
            "shares",
            format!("the shares sum to {sum}, not 1 (tolerance {tolerance})"),
        ));
    }
    Ok(SpendByGroup {
        groups: shares
            .iter()
            .map(|(g, s)| GroupSpend {
                group: g.clone(),
                spend: s * total,
                share: *s,
            })
            .collect(),
        total,
    })
}

fn check_groups(values: &[(String, f64)], name: &str) -> Result<()> {
    if values.is_empty() {
        return Err(Error::parameter(name, "no groups given"));
    }
    for (i, (g, v)) in values.iter().enumerate() {
        if values[..i].iter().any(|(h, _)| h == g) {
            return Err(Error::parameter(
                name,
                format!("group \"{g}\" is given twice"),
            ));
        }
        if !v.is_finite() || *v < 0.0 {
            return Err(Error::parameter(
                name,
                format!("group \"{g}\": {v} is not a non-negative amount"),
            ));
        }
    }
    Ok(())
}

/// Two offers compared on unit cost: the current (often external) place against a new one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct UnitCostComparison {
    /// Cost of one place a year in the current offer.
    pub current_unit_cost: f64,
    /// Cost of one place a year in the new offer.
    pub new_unit_cost: f64,
    /// Places moved to the new offer.
    pub places: f64,
    /// What the places cost a year in the current offer.
    pub current_total: f64,
    /// What they cost a year in the new offer.
    pub new_total: f64,
    /// Saving per place a year (negative when the new offer costs more).
    pub saving_per_place: f64,
    /// Net reduction in spending a year (negative when the new offer costs more).
    pub annual_net_reduction: f64,
}

/// Compares the yearly cost of `places` in the current offer with the same places in a new one.
///
/// ```text
/// saving per place      = current unit cost − new unit cost
/// annual net reduction  = places · (current unit cost − new unit cost)
/// ```
///
/// ```
/// use indsats::economics::unit_cost_comparison;
/// let c = unit_cost_comparison(684_000.0, 440_000.0, 12.0).unwrap();
/// assert_eq!(c.annual_net_reduction, 2_928_000.0);
/// ```
///
/// # Errors
/// A negative or non-finite unit cost or number of places (named).
///
/// # References
/// Høje-Taastrup, udskolingstilbud på Ungdomsskolen:
/// `tests/reference/seeds/hoeje_taastrup_udskoling.json`.
pub fn unit_cost_comparison(
    current_unit_cost: f64,
    new_unit_cost: f64,
    places: f64,
) -> Result<UnitCostComparison> {
    for (name, v) in [
        ("current_unit_cost", current_unit_cost),
        ("new_unit_cost", new_unit_cost),
        ("places", places),
    ] {
        if !v.is_finite() || v < 0.0 {
            return Err(Error::parameter(
                name,
                format!("{v} is not a non-negative number"),
            ));
        }
    }
    let current_total = places * current_unit_cost;
    let new_total = places * new_unit_cost;
    Ok(UnitCostComparison {
        current_unit_cost,
        new_unit_cost,
        places,
        current_total,
        new_total,
        saving_per_place: current_unit_cost - new_unit_cost,
        annual_net_reduction: current_total - new_total,
    })
}
