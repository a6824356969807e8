# pprof-goldens.sh - sourced by the capture scripts that record the real go tool pprof's outputs as golden files
# (capture-pprof-fidelity.sh, capture-conformance.sh), so both write golden/COMMANDS.txt the same way.
# The sourcing script defines die, log, PPROF_TIMEOUT, EXAMPLES_DIR, BIN_DIR and WORK (a scratch folder), and works in
# the folder the goldens belong to.

# build_pprofwriter: builds BIN_DIR/pprofwriter in its own module, with GOROOT's vendored copy of
# github.com/google/pprof/profile beside it (there is no module proxy), without cgo.
build_pprofwriter() {
    local src
    src="$(go env GOROOT)/src/cmd/vendor/github.com/google/pprof/profile"
    [[ -d "$src" ]] || die "no vendored pprof profile package at $src"
    mkdir -p "$WORK/pprof" "$WORK/writer"
    cp -r "$src" "$WORK/pprof/profile"
    printf 'module github.com/google/pprof\n\ngo 1.19\n' >"$WORK/pprof/go.mod"
    cp "$EXAMPLES_DIR"/pprofwriter/*.go "$WORK/writer/"
    printf 'module pprofwriter\n\ngo 1.19\n\nrequire github.com/google/pprof v0.0.0\n\nreplace github.com/google/pprof => ../pprof\n' \
        >"$WORK/writer/go.mod"
    log "building pprofwriter against $src"
    (cd "$WORK/writer" && GOFLAGS=-mod=mod CGO_ENABLED=0 timeout 600 go build -trimpath -o "$BIN_DIR/pprofwriter" ./*.go)
}

# golden_commands FOLDER: starts golden/COMMANDS.txt, saying which folder the commands run from (FOLDER, as the
# tests name it) and which script made them.
golden_commands() {
    mkdir -p golden
    {
        echo "# Golden outputs of the real go tool pprof ($(go version | awk '{print $3}'))."
        echo "# Each line: output file<TAB>command. Run from $1/ with TZ=UTC;"
        echo "# the file holds stdout only (stderr discarded). Made by examples/$(basename "$0")."
    } >golden/COMMANDS.txt
}

# golden NAME ARGS...: runs `go tool pprof ARGS` in the current folder, stdout to golden/NAME, and records the
# command in golden/COMMANDS.txt.
golden() {
    local name=$1; shift
    printf 'golden/%s\tgo tool pprof %s\n' "$name" "$*" >>golden/COMMANDS.txt
    timeout "$PPROF_TIMEOUT" go tool pprof "$@" >"golden/$name" 2>/dev/null || die "go tool pprof $* failed"
    [[ -s "golden/$name" ]] || die "go tool pprof $* printed nothing"
}
