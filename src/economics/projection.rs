//! Spending projected to a target year from yearly totals: a linear or log-linear trend.

use crate::effects::{check_ci_level, t_quantile};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// The trend fitted to the yearly totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectionModel {
    /// y = a + b·year: the same number of kroner added each year.
    Linear,
    /// log y = a + b·year: the same percentage added each year.
    LogLinear,
}

/// How a log-linear fit is taken back to kroner.
///
/// The default is [`BackTransform::Median`]: exp(fit) is the median of the projected
/// spending, and it is the point the exponentiated intervals are built around, so point and
/// intervals describe the same thing and the point always lies inside them. The mean is
/// larger by the skew of the lognormal; choose it when projections are to be added up
/// (budgets sum means, not medians).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BackTransform {
    /// exp(fit): the median (the default).
    #[default]
    Median,
    /// exp(fit + σ²/2): the mean if the errors are normal on the log scale.
    MeanLognormal,
    /// exp(fit) · mean(exp(residuals)): Duan's smearing estimate of the mean, without the
    /// normality assumption.
    MeanSmearing,
}

/// One year's total, as read (a year of months added up by [`yearly_totals`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct YearTotal {
    /// The calendar (budget) year.
    pub year: i32,
    /// The year's spending, in kroner.
    pub amount: f64,
    /// Months with data in the year, when the totals come from months (`None`: a full year).
    pub months: Option<u32>,
    /// Children 0–17 in the municipality that year, for spending per child.
    pub children: Option<f64>,
}

/// A prediction with its confidence interval for the mean (or, log-linear, the median) and
/// its prediction interval for the year's actual spending.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    /// The point prediction.
    pub fit: f64,
    /// Confidence interval for the trend's value that year.
    pub ci: [f64; 2],
    /// Prediction interval for the year's spending.
    pub pi: [f64; 2],
}

/// The trend at one year, observed or projected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ProjectedYear {
    /// The year.
    pub year: i32,
    /// The value the model was fitted to (spending, or spending per child); `None` for a
    /// future year.
    pub observed: Option<f64>,
    /// The trend with its intervals, on the modelled scale (kroner, or kroner per child).
    #[serde(flatten)]
    pub band: Band,
    /// Children 0–17 (observed, or given for a future year); `None` when not per child.
    pub children: Option<f64>,
    /// Per child: the band times the children given for the year (`None` when not given).
    pub total: Option<Band>,
}

/// A year left out of the fit, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedYear {
    /// The year.
    pub year: i32,
    /// Why.
    pub reason: String,
}

/// Years read, used and left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProjectionCounts {
    /// Years given.
    pub years: usize,
    /// Years the trend was fitted to.
    pub used: usize,
    /// Years left out (incomplete first or last years).
    pub excluded: usize,
}

/// A fitted projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionFit {
    /// The trend.
    pub model: ProjectionModel,
    /// How the log-linear point is taken back to kroner (`None` for linear).
    pub back_transform: Option<BackTransform>,
    /// Whether spending per child was modelled.
    pub per_child: bool,
    /// The level of the intervals.
    pub level: f64,
    /// The intercept a at year 0 (as R's `coef(lm)`), on the modelled scale.
    pub intercept: f64,
    /// The slope b per year, on the modelled scale (log kroner for log-linear).
    pub slope: f64,
    /// The slope's standard error.
    pub slope_std_error: f64,
    /// The slope's confidence interval.
    pub slope_ci: [f64; 2],
    /// The yearly change: b kroner (linear) or exp(b) − 1 as a fraction (log-linear).
    pub annual_change: f64,
    /// The residual standard error σ (log scale for log-linear).
    pub sigma: f64,
    /// R² on the modelled scale.
    pub r_squared: f64,
    /// Residual degrees of freedom (years used − 2).
    pub df: usize,
    /// The trend at each year used.
    pub fitted: Vec<ProjectedYear>,
    /// The trend at each year after the last one used, to the target year.
    pub projections: Vec<ProjectedYear>,
    /// Years left out, and why.
    pub excluded: Vec<ExcludedYear>,
    /// Counts.
    pub n: ProjectionCounts,
    /// Warnings for the reader.
    pub warnings: Vec<String>,
}

