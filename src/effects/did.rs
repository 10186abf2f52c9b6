//! Difference in differences on a panel: the 2×2 design ([`Did`]) and the event study by
//! two-way fixed effects ([`EventStudy`]), with cluster-robust standard errors whose
//! small-sample factor is an explicit choice ([`SmallSample`]).
// Matrix code reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

use super::bootstrap::{Bootstrap, BootstrapResult};
use super::dist::{check_ci_level, t_p_two_sided, t_quantile};
use super::ols::{ols, ClusterAdjust, ClusterDf, Coefficient, Covariance};
use super::randomization::RandomizationInference;
use crate::error::{Error, Result};
use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor};
use std::collections::{BTreeMap, HashMap};

/// Below this many clusters a warning says cluster-robust errors are unreliable.
pub const FEW_CLUSTERS: usize = 30;

/// The small-sample factor of the cluster-robust covariance B·M·B (B = (X'X)⁻¹, M = Σ_g
/// u_g u_g'), and which K it counts. All three share B·M·B and G − 1 degrees of freedom
/// for t tests and intervals; only the scalar differs.
///
/// ```text
/// Crv1:   G/(G−1) · (N−1)/(N−K_design)   K_design = every column of the full dummy design:
///                                        intercept, unit and period dummies, slopes
/// GOnly:  G/(G−1)
/// Slopes: G/(G−1) · (N−1)/(N−K_slopes)   K_slopes = the reported slopes only (event-time
///                                        dummies or the treatment, covariates); the fixed
///                                        effects are not counted
/// ```
/// In the 2×2 regression nothing is absorbed, so `Crv1` and `Slopes` agree there (K = every
/// column, intercept included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmallSample {
    /// Every design column counted, as statsmodels' `cov_type="cluster"` on the dummy
    /// regression and R's `sandwich::vcovCL(type = "HC1")` on the same `lm` (Stata's CR1).
    #[default]
    Crv1,
    /// G/(G − 1) only, as `sandwich::vcovCL(type = "HC0", cadjust = TRUE)`.
    GOnly,
    /// Only the slope coefficients counted, as packages that absorb the fixed effects do
    /// (fixed effects nested in the clusters are not counted).
    Slopes,
}

impl SmallSample {
    /// The factor for N rows, G clusters, and the two K's.
    pub fn factor(self, n: usize, g: usize, k_design: usize, k_slopes: usize) -> f64 {
        let (nf, gf) = (n as f64, g as f64);
        let cg = gf / (gf - 1.0);
        match self {
            SmallSample::Crv1 => cg * (nf - 1.0) / (nf - k_design as f64),
            SmallSample::GOnly => cg,
            SmallSample::Slopes => cg * (nf - 1.0) / (nf - k_slopes as f64),
        }
    }

    fn words(self) -> &'static str {
        match self {
            SmallSample::Crv1 => "G/(G-1)·(N-1)/(N-K), K = all design columns",
            SmallSample::GOnly => "G/(G-1)",
            SmallSample::Slopes => "G/(G-1)·(N-1)/(N-K), K = slope coefficients",
        }
    }
}

/// Rows left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excluded {
    /// Why, in words ("column \"y\" is empty").
    pub reason: String,
    /// How many rows.
    pub rows: usize,
}

/// A long panel: one row per unit and period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    /// The outcome's name.
    pub outcome: String,
    /// The unit of each row.
    pub id: Vec<String>,
    /// The period of each row (a number; whole numbers for an event study).
    pub time: Vec<f64>,
    /// The outcome.
    pub y: Vec<f64>,
    /// Time-varying covariates, by name.
    pub covariates: Vec<(String, Vec<f64>)>,
    /// The cluster of each row; `None` clusters by unit.
    pub clusters: Option<Vec<String>>,
    /// The row number of each row in the user's file, for messages; `None`: 1, 2, ….
    pub file_rows: Option<Vec<usize>>,
    /// Rows left out before the panel was made, by reason.
    pub excluded: Vec<Excluded>,
    /// Warnings carried from reading the data.
    pub warnings: Vec<String>,
}

/// Units, periods and rows of a fitted panel, with the contract's `n` keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PanelCounts {
    /// Treated units (2×2: the treated group; event study: units with a cohort).
    pub treated: usize,
    /// Comparison units (2×2: the other group; event study: never treated).
    pub control: usize,
    /// Treated units the estimate rests on.
    pub used_treated: usize,
    /// Comparison units the estimate rests on.
    pub used_control: usize,
    /// Rows left out (all reasons).
    pub excluded: usize,
    /// Units.
    pub units: usize,
    /// Distinct periods.
    pub periods: usize,
    /// Rows used.
    pub rows: usize,
    /// Clusters.
    pub clusters: usize,
    /// Every unit observed in every period.
    pub balanced: bool,
    /// Units not observed in every period.
    pub unbalanced_units: usize,
    /// Rows left out, by reason.
    pub excluded_by_reason: Vec<Excluded>,
}

/// The rows of a panel arranged by unit and period.
struct Layout {
    unit: Vec<usize>,
    units: Vec<String>,
    period: Vec<usize>,
    periods: Vec<f64>,
    rows_of_unit: Vec<Vec<usize>>,
}

impl Panel {
    fn file_row(&self, i: usize) -> usize {
        self.file_rows
            .as_ref()
            .and_then(|r| r.get(i).copied())
            .unwrap_or(i + 1)
    }

    /// Checks lengths, finiteness and that no unit has two rows for one period.
    ///
    /// # Errors
    /// Columns of different lengths, an empty panel, a value that is not finite (named by
    /// row and column), two rows for the same unit and period (naming both rows).
    pub fn check(&self) -> Result<()> {
        let n = self.y.len();
        if n == 0 {
            return Err(Error::analysis("the panel has no rows"));
        }
        let lengths = [
            ("id", self.id.len()),
            ("time", self.time.len()),
            ("clusters", self.clusters.as_ref().map_or(n, |c| c.len())),
            ("file_rows", self.file_rows.as_ref().map_or(n, |c| c.len())),
        ];
        let covs = self.covariates.iter().map(|(c, v)| (c.as_str(), v.len()));
        if let Some((name, len)) = lengths.into_iter().chain(covs).find(|(_, l)| *l != n) {
            return Err(Error::parameter(
                name,
                format!("has {len} values for {n} rows of the outcome"),
            ));
        }
        let columns = std::iter::once((self.outcome.as_str(), &self.y))
            .chain(std::iter::once(("time", &self.time)))
            .chain(self.covariates.iter().map(|(c, v)| (c.as_str(), v)));
        for (name, v) in columns {
            if let Some(i) = v.iter().position(|x| !x.is_finite()) {
                return Err(Error::analysis(format!(
                    "row {}: column \"{name}\" is {}, not a finite number",
                    self.file_row(i),
                    v[i]
                )));
            }
        }
        let mut seen: HashMap<(&str, u64), usize> = HashMap::with_capacity(n);
        let mut dups: Vec<String> = Vec::new();
        for i in 0..n {
            let key = (self.id[i].as_str(), (self.time[i] + 0.0).to_bits());
            if let Some(&j) = seen.get(&key) {
                dups.push(format!(
                    "unit \"{}\" time {} in rows {} and {}",
                    self.id[i],
                    self.time[i],
                    self.file_row(j),
                    self.file_row(i)
                ));
            } else {
                seen.insert(key, i);
            }
        }
        if !dups.is_empty() {
            let more = if dups.len() > 5 {
                format!(" (and {} more)", dups.len() - 5)
            } else {
                String::new()
            };
            dups.truncate(5);
            return Err(Error::analysis(format!(
                "a unit has two rows for the same period: {}{more}; keep one row per unit and period",
                dups.join("; ")
            )));
        }
        Ok(())
    }

