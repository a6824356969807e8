#!/usr/bin/env bash
# capture-watch-demo.sh - capture testdata/watch/demo.db, the store of the README's gomem watch demo.
#
# The leaking service and its healthy twin (examples/leakymap and examples/boundedcache, on 127.0.0.1:7101 and 7102
# as testdata/watch/targets.yaml names them) get the same load from examples/loadgen all through a 60 s
# `gomem watch --config testdata/watch/targets.yaml`. The watch log is printed: the README shows it.
#
# A shipped store is at the schema version of the gomem that wrote it: after a store migration is added (or
# renumbered), run this again and refresh the README's watch examples (ReadmeExamplesTests shows what changed) and the
# times the tests that read demo.db ask for.
#
# Usage: scripts/capture-watch-demo.sh [OUT.db]     (default: testdata/watch/demo.db)
# Needs: go (apt-get install -y golang-go), curl, dotnet; ports 7101 and 7102 free.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/testdata/watch/demo.db}
bin=/opt/gomem-examples # as examples/capture.sh: the profiles record the binary's path

die() { echo "capture-watch-demo.sh: $*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "'go' not found; install it with: apt-get install -y golang-go"
command -v curl >/dev/null 2>&1 || die "'curl' not found"

export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0
mkdir -p "$bin"
for program in leakymap boundedcache loadgen; do
  (cd "$root/examples" && go build -trimpath -o "$bin/$program" "./$program")
done

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

for spec in leakymap:7101 boundedcache:7102; do
  "$bin/${spec%%:*}" -addr "127.0.0.1:${spec##*:}" >/dev/null 2>&1 &
  pids+=($!)
done
for port in 7101 7102; do
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/debug/vars" && continue 2
    sleep 0.1
  done
  die "nothing answers on 127.0.0.1:$port"
done

# The same load for both services, all through the watch: 100 new ids every half second at most (the leak then
# grows by some 45 MB a minute), ids that keep increasing.
load() {
  local port=$1 batch=0
  while "$bin/loadgen" -url "http://127.0.0.1:$port/work" -n 100 -c 2 -first $((batch * 100)) >/dev/null 2>&1; do
    batch=$((batch + 1))
    sleep 0.5
  done
}
load 7101 &
pids+=($!)
load 7102 &
pids+=($!)

rm -f "$out" "$out-wal" "$out-shm"
"$root/gomem" watch --config "$root/testdata/watch/targets.yaml" --store "$out" --for 60s
