#!/usr/bin/env bash
# make-goroutine-dump.sh OUT.txt [N] [OUT.pb.gz] - build goroutinedump and write
# a ?debug=2 dump of N parked goroutines (default 100000; about 28 MB) to
# OUT.txt, and, when given, the protobuf goroutine profile of the same
# goroutines to OUT.pb.gz. For benchmarks and timings; NOT committed.
set -euo pipefail

[[ $# -ge 1 && -n "$1" ]] || { echo "usage: $0 OUT.txt [N] [OUT.pb.gz]" >&2; exit 2; }
command -v go >/dev/null 2>&1 || { echo "make-goroutine-dump.sh: 'go' not found; install it with: apt-get install -y golang-go" >&2; exit 1; }

BIN_DIR=/opt/gomem-examples
EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0

out=$1
n=${2:-100000}
proto=${3:-}
mkdir -p "$BIN_DIR"
(cd "$EXAMPLES_DIR" && timeout 600 go build -trimpath -o "$BIN_DIR/goroutinedump" ./goroutinedump)
args=(-n "$n" -debug 2 -o "$out")
[[ -z "$proto" ]] || args+=(-also-proto "$proto")
timeout 300 "$BIN_DIR/goroutinedump" "${args[@]}"
echo "make-goroutine-dump.sh: $out: $(grep -c '^goroutine ' "$out") goroutines, $(wc -c <"$out") bytes" >&2
