// Command inlinemix writes a heap profile in which two small functions are
// inlined at one call site and called (through a function variable, so not
// inlined) at another, one site carrying almost all of the memory and the
// other very little, for the edge fixtures of
// examples/capture-pprof-fidelity.sh. It is not a server.
//
// go tool pprof marks a function "(inline)" when every call edge into it is
// an inlined call, "(partial-inline)" when only some are; but it drops edges
// lighter than -edgefraction (default 0.001) of the total first. So:
//
//   - record is called 20,000 times through recordFn (not inlined) and 10
//     times directly (inlined): with the light inlined edge dropped, pprof
//     shows no mark; with -edgefraction=0, "(partial-inline)".
//   - fill is inlined 20,000 times and called 10 times through fillFn: pprof
//     shows "(inline)"; with -edgefraction=0, "(partial-inline)".
//
// With runtime.MemProfileRate = 1 every allocation is sampled; the 64-byte
// buffers are retained, so the heap profile after runtime.GC() holds them.
//
// Usage: inlinemix -o heap.pb.gz
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"gomem.example/examples/internal/heapfile"
)

// keep retains every buffer; it is sized up front so that growing it does not
// add stacks of its own.
var keep [][]byte

//go:noinline
func retain(b []byte) { keep = append(keep, b) }

// record and fill are small enough for the compiler to inline wherever they
// are called directly.
func record(n int) []byte { return make([]byte, n) }

func fill(n int) []byte { return make([]byte, n) }

// Calls through these variables are not inlined.
var (
	recordFn = record
	fillFn   = fill
)

//go:noinline
func heavyCalls(n int) {
	for i := 0; i < n; i++ {
		retain(recordFn(64))
	}
}

//go:noinline
func lightInlined(n int) {
	for i := 0; i < n; i++ {
		retain(record(64))
	}
}

//go:noinline
func heavyInlined(n int) {
	for i := 0; i < n; i++ {
		retain(fill(64))
	}
}

//go:noinline
func lightCalls(n int) {
	for i := 0; i < n; i++ {
		retain(fillFn(64))
	}
}

func main() {
	out := flag.String("o", "", "output file for the heap profile (required)")
	heavy := flag.Int("heavy", 20000, "calls on each heavy path")
	light := flag.Int("light", 10, "calls on each light path")
	flag.Parse()
	if *out == "" || *heavy < 1 || *light < 1 {
		fmt.Fprintln(os.Stderr, "usage: inlinemix -o FILE [-heavy N] [-light N]")
		os.Exit(2)
	}
	// Sample every allocation.
	runtime.MemProfileRate = 1

	keep = make([][]byte, 0, 2*(*heavy+*light))
	heavyCalls(*heavy)
	lightInlined(*light)
	heavyInlined(*heavy)
	lightCalls(*light)

	heapfile.Write(*out)
	fmt.Printf("inlinemix: %d buffers retained, wrote %s\n", len(keep), *out)
	runtime.KeepAlive(keep)
}