    fn layout(&self) -> Layout {
        let mut unit_index: BTreeMap<&str, usize> = BTreeMap::new();
        for id in &self.id {
            let next = unit_index.len();
            unit_index.entry(id.as_str()).or_insert(next);
        }
        let mut units = vec![String::new(); unit_index.len()];
        for (id, &u) in &unit_index {
            units[u] = (*id).to_string();
        }
        let unit: Vec<usize> = self.id.iter().map(|id| unit_index[id.as_str()]).collect();
        let mut periods: Vec<f64> = self.time.clone();
        periods.sort_by(f64::total_cmp);
        periods.dedup();
        let period: Vec<usize> = self
            .time
            .iter()
            .map(|t| periods.partition_point(|p| p < t))
            .collect();
        let mut rows_of_unit = vec![Vec::new(); units.len()];
        for (i, &u) in unit.iter().enumerate() {
            rows_of_unit[u].push(i);
        }
        Layout {
            unit,
            units,
            period,
            periods,
            rows_of_unit,
        }
    }

    fn clusters_or_units(&self) -> Vec<String> {
        self.clusters.clone().unwrap_or_else(|| self.id.clone())
    }

    fn excluded_rows(&self) -> usize {
        self.excluded.iter().map(|e| e.rows).sum()
    }
}

impl Layout {
    fn counts(&self, panel: &Panel, treated_unit: &[bool], clusters: usize) -> PanelCounts {
        let t = self.periods.len();
        let unbalanced_units = self.rows_of_unit.iter().filter(|r| r.len() < t).count();
        let treated = treated_unit.iter().filter(|t| **t).count();
        let control = treated_unit.len() - treated;
        PanelCounts {
            treated,
            control,
            used_treated: treated,
            used_control: control,
            excluded: panel.excluded_rows(),
            units: self.units.len(),
            periods: t,
            rows: panel.y.len(),
            clusters,
            balanced: unbalanced_units == 0,
            unbalanced_units,
            excluded_by_reason: panel.excluded.clone(),
        }
    }

    fn unbalanced_warning(&self) -> Option<String> {
        let t = self.periods.len();
        let short = self.rows_of_unit.iter().filter(|r| r.len() < t).count();
        (short > 0).then(|| {
            format!(
                "the panel is unbalanced: {short} of {} units are not observed in all {t} \
                 periods ({} rows of {}); the regression uses the rows there are",
                self.units.len(),
                self.unit.len(),
                self.units.len() * t
            )
        })
    }
}

/// A cluster-robust regression with the small-sample factor chosen afterwards: B·M·B from
/// [`ols`] without adjustment, times [`SmallSample::factor`].
struct Robust {
    coefficients: Vec<Coefficient>,
    vcov: Vec<Vec<f64>>,
    g: usize,
    factor: f64,
    df: f64,
}

/// Fits y on the columns and reports the last `report` of them.
#[allow(clippy::too_many_arguments)]
fn robust(
    columns: &[(&str, Vec<f64>)],
    y: &[f64],
    clusters: &[String],
    report: usize,
    k_design: usize,
    k_slopes: usize,
    small: SmallSample,
    ci_level: f64,
) -> Result<Robust> {
    let n = y.len();
    let g = {
        let mut c: Vec<&str> = clusters.iter().map(String::as_str).collect();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    if g < 2 {
        return Err(Error::analysis(format!(
            "cluster-robust standard errors need at least 2 clusters; the data have {g}"
        )));
    }
    let k_used = if small == SmallSample::Slopes {
        k_slopes
    } else {
        k_design
    };
    if n <= k_used.max(columns.len()) {
        return Err(Error::analysis(format!(
            "a regression with {k_design} parameters (fixed effects included) needs more than \
             {k_design} rows, found {n}"
        )));
    }
    let fit = ols(
        columns,
        y,
        &Covariance::Cluster {
            clusters: clusters.to_vec(),
            adjust: ClusterAdjust::None,
            df: ClusterDf::ClustersMinusOne,
        },
        ci_level,
    )
    .map_err(|e| {
        if e.to_string().contains("no standard error") {
            Error::analysis(format!(
                "{e}: the model fits every row exactly (no residual variation), so there are \
                 no standard errors"
            ))
        } else {
            e
        }
    })?;
    let factor = small.factor(n, g, k_design, k_slopes);
    let df = g as f64 - 1.0;
    let q = t_quantile(0.5 + ci_level / 2.0, df);
    let first = columns.len() - report;
    let coefficients = fit.coefficients[first..]
        .iter()
        .enumerate()
        .map(|(j, c)| {
            let se = (fit.vcov[first + j][first + j] * factor).sqrt();
            let t = c.coef / se;
            Coefficient {
                term: c.term.clone(),
                coef: c.coef,
                std_error: se,
                t,
                p_value: t_p_two_sided(t, df),
                ci: [c.coef - q * se, c.coef + q * se],
                df: None,
            }
        })
        .collect();
    let vcov = fit.vcov[first..]
        .iter()
        .map(|r| r[first..].iter().map(|v| v * factor).collect())
        .collect();
    Ok(Robust {
        coefficients,
        vcov,
        g,
        factor,
        df,
    })
}

fn few_clusters_warning(g: usize) -> Option<String> {
    (g < FEW_CLUSTERS).then(|| {
        format!(
            "only {g} clusters: cluster-robust standard errors are unreliable with fewer than \
             about {FEW_CLUSTERS}; read the intervals with care"
        )
    })
}

/// How the post period is told in a 2×2 difference in differences.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Post {
    /// The panel has exactly two periods; the later is the post period.
    #[default]
    LaterOfTwo,
    /// Rows from this time on are post.
    From(f64),
    /// A 0/1 value per row.
    Column(Vec<f64>),
}

