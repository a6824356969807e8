#!/usr/bin/env bash
# capture-doctor.sh - capture the doctor bundle of testdata/doctor-leakymap/ with
# gomem doctor itself, so the committed bundle is exactly what a user's run saves
# (rerunnable: the folder is deleted and written anew).
#
# Usage: examples/capture-doctor.sh
#
# Starts leakymap on a free 127.0.0.1 port, sends REQUESTS requests with loadgen
# every PAUSE seconds in the background, and runs
#   ./gomem doctor http://127.0.0.1:PORT --duration DURATION --every EVERY --save testdata/doctor-leakymap
# which saves heap.k.pb.gz (/debug/pprof/heap?gc=1), goroutine.k.pb.gz, vars.k.json
# and metrics.k.txt for k = 1..(DURATION/EVERY + 1). The programs set
# runtime.MemProfileRate = 4096, so the leak shows within seconds.
# Needs: go, curl, dotnet (for ./gomem), coreutils timeout.
set -euo pipefail

REQUESTS=150
PAUSE=0.5
DURATION=4s
EVERY=1s
BIN_DIR=/opt/gomem-examples
READY_TIMEOUT=15

die() { echo "capture-doctor.sh: $*" >&2; exit 1; }
for tool in go curl timeout dotnet; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found"
done

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
OUT="$REPO_DIR/testdata/doctor-leakymap"
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 TZ=UTC

WORK=$(mktemp -d)
SERVER_PID=""
LOAD_PID=""
cleanup() {
    for pid in "$LOAD_PID" "$SERVER_PID"; do
        if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$BIN_DIR"
for p in leakymap loadgen; do
    (cd "$EXAMPLES_DIR" && timeout 600 go build -trimpath -o "$BIN_DIR/$p" "./$p")
done

PORT=$(( 20000 + (RANDOM % 20000) ))
env -u GOGC -u GODEBUG -u GOMEMLIMIT "$BIN_DIR/leakymap" -addr "127.0.0.1:$PORT" </dev/null >"$WORK/leakymap.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq $(( READY_TIMEOUT * 10 ))); do
    grep -q '^READY' "$WORK/leakymap.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "leakymap exited: $(cat "$WORK/leakymap.log")"
    sleep 0.1
done
grep -q '^READY' "$WORK/leakymap.log" || die "leakymap did not become ready on port $PORT"

(
    sent=0
    while true; do
        timeout 60 "$BIN_DIR/loadgen" -url "http://127.0.0.1:$PORT/work" -n "$REQUESTS" -first "$sent" -c 4 -timeout 10s >/dev/null 2>&1 || exit 1
        sent=$(( sent + REQUESTS ))
        sleep "$PAUSE"
    done
) &
LOAD_PID=$!

rm -rf "$OUT"
status=0
"$REPO_DIR/gomem" doctor "http://127.0.0.1:$PORT" --duration "$DURATION" --every "$EVERY" --save "$OUT" >/dev/null || status=$?
[[ $status == 1 ]] || die "gomem doctor exited $status, expected 1 (the leak)"
if LC_ALL=C grep -rqaE "$REPO_DIR|/(work|root|tmp|home)/" "$OUT"; then die "a machine path was captured"; fi
echo "capture-doctor.sh: $(du -sk "$OUT" | cut -f1) KB in testdata/doctor-leakymap" >&2
