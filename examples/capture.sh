#!/usr/bin/env bash
# capture.sh - build the GoMem example programs and (re)capture the fixtures in
# testdata/<scenario>/, plus golden outputs of the real `go tool pprof`.
#
# Usage: examples/capture.sh [SCENARIO ...]    (default: every scenario below,
#        plus "snapshot": the same-moment memsnapshot capture in testdata/snapshot/)
#
# Rerunnable: each captured scenario folder is deleted and written anew.
# NOTE: tests/golden/* of the C# tests were produced by gomem from the
# committed leakymap/churn/goroutineleak fixtures; re-capturing those scenarios
# changes every profile, so regenerate those goldens too (or name only the
# scenarios you need, e.g. `capture.sh cgoleak snapshot`).
# Needs: go (apt-get install -y golang-go), curl, coreutils `timeout`.
# Binaries go to /opt/gomem-examples/ and are run from there, so the mapping
# file names inside the profiles are /opt/gomem-examples/<program>.
set -euo pipefail

# ---------------------------------------------------------------------------
# Scenario table: ONE line per scenario. Adding a scenario = one line here
# (plus its program in examples/<program>/main.go if it is a new one).
#   name            directory under testdata/
#   program         directory under examples/ (a server with /work?id=N)
#   requests        requests sent before each snapshot (ids keep increasing
#                   across phases: phase k sends ids (k-1)*requests ..)
#   snapshots       number of snapshots (phases); goldens use the last one
# ---------------------------------------------------------------------------
SCENARIOS='
# name          program         requests  snapshots
leakymap        leakymap        300       2
churn           churn           100       2
goroutineleak   goroutineleak   100       2
boundedcache    boundedcache    300       2
leakymap-explain leakymap       300       2
cgoleak         cgoleak         100       2
churn-explain   churn           100       2
goroutineleak-explain goroutineleak 100    2
'

BIN_DIR=/opt/gomem-examples          # fixed: it is recorded inside the profiles
CONCURRENCY=4                        # loadgen -c
READY_TIMEOUT=15                     # seconds to wait for a server to answer
FETCH_TIMEOUT=30                     # seconds per curl download
PPROF_TIMEOUT=120                    # seconds per go tool pprof run

die() { echo "capture.sh: $*" >&2; exit 1; }
log() { echo "capture.sh: $*" >&2; }

command -v go >/dev/null 2>&1 || die "'go' not found; install it with: apt-get install -y golang-go"
command -v curl >/dev/null 2>&1 || die "'curl' not found; install it with: apt-get install -y curl"
command -v timeout >/dev/null 2>&1 || die "'timeout' (coreutils) not found"

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
TESTDATA_DIR="$REPO_DIR/testdata"

# No network is needed or wanted: the examples use the standard library only.
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=
# Static binaries (no cgo resolver): profiles then map only the program itself,
# not this machine's libc/ld.so with their build IDs. Exception: a program
# whose main.go has `import "C"` (cgoleak) is built with CGO_ENABLED=1; its
# profiles may also map the system's libc and ld.so (standard system paths).
export CGO_ENABLED=0
# pprof headers print times in the local zone: make goldens zone-independent.
export TZ=UTC

