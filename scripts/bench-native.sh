#!/usr/bin/env bash
# bench-native.sh - time the native gomem against the JIT build, go tool pprof and benchstat, side by side.
#
# Usage: scripts/bench-native.sh [-n RUNS] [-p BIG_PROFILE] [-b BEFORE_GOMEM] NATIVE_GOMEM [JIT_DLL]
#
#   NATIVE_GOMEM  the native binary (scripts/publish-native.sh writes out/native/linux-x64/gomem)
#   -b BEFORE     another native binary (an earlier build), timed in the same runs as "native (before)", so a change
#                 is measured before and after under the same load
#   JIT_DLL       the JIT build, run as `dotnet JIT_DLL` (default: src/GoMem.Cli/bin/Release/net10.0/GoMem.Cli.dll,
#                 which ./gomem builds)
#   -n RUNS       runs per command (default 9); the table shows medians, with the fastest and slowest run
#   -p FILE       the big profile (default: $GOMEM_BIG_PROFILE, else examples/make-big-profile.sh makes one)
#
# Each scenario's commands run one after the other within every run (interleaved, the order rotated from run to
# run), so load on the machine falls on all of them alike. Times are wall-clock, output to /dev/null, with the CPU
# time (user + system) beside them, both from bash's `time` (no extra process): on a loaded machine a command waits
# for a core, which stretches its wall-clock time but not its CPU time. The bench files are generated
# (deterministic): 20 benchmarks x 10 runs for the small case, 2,000 x 10 for the big one. go tool pprof and
# ../shared/tools/benchstat/benchstat are timed when present. Prints a Markdown table, with the machine and the load
# average.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=9
BIG=${GOMEM_BIG_PROFILE:-}
before=""
usage="usage: $0 [-n RUNS] [-p BIG_PROFILE] [-b BEFORE_GOMEM] NATIVE_GOMEM [JIT_DLL]"
while getopts "n:p:b:" opt; do
  case $opt in
    n) RUNS=$OPTARG ;;
    p) BIG=$OPTARG ;;
    b) before=$(realpath "$OPTARG") ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || { echo "$usage" >&2; exit 2; }
native=$(realpath "$1")
jit=$(realpath "${2:-$root/src/GoMem.Cli/bin/Release/net10.0/GoMem.Cli.dll}")
benchstat=$root/../shared/tools/benchstat/benchstat
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# name count seed scale: "BenchmarkNameK-8 N value ns/op value B/op value allocs/op" lines, `count` runs of each.
make_bench() {
  awk -v names="$1" -v count="$2" -v seed="$3" -v scale="$4" 'BEGIN {
    srand(seed); print "goos: linux"; print "goarch: amd64"; print "pkg: example.com/bench"
    for (r = 0; r < count; r++) for (i = 0; i < names; i++) {
      base = 100 + (i * 37) % 900
      printf "BenchmarkCase%04d-8\t%d\t%.1f ns/op\t%d B/op\t%d allocs/op\n", i, 1000000, base * scale * (0.97 + 0.06 * rand()), 64 + i % 512, 1 + i % 7
    }
  }'
}
make_bench 20 10 1 1.00 >"$scratch/small.old.txt"
make_bench 20 10 2 1.05 >"$scratch/small.new.txt"
make_bench 2000 10 3 1.00 >"$scratch/big.old.txt"
make_bench 2000 10 4 1.05 >"$scratch/big.new.txt"
if [[ -z $BIG ]]; then
  BIG=$scratch/big.pb.gz
  "$root/examples/make-big-profile.sh" "$BIG" >&2
fi
small=$root/testdata/leakymap/heap.2.pb.gz

