//! A social-investment business case: expenditure, net cost, break-even and NPV by year.

use crate::error::{Error, Result};
use serde::Serialize;

/// The Danish Ministry of Finance's socio-economic discount rate for years 0–35: 3.5 %.
///
/// # References
/// Finansministeriet, "Dokumentationsnotat – den samfundsøkonomiske diskonteringsrente",
/// 2021: 3.5 % for years 0–35 (then 2.5 % to year 70, 1.5 % after).
pub const MINISTRY_OF_FINANCE_DISCOUNT_RATE: f64 = 0.035;

/// One budget year of a business case, in kroner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BusinessYear {
    /// The budget year.
    pub year: i32,
    /// The municipality's own investment.
    pub investment: f64,
    /// Funding from outside (a grant, a pool); it is spent but not the municipality's cost.
    pub external_funding: f64,
    /// Gross savings (positive is a saving; negative a loss).
    pub gross_savings: f64,
}

/// A business case for a social investment: configure, then [`BusinessCase::fit`] on
/// the years.
///
/// ```text
/// total expenditure_t = investment_t + external funding_t
/// net_t               = investment_t − gross savings_t          (the municipality's net cost)
/// cumulative net_t    = Σ_{s ≤ t} net_s
/// break-even year     = the first year with cumulative net_t ≤ 0 (the cumulative net gain
///                       −cumulative net_t turns non-negative); None if never
/// NPV                 = Σ_t (gross savings_t − investment_t) / (1 + r)^(year_t − year_0)
///                       (the first year undiscounted; over the given years only)
/// ```
///
/// With [`BusinessCase::extend_years`] `n`, the last year's investment, external funding
/// and gross savings continue for `n` more years, and the break-even year is looked for
/// over the given and the continued years (the [`Extension`]); the NPV stays over the
/// given years. One-way sensitivity scales the investment, the gross savings and the
/// discount rate in turn by ±X % (default 10 %), the others held, and gives the NPV at
/// each end, widest range first, for a tornado chart.
///
/// ```
/// use indsats::economics::{BusinessCase, BusinessYear};
/// let y = |year, investment, gross_savings| BusinessYear {
///     year, investment, external_funding: 0.0, gross_savings,
/// };
/// let fit = BusinessCase::new()
///     .discount_rate(0.0)
///     .fit(&[y(2024, 100.0, 0.0), y(2025, 0.0, 60.0), y(2026, 0.0, 60.0)])
///     .unwrap();
/// assert_eq!(fit.cumulative_net, vec![100.0, 40.0, -20.0]);
/// assert_eq!(fit.break_even_year, Some(2026));
/// assert_eq!(fit.npv, 20.0);
/// ```
///
/// # Errors
/// No years; years not strictly increasing; an amount that is not finite; a discount rate
/// that is not finite or not above −1; a sensitivity share outside [0, 1). A negative
/// amount is allowed (a negative gross saving is a loss) and warned about.
///
/// # References
/// Finansministeriet (2021), "Dokumentationsnotat – den samfundsøkonomiske
/// diskonteringsrente" (the default rate, [`MINISTRY_OF_FINANCE_DISCOUNT_RATE`]); the
/// layout of Hørsholm Kommune's investeringsstrategi ("Samlet budget/investering"),
/// reproduced in `tests/reference/seeds/hoersholm_business_case.json`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BusinessCase {
    discount_rate: f64,
    extend_years: u32,
    sensitivity: f64,
}

impl Default for BusinessCase {
    fn default() -> Self {
        BusinessCase {
            discount_rate: MINISTRY_OF_FINANCE_DISCOUNT_RATE,
            extend_years: 0,
            sensitivity: 0.10,
        }
    }
}

/// The business case continued past the given years at the last year's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extension {
    /// The years continued (after the last given year).
    pub added_years: u32,
    /// Every year: the given ones, then the continued ones.
    pub years: Vec<i32>,
    /// Net cost per year.
    pub net: Vec<f64>,
    /// Cumulative net cost per year.
    pub cumulative_net: Vec<f64>,
}

/// Which input a sensitivity row varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitivityInput {
    /// The municipality's investment, every year.
    Investment,
    /// The gross savings, every year.
    GrossSavings,
    /// The discount rate.
    DiscountRate,
}