WORK=$(mktemp -d)
SERVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------
# Builds every program: each directory examples/<name>/ holding a main.go.
build_all() {
    local d p
    mkdir -p "$BIN_DIR"
    for d in "$EXAMPLES_DIR"/*/main.go; do
        p=$(basename "$(dirname "$d")")
        local cgo=0
        if grep -q '^import "C"' "$d"; then cgo=1; fi
        log "building $BIN_DIR/$p (CGO_ENABLED=$cgo)"
        (cd "$EXAMPLES_DIR" && CGO_ENABLED=$cgo timeout 600 go build -trimpath -o "$BIN_DIR/$p" "./$p")
    done
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_server PROGRAM: starts it on a free 127.0.0.1 port and waits (bounded)
# until /debug/vars answers. Sets SERVER_PID and PORT.
start_server() {
    local prog=$1 attempt i
    for attempt in 1 2 3 4 5; do
        PORT=$(( 20000 + (RANDOM % 20000) ))
        port_in_use "$PORT" && continue
        env -u GOGC -u GODEBUG -u GOMEMLIMIT \
            "$BIN_DIR/$prog" -addr "127.0.0.1:$PORT" </dev/null >"$WORK/$prog.log" 2>&1 &
        SERVER_PID=$!
        for i in $(seq $(( READY_TIMEOUT * 10 ))); do
            if ! kill -0 "$SERVER_PID" 2>/dev/null; then
                break # exited (e.g. port taken meanwhile): try another port
            fi
            if grep -q '^READY' "$WORK/$prog.log" &&
                curl -fsS --noproxy '*' --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/debug/vars" 2>/dev/null; then
                log "$prog ready on 127.0.0.1:$PORT (pid $SERVER_PID)"
                return 0
            fi
            sleep 0.1
        done
        log "$prog did not become ready on port $PORT (attempt $attempt):"
        sed 's/^/    /' "$WORK/$prog.log" >&2 || true
        stop_server
    done
    die "could not start $prog"
}

fetch() { # fetch PATH_AND_QUERY OUTFILE [CURL_ARGS...]
    local path=$1 out=$2
    shift 2
    curl -fsS --noproxy '*' --max-time "$FETCH_TIMEOUT" "$@" -o "$out" "http://127.0.0.1:$PORT$path" ||
        die "download of $path failed"
}

# Accept header of a Prometheus server that prefers OpenMetrics.
OPENMETRICS_ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

# save_proc PID NAME OUTFILE: copy /proc/PID/NAME. For smaps_rollup, a path in
# the header line (the kernel prints an address range and "[rollup]") would
# be replaced by "[scrubbed]".
save_proc() {
    local pid=$1 name=$2 out=$3
    timeout 10 cat "/proc/$pid/$name" >"$out" 2>/dev/null || die "cannot read /proc/$pid/$name"
    if [[ "$name" == smaps_rollup ]]; then
        sed -i '1s# /.*$# [scrubbed]#' "$out"
    fi
}

# cgroup_mounts PID FSTYPE: "ROOT MOUNTPOINT SUPEROPTS" of each mount of that
# type, from /proc/PID/mountinfo
# (ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS).
cgroup_mounts() {
    awk -v t="$2" '{ for (i = 7; i <= NF; i++) if ($i == "-") { if ($(i+1) == t) print $4, $5, $(i+3); break } }' \
        "/proc/$1/mountinfo"
}

# cgroup_memory_dir PID: prints "v2 DIR" or "v1 DIR", the directory of PID's
# memory cgroup: v2 if the "0::/path" line leads to a readable memory.current
# (a pure v2 host), else the v1 hierarchy whose controllers include memory.
# Prints nothing if there is none.
cgroup_memory_dir() {
    local pid=$1 hier ctrls path v1path="" v2path="" root mnt opts rel
    while IFS=: read -r hier ctrls path; do
        if [[ "$hier" == 0 && -z "$ctrls" ]]; then
            v2path=$path
        elif [[ ",$ctrls," == *,memory,* ]]; then
            v1path=$path
        fi
    done <"/proc/$pid/cgroup"
    if [[ -n "$v2path" ]]; then
        while read -r root mnt opts; do
            rel=$v2path
            if [[ "$root" != / && "$rel" == "$root"* ]]; then rel=${rel#"$root"}; fi
            if [[ -r "${mnt%/}${rel%/}/memory.current" ]]; then
                echo "v2 ${mnt%/}${rel%/}"
                return 0
            fi
        done < <(cgroup_mounts "$pid" cgroup2)
    fi
    if [[ -n "$v1path" ]]; then
        while read -r root mnt opts; do
            [[ ",$opts," == *,memory,* ]] || continue
            rel=$v1path
            if [[ "$root" != / && "$rel" == "$root"* ]]; then rel=${rel#"$root"}; fi
            if [[ -r "${mnt%/}${rel%/}/memory.usage_in_bytes" ]]; then
                echo "v1 ${mnt%/}${rel%/}"
                return 0
            fi
        done < <(cgroup_mounts "$pid" cgroup)
    fi
}

# save_cgroup PID OUTDIR: the memory files of PID's cgroup into OUTDIR, plus
# OUTDIR/VERSION ("v1" or "v2"). No cgroup path is written anywhere.
# Returns 1 (and writes nothing) when no memory cgroup files are readable.
save_cgroup() {
    local pid=$1 out=$2 found ver dir f files
    found=$(cgroup_memory_dir "$pid")
    [[ -n "$found" ]] || return 1
    ver=${found%% *}
    dir=${found#* }
    if [[ "$ver" == v2 ]]; then
        files="memory.max memory.current memory.stat"
    else
        files="memory.limit_in_bytes memory.usage_in_bytes memory.stat"
    fi
    mkdir -p "$out"
    echo "$ver" >"$out/VERSION"
    for f in $files; do
        if [[ -r "$dir/$f" ]] && timeout 10 cat "$dir/$f" >"$out/$f" 2>/dev/null; then
            :
        else
            rm -f "$out/$f"
        fi
    done
    return 0
}

source "$(dirname "${BASH_SOURCE[0]}")/machine-paths.sh"

# golden NAME ARGS...: run `go tool pprof ARGS` in the scenario folder, stdout
# to golden/NAME, and record the command in golden/COMMANDS.txt.
golden() {
    local name=$1; shift
    printf 'golden/%s\tgo tool pprof %s\n' "$name" "$*" >>golden/COMMANDS.txt
    if ! timeout "$PPROF_TIMEOUT" go tool pprof "$@" >"golden/$name" 2>/dev/null || [[ ! -s "golden/$name" ]]; then
        return 1
    fi
}

capture_scenario() {
    local name=$1 prog=$2 reqs=$3 snaps=$4 k sent=0 dir="$TESTDATA_DIR/$1"
    log "=== scenario $name: program $prog, $snaps x $reqs requests"
    [[ -x "$BIN_DIR/$prog" ]] || die "scenario $name: no program $prog (examples/$prog)"
    rm -rf "$dir"
    mkdir -p "$dir/golden"
    start_server "$prog"
    printf 'k\ttime_utc\trequests_total\n' >"$dir/snapshots.tsv"
    for k in $(seq "$snaps"); do
        timeout 300 "$BIN_DIR/loadgen" -url "http://127.0.0.1:$PORT/work" \
            -n "$reqs" -first "$sent" -c "$CONCURRENCY" -timeout 10s >&2 ||
            die "scenario $name: loadgen failed in phase $k"
        sent=$(( sent + reqs ))
        printf '%s\t%s\t%s\n' "$k" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$sent" >>"$dir/snapshots.tsv"
        # The same-moment group, back to back, vars first (see CAPTURE.txt):
        # nothing in it forces a GC, so vars, metrics, /proc and cgroup
        # describe (nearly) the same process state; then the heap profile,
        # whose gc=1 runs the GC the profile needs.
        fetch "/debug/vars"                     "$dir/vars.$k.json"
        fetch "/metrics"                        "$dir/metrics.$k.txt"
        save_proc "$SERVER_PID" status          "$dir/status.$k.txt"
        save_proc "$SERVER_PID" smaps_rollup    "$dir/smaps_rollup.$k.txt"
        if ! save_cgroup "$SERVER_PID" "$dir/cgroup.$k"; then
            log "$name: no readable memory cgroup files for pid $SERVER_PID: cgroup.$k/ skipped"
        fi
        fetch "/debug/pprof/heap?gc=1"          "$dir/heap.$k.pb.gz"
        # The rest of the snapshot.
        fetch "/debug/pprof/heap?debug=1&gc=1"  "$dir/heap.$k.debug1.txt"
        fetch "/debug/pprof/allocs"             "$dir/allocs.$k.pb.gz"
        fetch "/debug/pprof/goroutine"          "$dir/goroutine.$k.pb.gz"
        fetch "/debug/pprof/goroutine?debug=1"  "$dir/goroutine.$k.debug1.txt"
        fetch "/debug/pprof/goroutine?debug=2"  "$dir/goroutine.$k.debug2.txt"
        fetch "/metrics"                        "$dir/metrics.$k.openmetrics.txt" -H "Accept: $OPENMETRICS_ACCEPT"
        log "$name: snapshot $k captured after $sent requests"
    done
    stop_server
    write_capture_order "$dir/CAPTURE.txt" "$name" "$prog"

    # Goldens, from the last snapshot, with relative file names only.
    local S=$snaps
    (
        cd "$dir"
        {
            echo "# Golden outputs of the real go tool pprof ($(go version | awk '{print $3}'))."
            echo "# Each line: output file<TAB>command. Run from testdata/$name/ with TZ=UTC;"
            echo "# the file holds stdout only (stderr discarded)."
        } >golden/COMMANDS.txt
        for st in inuse_space inuse_objects alloc_space alloc_objects; do
            golden "heap.top.$st.txt" -top "-sample_index=$st" "heap.$S.pb.gz" || die "$name: pprof failed ($st)"
        done
        golden allocs.top.txt -top "allocs.$S.pb.gz" || die "$name: pprof failed (allocs)"
        golden goroutine.top.txt -top "goroutine.$S.pb.gz" || die "$name: pprof failed (goroutine)"
        golden heap.traces.txt -traces "heap.$S.pb.gz" || die "$name: pprof failed (heap traces)"
        golden goroutine.traces.txt -traces "goroutine.$S.pb.gz" || die "$name: pprof failed (goroutine traces)"
        golden heap.top.cum.txt -top -cum "heap.$S.pb.gz" || die "$name: pprof failed (-cum)"
        golden heap.top.nodecount5.txt -top -nodecount=5 "heap.$S.pb.gz" || die "$name: pprof failed (-nodecount)"
        golden heap.top.focus-main.txt -top -focus=main "heap.$S.pb.gz" || die "$name: pprof failed (-focus)"
        golden heap.top.ignore-runtime.txt -top -ignore=runtime "heap.$S.pb.gz" || die "$name: pprof failed (-ignore)"
        golden heap.top.hide-runtime.txt -top -hide=runtime "heap.$S.pb.gz" || die "$name: pprof failed (-hide)"
        golden heap.top.show-main.txt -top -show=main "heap.$S.pb.gz" || die "$name: pprof failed (-show)"
        golden heap.top.lines.txt -top -lines "heap.$S.pb.gz" || die "$name: pprof failed (-lines)"
        golden heap.top.files.txt -top -files "heap.$S.pb.gz" || die "$name: pprof failed (-files)"
        golden heap.top.filefunctions.txt -top -filefunctions "heap.$S.pb.gz" || die "$name: pprof failed (-filefunctions)"
        golden heap.top.unit-kb.txt -top -unit=kb "heap.$S.pb.gz" || die "$name: pprof failed (-unit)"
        golden heap.diff.txt -top -diff_base=heap.1.pb.gz "heap.$S.pb.gz" || die "$name: pprof failed (diff)"
        golden heap.diff.alloc_space.txt -top -sample_index=alloc_space -diff_base=heap.1.pb.gz "heap.$S.pb.gz" ||
            die "$name: pprof failed (diff alloc_space)"
        # Legacy text heap profile: pprof needs the binary to symbolize it.
        if ! golden heap.debug1.top.txt -top -sample_index=inuse_space "$BIN_DIR/$prog" "heap.$S.debug1.txt"; then
            rm -f golden/heap.debug1.top.txt
            printf '# golden/heap.debug1.top.txt was NOT produced: pprof could not read heap.%s.debug1.txt\n' "$S" >>golden/COMMANDS.txt
            log "$name: WARNING: pprof could not read the legacy heap.$S.debug1.txt; skipped"
        fi
    )
    check_no_machine_paths "$dir"
    log "$name: $(du -sk "$dir" | cut -f1) KB in testdata/$name"
}

write_capture_order() { # OUTFILE SCENARIO PROGRAM
    cat >"$1" <<CAPTURE_EOF
# testdata/$2: how each snapshot k was captured from /opt/gomem-examples/$3.
# Phase k's requests first, then back to back, in this order:
#   1 vars.k.json                GET /debug/vars
#   2 metrics.k.txt              GET /metrics (Prometheus text format 0.0.4)
#   3 status.k.txt               /proc/PID/status
#   4 smaps_rollup.k.txt         /proc/PID/smaps_rollup (a path in line 1 would be scrubbed)
#   5 cgroup.k/                  the server's memory cgroup: VERSION (v1 or v2), and
#                                v1: memory.limit_in_bytes memory.usage_in_bytes memory.stat
#                                v2: memory.max memory.current memory.stat
#   6 heap.k.pb.gz               GET /debug/pprof/heap?gc=1 (runs a GC first)
# Steps 1-6 are the same-moment group: nothing before step 6 forces a GC. Then:
#   7 heap.k.debug1.txt          GET /debug/pprof/heap?debug=1&gc=1
#   8 allocs.k.pb.gz             GET /debug/pprof/allocs
#   9 goroutine.k.pb.gz          GET /debug/pprof/goroutine
#  10 goroutine.k.debug1.txt     GET /debug/pprof/goroutine?debug=1
#  11 goroutine.k.debug2.txt     GET /debug/pprof/goroutine?debug=2
#  12 metrics.k.openmetrics.txt  GET /metrics with
#                                Accept: $OPENMETRICS_ACCEPT
CAPTURE_EOF
}

# capture_snapshot: runs memsnapshot inside testdata/snapshot (cwd, -o .), so
# that its cmdline in vars.json holds no path of this machine.
capture_snapshot() {
    local dir="$TESTDATA_DIR/snapshot"
    log "=== snapshot: memsnapshot (one MemStats reading -> vars.json + metrics)"
    [[ -x "$BIN_DIR/memsnapshot" ]] || die "no program memsnapshot"
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && env -u GOGC -u GODEBUG -u GOMEMLIMIT timeout 120 "$BIN_DIR/memsnapshot" -o . >&2) ||
        die "memsnapshot failed"
    cat >"$dir/CAPTURE.txt" <<'CAPTURE_EOF'
# testdata/snapshot: written by `/opt/gomem-examples/memsnapshot -o .` run in
# this folder, in this order, all from ONE runtime.MemStats reading (see
# examples/memsnapshot/main.go):
#   1 vars.json                the /debug/vars body expvar would serve with that MemStats
#   2 metrics.txt              Prometheus text format 0.0.4: go_memstats_* from that
#                              MemStats, the runtime/metrics families read in the same
#                              consistent snapshot, process_* from /proc/self right after
#   3 metrics.openmetrics.txt  the same families and values, OpenMetrics format
#   4 status.txt               /proc/self/status, right after
#   5 smaps_rollup.txt         /proc/self/smaps_rollup, right after
#   6 heap.pb.gz               heap profile (as of the GC that ended the pattern; no extra GC)
CAPTURE_EOF
    check_no_machine_paths "$dir"
    log "snapshot: $(du -sk "$dir" | cut -f1) KB in testdata/snapshot"
}

# ---------------------------------------------------------------------------
# Read the table first, so a bad line or an unknown name fails before building.
SELECTED=()
SNAPSHOT=0
declare -A KNOWN=([snapshot]=1) # "snapshot": memsnapshot, not a table scenario
while read -r -u 3 name prog reqs snaps extra; do
    [[ -z "${name:-}" || "$name" == \#* ]] && continue
    [[ -n "${snaps:-}" && -z "${extra:-}" ]] || die "bad scenario line: $name $prog $reqs $snaps $extra"
    [[ "$reqs" =~ ^[1-9][0-9]*$ && "$snaps" =~ ^[1-9][0-9]*$ ]] || die "scenario $name: bad numbers"
    [[ -f "$EXAMPLES_DIR/$prog/main.go" ]] || die "scenario $name: no program examples/$prog/main.go"
    [[ -z "${KNOWN[$name]:-}" ]] || die "scenario $name declared twice"
    KNOWN[$name]=1
    if [[ $# -eq 0 || " $* " == *" $name "* ]]; then
        SELECTED+=("$name $prog $reqs $snaps")
    fi
done 3<<<"$SCENARIOS"
for arg in "$@"; do
    [[ -n "${KNOWN[$arg]:-}" ]] || die "unknown scenario '$arg' (known: ${!KNOWN[*]})"
done
if [[ $# -eq 0 || " $* " == *" snapshot "* ]]; then
    SNAPSHOT=1
fi

build_all
mkdir -p "$TESTDATA_DIR"
for line in "${SELECTED[@]}"; do
    # shellcheck disable=SC2086 # split the table line into its four fields
    capture_scenario $line
done
if [[ $SNAPSHOT == 1 ]]; then
    capture_snapshot
fi
log "done: ${#SELECTED[@]} scenario(s)$(if [[ $SNAPSHOT == 1 ]]; then echo ' and the snapshot'; fi) captured into $TESTDATA_DIR"
