"""Pre-trend Wald test and mean of the post coefficients of the TWFE event study on
did_staggered_sim/panel.csv, for tests/did.rs. Run: python3 make.py (writes expected.json).

Peer: statsmodels OLS on the full dummy design (const + 499 unit + 7 period dummies +
event-time dummies e = -6..5 except -1), cov_type="cluster" by id with use_correction=True,
df_correction=True, use_t=True — the same call as did_staggered_sim's CASE.md. The Wald
test is statsmodels' `wald_test` on the pre-period coefficients (e = -6..-2), once with
use_f=False (chi2, q df) and once with use_f=True (F = W/q on q and G-1 df). The other two
conventions scale statsmodels' covariance by the ratio of the factors
(G/(G-1) only; K = 11 slopes) and redo W = b'V^-1 b with numpy, p from scipy.
"""
import json
import numpy as np
import pandas as pd
import scipy
import scipy.stats as st
import statsmodels
import statsmodels.api as sm

df = pd.read_csv("../did_staggered_sim/panel.csv")
units = sorted(df.id.unique())
periods = sorted(df.period.unique())
events = [e for e in range(-6, 6) if e != -1]
cols = {"const": np.ones(len(df))}
for u in units[1:]:
    cols[f"u{u}"] = (df.id == u).astype(float).values
for p in periods[1:]:
    cols[f"t{p}"] = (df.period == p).astype(float).values
rel = df.period - df.cohort
for e in events:
    cols[f"e{e}"] = ((df.cohort > 0) & (rel == e)).astype(float).values
X = pd.DataFrame(cols)
fit = sm.OLS(df.y.values, X).fit(cov_type="cluster",
                                 cov_kwds={"groups": df.id.values, "use_correction": True,
                                           "df_correction": True}, use_t=True)
names = [f"e{e}" for e in events]
pre = [f"e{e}" for e in events if e < 0]
post = [f"e{e}" for e in events if e >= 0]
R = np.zeros((len(pre), X.shape[1]))
for i, nm in enumerate(pre):
    R[i, list(X.columns).index(nm)] = 1.0
chi = fit.wald_test(R, use_f=False, scalar=True)
f = fit.wald_test(R, use_f=True, scalar=True)
N, K, G = len(df), X.shape[1], len(units)
crv1 = G / (G - 1) * (N - 1) / (N - K)
V = fit.cov_params().values
b = fit.params.values
out = {"peer": {"python": "3", "statsmodels": statsmodels.__version__, "scipy": scipy.__version__,
                "numpy": np.__version__},
       "pre_terms": pre, "post_terms": post}
for key, factor in [("se_crv1_statsmodels", crv1), ("se_cluster_G_adjust_only", G / (G - 1)),
                    ("se_cluster_K_slopes_only", G / (G - 1) * (N - 1) / (N - 11))]:
    Vs = V * factor / crv1
    idx = [list(X.columns).index(nm) for nm in pre]
    bp = b[idx]
    W = float(bp @ np.linalg.solve(Vs[np.ix_(idx, idx)], bp))
    q = len(pre)
    jdx = [list(X.columns).index(nm) for nm in post]
    a = np.full(len(post), 1 / len(post))
    entry = {"wald_chi2": W, "wald_chi2_p": float(st.chi2.sf(W, q)),
             "wald_f": W / q, "wald_f_p": float(st.f.sf(W / q, q, G - 1)),
             "wald_f_df_denom": G - 1,
             "post_mean": float(a @ b[jdx]),
             "post_mean_se": float(np.sqrt(a @ Vs[np.ix_(jdx, jdx)] @ a))}
    if key == "se_crv1_statsmodels":
        # statsmodels' own wald_test agrees with the hand computation
        assert abs(float(chi.statistic) - W) <= 1e-9 * W, (chi.statistic, W)
        assert abs(float(f.statistic) - W / q) <= 1e-9 * W, (f.statistic, W / q)
        assert int(f.df_denom) == G - 1, f.df_denom
        entry["statsmodels_wald_chi2"] = float(chi.statistic)
        entry["statsmodels_wald_chi2_p"] = float(chi.pvalue)
        entry["statsmodels_wald_f"] = float(f.statistic)
        entry["statsmodels_wald_f_p"] = float(f.pvalue)
    out[key] = entry

# An unbalanced panel with a covariate: rows with (7 id + 3 period) % 11 == 0 left out (364
# rows), x = ((31 id + 17 period) % 13) / 13. TWFE event study (full dummy design) and the
# 2x2 regression (cohort 5 vs never, post = period >= 5) with x, statsmodels as above.
keep = ((7 * df.id + 3 * df.period) % 11) != 0
du = df[keep].reset_index(drop=True)
du_x = ((31 * du.id + 17 * du.period) % 13) / 13.0


def cluster_fit(y, X, groups):
    return sm.OLS(y, X).fit(cov_type="cluster",
                            cov_kwds={"groups": groups, "use_correction": True,
                                      "df_correction": True}, use_t=True)


cols = {"const": np.ones(len(du))}
for u in sorted(du.id.unique())[1:]:
    cols[f"u{u}"] = (du.id == u).astype(float).values
for p in sorted(du.period.unique())[1:]:
    cols[f"t{p}"] = (du.period == p).astype(float).values
relu = du.period - du.cohort
for e in events:
    cols[f"e{e}"] = ((du.cohort > 0) & (relu == e)).astype(float).values
cols["x"] = du_x.values
Xu = pd.DataFrame(cols)
fu = cluster_fit(du.y.values, Xu, du.id.values)
slopes = [f"e{e}" for e in events] + ["x"]
idx = [list(Xu.columns).index(nm) for nm in slopes]
out["unbalanced_event_study"] = {
    "n_obs": int(len(du)), "k_params_in_design": int(Xu.shape[1]),
    "names": slopes,
    "coef": [float(fu.params.values[i]) for i in idx],
    "se_crv1_statsmodels": [float(fu.bse.values[i]) for i in idx],
}
sub = du[(du.cohort == 5) | (du.cohort == 0)].reset_index(drop=True)
sx = ((31 * sub.id + 17 * sub.period) % 13) / 13.0
tr = (sub.cohort == 5).astype(float)
po = (sub.period >= 5).astype(float)
X2 = pd.DataFrame({"const": 1.0, "treated": tr, "post": po, "treated_post": tr * po, "x": sx})
f2 = cluster_fit(sub.y.values, X2, sub.id.values)
out["unbalanced_did_2x2_covariate"] = {
    "n_obs": int(len(sub)), "names": list(X2.columns),
    "coef": [float(v) for v in f2.params.values],
    "se_crv1_statsmodels": [float(v) for v in f2.bse.values],
}
json.dump(out, open("expected.json", "w"), indent=1)
print(json.dumps({k: out[k] for k in ("unbalanced_event_study", "unbalanced_did_2x2_covariate")}, indent=1))