/// One bar of a tornado chart: the NPV with one input scaled down and up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The input varied.
    pub assumption: SensitivityInput,
    /// The share it is scaled by (0.1 = ±10 %).
    pub change: f64,
    /// NPV with the input scaled by 1 − change.
    pub npv_low_input: f64,
    /// NPV with the input scaled by 1 + change.
    pub npv_high_input: f64,
    /// The smaller of the two NPVs.
    pub npv_min: f64,
    /// The larger of the two NPVs.
    pub npv_max: f64,
}

/// A fitted business case; every vector runs over the given years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BusinessCaseFit {
    /// The budget years.
    pub years: Vec<i32>,
    /// The municipality's own investment.
    pub investment: Vec<f64>,
    /// External funding.
    pub external_funding: Vec<f64>,
    /// Gross savings.
    pub gross_savings: Vec<f64>,
    /// Investment + external funding.
    pub total_expenditure: Vec<f64>,
    /// Investment − gross savings.
    pub net: Vec<f64>,
    /// The running sum of `net`.
    pub cumulative_net: Vec<f64>,
    /// Present value of gross savings − investment, the first year undiscounted.
    pub npv: f64,
    /// The discount rate used.
    pub discount_rate: f64,
    /// The first year the cumulative net gain is non-negative, over the given and any
    /// continued years; `None` if never.
    pub break_even_year: Option<i32>,
    /// The continuation, when years were added.
    pub extension: Option<Extension>,
    /// One-way sensitivity of the NPV, widest range first.
    pub sensitivity: Vec<Sensitivity>,
    /// Warnings for the reader.
    pub warnings: Vec<String>,
}

fn npv(years: &[i32], savings: &[f64], investment: &[f64], rate: f64) -> f64 {
    let base = years[0];
    years
        .iter()
        .zip(savings.iter().zip(investment))
        .map(|(y, (s, i))| (s - i) / (1.0 + rate).powi(y - base))
        .sum()
}

fn cumulative(net: &[f64]) -> Vec<f64> {
    net.iter()
        .scan(0.0, |acc, n| {
            *acc += n;
            Some(*acc)
        })
        .collect()
}

impl BusinessCase {
    /// The default: the Ministry of Finance's rate, no continued years, ±10 % sensitivity.
    pub fn new() -> Self {
        Self::default()
    }

    /// The yearly discount rate as a fraction (default 0.035).
    pub fn discount_rate(mut self, rate: f64) -> Self {
        self.discount_rate = rate;
        self
    }

    /// Continue the last year's figures for `n` more years to find the break-even year.
    pub fn extend_years(mut self, n: u32) -> Self {
        self.extend_years = n;
        self
    }

