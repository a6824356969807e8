// Command goroutinedump starts a known number of goroutines parked in known
// states, then writes their goroutine profile or dies from SIGQUIT, so that
// goroutine dump parsers can be tested and benchmarked on what the runtime
// really writes.
//
// Of -n goroutines: 40% block in a channel receive (parkOnChannel), 20% in a
// select (parkInSelect), 20% on a sync.WaitGroup (parkOnWaitGroup, state
// "semacquire"), 10% in time.Sleep (parkInSleep), 10% in a channel send
// (parkOnSend). Each is started by spawn, from main.
//
// Usage:
//
//	goroutinedump -n 100000 -debug 2 -o dump.txt   # /debug/pprof/goroutine?debug=2 format
//	goroutinedump -n 100000 -depth 20 -debug 2 -o big.txt # deeper stacks, a bigger dump
//	goroutinedump -n 100000 -o dump.txt -also-proto dump.pb.gz # debug=2 and proto of the same goroutines
//	goroutinedump -n 1000 -debug 1 -o dump.txt     # ?debug=1 (grouped counts)
//	goroutinedump -n 1000 -debug 0 -o dump.pb.gz   # protobuf
//	goroutinedump -n 50 -sigquit 2>crash.log       # a SIGQUIT crash log on stderr
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"syscall"
	"time"
)

var (
	never     = make(chan int) // nobody sends on it
	neverRead = make(chan int) // nobody receives from it
	neverWG   sync.WaitGroup
)

func parkOnChannel(id int) { <-never; fmt.Println(id) }

func parkInSelect(id int, done chan struct{}) {
	select {
	case <-never:
	case <-done:
	}
	fmt.Println(id)
}

func parkOnWaitGroup() { neverWG.Wait() }

func parkInSleep() { time.Sleep(24 * time.Hour) }

func parkOnSend(id int) { neverRead <- id }

// descend adds depth frames to the stack before park runs.
//
//go:noinline
func descend(depth int, park func()) {
	if depth > 0 {
		descend(depth-1, park)
		return
	}
	park()
}

func spawn(n, depth int, ready *sync.WaitGroup) {
	done := make(chan struct{})
	neverWG.Add(1)
	for i := 0; i < n; i++ {
		ready.Add(1)
		k := i
		switch i % 10 {
		case 0, 1, 2, 3:
			go func() { ready.Done(); descend(depth, func() { parkOnChannel(k) }) }()
		case 4, 5:
			go func() { ready.Done(); descend(depth, func() { parkInSelect(k, done) }) }()
		case 6, 7:
			go func() { ready.Done(); descend(depth, parkOnWaitGroup) }()
		case 8:
			go func() { ready.Done(); descend(depth, parkInSleep) }()
		default:
			go func() { ready.Done(); descend(depth, func() { parkOnSend(k) }) }()
		}
	}
}

// spawnLabelled starts the same goroutines as spawn, one batch per kind, each
// batch under pprof.Do labels that the goroutines inherit.
func spawnLabelled(n, depth int, ready *sync.WaitGroup) {
	done := make(chan struct{})
	neverWG.Add(1)
	kinds := []struct {
		name  string
		share int
		park  func(k int)
	}{
		{"channel", 4, func(k int) { parkOnChannel(k) }},
		{"select", 2, func(k int) { parkInSelect(k, done) }},
		{"waitgroup", 2, func(int) { parkOnWaitGroup() }},
		{"sleep", 1, func(int) { parkInSleep() }},
		{"send", 1, func(k int) { parkOnSend(k) }},
	}
	for _, kind := range kinds {
		kind := kind
		pprof.Do(context.Background(), pprof.Labels("kind", kind.name), func(context.Context) {
			for i := 0; i < n*kind.share/10; i++ {
				ready.Add(1)
				k := i
				go func() { ready.Done(); descend(depth, func() { kind.park(k) }) }()
			}
		})
	}
}

func main() {
	n := flag.Int("n", 1000, "number of parked goroutines (1..2000000)")
	debug := flag.Int("debug", 2, "profile format: 0 protobuf, 1 grouped text, 2 every goroutine")
	out := flag.String("o", "", "output file (required unless -sigquit)")
	depth := flag.Int("depth", 0, "extra stack frames under each parked goroutine's parking call (0..200), for bigger dumps")
	labels := flag.Bool("labels", false, "start each goroutine under pprof.Do labels (kind=channel|select|waitgroup|sleep|send), as services label request goroutines")
	alsoProto := flag.String("also-proto", "", "also write the protobuf goroutine profile of the same goroutines to this file")
	sigquit := flag.Bool("sigquit", false, "log a few lines, then die from SIGQUIT: the runtime writes every goroutine to stderr")
	flag.Parse()
	if *n < 1 || *n > 2000000 || *debug < 0 || *debug > 2 || *depth < 0 || *depth > 200 || (*out == "" && !*sigquit) {
		flag.Usage()
		os.Exit(2)
	}
	var ready sync.WaitGroup
	if *labels {
		spawnLabelled(*n, *depth, &ready)
	} else {
		spawn(*n, *depth, &ready)
	}
	ready.Wait()
	time.Sleep(200 * time.Millisecond) // let every goroutine reach its parking call
	runtime.GC()
	if *sigquit {
		log.SetFlags(0)
		log.Printf("goroutinedump: %d goroutines parked; sending SIGQUIT to myself", *n)
		if err := syscall.Kill(os.Getpid(), syscall.SIGQUIT); err != nil {
			log.Fatal(err)
		}
		time.Sleep(time.Minute)
		os.Exit(1)
	}
	if *alsoProto != "" {
		p, err := os.Create(*alsoProto)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup("goroutine").WriteTo(p, 0); err != nil {
			log.Fatal(err)
		}
		if err := p.Close(); err != nil {
			log.Fatal(err)
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, *debug); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
