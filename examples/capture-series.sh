#!/usr/bin/env bash
# capture-series.sh - capture time series of snapshots from the example
# programs, for `gomem leak`, into testdata/<series>/ (rerunnable: each
# selected folder is deleted and written anew).
#
# Usage: examples/capture-series.sh [SERIES ...]   (default: every series below, crash and forms)
#
# Each series starts its program on a free 127.0.0.1 port, then SNAPSHOTS
# times: sends REQUESTS requests with loadgen (ids keep increasing), waits
# INTERVAL seconds, and saves snapshot k as
#   vars.k.json          GET /debug/vars
#   status.k.txt         /proc/PID/status
#   heap.k.pb.gz         GET /debug/pprof/heap?gc=1 (a GC first: in-use = live)
#   goroutine.k.pb.gz    GET /debug/pprof/goroutine (or goroutine.k.debug2.txt.gz, ?debug=2)
#   metrics.k.txt        GET /metrics, for the programs that serve it (cgoleak)
# and, after the last snapshot, goroutine.final.debug2.txt.gz (every goroutine,
# with states and wait minutes) into extra/ (gomem leak reads only the
# top-level files). The programs set runtime.MemProfileRate = 4096, so small
# leaks show in a few snapshots. Needs: go, curl, gzip, coreutils timeout.
# Binaries go to /opt/gomem-examples/ (that path is recorded in profiles).
set -euo pipefail

# ---------------------------------------------------------------------------
#   name                   directory under testdata/
#   program                directory under examples/
#   requests               requests per phase
#   snapshots              number of snapshots
#   interval               seconds between snapshots
#   args                   extra program arguments ("-" for none)
#   goroutines             goroutine.k form: proto (goroutine.k.pb.gz) or debug2
#                          (goroutine.k.debug2.txt.gz: states, wait minutes, creators);
#                          proto+allocs also saves allocs.k.pb.gz (/debug/pprof/allocs) with
#                          each snapshot, and one more allocs.pb.gz (no number) at the end,
#                          as a user's folder of one service's captures holds them
# ---------------------------------------------------------------------------
SERIES='
# name                   program          requests snapshots interval args           goroutines
leakymap-series          leakymap         200      8         6        -              proto
goroutineleak-series     goroutineleak    50       8         9        -              proto
goroutineleak-debug2-series goroutineleak 50       8         10       -              debug2
boundedcache-series-1    boundedcache     120      8         6        -capacity=200  proto
boundedcache-series-2    boundedcache     120      8         6        -capacity=200  proto
boundedcache-series-3    boundedcache     120      8         6        -capacity=200  proto
churn-series-1           churn            60       8         6        -              proto
churn-series-2           churn            60       8         6        -              proto
churn-series-3           churn            60       8         6        -              proto
goroutinefinish-series-1 goroutinefinish  50       8         6        -              proto
goroutinefinish-series-2 goroutinefinish  50       8         6        -              proto
goroutinefinish-series-3 goroutinefinish  50       8         6        -              proto
cgoleak-series           cgoleak          20       8         4        -              proto
leakymap-allocs-series   leakymap         100      4         3        -              proto+allocs
'

BIN_DIR=/opt/gomem-examples
CONCURRENCY=4
READY_TIMEOUT=15
FETCH_TIMEOUT=30

die() { echo "capture-series.sh: $*" >&2; exit 1; }
log() { echo "capture-series.sh: $*" >&2; }

for tool in go curl gzip timeout; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found (go: apt-get install -y golang-go)"
done

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
TESTDATA_DIR="$REPO_DIR/testdata"
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 TZ=UTC

WORK=$(mktemp -d)
SERVER_PID=""
stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

