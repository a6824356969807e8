#!/usr/bin/env bash
# make-big-gctrace.sh OUT [LINES] - a gctrace log of LINES lines (default 1,000,000) for timing `gomem gc stats`:
# the real Go 1.19 log testdata/gc/gogc100.run1.log repeated, cycle numbers and times carried on (the same
# construction as bench/GoMem.Bench/GcTraceBenchmarks.cs).
set -euo pipefail
out=${1:?usage: make-big-gctrace.sh OUT [LINES]}
lines=${2:-1000000}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
awk -v lines="$lines" '
  { src[n++] = $0 }
  END {
    written = 0; number = 0; offset = 0; last = 0
    while (written < lines) {
      for (i = 0; i < n && written < lines; i++) {
        line = src[i]
        if (line ~ /^gc [0-9]+ @/) {
          split(line, f, " "); t = substr(f[3], 2); sub(/s$/, "", t); last = t + 0
          rest = substr(line, index(line, "s ") )
          printf "gc %d @%.3f%s\n", ++number, offset + last, rest
        } else print line
        written++
      }
      offset += last
    }
  }' "$root/testdata/gc/gogc100.run1.log" > "$out"