/// The 2×2 difference in differences by least squares, with cluster-robust errors (by
/// unit unless the panel names clusters).
///
/// ```text
/// y_it = β0 + β1·treated_i + β2·post_t + δ·treated_i·post_t [+ γ'x_it] + ε_it
/// δ = (ȳ_treated,post − ȳ_treated,pre) − (ȳ_control,post − ȳ_control,pre)   (no covariates)
/// V = c · B·M·B,  c from SmallSample (K = every column);  t, p and CI on G − 1 df
/// ```
///
/// ```
/// use indsats::effects::{Did, Panel, Post};
/// // 4 units, 2 periods: the treated gain 2 more than the comparison group
/// let panel = Panel {
///     outcome: "y".into(),
///     id: ["a", "a", "b", "b", "c", "c", "d", "d"].map(String::from).to_vec(),
///     time: vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0],
///     y: vec![1.0, 4.0, 2.0, 5.5, 1.0, 2.0, 3.0, 3.5],
///     ..Panel::default()
/// };
/// let treated = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0];
/// let fit = Did::new().post(Post::LaterOfTwo).fit(&panel, &treated).unwrap();
/// assert!((fit.estimate - 2.5).abs() < 1e-12);
/// assert!((fit.did_of_means - 2.5).abs() < 1e-12);
/// ```
///
/// # Errors
/// Those of [`Panel::check`]; a treatment that is not 0/1 or changes within a unit
/// (naming unit and rows); a post rule that does not fit the data (not two periods, a
/// post value that is not 0/1); a cell of the 2×2 table with no rows; fewer than 2
/// clusters; collinear columns (named).
///
/// # References
/// Angrist & Pischke (2009), ch. 5; Cameron & Miller (2015). Matches statsmodels'
/// `OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": id})` with `use_t=True`
/// (`SmallSample::Crv1`), and R's `lm` with `sandwich::vcovCL(cluster = ~id, type = "HC1")`.
#[derive(Debug, Clone, PartialEq)]
pub struct Did {
    post: Post,
    small_sample: SmallSample,
    ci_level: f64,
}

impl Default for Did {
    fn default() -> Self {
        Did {
            post: Post::LaterOfTwo,
            small_sample: SmallSample::Crv1,
            ci_level: 0.95,
        }
    }
}

/// The mean outcome of one cell of the 2×2 table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CellMean {
    /// The treated group (true) or the comparison group.
    pub treated: bool,
    /// After (true) or before.
    pub post: bool,
    /// The mean outcome.
    pub mean: f64,
    /// Rows in the cell.
    pub rows: usize,
}

/// A fitted 2×2 difference in differences, in the CLI contract's estimate shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DidFit {
    /// "did".
    pub method: String,
    /// "ATT".
    pub estimand: String,
    /// The outcome's name.
    pub outcome: String,
    /// The interaction coefficient δ.
    pub estimate: f64,
    /// Its cluster-robust standard error.
    pub std_error: f64,
    /// Confidence interval (t on G − 1 df).
    pub ci: [f64; 2],
    /// Its level.
    pub ci_level: f64,
    /// Two-sided p-value (t on G − 1 df).
    pub p_value: f64,
    /// How the standard error was computed, in words.
    pub std_error_method: String,
    /// The small-sample convention.
    pub small_sample: SmallSample,
    /// Its factor.
    pub small_sample_factor: f64,
    /// Degrees of freedom of t tests and intervals (G − 1).
    pub df: f64,
    /// Parameters counted as K for [`SmallSample::Crv1`].
    pub k_design: usize,
    /// Units, rows, clusters.
    pub n: PanelCounts,
    /// The four cells: control pre, control post, treated pre, treated post.
    pub cell_means: [CellMean; 4],
    /// (treated post − treated pre) − (control post − control pre).
    pub did_of_means: f64,
    /// Every coefficient: `(Intercept)`, `treated`, `post`, `treated_post`, covariates.
    pub coefficients: Vec<Coefficient>,
    /// What the reader should know.
    pub warnings: Vec<String>,
    /// The cluster bootstrap, when asked for ([`Did::bootstrap`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<BootstrapResult>,
}

impl Did {
    /// Defaults: two periods, [`SmallSample::Crv1`], 95 %.
    pub fn new() -> Self {
        Did::default()
    }

    /// How the post period is told.
    pub fn post(mut self, post: Post) -> Self {
        self.post = post;
        self
    }

    /// The small-sample convention.
    pub fn small_sample(mut self, s: SmallSample) -> Self {
        self.small_sample = s;
        self
    }

    /// The confidence level.
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A level outside (0, 1), a `Post::From` time that is not finite.
    pub fn check(&self) -> Result<()> {
        check_ci_level(self.ci_level)?;
        if let Post::From(t) = self.post {
            if !t.is_finite() {
                return Err(Error::parameter(
                    "post_from",
                    format!("must be a number, not {t}"),
                ));
            }
        }
        Ok(())
    }

