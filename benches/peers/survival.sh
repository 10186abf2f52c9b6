#!/usr/bin/env bash
# Kaplan–Meier by treat plus a Cox model (Efron, 6 covariates) side by side: R's survival and
# Python's lifelines (fit time only, inside their started processes) against the indsats CLI
# (whole processes: start-up, reading and validating the CSV, fitting, JSON).
#   bash benches/peers/survival.sh [REPS] [FILE ...]
# FILEs default to `python3 benches/peers/gen_data.py episodes N 1` for N = 100,000 and
# 1,000,000. REPS (default 3) runs of each per file, alternating, after one untimed warm-up.
#
#   (a) Rscript benches/peers/surv_r.R FILE           coxph + survfit; prints fit_seconds
#   (b) python3 benches/peers/surv_lifelines.py FILE  CoxPHFitter + KaplanMeierFitter
#   (c) indsats survival km --data FILE --time time --event event --group treat --format json
#       + indsats survival cox --data FILE --time time --event event
#           --covariates x1,x2,x3,x4,x5,treat --format json
#       timed together as two whole processes.
# Prints per file a table of medians (range in brackets), the ratios peer / indsats, and the
# treat coefficient of each (they should agree to about 1e-6).
#
# Needs: R with survival and data.table; python3 with lifelines, numpy and pandas; bc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
reps="${1:-3}"
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  for n in 100000 1000000; do
    python3 "$here/gen_data.py" episodes "$n" 1 "$work/episodes_$n.csv"
    files+=("$work/episodes_$n.csv")
  done
fi

for file in "${files[@]}"; do
  run_r() {
    Rscript "$here/surv_r.R" "$file" >"$work/r.out" 2>"$work/r.err" || { cat "$work/r.err" >&2; exit 1; }
  }
  run_py() {
    python3 "$here/surv_lifelines.py" "$file" >"$work/py.out" 2>"$work/py.err" || { cat "$work/py.err" >&2; exit 1; }
  }
  run_indsats() {
    "$indsats" survival km --data "$file" --time time --event event --group treat --format json \
      >"$work/km.json" 2>"$work/km.err" || { cat "$work/km.err" >&2; exit 1; }
    "$indsats" survival cox --data "$file" --time time --event event \
      --covariates x1,x2,x3,x4,x5,treat --format json \
      >"$work/cox.json" 2>"$work/cox.err" || { cat "$work/cox.err" >&2; exit 1; }
  }
  : >"$work/times"
  load_before=$(load)
  run_r; run_py; run_indsats
  for _ in $(seq "$reps"); do
    run_r
    record r_fit "$(key fit_seconds "$work/r.out")"
    record r_cox "$(key coxph_seconds "$work/r.out")"
    run_py
    record py_fit "$(key fit_seconds "$work/py.out")"
    record py_cox "$(key coxph_seconds "$work/py.out")"
    t0=$(now); run_indsats; t1=$(now)
    record indsats_process "$(elapsed "$t0" "$t1")"
  done
  echo "file: $file ($(key n "$work/r.out") rows); $reps runs each, alternating"
  echo "$(date -u +%FT%TZ); load average before: $load_before; after: $(load)"
  echo
  echo "| what | median seconds [range] |"
  echo "|---|---|"
  row "R survival: fit only (coxph + survfit)" r_fit
  row "R survival: of which coxph" r_cox
  row "lifelines: fit only (CoxPHFitter + KaplanMeierFitter)" py_fit
  row "lifelines: of which CoxPHFitter" py_cox
  row "indsats: whole processes (survival km + survival cox)" indsats_process
  echo
  echo "ratio R fit / indsats whole: $(ratio "$(median r_fit)" "$(median indsats_process)")"
  echo "ratio lifelines fit / indsats whole: $(ratio "$(median py_fit)" "$(median indsats_process)")"
  echo "treat coefficient: R $(awk '/coef_treat/ {print $3}' "$work/r.err"), lifelines $(awk '/coef_treat/ {print $3}' "$work/py.err"), indsats $(python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))["coefficients"]; print("%.6f" % [x["coef"] for x in c if x["term"] == "treat"][0])' "$work/cox.json")"
  echo
done
