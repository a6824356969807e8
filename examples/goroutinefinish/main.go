// Command goroutinefinish is the healthy twin of goroutineleak.
//
// Every request to /work?id=N starts waitForReply in a new goroutine, exactly
// as goroutineleak does, but here a reply is sent on the channel a few
// milliseconds later, so every goroutine ends soon after its request: the
// goroutine count returns to the same small number between bursts of load,
// and goroutine profiles taken after more requests show no growing group.
//
// Usage: goroutinefinish -addr 127.0.0.1:PORT
package main

import (
	"expvar" // also serves /debug/vars (memstats, cmdline, our counters)
	"fmt"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/*
	"runtime"
	"strconv"
	"time"

	"gomem.example/examples/internal/localserve"
)

func init() {
	runtime.MemProfileRate = 4096
	localserve.ApplyMemProfileRate()
}

type pending struct {
	ID    int
	Reply chan string
	Note  []byte
}

var (
	started  = expvar.NewInt("waiters_started")
	finished = expvar.NewInt("waiters_finished")
)

// waitForReply blocks until the reply arrives, which it always does.
func waitForReply(p *pending) {
	<-p.Reply
	finished.Add(1)
}

func work(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	p := &pending{ID: id, Reply: make(chan string, 1), Note: make([]byte, 512)}
	go waitForReply(p)
	time.AfterFunc(5*time.Millisecond, func() { p.Reply <- "done" })
	started.Add(1)
	fmt.Fprintf(w, "request %d: the reply follows in 5 ms\n", id)
}

func main() {
	http.HandleFunc("/work", work)
	localserve.Run("goroutinefinish")
}
