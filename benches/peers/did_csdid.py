#!/usr/bin/env python3
"""Callaway & Sant'Anna group-time effects with Python's csdid 0.4.3 (the port of R's `did`), as
shared/reference/did_staggered_sim/CASE.md calls it: never-treated controls, varying base
period, no covariates, analytic SEs (bstrap=False), then the simple and dynamic aggregates.

  python3 benches/peers/did_csdid.py FILE OUT.json

Prints `read_seconds`, `fit_seconds` (ATTgt.fit + aggte simple, dynamic, group and calendar,
the data in memory), `n` and `simple_att` lines; writes att_gt and the aggregates to OUT.json.
Columns: id, period, cohort (first treated period, 0 = never), y.
"""
import contextlib
import io
import json
import sys
import time

t0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from csdid.att_gt import ATTgt  # noqa: E402

startup = time.perf_counter() - t0
path, out = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
df = pd.read_csv(path)
read = time.perf_counter() - t0

t0 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    a = ATTgt(yname="y", tname="period", idname="id", gname="cohort", data=df,
              control_group="nevertreated", xformla=None, panel=True,
              allow_unbalanced_panel=False, anticipation=0, cband=False, alp=0.05)
    a.fit(est_method="dr", base_period="varying", bstrap=False)
    a.aggte(typec="simple", bstrap=False, cband=False, alp=0.05)
    simple_att = float(a.atte["overall_att"])
    a.aggte(typec="dynamic", bstrap=False, cband=False, alp=0.05)
    dynamic = a.atte
    a.aggte(typec="group", bstrap=False, cband=False, alp=0.05)
    a.aggte(typec="calendar", bstrap=False, cband=False, alp=0.05)
fit = time.perf_counter() - t0

r = a.results
att_gt = [{"cohort": int(g), "time": int(t), "att": float(v), "std_error": float(s)}
          for g, t, v, s in zip(r["group"], r["year"], r["att"], r["se"])]
event = [{"relative_time": int(e), "att": float(v), "std_error": float(s)}
         for e, v, s in zip(dynamic["egt"], dynamic["att_egt"], np.ravel(dynamic["se_egt"]))]
json.dump({"att_gt": att_gt, "event_study": event, "simple_att": simple_att}, open(out, "w"))
print(f"startup_seconds {startup:.4f}")
print(f"read_seconds {read:.4f}")
print(f"fit_seconds {fit:.4f}")
print(f"n {df['id'].nunique()}")
print(f"simple_att {simple_att:.10f}")
