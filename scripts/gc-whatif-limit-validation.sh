#!/usr/bin/env bash
# gc-whatif-limit-validation.sh - the memory-limit table of docs/GC-WHATIF.md: each workload captured by
# examples/capture-gc-limit.sh, predicted by `gomem gc whatif --workload batch --go 1.19` (the captures' Go) from each
# of its GOGC=100 runs without a limit alone, at GOGC=100 and at GOGC=off under its limit, against the median of the
# setting's measured runs (GC count, and peak heap = the largest heap at the end of a mark).
# Needs python3 (to read the JSON). Usage: scripts/gc-whatif-limit-validation.sh [DIR] > table.md
# (DIR: the captures, default testdata/gc/limit)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gomem="$root/gomem"
dir=${1:-"$root/testdata/gc/limit"}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# workload:limit, as examples/capture-gc-limit.sh runs them
workloads="steady:119MiB growing:119MiB bursty:119MiB"
for entry in $workloads; do
  IFS=: read -r workload limit <<< "$entry"
  for setting in gogc100-limit:100 gogcoff-limit:off; do
    IFS=: read -r name gogc <<< "$setting"
    for run in "$dir/$workload.$name".run*.log.gz; do "$gomem" gc stats --format json "$run" > "$tmp/measured.$workload.$name.$(basename "$run").json"; done
    for base in "$dir/$workload".gogc100.run*.log.gz; do
      "$gomem" gc whatif "$base" --gogc "$gogc" --memlimit "$limit" --workload batch --go 1.19 --format json > "$tmp/predicted.$workload.$name.$(basename "$base").json"
    done
  done
done
python3 - "$tmp" $workloads <<'PY'
import json, glob, statistics, sys
tmp, workloads = sys.argv[1], sys.argv[2:]
print("| workload | setting | measured GCs (runs) | predicted GCs (per baseline) | error | measured peak MiB (runs) | predicted peak MiB | error |")
print("|---|---|---|---|---|---|---|---|")
worst = 0.0
for entry in workloads:
    workload, limit = entry.split(":")
    for name, gogc in (("gogc100-limit", "100"), ("gogcoff-limit", "off")):
        measured = [json.load(open(f)) for f in sorted(glob.glob(f"{tmp}/measured.{workload}.{name}.*.json"))]
        predicted = [json.load(open(f))["predicted"] for f in sorted(glob.glob(f"{tmp}/predicted.{workload}.{name}.*.json"))]
        count = statistics.median(m["gcCount"] for m in measured)
        peaks = [m["peakHeapBytes"] / 2**20 for m in measured]
        peak = statistics.median(peaks)
        pc = [p["gcCount"] for p in predicted]
        pp = [p["peakHeapBytes"] / 2**20 for p in predicted]
        ce = [c / count - 1 for c in pc]
        pe = [p / peak - 1 for p in pp]
        worst = max([worst] + [abs(e) for e in ce + pe])
        fmt = lambda es: " / ".join(f"{e:+.1%}" for e in es)
        print(f"| {workload} | GOGC={gogc} {limit} | {count:g} ({', '.join(str(m['gcCount']) for m in measured)}) | {' / '.join(map(str, pc))} | {fmt(ce)} | {peak:.0f} ({', '.join(f'{p:.0f}' for p in peaks)}) | {' / '.join(f'{p:.0f}' for p in pp)} | {fmt(pe)} |")
print(f"\nLargest error: {worst:.1%}")
PY
