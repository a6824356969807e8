#!/usr/bin/env bash
# capture.sh - build the GoMem example programs and (re)capture the fixtures in
# testdata/<scenario>/, plus golden outputs of the real `go tool pprof`.
#
# Usage: examples/capture.sh [SCENARIO ...]    (default: every scenario below)
#
# Rerunnable: each captured scenario folder is deleted and written anew.
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
# not this machine's libc/ld.so with their build IDs.
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
        log "building $BIN_DIR/$p"
        (cd "$EXAMPLES_DIR" && timeout 600 go build -trimpath -o "$BIN_DIR/$p" "./$p")
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

fetch() { # fetch PATH_AND_QUERY OUTFILE
    curl -fsS --noproxy '*' --max-time "$FETCH_TIMEOUT" -o "$2" "http://127.0.0.1:$PORT$1" ||
        die "download of $1 failed"
}

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
        fetch "/debug/pprof/heap?gc=1"          "$dir/heap.$k.pb.gz"
        fetch "/debug/pprof/heap?debug=1&gc=1"  "$dir/heap.$k.debug1.txt"
        fetch "/debug/pprof/allocs"             "$dir/allocs.$k.pb.gz"
        fetch "/debug/pprof/goroutine"          "$dir/goroutine.$k.pb.gz"
        fetch "/debug/pprof/goroutine?debug=1"  "$dir/goroutine.$k.debug1.txt"
        fetch "/debug/pprof/goroutine?debug=2"  "$dir/goroutine.$k.debug2.txt"
        fetch "/debug/vars"                     "$dir/vars.$k.json"
        log "$name: snapshot $k captured after $sent requests"
    done
    stop_server

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
    log "$name: $(du -sk "$dir" | cut -f1) KB in testdata/$name"
}

# ---------------------------------------------------------------------------
# Read the table first, so a bad line or an unknown name fails before building.
SELECTED=()
declare -A KNOWN=()
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

build_all
mkdir -p "$TESTDATA_DIR"
for line in "${SELECTED[@]}"; do
    # shellcheck disable=SC2086 # split the table line into its four fields
    capture_scenario $line
done
log "done: ${#SELECTED[@]} scenario(s) captured into $TESTDATA_DIR"
