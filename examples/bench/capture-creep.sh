#!/usr/bin/env bash
# capture-creep.sh - a benchmark history that creeps: testdata/bench-creep/run.K.txt for K = 1..8, each the
# results of examples/bench/creep built with 100, 102, ..., 114 fields (2% more allocations a build), for
# `gomem bench history`'s drift detection. Rerunnable; timing figures change run to run, allocations do not.
# Usage: examples/bench/capture-creep.sh      Needs: go (apt-get install -y golang-go).
set -euo pipefail
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$HERE/../.." && pwd)/testdata/bench-creep
BIN_DIR=/opt/gomem-examples
BENCHTIME=${BENCHTIME:-30ms}
COUNT=${COUNT:-6}
mkdir -p "$OUT" "$BIN_DIR"
for k in $(seq 8); do
  fields=$(( 98 + 2 * k ))
  (cd "$HERE/.." && go test -c -ldflags "-X gomem.example/examples/bench/creep.fields=$fields" -o "$BIN_DIR/creep-$k.test" ./bench/creep)
  {
    printf 'goos: %s\ngoarch: %s\npkg: gomem.example/examples/bench/creep\n' "$(go env GOOS)" "$(go env GOARCH)"
    "$BIN_DIR/creep-$k.test" -test.run '^$' -test.bench . -test.benchmem -test.count "$COUNT" -test.benchtime "$BENCHTIME" | grep -E '^(cpu:|Benchmark)'
    echo PASS
  } > "$OUT/run.$k.txt"
  echo "capture-creep.sh: run.$k.txt ($fields fields)" >&2
done
