#!/usr/bin/env python3
# Copied from the project's shared/perf/gen_data.py (only this comment and the paths in the
# usage text changed; 2026-11-23), the generator behind shared/perf/PEER_TIMES.md, so the
# peer scripts here make the same files. Needs numpy and pandas (pip install numpy pandas).
"""Write large synthetic workloads for timing indsats against its peers.

  python3 benches/peers/gen_data.py episodes N SEED OUT.csv
      person_id,time,event,x1,x2,x3,x4,x5,treat   (one episode per person; time in whole days
      1..1800, so there are many tied times as in registry data; ~35 % censored)
  python3 benches/peers/gen_data.py obs N SEED OUT.csv
      id,treat,x1,x2,x3,x4,x5,y   (observational data for propensity-score matching;
      ~30 % treated; true effect 1.5 + 0.5*x1)

Deterministic for a given (kind, N, SEED): numpy default_rng(SEED), written in chunks.
"""
import sys

import numpy as np
import pandas as pd


def covariates(rng, n):
    x1 = np.round(rng.normal(size=n), 4)
    x2 = np.round(rng.normal(size=n), 4)
    x3 = rng.binomial(1, 0.4, size=n)
    x4 = np.round(rng.uniform(size=n), 4)
    x5 = rng.poisson(2, size=n)
    return x1, x2, x3, x4, x5


def episodes(n, seed, out):
    rng = np.random.default_rng(seed)
    chunk = 1_000_000
    first = True
    start = 0
    while start < n:
        m = min(chunk, n - start)
        x1, x2, x3, x4, x5 = covariates(rng, m)
        treat = rng.binomial(1, 1 / (1 + np.exp(-(-0.5 + 0.4 * x1 - 0.3 * x2))), size=m)
        lp = 0.3 * x1 - 0.2 * x2 + 0.4 * x3 - 0.5 * x4 + 0.1 * x5 - 0.35 * treat
        # Weibull event times (shape 1.3), scale chosen so the median is ~2 years
        u = rng.uniform(size=m)
        t_event = 700.0 * (-np.log(u) / np.exp(lp)) ** (1 / 1.3)
        t_cens = rng.uniform(30, 1800, size=m)
        t = np.minimum(t_event, t_cens)
        time = np.clip(np.ceil(t), 1, 3650).astype(int)
        event = (t_event <= t_cens).astype(int)
        df = pd.DataFrame({"person_id": np.arange(start + 1, start + m + 1), "time": time, "event": event,
                           "x1": x1, "x2": x2, "x3": x3, "x4": x4, "x5": x5, "treat": treat})
        df.to_csv(out, index=False, mode="w" if first else "a", header=first, lineterminator="\n")
        first = False
        start += m


def obs(n, seed, out):
    rng = np.random.default_rng(seed)
    x1, x2, x3, x4, x5 = covariates(rng, n)
    p = 1 / (1 + np.exp(-(-1.2 + 0.6 * x1 - 0.5 * x2 + 0.7 * x3 + 0.8 * x4 - 0.15 * x5)))
    treat = rng.binomial(1, p)
    y = 2 + x1 + 0.8 * x2 + 0.5 * x3 + 1.5 * x4 + 0.3 * x5 + treat * (1.5 + 0.5 * x1) + rng.normal(size=n)
    df = pd.DataFrame({"id": np.arange(1, n + 1), "treat": treat, "x1": x1, "x2": x2, "x3": x3,
                       "x4": x4, "x5": x5, "y": np.round(y, 4)})
    df.to_csv(out, index=False, lineterminator="\n")


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("episodes", "obs"):
        sys.exit(__doc__)
    kind, n, seed, out = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3]), sys.argv[4]
    (episodes if kind == "episodes" else obs)(n, seed, out)
