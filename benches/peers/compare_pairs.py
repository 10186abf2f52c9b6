#!/usr/bin/env python3
"""Compare the matched pairs of MatchIt and indsats on the same data file.

  python3 benches/peers/compare_pairs.py MATCHIT_PAIRS.csv INDSATS_PAIRS.csv

MATCHIT_PAIRS.csv is written by matchit.R (rows counted from 1 over the data rows);
INDSATS_PAIRS.csv by `indsats estimate psm --matches` (rows as a spreadsheet shows them, so
data row r is file row r + 1). Prints key value lines: pairs on each side, treated units
whose control differs, and for each side the mean |ps_t - ps_c| over its pairs (each side's
own propensity scores), and the largest difference between the two sides' scores of the
same unit. Standard library only.
"""
import csv
import sys


def read(path, row_offset):
    pairs, score = {}, {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            t, c = int(r["treated_row"]) - row_offset, int(r["control_row"]) - row_offset
            pairs.setdefault(t, []).append(c)
            score[t], score[c] = float(r["treated_score"]), float(r["control_score"])
    return pairs, score


def mean_distance(pairs, score):
    d = [abs(score[t] - score[c]) for t, cs in pairs.items() for c in cs]
    return sum(d) / len(d), len(d)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    mi, mi_score = read(sys.argv[1], 0)
    ours, our_score = read(sys.argv[2], 1)
    differ = sum(1 for t in set(mi) | set(ours) if sorted(mi.get(t, [])) != sorted(ours.get(t, [])))
    both = set(mi_score) & set(our_score)
    ps_gap = max((abs(mi_score[i] - our_score[i]) for i in both), default=float("nan"))
    mi_mean, mi_n = mean_distance(mi, mi_score)
    our_mean, our_n = mean_distance(ours, our_score)
    # The controls MatchIt took farther than the nearest free one show in the total distance:
    # a correct greedy matcher should not do worse.
    print(f"pairs_matchit {mi_n}")
    print(f"pairs_indsats {our_n}")
    print(f"treated_with_different_control {differ}")
    print(f"mean_abs_ps_diff_matchit {mi_mean:.10g}")
    print(f"mean_abs_ps_diff_indsats {our_mean:.10g}")
    print(f"max_ps_disagreement {ps_gap:.3g}")
    print(f"indsats_not_worse {'yes' if our_mean <= mi_mean else 'NO'}")


if __name__ == "__main__":
    main()
