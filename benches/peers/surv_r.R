# Copied from shared/perf/surv_r.R (the steering side's peer-timing script), unchanged but for
# this comment, so the project stands on its own.
# Time R survival on an episodes CSV (from gen_data.py episodes):
#   Rscript tools/perf/surv_r.R FILE
# Prints, one per line: startup_seconds (R start + package load), read_seconds (data.table
# fread), then the model-fitting wall seconds: coxph_seconds (Efron, 6 covariates),
# survfit_seconds (KM by treat, log CI), fit_seconds (their sum).
t_start <- proc.time()[["elapsed"]]            # seconds since this R process started
suppressPackageStartupMessages({ library(survival); library(data.table) })
startup <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 1)
t0 <- proc.time()[["elapsed"]]
d <- fread(args[1], showProgress = FALSE)
read_s <- proc.time()[["elapsed"]] - t0
t0 <- proc.time()[["elapsed"]]
fit <- coxph(Surv(time, event) ~ x1 + x2 + x3 + x4 + x5 + treat, data = d, ties = "efron")
cox_s <- proc.time()[["elapsed"]] - t0
t0 <- proc.time()[["elapsed"]]
km <- survfit(Surv(time, event) ~ treat, data = d)
km_s <- proc.time()[["elapsed"]] - t0
cat(sprintf("n %d\nstartup_seconds %.3f\nread_seconds %.3f\ncoxph_seconds %.3f\nsurvfit_seconds %.3f\nfit_seconds %.3f\n",
            nrow(d), startup, read_s, cox_s, km_s, cox_s + km_s))
cat(sprintf("check coef_treat %.6f\n", coef(fit)[["treat"]]), file = stderr())
