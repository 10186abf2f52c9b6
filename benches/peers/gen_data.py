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

Added for the designs over time and the economics bootstrap (not in shared/perf):
  python3 benches/peers/gen_data.py staggered N SEED OUT.csv
      id,period,cohort,y   (a balanced panel of N units x 10 periods; cohorts 3, 5, 7, 9 and
      never treated (0), about a fifth each; unit and period effects, effect growing with time
      since treatment, N(0, 0.6^2) noise; as shared/reference/did_staggered_sim, larger)
  python3 benches/peers/gen_data.py synth N SEED OUT.csv
      unit,year,y,x1,x2   (N units x 25 years 2000-2024, two common factors; unit u001 treated
      from 2015 with effect -1 - 0.5 (year - 2015); the others untreated)
  python3 benches/peers/gen_data.py its N SEED OUT.csv
      time,y   (one series of N points, level change +2 and slope change +0.001 from time
      N/2 + 1, AR(1) noise with rho 0.5)
  python3 benches/peers/gen_data.py icer N SEED OUT.csv
      id,programme,cost,effect   (N persons, 40 % in the programme; gamma costs with means
      60,000 / 50,000 kr.; effect Bernoulli 0.45 / 0.30)

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


def staggered(n, seed, out):
    rng = np.random.default_rng(seed)
    periods = np.arange(1, 11)
    cohort = rng.choice([0, 3, 5, 7, 9], size=n)
    shift = {0: 0.0, 3: 0.5, 5: 0.2, 7: -0.3, 9: 0.1}
    alpha = rng.normal(size=n) + np.vectorize(shift.get)(cohort)
    lam = 0.25 * periods + 0.1 * (-1.0) ** periods
    base = {3: 1.0, 5: 0.8, 7: 1.5, 9: 0.6}
    slope = {3: 0.15, 5: 0.25, 7: 0.1, 9: 0.3}
    g = np.repeat(cohort, len(periods))
    t = np.tile(periods, n)
    e = t - g
    treated = (g > 0) & (e >= 0)
    b = np.vectorize(lambda c: base.get(c, 0.0))(g)
    s = np.vectorize(lambda c: slope.get(c, 0.0))(g)
    att = np.where(treated, b + s * e, 0.0)
    y = np.repeat(alpha, len(periods)) + np.tile(lam, n) + att + rng.normal(0, 0.6, size=n * len(periods))
    df = pd.DataFrame({"id": np.repeat(np.arange(1, n + 1), len(periods)), "period": t, "cohort": g,
                       "y": np.round(y, 4)})
    df.to_csv(out, index=False, lineterminator="\n")


def synth(n, seed, out):
    rng = np.random.default_rng(seed)
    years = np.arange(2000, 2025)
    f = np.cumsum(rng.normal(0, 0.3, size=(len(years), 2)), axis=0) + np.linspace(0, 2, len(years))[:, None]
    level = rng.normal(10, 1, size=n)
    load = rng.uniform(0.2, 1.5, size=(n, 2))
    rows = []
    for i in range(n):
        y = level[i] + f @ load[i] + rng.normal(0, 0.3, size=len(years))
        if i == 0:
            y = y + np.where(years >= 2015, -1.0 - 0.5 * (years - 2015), 0.0)
        x1 = level[i] + 0.1 * years.astype(float) / 100 + rng.normal(0, 0.2, size=len(years))
        x2 = load[i, 0] + rng.normal(0, 0.1, size=len(years))
        for k, yr in enumerate(years):
            rows.append((f"u{i + 1:03d}", yr, round(y[k], 4), round(x1[k], 4), round(x2[k], 4)))
    pd.DataFrame(rows, columns=["unit", "year", "y", "x1", "x2"]).to_csv(out, index=False, lineterminator="\n")


def its(n, seed, out):
    rng = np.random.default_rng(seed)
    t = np.arange(1, n + 1)
    e = rng.normal(size=n)
    u = np.empty(n)
    u[0] = e[0]
    for i in range(1, n):
        u[i] = 0.5 * u[i - 1] + e[i]
    t0 = n // 2 + 1
    post = t >= t0
    y = 10 + 0.002 * t + 2.0 * post + 0.001 * np.where(post, t - t0 + 1, 0) + u
    pd.DataFrame({"time": t, "y": np.round(y, 4)}).to_csv(out, index=False, lineterminator="\n")


def icer(n, seed, out):
    rng = np.random.default_rng(seed)
    programme = rng.binomial(1, 0.4, size=n)
    cost = np.round(rng.gamma(4, np.where(programme == 1, 60000, 50000) / 4), 2)
    effect = rng.binomial(1, np.where(programme == 1, 0.45, 0.30))
    pd.DataFrame({"id": np.arange(1, n + 1), "programme": programme, "cost": cost,
                  "effect": effect}).to_csv(out, index=False, lineterminator="\n")


KINDS = {"episodes": episodes, "obs": obs, "staggered": staggered, "synth": synth, "its": its, "icer": icer}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in KINDS:
        sys.exit(__doc__)
    kind, n, seed, out = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3]), sys.argv[4]
    KINDS[kind](n, seed, out)