build() { # build PROGRAM (with cgo for a program that imports "C")
    local cgo=0
    mkdir -p "$BIN_DIR"
    if grep -q '^import "C"' "$EXAMPLES_DIR/$1/main.go"; then cgo=1; fi
    (cd "$EXAMPLES_DIR" && CGO_ENABLED=$cgo timeout 600 go build -trimpath -o "$BIN_DIR/$1" "./$1")
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() { # start_server PROGRAM ARGS...
    local prog=$1 attempt i
    shift
    for attempt in 1 2 3 4 5; do
        PORT=$(( 20000 + (RANDOM % 20000) ))
        port_in_use "$PORT" && continue
        env -u GOGC -u GODEBUG -u GOMEMLIMIT "$BIN_DIR/$prog" -addr "127.0.0.1:$PORT" "$@" </dev/null >"$WORK/$prog.log" 2>&1 &
        SERVER_PID=$!
        for i in $(seq $(( READY_TIMEOUT * 10 ))); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            if grep -q '^READY' "$WORK/$prog.log" &&
                curl -fsS --noproxy '*' --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/debug/vars" 2>/dev/null; then
                return 0
            fi
            sleep 0.1
        done
        log "$prog did not become ready on port $PORT (attempt $attempt)"
        stop_server
    done
    die "could not start $prog"
}

fetch() { # fetch PATH OUTFILE
    curl -fsS --noproxy '*' --max-time "$FETCH_TIMEOUT" -o "$2" "http://127.0.0.1:$PORT$1" || die "download of $1 failed"
}

capture_series() { # NAME PROGRAM REQUESTS SNAPSHOTS INTERVAL ARGS GOROUTINES
    local name=$1 prog=$2 reqs=$3 snaps=$4 interval=$5 args=$6 form=$7 k sent=0 dir="$TESTDATA_DIR/$1"
    local -a extra=()
    [[ "$args" == - ]] || read -r -a extra <<<"$args"
    log "=== $name: $prog ${extra[*]:-}, $snaps snapshots of $reqs requests, ${interval}s apart"
    rm -rf "$dir"
    mkdir -p "$dir/extra"
    start_server "$prog" "${extra[@]}"
    local metrics=0
    if curl -fsS --noproxy '*' --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/metrics" 2>/dev/null; then metrics=1; fi
    printf 'k\ttime_utc\trequests_total\n' >"$dir/extra/snapshots.tsv"
    for k in $(seq "$snaps"); do
        timeout 300 "$BIN_DIR/loadgen" -url "http://127.0.0.1:$PORT/work" -n "$reqs" -first "$sent" \
            -c "$CONCURRENCY" -timeout 10s >&2 || die "$name: loadgen failed in phase $k"
        sent=$(( sent + reqs ))
        sleep "$interval"
        printf '%s\t%s\t%s\n' "$k" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$sent" >>"$dir/extra/snapshots.tsv"
        fetch /debug/vars "$dir/vars.$k.json"
        if [[ $metrics == 1 ]]; then fetch /metrics "$dir/metrics.$k.txt"; fi
        timeout 10 cat "/proc/$SERVER_PID/status" >"$dir/status.$k.txt" || die "cannot read /proc/$SERVER_PID/status"
        fetch "/debug/pprof/heap?gc=1" "$dir/heap.$k.pb.gz"
        if [[ "$form" == proto+allocs ]]; then fetch /debug/pprof/allocs "$dir/allocs.$k.pb.gz"; fi
        if [[ "$form" == debug2 ]]; then
            fetch "/debug/pprof/goroutine?debug=2" "$WORK/goroutine.txt"
            gzip -9n <"$WORK/goroutine.txt" >"$dir/goroutine.$k.debug2.txt.gz"
        else
            fetch /debug/pprof/goroutine "$dir/goroutine.$k.pb.gz"
        fi
    done
    if [[ "$form" == proto+allocs ]]; then fetch /debug/pprof/allocs "$dir/allocs.pb.gz"; fi
    fetch "/debug/pprof/goroutine?debug=2" "$WORK/final.txt"
    gzip -9n <"$WORK/final.txt" >"$dir/extra/goroutine.final.debug2.txt.gz"
    stop_server
    if LC_ALL=C grep -rqaE "$REPO_DIR|/(work|root|tmp|home)/" "$dir"; then die "$name: a machine path was captured"; fi
    log "$name: $(du -sk "$dir" | cut -f1) KB"
}

# testdata/goroutines: a real SIGQUIT crash log of goroutinedump (tracebacks
# mixed with its log line and register dump), the same under GOTRACEBACK=crash, and its dumps in every format.
capture_crash() {
    local dir="$TESTDATA_DIR/goroutines"
    log "=== goroutines: SIGQUIT crash log and dumps of goroutinedump"
    mkdir -p "$dir"
    (cd "$dir" && { timeout 60 "$BIN_DIR/goroutinedump" -n 30 -sigquit 2>sigquit.crash.log || true; })
    grep -q '^SIGQUIT: quit' "$dir/sigquit.crash.log" || die "no SIGQUIT traceback captured"
    # The same under GOTRACEBACK=crash: after the goroutines, each thread's own section ("-----", its signal, its
    # goroutine 0: the thread's g0 or signal stack, not a goroutine). The process ends with SIGABRT.
    (cd "$dir" && { GOTRACEBACK=crash timeout 60 "$BIN_DIR/goroutinedump" -n 30 -sigquit 2>sigquit.gotraceback-crash.log || true; })
    grep -q '^-----$' "$dir/sigquit.gotraceback-crash.log" || die "no thread sections in the GOTRACEBACK=crash log"
    timeout 60 "$BIN_DIR/goroutinedump" -n 200 -debug 2 -o "$dir/goroutinedump.debug2.txt"
    timeout 60 "$BIN_DIR/goroutinedump" -n 200 -debug 1 -o "$dir/goroutinedump.debug1.txt"
    timeout 60 "$BIN_DIR/goroutinedump" -n 200 -debug 0 -o "$dir/goroutinedump.pb.gz"
    # pprof.Do labels, which ?debug=1 prints on a "# labels:" line and proto keeps per sample.
    timeout 60 "$BIN_DIR/goroutinedump" -n 200 -labels -debug 1 -o "$dir/labelled.debug1.txt"
    timeout 60 "$BIN_DIR/goroutinedump" -n 200 -labels -debug 0 -o "$dir/labelled.pb.gz"
}

# testdata/goroutines: dumps in forms that other tools meet. ancestors.debug2.txt: goroutinerelay's ?debug=2 dump
# under GODEBUG=tracebackancestors=5 (workers started by leads started by a dispatcher started by main, each with
# its "[originating from goroutine N]:" sections). indented.test.log: `go test -v` output of a test that prints
# goroutinedump's ?debug=2 dump with every line indented, as test frameworks (goconvey...) print one.
capture_forms() {
    local dir="$TESTDATA_DIR/goroutines"
    log "=== goroutines: a tracebackancestors dump and an indented dump in a test log"
    mkdir -p "$dir"
    GODEBUG=tracebackancestors=5 timeout 60 "$BIN_DIR/goroutinerelay" -o "$dir/ancestors.debug2.txt"
    grep -q '^\[originating from goroutine ' "$dir/ancestors.debug2.txt" || die "no ancestors in the tracebackancestors dump"
    (cd "$EXAMPLES_DIR" && GOMEM_PRINT_INDENTED_DUMP=1 timeout 300 go test -trimpath -count=1 -v -run TestIndentedDump ./goroutinedump) \
        >"$dir/indented.test.log" 2>&1 || die "the indented dump test failed"
    grep -q '^  goroutine [0-9]* \[' "$dir/indented.test.log" || die "no indented goroutine captured"
    if LC_ALL=C grep -qaE "$REPO_DIR|/(work|root|tmp|home|usr)/" "$dir/ancestors.debug2.txt" "$dir/indented.test.log"; then die "forms: a machine path was captured"; fi
}

SELECTED=()
declare -A KNOWN=([crash]=1 [forms]=1)
while read -r -u 3 name prog reqs snaps interval args form extra; do
    [[ -z "${name:-}" || "$name" == \#* ]] && continue
    [[ "${form:-}" =~ ^(proto|debug2|proto\+allocs)$ && -z "${extra:-}" ]] || die "bad series line: $name"
    KNOWN[$name]=1
    if [[ $# -eq 0 || " $* " == *" $name "* ]]; then SELECTED+=("$name $prog $reqs $snaps $interval $args $form"); fi
done 3<<<"$SERIES"
for arg in "$@"; do [[ -n "${KNOWN[$arg]:-}" ]] || die "unknown series '$arg' (known: ${!KNOWN[*]})"; done

for p in loadgen goroutinedump goroutinerelay leakymap goroutineleak boundedcache churn goroutinefinish cgoleak; do build "$p"; done
for line in "${SELECTED[@]}"; do
    # shellcheck disable=SC2086
    capture_series $line
done
if [[ $# -eq 0 || " $* " == *" crash "* ]]; then capture_crash; fi
if [[ $# -eq 0 || " $* " == *" forms "* ]]; then capture_forms; fi
