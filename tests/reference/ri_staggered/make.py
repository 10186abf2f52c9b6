"""Exhaustive randomization tests on a small staggered panel, computed independently of
indsats: every distinct deal of the units' first treated periods (7!/(2!1!4!) = 105), the
Callaway-Sant'Anna simple ATT (never-treated comparison, no covariates) written out by
hand, and the TWFE event study fitted with statsmodels (unit and period dummies, a dummy
per relative time but -1, cluster-robust by unit with statsmodels' default CR1 correction).
Run from this folder: python3 make.py   Writes panel.csv and expected.json."""
import itertools, json
import numpy as np, pandas as pd, statsmodels, statsmodels.api as sm

rng = np.random.default_rng(20261124)
units = [f"u{i}" for i in range(1, 8)]
cohort = {"u1": 3, "u2": 3, "u3": 4, "u4": 0, "u5": 0, "u6": 0, "u7": 0}
periods = [1, 2, 3, 4, 5]
a = {u: rng.normal(0, 1) for u in units}
b = {t: 0.3 * t + rng.normal(0, 0.5) for t in periods}
rows = []
for u in units:
    for t in periods:
        g = cohort[u]
        eff = 0.8 * (t - g + 1) if g > 0 and t >= g else 0.0
        rows.append((u, t, g, round(a[u] + b[t] + eff + rng.normal(0, 0.5), 6)))
pd.DataFrame(rows, columns=["unit", "period", "first_treated", "y"]).to_csv("panel.csv", index=False)
d = pd.read_csv("panel.csv")
Y = d.pivot(index="unit", columns="period", values="y")

def simple_att(coh):
    num = den = 0.0
    never = [u for u in units if coh[u] == 0]
    for g in sorted({c for c in coh.values() if c > 0}):
        tr = [u for u in units if coh[u] == g]
        for t in periods:
            if t < g:
                continue
            att = (Y.loc[tr, t] - Y.loc[tr, g - 1]).mean() - (Y.loc[never, t] - Y.loc[never, g - 1]).mean()
            num += len(tr) * att
            den += len(tr)
    return num / den

def event_study(coh):
    dd = d.copy()
    dd["g"] = dd.unit.map(coh)
    rel = sorted({t - g for g in set(coh.values()) if g > 0 for t in periods} - {-1})
    X = pd.get_dummies(dd.unit, prefix="u", drop_first=False, dtype=float)
    X = pd.concat([X, pd.get_dummies(dd.period, prefix="t", drop_first=True, dtype=float)], axis=1)
    names = []
    for e in rel:
        col = ((dd.g > 0) & (dd.period - dd.g == e)).astype(float)
        if col.sum() > 0:
            X[f"e{e}"] = col
            names.append(e)
    r = sm.OLS(dd.y, X).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(dd.unit)[0]})
    pre = [f"e{e}" for e in names if e < -1]
    post = [f"e{e}" for e in names if e >= 0]
    bpre = r.params[pre].to_numpy()
    W = float(bpre @ np.linalg.solve(r.cov_params().loc[pre, pre].to_numpy(), bpre))
    return float(r.params[post].mean()), W

obs = dict(cohort)
labels = [cohort[u] for u in units]
deals = sorted(set(itertools.permutations(labels)))
assert len(deals) == 105
att = [abs(simple_att(dict(zip(units, p)))) for p in deals]
es = [event_study(dict(zip(units, p))) for p in deals]
a_obs = abs(simple_att(obs))
m_obs, w_obs = event_study(obs)
tol = lambda x: 1e-10 * max(abs(x), 1e-300)
out = {
    "deals": len(deals),
    "staggered": {"statistic": simple_att(obs),
                  "p_value": sum(v >= a_obs - tol(a_obs) for v in att) / len(deals)},
    "event_study": {"statistic": m_obs, "pretrend_statistic": w_obs,
                    "p_value": sum(abs(m) >= abs(m_obs) - tol(m_obs) for m, _ in es) / len(deals),
                    "pretrend_p_value": sum(w >= w_obs - tol(w_obs) for _, w in es) / len(deals)},
    "versions": {"python": __import__("sys").version.split()[0], "numpy": np.__version__,
                 "pandas": pd.__version__, "statsmodels": statsmodels.__version__},
}
json.dump(out, open("expected.json", "w"), indent=2)
print(json.dumps(out, indent=2))
