//! Interrupted time series: segmented regression of one series (or a treated series against
//! a comparison series) on its time trend before and after an interruption, with
//! Newey–West standard errors, the effect per period against the extended pre-trend, and
//! residual autocorrelation as a diagnostic.
// Design matrices read best with explicit indices.
#![allow(clippy::needless_range_loop)]

use super::dist::{check_ci_level, normal, normal_p_two_sided, t_p_two_sided, t_quantile};
use super::ols::{ols, Covariance, OlsFit};
use crate::data::{parse_month, YearMonth};
use crate::error::{Error, Result};
use serde::Serialize;
use statrs::distribution::ContinuousCDF;

/// How p-values and intervals are taken from the Newey–West standard errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Inference {
    /// The standard normal, as statsmodels does for `cov_type="HAC"` by default.
    #[default]
    Normal,
    /// Student's t on n − k degrees of freedom, as statsmodels with `use_t=True`.
    T,
}

/// The time axis of a series: the values as given, or calendar months numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeScale {
    /// Integer time values, used as they are.
    Integer,
    /// Calendar months, converted to an index: the first month of the series is 1.
    Month {
        /// The first month of the series (index 1).
        first: YearMonth,
    },
}

/// One series (and optionally a comparison series measured at the same times), as read.
///
/// Rows may come in any order; [`Its::fit`] sorts them by time and refuses a repeated time
/// or a missing one.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The outcome's name.
    pub outcome: String,
    /// The time of each point, in the units of [`Series::scale`] (months: the index).
    pub time: Vec<i64>,
    /// The outcome of each point.
    pub y: Vec<f64>,
    /// The comparison series' name and values, one per point.
    pub control: Option<(String, Vec<f64>)>,
    /// The row of each point in its file, named in messages (default 1, 2, …).
    pub rows: Vec<usize>,
    /// What the time values are.
    pub scale: TimeScale,
}

impl Series {
    /// A series on integer time values.
    pub fn new(outcome: impl Into<String>, time: Vec<i64>, y: Vec<f64>) -> Series {
        let rows = (1..=time.len()).collect();
        Series {
            outcome: outcome.into(),
            time,
            y,
            control: None,
            rows,
            scale: TimeScale::Integer,
        }
    }

    /// A monthly series: `months` as `2021-03` (any form [`parse_month`] reads), converted to
    /// an index with the earliest month as 1.
    ///
    /// # Errors
    /// A value that is not a month (naming its row), or no values at all.
    pub fn months(outcome: impl Into<String>, months: &[&str], y: Vec<f64>) -> Result<Series> {
        let mut parsed = Vec::with_capacity(months.len());
        for (i, m) in months.iter().enumerate() {
            let (year, month) = parse_month(m).ok_or_else(|| {
                Error::parameter(
                    "time",
                    format!(
                        "row {}: \"{m}\" is not a month (expected e.g. 2021-03)",
                        i + 1
                    ),
                )
            })?;
            parsed.push(YearMonth { year, month });
        }
        let first = *parsed
            .iter()
            .min()
            .ok_or_else(|| Error::analysis("the series has no points"))?;
        let time = parsed
            .iter()
            .map(|m| month_number(*m) - month_number(first) + 1)
            .collect();
        let mut s = Series::new(outcome, time, y);
        s.scale = TimeScale::Month { first };
        Ok(s)
    }

    /// Adds a comparison series (controlled interrupted time series).
    pub fn control(mut self, name: impl Into<String>, values: Vec<f64>) -> Series {
        self.control = Some((name.into(), values));
        self
    }

    /// Sets the file row of each point, for messages.
    pub fn rows(mut self, rows: Vec<usize>) -> Series {
        self.rows = rows;
        self
    }

    /// The time value of a label in this series' scale: an integer, or a month for a
    /// monthly series (`2020-01` → its index).
    ///
    /// # Errors
    /// A label that is not of the series' kind.
    pub fn time_of(&self, label: &str) -> Result<i64> {
        match self.scale {
            TimeScale::Integer => label.trim().parse::<i64>().map_err(|_| {
                Error::parameter(
                    "interruption",
                    format!("\"{label}\" is not a whole number, as the time values are"),
                )
            }),
            TimeScale::Month { first } => {
                let (year, month) = parse_month(label).ok_or_else(|| {
                    Error::parameter(
                        "interruption",
                        format!("\"{label}\" is not a month (expected e.g. 2020-01), as the time values are"),
                    )
                })?;
                Ok(month_number(YearMonth { year, month }) - month_number(first) + 1)
            }
        }
    }

