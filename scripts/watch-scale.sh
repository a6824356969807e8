#!/usr/bin/env bash
# gomem watch at scale: a loopback replay server impersonates TARGETS Go services (real captured artifacts from
# testdata/, one 127.0.0.1 port each), gomem watch collects them for MINUTES into an SQLite store, and this script
# samples the collector's CPU and RSS from /proc and reports them with the watch log's own timing figures.
#
#   scripts/watch-scale.sh [TARGETS] [MINUTES]          (defaults: 100 targets, 3 minutes)
#
# Environment: BASE_PORT (first port, default 30000), OUT (directory for the run's files, default a new temp
# directory), SAMPLE_SECONDS (sampling period, default 5), MAX_CONCURRENT (gomem watch --max-concurrent, default
# unset = gomem's default), WATCH_ENV (NAME=VALUE ... for the collector only, e.g. runtime GC settings).
# scrape_interval is 10s; vars and metrics every scrape, heap and goroutine every 6th.
# Everything stops by itself: the watch after MINUTES (--for), the replay server two minutes after that.
set -euo pipefail
targets="${1:-100}"
minutes="${2:-3}"
base_port="${BASE_PORT:-30000}"
sample_seconds="${SAMPLE_SECONDS:-5}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$(mktemp -d -t watch-scale.XXXXXX)}"
mkdir -p "$out"

if (( base_port + targets > 65535 )); then echo "too many targets for BASE_PORT=$base_port" >&2; exit 2; fi
need_fds=$(( targets * 2 + 200 ))
if (( $(ulimit -n) < need_fds )); then ulimit -n "$need_fds" 2>/dev/null || { echo "open-file limit $(ulimit -n) < $need_fds" >&2; exit 2; }; fi

echo "building (Release)..." >&2
dotnet build "$root/src/GoMem.Cli" -c Release --nologo -v quiet >/dev/null
dotnet build "$root/bench/GoMem.ReplayServer" -c Release --nologo -v quiet >/dev/null
gomem_dll="$root/src/GoMem.Cli/bin/Release/net10.0/GoMem.Cli.dll"
replay_dll="$root/bench/GoMem.ReplayServer/bin/Release/net10.0/GoMem.ReplayServer.dll"

replay_pid=""
watch_pid=""
cleanup() {
  [ -n "$watch_pid" ] && kill "$watch_pid" 2>/dev/null || true
  [ -n "$replay_pid" ] && kill "$replay_pid" 2>/dev/null || true
}
trap cleanup EXIT

dotnet "$replay_dll" --targets "$targets" --base-port "$base_port" --seconds $(( minutes * 60 + 120 )) \
  --testdata "$root/testdata" >"$out/replay.out" 2>&1 &
replay_pid=$!
for _ in $(seq 1 120); do
  grep -q '^ready' "$out/replay.out" 2>/dev/null && break
  kill -0 "$replay_pid" 2>/dev/null || { cat "$out/replay.out" >&2; exit 4; }
  sleep 0.5
done
grep -q '^ready' "$out/replay.out" || { echo "replay server not ready" >&2; exit 4; }

{
  echo "scrape_configs:"
  echo "  - job_name: scale"
  echo "    scrape_interval: 10s"
  echo "    static_configs:"
  echo "      - targets:"
  for (( i = 0; i < targets; i++ )); do echo "          - 127.0.0.1:$(( base_port + i ))"; done
  echo "        labels: {env: bench}"
  echo "    profiling_config:"
  echo "      pprof_config:"
  echo "        heap: {every: 6}"
  echo "        goroutine: {every: 6}"
} >"$out/targets.yaml"

db="$out/watch.db"
rm -f "$db" "$db-wal" "$db-shm"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
extra=()
[ -n "${MAX_CONCURRENT:-}" ] && extra+=(--max-concurrent "$MAX_CONCURRENT")
started=$(date +%s.%N)
env ${WATCH_ENV:-} dotnet "$gomem_dll" watch --config "$out/targets.yaml" --store "$db" --for "${minutes}m" --format json \
  -o "$out/watch.log" "${extra[@]}" 2>"$out/watch.err" &
