#!/usr/bin/env bash
# bench-vs-benchstat.sh - time `gomem bench compare` against benchstat side by side on generated -benchmem files.
#
# Usage: scripts/bench-vs-benchstat.sh [-n RUNS] [-b BENCHSTAT] [-d DIR] [LINES...]
#
#   -n RUNS       runs per command and size (default 3); the table shows medians
#   -b BENCHSTAT  the benchstat binary (default: ../shared/tools/benchstat/benchstat beside the checkout)
#   -d DIR        where the input files are made and kept (default: a scratch folder, removed at the end)
#   LINES         file sizes in result lines (default: 50000 200000 500000); LINES/10 distinct benchmarks each
#
# For each size it makes an old and a new file with scripts/make-bench-file.sh (deterministic), builds gomem
# (Release) and runs `dotnet GoMem.Cli.dll bench compare OLD NEW` and `benchstat OLD NEW` one after the other
# (alternating which goes first), each under `/usr/bin/time -f "%e %M %U %S"` (wall seconds, peak RSS KiB, user and
# system CPU seconds), checks that the two outputs are byte-identical, and prints a Markdown table of medians and
# ratios with the load average. CPU time is shown beside wall time because it depends much less on what else the
# machine runs (benchstat's GC works on other threads, so its CPU time can exceed its wall time).
# Exit status: 0, or 1 if any output differed or a command failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
BENCHSTAT="$root/../shared/tools/benchstat/benchstat"
DIR=
while getopts "n:b:d:" opt; do
  case $opt in
    n) RUNS=$OPTARG ;;
    b) BENCHSTAT=$OPTARG ;;
    d) DIR=$OPTARG ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(50000 200000 500000)
[ -x "$BENCHSTAT" ] || { echo "bench-vs-benchstat.sh: no benchstat at $BENCHSTAT (use -b)" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
[ -n "$DIR" ] || DIR="$scratch/inputs"
mkdir -p "$DIR"
dotnet build "$root/src/GoMem.Cli" -c Release --nologo -v quiet -o "$scratch/gomem" >/dev/null
gomem=(dotnet "$scratch/gomem/GoMem.Cli.dll")

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

status=0
echo "| lines (distinct benchmarks) | gomem wall | benchstat wall | speed-up (wall) | gomem CPU | benchstat CPU | speed-up (CPU) | gomem peak RSS | benchstat peak RSS | identical |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for lines in "${SIZES[@]}"; do
  old="$DIR/old-$lines.txt" new="$DIR/new-$lines.txt"
  [ -f "$old" ] || "$root/scripts/make-bench-file.sh" "$old" "$lines" old
  [ -f "$new" ] || "$root/scripts/make-bench-file.sh" "$new" "$lines" new
  : > "$scratch/g.times"; : > "$scratch/b.times"
  same=yes
  for run in $(seq 1 "$RUNS"); do
    order=(g b); [ $((run % 2)) -eq 0 ] && order=(b g)
    for who in "${order[@]}"; do
      if [ "$who" = g ]; then
        /usr/bin/time -f "%e %M %U %S" -o "$scratch/t" "${gomem[@]}" bench compare "$old" "$new" > "$scratch/g.out" 2>/dev/null || status=1
      else
        /usr/bin/time -f "%e %M %U %S" -o "$scratch/t" "$BENCHSTAT" "$old" "$new" > "$scratch/b.out" 2>/dev/null || status=1
      fi
      tail -1 "$scratch/t" >> "$scratch/$who.times"
    done
    cmp -s "$scratch/g.out" "$scratch/b.out" || { same=no; status=1; }
  done
  gw=$(cut -d' ' -f1 "$scratch/g.times" | median) bw=$(cut -d' ' -f1 "$scratch/b.times" | median)
  gm=$(cut -d' ' -f2 "$scratch/g.times" | median) bm=$(cut -d' ' -f2 "$scratch/b.times" | median)
  gc=$(awk '{ print $3 + $4 }' "$scratch/g.times" | median) bc=$(awk '{ print $3 + $4 }' "$scratch/b.times" | median)
  printf "| %s (%s) | %.2f s | %.2f s | %.2fx | %.2f s | %.2f s | %.2fx | %.0f MB | %.0f MB | %s |\n" "$lines" $((lines / 10)) \
    "$gw" "$bw" "$(echo "$bw / $gw" | bc -l)" "$gc" "$bc" "$(echo "$bc / $gc" | bc -l)" \
    "$(echo "$gm / 1024" | bc -l)" "$(echo "$bm / 1024" | bc -l)" "$same"
done
echo
echo "$RUNS runs each, medians; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
exit $status