    /// A time value as people read it: the number, or the month.
    pub fn label_of(&self, t: i64) -> String {
        match self.scale {
            TimeScale::Integer => t.to_string(),
            TimeScale::Month { first } => month_of(month_number(first) + t - 1).to_string(),
        }
    }

    /// The count that decides the season: t − 1, or for months the months since year 0
    /// (so that with period 12 the season is the calendar month).
    fn season_base(&self, t: i64) -> i64 {
        match self.scale {
            TimeScale::Integer => t - 1,
            TimeScale::Month { first } => month_number(first) + t - 1,
        }
    }
}

fn month_number(m: YearMonth) -> i64 {
    i64::from(m.year) * 12 + i64::from(m.month) - 1
}

fn month_of(n: i64) -> YearMonth {
    YearMonth {
        year: n.div_euclid(12) as i32,
        month: n.rem_euclid(12) as u32 + 1,
    }
}

/// Newey and West's default number of lags for `n` time points: floor(4 (n/100)^(2/9)).
pub fn default_hac_lags(n: usize) -> usize {
    (4.0 * (n as f64 / 100.0).powf(2.0 / 9.0)).floor() as usize
}

/// Segmented regression for an interrupted time series: the parameters, checked before
/// fitting.
///
/// ```text
/// y_t = b0 + b1·t + b2·L_t + b3·S_t (+ Σ_s c_s·season_s(t)) + e_t
///   L_t = 1{t ≥ T}                 level change from the first period after the interruption
///   S_t = (t − T + 1)·1{t ≥ T}     slope change: 1 in the first post period
///   season_s(t) = 1{season(t) = s}, s = 2..P, season(t) = (t − 1 mod P) + 1
///                 (months: the calendar month when P = 12; season 1 is the reference)
/// controlled (treated g = 1 and comparison g = 0 stacked):
///   + b4·g + b5·g·t + b6·g·L_t + b7·g·S_t;  the effect is b6 (level) and b7 (slope);
///   season dummies, if any, are shared by both series
/// V = Newey–West (Bartlett weights, L lags, no prewhitening; controlled: within each
///     series), · n/(n − k) if corrected;  L default floor(4 (m/100)^(2/9)), m points per series
/// effect h periods after the interruption (h = 1 the first): b2 + h·b3 (controlled b6 + h·b7),
///     SE √(c'Vc);  counterfactual = fitted − effect (the pre-trend extended)
/// post-period slope: b1 + b3 (controlled, of the treated series: b1 + b3 + b5 + b7)
/// Durbin–Watson = Σ (e_t − e_{t−1})² / Σ e_t²;  lag-1 r = Pearson r of (e_t, e_{t−1})
/// ```
///
/// ```
/// use indsats::effects::{Its, Series};
/// // a straight line that jumps by 3 at t = 5 and then rises 0.5 faster, plus a wiggle
/// let wiggle = [0.1, -0.1, 0.05, -0.05, 0.1, -0.1, 0.05, -0.05];
/// let y: Vec<f64> = (1..=8)
///     .map(|t| {
///         let (l, s) = if t >= 5 { (1.0, (t - 4) as f64) } else { (0.0, 0.0) };
///         1.0 + 0.2 * t as f64 + 3.0 * l + 0.5 * s + wiggle[t as usize - 1]
///     })
///     .collect();
/// let fit = Its::new(5).hac_lags(Some(1)).fit(&Series::new("y", (1..=8).collect(), y)).unwrap();
/// assert!((fit.coef("level_change").unwrap().coef - 3.0).abs() < 0.5);
/// assert_eq!(fit.n.pre, 4);
/// ```
///
/// # Errors
/// Before fitting: a confidence level outside (0, 1), a seasonal period below 2, a horizon
/// of 0. When fitting: series of different lengths, a value that is not finite, a repeated
/// or missing time value (naming the rows), an interruption outside the series, fewer than
/// 3 points before or after it, a season that never occurs, as many lags as points.
///
/// # References
/// Wagner, Soumerai, Zhang & Ross-Degnan (2002), segmented regression of interrupted time
/// series; Linden (2015), `itsa` (controlled); Newey & West (1987, 1994). Matches
/// statsmodels' `OLS(...).fit(cov_type="HAC", cov_kwds={"maxlags": L, "use_correction":
/// ...}, use_t=...)`, and `cov_type="hac-panel"` (groups = series, `df_correction=False`)
/// for the controlled design.
#[derive(Debug, Clone, PartialEq)]
pub struct Its {
    interruption: i64,
    hac_lags: Option<usize>,
    hac_correction: bool,
    seasonal: Option<usize>,
    inference: Inference,
    ci_level: f64,
    horizons: Vec<i64>,
}

