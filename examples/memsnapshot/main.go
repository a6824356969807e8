// Command memsnapshot builds a known memory pattern and then writes, from ONE
// reading of runtime.MemStats, both what /debug/vars would have served and
// what a client_golang /metrics endpoint would have served, so that a test
// can check that the memory breakdown derived from either is identical.
//
// The pattern (defaults): a live heap of 20 MiB (5120 x 4 KiB buffers kept by
// main.retainLive), 48 MiB of garbage in 64 KiB chunks (main.makeGarbage),
// most of which is returned to the OS (debug.FreeOSMemory) before 8 MiB more
// garbage reuses part of it, so HeapIdle, HeapReleased and HeapIdle -
// HeapReleased are all well above zero; and 300 goroutines parked on a
// channel (main.parkedWorker), each having grown its stack to 16 KiB.
//
// Then, in this order, into -o DIR (default "."):
//
//	vars.json               exactly the /debug/vars body (expvar's handler
//	                        format: "{\n", `"key": value` joined by ",\n" in
//	                        key order, "\n}\n"), with "memstats" marshalled
//	                        from the snapshot's MemStats by encoding/json as
//	                        expvar does, and every other published expvar
//	metrics.txt             Prometheus text format 0.0.4, every family of
//	                        client_golang's Go + process collectors (see
//	                        internal/promtext); go_memstats_* from the same
//	                        MemStats, runtime/metrics read in the same
//	                        consistent snapshot
//	metrics.openmetrics.txt the same families and values, OpenMetrics format
//	status.txt              /proc/self/status, read right after
//	smaps_rollup.txt        /proc/self/smaps_rollup, right after (a path in
//	                        its header line, if any, is replaced)
//	heap.pb.gz              pprof heap profile (no extra GC: it reflects the
//	                        GC that ended the pattern)
//
// "ONE reading": promtext.Take reads MemStats, then runtime/metrics, then
// MemStats again, and retries until both MemStats readings are equal, so the
// first reading, the runtime/metrics values and the second reading describe
// the same moment; everything above uses that one MemStats value.
//
// Run it with the output directory as the working directory and "-o ." so
// that no machine path ends up in the cmdline recorded in vars.json.
//
// Usage: memsnapshot [-o DIR] [-live-mib 20] [-garbage-mib 48] [-goroutines 300]
package main

import (
	"bytes"
	"encoding/json"
	"expvar"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"gomem.example/examples/internal/localserve"
	"gomem.example/examples/internal/promtext"
)

func init() {
	// Same sampling rate as the example servers, applied at once on every P.
	runtime.MemProfileRate = 4096
	localserve.ApplyMemProfileRate()
}

var (
	live     [][]byte // the live heap: kept until the end of main
	parked   = make(chan struct{})
	ready    = make(chan struct{})
	sink     []byte
	liveVar  = expvar.NewInt("live_bytes")
	goVar    = expvar.NewInt("parked_goroutines")
	garbVar  = expvar.NewInt("garbage_bytes")
	patterns = expvar.NewString("pattern")
)

// retainLive allocates n buffers of size bytes and keeps them.
func retainLive(n, size int) {
	for i := 0; i < n; i++ {
		b := make([]byte, size)
		for j := 0; j < len(b); j += 512 {
			b[j] = byte(i + j)
		}
		live = append(live, b)
	}
	liveVar.Add(int64(n * size))
}

// makeGarbage allocates total bytes in chunk-sized pieces and keeps none.
func makeGarbage(total, chunk int) {
	for done := 0; done < total; done += chunk {
		b := make([]byte, chunk)
		b[0], b[len(b)-1] = 1, 1
		sink = b
	}
	sink = nil
	garbVar.Add(int64(total))
}

// growStack recurses with a 1 KiB frame to grow the goroutine's stack.
func growStack(depth int) byte {
	var pad [1024]byte
	pad[depth%1024] = byte(depth)
	if depth == 0 {
		return pad[0]
	}
	return growStack(depth-1) + pad[depth%1024]
}

// parkedWorker grows its stack, reports in and blocks forever.
func parkedWorker(id int) {
	growStack(12)
	ready <- struct{}{}
	<-parked
	fmt.Println("never reached", id)
}

