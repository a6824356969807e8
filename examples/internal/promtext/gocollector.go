package promtext

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"
)

// Snapshot holds one reading of everything the Go collector reports.
//
// MemStats and the runtime/metrics samples are read back to back, and the
// pair is retried (a few times at most) until a second runtime.ReadMemStats
// right after metrics.Read returns exactly the same MemStats: then nothing
// allocated, freed, grew or was scavenged in between, and the
// /memory/classes/... values agree with MemStats to the byte (in Go 1.19
// HeapAlloc == /memory/classes/heap/objects:bytes, HeapInuse - HeapAlloc ==
// /memory/classes/heap/unused:bytes, and so on). Consistent says whether that
// succeeded.
type Snapshot struct {
	MemStats       runtime.MemStats
	RuntimeMetrics []metrics.Sample // in metrics.All() order, supported kinds only
	GCStats        debug.GCStats    // PauseQuantiles has 5 entries: min, 25%, 50%, 75%, max
	Goroutines     int
	Threads        int // runtime.ThreadCreateProfile count, as client_golang's go_threads
	Consistent     bool

	histograms map[string]Metric // converted runtime/metrics histograms, by runtime/metrics name
}

// rmMetric is one runtime/metrics metric we export, with what is fixed for
// the life of the process (names; histogram buckets never change).
type rmMetric struct {
	desc       metrics.Description
	name, unit string    // Prometheus family name, OpenMetrics unit
	buckets    []float64 // histograms: reduced boundaries, -Inf dropped
}

var (
	rmOnce    sync.Once
	rmMetrics []rmMetric
	rmMu      sync.Mutex // serializes Take: rmBuf's histograms are reused by metrics.Read
	rmBuf     []metrics.Sample
)

func initRuntimeMetrics() {
	for _, d := range metrics.All() {
		switch d.Kind {
		case metrics.KindUint64, metrics.KindFloat64, metrics.KindFloat64Histogram:
			name, unit := RuntimeMetricName(&d)
			rmMetrics = append(rmMetrics, rmMetric{desc: d, name: name, unit: unit})
		}
	}
	rmBuf = make([]metrics.Sample, len(rmMetrics))
	for i := range rmMetrics {
		rmBuf[i].Name = rmMetrics[i].desc.Name
	}
	// The first metrics.Read initializes the runtime's metrics state and
	// allocates; later reads of the same samples do not.
	metrics.Read(rmBuf)
	for i := range rmMetrics {
		m := &rmMetrics[i]
		if m.desc.Kind == metrics.KindFloat64Histogram {
			u := m.desc.Name[strings.IndexByte(m.desc.Name, ':')+1:]
			m.buckets = bucketsForUnit(rmBuf[i].Value.Float64Histogram().Buckets, u)
			if math.IsInf(m.buckets[0], -1) {
				m.buckets = m.buckets[1:]
			}
		}
	}
}

// Take reads MemStats, runtime/metrics, GC stats, goroutine and thread counts.
func Take() *Snapshot {
	rmOnce.Do(initRuntimeMetrics)
	rmMu.Lock()
	defer rmMu.Unlock()

	s := &Snapshot{}
	var again runtime.MemStats
	for attempt := 0; attempt < 20; attempt++ {
		runtime.ReadMemStats(&s.MemStats)
		metrics.Read(rmBuf)
		runtime.ReadMemStats(&again)
		if again == s.MemStats {
			s.Consistent = true
			break
		}
	}
	s.Goroutines = runtime.NumGoroutine()
	s.Threads, _ = runtime.ThreadCreateProfile(nil)
	s.GCStats.PauseQuantiles = make([]time.Duration, 5)
	debug.ReadGCStats(&s.GCStats)

	// The histograms in rmBuf are reused by the next metrics.Read: convert
	// them now, while rmMu is held. Scalars are plain values.
	s.RuntimeMetrics = make([]metrics.Sample, len(rmBuf))
	copy(s.RuntimeMetrics, rmBuf)
	s.histograms = make(map[string]Metric)
	for i := range rmMetrics {
		m := &rmMetrics[i]
		if m.desc.Kind != metrics.KindFloat64Histogram {
			continue
		}
		sumName, hasSum := rmExactSum[m.desc.Name]
		var sum float64
		if hasSum {
			if v, ok := s.Rm(sumName); ok {
				sum = scalar(v)
			}
		}
		s.histograms[m.desc.Name] = histogramMetric(rmBuf[i].Value.Float64Histogram(), m.buckets, hasSum, sum)
		s.RuntimeMetrics[i].Value = metrics.Value{} // do not keep the shared buffer
	}
	return s
}