impl Its {
    /// An interrupted time series whose first period after the interruption is
    /// `interruption` (in the series' time units; see [`Series::time_of`]).
    pub fn new(interruption: i64) -> Its {
        Its {
            interruption,
            hac_lags: None,
            hac_correction: false,
            seasonal: None,
            inference: Inference::Normal,
            ci_level: 0.95,
            horizons: Vec::new(),
        }
    }

    /// Sets the first period after the interruption.
    pub fn interruption(mut self, t: i64) -> Its {
        self.interruption = t;
        self
    }

    /// Newey–West lags (`None`: floor(4 (m/100)^(2/9)) for m points per series).
    pub fn hac_lags(mut self, lags: Option<usize>) -> Its {
        self.hac_lags = lags;
        self
    }

    /// Multiply the covariance by n/(n − k) (statsmodels' `use_correction=True`).
    pub fn hac_correction(mut self, on: bool) -> Its {
        self.hac_correction = on;
        self
    }

    /// Season dummies for this period (12 for months of the year).
    pub fn seasonal(mut self, period: Option<usize>) -> Its {
        self.seasonal = period;
        self
    }

    /// Normal (default) or t inference.
    pub fn inference(mut self, inference: Inference) -> Its {
        self.inference = inference;
        self
    }

    /// The confidence level (default 0.95).
    pub fn ci_level(mut self, level: f64) -> Its {
        self.ci_level = level;
        self
    }

