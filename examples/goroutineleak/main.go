// Command goroutineleak is an HTTP service that leaks one goroutine per
// request.
//
// Every request to /work?id=N creates a channel and starts waitForReply(N,
// ch) in a new goroutine, then returns at once. Nobody ever sends on (or
// closes) that channel, so each of those goroutines stays blocked in a
// channel receive forever, together with its stack and the request it holds.
// The goroutine profile shows main.waitForReply with a count equal to the
// number of requests served; the heap grows slowly (goroutine stacks are not
// heap, but each pending request struct is).
//
// Usage: goroutineleak -addr 127.0.0.1:PORT
package main

import (
	"expvar" // also serves /debug/vars (memstats, cmdline, our counters)
	"fmt"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/*
	"runtime"
	"strconv"

	"gomem.example/examples/internal/localserve"
)

func init() {
	// Small leaks need a finer sampling rate to show clearly in a few
	// snapshots; the default is one sample per 512 KiB allocated.
	runtime.MemProfileRate = 4096
	// Without this the first ~512 KiB allocated on each P would still be
	// sampled at the old rate (see ApplyMemProfileRate).
	localserve.ApplyMemProfileRate()
}

type pending struct {
	ID    int
	Reply chan string
	Note  []byte
}

var started = expvar.NewInt("waiters_started")

// waitForReply blocks forever: the reply channel it receives on is never
// written to by anyone.
func waitForReply(p *pending) {
	msg := <-p.Reply
	fmt.Println("never reached", p.ID, msg)
}

func work(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	p := &pending{ID: id, Reply: make(chan string), Note: make([]byte, 512)}
	go waitForReply(p)
	started.Add(1)
	fmt.Fprintf(w, "request %d: waiting for a reply in the background\n", id)
}

func main() {
	http.HandleFunc("/work", work)
	localserve.Run("goroutineleak")
}
