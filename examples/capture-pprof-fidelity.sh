#!/usr/bin/env bash
# capture-pprof-fidelity.sh - profiles on which pprof's report rules show (issue 17, "Profiles"), with golden
# outputs of the real `go tool pprof`, into three folders of testdata/:
#
#   inlinemix/    heap.pb.gz of examples/inlinemix: functions inlined on one call path and called on another, one
#                 path heavy, one light; pprof drops call edges under -edgefraction before it marks a function
#                 "(inline)" or "(partial-inline)".
#   generics/     heap.pb.gz of examples/generics as Go writes it (generic functions named main.Alloc[...]), and
#                 heap.elfsyms.pb.gz, the same profile with each frame named from the binary's ELF symbol table,
#                 as symbol-table profilers name them (main.Alloc[go.shape.interface { Reset(); Size() int }_0]);
#                 pprof simplifies such names as if they were demangled C++ (parenthesised parts removed).
#   handcrafted/  profiles no Go program can write, made with pprof's own profile package (the copy Go vendors
#                 under $GOROOT/src/cmd/vendor, built in a scratch module by examples/pprofwriter): duplicate
#                 comments (comments.pb.gz, comments.base.pb.gz), a sample type named "" (emptytype.pb.gz), and
#                 function, file and label names that are not UTF-8 (badutf8.pb.gz).
#
# Each folder gets golden/COMMANDS.txt (output file<TAB>command, run from the folder with TZ=UTC; stdout only),
# read by tests/GoMem.Tests/Profiles/GoToolPprofGoldenTests.cs, and CAPTURE.txt saying what is there.
# Usage: examples/capture-pprof-fidelity.sh        (rerunnable: the three folders are deleted and written anew)
# Needs: go (apt-get install -y golang-go), coreutils `timeout`. Binaries go to /opt/gomem-examples/, as in
# capture.sh, so the mapping file names inside the profiles are /opt/gomem-examples/<program>.
set -euo pipefail

die() { echo "capture-pprof-fidelity.sh: $*" >&2; exit 1; }
log() { echo "capture-pprof-fidelity.sh: $*" >&2; }
command -v go >/dev/null 2>&1 || die "'go' not found; install it with: apt-get install -y golang-go"
command -v timeout >/dev/null 2>&1 || die "'timeout' (coreutils) not found"

EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
TESTDATA_DIR="$REPO_DIR/testdata"
BIN_DIR=/opt/gomem-examples
PPROF_TIMEOUT=120
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 TZ=UTC
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mkdir -p "$BIN_DIR"
for p in inlinemix generics; do
    log "building $BIN_DIR/$p"
    (cd "$EXAMPLES_DIR" && timeout 600 go build -trimpath -o "$BIN_DIR/$p" "./$p")
done

source "$(dirname "${BASH_SOURCE[0]}")/machine-paths.sh"
source "$(dirname "${BASH_SOURCE[0]}")/pprof-goldens.sh"
build_pprofwriter

# new_folder NAME: (re)creates testdata/NAME with golden/COMMANDS.txt's header, and changes into it.
new_folder() {
    rm -rf "${TESTDATA_DIR:?}/$1"
    mkdir -p "$TESTDATA_DIR/$1/golden"
    cd "$TESTDATA_DIR/$1"
    golden_commands "testdata/$1"
}

# inlinemix: the heavy paths carry 20,000 buffers each, the light ones 10 (0.025% of the total, under the
# default -edgefraction of 0.1%).
new_folder inlinemix
env -u GOGC -u GODEBUG -u GOMEMLIMIT timeout 120 "$BIN_DIR/inlinemix" -o heap.pb.gz >&2
golden heap.top.txt -top heap.pb.gz
golden heap.top.edgefraction0.txt -top -edgefraction=0 heap.pb.gz
golden heap.top.nodefraction0.txt -top -nodefraction=0 heap.pb.gz
golden heap.top.nodefraction0.edgefraction0.txt -top -nodefraction=0 -edgefraction=0 heap.pb.gz
golden heap.top.nodecount4.cum.txt -top -nodecount=4 -cum heap.pb.gz
golden heap.top.lines.txt -top -lines heap.pb.gz
golden heap.top.edgefraction0.2.txt -top --edgefraction=0.2 heap.pb.gz
cat >CAPTURE.txt <<'CAPTURE_EOF'
# testdata/inlinemix: written by examples/capture-pprof-fidelity.sh.
#   heap.pb.gz   /opt/gomem-examples/inlinemix -o heap.pb.gz (examples/inlinemix): record and fill are each
#                inlined at one call site and called through a function variable at another; one site of each
#                is heavy (20,000 retained 64-byte buffers), the other light (10), under pprof's default
#                -edgefraction of 0.001 of the total.
#   golden/      go tool pprof's output for each line of golden/COMMANDS.txt.
CAPTURE_EOF
check_no_machine_paths "$TESTDATA_DIR/inlinemix"