/// A spending projection: configure, then [`Projection::fit`] the yearly totals.
///
/// Least squares of spending (or its logarithm) on the year, as R's `lm`, and for each year
/// to the target the fitted value with its confidence interval (for the trend) and its
/// prediction interval (for the year's actual spending), as R's `predict(fit, newdata,
/// interval = "confidence" | "prediction", level)`. Log-linear intervals are the log-scale
/// ones exponentiated.
///
/// ```text
/// z_i = y_i (linear) or log y_i (log-linear); per child, y_i = spending_i / children_i
/// x̄ = mean year, Sxx = Σ (x_i − x̄)²,  b = Σ (x_i − x̄) z_i / Sxx,  a = z̄ − b x̄
/// σ² = Σ (z_i − a − b x_i)² / (n − 2),  t = t_{n−2, (1 + level)/2}
/// at year x0:   ẑ = a + b x0
///               se_mean = σ √(1/n + (x0 − x̄)²/Sxx),  se_new = σ √(1 + 1/n + (x0 − x̄)²/Sxx)
///               CI = ẑ ± t se_mean,   PI = ẑ ± t se_new
/// log-linear:   point exp(ẑ) (median), or exp(ẑ + σ²/2), or exp(ẑ) · mean(exp(e_i)) (mean);
///               intervals exp(CI), exp(PI)
/// per child:    with children N given for a future year, total = N × (point, CI, PI)
/// ```
///
/// Per child, the projection models spending per child and multiplies by the population the
/// user gives for the future year (a municipality's own population forecast), rather than
/// projecting the population as a second trend: the forecast is better than a straight line
/// through a few years of head counts, and the interval then covers the spending per child
/// only, treating the population as known.
///
/// Years of months: a first or last year with fewer than 12 months is left out (its total is
/// not a year's), with a warning; a gap inside a year elsewhere only warns.
///
/// ```
/// use indsats::economics::{Projection, ProjectionModel, YearTotal};
/// let years: Vec<YearTotal> = [(2020, 10.0), (2021, 14.0), (2022, 15.0)]
///     .iter()
///     .map(|&(year, amount)| YearTotal { year, amount, months: None, children: None })
///     .collect();
/// let fit = Projection::new(ProjectionModel::Linear).target_year(2023).fit(&years).unwrap();
/// let p = &fit.projections[0];
/// assert!((p.band.fit - 18.0).abs() < 1e-12);
/// // σ² = 1.5, se_new² = 1.5 (1 + 1/3 + 4/2) = 5, t(1 df, 0.975) = 12.7062…
/// assert!((p.band.pi[1] - (18.0 + 12.706204736174705 * 5f64.sqrt())).abs() < 1e-9);
/// ```
///
/// # Errors
/// A level outside (0, 1); a target year not after the last year used; the same year twice;
/// an amount that is not finite; more than 12 months in a year; fewer than 3 years left to
/// fit; log-linear: an amount at or below 0 (named by year); per child: a year without a
/// positive number of children (named); future children for a year outside the projection,
/// or without per child.
///
/// # References
/// Draper & Smith (1998), *Applied Regression Analysis*, ch. 3; Duan (1983), smearing
/// estimate, JASA 78:605–610. Matches R's `predict.lm` with `interval = "confidence"` and
/// `"prediction"` (`tests/reference/projection_r`).
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    model: ProjectionModel,
    target_year: Option<i32>,
    level: f64,
    back_transform: BackTransform,
    per_child: bool,
    future_children: BTreeMap<i32, f64>,
}

/// Years ahead of the last one when no target is given.
pub const DEFAULT_YEARS_AHEAD: i32 = 5;

