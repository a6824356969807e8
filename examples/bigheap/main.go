// Command bigheap writes a heap profile with a very large number of distinct
// call stacks, for benchmarking profile parsers. It is not a server.
//
// With runtime.MemProfileRate = 1 every allocation is sampled. build walks a
// 4-way recursion of depth -depth (default 9): at each level one of four
// distinct functions (a, b, c, d) is chosen by two bits of a counter, so each
// of the 4^depth leaves (262,144 for depth 9) is reached through its own call
// stack, and each leaf allocates and retains a small object. After
// runtime.GC(), the heap profile therefore holds one live sample per leaf.
// The output is deterministic except for addresses and timestamps.
//
// Usage: bigheap -o heap.pb.gz [-depth 9]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"gomem.example/examples/internal/heapfile"
)

// keep retains every leaf allocation; it is sized up front so that growing
// it does not add extra stacks of its own.
var keep [][]byte

type node func(level int, path uint64)

var funcs [4]node

func init() {
	funcs = [4]node{a, b, c, d}
}

// leaf allocates the small object that stays live. a, b, c and d each call
// the next function through funcs[path&3] (the two lowest bits of path), so
// the sequence of functions on a leaf's stack spells out its whole path.
//
//go:noinline
func leaf(tag byte) {
	buf := make([]byte, 16)
	buf[0] = tag
	keep = append(keep, buf)
}

//go:noinline
func a(level int, path uint64) {
	if level == 0 {
		leaf('a')
		return
	}
	funcs[path&3](level-1, path>>2)
}

//go:noinline
func b(level int, path uint64) {
	if level == 0 {
		leaf('b')
		return
	}
	funcs[path&3](level-1, path>>2)
}

//go:noinline
func c(level int, path uint64) {
	if level == 0 {
		leaf('c')
		return
	}
	funcs[path&3](level-1, path>>2)
}

//go:noinline
func d(level int, path uint64) {
	if level == 0 {
		leaf('d')
		return
	}
	funcs[path&3](level-1, path>>2)
}

func main() {
	out := flag.String("o", "", "output file for the heap profile (required)")
	depth := flag.Int("depth", 9, "number of functions on each recursive path (4^depth stacks)")
	flag.Parse()
	if *out == "" || *depth < 1 || *depth > 12 {
		fmt.Fprintln(os.Stderr, "usage: bigheap -o FILE [-depth 1..12]")
		os.Exit(2)
	}
	// Sample every allocation, so every leaf shows up.
	runtime.MemProfileRate = 1

	leaves := uint64(1) << (2 * uint(*depth))
	keep = make([][]byte, 0, leaves)
	for path := uint64(0); path < leaves; path++ {
		funcs[path&3](*depth-1, path>>2)
	}

	heapfile.Write(*out)
	fmt.Printf("bigheap: %d leaves (distinct stacks), %d retained objects, wrote %s\n", leaves, len(keep), *out)
	runtime.KeepAlive(keep)
}