// Rm returns the value of the scalar runtime/metrics metric with the given
// name, if read. (Histograms are only kept converted, in the families.)
func (s *Snapshot) Rm(name string) (metrics.Value, bool) {
	for _, x := range s.RuntimeMetrics {
		if x.Name == name && x.Value.Kind() != metrics.KindBad {
			return x.Value, true
		}
	}
	return metrics.Value{}, false
}

// memStatsFamily describes one go_memstats_* family.
type memStatsFamily struct {
	name, help string
	kind       Kind
	eval       func(*runtime.MemStats) float64
}

// The go_memstats_* families: names and help strings of client_golang's
// MemStats collector (v1.x up to v1.19), plus go_memstats_gc_cpu_fraction
// that client_golang exports only on Go < 1.17 (kept here on purpose, see
// examples/README.md). go_memstats_last_gc_time_seconds is listed too.
var memStatsFamilies = []memStatsFamily{
	{"go_memstats_alloc_bytes", "Number of bytes allocated and still in use.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.Alloc) }},
	{"go_memstats_alloc_bytes_total", "Total number of bytes allocated, even if freed.", Counter, func(m *runtime.MemStats) float64 { return float64(m.TotalAlloc) }},
	{"go_memstats_sys_bytes", "Number of bytes obtained from system.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.Sys) }},
	{"go_memstats_lookups_total", "Total number of pointer lookups.", Counter, func(m *runtime.MemStats) float64 { return float64(m.Lookups) }},
	{"go_memstats_mallocs_total", "Total number of mallocs.", Counter, func(m *runtime.MemStats) float64 { return float64(m.Mallocs) }},
	{"go_memstats_frees_total", "Total number of frees.", Counter, func(m *runtime.MemStats) float64 { return float64(m.Frees) }},
	{"go_memstats_heap_alloc_bytes", "Number of heap bytes allocated and still in use.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.HeapAlloc) }},
	{"go_memstats_heap_sys_bytes", "Number of heap bytes obtained from system.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.HeapSys) }},
	{"go_memstats_heap_idle_bytes", "Number of heap bytes waiting to be used.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.HeapIdle) }},
	{"go_memstats_heap_inuse_bytes", "Number of heap bytes that are in use.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.HeapInuse) }},
	{"go_memstats_heap_released_bytes", "Number of heap bytes released to OS.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.HeapReleased) }},
	{"go_memstats_heap_objects", "Number of allocated objects.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.HeapObjects) }},
	{"go_memstats_stack_inuse_bytes", "Number of bytes in use by the stack allocator.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.StackInuse) }},
	{"go_memstats_stack_sys_bytes", "Number of bytes obtained from system for stack allocator.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.StackSys) }},
	{"go_memstats_mspan_inuse_bytes", "Number of bytes in use by mspan structures.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.MSpanInuse) }},
	{"go_memstats_mspan_sys_bytes", "Number of bytes used for mspan structures obtained from system.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.MSpanSys) }},
	{"go_memstats_mcache_inuse_bytes", "Number of bytes in use by mcache structures.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.MCacheInuse) }},
	{"go_memstats_mcache_sys_bytes", "Number of bytes used for mcache structures obtained from system.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.MCacheSys) }},
	{"go_memstats_buck_hash_sys_bytes", "Number of bytes used by the profiling bucket hash table.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.BuckHashSys) }},
	{"go_memstats_gc_sys_bytes", "Number of bytes used for garbage collection system metadata.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.GCSys) }},
	{"go_memstats_other_sys_bytes", "Number of bytes used for other system allocations.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.OtherSys) }},
	{"go_memstats_next_gc_bytes", "Number of heap bytes when next garbage collection will take place.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.NextGC) }},
	{"go_memstats_last_gc_time_seconds", "Number of seconds since 1970 of last garbage collection.", Gauge, func(m *runtime.MemStats) float64 { return float64(m.LastGC) / 1e9 }},
	{"go_memstats_gc_cpu_fraction", "The fraction of this program's available CPU time used by the GC since the program started.", Gauge, func(m *runtime.MemStats) float64 { return m.GCCPUFraction }},
}

// unitOf returns the OpenMetrics unit implied by a family name's suffix.
func unitOf(name string, kind Kind) string {
	n := name
	if kind == Counter {
		n = strings.TrimSuffix(n, "_total")
	}
	switch {
	case strings.HasSuffix(n, "_bytes"):
		return "bytes"
	case strings.HasSuffix(n, "_seconds"):
		return "seconds"
	}
	return ""
}

// MemStatsFamilies returns the go_memstats_* families computed from ms only.
func MemStatsFamilies(ms *runtime.MemStats) []Family {
	fams := make([]Family, 0, len(memStatsFamilies))
	for _, d := range memStatsFamilies {
		fams = append(fams, Family{
			Name: d.name, Help: d.help, Kind: d.kind, Unit: unitOf(d.name, d.kind),
			Metrics: []Metric{{Value: d.eval(ms)}},
		})
	}
	return fams
}

// GoFamilies returns every family of client_golang's Go collector for this
// snapshot: go_goroutines, go_threads, go_info, go_gc_duration_seconds, the
// go_memstats_* families (from s.MemStats) and one family per supported
// runtime/metrics metric. Not sorted.
func (s *Snapshot) GoFamilies() []Family {
	fams := []Family{
		{Name: "go_goroutines", Help: "Number of goroutines that currently exist.", Kind: Gauge,
			Metrics: []Metric{{Value: float64(s.Goroutines)}}},
		{Name: "go_threads", Help: "Number of OS threads created.", Kind: Gauge,
			Metrics: []Metric{{Value: float64(s.Threads)}}},
		{Name: "go_info", Help: "Information about the Go environment.", Kind: Gauge,
			Metrics: []Metric{{Labels: []Label{{"version", runtime.Version()}}, Value: 1}}},
		s.gcDurationFamily(),
	}
	fams = append(fams, MemStatsFamilies(&s.MemStats)...)
	fams = append(fams, s.runtimeMetricsFamilies()...)
	return fams
}

// gcDurationFamily is client_golang's go_gc_duration_seconds summary: the
// quantiles 0, 0.25, 0.5, 0.75 and 1 of debug.ReadGCStats' PauseQuantiles,
// sum PauseTotal, count NumGC.
func (s *Snapshot) gcDurationFamily() Family {
	q := s.GCStats.PauseQuantiles
	m := Metric{Sum: s.GCStats.PauseTotal.Seconds(), Count: uint64(s.GCStats.NumGC)}
	m.Quantiles = append(m.Quantiles, Quantile{0, q[0].Seconds()})
	for i, pq := range q[1:] {
		m.Quantiles = append(m.Quantiles, Quantile{float64(i+1) / float64(len(q)-1), pq.Seconds()})
	}
	return Family{Name: "go_gc_duration_seconds", Help: "A summary of the pause duration of garbage collection cycles.",
		Kind: Summary, Unit: "seconds", Metrics: []Metric{m}}
}

// rmExactSum: runtime/metrics histograms whose exact sum is another metric.
var rmExactSum = map[string]string{
	"/gc/heap/allocs-by-size:bytes": "/gc/heap/allocs:bytes",
	"/gc/heap/frees-by-size:bytes":  "/gc/heap/frees:bytes",
}

// RuntimeMetricName maps a runtime/metrics name to client_golang's metric
// name (internal.RuntimeMetricsToProm): "go_" + the path with '/' and '-'
// replaced by '_' + "_" + the unit ('-' and '*' to '_', '/' to "_per_"),
// plus "_total" for cumulative non-histogram metrics. Also returns the unit
// part (for OpenMetrics # UNIT).
func RuntimeMetricName(d *metrics.Description) (name, unit string) {
	comp := strings.SplitN(d.Name, ":", 2)
	key, u := comp[0], comp[1]
	i := strings.LastIndex(key, "/")
	subsystem, base := key[1:i], key[i+1:]
	subsystem = subsystemReplacer.Replace(subsystem)
	unit = unitReplacer.Replace(u)
	base = strings.ReplaceAll(base, "-", "_") + "_" + unit
	if d.Cumulative && d.Kind != metrics.KindFloat64Histogram {
		base += "_total"
	}
	if subsystem == "" {
		return "go_" + base, unit
	}
	return "go_" + subsystem + "_" + base, unit
}

var (
	subsystemReplacer = strings.NewReplacer("/", "_", "-", "_")
	unitReplacer      = strings.NewReplacer("-", "_", "*", "_", "/", "_per_")
)

func (s *Snapshot) runtimeMetricsFamilies() []Family {
	fams := make([]Family, 0, len(rmMetrics))
	for i := range rmMetrics {
		m := &rmMetrics[i]
		d := &m.desc
		f := Family{Name: m.name, Help: d.Description, Unit: m.unit}
		switch d.Kind {
		case metrics.KindFloat64Histogram:
			f.Kind = Histogram
			f.Metrics = []Metric{s.histograms[d.Name]}
		default:
			if d.Cumulative {
				f.Kind = Counter
			} else {
				f.Kind = Gauge
			}
			f.Metrics = []Metric{{Value: scalar(s.RuntimeMetrics[i].Value)}}
		}
		fams = append(fams, f)
	}
	return fams
}

func scalar(v metrics.Value) float64 {
	switch v.Kind() {
	case metrics.KindUint64:
		return float64(v.Uint64())
	case metrics.KindFloat64:
		return v.Float64()
	}
	return math.NaN()
}

// histogramMetric converts a runtime/metrics histogram the way
// client_golang's batchHistogram does: buckets are first reduced
// (RuntimeMetricsBucketsForUnit: powers of 2 for bytes; powers of 10 for
// seconds with everything above 1 s merged into +Inf), a leading -Inf
// boundary is dropped, and each runtime/metrics exclusive upper boundary b
// becomes the inclusive Prometheus bound math.Nextafter(b, lower), which is
// why the le labels read 8.999999999999998 and so on. Without an exact sum
// the sum is the (under)estimate sum(lower bound * count).
//
// nb are the reduced boundaries (bucketsForUnit of h.Buckets, -Inf dropped).
func histogramMetric(h *metrics.Float64Histogram, nb []float64, hasSum bool, exactSum float64) Metric {
	counts := make([]uint64, len(nb)-1)
	j := 0
	for i, c := range h.Counts {
		counts[j] += c
		if h.Buckets[i+1] == nb[j+1] {
			j++
		}
		if j >= len(counts) {
			break
		}
	}
	m := Metric{}
	if hasSum {
		m.Sum = exactSum
	}
	var total uint64
	for i, c := range counts {
		total += c
		if !hasSum && c != 0 {
			m.Sum += nb[i] * float64(c)
		}
		if math.IsInf(nb[i+1], +1) {
			break
		}
		m.Buckets = append(m.Buckets, Bucket{UpperBound: math.Nextafter(nb[i+1], nb[i]), Count: total})
	}
	m.Count = total
	return m
}

func bucketsForUnit(buckets []float64, unit string) []float64 {
	switch unit {
	case "bytes":
		return reBucketExp(buckets, 2)
	case "seconds":
		b := reBucketExp(buckets, 10)
		for i := range b {
			if b[i] <= 1 {
				continue
			}
			b[i] = math.Inf(1)
			b = b[:i+1]
			break
		}
		return b
	}
	return append([]float64(nil), buckets...)
}

// reBucketExp keeps only boundaries at least a factor base apart (a -Inf
// first boundary is kept), as client_golang's internal.reBucketExp.
func reBucketExp(buckets []float64, base float64) []float64 {
	bucket := buckets[0]
	var out []float64
	if math.IsInf(bucket, -1) {
		out = append(out, bucket)
		buckets = buckets[1:]
		bucket = buckets[0]
	}
	for i := 1; i < len(buckets); i++ {
		if bucket >= 0 && buckets[i] < bucket*base {
			continue
		} else if bucket < 0 && buckets[i] < bucket/base {
			continue
		}
		out = append(out, bucket)
		bucket = buckets[i]
	}
	return append(out, bucket)
}
