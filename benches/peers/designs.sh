#!/usr/bin/env bash
# The designs over time and the economics bootstrap, side by side with their peers on the same
# file: each peer times its own fitting inside its started process (data in memory) and is
# also timed as a whole process; indsats is timed as a whole process (start-up, reading and
# checking the file, fitting, JSON).
#   bash benches/peers/designs.sh [REPS] [WORKLOAD ...]
# WORKLOADs (default all but synth-opt): files made by gen_data.py with seed 1 —
#   staggered   gen_data.py staggered 20000 (200,000 rows): python3 did_csdid.py (csdid 0.4.3,
#               ATTgt.fit(est_method="dr", base_period="varying", bstrap=False) + aggte
#               simple/dynamic/group/calendar) vs indsats estimate staggered-did --id id
#               --time period --cohort cohort --outcome y
#   staggered-100k  the same on 100,000 units (1,000,000 rows)
#   synth       gen_data.py synth 60 (60 units x 25 years): python3 synth_pysyncon.py FILE equal
#               (pysyncon 1.7.0, custom_V equal, PlaceboTest over the 59 donors) vs indsats
#               estimate synth ... --v equal --placebos
#   synth-opt   the treated unit alone (no placebos) with V optimised (pysyncon: Nelder-Mead
#               from equal, maxiter 1000; indsats: its own search); the two find different V,
#               so only their pre-treatment fit is compared, not digits
#   its         gen_data.py its 100000: python3 its_statsmodels.py (OLS, cov_type="HAC") vs
#               indsats estimate its --interruption 50001
#   its-1m      the same on 1,000,000 points
#   icer        gen_data.py icer 10000: Rscript icer_boot.R FILE 20000 (boot with strata,
#               percentile + BCa, acceptability) vs indsats economics icer --bootstrap 20000
# REPS (default 5) runs of each, alternating, after one untimed warm-up of each. Prints per
# workload a table (median [range] seconds), the ratios and the comparison of the numbers
# (compare_designs.py).
#
# Needs: python3 with numpy, pandas, csdid, pysyncon, statsmodels; R with boot, data.table,
# jsonlite; bc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
reps="${1:-5}"
shift || true
workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(staggered synth its icer)
wtp=0,25000,50000,100000,200000
synth_flags=(--unit unit --time year --outcome y --treated-unit u001 --treatment-time 2015
  --predictors x1,x2 --covariate-periods 2010-2014
  --predictor-periods 2000-2004,2005-2009,2010-2014 --format json)

for w in "${workloads[@]}"; do
  case "$w" in
    staggered | staggered-100k)
      n=20000; [ "$w" = staggered-100k ] && n=100000
      file="$work/staggered_$n.csv"; python3 "$here/gen_data.py" staggered "$n" 1 "$file"
      peer_name="csdid (ATTgt.fit + 4 aggte)"; kind=staggered
      peer=(python3 "$here/did_csdid.py" "$file" "$work/peer.json")
      ours=("$indsats" estimate staggered-did --data "$file" --id id --time period --cohort cohort
        --outcome y --format json) ;;
    synth | synth-opt)
      file="$work/synth_60.csv"; [ -f "$file" ] || python3 "$here/gen_data.py" synth 60 1 "$file"
      if [ "$w" = synth ]; then
        peer_name="pysyncon (Synth + PlaceboTest, V equal)"; kind=synth
        peer=(python3 "$here/synth_pysyncon.py" "$file" equal "$work/peer.json" placebos)
        ours=("$indsats" estimate synth --data "$file" "${synth_flags[@]}" --v equal --placebos)
      else
        peer_name="pysyncon (Synth, V optimised, no placebos)"; kind=synth-opt
        peer=(python3 "$here/synth_pysyncon.py" "$file" optimised "$work/peer.json" none)
        ours=("$indsats" estimate synth --data "$file" "${synth_flags[@]}" --v optimised)
      fi ;;
    its | its-1m)
      n=100000; [ "$w" = its-1m ] && n=1000000
      file="$work/its_$n.csv"; python3 "$here/gen_data.py" its "$n" 1 "$file"
      t=$((n / 2 + 1))
      peer_name="statsmodels (OLS, HAC)"; kind=its
      peer=(python3 "$here/its_statsmodels.py" "$file" "$t" "$work/peer.json")
      ours=("$indsats" estimate its --data "$file" --time time --outcome y --interruption "$t"
        --format json) ;;
    icer)
      file="$work/icer_10000.csv"; python3 "$here/gen_data.py" icer 10000 1 "$file"
      peer_name="R boot (strata, perc + BCa)"; kind=icer
      peer=(Rscript "$here/icer_boot.R" "$file" 20000 "$wtp" "$work/peer.json")
      ours=("$indsats" economics icer --data "$file" --treatment programme --cost cost
        --effect effect --bootstrap 20000 --wtp "$wtp" --format json) ;;
    *) echo "unknown workload $w" >&2; exit 2 ;;
  esac
  run_peer() { "${peer[@]}" >"$work/peer.out" 2>"$work/peer.err" || { cat "$work/peer.err" >&2; exit 1; }; }
  run_ours() { "${ours[@]}" >"$work/ours.json" 2>"$work/ours.err" || { cat "$work/ours.err" >&2; exit 1; }; }
  : >"$work/times"
  load_before=$(load)
  run_peer; run_ours
  for _ in $(seq "$reps"); do
    t0=$(now); run_peer; t1=$(now)
    record peer_fit "$(key fit_seconds "$work/peer.out")"
    record peer_process "$(elapsed "$t0" "$t1")"
    t0=$(now); run_ours; t1=$(now)
    record ours_process "$(elapsed "$t0" "$t1")"
  done
  echo "## $w: $file ($(wc -l <"$file") lines); $reps runs each, alternating"
  echo "$(date -u +%FT%TZ); load average before: $load_before; after: $(load)"
  echo
  echo "| what | median seconds [range] |"
  echo "|---|---|"
  row "$peer_name: fit only" peer_fit
  row "$peer_name: whole process" peer_process
  row "indsats: whole process" ours_process
  echo
  echo "ratio peer fit / indsats whole: $(ratio "$(median peer_fit)" "$(median ours_process)")"
  echo "ratio peer whole / indsats whole: $(ratio "$(median peer_process)" "$(median ours_process)")"
  echo "numbers: $(python3 "$here/compare_designs.py" "$kind" "$work/peer.json" "$work/ours.json")"
  echo
done
