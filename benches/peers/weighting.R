# Time inverse probability weighting (ATE) in R on an obs CSV (gen_data.py obs):
#   Rscript benches/peers/weighting.R FILE
# e = fitted(glm(treat ~ x1 + ... + x5, binomial)); w = t/e + (1 - t)/(1 - e);
# fit = lm(y ~ treat, weights = w); sandwich::vcovHC(fit, type = "HC0") — the same numbers
# as `indsats estimate ipw` (ATE, unstabilised, untrimmed, HC0; see
# tests/reference/matching_sim/CASE.md). WeightIt is not installed on the project's machine,
# so this is the peer: base R and sandwich.
# Prints startup_seconds, read_seconds, glm_seconds, fit_seconds (glm + weights + lm +
# vcovHC: the fitting only), estimate and std_error.
# Peer: R 4.2.2, sandwich 3.0.2, data.table 1.14.8.
t_start <- proc.time()[["elapsed"]]
suppressPackageStartupMessages({ library(sandwich); library(data.table) })
startup <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 1)
t0 <- proc.time()[["elapsed"]]
d <- as.data.frame(fread(args[1], showProgress = FALSE))
read_s <- proc.time()[["elapsed"]] - t0
t0 <- proc.time()[["elapsed"]]
g <- glm(treat ~ x1 + x2 + x3 + x4 + x5, data = d, family = binomial())
glm_s <- proc.time()[["elapsed"]] - t0
e <- fitted(g)
d$w <- d$treat / e + (1 - d$treat) / (1 - e)
fit <- lm(y ~ treat, data = d, weights = w)
v <- vcovHC(fit, type = "HC0")
fit_s <- proc.time()[["elapsed"]] - t0
cat(sprintf("n %d\nn_treated %d\nstartup_seconds %.3f\nread_seconds %.3f\nglm_seconds %.3f\nfit_seconds %.3f\nestimate %.10g\nstd_error %.10g\n",
            nrow(d), sum(d$treat), startup, read_s, glm_s, fit_s,
            coef(fit)[["treat"]], sqrt(v["treat", "treat"])))
