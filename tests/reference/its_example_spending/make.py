"""The example municipality's ledger summed by month (datasets/example/costs.csv), fitted as
an interrupted time series at 2018-01 with month-of-year dummies (January the reference)
and Newey-West standard errors at the default lags -- the numbers the report's section
"Har udviklingen aendret sig?" shows for examples/example_plan.toml.
Run from this folder: python3 make.py   Writes series.csv (month, time, y) and expected.json."""
import json, sys
import numpy as np, pandas as pd, statsmodels, statsmodels.api as sm

costs = pd.read_csv("../../../datasets/example/costs.csv", dtype={"month": str})
by = costs.groupby("month", sort=True)["amount"].sum()
months = pd.period_range(by.index.min(), by.index.max(), freq="M").astype(str)
assert list(months) == list(by.index), "a month without ledger lines"
n = len(months)
d = pd.DataFrame({"month": months, "time": np.arange(1, n + 1), "y": by.to_numpy()})
d.to_csv("series.csv", index=False, float_format="%.17g")

d = pd.read_csv("series.csv", dtype={"month": str})
T = int(d.index[d.month == "2018-01"][0]) + 1
names = ["intercept", "time", "level_change", "slope_change"] + [f"season_{m}" for m in range(2, 13)]
cal = d.month.str[5:7].astype(int)
X = np.column_stack([np.ones(n), d.time, (d.time >= T).astype(float),
                     np.maximum(d.time - T + 1, 0).astype(float)]
                    + [(cal == m).astype(float) for m in range(2, 13)])
lags = int(np.floor(4 * (n / 100) ** (2 / 9)))
r = sm.OLS(d.y.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "kernel": "bartlett",
                                                             "use_correction": False})
ci = r.conf_int(0.05)
h = int(d.time.max() - T + 1)
def contrast(c):
    tt = r.t_test(np.asarray(c, dtype=float))
    est, se = float(tt.effect[0]), float(np.asarray(tt.sd).ravel()[0])
    lo, hi = np.asarray(tt.conf_int(alpha=0.05)).ravel()
    return {"estimate": est, "se": se, "ci95_lower": float(lo), "ci95_upper": float(hi)}
c_end = np.zeros(len(names)); c_end[2] = 1; c_end[3] = h
c_post = np.zeros(len(names)); c_post[1] = 1; c_post[3] = 1
e = r.resid
out = {"peer": {"python": sys.version.split()[0], "statsmodels": statsmodels.__version__,
                "numpy": np.__version__, "pandas": pd.__version__},
       "n": n, "n_pre": T - 1, "interruption": "2018-01", "interruption_time": T,
       "maxlags": lags, "maxlags_rule": f"floor(4*({n}/100)^(2/9)) = {lags}", "names": names,
       "coef": dict(zip(names, r.params.tolist())),
       "se": dict(zip(names, r.bse.tolist())),
       "ci95_lower": dict(zip(names, ci[:, 0].tolist())),
       "ci95_upper": dict(zip(names, ci[:, 1].tolist())),
       "post_slope": contrast(c_post),
       "effect_at_end": dict(h=h, **contrast(c_end)),
       "durbin_watson": float(np.sum(np.diff(e) ** 2) / np.sum(e ** 2)),
       "lag1_r": float(np.corrcoef(e[1:], e[:-1])[0, 1])}
json.dump(out, open("expected.json", "w"), indent=2)
print({k: round(v, 1) for k, v in list(out["coef"].items())[:4]}, out["effect_at_end"], out["lag1_r"])