impl Projection {
    /// A projection with this trend, to 5 years after the last year, at the 95 % level,
    /// median back-transform, spending as a whole.
    pub fn new(model: ProjectionModel) -> Self {
        Projection {
            model,
            target_year: None,
            level: 0.95,
            back_transform: BackTransform::Median,
            per_child: false,
            future_children: BTreeMap::new(),
        }
    }

    /// The last year to project to (default: the last year used + 5).
    pub fn target_year(mut self, year: i32) -> Self {
        self.target_year = Some(year);
        self
    }

    /// The level of the intervals (default 0.95).
    pub fn level(mut self, level: f64) -> Self {
        self.level = level;
        self
    }

    /// The log-linear back-transform (default [`BackTransform::Median`]).
    pub fn back_transform(mut self, b: BackTransform) -> Self {
        self.back_transform = b;
        self
    }

    /// Model spending per child (every year needs `children`).
    pub fn per_child(mut self, yes: bool) -> Self {
        self.per_child = yes;
        self
    }

    /// Children 0–17 expected in future years, to turn spending per child into totals.
    pub fn future_children(mut self, by_year: BTreeMap<i32, f64>) -> Self {
        self.future_children = by_year;
        self
    }

    /// Checks the settings.
    ///
    /// # Errors
    /// See [`Projection`].
    pub fn check(&self) -> Result<()> {
        check_ci_level(self.level).map_err(|_| {
            Error::parameter("level", format!("must lie in (0, 1), not {}", self.level))
        })?;
        if !self.future_children.is_empty() && !self.per_child {
            return Err(Error::parameter(
                "future_children",
                "children for future years need a projection per child",
            ));
        }
        if let Some((y, n)) = self
            .future_children
            .iter()
            .find(|(_, n)| !(n.is_finite() && **n > 0.0))
        {
            return Err(Error::parameter(
                "future_children",
                format!("{y}: {n} is not a positive number of children"),
            ));
        }
        Ok(())
    }

