#!/usr/bin/env python3
"""Synthetic control with placebos in space, with pysyncon 1.7.0 (as R's Synth), on a panel
written by `gen_data.py synth`: unit u001 treated from 2015, years 2000-2024.

  python3 benches/peers/synth_pysyncon.py FILE equal|optimised OUT.json [placebos|none]

Predictors as shared/reference/synth_sim/CASE.md: x1 and x2 averaged over 2010-2014, and the
outcome averaged over 2000-2004, 2005-2009 and 2010-2014 (indsats: --predictors x1,x2
--covariate-periods 2010-2014 --predictor-periods 2000-2004,2005-2009,2010-2014).
`equal`: Synth().fit(custom_V = 1/5 each) (the W problem alone, a convex QP);
`optimised`: Synth().fit(optim_method="Nelder-Mead", optim_initial="equal"), V fitted to the
outcome 2000-2014. Then (unless `none`) PlaceboTest().fit (every donor as if treated, the others as donors;
pysyncon runs them in a process pool over all cores). Prints `fit_seconds` (the treated fit
plus the placebo test, data in memory) and writes each unit's mean post-treatment gap and the
treated unit's weights to OUT.json.
"""
import contextlib
import io
import json
import sys
import time

import numpy as np
import pandas as pd
from pysyncon import Dataprep, Synth
from pysyncon.utils import PlaceboTest

path, vmode, out = sys.argv[1], sys.argv[2], sys.argv[3]
placebos = len(sys.argv) < 5 or sys.argv[4] == "placebos"
t0 = time.perf_counter()
df = pd.read_csv(path)
read = time.perf_counter() - t0
units = sorted(df["unit"].unique())
treated, controls = units[0], units[1:]

t0 = time.perf_counter()
dp = Dataprep(foo=df, predictors=["x1", "x2"], predictors_op="mean",
              time_predictors_prior=range(2010, 2015),
              special_predictors=[("y", range(2000, 2005), "mean"), ("y", range(2005, 2010), "mean"),
                                  ("y", range(2010, 2015), "mean")],
              dependent="y", unit_variable="unit", time_variable="year",
              treatment_identifier=treated, controls_identifier=controls,
              time_optimize_ssr=range(2000, 2015))
opts = {"custom_V": np.full(5, 1 / 5)} if vmode == "equal" else \
    {"optim_method": "Nelder-Mead", "optim_initial": "equal"}
s = Synth()
s.fit(dataprep=dp, **opts)
if placebos:
    with contextlib.redirect_stdout(io.StringIO()):
        pt = PlaceboTest()
        pt.fit(dataprep=dp, scm=Synth(), scm_options=opts, verbose=False)
fit = time.perf_counter() - t0

# Not timed: the treated unit's W problem re-solved at ftol 1e-15 for the V found (pysyncon's
# default SLSQP tolerance, ftol 1e-6, can stop several 1e-2 away from the optimum), and the
# mean post gap from those weights, to compare with indsats to digits.
X0, X1 = dp.make_covariate_mats()
sd = pd.concat([X0, X1], axis=1).std(axis=1)
X0s, X1s = (X0.T / sd).T.to_numpy(), (X1 / sd).to_numpy()
w_tight, _ = Synth().w_optimize(V_mat=np.diag(np.asarray(s.V, float)), X0=X0s, X1=X1s,
                                qp_options={"maxiter": 1000, "ftol": 1e-15})
Z0, Z1 = dp.make_outcome_mats(time_period=range(2000, 2025))
gap_tight = Z1.to_numpy() - Z0.to_numpy() @ w_tight
att_tight = float(gap_tight[np.asarray(Z1.index) >= 2015].mean())

gaps = {}
if placebos:
    post = pt.gaps.index >= 2015
    gaps = {u: float(pt.gaps[u][post].mean()) for u in pt.gaps.columns}
treated_gap = pd.Series(Z1.to_numpy() - Z0.to_numpy() @ np.asarray(s.W), index=Z1.index)
gaps[treated] = float(treated_gap[treated_gap.index >= 2015].mean())
pre = treated_gap.index < 2015
json.dump({"att_post": gaps[treated], "post_gap_mean": gaps,
           "weights": {u: float(w) for u, w in zip(controls, s.W)},
           "weights_tight": {u: float(w) for u, w in zip(controls, w_tight)},
           "att_post_tight": att_tight, "V": [float(v) for v in np.asarray(s.V)],
           "loss_V": float(s.loss_V),
           "mspe_pre": float((treated_gap[pre] ** 2).mean())}, open(out, "w"))
print(f"read_seconds {read:.4f}")
print(f"fit_seconds {fit:.4f}")
print(f"n_units {len(units)}")
print(f"att_post {gaps[treated]:.10f}")
