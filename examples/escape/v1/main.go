// Command escapedemo runs every pattern of package patterns in a loop with
// runtime.MemProfileRate = 1, then writes the allocs profile (protobuf) to -o,
// so `gomem escape hot` can weigh each escape site by what it really allocated.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"escapedemo/patterns"
)

func main() {
	out := flag.String("o", "allocs.pb.gz", "where to write the allocs profile")
	rounds := flag.Int("n", 2000, "iterations of the workload")
	flag.Parse()
	runtime.MemProfileRate = 1

	total := 0
	for i := 0; i < *rounds; i++ {
		total += work(i)
	}
	runtime.GC()

	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("checksum", total)
}

// work calls each pattern once; heavier patterns less often, so the ranking is not flat.
func work(i int) int {
	p := patterns.NewPoint(i, i+1)
	total := p.X + len(patterns.Squares(64+i%64)) + len(patterns.FirstPrimes())
	next := patterns.Counter()
	total += next() + next()
	total += len(patterns.Describe(*p)) + patterns.Inspect(*p)
	if i%50 == 0 {
		total += patterns.Checksum(byte(i))
	}
	total += len(patterns.Words(16))
	if i%100 == 0 {
		patterns.Register(p)
		patterns.RegisterFirst([]*patterns.Point{patterns.Identity(p)})
	}
	patterns.Box(i)
	total += patterns.Sum([]*patterns.Point{p}) + patterns.AreaOf(i%9) + patterns.Fib(i%10) + patterns.Pinned(i)
	total += len(patterns.Classify("GET /items?id=7"))
	if patterns.Guarded(func() { total++ }) {
		total--
	}
	return total + patterns.Scale(*p, 2).X
}
