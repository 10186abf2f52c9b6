# Shared by matchit.sh, weighting.sh and survival.sh (sourced, not run): the indsats binary, a work
# folder, timing and medians. Expects $here (this folder).
repo="$(cd "$here/../.." && pwd)"
indsats="${INDSATS:-${CARGO_TARGET_DIR:-$repo/target}/release/indsats}"
[ -x "$indsats" ] || { echo "no indsats binary at $indsats: run cargo build --release" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
: >"$work/times"

now() { date +%s.%N; }
# key NAME FILE: the value on the line "NAME value" of FILE
key() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
# record NAME VALUE: one timing
record() { echo "$1 $2" >>"$work/times"; }
# elapsed T0 T1
elapsed() { echo "$2 - $1" | bc -l; }
# stat NAME: "median min max" of the timings recorded under NAME
stat() {
  awk -v k="$1" '$1 == k { print $2 }' "$work/times" | sort -g \
    | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
             printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'
}
median() { stat "$1" | cut -d' ' -f1; }
# row LABEL NAME: a Markdown table row "| LABEL | median [min–max] |"
row() {
  local m lo hi
  read -r m lo hi <<<"$(stat "$2")"
  printf '| %s | %s [%s–%s] |\n' "$1" "$m" "$lo" "$hi"
}
ratio() { printf '%.1f' "$(echo "$1 / $2" | bc -l)"; }
load() { uptime | sed 's/.*load average: *//'; }