    /// Fits the 2×2 design; `treated` is 0/1 per row and constant within a unit.
    ///
    /// # Errors
    /// See [`Did`].
    pub fn fit(&self, panel: &Panel, treated: &[f64]) -> Result<DidFit> {
        self.check()?;
        panel.check()?;
        let n = panel.y.len();
        if treated.len() != n {
            return Err(Error::parameter(
                "treated",
                format!("has {} values for {n} rows", treated.len()),
            ));
        }
        if let Some(i) = treated.iter().position(|v| *v != 0.0 && *v != 1.0) {
            return Err(Error::analysis(format!(
                "row {}: the treatment group is {}, not 0 or 1",
                panel.file_row(i),
                treated[i]
            )));
        }
        let layout = panel.layout();
        let treated_unit = unit_constant(panel, &layout, treated, "the treatment group")?
            .iter()
            .map(|v| *v == 1.0)
            .collect::<Vec<_>>();
        let post = self.post_values(panel, &layout)?;
        // The four cells.
        let mut sums = [(0.0, 0usize); 4];
        for i in 0..n {
            let c = 2 * usize::from(treated[i] == 1.0) + usize::from(post[i] == 1.0);
            sums[c].0 += panel.y[i];
            sums[c].1 += 1;
        }
        const NAMES: [&str; 4] = [
            "the comparison group before",
            "the comparison group after",
            "the treated group before",
            "the treated group after",
        ];
        if let Some(c) = (0..4).find(|&c| sums[c].1 == 0) {
            return Err(Error::analysis(format!(
                "no rows for {}: a difference in differences needs both groups before and after \
                 (check the treatment and post columns)",
                NAMES[c]
            )));
        }
        let cell_means: [CellMean; 4] = std::array::from_fn(|c| CellMean {
            treated: c >= 2,
            post: c % 2 == 1,
            mean: sums[c].0 / sums[c].1 as f64,
            rows: sums[c].1,
        });
        let m = |c: usize| cell_means[c].mean;
        let did_of_means = (m(3) - m(2)) - (m(1) - m(0));
        let interaction: Vec<f64> = treated.iter().zip(&post).map(|(a, b)| a * b).collect();
        let mut columns: Vec<(&str, Vec<f64>)> = vec![
            ("(Intercept)", vec![1.0; n]),
            ("treated", treated.to_vec()),
            ("post", post),
            ("treated_post", interaction),
        ];
        for (name, v) in &panel.covariates {
            columns.push((name.as_str(), v.clone()));
        }
        let k = columns.len();
        let clusters = panel.clusters_or_units();
        let fit = robust(
            &columns,
            &panel.y,
            &clusters,
            k,
            k,
            k,
            self.small_sample,
            self.ci_level,
        )?;
        let mut warnings = panel.warnings.clone();
        warnings.extend(layout.unbalanced_warning());
        warnings.extend(few_clusters_warning(fit.g));
        let d = fit.coefficients[3].clone();
        Ok(DidFit {
            method: "did".into(),
            estimand: "ATT".into(),
            outcome: panel.outcome.clone(),
            estimate: d.coef,
            std_error: d.std_error,
            ci: d.ci,
            ci_level: self.ci_level,
            p_value: d.p_value,
            std_error_method: se_words(self.small_sample, fit.g, panel.clusters.is_some()),
            small_sample: self.small_sample,
            small_sample_factor: fit.factor,
            df: fit.df,
            k_design: k,
            n: layout.counts(panel, &treated_unit, fit.g),
            cell_means,
            did_of_means,
            coefficients: fit.coefficients,
            warnings,
            bootstrap: None,
        })
    }

    /// The post indicator of each row under the rule.
    fn post_values(&self, panel: &Panel, layout: &Layout) -> Result<Vec<f64>> {
        let n = panel.y.len();
        Ok(match &self.post {
            Post::LaterOfTwo => {
                if layout.periods.len() != 2 {
                    return Err(Error::analysis(format!(
                        "the panel has {} periods ({}); with other than two, say which rows \
                         are after the start (a post column, or the first post period)",
                        layout.periods.len(),
                        list_numbers(&layout.periods)
                    )));
                }
                layout.period.iter().map(|p| *p as f64).collect()
            }
            Post::From(t) => panel
                .time
                .iter()
                .map(|v| f64::from(u8::from(v >= t)))
                .collect(),
            Post::Column(v) => {
                if v.len() != n {
                    return Err(Error::parameter(
                        "post",
                        format!("has {} values for {n} rows", v.len()),
                    ));
                }
                if let Some(i) = v.iter().position(|v| *v != 0.0 && *v != 1.0) {
                    return Err(Error::analysis(format!(
                        "row {}: post is {}, not 0 or 1",
                        panel.file_row(i),
                        v[i]
                    )));
                }
                v.clone()
            }
        })
    }

    /// The cluster bootstrap of the DiD estimate: whole clusters (units unless the panel
    /// names clusters) drawn with replacement, within the treated and comparison groups
    /// when each cluster lies in one of them (so every resample keeps both), the 2×2 refit
    /// on each resample with the same post rows. A unit drawn twice counts as two units.
    ///
    /// # Errors
    /// Those of [`Did::fit`] on the data, and of [`Bootstrap::run`].
    ///
    /// # References
    /// Cameron, Gelbach & Miller (2008), the pairs cluster bootstrap; Bertrand, Duflo &
    /// Mullainathan (2004).
    pub fn bootstrap(
        &self,
        panel: &Panel,
        treated: &[f64],
        boot: &Bootstrap,
    ) -> Result<BootstrapResult> {
        let fit = self.fit(panel, treated)?;
        let layout = panel.layout();
        let post = self.post_values(panel, &layout)?;
        let clusters = panel.clusters_or_units();
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut rows_of: Vec<Vec<usize>> = Vec::new();
        for (i, c) in clusters.iter().enumerate() {
            let next = index.len();
            let k = *index.entry(c.as_str()).or_insert(next);
            if k == rows_of.len() {
                rows_of.push(Vec::new());
            }
            rows_of[k].push(i);
        }
        let one_group = rows_of
            .iter()
            .all(|rows| rows.iter().all(|&i| treated[i] == treated[rows[0]]));
        let strata: Option<Vec<u32>> = one_group.then(|| {
            rows_of
                .iter()
                .map(|rows| u32::from(treated[rows[0]] == 1.0))
                .collect()
        });
        let inner = Did {
            post: Post::LaterOfTwo,
            small_sample: SmallSample::GOnly,
            ci_level: self.ci_level,
        };
        boot.run(rows_of.len(), strata.as_deref(), fit.estimate, |draw| {
            let m: usize = draw.iter().map(|&c| rows_of[c].len()).sum();
            let mut sub = Panel {
                outcome: panel.outcome.clone(),
                id: Vec::with_capacity(m),
                time: Vec::with_capacity(m),
                y: Vec::with_capacity(m),
                covariates: panel
                    .covariates
                    .iter()
                    .map(|(c, _)| (c.clone(), Vec::with_capacity(m)))
                    .collect(),
                clusters: Some(Vec::with_capacity(m)),
                ..Panel::default()
            };
            let (mut t, mut p) = (Vec::with_capacity(m), Vec::with_capacity(m));
            for (k, &c) in draw.iter().enumerate() {
                for &i in &rows_of[c] {
                    sub.id.push(format!("{k}:{}", panel.id[i]));
                    sub.time.push(panel.time[i]);
                    sub.y.push(panel.y[i]);
                    for (j, (_, v)) in panel.covariates.iter().enumerate() {
                        sub.covariates[j].1.push(v[i]);
                    }
                    if let Some(cl) = sub.clusters.as_mut() {
                        cl.push(k.to_string());
                    }
                    t.push(treated[i]);
                    p.push(post[i]);
                }
            }
            inner
                .clone()
                .post(Post::Column(p))
                .fit(&sub, &t)
                .map(|f| f.estimate)
        })
    }
}

fn se_words(s: SmallSample, g: usize, own_clusters: bool) -> String {
    format!(
        "cluster-robust by {} ({g} clusters), {}, t on G-1 df",
        if own_clusters { "cluster" } else { "unit" },
        s.words()
    )
}

