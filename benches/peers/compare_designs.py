#!/usr/bin/env python3
"""Compares a peer's numbers with indsats' on one benchmark workload (benches/peers/designs.sh).

  python3 benches/peers/compare_designs.py staggered|synth|its|icer PEER.json INDSATS.json

Prints one line: the largest absolute differences of the point estimates (and, where the
peer's are analytic, of the standard errors).
"""
import json
import sys

kind, peer, ours = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))


def maxdiff(pairs):
    return max(abs(a - b) for a, b in pairs)


if kind == "staggered":
    p = {(c["cohort"], c["time"]): c for c in peer["att_gt"]}
    o = {(c["cohort"], c["time"]): c for c in ours["att_gt"]}
    assert p.keys() == o.keys(), "different cells"
    pe = {e["relative_time"]: e for e in peer["event_study"]}
    oe = {e["relative_time"]: e for e in ours["event_study"]}
    print(f"{len(o)} ATT(g,t) cells: max |diff| att {maxdiff((p[k]['att'], o[k]['att']) for k in o):.1e}, "
          f"se {maxdiff((p[k]['std_error'], o[k]['std_error']) for k in o):.1e}; "
          f"event study ({len(oe)} e): att {maxdiff((pe[k]['att'], oe[k]['att']) for k in oe):.1e}, "
          f"se {maxdiff((pe[k]['std_error'], oe[k]['std_error']) for k in oe):.1e}; "
          f"simple ATT {peer['simple_att']:.10f} vs {ours['estimate']:.10f} "
          f"(|diff| {abs(peer['simple_att'] - ours['estimate']):.1e})")
elif kind == "synth-opt":
    print(f"V optimised by each (different searches, so different V and W): pre-treatment MSPE of the "
          f"outcome indsats {ours['mspe_optimised']:.6f}, pysyncon {peer['loss_V']:.6f}; post-period mean gap "
          f"indsats {ours['estimate']:.6f}, pysyncon {peer['att_post']:.6f}")
elif kind == "synth":
    w = {x["unit"]: x["weight"] for x in ours["weights"]}
    post = [r["time"] >= ours["treatment_time"] for r in ours["path"]]
    gaps = {pl["unit"]: sum(g for g, q in zip(pl["gaps"], post) if q) / sum(post) for pl in ours["placebos"]}
    print(f"treated unit: weights vs pysyncon at ftol 1e-15 max |diff| "
          f"{maxdiff((peer['weights_tight'][u], w[u]) for u in w):.1e}, vs pysyncon's default answer "
          f"{maxdiff((peer['weights'][u], w[u]) for u in w):.1e}; post-period mean gap {ours['estimate']:.8f} vs "
          f"{peer['att_post_tight']:.8f} (tight; |diff| {abs(ours['estimate'] - peer['att_post_tight']):.1e}) and "
          f"{peer['att_post']:.8f} (default); {len(gaps)} placebos' mean post gap max |diff| "
          f"{maxdiff((peer['post_gap_mean'][u], gaps[u]) for u in gaps):.1e} (pysyncon's default tolerance)")
elif kind == "its":
    p = {c["term"]: c for c in peer["coefficients"]}
    o = {c["term"]: c for c in ours["coefficients"]}
    print(f"4 coefficients: max |diff| coef {maxdiff((p[k]['coef'], o[k]['coef']) for k in p):.1e}, "
          f"se {maxdiff((p[k]['std_error'], o[k]['std_error']) for k in p):.1e} ({peer['lags']} lags); "
          f"level change {o['level_change']['coef']:.10f} (se {o['level_change']['std_error']:.10f})")
elif kind == "icer":
    est = [(peer[k]["estimate"], ours[k]["estimate"]) for k in ("delta_cost", "delta_effect", "icer")]
    est += [(n["estimate"], a["nmb"]["estimate"]) for n, a in zip(peer["nmb"], ours["acceptability"])]
    se = [peer[k]["std_error"] / ours[k]["std_error"] for k in ("delta_cost", "delta_effect", "icer")]
    ce = maxdiff((c, a["probability_cost_effective"]) for c, a in zip(peer["ceac"], ours["acceptability"]))
    print(f"point estimates (dC, dE, ICER, NMB at {len(peer['wtp'])} WTP): max |diff| {maxdiff(est):.1e}; "
          f"ICER {ours['icer']['estimate']:.6f}; bootstrap SE R/indsats (different random streams): "
          + ", ".join(f"{r:.3f}" for r in se) + f"; acceptability max |diff| {ce:.4f}")
