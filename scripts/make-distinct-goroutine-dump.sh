#!/usr/bin/env bash
# make-distinct-goroutine-dump.sh OUT [N] [debug1|debug2] - a goroutine dump in which every goroutine has a stack of
# its own, for measuring `gomem goroutines` (time and peak memory) on N distinct stacks (default 1,000,000):
#   debug1  a ?debug=1 goroutine profile: N records "1 @ PC PC" of two frames each, with the "#" lines Go writes
#           (the leaf a function of its own, the caller one of 1,000) - about 99 MB for a million;
#   debug2  a ?debug=2 dump of N goroutines, each parked in a function of its own called from one of 1,000 callers,
#           with states, wait minutes and a creator as the runtime prints them - about 150 MB for a million.
# Deterministic (no randomness): the same arguments always write the same bytes. Not committed; see
# docs/PERFORMANCE.md for the measurements made with it.
set -euo pipefail
out=${1:?usage: make-distinct-goroutine-dump.sh OUT [N] [debug1|debug2]}
n=${2:-1000000}
kind=${3:-debug1}
case $kind in debug1 | debug2) ;; *) echo "make-distinct-goroutine-dump.sh: kind \"$kind\" is not debug1 or debug2" >&2; exit 2 ;; esac
awk -v n="$n" -v kind="$kind" '
  BEGIN {
    split("chan receive|select|semacquire|IO wait|sleep", states, "|")
    if (kind == "debug1") {
      printf "goroutine profile: total %d\n", n
      for (i = 0; i < n; i++) {
        leaf = 4194304 + i * 64 + 43        # 0x400000 + a slot of 64 bytes per leaf function
        caller = 134217728 + (i % 1000) * 256 + 101
        printf "1 @ 0x%x 0x%x\n", leaf, caller
        printf "#\t0x%x\tmain.f%d+0x2a\tgen/f.go:%d\n", leaf - 1, i, 10 + i
        printf "#\t0x%x\tmain.g%d+0x64\tgen/g.go:%d\n\n", caller - 1, i % 1000, 20 + (i % 1000) * 3
      }
    } else {
      for (i = 0; i < n; i++) {
        state = states[1 + i % 5]
        wait = (i % 7 == 0) ? sprintf(", %d minutes", 1 + i % 90) : ""
        printf "goroutine %d [%s%s]:\n", 100 + i, state, wait
        printf "main.f%d(0xc%09x)\n\tgen/f.go:%d +0x2a\n", i, 4096 + i * 48, 10 + i
        printf "main.g%d()\n\tgen/g.go:%d +0x64\n", i % 1000, 20 + (i % 1000) * 3
        printf "created by main.spawn%d\n\tgen/spawn.go:%d +0x188\n\n", i % 10, 30 + i % 10
      }
    }
  }' > "$out"
