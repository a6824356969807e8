#!/usr/bin/env bash
# Runs GoMem's whole test suite (unit, golden-file, conformance and end-to-end tests) and prints a summary line.
# Fixtures are committed, so no Go toolchain is needed here; examples/capture.sh regenerates them.
set -uo pipefail
cd "$(dirname "$0")"
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