    /// Periods after the interruption (1 = the first) at which to report the effect, besides
    /// the last observed one.
    pub fn horizons(mut self, horizons: Vec<i64>) -> Its {
        self.horizons = horizons;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A confidence level outside (0, 1), a seasonal period below 2, a horizon below 1.
    pub fn check(&self) -> Result<()> {
        check_ci_level(self.ci_level)?;
        if let Some(p) = self.seasonal.filter(|p| *p < 2) {
            return Err(Error::parameter(
                "seasonal",
                format!("must be a period of at least 2, not {p}"),
            ));
        }
        if let Some(h) = self.horizons.iter().find(|h| **h < 1) {
            return Err(Error::parameter(
                "horizons",
                format!("count periods after the interruption from 1 (the first); {h} is not one"),
            ));
        }
        Ok(())
    }

    /// Fits the segmented regression.
    ///
    /// # Errors
    /// See [`Its`].
    pub fn fit(&self, series: &Series) -> Result<ItsFit> {
        self.check()?;
        let points = ordered(series)?;
        let m = points.len();
        let t_first = points[0].time;
        let t_last = points[m - 1].time;
        let big_t = self.interruption;
        if big_t <= t_first || big_t > t_last {
            return Err(Error::analysis(format!(
                "the interruption {} lies outside the series ({} to {}); it must be a time after \
                 the first and no later than the last",
                series.label_of(big_t),
                series.label_of(t_first),
                series.label_of(t_last)
            )));
        }
        let n_pre = (big_t - t_first) as usize;
        let n_post = m - n_pre;
        let mut warnings = Vec::new();
        for (side, count) in [("before", n_pre), ("after", n_post)] {
            if count < 3 {
                return Err(Error::analysis(format!(
                    "{count} points {side} the interruption; a segmented regression needs at \
                     least 3 on each side"
                )));
            }
            if count < 8 {
                warnings.push(format!(
                    "only {count} points {side} the interruption: the trend there rests on few \
                     points, and the Newey–West errors are unreliable in short series"
                ));
            }
        }
        let lags = self.hac_lags.unwrap_or_else(|| default_hac_lags(m));
        if lags >= m {
            return Err(Error::parameter(
                "hac_lags",
                format!("must be less than the {m} points of the series, not {lags}"),
            ));
        }
        let controlled = series.control.is_some();
        // The design: the treated series, then (controlled) the comparison series.
        let groups: Vec<f64> = if controlled {
            vec![1.0, 0.0]
        } else {
            vec![1.0]
        };
        let mut cols: Vec<(String, Vec<f64>)> =
            ["intercept", "time", "level_change", "slope_change"]
                .iter()
                .map(|n| (n.to_string(), Vec::new()))
                .collect();
        if controlled {
            for n in [
                "group",
                "group_time",
                "group_level_change",
                "group_slope_change",
            ] {
                cols.push((n.to_string(), Vec::new()));
            }
        }
        let seasons = match self.seasonal {
            Some(p) => {
                let of = |t: i64| series.season_base(t).rem_euclid(p as i64) as usize + 1;
                if let Some(s) = (1..=p).find(|s| !points.iter().any(|x| of(x.time) == *s)) {
                    return Err(Error::analysis(format!(
                        "seasonal period {p}: season {s} never occurs in the series, so its \
                         effect cannot be estimated; use a shorter period or a longer series"
                    )));
                }
                for s in 2..=p {
                    cols.push((format!("season_{s}"), Vec::new()));
                }
                points.iter().map(|x| of(x.time)).collect()
            }
            None => Vec::new(),
        };
        let mut y = Vec::with_capacity(m * groups.len());
        let mut panels = Vec::with_capacity(m * groups.len());
        for &g in &groups {
            for (i, p) in points.iter().enumerate() {
                let t = p.time as f64;
                let l = f64::from(u8::from(p.time >= big_t));
                let s = if p.time >= big_t {
                    (p.time - big_t + 1) as f64
                } else {
                    0.0
                };
                let mut row = vec![1.0, t, l, s];
                if controlled {
                    row.extend([g, g * t, g * l, g * s]);
                }
                if let Some(period) = self.seasonal {
                    row.extend((2..=period).map(|k| f64::from(u8::from(seasons[i] == k))));
                }
                for (c, v) in cols.iter_mut().zip(row) {
                    c.1.push(v);
                }
                y.push(if g == 1.0 {
                    p.y
                } else {
                    p.control.expect("controlled")
                });
                panels.push(if g == 1.0 { "treated" } else { "control" }.to_string());
            }
        }
        let design: Vec<(&str, Vec<f64>)> =
            cols.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
        let classical = ols(&design, &y, &Covariance::Classical, self.ci_level)?;
        let hac = ols(
            &design,
            &y,
            &Covariance::NeweyWest {
                lags,
                correction: self.hac_correction,
                panels: controlled.then_some(panels),
            },
            self.ci_level,
        )?;
        let n_rows = y.len();
        let k = design.len();
        let df = (n_rows - k) as f64;
        let infer = Infer {
            inference: self.inference,
            df,
            level: self.ci_level,
        };
        let beta: Vec<f64> = hac.coefficients.iter().map(|c| c.coef).collect();
        let coefficients: Vec<ItsCoefficient> = hac
            .coefficients
            .iter()
            .zip(&classical.coefficients)
            .map(|(h, c)| {
                let (z, p_value, ci) = infer.of(h.coef, h.std_error);
                ItsCoefficient {
                    term: h.term.clone(),
                    coef: h.coef,
                    std_error: h.std_error,
                    classical_std_error: c.std_error,
                    z,
                    p_value,
                    ci,
                }
            })
            .collect();
        // Where the effect terms sit in the design.
        let (level_at, slope_at) = if controlled { (6, 7) } else { (2, 3) };
        let contrast = |name: String, horizon: Option<i64>, c: &[f64]| -> Contrast {
            let estimate: f64 = c.iter().zip(&beta).map(|(c, b)| c * b).sum();
            let var: f64 = (0..k)
                .map(|p| (0..k).map(|q| c[p] * hac.vcov[p][q] * c[q]).sum::<f64>())
                .sum();
            let std_error = var.max(0.0).sqrt();
            let (z, p_value, ci) = infer.of(estimate, std_error);
            Contrast {
                name,
                horizon,
                estimate,
                std_error,
                z,
                p_value,
                ci,
            }
        };
        let effect_vector = |h: i64| {
            let mut c = vec![0.0; k];
            c[level_at] = 1.0;
            c[slope_at] = h as f64;
            c
        };
        let mut contrasts = Vec::new();
        let mut slope = vec![0.0; k];
        slope[1] = 1.0;
        slope[3] = 1.0;
        if controlled {
            slope[5] = 1.0;
            slope[7] = 1.0;
        }
        contrasts.push(contrast("post_slope".into(), None, &slope));
        let h_end = n_post as i64;
        contrasts.push(contrast(
            "effect_at_end".into(),
            Some(h_end),
            &effect_vector(h_end),
        ));
        for &h in &self.horizons {
            if h > h_end {
                warnings.push(format!(
                    "the effect {h} periods after the interruption lies beyond the last observed \
                     period ({h_end}): it extrapolates the post-period trend"
                ));
            }
            contrasts.push(contrast(
                format!("effect_at_{h}"),
                Some(h),
                &effect_vector(h),
            ));
        }
        // The treated series' path: fitted, counterfactual (pre-trend extended) and effect.
        let fitted_of = |row: usize| -> f64 { (0..k).map(|j| design[j].1[row] * beta[j]).sum() };
        let path: Vec<PathPoint> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let fitted = fitted_of(i);
                let post = p.time >= big_t;
                let effect =
                    post.then(|| contrast(String::new(), None, &effect_vector(p.time - big_t + 1)));
                PathPoint {
                    time: p.time,
                    label: series.label_of(p.time),
                    post,
                    observed: p.y,
                    fitted,
                    counterfactual: fitted - effect.as_ref().map_or(0.0, |e| e.estimate),
                    effect: effect.as_ref().map(|e| e.estimate),
                    effect_std_error: effect.as_ref().map(|e| e.std_error),
                    effect_ci: effect.as_ref().map(|e| e.ci),
                    control_observed: p.control,
                    control_fitted: controlled.then(|| fitted_of(m + i)),
                }
            })
            .collect();
        let notes = match series.scale {
            TimeScale::Month { first } => vec![format!(
                "the months are numbered from 1 ({first} = 1): the intercept is the level in \
                 the month before {first}, the slopes are per month, and the interruption \
                 {} is period {big_t}",
                series.label_of(big_t)
            )],
            TimeScale::Integer => Vec::new(),
        };
        let mut diagnostics = diagnostics(&hac, &classical, groups.len(), m, df);
        let scale = y.iter().fold(0.0f64, |a, v| a.max(v.abs())).max(1.0);
        if classical.sigma <= 1e-10 * scale {
            // Residuals at rounding level: their autocorrelation is noise of the arithmetic.
            diagnostics.durbin_watson = None;
            diagnostics.residual_lag1_autocorrelation = None;
            warnings.push(
                "the model fits the series exactly (residuals are zero up to rounding): the \
                 standard errors, tests and residual autocorrelation carry no information"
                    .to_string(),
            );
        }
        if let Some(r) = diagnostics
            .residual_lag1_autocorrelation
            .filter(|r| r.abs() >= STRONG_AUTOCORRELATION)
        {
            warnings.push(format!(
                "the residuals are strongly autocorrelated (lag-1 r = {r:.2}, Durbin–Watson \
                 {:.2}): the Newey–West errors with {lags} lags may still be too small, and a \
                 straight trend may not fit the series; consider more lags or a longer \
                 pre-period",
                diagnostics.durbin_watson.unwrap_or(f64::NAN)
            ));
        }
        let head = &coefficients[level_at];
        let correction_text = if self.hac_correction {
            "with the n/(n − k) correction"
        } else {
            "no small-sample correction"
        };
        let inference_text = match self.inference {
            Inference::Normal => "normal inference".to_string(),
            Inference::T => format!("t inference on {df} df"),
        };
        Ok(ItsFit {
            method: "its".into(),
            design: if controlled { "controlled" } else { "single" }.into(),
            estimand: if controlled {
                "level change against the comparison series"
            } else {
                "level change"
            }
            .into(),
            outcome: series.outcome.clone(),
            control_series: series.control.as_ref().map(|(n, _)| n.clone()),
            estimate: head.coef,
            std_error: head.std_error,
            ci: head.ci,
            ci_level: self.ci_level,
            p_value: head.p_value,
            std_error_method: format!(
                "Newey–West (HAC), Bartlett weights, {lags} lags, {correction_text}, {inference_text}"
            ),
            inference: self.inference,
            df: (self.inference == Inference::T).then_some(df),
            hac: HacSpec {
                lags,
                lags_rule: if self.hac_lags.is_some() {
                    "given".into()
                } else {
                    format!("floor(4·({m}/100)^(2/9))")
                },
                correction: self.hac_correction,
                kernel: "bartlett".into(),
                prewhitening: false,
                within_series: controlled,
            },
            interruption: Interruption {
                time: big_t,
                label: series.label_of(big_t),
            },
            time_scale: series.scale,
            seasonal: self.seasonal.map(|period| Seasonal {
                period,
                reference_season: 1,
            }),
            coefficients,
            vcov: hac.vcov.clone(),
            contrasts,
            diagnostics,
            counterfactual: path,
            n: ItsCounts {
                treated: m,
                control: if controlled { m } else { 0 },
                used_treated: m,
                used_control: if controlled { m } else { 0 },
                excluded: 0,
                pre: n_pre,
                post: n_post,
                series: groups.len(),
                rows: n_rows,
                rows_summed: None,
            },
            notes,
            balance: Vec::new(),
            warnings,
        })
    }
}

