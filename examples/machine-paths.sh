# machine-paths.sh - sourced by the capture scripts (capture.sh, capture-pprof-fidelity.sh).
# check_no_machine_paths DIR: fails if a file (gzip files decompressed) holds a path of this checkout, of a home
# or of a temp directory, so no capture commits a path of the machine it was made on.
# Expects: REPO_DIR (the repository), log and die (print; print and exit).
check_no_machine_paths() {
    local dir=$1 f bad=0 pat
    pat="$REPO_DIR|/(work|root|tmp|home)/"
    if [[ -n "${HOME:-}" && "$HOME" != / ]]; then pat="$pat|$HOME"; fi
    while IFS= read -r -d '' f; do
        if [[ "$f" == *.gz ]]; then
            if gzip -dc "$f" | LC_ALL=C grep -aEq "$pat"; then log "machine path in $f"; bad=1; fi
        elif LC_ALL=C grep -aEq "$pat" "$f"; then
            log "machine path in $f"; bad=1
        fi
    done < <(find "$dir" -type f -print0)
    [[ $bad == 0 ]] || die "machine paths found under $dir (see above)"
}
