#!/usr/bin/env bash
# Propensity-score matching side by side: R's MatchIt against the indsats CLI, on one file.
#   bash benches/peers/matchit.sh [FILE] [REPS]
# FILE defaults to `python3 benches/peers/gen_data.py obs 50000 1` (generated into a temporary
# folder); REPS (default 5) runs of each, alternating MatchIt and indsats, after one untimed
# warm-up run of each (page cache, R's packages).
#
#   (a) Rscript benches/peers/matchit.R FILE PAIRS_R.csv
#       MatchIt's own fit time (the matchit() call) and the whole process (start-up, reading,
#       a reference glm, the matchit() call, writing the pairs).
#   (b) indsats estimate psm --data FILE --treatment treat --outcome y
#         --covariates x1,x2,x3,x4,x5 --format json --matches PAIRS.csv
#       the whole process: start-up, reading and validating the CSV, the propensity model,
#       the matching, the ATT with pair-clustered errors, balance, JSON and pairs written.
# Both are timed as whole processes with `date +%s.%N`. Prints a table of medians (range in
# brackets), the ratios MatchIt / indsats, and a comparison of the two sets of pairs
# (compare_pairs.py): how many treated units got a different control, and each side's mean
# |ps_t − ps_c| (MatchIt 4.5.1's fast routine does not always take the nearest control, so
# the pairs differ; a correct matcher's mean distance must not be larger).
#
# The indsats binary is $INDSATS, or target/release/indsats under $CARGO_TARGET_DIR (or the
# repository's target/): build it first with `cargo build --release`.
# Needs: R with MatchIt and data.table, bc; python3 (numpy and pandas only to generate the file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
file="${1:-}"
reps="${2:-5}"
if [ -z "$file" ]; then
  file="$work/obs_50k.csv"
  python3 "$here/gen_data.py" obs 50000 1 "$file"
fi

run_r() {
  Rscript "$here/matchit.R" "$file" "$work/pairs_r.csv" >"$work/r.out" 2>"$work/r.err" \
    || { cat "$work/r.err" >&2; exit 1; }
}
run_indsats() {
  "$indsats" estimate psm --data "$file" --treatment treat --outcome y \
    --covariates x1,x2,x3,x4,x5 --format json --matches "$work/pairs_indsats.csv" \
    >"$work/indsats.json" 2>"$work/indsats.err" || { cat "$work/indsats.err" >&2; exit 1; }
}

load_before=$(load)
run_r
run_indsats
for _ in $(seq "$reps"); do
  t0=$(now); run_r; t1=$(now)
  record matchit_fit "$(key fit_seconds "$work/r.out")"
  record matchit_process "$(elapsed "$t0" "$t1")"
  record matchit_startup "$(key startup_seconds "$work/r.out")"
  record matchit_read "$(key read_seconds "$work/r.out")"
  t0=$(now); run_indsats; t1=$(now)
  record indsats_process "$(elapsed "$t0" "$t1")"
done

echo "file: $file ($(key n "$work/r.out") rows, $(key n_treated "$work/r.out") treated); $reps runs each, alternating"
echo "$(date -u +%FT%TZ); load average before: $load_before; after: $(load)"
echo
echo "| what | median seconds [range] |"
echo "|---|---|"
row "MatchIt: matchit() call (fit only)" matchit_fit
row "MatchIt: R start-up + packages" matchit_startup
row "MatchIt: fread" matchit_read
row "MatchIt: whole process (Rscript matchit.R)" matchit_process
row "indsats: whole process (estimate psm --matches)" indsats_process
echo
echo "ratio MatchIt fit only / indsats whole process: $(ratio "$(median matchit_fit)" "$(median indsats_process)")"
echo "ratio MatchIt whole process / indsats whole process: $(ratio "$(median matchit_process)" "$(median indsats_process)")"
echo
echo "pairs (last run of each):"
python3 "$here/compare_pairs.py" "$work/pairs_r.csv" "$work/pairs_indsats.csv"
python3 -c 'import json, sys; e = json.load(open(sys.argv[1])); print("indsats_att", e["estimate"], "se", e["std_error"])' "$work/indsats.json"
