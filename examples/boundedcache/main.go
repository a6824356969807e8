// Command boundedcache is the healthy twin of leakymap.
//
// It takes the same requests (/work?id=N) and recordSession(N) allocates the
// same 4 KiB payload plus small struct, but stores it in a cache with a fixed
// capacity that evicts the oldest entry once full. Evicted sessions become
// garbage, so once the cache has filled up the in-use heap plateaus: heap
// profiles taken after more requests show roughly the same inuse_space for
// main.recordSession, while its alloc_space keeps growing.
//
// Usage: boundedcache -addr 127.0.0.1:PORT [-capacity 200]
package main

import (
	"expvar" // also serves /debug/vars (memstats, cmdline, our counters)
	"flag"
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

// cache is a fixed-capacity map with FIFO eviction: order is a ring buffer
// of keys in insertion order.
type cache struct {
	mu    sync.Mutex
	cap   int
	items map[int]*session
	order []int // ring of keys, oldest at head
	head  int
	n     int
}

func newCache(capacity int) *cache {
	return &cache{cap: capacity, items: make(map[int]*session, capacity), order: make([]int, capacity)}
}

func (c *cache) put(s *session) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.items[s.ID]; ok {
		s.Hits = old.Hits + 1
		c.items[s.ID] = s // replace in place, keeps its queue slot
		return
	}
	if c.n == c.cap { // full: evict the oldest entry
		delete(c.items, c.order[c.head])
		c.head = (c.head + 1) % c.cap
		c.n--
		evictions.Add(1)
	}
	c.order[(c.head+c.n)%c.cap] = s.ID
	c.n++
	c.items[s.ID] = s
	size.Set(int64(c.n))
}

var (
	capacity  = flag.Int("capacity", 200, "maximum number of sessions kept")
	sessions  *cache
	size      = expvar.NewInt("cache_size")
	evictions = expvar.NewInt("cache_evictions")
)

// recordSession allocates a new session exactly like leakymap does, but the
// bounded cache drops the oldest one when full, so memory stays flat.
func recordSession(id int) *session {
	s := &session{ID: id, Created: time.Now(), Payload: make([]byte, payloadSize)}
	for i := range s.Payload {
		s.Payload[i] = byte(id + i)
	}
	sessions.put(s)
	return s
}

func work(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	s := recordSession(id)
	fmt.Fprintf(w, "session %d cached (%d bytes)\n", s.ID, len(s.Payload))
}

func main() {
	flag.Parse() // -capacity must be known before the cache is built
	sessions = newCache(*capacity)
	http.HandleFunc("/work", work)
	localserve.Run("boundedcache")
}
