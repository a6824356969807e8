// Command generics writes a heap profile whose allocations happen in generic
// functions and methods instantiated with interface, func and channel types,
// for the name fixtures of examples/capture-pprof-fidelity.sh. It is not a
// server.
//
// Go 1.19 compiles each instantiation for a "shape" of its type arguments:
// Alloc[Sizer] becomes main.Alloc[go.shape.interface { Reset(); Size() int }_0]
// in the binary's symbol table, while the runtime (and so the profile it
// writes) prints every instantiation as main.Alloc[...]. Profilers that name
// frames from the symbol table show the shape names; pprof then simplifies
// them as if they were demangled C++ (parenthesised parts removed).
//
// With runtime.MemProfileRate = 1 every allocation is sampled; after
// runtime.GC() the heap profile holds the retained objects of each path.
//
// Usage: generics -o heap.pb.gz
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"

	"gomem.example/examples/internal/heapfile"
)

// Sizer is the interface type argument: its shape spells out its methods.
type Sizer interface {
	Size() int
	Reset()
}

type blob struct{ n int }

func (b *blob) Size() int { return b.n }
func (b *blob) Reset()    { b.n = 0 }

var keep [][]byte

// Alloc allocates one buffer per item, sized by the item: a generic function
// with an interface shape.
//
//go:noinline
func Alloc[T Sizer](items []T) {
	for _, it := range items {
		keep = append(keep, make([]byte, it.Size()))
	}
}

// Stack's Push is a method with a pointer receiver: its name holds "]).",
// which pprof leaves as it is.
type Stack[T any] struct{ items []T }

//go:noinline
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

// Pair's Grow is a method with a value receiver on a generic type.
type Pair[T Sizer] struct{ a, b T }

//go:noinline
func (p Pair[T]) Grow() []byte { return make([]byte, p.a.Size()+p.b.Size()) }

// Apply takes a function type argument: a shape with a parameter list.
//
//go:noinline
func Apply[F ~func(int) []byte](f F, n int) { keep = append(keep, f(n)) }

// Drain receives from a receive-only channel type argument: a shape with "<-".
//
//go:noinline
func Drain[C ~<-chan int](c C) {
	for n := range c {
		keep = append(keep, make([]byte, n))
	}
}

// Each calls a closure defined inside a generic function.
//
//go:noinline
func Each[T Sizer](items []T) {
	grow := func(it T) { keep = append(keep, make([]byte, 2*it.Size())) }
	for _, it := range items {
		grow(it)
	}
}

func main() {
	out := flag.String("o", "", "output file for the heap profile (required)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: generics -o FILE")
		os.Exit(2)
	}
	runtime.MemProfileRate = 1

	items := []Sizer{&blob{64}, &blob{128}}
	for i := 0; i < 100; i++ {
		Alloc(items)
	}
	var s Stack[Sizer]
	for i := 0; i < 200; i++ {
		s.Push(&blob{i})
	}
	pair := Pair[Sizer]{&blob{512}, &blob{512}}
	for i := 0; i < 20; i++ {
		keep = append(keep, pair.Grow())
	}
	Apply(func(n int) []byte { return make([]byte, n) }, 4096)
	c := make(chan int, 10)
	for i := 0; i < 10; i++ {
		c <- 256
	}
	close(c)
	Drain((<-chan int)(c))
	Each(items)

	heapfile.Write(*out)
	fmt.Printf("generics: %d buffers retained, wrote %s\n", len(keep), *out)
	runtime.KeepAlive(&s)
}