    /// The share each input is scaled by in the sensitivity analysis (default 0.1).
    pub fn sensitivity(mut self, change: f64) -> Self {
        self.sensitivity = change;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// See [`BusinessCase`].
    pub fn check(&self) -> Result<()> {
        if !(self.discount_rate.is_finite() && self.discount_rate > -1.0) {
            return Err(Error::parameter(
                "discount-rate",
                format!(
                    "must be a finite fraction above -1 (0.035 is 3.5 %), not {}",
                    self.discount_rate
                ),
            ));
        }
        if !(self.sensitivity.is_finite() && (0.0..1.0).contains(&self.sensitivity)) {
            return Err(Error::parameter(
                "sensitivity",
                format!("must lie in [0, 1), not {}", self.sensitivity),
            ));
        }
        Ok(())
    }

    /// Computes the business case over `years`, given in increasing order.
    ///
    /// # Errors
    /// See [`BusinessCase`].
    pub fn fit(&self, years: &[BusinessYear]) -> Result<BusinessCaseFit> {
        self.check()?;
        if years.is_empty() {
            return Err(Error::analysis("a business case needs at least one year"));
        }
        let mut warnings = Vec::new();
        for (i, y) in years.iter().enumerate() {
            for (name, v) in [
                ("investment", y.investment),
                ("external_funding", y.external_funding),
                ("gross_savings", y.gross_savings),
            ] {
                if !v.is_finite() {
                    return Err(Error::parameter(
                        name,
                        format!("year {} is {v}; amounts must be finite", y.year),
                    ));
                }
                if v < 0.0 {
                    warnings.push(if name == "gross_savings" {
                        format!("year {}: gross savings are negative ({v}), a loss", y.year)
                    } else {
                        format!("year {}: {name} is negative ({v})", y.year)
                    });
                }
            }
            if i > 0 {
                let prev = years[i - 1].year;
                if y.year <= prev {
                    return Err(Error::parameter(
                        "year",
                        format!("years must increase: {} follows {prev}", y.year),
                    ));
                }
                if y.year > prev + 1 {
                    warnings.push(format!(
                        "no figures for the years between {prev} and {}; they count as nothing",
                        y.year
                    ));
                }
            }
        }
        let col = |f: fn(&BusinessYear) -> f64| years.iter().map(f).collect::<Vec<f64>>();
        let year: Vec<i32> = years.iter().map(|y| y.year).collect();
        let investment = col(|y| y.investment);
        let external_funding = col(|y| y.external_funding);
        let gross_savings = col(|y| y.gross_savings);
        let total_expenditure: Vec<f64> = investment
            .iter()
            .zip(&external_funding)
            .map(|(i, e)| i + e)
            .collect();
        let net: Vec<f64> = investment
            .iter()
            .zip(&gross_savings)
            .map(|(i, s)| i - s)
            .collect();
        let cumulative_net = cumulative(&net);
        let rate = self.discount_rate;
        let npv_base = npv(&year, &gross_savings, &investment, rate);

        let extension = (self.extend_years > 0).then(|| {
            let last = *years.last().expect("not empty");
            let mut all_years = year.clone();
            let mut all_net = net.clone();
            for k in 1..=self.extend_years as i32 {
                all_years.push(last.year + k);
                all_net.push(last.investment - last.gross_savings);
            }
            Extension {
                added_years: self.extend_years,
                cumulative_net: cumulative(&all_net),
                years: all_years,
                net: all_net,
            }
        });
        let (search_years, search_cum) = match &extension {
            Some(e) => (&e.years, &e.cumulative_net),
            None => (&year, &cumulative_net),
        };
        let break_even_year = search_years
            .iter()
            .zip(search_cum)
            .find(|(_, c)| **c <= 0.0)
            .map(|(y, _)| *y);
        if break_even_year.is_none() {
            warnings.push(if self.extend_years > 0 {
                format!(
                    "the investment does not break even within the given years and {} more",
                    self.extend_years
                )
            } else {
                "the investment does not break even within the given years".to_string()
            });
        }

        let c = self.sensitivity;
        let scaled = |v: &[f64], f: f64| v.iter().map(|x| x * f).collect::<Vec<f64>>();
        let mut sensitivity: Vec<Sensitivity> = if c > 0.0 {
            [
                SensitivityInput::Investment,
                SensitivityInput::GrossSavings,
                SensitivityInput::DiscountRate,
            ]
            .into_iter()
            .map(|input| {
                let at = |f: f64| match input {
                    SensitivityInput::Investment => {
                        npv(&year, &gross_savings, &scaled(&investment, f), rate)
                    }
                    SensitivityInput::GrossSavings => {
                        npv(&year, &scaled(&gross_savings, f), &investment, rate)
                    }
                    SensitivityInput::DiscountRate => {
                        npv(&year, &gross_savings, &investment, rate * f)
                    }
                };
                let (lo, hi) = (at(1.0 - c), at(1.0 + c));
                Sensitivity {
                    assumption: input,
                    change: c,
                    npv_low_input: lo,
                    npv_high_input: hi,
                    npv_min: lo.min(hi),
                    npv_max: lo.max(hi),
                }
            })
            .collect()
        } else {
            Vec::new()
        };
        sensitivity.sort_by(|a, b| (b.npv_max - b.npv_min).total_cmp(&(a.npv_max - a.npv_min)));

        Ok(BusinessCaseFit {
            years: year,
            investment,
            external_funding,
            gross_savings,
            total_expenditure,
            net,
            cumulative_net,
            npv: npv_base,
            discount_rate: rate,
            break_even_year,
            extension,
            sensitivity,
            warnings,
        })
    }
}
