#!/usr/bin/env bash
# capture-gc.sh - real GODEBUG=gctrace=1 logs from examples/gcworkload, into testdata/gc/.
#
# Usage: examples/capture-gc.sh [RUNS [DIR]]     (RUNS per setting, default 3; DIR default testdata/gc,
#        another folder captures a held-out set to check `gomem gc whatif` on runs it was not designed on)
#
# Writes, for each setting below, RUNS logs named <setting>.run<K>.log: the runtime's stderr (gctrace lines
# interleaved with the program's progress lines). They are the fixtures of `gomem gc stats` and the
# measurements that validate `gomem gc whatif` (tests/GoMem.Tests/Gc/WhatIfValidationTests.cs predicts every
# setting from the gogc100 runs alone). Plus the special logs: forced.log (runtime.GC() calls and the
# scavenger's trace lines), growing.log (a live heap that keeps growing: a leak), steady.log (a live heap
# that stays level: no leak) and gcoff.log (GOGC=off: forced cycles only, "infinite" goals).
# `capture-gc.sh gcoff` rewrites gcoff.log alone.
# Needs: go (apt-get install -y golang-go). Rerunnable: testdata/gc/*.log are rewritten.
set -euo pipefail

RUNS=${1:-3}
EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=${2:-"$EXAMPLES_DIR/../testdata/gc"}
BIN_DIR=/opt/gomem-examples
command -v go >/dev/null 2>&1 || { echo "capture-gc.sh: 'go' not found; apt-get install -y golang-go" >&2; exit 1; }
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0
mkdir -p "$BIN_DIR" "$OUT_DIR"
(cd "$EXAMPLES_DIR" && go build -trimpath -o "$BIN_DIR/gcworkload" ./gcworkload)

# The GC off (GOGC=off, no memory limit; the same as debug.SetGCPercent(-1)): only the program's runtime.GC() calls
# collect, and the runtime prints its "infinite" goal (8796093022195 MB goal in Go 1.19). `capture-gc.sh gcoff` makes
# this log alone.
capture_gcoff() {
  env -i PATH=/usr/bin:/bin GOMAXPROCS=2 GOGC=off GODEBUG=gctrace=1 \
    "$BIN_DIR/gcworkload" -alloc-mb 400 -live-mb 16 -grow-mb 8 -force-every 10 2>"$OUT_DIR/gcoff.log" >/dev/null
  echo "capture-gc.sh: gcoff: $(grep -c '^gc ' "$OUT_DIR/gcoff.log") GCs" >&2
}
if [ "${1:-}" = gcoff ]; then
  OUT_DIR="$EXAMPLES_DIR/../testdata/gc"
  capture_gcoff
  exit 0
fi

# setting name   GOGC  GOMEMLIMIT  (the workload's flags are the same for all: only the collector changes)
SETTINGS='
gogc50           50    off
gogc100          100   off
gogc200          200   off
gogc400          400   off
gogc100-limit150 100   150MiB
gogcoff-limit250 off   250MiB
'

run() { # name gogc limit godebug out [flags...]
  local gogc=$2 limit=$3 debug=$4 out=$5; shift 5
  env -i PATH=/usr/bin:/bin GOMAXPROCS=2 GOGC="$gogc" GOMEMLIMIT="$limit" GODEBUG="$debug" \
    "$BIN_DIR/gcworkload" "$@" 2>"$out" >/dev/null
}

while read -r name gogc limit; do
  [ -z "$name" ] && continue
  limit_env=$([ "$limit" = off ] && echo "" || echo "$limit")
  for k in $(seq 1 "$RUNS"); do
    run "$name" "$gogc" "$limit_env" gctrace=1 "$OUT_DIR/$name.run$k.log"
    echo "capture-gc.sh: $name run $k: $(grep -c '^gc ' "$OUT_DIR/$name.run$k.log") GCs" >&2
  done
done <<< "$SETTINGS"

run forced 100 "" gctrace=1,scavtrace=1 "$OUT_DIR/forced.log" -alloc-mb 1500 -force-every 20
run growing 100 "" gctrace=1 "$OUT_DIR/growing.log" -alloc-mb 2000 -live-mb 16 -grow-mb 256
run steady 100 "" gctrace=1 "$OUT_DIR/steady.log" -alloc-mb 2000 -live-mb 48 -grow-mb 0
capture_gcoff
echo "capture-gc.sh: wrote $OUT_DIR" >&2