fn list_numbers(v: &[f64]) -> String {
    let mut s: Vec<String> = v.iter().take(6).map(f64::to_string).collect();
    if v.len() > 6 {
        s.push("…".into());
    }
    s.join(", ")
}

/// The value of a per-row column for each unit, which must not change within a unit.
fn unit_constant(panel: &Panel, layout: &Layout, v: &[f64], what: &str) -> Result<Vec<f64>> {
    let mut out = Vec::with_capacity(layout.units.len());
    for (u, rows) in layout.rows_of_unit.iter().enumerate() {
        let first = rows[0];
        if let Some(&other) = rows.iter().find(|&&i| v[i] != v[first]) {
            return Err(Error::analysis(format!(
                "unit \"{}\": {what} is {} in row {} but {} in row {}; it must be the same in \
                 every row of a unit",
                layout.units[u],
                v[first],
                panel.file_row(first),
                v[other],
                panel.file_row(other)
            )));
        }
        out.push(v[first]);
    }
    Ok(out)
}

/// The event study by two-way fixed effects: unit and period fixed effects and a dummy
/// for each relative time e = t − g (g: the unit's first treated period), one left out as
/// the reference.
///
/// ```text
/// y_it = α_i + λ_t + Σ_{e ≠ ref} β_e·1{g_i > 0, bin(t − g_i) = e} [+ γ'x_it] + ε_it
/// bin(e) = L_min for e ≤ L_min, L_max for e ≥ L_max, else e   (ends pooled when set)
/// never-treated units (g = 0) have every dummy 0;  β_ref = 0 (default ref = −1)
/// α_i absorbed by demeaning within unit (exact, balanced or not); λ_t as T − 1 dummies
/// V = c · B·M·B by cluster (unit unless set);  c from SmallSample with
///   K_design = 1 + (units − 1) + (periods − 1) + slopes,  K_slopes = slopes
/// t, p, CI on G − 1 df
/// pre-trend: b = (β_e, e < ref and bins below), W = b'V_b⁻¹b ~ χ²(q);  F = W/q ~ F(q, G − 1)
/// estimate: mean of β_e over e ≥ 0 (bins included), SE √(a'Va), a = 1/m
/// static TWFE: the same fixed effects with one dummy d_it = 1{g_i > 0, t ≥ g_i}
/// ```
///
/// The period effects use the calendar time; the relative-time dummies of units first
/// treated after the last period are all leads. Units with a cohort in the first period or
/// before have no pre-period rows (a warning says so).
///
/// ```
/// use indsats::effects::{EventStudy, Panel};
/// // 3 units × 4 periods; unit "b" treated from period 3 with an effect of 1 on top of a
/// // common trend, unit "c" from period 4 with the same effect; "a" never
/// let mut id = vec![]; let mut time = vec![]; let mut y = vec![]; let mut cohort = vec![];
/// for (u, g, shift) in [("a", 0.0, 0.0), ("b", 3.0, 1.0), ("c", 4.0, -1.0)] {
///     for t in 1..=4 {
///         let t = t as f64;
///         id.push(u.to_string()); time.push(t); cohort.push(g);
///         let noise = 0.01 * (7.0 * t + shift).sin(); // a little, so residuals are not 0
///         y.push(shift + 0.5 * t + if g > 0.0 && t >= g { 1.0 } else { 0.0 } + noise);
///     }
/// }
/// let panel = Panel { outcome: "y".into(), id, time, y, ..Panel::default() };
/// let fit = EventStudy::new().fit(&panel, &cohort).unwrap();
/// let e0 = fit.event_study.iter().find(|e| e.relative_time == 0).unwrap();
/// assert!((e0.estimate - 1.0).abs() < 0.05);
/// ```
///
/// # Errors
/// Those of [`Panel::check`]; times or cohorts that are not whole numbers, a negative
/// cohort, a cohort that changes within a unit (named); bins that do not lie either side of
/// the reference; no treated unit; no never-treated unit and a single cohort (no comparison
/// exists); a reference relative time no treated row has; fewer than 2 clusters; relative
/// times that cannot be told apart from the fixed effects (named).
///
/// # References
/// Borusyak, Jaravel & Spiess (2024); Sun & Abraham (2021) on what these coefficients mean
/// under heterogeneous effects; Cameron & Miller (2015). Matches statsmodels' OLS on the
/// full dummy design with `cov_type="cluster"` (`SmallSample::Crv1`), and the slopes-only
/// factor of packages that absorb the fixed effects (`SmallSample::Slopes`).
#[derive(Debug, Clone, PartialEq)]
pub struct EventStudy {
    reference: i64,
    bin_min: Option<i64>,
    bin_max: Option<i64>,
    small_sample: SmallSample,
    ci_level: f64,
    permutations: Option<usize>,
    seed: u64,
    /// Whether to fit the static TWFE beside it (off inside the randomization test's deals).
    with_static: bool,
}

impl Default for EventStudy {
    fn default() -> Self {
        EventStudy {
            reference: -1,
            bin_min: None,
            bin_max: None,
            small_sample: SmallSample::Crv1,
            ci_level: 0.95,
            permutations: None,
            seed: 1,
            with_static: true,
        }
    }
}

/// One relative time of an event study.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventTime {
    /// e = t − g (for a pooled end: the bin's edge).
    pub relative_time: i64,
    /// β_e (0 for the reference).
    pub estimate: f64,
    /// Its standard error (`None` for the reference).
    pub std_error: Option<f64>,
    /// Confidence interval.
    pub ci: Option<[f64; 2]>,
    /// Two-sided p-value.
    pub p_value: Option<f64>,
    /// The reference period (fixed at 0).
    pub reference: bool,
    /// This end pools every e ≤ relative_time (below the reference) or ≥ it (above).
    pub pooled: bool,
    /// Rows of treated units at this relative time.
    pub rows: usize,
}

/// The joint Wald test that every pre-period coefficient is zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pretrend {
    /// W = b'V⁻¹b (cluster-robust V).
    pub statistic: f64,
    /// q, the number of pre-period coefficients.
    pub df: usize,
    /// P(χ²_q ≥ W).
    pub p_value: f64,
    /// W/q.
    pub f_statistic: f64,
    /// The F test's denominator degrees of freedom, G − 1.
    pub df_denominator: f64,
    /// P(F_{q, G−1} ≥ W/q).
    pub f_p_value: f64,
}

/// A cohort and its units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CohortCount {
    /// The first treated period (0: never).
    pub cohort: i64,
    /// Units.
    pub units: usize,
}

