//! The one integration-test binary: each module tests one area.

/// Shared helpers: fixture paths, running the binary.
mod common;

/// Covariate balance: MatchIt's `summary()` on matching_sim, and hand cases.
mod balance;
/// `indsats` as a process: exit codes, formats, the defect fixture end to end.
mod cli;
/// docs/cli.md against the binary's --help: a heading per subcommand, every flag documented.
mod cli_docs;
/// The economic cockpit: a hand-worked ledger, the example against costs.csv to the øre, the
/// workbook read back with calamine, suppression, the errors, the CLI.
mod cockpit;
/// Designs on the synthetic municipality: bias of the naive comparison, recovery of the truth.
mod designs;
/// Difference in differences and the TWFE event study: statsmodels on did_staggered_sim,
/// hand cases, a parallel-trends simulation, the errors, `estimate did|event-study`.
mod did;
/// Economics: the business case (Hørsholm), the cohort scenario (Housing First), the CLI.
mod economics;
/// Economics costs: per person and period, prices, errors, the cost effect against the truth.
mod economics_costs;
/// Spending projections against R's predict.lm (projection_r), hand cases, the CLI.
mod economics_projection;
/// `indsats economics scenario`, `rate-card`, `concentration` as processes, against the seeds.
mod economics_seeds_cli;
/// Economics tables against the municipal seeds, Gini and top-share hand cases, the errors.
mod economics_tables;
/// Effects: each estimator against its peer's numbers.
mod effects;
/// `indsats estimate` as a process: the contract's JSON against the peers, pairs, bad input.
mod estimate;
/// Cost per outcome and the ICER: R's boot on icer_sim, BCa exactly, hand cases, coverage,
/// the charts, `indsats economics cost-per-outcome` and `icer` as processes.
mod icer;
/// The identifier guard: CPR-like values, scanning, refusal, pseudonyms.
mod ident;
/// Questionnaire scoring in the library: the worked cases, rejections, definition checks.
mod instruments;
/// Interrupted time series: statsmodels' HAC on its_sim, its_seasonal and its_controlled,
/// Newey–West by definition, planted effects, refusals, `indsats estimate its`, the chart.
mod its;
/// Matching: nearest neighbour against MatchIt (matching_sim), hand cases, a naive loop.
mod matching;
/// Cluster-robust least squares: two-way clustering against sandwich, CR2 by its definition.
mod ols_cluster;
/// The evaluation plan: parsing, unknown keys, paths, staircase overrides.
mod plan;
/// Progression: reliable and clinically significant change.
mod progress;
/// Propensity scores: logistic regression against R's glm (matching_sim), separation and
/// collinearity named.
mod propensity;
/// File readers (CSV, Parquet, Excel) and number/date parsing.
/// Randomization inference for the staggered designs: exact deals against Python, size.
mod randomization;
mod read;
/// The council report: numbers, suppression, both languages, escaping, determinism.
mod report;
/// The economics section: business case and cost concentration against the library.
mod report_economics;
/// The report's effect-over-time section: the example against `Its::fit` on the ledger read
/// here, hand-made ledgers (exact line, too short, chosen measures), bad plans.
mod report_over_time;
/// The report's staggered DiD section: a survey panel with a planted effect against
/// `StaggeredDid` and `EventStudy`, single-district cohorts, no never-treated, TWFE
/// disagreeing, bad plans.
mod report_staggered;
/// `indsats score` as a process: contract CSV, JSON, long input, user instruments, bad input.
mod school_survey;
mod score;
/// The synthetic municipality: determinism, data rules, parameter guard, realism, planted effects.
mod simulate;
/// Staggered DiD (Callaway & Sant'Anna): did_staggered_sim against csdid, errors, the
/// multiplier bootstrap, the TWFE check, `indsats estimate staggered-did`.
mod staggered;
/// The staircase: spells, transitions, step-down, ages, the placement mix (Hørsholm), the CLI.
mod staircase;
/// Results as data: spending, tables and suppression through the public API.
mod summary;
/// Cumulative incidence of competing exits: Aalen–Johansen against survfit (survival_veteran),
/// hand cases, `indsats survival cif` as a process.
mod survival_cif;
/// Cox regression: coxph on survival_veteran, cox.zph, hand cases, `indsats survival cox`.
mod survival_cox;
/// Kaplan–Meier and the log-rank test: survival_veteran against R's survival, hand cases, the CLI.
mod survival_km;
/// Synthetic control: pysyncon on synth_sim, hand cases, errors, the planted effect, the CLI.
mod synth;
/// The tolerance policy used by every comparison with a reference.
mod tolerance;
/// Typed loading and every validation kind, on tables built in the test.
mod validate;
/// Weighting: IPW and AIPW against R (matching_sim).
mod weighting;
