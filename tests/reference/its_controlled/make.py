"""Controlled interrupted time series: a treated and a comparison series stacked, with
group interactions, Newey-West (panel) standard errors. Run: python3 make.py
Writes series.csv (wide: month, time, treated, control) and expected.json."""
import json, sys
import numpy as np, pandas as pd, statsmodels, statsmodels.api as sm

rng = np.random.default_rng(20240607)
n, n_pre = 72, 36                      # 2016-01 ... 2021-12; interruption 2019-01 (time 37)
t = np.arange(1, n + 1)
post = (t > n_pre).astype(float)
ta = np.where(t > n_pre, t - n_pre, 0.0)

def ar1(phi, sd):
    u = np.empty(n)
    u[0] = rng.normal(0, sd / np.sqrt(1 - phi ** 2))
    for i in range(1, n):
        u[i] = phi * u[i - 1] + rng.normal(0, sd)
    return u

truth = dict(const=30.0, time=0.10, level_change=2.0, slope_change=0.05,
             group=10.0, group_time=0.05, group_level_change=-3.0, group_slope_change=-0.10,
             ar1_phi=0.4, innovation_sd=1.5)
control = (truth["const"] + truth["time"] * t + truth["level_change"] * post
           + truth["slope_change"] * ta + ar1(0.4, 1.5))
treated = (control * 0 + truth["const"] + truth["group"]
           + (truth["time"] + truth["group_time"]) * t
           + (truth["level_change"] + truth["group_level_change"]) * post
           + (truth["slope_change"] + truth["group_slope_change"]) * ta + ar1(0.4, 1.5))
months = pd.period_range("2016-01", periods=n, freq="M").astype(str)
pd.DataFrame({"month": months, "time": t, "treated": np.round(treated, 3),
              "control": np.round(control, 3)}).to_csv("series.csv", index=False)

d = pd.read_csv("series.csv")
T = 37
rows = []
for g, col in [(1, "treated"), (0, "control")]:       # treated block first, then control
    for tt, y in zip(d.time, d[col]):
        L = float(tt >= T); S = float(max(tt - T + 1, 0))
        rows.append(dict(group_id=g, y=y, intercept=1.0, time=float(tt), level_change=L,
                         slope_change=S, group=float(g), group_time=g * float(tt),
                         group_level_change=g * L, group_slope_change=g * S))
s = pd.DataFrame(rows)
names = ["intercept", "time", "level_change", "slope_change", "group", "group_time",
         "group_level_change", "group_slope_change"]
X, y = s[names].to_numpy(), s.y.to_numpy()
lags = int(np.floor(4 * (n / 100) ** (2 / 9)))        # per series: 3 for 72 points
out = {"peer": {"python": sys.version.split()[0], "statsmodels": statsmodels.__version__,
                "numpy": np.__version__},
       "truth": truth, "n_per_series": n, "n_pre": n_pre, "interruption_time": T,
       "maxlags_rule": f"floor(4*(72/100)^(2/9)) = {lags} (points per series)",
       "names": names}
ols = sm.OLS(y, X).fit()
out["coef"] = dict(zip(names, ols.params.tolist()))
out["classical_se"] = dict(zip(names, ols.bse.tolist()))
out["r_squared"] = ols.rsquared
out["sigma"] = float(np.sqrt(ols.scale))
h = int(d.time.max() - T + 1)
contrasts = {"post_slope_treated": [0, 1, 0, 1, 0, 1, 0, 1],
             f"effect_at_last_period (group_level_change + {h}*group_slope_change)":
                 [0, 0, 0, 0, 0, 0, 1, h]}
for corr in [False, "hac"]:
    for use_t in [False, True]:
        r = sm.OLS(y, X).fit(cov_type="hac-panel",
                             cov_kwds={"groups": s.group_id.to_numpy(), "maxlags": lags,
                                       "kernel": "bartlett", "use_correction": corr,
                                       "df_correction": False},
                             use_t=use_t)
        ci = r.conf_int(0.05)
        key = f"HAC_panel_maxlags{lags}_{'corrected' if corr else 'uncorrected'}_{'t' if use_t else 'normal'}"
        out[key] = {"cov_kwds": {"maxlags": lags, "use_correction": corr,
                                 "df_correction": False, "groups": "series"},
                    "use_t": use_t,
                    "se": dict(zip(names, r.bse.tolist())),
                    "p_value": dict(zip(names, r.pvalues.tolist())),
                    "ci95_lower": dict(zip(names, ci[:, 0].tolist())),
                    "ci95_upper": dict(zip(names, ci[:, 1].tolist())),
                    "vcov": r.cov_params().tolist(),
                    "contrasts": {}}
        for cname, c in contrasts.items():
            tt_ = r.t_test(np.array(c, dtype=float))
            out[key]["contrasts"][cname] = {"estimate": float(tt_.effect[0]),
                                            "se": float(np.asarray(tt_.sd).ravel()[0]),
                                            "p_value": float(tt_.pvalue)}
json.dump(out, open("expected.json", "w"), indent=2)
print(json.dumps(out["coef"], indent=1))
print(out[f"HAC_panel_maxlags{lags}_uncorrected_normal"]["se"])
