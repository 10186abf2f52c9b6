//! How concentrated costs are: Lorenz curve, top shares and the Gini coefficient.

use crate::error::{Error, Result};
use serde::Serialize;

/// Cost concentration from per-person annual costs: configure the top fractions (default
/// 1 %, 5 % and 10 %), then [`ConcentrationParams::fit`].
///
/// ```text
/// costs sorted ascending x_(1) ≤ … ≤ x_(n), total T = Σ x_(i)
/// Lorenz curve   L(i/n) = (x_(1) + … + x_(i)) / T,  i = 0…n, straight between points
/// top share      S(p) = 1 − L(1 − p): the costliest k = p·n persons' share of T; when k is
///                not whole, the ⌊k⌋ costliest count in full and the next costliest counts
///                with weight k − ⌊k⌋ (linear interpolation on the Lorenz curve)
/// Gini           G = 2 Σ i·x_(i) / (n·T) − (n + 1)/n
///                (0 when all are equal; (n − 1)/n when one person has everything)
/// ```
///
/// The fractional person keeps the share continuous in `p`: with 150 persons the top 1 % is
/// 1.5 persons, the costliest one plus half of the second costliest, rather than jumping
/// between one and two persons. Municipal figures (the Frikommune network's "1 % of citizens
/// bear 30 % of the costs", Hørsholm's 39 %) do not say how they round; with this rule the
/// share is the Lorenz curve's, which is what the chart shows.
///
/// ```
/// use indsats::economics::ConcentrationParams;
/// let c = ConcentrationParams::default().fit(&[0.0, 0.0, 0.0, 100.0]).unwrap();
/// assert!((c.gini - 0.75).abs() < 1e-12);
/// assert!((c.top_shares[2].share - 0.4).abs() < 1e-12); // top 10 % = 0.4 persons, of 100
/// ```
///
/// # Errors
/// No costs, a negative or non-finite cost (named by position, 1-based), costs that are all
/// zero (no shares exist), a top fraction outside (0, 1].
///
/// # References
/// Lorenz (1905); Gini (1912). The Gini matches `ineq::Gini` in R (without the small-sample
/// correction). Figures quoted in `tests/reference/seeds/cost_concentration.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConcentrationParams {
    top_fractions: Vec<f64>,
}

impl Default for ConcentrationParams {
    fn default() -> Self {
        ConcentrationParams {
            top_fractions: vec![0.01, 0.05, 0.10],
        }
    }
}

/// One point on the Lorenz curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LorenzPoint {
    /// Share of persons, the least costly first (0 to 1).
    pub population_share: f64,
    /// Their share of total cost (0 to 1).
    pub cost_share: f64,
}

/// The share of cost borne by the costliest fraction of persons.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TopShare {
    /// The fraction of persons (0.01 is the costliest 1 %).
    pub fraction: f64,
    /// How many persons that is: `fraction · n`, possibly not whole.
    pub persons: f64,
    /// Their share of total cost.
    pub share: f64,
}

/// Cost concentration of one set of per-person costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concentration {
    /// Persons.
    pub n: usize,
    /// Total cost.
    pub total: f64,
    /// The Lorenz curve, n + 1 points from (0, 0) to (1, 1).
    pub lorenz: Vec<LorenzPoint>,
    /// The top shares, in the order the fractions were given.
    pub top_shares: Vec<TopShare>,
    /// The Gini coefficient.
    pub gini: f64,
}

impl ConcentrationParams {
    /// The top fractions to report (default `[0.01, 0.05, 0.10]`).
    pub fn top_fractions(mut self, fractions: Vec<f64>) -> Self {
        self.top_fractions = fractions;
        self
    }

    /// Checks the fractions.
    ///
    /// # Errors
    /// See [`ConcentrationParams`].
    pub fn check(&self) -> Result<()> {
        if let Some(p) = self
            .top_fractions
            .iter()
            .find(|p| !(p.is_finite() && **p > 0.0 && **p <= 1.0))
        {
            return Err(Error::parameter(
                "top_fractions",
                format!("{p} is not a fraction in (0, 1]"),
            ));
        }
        Ok(())
    }

    /// Computes the Lorenz curve, top shares and Gini coefficient of `costs`.
    ///
    /// # Errors
    /// See [`ConcentrationParams`].
    pub fn fit(&self, costs: &[f64]) -> Result<Concentration> {
        self.check()?;
        check_costs("costs", costs)?;
        let mut x = costs.to_vec();
        x.sort_by(f64::total_cmp);
        let n = x.len();
        let total: f64 = x.iter().sum();
        if total <= 0.0 {
            return Err(Error::analysis(format!(
                "all {n} costs are zero, so no one bears a share of them"
            )));
        }
        let nf = n as f64;
        let mut lorenz = Vec::with_capacity(n + 1);
        lorenz.push(LorenzPoint {
            population_share: 0.0,
            cost_share: 0.0,
        });
        let mut cum = 0.0;
        let mut weighted = 0.0;
        for (i, v) in x.iter().enumerate() {
            cum += v;
            weighted += (i + 1) as f64 * v;
            lorenz.push(LorenzPoint {
                population_share: (i + 1) as f64 / nf,
                cost_share: cum / total,
            });
        }
        // Round-off must not leave the last point off 1.
        lorenz[n].cost_share = 1.0;
        let gini = (2.0 * weighted / (nf * total) - (nf + 1.0) / nf).max(0.0);
        let top_shares = self
            .top_fractions
            .iter()
            .map(|&p| {
                let k = p * nf;
                // Sum from the top so that small shares do not come from a difference.
                let whole = (k.floor() as usize).min(n);
                let mut top: f64 = x[n - whole..].iter().sum();
                let part = k - whole as f64;
                if whole < n && part > 0.0 {
                    top += part * x[n - whole - 1];
                }
                TopShare {
                    fraction: p,
                    persons: k,
                    share: top / total,
                }
            })
            .collect();
        Ok(Concentration {
            n,
            total,
            lorenz,
            top_shares,
            gini,
        })
    }
}

/// Costs must exist and each be a finite, non-negative amount; the position is 1-based.
pub(super) fn check_costs(name: &str, costs: &[f64]) -> Result<()> {
    if costs.is_empty() {
        return Err(Error::parameter(name, "no costs given"));
    }
    if let Some((i, c)) = costs
        .iter()
        .enumerate()
        .find(|(_, c)| !c.is_finite() || **c < 0.0)
    {
        return Err(Error::parameter(
            name,
            format!("position {}: {c} is not a non-negative amount", i + 1),
        ));
    }
    Ok(())
}
