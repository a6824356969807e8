#!/usr/bin/env bash
# gomem serve's speed over a big store: TARGETS targets × HOURS of what gomem watch stores at its defaults (written
# by bench/GoMem.Bench --serve-store through the store API, in the collector's order, with the real captures the
# replay server of scripts/watch-scale.sh serves), then gomem serve over it, and each API answer timed with curl over
# loopback (request sent to last byte received: the server's time plus a loopback copy of the body).
#
#   scripts/serve-speed.sh [STORE] [TARGETS] [HOURS]     (defaults: a new SQLite file in OUT, 100 targets, 24 hours)
#
# STORE is an SQLite file, a postgres:// URL of a database, or the word postgres: a throwaway PostgreSQL cluster in
# OUT/pg (initdb and pg_ctl of the installed server, as the postgres OS user when run as root; fsync off, as the
# tests' cluster), started for the run and stopped at its end, its database serve filled when empty. An existing
# STORE (an SQLite file, a database with targets, OUT/pg from an earlier run with the same OUT) is measured as it
# is: build it once, measure as often as needed. Environment: OUT (directory for the run's files, default a new temp
# directory), RUNS (timed requests per answer and target, default 5), PORT (default 18080), PGPORT (the throwaway
# cluster's, default 15432). Each answer is asked for the first 12 targets (one per captured series, so every profile shape
# is timed), three times untimed first (the JIT's first calls and its recompilation of the hot ones), then RUNS
# times; the table gives the median, 90th percentile and slowest over all of them, the median against the issue's
# budgets, and the server's CPU time per request (utime + stime of /proc/PID/stat over the timed requests): on a
# machine other work shares, the wall times include waiting for a core.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$(mktemp -d -t serve-speed.XXXXXX)}"
mkdir -p "$out"
store="${1:-$out/serve.db}"
targets="${2:-100}"
hours="${3:-24}"
runs="${RUNS:-5}"
port="${PORT:-18080}"

echo "building (Release)..." >&2
dotnet build "$root/src/GoMem.Cli" -c Release --nologo -v quiet >/dev/null
dotnet build "$root/bench/GoMem.Bench" -c Release --nologo -v quiet >/dev/null
gomem_dll="$root/src/GoMem.Cli/bin/Release/net10.0/GoMem.Cli.dll"
bench_dll="$root/bench/GoMem.Bench/bin/Release/net10.0/GoMem.Bench.dll"

serve_pid=""
pg_data=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
  [ -n "$pg_data" ] && as_postgres "$pg_bin/pg_ctl" -D "$pg_data" stop -m fast -w >/dev/null 2>&1
  true
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: its tools then run as the postgres OS user (Debian's package creates it).
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$store" = postgres ]; then
  pg_bin=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -x "$pg_bin/initdb" ] || { echo "serve-speed.sh: PostgreSQL's initdb not found (apt-get install -y postgresql)" >&2; exit 4; }
  pg_port="${PGPORT:-15432}"
  pg_data="$out/pg/data"
  if [ ! -d "$pg_data" ]; then
    mkdir -p "$out/pg"
    chmod a+x "$out"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$out/pg"
    as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C --no-sync --no-instructions >/dev/null
  fi
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$out/pg/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$out/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
  psql_serve() { as_postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -d serve -qtAc "$1"; }
  as_postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'serve'" | grep -q 1 \
    || as_postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qc "CREATE DATABASE serve"
  store="postgres://postgres@127.0.0.1:$pg_port/serve"
  if [ "$(psql_serve "SELECT count(*) FROM pg_tables WHERE tablename = 'targets'")" = 0 ] || [ "$(psql_serve "SELECT count(*) FROM targets")" = 0 ]; then
    echo "writing $targets targets × $hours h into $store..." >&2
    dotnet "$bench_dll" --serve-store "$store" "$targets" "$hours" | tee "$out/store.txt" >&2
    psql_serve "VACUUM ANALYZE"
  fi
  echo "store: $(psql_serve "SELECT pg_size_pretty(pg_database_size('serve'))") ($store)" >&2
