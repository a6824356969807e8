#!/usr/bin/env bash
# capture-escape.sh - rebuild the escape-analysis fixtures in testdata/escapedemo/.
#
# For each version (v1, v2) of examples/escape/<version> (module escapedemo:
# package patterns, one function per escape pattern, and a main that runs them):
#   m1.txt        go build -a -gcflags='-m'    ./...   (stderr: what -m prints)
#   m2.txt        go build -a -gcflags='-m -m' ./...   (with reason chains and inlining reasons)
#   json/         go build -a -gcflags=-json=0,DIR ./... (the compiler's LSP-style JSON log, gzipped)
# and for v1 only:
#   allocs.pb.gz  the allocs profile of the program (runtime.MemProfileRate = 1, 2000 rounds),
#                 built with -trimpath and run from /opt/gomem-examples/.
#
# The sources are copied to /opt/gomem-examples/escape-src and built from there,
# so the compiler prints paths relative to that neutral directory ("./main.go",
# "patterns/patterns.go") and the JSON log's absolute URIs name only that
# directory. -a is needed: cached packages print no diagnostics.
# Rerunnable: testdata/escapedemo/<version>/ is deleted and written anew. The compiler output comes out
# byte for byte the same; the profile differs in a few runtime allocations, so after a re-capture regenerate
# the hot goldens: UPDATE_GOLDEN=1 dotnet test tests/GoMem.Tests --filter 'FullyQualifiedName~Escape'.
# Needs: go 1.19 (apt-get install -y golang-go). No network.
set -euo pipefail

die() { echo "capture-escape.sh: $*" >&2; exit 1; }
log() { echo "capture-escape.sh: $*" >&2; }
command -v go >/dev/null 2>&1 || die "'go' not found; install it with: apt-get install -y golang-go"

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
OUT_ROOT="$REPO_DIR/testdata/escapedemo"
BIN_DIR=/opt/gomem-examples
SRC_DIR="$BIN_DIR/escape-src"          # fixed: recorded in the JSON log
ROUNDS=2000

export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 GO111MODULE=on
mkdir -p "$BIN_DIR" "$OUT_ROOT"

# Builds one version from the neutral copy; prints nothing but the compiler's diagnostics into $2.
diagnostics() {
    local flags=$1 out=$2
    # go build exits 0; the diagnostics are on stderr. Keep only them (drop nothing else: an
    # unexpected line is a finding for the parser's unknown-line count, not for this script).
    (cd "$SRC_DIR" && go build -a -o /dev/null -gcflags="$flags" ./... 2>"$out.tmp") || die "build with $flags failed: $(cat "$out.tmp")"
    mv "$out.tmp" "$out"
}

for version in v1 v2; do
    src="$EXAMPLES_DIR/escape/$version"
    out="$OUT_ROOT/$version"
    [ -f "$src/go.mod" ] || die "missing $src/go.mod"
    log "$version: copying sources to $SRC_DIR"
    rm -rf "$SRC_DIR" "$out"
    mkdir -p "$SRC_DIR" "$out"
    cp -r "$src/." "$SRC_DIR/"

    log "$version: -m"
    diagnostics "-m" "$out/m1.txt"
    log "$version: -m -m"
    diagnostics "-m -m" "$out/m2.txt"
    log "$version: -json=0,DIR"
    json_dir=$(mktemp -d /tmp/gomem-escape-json.XXXXXX)
    diagnostics "-json=0,$json_dir" "$out/json.stderr.txt"
    [ -s "$out/json.stderr.txt" ] && die "-json build printed diagnostics: $(cat "$out/json.stderr.txt")"
    rm -f "$out/json.stderr.txt"
    # Only the two packages of the example (the directory names are URL-escaped package paths).
    mkdir -p "$out/json"
    cp -r "$json_dir/." "$out/json/"
    rm -rf "$json_dir"
    # Gzipped (gomem reads *.json and *.json.gz): testdata/ holds no plain JSON but /debug/vars fixtures.
    find "$out/json" -name '*.json' -exec gzip -n -9 {} +

    if [ "$version" = v1 ]; then
        log "$version: allocs profile ($ROUNDS rounds, MemProfileRate=1)"
        (cd "$SRC_DIR" && go build -trimpath -o "$BIN_DIR/escapedemo" .)
        (cd "$BIN_DIR" && ./escapedemo -n "$ROUNDS" -o "$out/allocs.pb.gz" >/dev/null)
    fi
done
rm -rf "$SRC_DIR"

# No path of this machine may land in a fixture (the neutral /opt/gomem-examples is allowed).
if grep -rlE '/(work|root|home|tmp)/' "$OUT_ROOT" --include='*.txt' || zgrep -lE '/(work|root|home|tmp)/' $(find "$OUT_ROOT" -name '*.json.gz'); then
    die "a machine path leaked into the fixtures above"
fi
log "done: $(du -sh "$OUT_ROOT" | cut -f1) in testdata/escapedemo/"