/// A lag-1 residual correlation at least this large (in size) is warned about: Newey–West
/// intervals are known to cover too rarely under strong positive autocorrelation (Andrews
/// 1991; Kiefer & Vogelsang 2005).
const STRONG_AUTOCORRELATION: f64 = 0.5;

/// How a statistic is turned into a p-value and an interval.
struct Infer {
    inference: Inference,
    df: f64,
    level: f64,
}

impl Infer {
    fn of(&self, estimate: f64, se: f64) -> (Option<f64>, Option<f64>, [f64; 2]) {
        let (p, q) = match self.inference {
            Inference::Normal => {
                let z = estimate / se;
                (
                    normal_p_two_sided(z),
                    normal().inverse_cdf(0.5 + self.level / 2.0),
                )
            }
            Inference::T => {
                let t = estimate / se;
                (
                    t_p_two_sided(t, self.df),
                    t_quantile(0.5 + self.level / 2.0, self.df),
                )
            }
        };
        let z = estimate / se;
        (
            z.is_finite().then_some(z),
            p.is_finite().then_some(p),
            [estimate - q * se, estimate + q * se],
        )
    }
}

/// One point of the series, sorted.
struct Point {
    time: i64,
    y: f64,
    control: Option<f64>,
}

/// The points in time order, each time once and none missing.
fn ordered(s: &Series) -> Result<Vec<Point>> {
    let n = s.time.len();
    if s.y.len() != n || s.rows.len() != n {
        return Err(Error::parameter(
            "series",
            format!(
                "has {n} time values, {} outcomes and {} row numbers; they must match",
                s.y.len(),
                s.rows.len()
            ),
        ));
    }
    if let Some((name, c)) = &s.control {
        if c.len() != n {
            return Err(Error::parameter(
                name.as_str(),
                format!("has {} values for {n} time points", c.len()),
            ));
        }
    }
    if n == 0 {
        return Err(Error::analysis("the series has no points"));
    }
    let named = |name: &str, v: &[f64]| -> Result<()> {
        if let Some(i) = v.iter().position(|x| !x.is_finite()) {
            return Err(Error::analysis(format!(
                "row {}: {name} is {}, not a finite number",
                s.rows[i], v[i]
            )));
        }
        Ok(())
    };
    named(&s.outcome, &s.y)?;
    if let Some((name, c)) = &s.control {
        named(name, c)?;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (s.time[i], s.rows[i]));
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if s.time[a] == s.time[b] {
            return Err(Error::analysis(format!(
                "rows {} and {} both hold time {}; a time series needs each time once",
                s.rows[a],
                s.rows[b],
                s.label_of(s.time[a])
            )));
        }
        if s.time[b] != s.time[a] + 1 {
            let missing = if s.time[b] == s.time[a] + 2 {
                s.label_of(s.time[a] + 1)
            } else {
                format!(
                    "{} to {}",
                    s.label_of(s.time[a] + 1),
                    s.label_of(s.time[b] - 1)
                )
            };
            return Err(Error::analysis(format!(
                "rows {} and {}: time jumps from {} to {}, so {missing} is missing; a time \
                 series needs every period once",
                s.rows[a],
                s.rows[b],
                s.label_of(s.time[a]),
                s.label_of(s.time[b])
            )));
        }
    }
    Ok(order
        .into_iter()
        .map(|i| Point {
            time: s.time[i],
            y: s.y[i],
            control: s.control.as_ref().map(|(_, c)| c[i]),
        })
        .collect())
}

