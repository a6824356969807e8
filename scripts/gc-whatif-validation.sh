#!/usr/bin/env bash
# gc-whatif-validation.sh - the table of docs/GC-WHATIF.md: every setting captured by examples/capture-gc.sh,
# predicted by `gomem gc whatif --workload batch --go 1.19` (the captures' Go) from each GOGC=100 run alone, against the median of the
# setting's measured runs (GC count, and peak heap = the largest heap at the end of a mark).
# Needs python3 (to read the JSON). Usage: scripts/gc-whatif-validation.sh [DIR] > table.md
# (DIR: the captures, default testdata/gc; `examples/capture-gc.sh 3 DIR` makes a held-out set)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gomem="$root/gomem"
dir=${1:-"$root/testdata/gc"}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
settings="gogc50:50:off gogc100:100:off gogc200:200:off gogc400:400:off gogc100-limit150:100:150MiB gogcoff-limit250:off:250MiB"
for entry in $settings; do
  IFS=: read -r name gogc limit <<< "$entry"
  for run in "$dir/$name".run*.log; do "$gomem" gc stats --format json "$run" > "$tmp/measured.$name.$(basename "$run").json"; done
  for base in "$dir"/gogc100.run*.log; do
    "$gomem" gc whatif "$base" --gogc "$gogc" --memlimit "$limit" --workload batch --go 1.19 --format json > "$tmp/predicted.$name.$(basename "$base").json"
  done
done
python3 - "$tmp" $settings <<'PY'
import json, glob, os, statistics, sys
tmp, settings = sys.argv[1], sys.argv[2:]
print("| setting | measured GCs (runs) | predicted GCs (per baseline) | error | measured peak MiB | predicted peak MiB | error |")
print("|---|---|---|---|---|---|---|")
worst = 0.0
for entry in settings:
    name = entry.split(":")[0]
    measured = [json.load(open(f)) for f in sorted(glob.glob(f"{tmp}/measured.{name}.*.json"))]
    predicted = [json.load(open(f))["predicted"] for f in sorted(glob.glob(f"{tmp}/predicted.{name}.*.json"))]
    count = statistics.median(m["gcCount"] for m in measured)
    peak = statistics.median(m["peakHeapBytes"] for m in measured) / 2**20
    pc = [p["gcCount"] for p in predicted]
    pp = [p["peakHeapBytes"] / 2**20 for p in predicted]
    ce = [c / count - 1 for c in pc]
    pe = [p / peak - 1 for p in pp]
    worst = max([worst] + [abs(e) for e in ce + pe])
    fmt = lambda es: " / ".join(f"{e:+.1%}" for e in es)
    print(f"| {entry.replace(':', ' ')} | {count:g} ({', '.join(str(m['gcCount']) for m in measured)}) | {' / '.join(map(str, pc))} | {fmt(ce)} | {peak:.0f} | {' / '.join(f'{p:.0f}' for p in pp)} | {fmt(pe)} |")
print(f"\nLargest error: {worst:.1%}")
PY