    /// Fits the trend to `years` (any order) and projects it to the target year.
    ///
    /// # Errors
    /// See [`Projection`].
    pub fn fit(&self, years: &[YearTotal]) -> Result<ProjectionFit> {
        self.check()?;
        let mut rows = years.to_vec();
        rows.sort_by_key(|r| r.year);
        if let Some(w) = rows.windows(2).find(|w| w[0].year == w[1].year) {
            return Err(Error::parameter(
                "years",
                format!("year {} is given twice", w[0].year),
            ));
        }
        for r in &rows {
            if !r.amount.is_finite() {
                return Err(Error::parameter(
                    "amount",
                    format!("year {}: {} is not an amount", r.year, r.amount),
                ));
            }
            if let Some(m) = r.months.filter(|m| *m > 12) {
                return Err(Error::parameter(
                    "months",
                    format!("year {} has {m} months", r.year),
                ));
            }
        }
        let mut warnings = Vec::new();
        let mut excluded = Vec::new();
        // An incomplete first or last year is a part-year total: leave it out.
        let incomplete = |r: &YearTotal| r.months.is_some_and(|m| m < 12);
        let mut used: Vec<YearTotal> = rows.clone();
        for edge in ["last", "first"] {
            let r = match edge {
                "last" => used.last().copied(),
                _ => used.first().copied(),
            };
            if let Some(r) = r.filter(|r| incomplete(r) && used.len() > 1) {
                let m = r.months.unwrap_or(0);
                let reason = format!(
                    "the {edge} year, {}, has data for {m} of 12 months; its total is not a year's and is left out",
                    r.year
                );
                warnings.push(reason.clone());
                excluded.push(ExcludedYear {
                    year: r.year,
                    reason,
                });
                used.retain(|u| u.year != r.year);
            }
        }
        excluded.sort_by_key(|e| e.year);
        for r in used.iter().filter(|r| incomplete(r)) {
            warnings.push(format!(
                "{} has data for only {} of 12 months, so its total is likely too low",
                r.year,
                r.months.unwrap_or(0)
            ));
        }
        let n = used.len();
        if n < 3 {
            return Err(Error::analysis(format!(
                "a trend needs at least 3 years of spending, found {n}{}",
                if excluded.is_empty() {
                    String::new()
                } else {
                    format!(" after leaving out {} incomplete", excluded.len())
                }
            )));
        }
        if n < 5 {
            warnings.push(format!(
                "only {n} years: the trend and its intervals rest on very few points (5 or more are advisable)"
            ));
        }
        let gaps: Vec<String> = used
            .windows(2)
            .flat_map(|w| (w[0].year + 1)..w[1].year)
            .map(|y| y.to_string())
            .collect();
        if !gaps.is_empty() {
            warnings.push(format!(
                "no data for {}; the trend is fitted to the years there are",
                gaps.join(", ")
            ));
        }
        let first = used[0].year;
        let last = used[n - 1].year;
        let target = self.target_year.unwrap_or(last + DEFAULT_YEARS_AHEAD);
        if target <= last {
            return Err(Error::parameter(
                "target_year",
                format!("{target} is not after the last year with data, {last}"),
            ));
        }
        let span = last - first;
        if (target - last) > 2 * span {
            warnings.push(format!(
                "the projection runs {} years beyond the data, more than twice the {span} years the data span; treat the far years with great caution",
                target - last
            ));
        }
        if let Some(y) = self
            .future_children
            .keys()
            .find(|y| **y <= last || **y > target)
        {
            return Err(Error::parameter(
                "future_children",
                format!("{y} is not among the projected years {}–{target}", last + 1),
            ));
        }
        // The modelled values.
        let mut z = Vec::with_capacity(n);
        let mut observed = Vec::with_capacity(n);
        for r in &used {
            let y = if self.per_child {
                let c = r.children.ok_or_else(|| {
                    Error::parameter(
                        "children",
                        format!(
                            "year {}: no number of children for spending per child",
                            r.year
                        ),
                    )
                })?;
                if !(c.is_finite() && c > 0.0) {
                    return Err(Error::parameter(
                        "children",
                        format!("year {}: {c} is not a positive number of children", r.year),
                    ));
                }
                r.amount / c
            } else {
                r.amount
            };
            observed.push(y);
            z.push(match self.model {
                ProjectionModel::Linear => y,
                ProjectionModel::LogLinear => {
                    if y <= 0.0 {
                        return Err(Error::analysis(format!(
                            "year {}: spending {} is not positive, so it has no logarithm; use the linear model",
                            r.year, r.amount
                        )));
                    }
                    y.ln()
                }
            });
        }
        let nf = n as f64;
        let x: Vec<f64> = used.iter().map(|r| f64::from(r.year)).collect();
        let xbar = x.iter().sum::<f64>() / nf;
        let zbar = z.iter().sum::<f64>() / nf;
        let sxx: f64 = x.iter().map(|v| (v - xbar).powi(2)).sum();
        let sxz: f64 = x.iter().zip(&z).map(|(v, w)| (v - xbar) * (w - zbar)).sum();
        let b = sxz / sxx;
        let residuals: Vec<f64> = x
            .iter()
            .zip(&z)
            .map(|(v, w)| w - zbar - b * (v - xbar))
            .collect();
        let sse: f64 = residuals.iter().map(|e| e * e).sum();
        let syy: f64 = z.iter().map(|w| (w - zbar).powi(2)).sum();
        let df = n - 2;
        let sigma2 = sse / df as f64;
        let sigma = sigma2.sqrt();
        let t = t_quantile((1.0 + self.level) / 2.0, df as f64);
        let slope_se = (sigma2 / sxx).sqrt();
        let factor = match (self.model, self.back_transform) {
            (ProjectionModel::Linear, _) | (_, BackTransform::Median) => 1.0,
            (_, BackTransform::MeanLognormal) => (sigma2 / 2.0).exp(),
            (_, BackTransform::MeanSmearing) => residuals.iter().map(|e| e.exp()).sum::<f64>() / nf,
        };
        let band = |year: i32| -> Band {
            let d = f64::from(year) - xbar;
            let mu = zbar + b * d;
            let h = 1.0 / nf + d * d / sxx;
            let se_mean = sigma * h.sqrt();
            let se_new = sigma * (1.0 + h).sqrt();
            let ci = [mu - t * se_mean, mu + t * se_mean];
            let pi = [mu - t * se_new, mu + t * se_new];
            match self.model {
                ProjectionModel::Linear => Band { fit: mu, ci, pi },
                ProjectionModel::LogLinear => Band {
                    fit: mu.exp() * factor,
                    ci: ci.map(f64::exp),
                    pi: pi.map(f64::exp),
                },
            }
        };
        let fitted = used
            .iter()
            .zip(&observed)
            .map(|(r, o)| ProjectedYear {
                year: r.year,
                observed: Some(*o),
                band: band(r.year),
                children: if self.per_child { r.children } else { None },
                total: None,
            })
            .collect();
        let projections = ((last + 1)..=target)
            .map(|year| {
                let bd = band(year);
                let children = self.future_children.get(&year).copied();
                ProjectedYear {
                    year,
                    observed: None,
                    band: bd,
                    children,
                    total: children.map(|c| Band {
                        fit: bd.fit * c,
                        ci: bd.ci.map(|v| v * c),
                        pi: bd.pi.map(|v| v * c),
                    }),
                }
            })
            .collect();
        if self.model == ProjectionModel::Linear
            && b < 0.0
            && (zbar + b * (f64::from(target) - xbar)) < 0.0
        {
            warnings.push(format!(
                "the falling straight line goes below zero by {target}; a log-linear trend cannot"
            ));
        }
        Ok(ProjectionFit {
            model: self.model,
            back_transform: (self.model == ProjectionModel::LogLinear)
                .then_some(self.back_transform),
            per_child: self.per_child,
            level: self.level,
            intercept: zbar - b * xbar,
            slope: b,
            slope_std_error: slope_se,
            slope_ci: [b - t * slope_se, b + t * slope_se],
            annual_change: match self.model {
                ProjectionModel::Linear => b,
                ProjectionModel::LogLinear => b.exp_m1(),
            },
            sigma,
            r_squared: if syy > 0.0 { 1.0 - sse / syy } else { 1.0 },
            df,
            fitted,
            projections,
            n: ProjectionCounts {
                years: rows.len(),
                used: n,
                excluded: excluded.len(),
            },
            excluded,
            warnings,
        })
    }
}

