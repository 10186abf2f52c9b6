#!/usr/bin/env python3
# Copied from shared/perf/surv_lifelines.py (the steering side's peer-timing script), unchanged
# but for this comment, so the project stands on its own.
"""Time lifelines on an episodes CSV (from gen_data.py episodes):
    python3 tools/perf/surv_lifelines.py FILE
Prints, one per line: startup_seconds (interpreter start + imports), read_seconds
(pandas.read_csv), then coxph_seconds (CoxPHFitter, Efron ties, 6 covariates),
km_seconds (KaplanMeierFitter per treat group), fit_seconds (their sum).
"""
import os
import sys
import time



def _seconds_since_process_start():
    # Linux: field 22 of /proc/self/stat is the start time in clock ticks after boot.
    with open("/proc/self/stat") as f:
        start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


import pandas as pd  # noqa: E402
from lifelines import CoxPHFitter, KaplanMeierFitter  # noqa: E402

startup = _seconds_since_process_start()
path = sys.argv[1]
t0 = time.perf_counter()
d = pd.read_csv(path)
read_s = time.perf_counter() - t0
t0 = time.perf_counter()
cph = CoxPHFitter()
cph.fit(d[["time", "event", "x1", "x2", "x3", "x4", "x5", "treat"]], duration_col="time", event_col="event")
cox_s = time.perf_counter() - t0
t0 = time.perf_counter()
for g, sub in d.groupby("treat"):
    KaplanMeierFitter().fit(sub["time"], sub["event"])
km_s = time.perf_counter() - t0
print(f"n {len(d)}\nstartup_seconds {startup:.3f}\nread_seconds {read_s:.3f}\ncoxph_seconds {cox_s:.3f}\n"
      f"km_seconds {km_s:.3f}\nfit_seconds {cox_s + km_s:.3f}")
print(f"check coef_treat {cph.params_['treat']:.6f}", file=sys.stderr)
