// Package localserve holds the few lines every example server shares: it
// parses the -addr flag, refuses anything that is not a loopback address,
// starts the HTTP server (the default mux, so the net/http/pprof and expvar
// handlers registered by blank imports in each main package are served, plus
// a Prometheus /metrics endpoint from internal/promtext), and prints a READY
// line once the socket is listening so that a script can wait for it.
package localserve

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"time"

	"gomem.example/examples/internal/promtext"
)

var addr = flag.String("addr", "", "listen address, must be 127.0.0.1:PORT or localhost:PORT (required)")

// Run parses flags (unless the caller already did), registers /metrics
// (client_golang-style Prometheus/OpenMetrics exposition, see
// internal/promtext) on the default mux, listens on the requested
// 127.0.0.1:PORT and serves the default mux until the process is killed.
// name is printed in the READY line.
func Run(name string) {
	if !flag.Parsed() {
		flag.Parse()
	}
	http.Handle("/metrics", promtext.Handler())
	if err := CheckLoopback(*addr); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: listen: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("READY %s http://%s\n", name, ln.Addr())
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
	}
	log.Fatal(srv.Serve(ln))
}

// CheckLoopback accepts only an explicit 127.0.0.1:PORT or localhost:PORT
// with a non-zero port.
func CheckLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %v (want 127.0.0.1:PORT)", addr, err)
	}
	if host != "127.0.0.1" && host != "localhost" {
		return fmt.Errorf("-addr %q: only 127.0.0.1 or localhost is allowed", addr)
	}
	if port == "" || port == "0" {
		return fmt.Errorf("-addr %q: an explicit non-zero port is required", addr)
	}
	return nil
}

// sink makes the warm-up allocation escape to the heap.
var sink []byte

// ApplyMemProfileRate makes the current runtime.MemProfileRate take effect at
// once on every P. Call it right after changing the rate, early in init().
//
// Why: each P (its mcache) draws the distance to its next sampled allocation
// when it is created, at program start, from the default 512 KiB rate, and
// only draws again after it takes a sample. So after the rate is lowered,
// every P still allocates ~512 KiB before sampling at the new rate; with
// 4 KiB payloads that silently drops a large share of the first few hundred
// requests from the first heap profile.
//
// Fix (Go 1.19 runtime behaviour): GOMAXPROCS(1) destroys every P but one,
// and Ps created again when it is raised draw from the new rate. On the one P
// left, a single allocation made while MemProfileRate == 1 is always sampled
// and leaves a zero countdown, so the next allocation is sampled too and
// draws its successor from the new rate. Cost: two or three tiny samples
// under ApplyMemProfileRate.
func ApplyMemProfileRate() {
	rate := runtime.MemProfileRate
	n := runtime.GOMAXPROCS(1)
	runtime.MemProfileRate = 1
	sink = make([]byte, 64) // sampled: resets this P's countdown
	runtime.MemProfileRate = rate
	sink = make([]byte, 64) // sampled; the next countdown uses the new rate
	sink = nil
	runtime.GOMAXPROCS(n)
}
