#!/usr/bin/env bash
# Runs GoMem's whole test suite (unit, golden-file, conformance and end-to-end tests) and prints a summary line.
# Small fixtures are committed; the big ones (a 100,000-goroutine dump) are made at test time by a real Go
# program, so Go is installed here when missing (Debian's golang-go, as examples/capture.sh needs).
set -uo pipefail
cd "$(dirname "$0")"
if ! command -v go >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "test.sh: installing Go (apt-get install -y golang-go) for the tests that build example programs" >&2
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq golang-go >/dev/null || echo "test.sh: could not install Go; the tests that need it will fail" >&2
fi
log=$(mktemp)
dotnet test GoMem.slnx -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# dotnet test prints "Passed!  - Failed: 0, Passed: N, Skipped: S, ..." per test assembly; sum them.
awk '/(Passed|Failed)! +- Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
