# pprof-goldens.sh - sourced by the capture scripts that record the real go tool pprof's outputs as golden files
# (capture-pprof-fidelity.sh, capture-conformance.sh), so both write golden/COMMANDS.txt the same way.
# The sourcing script defines die and PPROF_TIMEOUT, and works in the folder the goldens belong to.

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
