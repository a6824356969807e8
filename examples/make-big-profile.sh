#!/usr/bin/env bash
# make-big-profile.sh OUT.pb.gz - build bigheap and write a heap profile with
# 4^9 = 262,144 distinct call stacks to OUT.pb.gz (for benchmarks; the file is
# about 0.7 MB and is NOT committed). Prints the number of samples it holds.
set -euo pipefail

[[ $# -eq 1 && -n "$1" ]] || { echo "usage: $0 OUT.pb.gz" >&2; exit 2; }
command -v go >/dev/null 2>&1 || { echo "make-big-profile.sh: 'go' not found; install it with: apt-get install -y golang-go" >&2; exit 1; }
command -v timeout >/dev/null 2>&1 || { echo "make-big-profile.sh: 'timeout' (coreutils) not found" >&2; exit 1; }

BIN_DIR=/opt/gomem-examples
EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 TZ=UTC

out=$1
mkdir -p "$(dirname "$out")" "$BIN_DIR"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

(cd "$EXAMPLES_DIR" && timeout 600 go build -trimpath -o "$BIN_DIR/bigheap" ./bigheap)
timeout 120 "$BIN_DIR/bigheap" -o "$out"
samples=$(timeout 300 go tool pprof -traces "$out" 2>/dev/null | grep -c -- '-----------+' || true)
echo "make-big-profile.sh: $out: $samples samples, $(wc -c <"$out") bytes"
[[ "$samples" -ge 200000 ]] || { echo "make-big-profile.sh: expected at least 200000 samples" >&2; exit 1; }