/// Residual autocorrelation (within each series) and fit statistics.
fn diagnostics(hac: &OlsFit, classical: &OlsFit, series: usize, m: usize, df: f64) -> Diagnostics {
    let e = &hac.residuals;
    let (mut num, mut den) = (0.0, 0.0);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for g in 0..series {
        let r = &e[g * m..(g + 1) * m];
        for t in 0..m {
            den += r[t] * r[t];
            if t > 0 {
                num += (r[t] - r[t - 1]).powi(2);
                a.push(r[t]);
                b.push(r[t - 1]);
            }
        }
    }
    let pearson = {
        let len = a.len() as f64;
        let ma = a.iter().sum::<f64>() / len;
        let mb = b.iter().sum::<f64>() / len;
        let sab: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
        let saa: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
        let sbb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
        sab / (saa * sbb).sqrt()
    };
    let finite = |v: f64| v.is_finite().then_some(v);
    Diagnostics {
        durbin_watson: finite(num / den),
        residual_lag1_autocorrelation: finite(pearson),
        r_squared: finite(classical.r_squared),
        adj_r_squared: finite(classical.adj_r_squared),
        sigma: classical.sigma,
        residual_df: df,
    }
}

/// A coefficient of the segmented regression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItsCoefficient {
    /// `intercept`, `time`, `level_change`, `slope_change`; controlled also `group`,
    /// `group_time`, `group_level_change`, `group_slope_change`; seasonal `season_2` ….
    pub term: String,
    /// The estimate.
    pub coef: f64,
    /// Its Newey–West standard error.
    pub std_error: f64,
    /// Its classical standard error σ√((X'X)⁻¹), for comparison.
    pub classical_std_error: f64,
    /// coef / std_error (referred to the normal or to t, see [`ItsFit::inference`]).
    pub z: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Confidence interval.
    pub ci: [f64; 2],
}