declare -A times cpus
order=()
# time_one LABEL COMMAND...: one run, appended to LABEL's wall-clock and CPU times (milliseconds).
time_one() {
  local label=$1; shift
  local report real user sys TIMEFORMAT='%R %U %S'
  report=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || { echo "bench-native.sh: failed: $*" >&2; exit 1; }
  read -r real user sys <<<"$report"
  times[$label]+="$(awk -v r="$real" 'BEGIN { printf "%.1f", r * 1000 }') "
  cpus[$label]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", (u + s) * 1000 }') "
}

scenario() {
  local title=$1; shift
  local labels=() cmds=() i r
  while [[ $# -gt 0 ]]; do labels+=("$1"); cmds+=("$2"); shift 2; done
  for ((r = 0; r < RUNS; r++)); do
    for ((i = 0; i < ${#labels[@]}; i++)); do
      local k=$(((i + r) % ${#labels[@]}))
      # shellcheck disable=SC2086
      time_one "$title|${labels[$k]}" ${cmds[$k]}
    done
  done
  for label in "${labels[@]}"; do order+=("$title|$label"); done
}

has_pprof=0; command -v go >/dev/null 2>&1 && has_pprof=1
has_benchstat=0; [[ -x $benchstat ]] && has_benchstat=1

# gomem ARGS... as each build runs it: "LABEL" "COMMAND" pairs for scenario.
gomem_runs() {
  local args="$*"
  local runs=("native" "$native $args")
  [[ -n $before ]] && runs+=("native (before)" "$before $args")
  runs+=("JIT" "dotnet $jit $args")
  printf '%s\n' "${runs[@]}"
}

mapfile -t args < <(gomem_runs --version)
scenario "start-up: --version" "${args[@]}"
mapfile -t args < <(gomem_runs top "$small")
[[ $has_pprof == 1 ]] && args+=("go tool pprof -top" "go tool pprof -top $small")
scenario "small profile: top heap.2.pb.gz (leakymap)" "${args[@]}"
mapfile -t args < <(gomem_runs bench compare "$scratch/small.old.txt" "$scratch/small.new.txt")
[[ $has_benchstat == 1 ]] && args+=("benchstat" "$benchstat $scratch/small.old.txt $scratch/small.new.txt")
scenario "small bench files: bench compare, 20 benchmarks x 10" "${args[@]}"
mapfile -t args < <(gomem_runs top "$BIG")
[[ $has_pprof == 1 ]] && args+=("go tool pprof -top" "go tool pprof -top $BIG")
scenario "big profile: top, 262,144 stacks" "${args[@]}"
mapfile -t args < <(gomem_runs bench compare "$scratch/big.old.txt" "$scratch/big.new.txt")
[[ $has_benchstat == 1 ]] && args+=("benchstat" "$benchstat $scratch/big.old.txt $scratch/big.new.txt")
scenario "big bench files: bench compare, 2,000 benchmarks x 10" "${args[@]}"

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs each, interleaved"
echo "Tools: $(dotnet --version 2>/dev/null | sed 's/^/.NET SDK /'); $( [[ $has_pprof == 1 ]] && go version | cut -d' ' -f3); benchstat $( [[ $has_benchstat == 1 ]] && echo present || echo absent)"
echo
# median fastest slowest of a list of milliseconds.
summary() {
  tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.0f %.0f %.0f\n", m, v[1], v[NR] }'
}
echo "| scenario | command | median ms | fastest | slowest | median CPU ms |"
echo "|---|---|---:|---:|---:|---:|"
for key in "${order[@]}"; do
  read -r median fastest slowest < <(summary "${times[$key]}")
  read -r cpu _ < <(summary "${cpus[$key]}")
  echo "| ${key%%|*} | ${key#*|} | $median | $fastest | $slowest | $cpu |"
done
echo
echo "Sizes: native $(du -h "$native" | cut -f1) ($(stat -c %s "$native") bytes)$([[ -n $before ]] && echo "; native (before) $(stat -c %s "$before") bytes"); JIT build folder $(du -sh "$(dirname "$jit")" | cut -f1) plus the .NET runtime"
