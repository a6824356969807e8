#!/usr/bin/env bash
# fuzz.sh - a longer fuzzing campaign over every input parser than the fixed budget CI runs.
#
# Usage: scripts/fuzz.sh [-n CASES] [-s SEED] [-o DIR] [-p PARSERS] [-t SECONDS] [-S]
#
#   -n CASES     cases per parser (default 2000; CI runs 100 to 300 with seed 20261117)
#   -s SEED      which cases (default: the current time, printed so the run can be repeated)
#   -o DIR       results folder (default: fuzz-results/SEED under the checkout)
#   -p PARSERS   comma-separated parser names (default: every parser the tests know)
#   -t SECONDS   time after which one case counts as a hang (default 30)
#   -S           small mutations only (no megabyte lines, huge tables or gzip bombs of empty lines)
#
# It builds the tests (Release), then runs the Robustness property test of each parser in a process of its own
# (tests/GoMem.Tests/Robustness, GOMEM_FUZZ_* variables), under nice, so a hang or a runaway in one parser cannot
# stall the others. Each case is a real input from testdata/ mutated (byte flips, truncation, lines duplicated,
# removed and spliced, huge numbers, NaN and infinities, long lines, deep nesting, invalid UTF-8, protobuf values,
# gzip of garbage, gzip bombs); it must be accepted, or refused with one line naming the file.
# For each parser the results folder gets summary.tsv, report.txt (slowest case, longest refusal), refusals.txt
# (what was refused, by kind), failures.txt and each failing input as KIND-HASH--FILE with a .txt beside it.
# A failing input is replayed by copying it to testdata/fuzz/PARSER/ (RegressionCorpusTests).
# Prints a summary table per parser: cases, accepted, refused, failures. Exit status: 0, or 1 if any case failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CASES=2000
SEED=$(date +%s)
RESULTS=
PARSERS=
TIMEOUT=30
HUGE=1
while getopts "n:s:o:p:t:S" opt; do
  case $opt in
    n) CASES=$OPTARG ;;
    s) SEED=$OPTARG ;;
    o) RESULTS=$OPTARG ;;
    p) PARSERS=$OPTARG ;;
    t) TIMEOUT=$OPTARG ;;
    S) HUGE=0 ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
RESULTS=${RESULTS:-$root/fuzz-results/$SEED}
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)

echo "fuzz.sh: seed $SEED, $CASES cases per parser, results in $RESULTS" >&2
nice -n 10 dotnet build "$root/tests/GoMem.Tests" -c Release --nologo -v quiet >"$RESULTS/build.log" 2>&1 || { cat "$RESULTS/build.log" >&2; exit 2; }

if [ -z "$PARSERS" ]; then
  # The parsers are the property test's cases: ...(parser: "NAME").
  PARSERS=$(dotnet test "$root/tests/GoMem.Tests" -c Release --no-build --nologo --list-tests 2>/dev/null \
    | sed -n 's/.*ParserPropertyTests\.[A-Za-z_]*(parser: "\([a-z0-9-]*\)").*/\1/p' | sort -u | paste -sd, -)
fi

failed=0
start=$SECONDS
IFS=',' read -r -a names <<<"$PARSERS"
for parser in "${names[@]}"; do
  echo "fuzz.sh: $parser" >&2
  rm -f "$RESULTS/$parser/summary.tsv"
  if ! GOMEM_FUZZ_PARSERS="$parser" GOMEM_FUZZ_ITERATIONS="$CASES" GOMEM_FUZZ_SEED="$SEED" GOMEM_FUZZ_RESULTS="$RESULTS" \
      GOMEM_FUZZ_TIMEOUT="$TIMEOUT" GOMEM_FUZZ_HUGE="$HUGE" \
      nice -n 10 dotnet test "$root/tests/GoMem.Tests" -c Release --no-build --nologo \
      --filter "FullyQualifiedName~Robustness.ParserPropertyTests" >"$RESULTS/$parser.log" 2>&1; then
    failed=1
  fi
  if [ ! -f "$RESULTS/$parser/summary.tsv" ]; then
    # The process ended before the parser's summary: a runaway stopped it (its input is saved) or the runner died.
    mkdir -p "$RESULTS/$parser"
    printf '%s\t-\t-\t-\t-\t-\t-\t-\tprocess ended early (see %s.log)\t-\n' "$parser" "$parser" >"$RESULTS/$parser/summary.tsv"
    failed=1
  fi
done

echo "seed $SEED, $CASES cases per parser, $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" | tee "$RESULTS/summary.txt"
{
  printf 'parser\tcases\taccepted\trefused\tfailures\tseconds\n'
  for parser in "${names[@]}"; do
    tail -n 1 "$RESULTS/$parser/summary.tsv" | awk -F'\t' '{ f = ($3 == "-") ? $9 : $5 + $6 + $7 + $8; printf "%s\t%s\t%s\t%s\t%s\t%s\n", $1, $2, $3, $4, f, $10 }'
  done
} | tee -a "$RESULTS/summary.txt" | column -t -s $'\t'
if [ "$failed" -ne 0 ]; then
  echo "fuzz.sh: failures: see $RESULTS/*/failures.txt" >&2
  exit 1
fi
