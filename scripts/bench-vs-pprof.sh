#!/usr/bin/env bash
# bench-vs-pprof.sh - time gomem against `go tool pprof` side by side on the big benchmark profile.
#
# Usage: scripts/bench-vs-pprof.sh [-n RUNS] [-p PROFILE.pb.gz] [-o REPORT.md] [--no-r2r] [--keep]
#
#   -n RUNS      runs per command (default 5); the table shows medians
#   -p FILE      profile to use (default: $GOMEM_BIG_PROFILE, else examples/make-big-profile.sh makes one)
#   -o FILE      also write the Markdown report to FILE
#   --no-r2r     skip the self-contained ReadyToRun publish (it needs the linux-x64 runtime pack from NuGet)
#   --keep       keep the scratch folder (builds, outputs, raw timings) and print its path
#
# What it does:
#   1. builds gomem (Release) into a scratch folder and runs it as `dotnet GoMem.Cli.dll`, so every gomem time
#      includes the .NET host start-up and JIT, as a user sees it; unless --no-r2r, also publishes a
#      self-contained ReadyToRun build (`dotnet publish -r linux-x64 --self-contained -p:PublishReadyToRun=true`)
#      into the scratch folder (never into the repository) and times that too;
#   2. for each scenario and each run, runs the gomem command(s) and the `go tool pprof` command one after the
#      other (alternating which goes first), each under `/usr/bin/time -f "%e %M"` (wall seconds, peak RSS KiB);
#   3. checks that every gomem output is byte-identical to pprof's apart from the `Time:` line (whose layout
#      differs between pprof versions);
#   4. prints a Markdown table of medians and ratios, with the machine, the tool versions and the load average.
# Exit status: 0, or 1 if any output differed or a command failed.
set -euo pipefail

RUNS=5
PROFILE=${GOMEM_BIG_PROFILE:-}
REPORT=
R2R=1
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) RUNS=$2; shift 2 ;;
    -p) PROFILE=$2; shift 2 ;;
    -o) REPORT=$2; shift 2 ;;
    --no-r2r) R2R=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-vs-pprof.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench-vs-pprof.sh: -n needs a positive number" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for tool in dotnet go gzip awk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-vs-pprof.sh: '$tool' not found" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "bench-vs-pprof.sh: /usr/bin/time not found (apt-get install -y time)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gomem-vs-pprof.XXXXXX")
if [[ $KEEP -eq 0 ]]; then trap 'rm -rf "$WORK"' EXIT; fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TZ=UTC

log() { echo "bench-vs-pprof: $*" >&2; }

# ---- 1. builds ----
log "building gomem (Release) into $WORK/build"
dotnet build "$ROOT/src/GoMem.Cli/GoMem.Cli.csproj" -c Release --nologo -v quiet -o "$WORK/build" >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; exit 1; }
GOMEM_DLL=$WORK/build/GoMem.Cli.dll
R2R_EXE=
if [[ $R2R -eq 1 ]]; then
  log "publishing a self-contained ReadyToRun build into $WORK/r2r"
  if dotnet publish "$ROOT/src/GoMem.Cli/GoMem.Cli.csproj" -c Release -r linux-x64 --self-contained \
       -p:PublishReadyToRun=true --nologo -v quiet -o "$WORK/r2r" >"$WORK/publish.log" 2>&1; then
    R2R_EXE=$WORK/r2r/GoMem.Cli
  else
    log "ReadyToRun publish failed (see below); continuing without it"
    tail -20 "$WORK/publish.log" >&2
  fi
fi

# ---- 2. inputs ----
if [[ -z "$PROFILE" ]]; then
  PROFILE=$WORK/big.pb.gz
  log "generating the big profile with examples/make-big-profile.sh"
  "$ROOT/examples/make-big-profile.sh" "$PROFILE" >&2
fi
[[ -f "$PROFILE" ]] || { echo "bench-vs-pprof.sh: no such profile: $PROFILE" >&2; exit 1; }
RAW=$WORK/big.pb
gzip -dc "$PROFILE" >"$RAW"

# ---- 3. scenarios: name | gomem arguments | pprof arguments (the profile path is appended to both) ----
# {out} in gomem's arguments stands for a file that receives its report instead of stdout.
SCENARIOS=(
  "top (gzip)|top|-top"
  "top -sample_index=alloc_space|top -sample_index=alloc_space|-top -sample_index=alloc_space"
  "traces|traces|-traces"
  "traces, gomem writing to a file (-o)|traces -o {out}|-traces"
  "top (raw protobuf)|top|-top"
)
scenario_input() { if [[ "$1" == "top (raw protobuf)" ]]; then echo "$RAW"; else echo "$PROFILE"; fi; }

VARIANTS=("dll")
[[ -n "$R2R_EXE" ]] && VARIANTS+=("r2r")

