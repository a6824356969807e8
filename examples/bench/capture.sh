#!/usr/bin/env bash
# capture.sh - run the benchmark examples and (re)write their outputs under
# testdata/bench-alloc/ and testdata/bench-scaling/ for gomem's bench tests.
#
# Usage: examples/bench/capture.sh
# Needs: go (apt-get install -y golang-go). Standard library only; no network.
# Rerunnable: the output files are overwritten. Timing figures change run to
# run; allocation figures (B/op, allocs/op) do not.
#
#   bench-alloc/v1.txt, v2.txt   go test -bench . -benchmem -count 10 of
#                                alloc/v1 and alloc/v2 (v2 adds allocations in
#                                ParseRecord only); v1 and v2 runs interleave
#                                one count at a time so machine noise hits both.
#   bench-alloc/v2.json.gz       the v2 package once more as go test -json,
#                                gzipped (gomem reads gzip; and a bare JSON
#                                file in testdata/ would pass for an expvar
#                                capture with the runtime-stats sniffer).
#   bench-scaling/concat.txt     scaling/ at n=16..4096 (s += x vs Builder).
set -euo pipefail

export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=
HERE=$(cd "$(dirname "$0")" && pwd)
EXAMPLES=$(cd "$HERE/.." && pwd)
OUT=$(cd "$EXAMPLES/.." && pwd)/testdata
BIN_DIR=/opt/gomem-examples
BENCHTIME=${BENCHTIME:-30ms}
COUNT=${COUNT:-10}
mkdir -p "$OUT/bench-alloc" "$OUT/bench-scaling" "$BIN_DIR"

# v1 and v2 are two versions of ONE package: each is built as module
# gomem.example/textproc from a scratch copy, so both report the same pkg.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for v in v1 v2; do
  mkdir -p "$WORK/$v"
  cp "$HERE/alloc/$v"/*.go "$WORK/$v/"
  printf 'module gomem.example/textproc\n\ngo 1.19\n' > "$WORK/$v/go.mod"
  (cd "$WORK/$v" && go test -c -o "$BIN_DIR/textproc-$v.test" .)
done
(cd "$EXAMPLES" && go test -c -o "$BIN_DIR/scaling.test" ./bench/scaling)

run() { # binary directory: one -count 1 run, in the format go test prints
  (cd "$2" && "$BIN_DIR/$1" -test.run '^$' -test.bench . -test.benchmem -test.count 1 -test.benchtime "$BENCHTIME")
}

# The header (goos, goarch, pkg, cpu) once, then results only, as `go test -count N` prints them.
# A test binary run directly does not know its package; go test would print it, so add the line.
header() { printf 'goos: %s\ngoarch: %s\npkg: %s\n' "$(go env GOOS)" "$(go env GOARCH)" "$3"; run "$1" "$2" | grep -E '^cpu:'; }
results() { run "$1" "$2" | grep -E '^Benchmark'; }

header textproc-v1.test "$WORK/v1" gomem.example/textproc > "$OUT/bench-alloc/v1.txt"
header textproc-v2.test "$WORK/v2" gomem.example/textproc > "$OUT/bench-alloc/v2.txt"
for _ in $(seq "$COUNT"); do
  results textproc-v1.test "$WORK/v1" >> "$OUT/bench-alloc/v1.txt"
  results textproc-v2.test "$WORK/v2" >> "$OUT/bench-alloc/v2.txt"
done
echo PASS >> "$OUT/bench-alloc/v1.txt"
echo PASS >> "$OUT/bench-alloc/v2.txt"

# go test -json of the same package (the stream CI systems often keep).
(cd "$WORK/v2" && go test -json -run '^$' -bench . -benchmem -count 2 -benchtime "$BENCHTIME" .) \
  | sed -E 's/"Time":"[^"]*"/"Time":"2026-01-01T00:00:00Z"/' | gzip -n -9 > "$OUT/bench-alloc/v2.json.gz"

header scaling.test "$HERE/scaling" gomem.example/examples/bench/scaling > "$OUT/bench-scaling/concat.txt"
for _ in $(seq "$COUNT"); do
  results scaling.test "$HERE/scaling" >> "$OUT/bench-scaling/concat.txt"
done
echo PASS >> "$OUT/bench-scaling/concat.txt"
wc -c "$OUT"/bench-alloc/* "$OUT"/bench-scaling/*
