# Reference values for indsats::economics::Projection (tests/economics_projection.rs).
# Run from this directory: Rscript make.R   (R 4.2.2, stats only)
# Input: the example municipality's costs (datasets/example/costs.csv) summed by year,
# written to yearly.csv with a made-up population of children 0-17 per year.
costs <- read.csv("../../../datasets/example/costs.csv", colClasses = c(month = "character"))
costs$year <- as.integer(substr(costs$month, 1, 4))
yearly <- aggregate(amount ~ year, data = costs, FUN = sum)
yearly$children <- c(10250, 10310, 10342, 10401, 10388, 10420, 10395, 10377, 10402, 10431)
write.csv(yearly, "yearly.csv", row.names = FALSE)
yearly <- read.csv("yearly.csv")  # the rounded file is the input of record
target <- 2030
levels <- c(0.95, 0.80)
new <- data.frame(year = (max(yearly$year) + 1):target)
obs <- data.frame(year = yearly$year)
out <- list()
fmt <- function(x) formatC(x, digits = 17, format = "g")
rows <- function(case, fit, nd, level, trans, extra = NULL) {
  ci <- predict(fit, nd, interval = "confidence", level = level)
  pi <- predict(fit, nd, interval = "prediction", level = level)
  data.frame(case = case, level = level, year = nd$year,
             fit = trans(ci[, "fit"]), ci_lower = trans(ci[, "lwr"]), ci_upper = trans(ci[, "upr"]),
             pi_lower = trans(pi[, "lwr"]), pi_upper = trans(pi[, "upr"]))
}
id <- function(x) x
pred <- list(); coefs <- list()
for (level in levels) {
  lin <- lm(amount ~ year, data = yearly)
  loglin <- lm(log(amount) ~ year, data = yearly)
  pc <- lm(I(amount / children) ~ year, data = yearly)
  pred[[length(pred) + 1]] <- rows("linear", lin, rbind(obs, new), level, id)
  pred[[length(pred) + 1]] <- rows("log_linear", loglin, rbind(obs, new), level, exp)
  pred[[length(pred) + 1]] <- rows("per_child_linear", pc, new, level, id)
}
pred <- do.call(rbind, pred)
lin <- lm(amount ~ year, data = yearly)
loglin <- lm(log(amount) ~ year, data = yearly)
pc <- lm(I(amount / children) ~ year, data = yearly)
s <- summary(loglin)$sigma
lp <- predict(loglin, new)
mean_lognormal <- exp(lp + s^2 / 2)
smearing <- exp(lp) * mean(exp(residuals(loglin)))
coef_row <- function(case, fit) {
  sm <- summary(fit)
  data.frame(case = case, intercept = coef(fit)[1], slope = coef(fit)[2],
             slope_se = sm$coefficients[2, 2], sigma = sm$sigma, r_squared = sm$r.squared,
             df = fit$df.residual)
}
coefs <- rbind(coef_row("linear", lin), coef_row("log_linear", loglin), coef_row("per_child_linear", pc))
means <- data.frame(year = new$year, mean_lognormal = mean_lognormal, smearing = smearing)
write.csv(format(pred, digits = 17), "predictions.csv", row.names = FALSE, quote = FALSE)
write.csv(format(coefs, digits = 17), "coefficients.csv", row.names = FALSE, quote = FALSE)
write.csv(format(means, digits = 17), "log_linear_means.csv", row.names = FALSE, quote = FALSE)
# The hand-worked case: three years, y = 10, 14, 15.
h <- data.frame(year = c(2020, 2021, 2022), y = c(10, 14, 15))
hf <- lm(y ~ year, data = h)
print(predict(hf, data.frame(year = 2023), interval = "prediction", level = 0.95), digits = 17)
print(predict(hf, data.frame(year = 2023), interval = "confidence", level = 0.95), digits = 17)
cat(R.version.string, "\n")