/// A fitted event study, in the CLI contract's estimate shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventStudyFit {
    /// "event-study".
    pub method: String,
    /// "ATT".
    pub estimand: String,
    /// The outcome's name.
    pub outcome: String,
    /// The mean of the post-period coefficients (e ≥ 0); `None` without any.
    pub estimate: Option<f64>,
    /// Its standard error.
    pub std_error: Option<f64>,
    /// Its confidence interval.
    pub ci: Option<[f64; 2]>,
    /// The level.
    pub ci_level: f64,
    /// Its p-value.
    pub p_value: Option<f64>,
    /// How the standard errors were computed, in words.
    pub std_error_method: String,
    /// The small-sample convention.
    pub small_sample: SmallSample,
    /// Its factor.
    pub small_sample_factor: f64,
    /// Degrees of freedom of t tests and intervals (G − 1).
    pub df: f64,
    /// K counted by [`SmallSample::Crv1`] (every column of the dummy design).
    pub k_design: usize,
    /// K counted by [`SmallSample::Slopes`].
    pub k_slopes: usize,
    /// The reference relative time.
    pub reference: i64,
    /// The lower pooled end, if any.
    pub bin_min: Option<i64>,
    /// The upper pooled end, if any.
    pub bin_max: Option<i64>,
    /// Units, rows, clusters (treated = units with a cohort, control = never treated).
    pub n: PanelCounts,
    /// Units per cohort.
    pub cohorts: Vec<CohortCount>,
    /// Every relative time, the reference included, in order.
    pub event_study: Vec<EventTime>,
    /// The joint test of the pre-period coefficients; `None` without any.
    pub pretrend: Option<Pretrend>,
    /// The slope coefficients: `rel_m6` … `rel_p5` (m: minus, p: plus), covariates.
    pub coefficients: Vec<Coefficient>,
    /// The static TWFE coefficient of d_it = 1{treated and t ≥ g}, same errors (`None`
    /// when it cannot be estimated; a warning says why).
    pub twfe_static: Option<Coefficient>,
    /// The randomization test (when asked for with [`EventStudy::permutations`]).
    pub randomization: Option<RandomizationInference>,
    /// What the reader should know.
    pub warnings: Vec<String>,
}

/// The term of relative time e: `rel_m2`, `rel_p0`.
pub fn relative_time_term(e: i64) -> String {
    if e < 0 {
        format!("rel_m{}", -e)
    } else {
        format!("rel_p{e}")
    }
}

impl EventStudy {
    /// Defaults: reference −1, no pooled ends, [`SmallSample::Crv1`], 95 %.
    pub fn new() -> Self {
        EventStudy::default()
    }

    /// The reference relative time (its coefficient is 0).
    pub fn reference(mut self, e: i64) -> Self {
        self.reference = e;
        self
    }

    /// Pool every relative time at or below this one.
    pub fn bin_min(mut self, e: Option<i64>) -> Self {
        self.bin_min = e;
        self
    }

    /// Pool every relative time at or above this one.
    pub fn bin_max(mut self, e: Option<i64>) -> Self {
        self.bin_max = e;
        self
    }

    /// The small-sample convention.
    pub fn small_sample(mut self, s: SmallSample) -> Self {
        self.small_sample = s;
        self
    }

    /// The confidence level.
    pub fn ci_level(mut self, level: f64) -> Self {
        self.ci_level = level;
        self
    }

    /// Adds a randomization test ([`RandomizationInference`]): the units' first treated
    /// periods are dealt out again among the units (each cohort keeping its number of
    /// units) up to this many times — every distinct deal when there are no more — and the
    /// event study is refitted for each (`None`: no test).
    ///
    /// ```text
    /// effect statistic: |mean of the post-period coefficients|
    /// pre-trend statistic: the joint pre-trend test's W (cluster-robust Wald)
    /// p = #{deals with a statistic ≥ the observed} / #deals   (every deal, the observed among them)
    ///   or (1 + #{…}) / (1 + B)                               (B sampled deals)
    /// ```
    ///
    /// With few treated clusters the cluster-robust errors are far too small and the F
    /// test of the pre-period coefficients rejects far too often; the deals need no
    /// variance (MacKinnon & Webb 2020).
    pub fn permutations(mut self, deals: Option<usize>) -> Self {
        self.permutations = deals;
        self
    }

    /// The seed of the sampled deals (default 1).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    /// A level outside (0, 1); pooled ends that are not below and above the reference;
    /// fewer than 19 deals.
    pub fn check(&self) -> Result<()> {
        check_ci_level(self.ci_level)?;
        super::randomization::check_permutations(self.permutations)?;
        if let Some(lo) = self.bin_min.filter(|lo| *lo >= self.reference) {
            return Err(Error::parameter(
                "bin_min",
                format!(
                    "must lie below the reference relative time {}, not {lo}",
                    self.reference
                ),
            ));
        }
        if let Some(hi) = self.bin_max.filter(|hi| *hi <= self.reference) {
            return Err(Error::parameter(
                "bin_max",
                format!(
                    "must lie above the reference relative time {}, not {hi}",
                    self.reference
                ),
            ));
        }
        Ok(())
    }

    fn bin(&self, e: i64) -> (i64, bool) {
        match (self.bin_min, self.bin_max) {
            (Some(lo), _) if e <= lo => (lo, true),
            (_, Some(hi)) if e >= hi => (hi, true),
            _ => (e, false),
        }
    }