/// Adds monthly amounts up to yearly totals, counting the distinct months with data in each
/// year. Rows are `(year, month 1–12, amount)`, in any order.
///
/// ```
/// use indsats::economics::yearly_totals;
/// let t = yearly_totals(&[(2023, 1, 5.0), (2023, 1, 2.0), (2023, 2, 1.0), (2024, 12, 4.0)]).unwrap();
/// assert_eq!((t[0].year, t[0].amount, t[0].months), (2023, 8.0, Some(2)));
/// assert_eq!((t[1].year, t[1].amount, t[1].months), (2024, 4.0, Some(1)));
/// ```
///
/// # Errors
/// A month outside 1–12 or an amount that is not finite (named by year and month).
pub fn yearly_totals(months: &[(i32, u32, f64)]) -> Result<Vec<YearTotal>> {
    let mut by_year: BTreeMap<i32, (f64, [bool; 12])> = BTreeMap::new();
    for &(year, month, amount) in months {
        if !(1..=12).contains(&month) {
            return Err(Error::parameter(
                "month",
                format!("{year}: {month} is not a month 1–12"),
            ));
        }
        if !amount.is_finite() {
            return Err(Error::parameter(
                "amount",
                format!("{year}-{month:02}: {amount} is not an amount"),
            ));
        }
        let e = by_year.entry(year).or_insert((0.0, [false; 12]));
        e.0 += amount;
        e.1[month as usize - 1] = true;
    }
    Ok(by_year
        .into_iter()
        .map(|(year, (amount, seen))| YearTotal {
            year,
            amount,
            months: Some(seen.iter().filter(|s| **s).count() as u32),
            children: None,
        })
        .collect())
}
