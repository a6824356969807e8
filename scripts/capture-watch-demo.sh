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

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

source "$root/scripts/demo-twins.sh"

rm -f "$out" "$out-wal" "$out-shm"
"$root/gomem" watch --config "$root/testdata/watch/targets.yaml" --store "$out" --for 60s
