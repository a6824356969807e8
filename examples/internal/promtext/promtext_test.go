package promtext

import (
	"bytes"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"
	"testing"
)

func TestFormatFloat(t *testing.T) {
	for _, c := range []struct {
		f        float64
		text, om string
	}{
		{0, "0", "0.0"},
		{1, "1", "1.0"},
		{-1, "-1", "-1.0"},
		{2048, "2048", "2048.0"},
		{3752328, "3.752328e+06", "3.752328e+06"},
		{0.25, "0.25", "0.25"},
		{float64(^uint64(0)), "1.8446744073709552e+19", "1.8446744073709552e+19"},
		{math.Nextafter(9, 1), "8.999999999999998", "8.999999999999998"},
		{math.Inf(1), "+Inf", "+Inf"},
	} {
		if got := formatFloat(c.f); got != c.text {
			t.Errorf("formatFloat(%v) = %q, want %q", c.f, got, c.text)
		}
		if got := formatOMFloat(c.f); got != c.om {
			t.Errorf("formatOMFloat(%v) = %q, want %q", c.f, got, c.om)
		}
	}
}

// The families client_golang v1.14 exposes on Go 1.19 with every
// runtime/metrics metric enabled (its go_collector_go119_test.go), plus the
// MemStats-style ones, go_memstats_gc_cpu_fraction and the process collector.
var wantGo119 = strings.Fields(`
go_cgo_go_to_c_calls_calls_total go_gc_cycles_automatic_gc_cycles_total go_gc_cycles_forced_gc_cycles_total
go_gc_cycles_total_gc_cycles_total go_gc_duration_seconds go_gc_heap_allocs_by_size_bytes go_gc_heap_allocs_bytes_total
go_gc_heap_allocs_objects_total go_gc_heap_frees_by_size_bytes go_gc_heap_frees_bytes_total go_gc_heap_frees_objects_total
go_gc_heap_goal_bytes go_gc_heap_objects_objects go_gc_heap_tiny_allocs_objects_total go_gc_limiter_last_enabled_gc_cycle
go_gc_pauses_seconds go_gc_stack_starting_size_bytes go_goroutines go_info
go_memory_classes_heap_free_bytes go_memory_classes_heap_objects_bytes go_memory_classes_heap_released_bytes
go_memory_classes_heap_stacks_bytes go_memory_classes_heap_unused_bytes go_memory_classes_metadata_mcache_free_bytes
go_memory_classes_metadata_mcache_inuse_bytes go_memory_classes_metadata_mspan_free_bytes
go_memory_classes_metadata_mspan_inuse_bytes go_memory_classes_metadata_other_bytes go_memory_classes_os_stacks_bytes
go_memory_classes_other_bytes go_memory_classes_profiling_buckets_bytes go_memory_classes_total_bytes
go_memstats_alloc_bytes go_memstats_alloc_bytes_total go_memstats_buck_hash_sys_bytes go_memstats_frees_total
go_memstats_gc_cpu_fraction go_memstats_gc_sys_bytes go_memstats_heap_alloc_bytes go_memstats_heap_idle_bytes
go_memstats_heap_inuse_bytes go_memstats_heap_objects go_memstats_heap_released_bytes go_memstats_heap_sys_bytes
go_memstats_last_gc_time_seconds go_memstats_lookups_total go_memstats_mallocs_total go_memstats_mcache_inuse_bytes
go_memstats_mcache_sys_bytes go_memstats_mspan_inuse_bytes go_memstats_mspan_sys_bytes go_memstats_next_gc_bytes
go_memstats_other_sys_bytes go_memstats_stack_inuse_bytes go_memstats_stack_sys_bytes go_memstats_sys_bytes
go_sched_gomaxprocs_threads go_sched_goroutines_goroutines go_sched_latencies_seconds go_threads
process_cpu_seconds_total process_max_fds process_open_fds process_resident_memory_bytes process_start_time_seconds
process_virtual_memory_bytes process_virtual_memory_max_bytes`)

func TestFamiliesGo119(t *testing.T) {
	if !strings.HasPrefix(runtime.Version(), "go1.19") {
		t.Skipf("family list is for Go 1.19, running %s", runtime.Version())
	}
	fams := Gather(Take())
	var got []string
	for _, f := range fams {
		got = append(got, f.Name)
	}
	if !sort.StringsAreSorted(got) {
		t.Errorf("families not sorted by name")
	}
	want := append([]string(nil), wantGo119...)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("families:\n got %v\nwant %v", got, want)
	}
}