elif [[ "$store" != postgres* && ! -f "$store" ]]; then
  echo "writing $targets targets × $hours h into $store..." >&2
  dotnet "$bench_dll" --serve-store "$store" "$targets" "$hours" | tee "$out/store.txt" >&2
fi
[[ "$store" == postgres* ]] || echo "store: $(du -h "$store" | cut -f1) ($store)" >&2

rm -f "$out/address.json"
dotnet "$gomem_dll" serve --store "$store" --listen "127.0.0.1:$port" --format json -o "$out/address.json" 2>"$out/serve.err" &
serve_pid=$!
for _ in $(seq 1 120); do
  [ -s "$out/address.json" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$out/serve.err" >&2; exit 4; }
  sleep 0.5
done
api="http://127.0.0.1:$port/api"

# The span the store holds ends at the latest sample of target 1.
end=$(date -u -d "$(curl -sf "$api/targets/1/series" | jq -r .to)" +%Y-%m-%dT%H:%M:%SZ)
at() { date -u -d "$end $1" +%Y-%m-%dT%H:%M:%SZ; }
ids=$(seq 1 12)

# The server's CPU time so far (utime + stime), in clock ticks.
hz=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$serve_pid/stat"; }

# time_total in ms of each request: one untimed first per path, then RUNS of each, the paths taken in turn; and the
# server's CPU time over the timed requests, per request (what the answer costs whatever else the machine runs).
measure() {
  local key="$1" name="$2" budget="$3"; shift 3
  local file="$out/$key.ms"
  : >"$file"
  for _ in 1 2 3; do for path in "$@"; do curl -sf -o /dev/null "$api$path"; done; done
  local before; before=$(ticks)
  for _ in $(seq 1 "$runs"); do
    for path in "$@"; do
      curl -sf -o /dev/null -w '%{time_total} %{size_download}\n' "$api$path" | awk '{ printf "%.1f %d\n", $1 * 1000, $2 }' >>"$file"
    done
  done
  local cpu; cpu=$(( $(ticks) - before ))
  sort -n "$file" | awk -v name="$name" -v budget="$budget" -v cpu="$cpu" -v hz="$hz" '
    { ms[NR] = $1; bytes += $2 }
    END {
      median = (NR % 2) ? ms[(NR + 1) / 2] : (ms[NR / 2] + ms[NR / 2 + 1]) / 2
      p90 = ms[int(NR * 0.9 + 0.999)]
      printf "| %s | %d | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %s | %.0f KB |\n", name, NR, median, p90, ms[NR], cpu * 1000 / hz / NR, budget, (median <= budget ? "pass" : "MISS"), bytes / NR / 1024
    }'
}

overview=(/targets)
series_hour=(); series_day=(); profile=(); goroutines=(); diff=()
for id in $ids; do
  series_hour+=("/targets/$id/series")
  series_day+=("/targets/$id/series?from=$(at '-24 hours')&to=$end")
  profile+=("/targets/$id/profile?kind=heap&at=$(at '-12 hours')")
  goroutines+=("/targets/$id/goroutines?at=$(at '-12 hours')")
  diff+=("/targets/$id/diff?kind=heap&baseFrom=$(at '-2 hours')&baseTo=$(at '-1 hours')&newFrom=$(at '-1 hours')&newTo=$end")
done
{
  echo "$targets targets × $hours h, span ending $end; $runs runs per target and answer after three untimed; load average $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
  echo
  echo "| answer | requests | median | p90 | slowest | server CPU per request | budget | median within it | body |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
  measure overview "overview (GET /api/targets, $targets targets)" 300 "${overview[@]}"
  measure series-hour "one target's series, the default hour" 300 "${series_hour[@]}"
  measure series-day "one target's series, 24 h" 300 "${series_day[@]}"
  measure profile "a stored heap profile's flame graph and top" 300 "${profile[@]}"
  measure goroutines "a stored goroutine profile's groups, with the previous one's" 300 "${goroutines[@]}"
  measure diff "diff of two one-hour ranges (60 + 60 heap profiles)" 1000 "${diff[@]}"
} | tee "$out/summary.md"
