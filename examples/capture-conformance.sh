#!/usr/bin/env bash
# capture-conformance.sh - the profiles of the conformance corpus (testdata/conformance/profiles/): files as other
# producers write them, with golden outputs of the real `go tool pprof` (testdata/conformance/README.md has the
# table of every file, its producer and the class of input it stands for).
#
#   cgo.cpu.pb.gz   a real capture: examples/cgospin, a Go 1.19 program spending its time in C code, with a cgo
#                   traceback function registered and no symbolizer, so its C frames are addresses only.
#   the others      handcrafted by examples/pprofwriter (`pprofwriter conformance .`, built against the
#                   github.com/google/pprof/profile package Go vendors): the layouts of pprof-rs, a C++ heap
#                   profiler, Node's pprof module, a Java and a Python profiler, and the odd profiles pprof accepts.
#
# The goroutine dumps and gctrace logs of testdata/conformance are handcrafted text files, not written here; this
# script only replaces testdata/conformance/profiles/.
#
# golden/COMMANDS.txt (output file<TAB>command, run from the folder with TZ=UTC; stdout only) is read by
# tests/GoMem.Tests/Profiles/GoToolPprofGoldenTests.cs.
# Usage: examples/capture-conformance.sh        (rerunnable)
# Needs: go (apt-get install -y golang-go) and gcc (cgo), coreutils `timeout`. Binaries go to /opt/gomem-examples/,
# as in capture.sh, so the mapping file names inside the profiles are /opt/gomem-examples/<program>.
set -euo pipefail

die() { echo "capture-conformance.sh: $*" >&2; exit 1; }
log() { echo "capture-conformance.sh: $*" >&2; }
command -v go >/dev/null 2>&1 || die "'go' not found; install it with: apt-get install -y golang-go"
command -v gcc >/dev/null 2>&1 || die "'gcc' not found (cgospin uses cgo); install it with: apt-get install -y gcc"
command -v timeout >/dev/null 2>&1 || die "'timeout' (coreutils) not found"

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
OUT_DIR="$REPO_DIR/testdata/conformance/profiles"
BIN_DIR=/opt/gomem-examples
PPROF_TIMEOUT=120
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= TZ=UTC
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$BIN_DIR"
log "building $BIN_DIR/cgospin (CGO_ENABLED=1)"
(cd "$EXAMPLES_DIR" && CGO_ENABLED=1 timeout 600 go build -trimpath -o "$BIN_DIR/cgospin" ./cgospin)

source "$EXAMPLES_DIR/machine-paths.sh"
source "$EXAMPLES_DIR/pprof-goldens.sh"
build_pprofwriter

rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR/golden"
cd "$OUT_DIR"
golden_commands testdata/conformance/profiles

# a. cgo: 3 s of CPU in C (C calling C, qsort calling a C comparator) and in Go. go tool pprof would name the C
# frames from /opt/gomem-examples/cgospin if it is there; gomem never reads binaries, so the goldens are
# -symbolize=none, where pprof shows the frames the profile holds: addresses in the binary's mapping.
env -u GOGC -u GODEBUG -u GOMEMLIMIT timeout 120 "$BIN_DIR/cgospin" -o cgo.cpu.pb.gz -d 3s >&2
golden cgo.top.txt -top -symbolize=none cgo.cpu.pb.gz
golden cgo.traces.txt -traces -symbolize=none cgo.cpu.pb.gz
golden cgo.top.addresses.txt -top -addresses -symbolize=none cgo.cpu.pb.gz
golden cgo.top.lines.txt -top -lines -symbolize=none cgo.cpu.pb.gz
golden cgo.top.cum.txt -top -cum -symbolize=none cgo.cpu.pb.gz
golden cgo.top.focus.txt -top -symbolize=none -focus=cgocall cgo.cpu.pb.gz

# b. other producers and odd profiles.
"$BIN_DIR/pprofwriter" conformance .
golden rust.top.txt -top rust.cpu.pb.gz
golden rust.traces.txt -traces rust.cpu.pb.gz
golden rust.top.lines.txt -top -lines rust.cpu.pb.gz
golden rust.top.focus.txt -top -focus=closure rust.cpu.pb.gz
golden cpp.top.txt -top cpp.heap.pb.gz
golden cpp.traces.txt -traces cpp.heap.pb.gz
golden cpp.top.alloc_space.txt -top -sample_index=alloc_space cpp.heap.pb.gz
golden cpp.top.addresses.txt -top -addresses cpp.heap.pb.gz
golden cpp.top.symbolize_none.txt -top -symbolize=none cpp.heap.pb.gz
golden cpp.traces.symbolize_none.txt -traces -symbolize=none cpp.heap.pb.gz
golden cpp.top.hide.txt -top -hide=Cache cpp.heap.pb.gz
golden node.wall.top.txt -top node.wall.pb.gz
golden node.wall.traces.txt -traces node.wall.pb.gz
golden node.wall.top.lines.txt -top -lines node.wall.pb.gz
golden node.wall.top.symbolize_none.txt -top -symbolize=none node.wall.pb.gz
golden node.wall.top.samples.txt -top -sample_index=sample node.wall.pb.gz
golden node.heap.top.txt -top node.heap.pb.gz
golden node.heap.top.objects.txt -top -sample_index=objects node.heap.pb.gz
golden java.top.txt -top java.cpu.pb.gz
golden java.traces.txt -traces java.cpu.pb.gz
golden java.top.cum.txt -top -cum java.cpu.pb.gz
golden python.top.txt -top python.cpu.pb.gz
golden python.traces.txt -traces python.cpu.pb.gz
golden python.top.lines.txt -top -lines python.cpu.pb.gz
golden python.top.samples.txt -top -sample_index=cpu-samples python.cpu.pb.gz
golden unsymbolized.top.txt -top unsymbolized.pb.gz
golden unsymbolized.traces.txt -traces unsymbolized.pb.gz
golden unsymbolized.top.addresses.txt -top -addresses unsymbolized.pb.gz
golden unsymbolized.top.files.txt -top -files unsymbolized.pb.gz
golden zeros.top.txt -top zeros.pb.gz
golden zeros.traces.txt -traces zeros.pb.gz
golden zeros.top.requests.txt -top -sample_index=requests zeros.pb.gz
golden zeros.top.bytes_out.txt -top -sample_index=2 zeros.pb.gz
golden zeros.top.lines.txt -top -lines zeros.pb.gz
golden oddstrings.top.txt -top oddstrings.pb
golden oddstrings.traces.txt -traces oddstrings.pb
golden oddstrings.top.lines.txt -top -lines oddstrings.pb
golden minvalue.top.txt -top minvalue.pb.gz
golden minvalue.traces.txt -traces minvalue.pb.gz
golden minvalue.top.cum.txt -top -cum minvalue.pb.gz
golden minvalue.top.files.txt -top -files minvalue.pb.gz
golden minvalue.diff.txt -top -diff_base=minvalue.pb.gz minvalue.pb.gz

check_no_machine_paths "$OUT_DIR"
log "done: testdata/conformance/profiles"