    /// Fits the event study; `cohort` is each row's first treated period (0: never).
    ///
    /// # Errors
    /// See [`EventStudy`].
    pub fn fit(&self, panel: &Panel, cohort: &[f64]) -> Result<EventStudyFit> {
        self.check()?;
        panel.check()?;
        let n = panel.y.len();
        if cohort.len() != n {
            return Err(Error::parameter(
                "cohort",
                format!("has {} values for {n} rows", cohort.len()),
            ));
        }
        for (name, v) in [("time", panel.time.as_slice()), ("cohort", cohort)] {
            if let Some(i) = v.iter().position(|x| x.fract() != 0.0 || x.abs() > 1e15) {
                return Err(Error::analysis(format!(
                    "row {}: {name} is {}; an event study needs whole-number periods",
                    panel.file_row(i),
                    v[i]
                )));
            }
        }
        if let Some(i) = cohort.iter().position(|g| *g < 0.0) {
            return Err(Error::analysis(format!(
                "row {}: cohort is {}; it is the first treated period, or 0 for never treated",
                panel.file_row(i),
                cohort[i]
            )));
        }
        let layout = panel.layout();
        let unit_cohort: Vec<i64> = unit_constant(panel, &layout, cohort, "the cohort")?
            .iter()
            .map(|g| *g as i64)
            .collect();
        let treated_unit: Vec<bool> = unit_cohort.iter().map(|g| *g > 0).collect();
        let mut by_cohort: BTreeMap<i64, usize> = BTreeMap::new();
        for g in &unit_cohort {
            *by_cohort.entry(*g).or_default() += 1;
        }
        let cohorts: Vec<CohortCount> = by_cohort
            .iter()
            .map(|(&cohort, &units)| CohortCount { cohort, units })
            .collect();
        let never = by_cohort.get(&0).copied().unwrap_or(0);
        let treated_cohorts: Vec<i64> = by_cohort.keys().copied().filter(|g| *g > 0).collect();
        if treated_cohorts.is_empty() {
            return Err(Error::analysis(
                "no unit is ever treated (every cohort is 0): there is nothing to estimate",
            ));
        }
        let mut warnings = panel.warnings.clone();
        if never == 0 {
            if treated_cohorts.len() == 1 {
                return Err(Error::analysis(format!(
                    "every unit is first treated in period {} and none is never treated \
                     (cohort 0): there is no comparison group at all",
                    treated_cohorts[0]
                )));
            }
            warnings.push(
                "no never-treated units (cohort 0): the comparisons rest on units treated at \
                 other times only"
                    .into(),
            );
        }
        if treated_cohorts.len() > 1 {
            warnings.push(format!(
                "{} cohorts start at different times: if the effect differs between cohorts or \
                 over time, these coefficients mix cohorts with weights that can be negative \
                 (Sun & Abraham 2021), and pre-period coefficients can differ from 0 with \
                 parallel trends; compare with the staggered design (Callaway & Sant'Anna)",
                treated_cohorts.len()
            ));
        }
        let (first, last) = (
            layout.periods[0] as i64,
            *layout.periods.last().expect("rows") as i64,
        );
        for g in &treated_cohorts {
            if *g <= first {
                warnings.push(format!(
                    "cohort {g} is treated from the first period ({first}) on, so it has no \
                     rows before the start"
                ));
            }
            if *g > last {
                warnings.push(format!(
                    "cohort {g} is first treated after the last period ({last}): its rows are \
                     all before the start"
                ));
            }
        }
        // Relative time (binned) of each treated row.
        let rel: Vec<Option<(i64, bool)>> = (0..n)
            .map(|i| {
                let g = unit_cohort[layout.unit[i]];
                (g > 0).then(|| self.bin(panel.time[i] as i64 - g))
            })
            .collect();
        let mut times: BTreeMap<i64, (usize, bool)> = BTreeMap::new();
        for (e, pooled) in rel.iter().flatten() {
            let entry = times.entry(*e).or_insert((0, *pooled));
            entry.0 += 1;
        }
        if !times.contains_key(&self.reference) {
            return Err(Error::analysis(format!(
                "no treated unit is observed at the reference relative time {} (relative \
                 times {}..{} occur); choose another reference",
                self.reference,
                times.keys().next().expect("treated rows"),
                times.keys().last().expect("treated rows"),
            )));
        }
        let estimated: Vec<i64> = times
            .keys()
            .copied()
            .filter(|e| *e != self.reference)
            .collect();
        let mut slopes: Vec<(String, Vec<f64>)> = estimated
            .iter()
            .map(|&e| {
                let col = rel
                    .iter()
                    .map(|r| f64::from(u8::from(r.is_some_and(|(x, _)| x == e))))
                    .collect();
                (relative_time_term(e), col)
            })
            .collect();
        slopes.extend(panel.covariates.iter().cloned());
        let clusters = panel.clusters_or_units();
        let twfe = |slopes: &[(String, Vec<f64>)]| -> Result<Robust> {
            twfe_fit(
                panel,
                &layout,
                slopes,
                &clusters,
                self.small_sample,
                self.ci_level,
            )
        };
        let fit = twfe(&slopes).map_err(|e| {
            if never == 0 && e.to_string().contains("collinear") {
                Error::analysis(format!(
                    "{e}: without never-treated units the full set of relative times is not \
                     identified; pool the ends (bin_min/bin_max) or add never-treated units"
                ))
            } else {
                e
            }
        })?;
        // The static TWFE with the same fixed effects.
        let d: Vec<f64> = (0..n)
            .map(|i| {
                let g = unit_cohort[layout.unit[i]];
                f64::from(u8::from(g > 0 && panel.time[i] as i64 >= g))
            })
            .collect();
        let mut static_slopes = vec![("d".to_string(), d)];
        static_slopes.extend(panel.covariates.iter().cloned());
        let twfe_static = if !self.with_static {
            None
        } else {
            match twfe(&static_slopes) {
                Ok(f) => Some(f.coefficients[0].clone()),
                Err(e) => {
                    warnings.push(format!(
                        "the static TWFE coefficient cannot be estimated: {e}"
                    ));
                    None
                }
            }
        };

        let df = fit.df;
        let q = t_quantile(0.5 + self.ci_level / 2.0, df);
        let mut event_study = Vec::with_capacity(times.len());
        for (&e, &(rows, pooled)) in &times {
            if e == self.reference {
                event_study.push(EventTime {
                    relative_time: e,
                    estimate: 0.0,
                    std_error: None,
                    ci: None,
                    p_value: None,
                    reference: true,
                    pooled,
                    rows,
                });
            } else {
                let j = estimated.iter().position(|x| *x == e).expect("estimated");
                let c = &fit.coefficients[j];
                event_study.push(EventTime {
                    relative_time: e,
                    estimate: c.coef,
                    std_error: Some(c.std_error),
                    ci: Some(c.ci),
                    p_value: Some(c.p_value),
                    reference: false,
                    pooled,
                    rows,
                });
            }
        }
        // The pre-trend test.
        let pre: Vec<usize> = (0..estimated.len()).filter(|&j| estimated[j] < 0).collect();
        let pretrend = if pre.is_empty() {
            warnings.push(
                "no pre-period coefficients (no treated rows before the reference period): \
                 the pre-trend test is not available"
                    .into(),
            );
            None
        } else {
            let b: Vec<f64> = pre.iter().map(|&j| fit.coefficients[j].coef).collect();
            let v: Vec<Vec<f64>> = pre
                .iter()
                .map(|&r| pre.iter().map(|&c| fit.vcov[r][c]).collect())
                .collect();
            match quadratic_inverse(&v, &b) {
                Some(w) => {
                    let qf = pre.len() as f64;
                    let f = w / qf;
                    Some(Pretrend {
                        statistic: w,
                        df: pre.len(),
                        p_value: ChiSquared::new(qf).expect("q ≥ 1").sf(w),
                        f_statistic: f,
                        df_denominator: df,
                        f_p_value: FisherSnedecor::new(qf, df).expect("df > 0").sf(f),
                    })
                }
                None => {
                    warnings.push(format!(
                        "the covariance of the {} pre-period coefficients is singular (with {} \
                         clusters it has rank at most {}): the pre-trend test is not available",
                        pre.len(),
                        fit.g,
                        fit.g - 1
                    ));
                    None
                }
            }
        };
        // The mean of the post-period coefficients.
        let post: Vec<usize> = (0..estimated.len())
            .filter(|&j| estimated[j] >= 0)
            .collect();
        let (estimate, std_error, ci, p_value) = if post.is_empty() {
            warnings.push(
                "no treated rows from the start of treatment on: no post-period coefficient, \
                 so no overall estimate"
                    .into(),
            );
            (None, None, None, None)
        } else {
            let m = post.len() as f64;
            let est = post.iter().map(|&j| fit.coefficients[j].coef).sum::<f64>() / m;
            let var = post
                .iter()
                .flat_map(|&r| post.iter().map(move |&c| (r, c)))
                .map(|(r, c)| fit.vcov[r][c])
                .sum::<f64>()
                / (m * m);
            let se = var.max(0.0).sqrt();
            let t = est / se;
            (
                Some(est),
                Some(se),
                Some([est - q * se, est + q * se]),
                Some(t_p_two_sided(t, df)).filter(|p| p.is_finite()),
            )
        };
        warnings.extend(layout.unbalanced_warning());
        warnings.extend(few_clusters_warning(fit.g));
        let k_slopes = slopes.len();
        let mut out = EventStudyFit {
            method: "event-study".into(),
            estimand: "ATT".into(),
            outcome: panel.outcome.clone(),
            estimate,
            std_error,
            ci,
            ci_level: self.ci_level,
            p_value,
            std_error_method: se_words(self.small_sample, fit.g, panel.clusters.is_some()),
            small_sample: self.small_sample,
            small_sample_factor: fit.factor,
            df,
            k_design: layout.units.len() + layout.periods.len() - 1 + k_slopes,
            k_slopes,
            reference: self.reference,
            bin_min: self.bin_min,
            bin_max: self.bin_max,
            n: layout.counts(panel, &treated_unit, fit.g),
            cohorts,
            event_study,
            pretrend,
            coefficients: fit.coefficients,
            twfe_static,
            randomization: None,
            warnings,
        };
        if let (Some(b), Some(estimate)) = (self.permutations, out.estimate) {
            let inner = EventStudy {
                permutations: None,
                with_static: false,
                ..self.clone()
            };
            let (cohorts, row_unit) = super::randomization::units_of(&panel.id, cohort);
            let ri = super::randomization::permutation_test(
                &cohorts,
                b,
                self.seed,
                (estimate, out.pretrend.as_ref().map(|p| p.statistic)),
                "the joint pre-trend test's cluster-robust Wald statistic W",
                |deal| {
                    let c: Vec<f64> = row_unit.iter().map(|&u| deal[u]).collect();
                    let f = inner.fit(panel, &c).ok()?;
                    f.estimate
                        .map(|e| (e, f.pretrend.as_ref().map(|p| p.statistic)))
                },
            );
            out.warnings.extend(ri.failed_warning());
            out.randomization = Some(ri);
        }
        Ok(out)
    }
}

