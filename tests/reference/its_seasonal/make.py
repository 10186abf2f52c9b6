"""Interrupted time series with month-of-year dummies (January the reference) and
Newey-West standard errors. Run: python3 make.py
Writes series.csv (month, time, y) and expected.json."""
import json, sys
import numpy as np, pandas as pd, statsmodels, statsmodels.api as sm

rng = np.random.default_rng(7)
n, n_pre = 84, 48                      # 2015-01 ... 2021-12; interruption 2019-01 (time 49)
t = np.arange(1, n + 1)
post = (t > n_pre).astype(float)
ta = np.where(t > n_pre, t - n_pre, 0.0)
month = (t - 1) % 12 + 1
season = {m: 8.0 * np.sin(2 * np.pi * (m - 1) / 12) + (5.0 if m == 12 else 0.0)
          for m in range(1, 13)}
u = np.empty(n)
u[0] = rng.normal(0, 2.0 / np.sqrt(1 - 0.3 ** 2))
for i in range(1, n):
    u[i] = 0.3 * u[i - 1] + rng.normal(0, 2.0)
y = 100 + 0.3 * t - 6.0 * post - 0.25 * ta + np.array([season[m] for m in month]) + u
months = pd.period_range("2015-01", periods=n, freq="M").astype(str)
pd.DataFrame({"month": months, "time": t, "y": np.round(y, 3)}).to_csv("series.csv", index=False)

d = pd.read_csv("series.csv")
T = 49
names = ["intercept", "time", "level_change", "slope_change"] + [f"season_{m}" for m in range(2, 13)]
cal = d.month.str[5:7].astype(int)
X = np.column_stack([np.ones(n), d.time, (d.time >= T).astype(float),
                     np.maximum(d.time - T + 1, 0).astype(float)]
                    + [(cal == m).astype(float) for m in range(2, 13)])
lags = int(np.floor(4 * (n / 100) ** (2 / 9)))
# truth of the season terms: season[m] - season[1] (January is the reference)
truth = {"intercept": 100.0 + season[1], "time": 0.3, "level_change": -6.0, "slope_change": -0.25,
         **{f"season_{m}": season[m] - season[1] for m in range(2, 13)},
         "ar1_phi": 0.3, "innovation_sd": 2.0}
out = {"peer": {"python": sys.version.split()[0], "statsmodels": statsmodels.__version__,
                "numpy": np.__version__},
       "truth": truth, "n": n, "n_pre": n_pre, "interruption_time": T,
       "maxlags_rule": f"floor(4*(84/100)^(2/9)) = {lags}", "names": names}
ols = sm.OLS(d.y.to_numpy(), X).fit()
out["coef"] = dict(zip(names, ols.params.tolist()))
out["classical_se"] = dict(zip(names, ols.bse.tolist()))
out["r_squared"] = ols.rsquared
r = sm.OLS(d.y.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "kernel": "bartlett",
                                                             "use_correction": False})
ci = r.conf_int(0.05)
h = int(d.time.max() - T + 1)
c = np.zeros(len(names)); c[2] = 1; c[3] = h
tt = r.t_test(c)
out[f"HAC_maxlags{lags}_uncorrected_normal"] = {
    "se": dict(zip(names, r.bse.tolist())),
    "p_value": dict(zip(names, r.pvalues.tolist())),
    "ci95_lower": dict(zip(names, ci[:, 0].tolist())),
    "ci95_upper": dict(zip(names, ci[:, 1].tolist())),
    "effect_at_last_period": {"h": h, "estimate": float(tt.effect[0]),
                              "se": float(np.asarray(tt.sd).ravel()[0])}}
json.dump(out, open("expected.json", "w"), indent=2)
print({k: round(v, 3) for k, v in out["coef"].items()})
print(out[f"HAC_maxlags{lags}_uncorrected_normal"]["se"])
