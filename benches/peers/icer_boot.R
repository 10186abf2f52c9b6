# The ICER with a bootstrap that resamples persons within each arm, with R's boot (as
# tests/reference/icer_sim/make.R): boot(d, stat, R = B, strata = programme), then for ΔC,
# ΔE, the ICER and the net monetary benefit at each willingness to pay the percentile and BCa
# intervals (boot.ci) and the acceptability curve. The jackknife for BCa is computed once,
# leave-one-out in closed form per arm (boot's usual.jack within strata), not by empinf's
# n calls of the statistic, so R is not made slow by a loop indsats does not run.
#   Rscript benches/peers/icer_boot.R FILE B WTP1,WTP2,... OUT.json
# Columns: programme (1/0), cost, effect. Prints boot_seconds (boot() alone), fit_seconds
# (boot + jackknife + intervals + acceptability; data in memory) and the point estimates.
t_start <- Sys.time()
suppressPackageStartupMessages({ library(boot); library(data.table); library(jsonlite) })
startup <- as.numeric(Sys.time() - t_start, units = "secs")
args <- commandArgs(trailingOnly = TRUE)
B <- as.integer(args[2])
wtp <- as.numeric(strsplit(args[3], ",")[[1]])
t0 <- Sys.time()
d <- fread(args[1], data.table = FALSE)
read <- as.numeric(Sys.time() - t0, units = "secs")

t0 <- Sys.time()
pr <- d$programme == 1
cost <- d$cost; effect <- d$effect
stat <- function(dd, i) {
  t1 <- pr[i]; c <- cost[i]; e <- effect[i]
  dC <- mean(c[t1]) - mean(c[!t1]); dE <- mean(e[t1]) - mean(e[!t1])
  c(dC, dE, dC / dE, wtp * dE - dC)
}
set.seed(1)
b <- boot(d, stat, R = B, strata = d$programme)
boot_s <- as.numeric(Sys.time() - t0, units = "secs")
# leave-one-out ΔC, ΔE per person (stratified jackknife), then L as boot's usual.jack
loo <- function(x) {
  s1 <- sum(x[pr]); s0 <- sum(x[!pr]); n1 <- sum(pr); n0 <- sum(!pr)
  ifelse(pr, (s1 - x) / (n1 - 1) - s0 / n0, s1 / n1 - (s0 - x) / (n0 - 1))
}
lc <- loo(cost); le <- loo(effect)
tj <- cbind(lc, le, lc / le, sapply(wtp, function(w) w * le - lc))
ns <- ifelse(pr, sum(pr), sum(!pr))
out <- lapply(seq_along(b$t0), function(j) {
  L <- (ns - 1) * (b$t0[j] - tj[, j])
  cc <- boot.ci(b, conf = 0.95, type = c("perc", "bca"), index = j, L = L)
  tt <- b$t[, j]
  list(estimate = b$t0[j], std_error = sd(tt[is.finite(tt)]), percentile_ci = cc$percent[4:5],
       bca_ci = cc$bca[4:5])
})
ceac <- sapply(wtp, function(w) mean(w * b$t[, 2] - b$t[, 1] > 0))
fit <- as.numeric(Sys.time() - t0, units = "secs")
write_json(list(delta_cost = out[[1]], delta_effect = out[[2]], icer = out[[3]],
                nmb = out[-(1:3)], wtp = wtp, ceac = ceac), args[4], digits = NA, auto_unbox = TRUE)
cat(sprintf("startup_seconds %.4f\nread_seconds %.4f\nboot_seconds %.4f\nfit_seconds %.4f\nn %d\n",
            startup, read, boot_s, fit, nrow(d)))
cat(sprintf("icer %.10f\n", b$t0[3]))
