#!/usr/bin/env python3
"""Segmented regression (interrupted time series) with Newey-West standard errors, with
statsmodels' OLS and cov_type="HAC" (Bartlett kernel, maxlags = floor(4 (n/100)^(2/9)), no
small-sample correction), as indsats' `estimate its` defaults.

  python3 benches/peers/its_statsmodels.py FILE T OUT.json

Columns: time, y; T = the first time value after the interruption. Design: intercept, time,
level change 1{time >= T}, slope change (time - T + 1) 1{time >= T}. Prints `fit_seconds`
(building the design, OLS, HAC covariance; data in memory); writes coef and std_error.
"""
import json
import math
import sys
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm

path, t_int, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
t0 = time.perf_counter()
df = pd.read_csv(path)
read = time.perf_counter() - t0

t0 = time.perf_counter()
t = df["time"].to_numpy(float)
post = (t >= t_int).astype(float)
X = np.column_stack([np.ones_like(t), t, post, post * (t - t_int + 1)])
lags = math.floor(4 * (len(t) / 100) ** (2 / 9))
r = sm.OLS(df["y"].to_numpy(float), X).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
fit = time.perf_counter() - t0

terms = ["intercept", "time", "level_change", "slope_change"]
json.dump({"lags": lags, "coefficients": [{"term": k, "coef": float(c), "std_error": float(s)}
                                          for k, c, s in zip(terms, r.params, r.bse)]}, open(out, "w"))
print(f"read_seconds {read:.4f}")
print(f"fit_seconds {fit:.4f}")
print(f"n {len(t)}")
print(f"lags {lags}")
