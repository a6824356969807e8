// Command churn is an HTTP service that allocates a lot and keeps nothing.
//
// Every request to /work?id=N calls renderReport(N), which builds several
// large buffers, converts them to strings, concatenates them, base64-encodes
// the result and returns only a short checksum. All of it is garbage as soon
// as the handler returns, so heap profiles show a large and growing
// alloc_space / alloc_objects for main.renderReport while inuse_space stays
// small and flat: high allocation churn (GC pressure), no leak.
//
// Usage: churn -addr 127.0.0.1:PORT
package main

import (
	"encoding/base64"
	_ "expvar" // /debug/vars
	"fmt"
	"hash/crc32"
	"net/http"
	_ "net/http/pprof" // /debug/pprof/*
	"runtime"
	"strconv"
	"strings"

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

const (
	sections    = 4
	sectionSize = 96 << 10 // 96 KiB: above the 64 KiB stack limit, so heap-allocated
)

// renderReport allocates roughly 1.5 MiB per call and retains none of it.
func renderReport(id int) uint32 {
	parts := make([]string, 0, sections)
	for s := 0; s < sections; s++ {
		buf := make([]byte, sectionSize+id%7) // fresh large buffer
		for i := range buf {
			buf[i] = 'a' + byte((i+s+id)%26)
		}
		parts = append(parts, string(buf)) // copy into a new string
	}
	report := ""
	for _, p := range parts {
		report = report + p + "\n" // quadratic-ish concatenation on purpose
	}
	encoded := base64.StdEncoding.EncodeToString([]byte(report))
	upper := strings.ToUpper(encoded[:len(encoded)/4])
	return crc32.ChecksumIEEE([]byte(upper))
}

func work(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "report %d checksum %08x\n", id, renderReport(id))
}

func main() {
	http.HandleFunc("/work", work)
	localserve.Run("churn")
}