watch_pid=$!

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo ""; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo ""; }
echo "t_s watch_ticks watch_rss_kb watch_hwm_kb watch_threads replay_ticks replay_rss_kb load1 store_bytes" >"$out/samples.txt"
while kill -0 "$watch_pid" 2>/dev/null; do
  wt=$(ticks "$watch_pid"); [ -z "$wt" ] && break
  now=$(date +%s.%N)
  echo "$(awk -v a="$now" -v b="$started" 'BEGIN{printf "%.1f", a-b}') $wt $(status_kb "$watch_pid" VmRSS) $(status_kb "$watch_pid" VmHWM) $(status_kb "$watch_pid" Threads) $(ticks "$replay_pid") $(status_kb "$replay_pid" VmRSS) $(cut -d' ' -f1 /proc/loadavg) $(( $(stat -c %s "$db" 2>/dev/null || echo 0) + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))" >>"$out/samples.txt"
  sleep "$sample_seconds"
done
set +e
wait "$watch_pid"
watch_rc=$?
set -e
watch_pid=""
ended=$(date +%s.%N)
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
replay_ticks_end=$(ticks "$replay_pid")
kill "$replay_pid" 2>/dev/null || true
wait "$replay_pid" 2>/dev/null || true
replay_pid=""

hz=$(getconf CLK_TCK)
store_bytes=$(( $(stat -c %s "$db" 2>/dev/null || echo 0) + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
stopped=$(grep '"event":"stopped"' "$out/watch.log" | tail -1 || true)
# CPU over the whole run (start-up included) and in steady state (from the second minute on, after every target
# has fetched its first profiles and the JIT has settled); the last sample before exit closes both windows.
awk -v hz="$hz" -v targets="$targets" -v minutes="$minutes" -v store="$store_bytes" -v rc="$watch_rc" \
    -v wall="$(awk -v a="$ended" -v b="$started" 'BEGIN{print a-b}')" \
    -v stopped="$stopped" -v lb="$load_before" -v la="$load_after" -v rte="${replay_ticks_end:-}" '
  # The header, and a sample cut short by the collector exiting (a field read after the process was gone).
  NR == 1 || NF != 9 { next }
  { n++; t[n] = $1; wt[n] = $2; hwm = ($4 > hwm ? $4 : hwm); thr = ($5 > thr ? $5 : thr); rt[n] = $6; rss[n] = $3; load[n] = $8; sb[n] = $9 }
  END {
    s = 1; for (i = 1; i <= n; i++) if (t[i] >= 60) { s = i; break }
    whole = (wt[n] / hz) / t[n] * 100
    steady = (n > s) ? ((wt[n] - wt[s]) / hz) / (t[n] - t[s]) * 100 : whole
    rsteady = (n > s) ? ((rt[n] - rt[s]) / hz) / (t[n] - t[s]) * 100 : 0
    days = minutes / 1440
    printf "targets %d, %d min, watch exit code %d, wall %.0f s, load average before %s, after %s\n", targets, minutes, rc, wall, lb, la
    printf "collector CPU, %% of one core: %.1f over the run, %.1f from minute 2 on (%.1f s CPU in all)\n", whole, steady, wt[n] / hz
    printf "collector peak RSS: %.0f MiB (VmHWM), %.0f MiB at the end, %d threads at most\n", hwm / 1024, rss[n] / 1024, thr
    printf "replay server CPU, %% of one core, from minute 2 on: %.1f\n", rsteady
    printf "store: %d bytes (db + wal) after the run = %.2f MB per target-day\n", store, store / targets / days / 1e6
    if (n > s && t[n] > t[s]) printf "store growth from minute 2 on: %d bytes in %.0f s = %.2f MB per target-day\n", sb[n] - sb[s], t[n] - t[s], (sb[n] - sb[s]) / targets / ((t[n] - t[s]) / 86400) / 1e6
    printf "watch stopped line: %s\n", stopped
  }' "$out/samples.txt" | tee "$out/summary.txt"
echo "events: $(jq -r .event "$out/watch.log" | sort | uniq -c | tr -s ' ' | tr '\n' ',' )" | tee -a "$out/summary.txt"
# Each target's first cycle, from its "up" event: at many targets these set the whole run's p99 lateness.
[ -x /usr/bin/python3 ] && /usr/bin/python3 "$root/scripts/watch-first-cycles.py" scale 10 "$out/watch.log" | tee -a "$out/summary.txt"
# Where the bytes are, by table and index (SQLite's dbstat), when the sqlite3 shell is there.
if command -v sqlite3 >/dev/null; then
  sqlite3 "$db" "select name, sum(pgsize) from dbstat group by name order by 2 desc limit 12;" >"$out/store-tables.txt" 2>/dev/null || true
fi
echo "files in: $out" >&2