func main() {
	fs := flag.NewFlagSet("memsnapshot", flag.ExitOnError)
	out := fs.String("o", ".", "output directory (use . and run from inside it)")
	liveMiB := fs.Int("live-mib", 20, "live heap to keep, MiB (4 KiB buffers)")
	garbageMiB := fs.Int("garbage-mib", 48, "garbage to allocate and drop, MiB (64 KiB chunks)")
	goroutines := fs.Int("goroutines", 300, "goroutines to park")
	fs.Parse(os.Args[1:])
	if *liveMiB < 0 || *liveMiB > 1024 || *garbageMiB < 0 || *garbageMiB > 4096 || *goroutines < 0 || *goroutines > 100000 {
		fmt.Fprintln(os.Stderr, "memsnapshot: flag out of range")
		os.Exit(2)
	}
	patterns.Set(fmt.Sprintf("live %d MiB in 4 KiB buffers, %d+8 MiB garbage in 64 KiB chunks, %d parked goroutines",
		*liveMiB, *garbageMiB, *goroutines))

	// The pattern.
	retainLive(*liveMiB*256, 4<<10)
	makeGarbage(*garbageMiB<<20, 64<<10)
	runtime.GC()
	debug.FreeOSMemory() // returns the free garbage pages: HeapReleased
	makeGarbage(8<<20, 64<<10)
	for i := 0; i < *goroutines; i++ {
		go parkedWorker(i)
		<-ready
	}
	goVar.Set(int64(*goroutines))
	runtime.GC() // frees the second garbage batch: free, not yet released

	// The one reading.
	snap := promtext.Take()
	if !snap.Consistent {
		fmt.Fprintln(os.Stderr, "memsnapshot: warning: MemStats changed during every attempt; runtime/metrics values may differ slightly")
	}

	vars := expvarJSON(&snap.MemStats)
	fams := promtext.Gather(snap)
	var text, om bytes.Buffer
	check(promtext.WriteText(&text, fams))
	check(promtext.WriteOpenMetrics(&om, fams))
	write(*out, "vars.json", vars)
	write(*out, "metrics.txt", text.Bytes())
	write(*out, "metrics.openmetrics.txt", om.Bytes())

	status, err := os.ReadFile("/proc/self/status")
	check(err)
	write(*out, "status.txt", status)
	smaps, err := os.ReadFile("/proc/self/smaps_rollup")
	check(err)
	write(*out, "smaps_rollup.txt", scrubSmapsHeader(smaps))

	var heap bytes.Buffer
	check(pprof.Lookup("heap").WriteTo(&heap, 0))
	write(*out, "heap.pb.gz", heap.Bytes())

	runtime.KeepAlive(live)
	fmt.Printf("memsnapshot: consistent=%v HeapAlloc=%d HeapIdle=%d HeapReleased=%d StackInuse=%d Sys=%d goroutines=%d\n",
		snap.Consistent, snap.MemStats.HeapAlloc, snap.MemStats.HeapIdle, snap.MemStats.HeapReleased,
		snap.MemStats.StackInuse, snap.MemStats.Sys, snap.Goroutines)
}

// expvarJSON renders what expvar's /debug/vars handler writes, with the
// "memstats" variable marshalled from ms instead of a fresh ReadMemStats.
func expvarJSON(ms *runtime.MemStats) []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	first := true
	expvar.Do(func(kv expvar.KeyValue) {
		if !first {
			b.WriteString(",\n")
		}
		first = false
		fmt.Fprintf(&b, "%q: ", kv.Key)
		if kv.Key == "memstats" {
			j, err := json.Marshal(*ms) // expvar's memstats Func returns the struct value
			check(err)
			b.Write(j)
		} else {
			b.WriteString(kv.Value.String())
		}
	})
	b.WriteString("\n}\n")
	return b.Bytes()
}

// scrubSmapsHeader replaces a path in the first line of smaps_rollup (the
// kernel prints the rollup's address range and "[rollup]"; older kernels
// may name a mapping) by "[scrubbed]".
func scrubSmapsHeader(data []byte) []byte {
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return data
	}
	first := string(data[:nl])
	if i := strings.Index(first, " /"); i >= 0 {
		first = strings.TrimRight(first[:i], " ") + " [scrubbed]"
	}
	return append([]byte(first), data[nl:]...)
}

func write(dir, name string, data []byte) {
	check(os.WriteFile(filepath.Join(dir, name), data, 0o644))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "memsnapshot:", err)
		os.Exit(1)
	}
}
