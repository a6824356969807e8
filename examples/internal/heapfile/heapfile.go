// Package heapfile writes the heap profile of the running program to a file, as
// the offline examples (bigheap, generics, inlinemix) end: after a GC, so the
// profile shows the state the program left behind. It exits the program with a
// message on any error, which is all a capture program needs.
package heapfile

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// Write runs a GC (the heap profile reports the state as of the last GC) and
// writes the heap profile in the protobuf format to path.
func Write(path string) {
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		fail(err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
