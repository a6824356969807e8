// Command leakymap is an HTTP service with a classic memory leak.
//
// Every request to /work?id=N calls recordSession(N), which allocates a
// fresh 4 KiB payload plus a small session struct and stores it in a global
// map. Nothing ever deletes from that map, so in-use heap grows linearly with
// the number of distinct ids seen: successive heap profiles show
// main.recordSession's inuse_space climbing snapshot after snapshot.
//
// Usage: leakymap -addr 127.0.0.1:PORT
package main

import (
	"expvar" // also serves /debug/vars (memstats, cmdline, our counters)
	"fmt"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/*
	"runtime"
	"strconv"
	"sync"
	"time"

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

const payloadSize = 4 << 10 // 4 KiB per session

type session struct {
	ID      int
	Created time.Time
	Hits    int
	Payload []byte
}

var (
	mu       sync.Mutex
	sessions = map[int]*session{} // never pruned: this is the leak
	nSess    = expvar.NewInt("sessions")
)

// recordSession allocates a new session with its own payload and keeps it
// forever in the global map.
func recordSession(id int) *session {
	s := &session{ID: id, Created: time.Now(), Payload: make([]byte, payloadSize)}
	for i := range s.Payload {
		s.Payload[i] = byte(id + i)
	}
	mu.Lock()
	if old, ok := sessions[id]; ok {
		s.Hits = old.Hits + 1
	}
	sessions[id] = s
	nSess.Set(int64(len(sessions)))
	mu.Unlock()
	return s
}

func work(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	s := recordSession(id)
	fmt.Fprintf(w, "session %d stored (%d bytes)\n", s.ID, len(s.Payload))
}

func main() {
	http.HandleFunc("/work", work)
	localserve.Run("leakymap")
}
