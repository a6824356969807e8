#!/usr/bin/env bash
# capture-gc-limit.sh - real GODEBUG=gctrace=1 logs of examples/gcworkload whose live heap comes close to a memory
# limit, into testdata/gc/limit/: the runs that validate `gomem gc whatif` under a binding GOMEMLIMIT.
#
# Usage: examples/capture-gc-limit.sh [RUNS [DIR]]     (RUNS per setting, default 5; DIR default testdata/gc/limit)
#
# Three workloads, each run RUNS times at three settings:
#   steady   a live set that stays level near the limit;
#   growing  a live set that grows into the limit over 4.6 GB of allocation, with CPU work between allocations
#            (-work: half the allocation rate, so the GC takes a smaller share of the CPU);
#   bursty   a small live set with bursts of 40 MiB more, built up and dropped every 10% of the run.
# Settings: gogc100 (GOGC=100, no limit: the trace `gc whatif` predicts from), gogc100-limit (GOGC=100 and the
# workload's GOMEMLIMIT) and gogcoff-limit (GOGC=off and the same limit): the measurements it is checked against.
# Every run has Go 1.19 (the Go of this machine), GOMAXPROCS=2 and the same allocation whatever the setting.
# Runs are interleaved (run 1 of every setting, then run 2, ...) so that the machine's load weighs on all settings
# alike, and they run under `nice` on a shared machine.
# Each log is the program's stderr (gctrace lines and its progress lines), gzipped (gzip -9n): <workload>.<setting>.run<K>.log.gz.
# Needs: go (apt-get install -y golang-go), gzip.
set -euo pipefail

RUNS=${1:-5}
EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=${2:-"$EXAMPLES_DIR/../testdata/gc/limit"}
BIN_DIR=${BIN_DIR:-/opt/gomem-examples}
command -v go >/dev/null 2>&1 || { echo "capture-gc-limit.sh: 'go' not found; apt-get install -y golang-go" >&2; exit 1; }
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0
mkdir -p "$BIN_DIR" "$OUT_DIR"
(cd "$EXAMPLES_DIR" && go build -trimpath -o "$BIN_DIR/gcworkload" ./gcworkload)

# workload  GOMEMLIMIT  the workload's flags (the same at every setting)
WORKLOADS='
steady    119MiB  -alloc-mb 3000 -live-mb 40 -grow-mb 0
growing   119MiB  -alloc-mb 4600 -live-mb 24 -grow-mb 48 -work 2000
bursty    119MiB  -alloc-mb 3000 -live-mb 24 -grow-mb 0 -burst-mb 40 -burst-every 10 -burst-hold 4
'

for k in $(seq 1 "$RUNS"); do
  while read -r workload limit flags; do
    [ -z "$workload" ] && continue
    for setting in gogc100:100: gogc100-limit:100:"$limit" gogcoff-limit:off:"$limit"; do
      IFS=: read -r name gogc memlimit <<< "$setting"
      out="$OUT_DIR/$workload.$name.run$k.log"
      # shellcheck disable=SC2086 # the flags are words
      env -i PATH=/usr/bin:/bin GOMAXPROCS=2 GOGC="$gogc" GOMEMLIMIT="$memlimit" GODEBUG=gctrace=1 \
        nice "$BIN_DIR/gcworkload" $flags 2>"$out" >/dev/null
      echo "capture-gc-limit.sh: $workload $name run $k: $(grep -c '^gc ' "$out") GCs" >&2
      gzip -9nf "$out"
    done
  done <<< "$WORKLOADS"
done
echo "capture-gc-limit.sh: wrote $OUT_DIR" >&2