/// A linear combination of the coefficients with its Newey–West standard error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contrast {
    /// `post_slope`, `effect_at_end`, `effect_at_<h>`.
    pub name: String,
    /// Periods after the interruption (1 = the first), for an effect.
    pub horizon: Option<i64>,
    /// The estimate.
    pub estimate: f64,
    /// √(c'Vc).
    pub std_error: f64,
    /// estimate / std_error.
    pub z: Option<f64>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// Confidence interval.
    pub ci: [f64; 2],
}

/// One period of the treated series: what was seen, the fitted segments, and the
/// counterfactual (the pre-trend extended; controlled: also the comparison series' change).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathPoint {
    /// The time value (months: the index).
    pub time: i64,
    /// The time as people read it (`2020-01`).
    pub label: String,
    /// At or after the interruption.
    pub post: bool,
    /// The outcome.
    pub observed: f64,
    /// The fitted value.
    pub fitted: f64,
    /// The fitted value without the interruption's effect.
    pub counterfactual: f64,
    /// fitted − counterfactual (after the interruption).
    pub effect: Option<f64>,
    /// Its Newey–West standard error.
    pub effect_std_error: Option<f64>,
    /// Its confidence interval.
    pub effect_ci: Option<[f64; 2]>,
    /// The comparison series (controlled).
    pub control_observed: Option<f64>,
    /// Its fitted value (controlled).
    pub control_fitted: Option<f64>,
}

