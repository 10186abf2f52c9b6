# Reference values for indsats::economics::{Icer, CostPerOutcome}: tests/icer.rs.
# Rscript make.R   (R 4.2.2, boot 1.3-28.1, jsonlite)
library(boot)
library(jsonlite)
set.seed(20261123)

# --- the simulated municipality: 400 persons, half in the programme -----------------
# true ΔC = 60000 − 50000 = 10000 kr., true ΔE = 0.45 − 0.30 = 0.15, true ICER 66 667 kr.
n1 <- 200; n0 <- 200
programme <- c(rep(1L, n1), rep(0L, n0))
cost <- round(c(rgamma(n1, shape = 4, scale = 60000 / 4),
                rgamma(n0, shape = 4, scale = 50000 / 4)), 2)
effect <- c(rbinom(n1, 1, 0.45), rbinom(n0, 1, 0.30))
district <- sample(c("Nord", "Syd", "Vest"), n1 + n0, replace = TRUE)
age <- round(runif(n1 + n0, 18, 65))   # drawn last, so the columns above do not change
d <- data.frame(id = sprintf("p%03d", 1:(n1 + n0)), programme, cost, effect, district, age)
write.csv(d, "persons.csv", row.names = FALSE, quote = FALSE)

wtp <- c(0, 25000, 50000, 66666.67, 100000, 200000)
B <- 20000

# --- ICER: boot with strata = programme ------------------------------------------------
stat <- function(d, i) {
  x <- d[i, ]
  t1 <- x$programme == 1
  dC <- mean(x$cost[t1]) - mean(x$cost[!t1])
  dE <- mean(x$effect[t1]) - mean(x$effect[!t1])
  c(dC, dE, dC / dE, wtp * dE - dC)
}
t0 <- stat(d, seq_len(nrow(d)))
set.seed(1)
b <- boot(d, stat, R = B, strata = d$programme)
ci <- function(j) {
  L <- empinf(b, index = j, type = "jack")
  cc <- boot.ci(b, conf = 0.95, type = c("perc", "bca"), index = j, L = L)
  tt <- b$t[, j]
  list(estimate = t0[j], std_error = sd(tt[is.finite(tt)]), undefined = sum(!is.finite(tt)),
       percentile_ci = cc$percent[4:5], bca_ci = cc$bca[4:5])
}
# Fieller (Willan & O'Brien 1996), analytic variances, written out independently of indsats.
arm <- function(k) d[d$programme == k, ]
v <- function(f) sum(sapply(0:1, function(k) { a <- arm(k); f(a) / nrow(a) }))
vC <- v(function(a) var(a$cost)); vE <- v(function(a) var(a$effect)); cCE <- v(function(a) cov(a$cost, a$effect))
z <- qnorm(0.975)
f <- function(R) (t0[1] - R * t0[2])^2 - z^2 * (vC - 2 * R * cCE + R^2 * vE)
A <- t0[2]^2 - z^2 * vE; Bq <- t0[2] * t0[1] - z^2 * cCE; D <- t0[1]^2 - z^2 * vC
fieller <- sort(c((Bq - sqrt(Bq^2 - A * D)) / A, (Bq + sqrt(Bq^2 - A * D)) / A))
stopifnot(abs(f(fieller[1])) < 1e-3 * t0[1]^2, abs(f(fieller[2])) < 1e-3 * t0[1]^2)
q <- function(e, c) c(north_east = mean(e > 0 & c > 0), north_west = mean(e < 0 & c > 0),
                      south_east = mean(e > 0 & c < 0), south_west = mean(e < 0 & c < 0))
icer <- list(
  n_programme = n1, n_comparison = n0, replicates = B,
  mean_cost = c(mean(cost[programme == 1]), mean(cost[programme == 0])),
  mean_effect = c(mean(effect[programme == 1]), mean(effect[programme == 0])),
  delta_cost = ci(1), delta_effect = ci(2), icer = ci(3),
  fieller_ci = fieller,
  quadrant_shares = as.list(q(b$t[, 2], b$t[, 1])),
  acceptability = lapply(seq_along(wtp), function(k)
    c(list(wtp = wtp[k], probability_cost_effective = mean(wtp[k] * b$t[, 2] - b$t[, 1] > 0)),
      list(nmb = ci(3 + k)))))

