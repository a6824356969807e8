#!/usr/bin/env bash
# time-goroutine-dump.sh [N] - whole-process timings (best of 3, wall seconds and
# peak RSS) of `gomem goroutines` on an N-goroutine ?debug=2 dump (default
# 100000) and on the protobuf profile of the same goroutines, beside
# `go tool pprof -top` of that protobuf profile. Needs go, dotnet, GNU time.
set -euo pipefail

n=${1:-100000}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v /usr/bin/time >/dev/null 2>&1 || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$REPO/examples/make-goroutine-dump.sh" "$WORK/dump.txt" "$n" "$WORK/dump.pb.gz"
"$REPO/gomem" --version >/dev/null # build once, outside the timings
export TZ=UTC GOMEM_TZ=UTC

best() { # best LABEL CMD...: best of 3 wall times, with that run's peak RSS
    local label=$1 best_s="" best_kb="" i s kb
    shift
    for i in 1 2 3; do
        /usr/bin/time -f '%e %M' -o "$WORK/t" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
        read -r s kb <"$WORK/t"
        if [[ -z "$best_s" ]] || awk -v a="$s" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then best_s=$s; best_kb=$kb; fi
    done
    printf '%-52s %6s s  %7s MB peak RSS\n' "$label" "$best_s" "$(( best_kb / 1024 ))"
}

echo "dump: $n goroutines, debug=2 $(wc -c <"$WORK/dump.txt") bytes, proto $(wc -c <"$WORK/dump.pb.gz") bytes"
best "gomem goroutines dump.txt (debug=2)" "$REPO/gomem" goroutines "$WORK/dump.txt"
best "gomem goroutines dump.pb.gz (proto)" "$REPO/gomem" goroutines "$WORK/dump.pb.gz"
best "gomem top dump.pb.gz (proto)" "$REPO/gomem" top "$WORK/dump.pb.gz"
best "go tool pprof -top dump.pb.gz (proto)" go tool pprof -top "$WORK/dump.pb.gz"
