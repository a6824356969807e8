#!/usr/bin/env bash
# make-bench-file.sh OUT [LINES] [old|new] - a `go test -bench -benchmem -count=10` file of LINES result lines
# (default 500,000) with LINES/10 distinct benchmarks, ten samples each, for timing `gomem bench compare` against
# benchstat. Deterministic: the same arguments always write the same bytes (its own Park-Miller generator, not awk's
# rand). "new" is the same benchmarks with every third one about 10% faster and every fifth allocating more, so a
# comparison of an old and a new file has both significant changes and unchanged rows.
set -euo pipefail
out=${1:?usage: make-bench-file.sh OUT [LINES] [old|new]}
lines=${2:-500000}
variant=${3:-old}
case $variant in old | new) ;; *) echo "make-bench-file.sh: variant \"$variant\" is not old or new" >&2; exit 2 ;; esac
awk -v lines="$lines" -v variant="$variant" '
  function next_random() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
  BEGIN {
    seed = (variant == "old") ? 20240601 : 19650323
    print "goos: linux"
    print "goarch: amd64"
    print "pkg: example.com/generated/bench"
    print "cpu: Generated CPU @ 2.00GHz"
    written = 0
    for (b = 0; written < lines; b++) {
      base = 20 + (b % 997) * 3.7
      bytes = 16 * (1 + b % 64)
      allocs = 1 + b % 7
      if (variant == "new" && b % 3 == 0) base *= 0.9
      if (variant == "new" && b % 5 == 0) { bytes += 16; allocs += 1 }
      name = sprintf("BenchmarkGen%02d/size=%d/case=%06d-8", b % 100, 2 ^ (b % 12), b)
      for (s = 0; s < 10 && written < lines; s++) {
        ns = base * (0.97 + 0.06 * next_random())
        printf "%s\t%8d\t%10.1f ns/op\t%6d B/op\t%4d allocs/op\n", name, int(1e9 / (ns * 40)) + 1, ns, bytes, allocs
        written++
      }
    }
    print "PASS"
    print "ok  \texample.com/generated/bench\t123.456s"
  }' > "$out"
