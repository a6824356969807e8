// Command goroutinerelay starts goroutines that start goroutines that start
// goroutines, then writes its goroutine dump: run under
// GODEBUG=tracebackancestors=N, the runtime appends to each goroutine's stack
// the stacks of up to N of its ancestors, as they were when each started the
// next ("[originating from goroutine N]:" sections).
//
// main starts one dispatcher (main.dispatch), which starts -teams team leads
// (main.lead) and parks on a channel; each lead starts -workers workers
// (main.work) and returns; the workers park on a channel. So a worker's
// ancestors are its lead (gone by the time of the dump), the dispatcher and
// the main goroutine, and workers of different leads share one stack and one
// creator but not their ancestors.
//
// Usage:
//
//	GODEBUG=tracebackancestors=5 goroutinerelay -o dump.txt          # ?debug=2
//	GODEBUG=tracebackancestors=5 goroutinerelay -sigquit 2>crash.log # a crash log
package main

import (
	"flag"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"
)

var never = make(chan struct{}) // nobody sends on it or closes it

//go:noinline
func work(team, id int, started *sync.WaitGroup) {
	started.Done()
	<-never
	log.Println(team, id)
}

//go:noinline
func lead(team, workers int, started *sync.WaitGroup) {
	for i := 0; i < workers; i++ {
		go work(team, i, started)
	}
}

//go:noinline
func dispatch(teams, workers int, started *sync.WaitGroup) {
	for t := 0; t < teams; t++ {
		go lead(t, workers, started)
	}
	<-never
}

func main() {
	teams := flag.Int("teams", 3, "team leads the dispatcher starts (1..100)")
	workers := flag.Int("workers", 4, "workers each lead starts (1..100)")
	out := flag.String("o", "", "write the ?debug=2 goroutine dump to this file (required unless -sigquit)")
	sigquit := flag.Bool("sigquit", false, "die from SIGQUIT instead: the runtime writes every goroutine to stderr")
	flag.Parse()
	if *teams < 1 || *teams > 100 || *workers < 1 || *workers > 100 || (*out == "" && !*sigquit) {
		flag.Usage()
		os.Exit(2)
	}
	var started sync.WaitGroup
	started.Add(*teams * *workers)
	go dispatch(*teams, *workers, &started)
	started.Wait()
	time.Sleep(100 * time.Millisecond) // the leads return, the workers reach their receive
	runtime.GC()
	if *sigquit {
		if err := syscall.Kill(os.Getpid(), syscall.SIGQUIT); err != nil {
			log.Fatal(err)
		}
		time.Sleep(time.Minute)
		os.Exit(1)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, 2); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