func TestAllocsBySizeBuckets(t *testing.T) {
	if !strings.HasPrefix(runtime.Version(), "go1.19") {
		t.Skip("bucket list is for Go 1.19")
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, Gather(Take())); err != nil {
		t.Fatal(err)
	}
	var les []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(line, "go_gc_heap_allocs_by_size_bytes_bucket{le=\"") {
			les = append(les, strings.SplitN(line[len("go_gc_heap_allocs_by_size_bytes_bucket{le=\""):], "\"", 2)[0])
		}
	}
	want := "8.999999999999998 24.999999999999996 64.99999999999999 144.99999999999997 320.99999999999994 " +
		"704.9999999999999 1536.9999999999998 3200.9999999999995 6528.999999999999 13568.999999999998 27264.999999999996 +Inf"
	if strings.Join(les, " ") != want {
		t.Errorf("le labels:\n got %v\nwant %v", les, want)
	}
}

func TestSnapshotConsistency(t *testing.T) {
	s := Take()
	if !s.Consistent {
		t.Skip("MemStats kept changing (busy test process)")
	}
	rm := func(name string) uint64 {
		v, ok := s.Rm(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return v.Uint64()
	}
	ms := &s.MemStats
	for _, c := range []struct {
		what      string
		got, want uint64
	}{
		{"HeapAlloc", rm("/memory/classes/heap/objects:bytes"), ms.HeapAlloc},
		{"HeapInuse", rm("/memory/classes/heap/objects:bytes") + rm("/memory/classes/heap/unused:bytes"), ms.HeapInuse},
		{"HeapIdle", rm("/memory/classes/heap/free:bytes") + rm("/memory/classes/heap/released:bytes"), ms.HeapIdle},
		{"HeapReleased", rm("/memory/classes/heap/released:bytes"), ms.HeapReleased},
		{"StackSys", rm("/memory/classes/heap/stacks:bytes") + rm("/memory/classes/os-stacks:bytes"), ms.StackSys},
		{"OtherSys", rm("/memory/classes/other:bytes"), ms.OtherSys},
		{"GCSys", rm("/memory/classes/metadata/other:bytes"), ms.GCSys},
		{"Sys", rm("/memory/classes/total:bytes"), ms.Sys},
	} {
		if c.got != c.want {
			t.Errorf("%s: runtime/metrics %d, MemStats %d", c.what, c.got, c.want)
		}
	}
}

func TestOpenMetrics(t *testing.T) {
	fams := []Family{
		{Name: "a_bytes_total", Help: `say "hi"`, Kind: Counter, Unit: "bytes", Metrics: []Metric{{Value: 5}}},
		{Name: "b", Help: "no total", Kind: Counter, Metrics: []Metric{{Value: 0}}},
		{Name: "c_seconds", Help: "s", Kind: Summary, Unit: "seconds", Metrics: []Metric{{
			Quantiles: []Quantile{{0, 0}, {1, 2.5}}, Sum: 3, Count: 2}}},
	}
	var om, text bytes.Buffer
	if err := WriteOpenMetrics(&om, fams); err != nil {
		t.Fatal(err)
	}
	want := `# HELP a_bytes say \"hi\"
# TYPE a_bytes counter
# UNIT a_bytes bytes
a_bytes_total 5.0
# HELP b no total
# TYPE b unknown
b 0.0
# HELP c_seconds s
# TYPE c_seconds summary
# UNIT c_seconds seconds
c_seconds{quantile="0.0"} 0.0
c_seconds{quantile="1.0"} 2.5
c_seconds_sum 3.0
c_seconds_count 2
# EOF
`
	if om.String() != want {
		t.Errorf("OpenMetrics:\n%s\nwant:\n%s", om.String(), want)
	}
	if err := WriteText(&text, fams); err != nil {
		t.Fatal(err)
	}
	wantText := `# HELP a_bytes_total say "hi"
# TYPE a_bytes_total counter
a_bytes_total 5
# HELP b no total
# TYPE b counter
b 0
# HELP c_seconds s
# TYPE c_seconds summary
c_seconds{quantile="0"} 0
c_seconds{quantile="1"} 2.5
c_seconds_sum 3
c_seconds_count 2
`
	if text.String() != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), wantText)
	}
}

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		accept string
		want   Format
	}{
		{"", FormatText},
		{"*/*", FormatText},
		{"text/plain", FormatText},
		{"application/openmetrics-text", FormatOpenMetrics001},
		{"application/openmetrics-text; version=1.0.0", FormatOpenMetrics100},
		{"application/openmetrics-text;version=2.0.0", FormatText},
		{"application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", FormatOpenMetrics100},
		{"text/plain;version=0.0.4;q=0.5,application/openmetrics-text;version=0.0.1;q=0.75", FormatOpenMetrics001},
		{"application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", FormatText},
	} {
		if got := Negotiate(c.accept); got != c.want {
			t.Errorf("Negotiate(%q) = %v, want %v", c.accept, got, c.want)
		}
	}
}

func BenchmarkScrape(b *testing.B) {
	Take()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		WriteText(io.Discard, Gather(Take()))
	}
}