FAILED=0
# measure NAME OUTFILE CMD... : one timed run; appends "seconds kib" to $WORK/times/NAME
measure() {
  local name=$1 out=$2; shift 2
  mkdir -p "$WORK/times"
  if ! /usr/bin/time -o "$WORK/time.txt" -f "%e %M" "$@" >"$out" 2>"$out.err"; then
    log "FAILED: $* (see below)"; cat "$out.err" >&2; FAILED=1
  fi
  tail -1 "$WORK/time.txt" >>"$WORK/times/$name"
}

same_output() { # a b : identical apart from the Time: line
  cmp -s <(grep -v '^Time:' "$1") <(grep -v '^Time:' "$2")
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for ((run = 1; run <= RUNS; run++)); do
  for s in "${!SCENARIOS[@]}"; do
    IFS='|' read -r name gargs pargs <<<"${SCENARIOS[$s]}"
    input=$(scenario_input "$name")
    read -ra gomem_args <<<"$gargs"
    gomem_args=("${gomem_args[@]//\{out\}/$WORK/report.txt}")
    read -ra pprof_args <<<"$pargs"
    log "run $run/$RUNS: $name"
    # Alternate the order so that neither tool always runs on a warmer (or busier) machine.
    order=(pprof "${VARIANTS[@]}")
    if ((run % 2 == 1)); then order=("${VARIANTS[@]}" pprof); fi
    for tool in "${order[@]}"; do
      out=$WORK/out.$s.$tool.txt
      case $tool in
        pprof) measure "$s.pprof" "$out" go tool pprof "${pprof_args[@]}" "$input" ;;
        dll) measure "$s.dll" "$out" dotnet "$GOMEM_DLL" "${gomem_args[@]}" "$input" ;;
        r2r) measure "$s.r2r" "$out" "$R2R_EXE" "${gomem_args[@]}" "$input" ;;
      esac
      if [[ $tool != pprof && $gargs == *"{out}"* ]]; then mv "$WORK/report.txt" "$out"; fi
    done
    for v in "${VARIANTS[@]}"; do
      if ! same_output "$WORK/out.$s.$v.txt" "$WORK/out.$s.pprof.txt"; then
        touch "$WORK/differs.$s.$v"
        FAILED=1
        log "OUTPUT DIFFERS: gomem ($v) $gargs vs go tool pprof $pargs:"
        diff <(grep -v '^Time:' "$WORK/out.$s.$v.txt") <(grep -v '^Time:' "$WORK/out.$s.pprof.txt") | head -20 >&2 || true
      fi
    done
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- 4. report ----
median() { # column (1 = seconds, 2 = KiB) of a times file
  awk -v c="$2" '{print $c}' "$1" | sort -g | awk '{v[NR] = $1} END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
runtime=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')
{
  echo "## gomem vs go tool pprof ($RUNS interleaved runs, medians)"
  echo
  echo "Profile: \`$(basename "$PROFILE")\`, $(wc -c <"$PROFILE") bytes gzip, $(wc -c <"$RAW") bytes raw; $(($(grep -c -- '-----------+' "$WORK/out.2.pprof.txt" || true) - 1)) traces in \`go tool pprof -traces\`."
  echo
  echo "| command | gomem build | gomem wall (s) | pprof wall (s) | wall gomem/pprof | speed-up | gomem peak RSS (MiB) | pprof peak RSS (MiB) | RSS gomem/pprof | output identical |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  for s in "${!SCENARIOS[@]}"; do
    IFS='|' read -r name gargs pargs <<<"${SCENARIOS[$s]}"
    pt=$(median "$WORK/times/$s.pprof" 1); pm=$(median "$WORK/times/$s.pprof" 2)
    for v in "${VARIANTS[@]}"; do
      gt=$(median "$WORK/times/$s.$v" 1); gm=$(median "$WORK/times/$s.$v" 2)
      build=$([[ $v == dll ]] && echo "dotnet GoMem.Cli.dll" || echo "self-contained R2R")
      same=$([[ -e $WORK/differs.$s.$v ]] && echo "**NO**" || echo "yes")
      echo "| \`$name\` | $build | $gt | $pt | $(ratio "$gt" "$pt") | $(ratio "$pt" "$gt")x | $(mib "$gm") | $(mib "$pm") | $(ratio "$gm" "$pm") | $same |"
    done
  done
  echo
  echo "Machine: $(nproc) CPUs ($cpu), $mem. .NET runtime $runtime (SDK $(dotnet --version)); $(go version | cut -d' ' -f3-)."
  echo "Load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER."
  echo "gomem times include the .NET host start-up and JIT (\`dotnet GoMem.Cli.dll\`, or the self-contained ReadyToRun executable); pprof times include the \`go\` command's start-up (\`go tool pprof\`)."
} | tee "${REPORT:-/dev/null}"

if [[ $KEEP -eq 1 ]]; then log "scratch folder kept: $WORK"; fi
exit "$FAILED"
