// gcworkload is a batch job with a known allocation pattern, run under GODEBUG=gctrace=1 to make real GC traces:
// the fixtures of `gomem gc stats` and the runs that validate `gomem gc whatif`.
//
// It allocates exactly -alloc-mb of memory in total, from 2 worker goroutines. A live set starts at -live-mb and
// grows linearly by -grow-mb over the run (objects replaced at random, so part of every allocation survives),
// mixing pointer-rich nodes (which the GC must scan) with pointer-free buffers; the rest is short-lived garbage.
// The pseudo-random sequence is fixed, so every run does the same work whatever GOGC or GOMEMLIMIT says: only the
// collector's behaviour changes between runs. Progress lines go to stderr, interleaved with the runtime's trace.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"sync"
)

// node is the pointer-rich part of the live set: scanning it costs the GC real work. (No links between nodes:
// a replaced node must become garbage at once, so the live set stays what the flags say.)
type node struct {
	payload []byte
	tag     [4]uint64
}

// globalRoots is a global the GC scans on every cycle (it shows up as "MB globals" in the trace).
var globalRoots [1 << 16]*node

type worker struct {
	slots      []*node
	bufs       [][]byte
	fixed      int // buffers replaced at random; those appended by growth stay as they are
	rng        uint64
	sink       []byte
	burst      [][]byte // the burst's extra live memory, dropped when its window ends
	burstBytes int64
}

func (w *worker) next() uint64 {
	// xorshift64*: deterministic and allocation-free.
	w.rng ^= w.rng >> 12
	w.rng ^= w.rng << 25
	w.rng ^= w.rng >> 27
	return w.rng * 2685821657736338717
}

// step allocates about one unit of work: a replacement in the live set and some garbage.
// It returns the bytes it allocated.
func (w *worker) step(growBy int) int {
	allocated := 0
	r := w.next()
	// Replace one live node (the old one becomes garbage).
	size := 64 + int(r%960)
	n := &node{payload: make([]byte, size)}
	i := int(r>>16) % len(w.slots)
	w.slots[i] = n
	allocated += size + 64
	// Replace one live buffer.
	bsize := 512 + int((r>>32)%3584)
	j := int(r>>40) % w.fixed
	w.bufs[j] = make([]byte, bsize)
	allocated += bsize
	// Short-lived garbage, of mixed sizes.
	gsize := 256 + int((r>>8)%8192)
	w.sink = make([]byte, gsize)
	w.sink[0] = byte(r)
	allocated += gsize
	// Slow growth of the live set.
	if growBy > 0 {
		w.bufs = append(w.bufs, make([]byte, growBy))
		allocated += growBy
	}
	return allocated
}

// burstStep keeps the burst's live memory in step with the worker's progress p (0..1): windows of `hold` start
// every `every` from p = every on; within one, the burst is built up over the first half (4 KiB buffers, at most
// 64 KiB per step) and held, and the window's end drops it all at once. It returns the bytes it allocated.
func (w *worker) burstStep(p, every, hold float64, total int64) int {
	phase := math.Mod(p, every) / hold
	if p < every || phase >= 1 {
		w.burst, w.burstBytes = nil, 0
		return 0
	}
	target := int64(float64(total) * math.Min(1, phase*2))
	allocated := 0
	for k := 0; k < 16 && w.burstBytes < target; k++ {
		w.burst = append(w.burst, make([]byte, 4096))
		w.burstBytes += 4096
		allocated += 4096
	}
	return allocated
}

func main() {
	allocMB := flag.Int("alloc-mb", 3000, "total memory to allocate, in MiB")
	liveMB := flag.Int("live-mb", 32, "live set at the start, in MiB")
	growMB := flag.Int("grow-mb", 32, "live set growth over the whole run, in MiB")
	forceEvery := flag.Int("force-every", 0, "call runtime.GC() every N percent of progress (0: never)")
	burstMB := flag.Int("burst-mb", 0, "bursts: extra live memory, in MiB, built up and then dropped (0: none)")
	burstEvery := flag.Int("burst-every", 10, "a burst starts every N percent of progress")
	work := flag.Int("work", 0, "CPU work per step without allocating (rounds of the generator): a slower allocation rate for the same work")
	burstHold := flag.Int("burst-hold", 4, "a burst lasts N percent of progress: its memory is built up over the first half, dropped at the end")
	flag.Parse()

	const workers = 2
	total := int64(*allocMB) << 20
	perWorker := total / workers
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := int64(0)
	lastReported := int64(0)
	lastForced := int64(0)
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			// Live set: half in scanned nodes (~600 B each with header), half in plain buffers (~2.3 KiB each).
			liveBytes := (*liveMB << 20) / workers
			w := &worker{rng: uint64(k)*0x9E3779B97F4A7C15 + 1}
			w.slots = make([]*node, liveBytes/2/600)
			w.bufs = make([][]byte, liveBytes/2/2300)
			for i := range w.slots {
				w.slots[i] = &node{payload: make([]byte, 64+i%960)}
				if i < len(globalRoots)/workers {
					globalRoots[i*workers+k] = w.slots[i]
				}
			}
			w.fixed = len(w.bufs)
			for i := range w.bufs {
				w.bufs[i] = make([]byte, 512+i%3584)
			}
			// Growth: spread -grow-mb over the run, 1 KiB at a time.
			growTotal := int64(*growMB<<20) / workers
			// Bursts: -burst-mb more live memory (4 KiB buffers) over the first half of each window of -burst-hold
			// percent that starts every -burst-every percent; the window's end drops it all at once.
			burstTotal := int64(*burstMB<<20) / workers
			var mine int64
			var grown int64
			for mine < perWorker {
				grow := 0
				if grown < growTotal && grown*perWorker < growTotal*mine {
					grow = 1024
					grown += 1024
				}
				n := int64(w.step(grow))
				for i := 0; i < *work; i++ {
					w.next()
				}
				if burstTotal > 0 {
					n += int64(w.burstStep(float64(mine)/float64(perWorker), float64(*burstEvery)/100, float64(*burstHold)/100, burstTotal))
				}
				mine += n
				if mine&0xFFFFF < n { // about every MiB: report progress
					mu.Lock()
					done += 1 << 20
					pct := done * 100 / total
					if pct >= lastReported+10 {
						lastReported = pct - pct%10
						fmt.Fprintf(os.Stderr, "gcworkload: %d%% done\n", lastReported)
					}
					if *forceEvery > 0 && pct >= lastForced+int64(*forceEvery) {
						lastForced = pct - pct%int64(*forceEvery)
						runtime.GC()
					}
					mu.Unlock()
				}
			}
			runtime.KeepAlive(w)
		}(k)
	}
	wg.Wait()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(os.Stderr, "gcworkload: finished: NumGC=%d TotalAlloc=%d HeapSys=%d PauseTotalNs=%d GCCPUFraction=%.4f\n",
		ms.NumGC, ms.TotalAlloc, ms.HeapSys, ms.PauseTotalNs, ms.GCCPUFraction)
}
