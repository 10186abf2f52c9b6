# Time MatchIt nearest-neighbour propensity-score matching on an obs CSV (gen_data.py obs)
# and write its matched pairs:
#   Rscript benches/peers/matchit.R FILE [PAIRS.csv]
# matchit(treat ~ x1 + ... + x5, method = "nearest", distance = "glm", ratio = 1, replace = FALSE)
#
# Adapted from the project's shared/perf/matchit_r.R (the script behind PEER_TIMES.md); the
# timed part is unchanged, writing the pairs is new and comes after the timing.
# Prints startup_seconds, read_seconds, ps_glm_only_seconds (the logistic model alone, for
# reference, fitted once more outside the matchit() call), matchit_seconds (the whole
# matchit() call: logistic PS + matching) and fit_seconds (= matchit_seconds); then
# write_seconds and the mean |ps_t - ps_c| over the pairs.
# PAIRS.csv: treated_row,control_row,treated_score,control_score,distance with rows counted
# from 1 over the data rows (header not counted), scores MatchIt's own distance (the
# fitted probability).
# Peer: R 4.2.2, MatchIt 4.5.1, data.table 1.14.8. Beware: MatchIt 4.5.1's fast routine,
# which this call uses, does not always take the nearest control (see
# tests/reference/matching_sim/CASE.md); this is the peer's speed, not a reference.
t_start <- proc.time()[["elapsed"]]
suppressPackageStartupMessages({ library(MatchIt); library(data.table) })
startup <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) %in% 1:2)
t0 <- proc.time()[["elapsed"]]
d <- as.data.frame(fread(args[1], showProgress = FALSE))
read_s <- proc.time()[["elapsed"]] - t0
t0 <- proc.time()[["elapsed"]]
g <- glm(treat ~ x1 + x2 + x3 + x4 + x5, data = d, family = binomial())
glm_s <- proc.time()[["elapsed"]] - t0
t0 <- proc.time()[["elapsed"]]
m <- matchit(treat ~ x1 + x2 + x3 + x4 + x5, data = d, method = "nearest", distance = "glm",
             ratio = 1, replace = FALSE)
fit_s <- proc.time()[["elapsed"]] - t0
t0 <- proc.time()[["elapsed"]]
mm <- m$match.matrix[, 1]
mm <- mm[!is.na(mm)]
tr <- match(names(mm), rownames(d))
co <- match(mm, rownames(d))
ps <- m$distance
pairs <- data.frame(treated_row = tr, control_row = co, treated_score = ps[tr],
                    control_score = ps[co], distance = abs(ps[tr] - ps[co]))
if (length(args) == 2) fwrite(pairs, args[2])
write_s <- proc.time()[["elapsed"]] - t0
cat(sprintf("n %d\nn_treated %d\nn_pairs %d\nstartup_seconds %.3f\nread_seconds %.3f\nps_glm_only_seconds %.3f\nmatchit_seconds %.3f\nfit_seconds %.3f\nwrite_seconds %.3f\nmean_abs_ps_diff %.10g\n",
            nrow(d), sum(d$treat), nrow(pairs), startup, read_s, glm_s, fit_s, fit_s, write_s,
            mean(pairs$distance)))