# --- the ICER adjusted for age: the programme's coefficient in lm(cost ~ programme + age)
# and lm(effect ~ programme + age), refitted in every replicate ------------------------
X <- cbind(1, d$programme, d$age)
adj_stat <- function(d, i) {
  Xi <- cbind(1, d$programme[i], d$age[i])
  dC <- lm.fit(Xi, d$cost[i])$coefficients[2]
  dE <- lm.fit(Xi, d$effect[i])$coefficients[2]
  unname(c(dC, dE, dC / dE, 50000 * dE - dC))
}
fc <- lm(cost ~ programme + age, data = d); fe <- lm(effect ~ programme + age, data = d)
at0 <- adj_stat(d, seq_len(nrow(d)))
stopifnot(abs(at0[1] - coef(fc)[["programme"]]) < 1e-6)
set.seed(4)
ab <- boot(d, adj_stat, R = B, strata = d$programme)
adj_ci <- function(j) {
  L <- empinf(ab, index = j, type = "jack")
  cc <- boot.ci(ab, conf = 0.95, type = c("perc", "bca"), index = j, L = L)
  tt <- ab$t[, j]
  list(estimate = at0[j], std_error = sd(tt[is.finite(tt)]),
       percentile_ci = cc$percent[4:5], bca_ci = cc$bca[4:5])
}
# Fieller with the classical covariance of the two coefficients (same design X).
aC <- vcov(fc)["programme", "programme"]; aE <- vcov(fe)["programme", "programme"]
sCE <- sum(residuals(fc) * residuals(fe)) / df.residual(fc)
aCE <- sCE * solve(crossprod(X))[2, 2]
A2 <- at0[2]^2 - z^2 * aE; B2 <- at0[2] * at0[1] - z^2 * aCE; D2 <- at0[1]^2 - z^2 * aC
adjusted <- list(covariates = "age", delta_cost = adj_ci(1), delta_effect = adj_ci(2),
                 icer = adj_ci(3), nmb_50000 = adj_ci(4),
                 probability_cost_effective_50000 = mean(50000 * ab$t[, 2] - ab$t[, 1] > 0),
                 fieller_ci = sort(c((B2 - sqrt(B2^2 - A2 * D2)) / A2, (B2 + sqrt(B2^2 - A2 * D2)) / A2)))

# --- cost per outcome: the programme's persons, overall and by district ---------------
cpo_stat <- function(d, i) {
  x <- d[i, ]
  c(sum(x$cost) / sum(x$effect), mean(x$effect), mean(x$cost))
}
cpo <- function(x, label) {
  set.seed(2)
  bb <- boot(x, cpo_stat, R = B)
  t0 <- cpo_stat(x, seq_len(nrow(x)))
  one <- function(j) {
    tt <- bb$t[, j]; ok <- is.finite(tt)
    L <- empinf(bb, index = j, type = "jack")
    cc <- boot.ci(bb, conf = 0.95, type = c("perc", "bca"), index = j, L = L)
    list(estimate = t0[j], std_error = sd(tt[ok]), percentile_ci = cc$percent[4:5],
         bca_ci = cc$bca[4:5], undefined = sum(!ok))
  }
  list(group = label, n = nrow(x), total_cost = sum(x$cost), outcomes = sum(x$effect),
       cost_per_outcome = one(1), outcome_rate = one(2), mean_cost = one(3))
}
p <- d[d$programme == 1, ]
groups <- c(list(cpo(p, "all")),
            lapply(unique(p$district), function(g) cpo(p[p$district == g, ], g)))

# --- BCa on given replicates: exact check of the interval's arithmetic ----------------
# 25 persons, R = 999; boot's replicates are written out so indsats computes its BCa from
# the same replicates and its own jackknife.
small <- p[1:25, c("cost", "effect")]
set.seed(3)
sb <- boot(small, function(d, i) sum(d$cost[i]) / sum(d$effect[i]), R = 999)
sL <- empinf(sb, type = "jack")
sci <- boot.ci(sb, conf = 0.90, type = "bca", L = sL)
write.csv(small, "small.csv", row.names = FALSE, quote = FALSE)
writeLines(sprintf("%.17g", sb$t[, 1]), "small_replicates.txt")
bca_exact <- list(estimate = sb$t0, level = 0.90, influence = sL, bca_ci = sci$bca[4:5])

write_json(list(wtp = wtp, icer = icer, icer_adjusted = adjusted, cost_per_outcome = groups, bca_exact = bca_exact,
                r_version = R.version.string, boot_version = as.character(packageVersion("boot"))),
           "expected.json", digits = NA, auto_unbox = TRUE, pretty = TRUE)
