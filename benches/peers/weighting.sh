#!/usr/bin/env bash
# Inverse probability weighting (ATE, HC0) side by side: R (glm + lm + sandwich::vcovHC)
# against the indsats CLI.
#   bash benches/peers/weighting.sh [REPS] [FILE ...]
# FILEs default to `python3 benches/peers/gen_data.py obs N 1` for N = 50,000 and 500,000
# (generated into a temporary folder); REPS (default 5) runs of each per file, alternating,
# after one untimed warm-up run of each.
#
#   (a) Rscript benches/peers/weighting.R FILE: its fit time (glm, weights, lm, vcovHC) and
#       the whole process.
#   (b) indsats estimate ipw --data FILE --treatment treat --outcome y
#         --covariates x1,x2,x3,x4,x5 --format json
#       the whole process (ATE, HC0 by default; it also computes balance before and after
#       weighting, which the R script does not).
# Prints per file a table of medians (range in brackets), the ratios R / indsats, and both
# estimates and standard errors (they should agree to about 1e-8).
#
# The indsats binary is $INDSATS, or target/release/indsats under $CARGO_TARGET_DIR (or the
# repository's target/). Needs: R with sandwich and data.table, bc; python3 (numpy and
# pandas only to generate the files).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
reps="${1:-5}"
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  for n in 50000 500000; do
    python3 "$here/gen_data.py" obs "$n" 1 "$work/obs_$n.csv"
    files+=("$work/obs_$n.csv")
  done
fi

for file in "${files[@]}"; do
  run_r() {
    Rscript "$here/weighting.R" "$file" >"$work/r.out" 2>"$work/r.err" \
      || { cat "$work/r.err" >&2; exit 1; }
  }
  run_indsats() {
    "$indsats" estimate ipw --data "$file" --treatment treat --outcome y \
      --covariates x1,x2,x3,x4,x5 --format json \
      >"$work/indsats.json" 2>"$work/indsats.err" || { cat "$work/indsats.err" >&2; exit 1; }
  }
  : >"$work/times"
  load_before=$(load)
  run_r
  run_indsats
  for _ in $(seq "$reps"); do
    t0=$(now); run_r; t1=$(now)
    record r_fit "$(key fit_seconds "$work/r.out")"
    record r_glm "$(key glm_seconds "$work/r.out")"
    record r_process "$(elapsed "$t0" "$t1")"
    t0=$(now); run_indsats; t1=$(now)
    record indsats_process "$(elapsed "$t0" "$t1")"
  done
  echo "file: $file ($(key n "$work/r.out") rows, $(key n_treated "$work/r.out") treated); $reps runs each, alternating"
  echo "$(date -u +%FT%TZ); load average before: $load_before; after: $(load)"
  echo
  echo "| what | median seconds [range] |"
  echo "|---|---|"
  row "R: fit only (glm + lm + vcovHC HC0)" r_fit
  row "R: of which glm" r_glm
  row "R: whole process (Rscript weighting.R)" r_process
  row "indsats: whole process (estimate ipw)" indsats_process
  echo
  echo "ratio R fit only / indsats whole process: $(ratio "$(median r_fit)" "$(median indsats_process)")"
  echo "ratio R whole process / indsats whole process: $(ratio "$(median r_process)" "$(median indsats_process)")"
  echo "R:       estimate $(key estimate "$work/r.out") se $(key std_error "$work/r.out")"
  python3 -c 'import json, sys; e = json.load(open(sys.argv[1])); print("indsats: estimate %.10g se %.10g" % (e["estimate"], e["std_error"]))' "$work/indsats.json"
  echo
done
