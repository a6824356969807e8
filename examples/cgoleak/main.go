// Command cgoleak is an HTTP service whose memory grows outside the Go heap.
//
// Every request to /work?id=N calls main.retainNative(N), which allocates
// 512 KiB with C.malloc, writes every byte (memset) so that every page is
// resident, and keeps the pointer forever; it also records a small Go struct
// with a 1 KiB buffer. 200 requests therefore hold 100 MiB of resident memory
// that no Go statistic accounts for: runtime.MemStats (HeapAlloc, Sys, ...),
// /metrics' go_memstats_* and go_memory_classes_* and the Go heap profile
// only see the ~200 KiB of small Go records, while VmRSS / RssAnon in
// /proc/PID/status, smaps_rollup, process_resident_memory_bytes and the
// cgroup's memory usage include the 100 MiB. (Explaining that gap is what
// `gomem explain` is for.) glibc serves 512 KiB requests with mmap, so the
// blocks show up as anonymous mappings, not as brk heap.
//
// Build with CGO_ENABLED=1 (capture.sh does so for every program that
// imports "C").
//
// Usage: cgoleak -addr 127.0.0.1:PORT
package main

/*
#include <stdlib.h>
#include <string.h>

// gomem_retain allocates n bytes and touches every one of them, so the whole
// block is resident. Returns NULL if malloc fails.
static void *gomem_retain(size_t n, int fill) {
	void *p = malloc(n);
	if (p != NULL) {
		memset(p, fill, n);
	}
	return p;
}
*/
import "C"

import (
	"expvar" // also serves /debug/vars (memstats, cmdline, our counters)
	"fmt"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/*
	"runtime"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"gomem.example/examples/internal/localserve"
)

func init() {
	// Same fine sampling rate as the other example servers.
	runtime.MemProfileRate = 4096
	localserve.ApplyMemProfileRate()
}

const nativeBlock = 512 << 10 // C.malloc per request

// record is the small Go-side bookkeeping kept per native block.
type record struct {
	ID      int
	Created time.Time
	Native  unsafe.Pointer // the C block; never freed
	Note    []byte         // 1 KiB of Go heap
}

var (
	mu          sync.Mutex
	records     []*record // never pruned: the Go side of the leak (small)
	nativeBytes = expvar.NewInt("native_bytes")
	nativeCount = expvar.NewInt("native_blocks")
)

// retainNative allocates and touches one native block and keeps it.
func retainNative(id int) (*record, error) {
	p := C.gomem_retain(C.size_t(nativeBlock), C.int(id&0x7f|1))
	if p == nil {
		return nil, fmt.Errorf("C.malloc(%d) failed", nativeBlock)
	}
	r := &record{ID: id, Created: time.Now(), Native: p, Note: make([]byte, 1024)}
	for i := range r.Note {
		r.Note[i] = byte(id + i)
	}
	mu.Lock()
	records = append(records, r)
	nativeBytes.Add(nativeBlock)
	nativeCount.Add(1)
	mu.Unlock()
	return r, nil
}

func work(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	rec, err := retainNative(id)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "record %d: %d native bytes retained\n", rec.ID, nativeBlock)
}

func main() {
	http.HandleFunc("/work", work)
	localserve.Run("cgoleak")
}