/// Residual autocorrelation and fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostics {
    /// Durbin–Watson statistic of the residuals (near 2: no lag-1 autocorrelation).
    pub durbin_watson: Option<f64>,
    /// Pearson correlation of each residual with the one before it (within each series).
    pub residual_lag1_autocorrelation: Option<f64>,
    /// R².
    pub r_squared: Option<f64>,
    /// Adjusted R².
    pub adj_r_squared: Option<f64>,
    /// Residual standard error √(RSS/(n − k)).
    pub sigma: f64,
    /// n − k.
    pub residual_df: f64,
}

/// The Newey–West specification used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HacSpec {
    /// Lags L.
    pub lags: usize,
    /// Where L came from.
    pub lags_rule: String,
    /// Whether n/(n − k) was applied.
    pub correction: bool,
    /// Always `bartlett`.
    pub kernel: String,
    /// Always false.
    pub prewhitening: bool,
    /// Lagged products only within each series (controlled).
    pub within_series: bool,
}

/// The interruption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interruption {
    /// The first period after it (months: the index).
    pub time: i64,
    /// As people read it.
    pub label: String,
}

/// Season dummies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Seasonal {
    /// The period.
    pub period: usize,
    /// The season without a dummy.
    pub reference_season: usize,
}

/// Points in and out. `treated` and `control` count the periods of the treated and the
/// comparison series, as the other designs count units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ItsCounts {
    /// Periods of the (treated) series.
    pub treated: usize,
    /// Periods of the comparison series (0 without one).
    pub control: usize,
    /// Periods used of the treated series.
    pub used_treated: usize,
    /// Periods used of the comparison series.
    pub used_control: usize,
    /// Rows left out (set by the caller that read the file).
    pub excluded: usize,
    /// Periods before the interruption.
    pub pre: usize,
    /// Periods from the interruption on.
    pub post: usize,
    /// Series: 1, or 2 with a comparison series.
    pub series: usize,
    /// Rows of the regression (periods × series).
    pub rows: usize,
    /// Rows of the file added up into the periods (a ledger summed by month), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_summed: Option<usize>,
}

/// A fitted interrupted time series, in the CLI contract's shape
/// (`indsats estimate its --format json`): `estimate` is the level change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItsFit {
    /// `its`.
    pub method: String,
    /// `single` or `controlled`.
    pub design: String,
    /// What `estimate` is.
    pub estimand: String,
    /// The outcome's name.
    pub outcome: String,
    /// The comparison series' name (controlled).
    pub control_series: Option<String>,
    /// The level change (controlled: against the comparison series).
    pub estimate: f64,
    /// Its Newey–West standard error.
    pub std_error: f64,
    /// Its confidence interval.
    pub ci: [f64; 2],
    /// The level.
    pub ci_level: f64,
    /// Its two-sided p-value.
    pub p_value: Option<f64>,
    /// How the standard errors were computed, in words.
    pub std_error_method: String,
    /// Normal or t.
    pub inference: Inference,
    /// Degrees of freedom with t inference.
    pub df: Option<f64>,
    /// The Newey–West specification.
    pub hac: HacSpec,
    /// The interruption.
    pub interruption: Interruption,
    /// The time axis.
    pub time_scale: TimeScale,
    /// Season dummies, if any.
    pub seasonal: Option<Seasonal>,
    /// Every coefficient.
    pub coefficients: Vec<ItsCoefficient>,
    /// The Newey–West covariance, in coefficient order.
    pub vcov: Vec<Vec<f64>>,
    /// The post-period slope, the effect at the end and at the horizons asked for.
    pub contrasts: Vec<Contrast>,
    /// Residual autocorrelation and fit.
    pub diagnostics: Diagnostics,
    /// The treated series period by period.
    pub counterfactual: Vec<PathPoint>,
    /// Counts.
    pub n: ItsCounts,
    /// How to read the numbers: how months were numbered.
    pub notes: Vec<String>,
    /// Empty: kept for the shape every estimate shares.
    pub balance: Vec<super::study::BalanceLine>,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

impl ItsFit {
    /// A coefficient by term.
    pub fn coef(&self, term: &str) -> Option<&ItsCoefficient> {
        self.coefficients.iter().find(|c| c.term == term)
    }

    /// A contrast by name.
    pub fn contrast(&self, name: &str) -> Option<&Contrast> {
        self.contrasts.iter().find(|c| c.name == name)
    }
}