new_folder generics
env -u GOGC -u GODEBUG -u GOMEMLIMIT timeout 120 "$BIN_DIR/generics" -o heap.pb.gz >&2
"$BIN_DIR/pprofwriter" elfnames "$BIN_DIR/generics" heap.pb.gz heap.elfsyms.pb.gz
golden heap.top.txt -top heap.pb.gz
golden heap.traces.txt -traces heap.pb.gz
golden heap.elfsyms.top.txt -top heap.elfsyms.pb.gz
golden heap.elfsyms.traces.txt -traces heap.elfsyms.pb.gz
golden heap.elfsyms.top.lines.txt -top -lines heap.elfsyms.pb.gz
golden heap.elfsyms.top.focus.txt -top '-focus=Reset;' heap.elfsyms.pb.gz
golden heap.elfsyms.top.hide.txt -top -hide=Size.int heap.elfsyms.pb.gz
cat >CAPTURE.txt <<'CAPTURE_EOF'
# testdata/generics: written by examples/capture-pprof-fidelity.sh.
#   heap.pb.gz          /opt/gomem-examples/generics -o heap.pb.gz (examples/generics): allocations in generic
#                       functions and methods instantiated with interface, func and channel types. Go names
#                       them main.Alloc[...] in the profile.
#   heap.elfsyms.pb.gz  heap.pb.gz with each frame that is not inlined named by the symbol of the binary's ELF
#                       symbol table holding its address (pprofwriter elfnames; name and system name alike), as
#                       profilers that symbolize from the symbol table name them:
#                       main.Alloc[go.shape.interface { Reset(); Size() int }_0]. pprof shows that name as
#                       main.Alloc[go.shape.interface { Reset; Size int }_0] (it takes it for demangled C++).
#   golden/             go tool pprof's output for each line of golden/COMMANDS.txt.
CAPTURE_EOF
check_no_machine_paths "$TESTDATA_DIR/generics"

new_folder handcrafted
"$BIN_DIR/pprofwriter" craft .
golden comments.top.txt -top comments.pb.gz
golden comments.traces.txt -traces comments.pb.gz
golden comments.diff.txt -top -diff_base=comments.base.pb.gz comments.pb.gz
golden emptytype.top.txt -top emptytype.pb.gz
golden emptytype.traces.txt -traces emptytype.pb.gz
golden badutf8.top.txt -top badutf8.pb.gz
golden badutf8.traces.txt -traces badutf8.pb.gz
golden badutf8.top.lines.txt -top -lines badutf8.pb.gz
golden badutf8.top.files.txt -top -files badutf8.pb.gz
cat >CAPTURE.txt <<'CAPTURE_EOF'
# testdata/handcrafted: written by examples/capture-pprof-fidelity.sh with `pprofwriter craft .`
# (examples/pprofwriter, built against the github.com/google/pprof/profile package Go vendors): profiles no Go
# program writes, each the smallest that shows one class of input.
#   comments.pb.gz       a CPU profile whose comments repeat ("build: v1.4.2" twice, "host: web-1" twice, the
#                        hidden "#pgo" twice): pprof prints each comment once.
#   comments.base.pb.gz  an earlier profile of the same program with comments of its own, for -diff_base: pprof
#                        merges both profiles' comments, sums their durations and keeps the earlier time.
#   emptytype.pb.gz      one sample type named "" (unit count): pprof prints no Type: line.
#   badutf8.pb.gz        function, file and label names that are not UTF-8 (Latin-1 bytes, a lone continuation
#                        byte, a cut sequence, an encoded surrogate, 0xff 0xfe) beside UTF-8 ones: pprof prints
#                        the bytes as they are, and orders equal rows by the names' bytes.
#   golden/              go tool pprof's output for each line of golden/COMMANDS.txt.
CAPTURE_EOF
check_no_machine_paths "$TESTDATA_DIR/handcrafted"
log "done: testdata/inlinemix, testdata/generics, testdata/handcrafted"