/// y and the slopes on unit and period fixed effects: the unit effects absorbed by
/// demeaning within unit (exact for any panel), the period effects as T − 1 demeaned
/// dummies placed first, so a collinear slope is the one named. Reports the slopes.
fn twfe_fit(
    panel: &Panel,
    layout: &Layout,
    slopes: &[(String, Vec<f64>)],
    clusters: &[String],
    small: SmallSample,
    ci_level: f64,
) -> Result<Robust> {
    let n = panel.y.len();
    let demean = |v: &[f64]| -> Vec<f64> {
        let mut out = v.to_vec();
        for rows in &layout.rows_of_unit {
            let mean = rows.iter().map(|&i| v[i]).sum::<f64>() / rows.len() as f64;
            for &i in rows {
                out[i] = v[i] - mean;
            }
        }
        out
    };
    let period_names: Vec<String> = layout.periods[1..]
        .iter()
        .map(|p| format!("period {p}"))
        .collect();
    let mut columns: Vec<(&str, Vec<f64>)> = Vec::new();
    for (p, name) in period_names.iter().enumerate() {
        let dummy: Vec<f64> = (0..n)
            .map(|i| f64::from(u8::from(layout.period[i] == p + 1)))
            .collect();
        columns.push((name.as_str(), demean(&dummy)));
    }
    for (name, v) in slopes {
        columns.push((name.as_str(), demean(v)));
    }
    let k_design = layout.units.len() + layout.periods.len() - 1 + slopes.len();
    robust(
        &columns,
        &demean(&panel.y),
        clusters,
        slopes.len(),
        k_design,
        slopes.len(),
        small,
        ci_level,
    )
    .map_err(|e| {
        let text = e.to_string();
        if !text.contains("collinear") {
            return e;
        }
        let term = text.split('"').nth(1).unwrap_or("a term");
        Error::analysis(format!(
            "term \"{term}\" cannot be told apart from the unit and period fixed effects and \
             the terms before it (collinear)"
        ))
    })
}

/// b'V⁻¹b by Gaussian elimination with partial pivoting; `None` when V is singular.
fn quadratic_inverse(v: &[Vec<f64>], b: &[f64]) -> Option<f64> {
    let q = b.len();
    let mut a: Vec<Vec<f64>> = v
        .iter()
        .zip(b)
        .map(|(r, bi)| {
            let mut row = r.clone();
            row.push(*bi);
            row
        })
        .collect();
    let scale = (0..q).map(|i| v[i][i].abs()).fold(0.0, f64::max);
    for c in 0..q {
        let p = (c..q).max_by(|&x, &y| a[x][c].abs().total_cmp(&a[y][c].abs()))?;
        if a[p][c].abs() <= 1e-12 * scale {
            return None;
        }
        a.swap(c, p);
        for r in c + 1..q {
            let f = a[r][c] / a[c][c];
            for k in c..=q {
                a[r][k] -= f * a[c][k];
            }
        }
    }
    let mut x = vec![0.0; q];
    for r in (0..q).rev() {
        let s: f64 = (r + 1..q).map(|k| a[r][k] * x[k]).sum();
        x[r] = (a[r][q] - s) / a[r][r];
    }
    let w: f64 = b.iter().zip(&x).map(|(b, x)| b * x).sum();
    w.is_finite().then_some(w)
}
