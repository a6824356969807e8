//go:build ignore

// The handcrafted profiles of testdata/conformance (pprofwriter conformance
// DIR): each laid out as its producer writes it, or the smallest profile that
// shows one input class pprof accepts. Built with pprofwriter.go (same ignore
// tag: the capture scripts name both files).

package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/google/pprof/profile"
)

func conformance(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, w := range []struct {
		name string
		make func() *profile.Profile
	}{
		{"rust.cpu.pb.gz", rustProfile},
		{"cpp.heap.pb.gz", cppHeapProfile},
		{"node.wall.pb.gz", nodeWallProfile},
		{"node.heap.pb.gz", nodeHeapProfile},
		{"java.cpu.pb.gz", javaProfile},
		{"python.cpu.pb.gz", pythonProfile},
		{"unsymbolized.pb.gz", unsymbolizedProfile},
		{"zeros.pb.gz", zerosProfile},
		{"minvalue.pb.gz", minValueProfile},
	} {
		if err := write(w.make(), filepath.Join(dir, w.name)); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "oddstrings.pb"), oddStringsProfile(), 0o644)
}

// table adds functions and locations by name, without mappings or addresses, with the IDs a producer that numbers
// its locations as its functions uses (pprof-rs, Node's pprof module).
type table struct {
	p     *profile.Profile
	funcs map[string]*profile.Function
	locs  map[string]*profile.Location
}

func newTable(p *profile.Profile) *table {
	return &table{p: p, funcs: map[string]*profile.Function{}, locs: map[string]*profile.Location{}}
}

// fn is one frame: the function's name, system name and file, and the line.
type fn struct {
	name, system, file string
	line               int64
}

func (t *table) loc(f fn) *profile.Location {
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%d", f.name, f.system, f.file, f.line)
	if l, ok := t.locs[key]; ok {
		return l
	}
	fkey := f.name + "\x00" + f.system + "\x00" + f.file
	function, ok := t.funcs[fkey]
	if !ok {
		function = &profile.Function{ID: uint64(len(t.p.Function) + 1), Name: f.name, SystemName: f.system, Filename: f.file}
		t.p.Function = append(t.p.Function, function)
		t.funcs[fkey] = function
	}
	l := &profile.Location{ID: uint64(len(t.p.Location) + 1), Line: []profile.Line{{Function: function, Line: f.line}}}
	t.p.Location = append(t.p.Location, l)
	t.locs[key] = l
	return l
}

// add appends a sample; stack is leaf first.
func (t *table) add(values []int64, labels map[string][]string, stack ...fn) {
	s := &profile.Sample{Value: values, Label: labels}
	for _, f := range stack {
		s.Location = append(s.Location, t.loc(f))
	}
	t.p.Sample = append(t.p.Sample, s)
}

// rustProfile: as pprof-rs's Report::pprof writes it: one sample type cpu/count, no period type, no mappings, one
// location per function (same ID), no addresses, demangled names with the mangled symbol as system name (so pprof
// keeps them as they are), "Unknown" for frames it could not resolve.
func rustProfile() *profile.Profile {
	p := &profile.Profile{SampleType: []*profile.ValueType{{Type: "cpu", Unit: "count"}}}
	t := newTable(p)
	r := func(name, mangled, file string, line int64) fn { return fn{name, mangled, file, line} }
	isPrime := r("prime_number::is_prime_number", "_ZN12prime_number15is_prime_number17h70653a2633b88023E", "src/main.rs", 12)
	mainFn := r("prime_number::main", "_ZN12prime_number4main17h47f1058543990c8bE", "src/main.rs", 30)
	closure := r("std::rt::lang_start::{{closure}}", "_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h4262e250f8024b06E", "/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/std/src/rt.rs", 166)
	callOnce := r("core::ops::function::FnOnce::call_once{{vtable.shim}}", "_ZN4core3ops8function6FnOnce40call_once$u7b$$u7b$vtable.shim$u7d$$u7d$17h2d3b9b8e1e1f5a61E", "/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/core/src/ops/function.rs", 250)
	drop := r("<alloc::vec::Vec<T,A> as core::ops::drop::Drop>::drop", "_ZN70_$LT$alloc..vec..Vec$LT$T$C$A$GT$$u20$as$u20$core..ops..drop..Drop$GT$4drop17h0b7fd5c5b5a1d0e1E", "/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/alloc/src/vec/mod.rs", 3054)
	hashInsert := r("hashbrown::map::HashMap<K,V,S,A>::insert", "_ZN9hashbrown3map28HashMap$LT$K$C$V$C$S$C$A$GT$6insert17h5a8d2c1e9f0b7a34E", "/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/std/src/collections/hash/map.rs", 1105)
	fmtWrite := r("<&T as core::fmt::Display>::fmt", "_ZN44_$LT$$RF$T$u20$as$u20$core..fmt..Display$GT$3fmt17h9b1d4c2a7e6f0d58E", "/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/core/src/fmt/mod.rs", 2296)
	unknown := r("Unknown", "Unknown", "Unknown", 0)
	libcMain := r("__libc_start_main", "__libc_start_main", "", 0)
	rtMain := r("main", "main", "", 0)
	root := []fn{closure, callOnce, rtMain, libcMain, unknown}
	stack := func(leaf ...fn) []fn { return append(append(leaf, mainFn), root...) }
	t.add([]int64{181}, nil, stack(isPrime)...)
	t.add([]int64{42}, nil, stack(drop)...)
	t.add([]int64{29}, nil, stack(hashInsert, isPrime)...)
	t.add([]int64{7}, nil, stack(fmtWrite)...)
	t.add([]int64{3}, nil, append([]fn{unknown}, stack(isPrime)...)...)
	return p
}

// cppHeapProfile: a C++ heap profile (gperftools' heapz sample types) whose writer stored the demangled names in both
// name fields, with the binaries' mappings and addresses: pprof simplifies the names it takes for demangled C++
// (parameters and template arguments removed; "(anonymous namespace)" goes with the parameters) and drops the
// allocator frames drop_frames names.
func cppHeapProfile() *profile.Profile {
	bin := &profile.Mapping{ID: 1, Start: 0x400000, Limit: 0x900000, File: "/usr/local/bin/kvserver", BuildID: "5e1a7c0ffee",
		HasFunctions: true, HasFilenames: true, HasLineNumbers: true}
	libstd := &profile.Mapping{ID: 2, Start: 0x7f0000000000, Limit: 0x7f0000200000, File: "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
		HasFunctions: true}
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "alloc_objects", Unit: "count"}, {Type: "alloc_space", Unit: "bytes"},
			{Type: "inuse_objects", Unit: "count"}, {Type: "inuse_space", Unit: "bytes"}},
		PeriodType: &profile.ValueType{Type: "space", Unit: "bytes"},
		Period:     524288,
		DropFrames: ".*operator new.*|malloc",
		Mapping:    []*profile.Mapping{bin, libstd},
	}
	funcs := map[string]*profile.Function{}
	loc := func(m *profile.Mapping, addr uint64, name, file string, line int64) *profile.Location {
		f, ok := funcs[name]
		if !ok {
			f = &profile.Function{ID: uint64(len(p.Function) + 1), Name: name, SystemName: name, Filename: file}
			p.Function = append(p.Function, f)
			funcs[name] = f
		}
		l := &profile.Location{ID: uint64(len(p.Location) + 1), Mapping: m, Address: addr, Line: []profile.Line{{Function: f, Line: line}}}
		p.Location = append(p.Location, l)
		return l
	}
	newOp := loc(libstd, 0x7f00000a1b20, "operator new(unsigned long)", "", 0)
	malloc := loc(libstd, 0x7f00000a0010, "malloc", "", 0)
	realloc := loc(bin, 0x401a40, "void std::vector<int, std::allocator<int> >::_M_realloc_insert<int const&>(__gnu_cxx::__normal_iterator<int*, std::vector<int, std::allocator<int> > >, int const&)", "/usr/include/c++/12/bits/vector.tcc", 464)
	pushBack := loc(bin, 0x401b10, "std::vector<int, std::allocator<int> >::push_back(int const&)", "/usr/include/c++/12/bits/stl_vector.h", 1287)
	insert := loc(bin, 0x402200, "(anonymous namespace)::Cache::Insert(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&, std::vector<int, std::allocator<int> >)", "src/cache.cc", 88)
	handle := loc(bin, 0x402800, "kv::Server::Handle(kv::Request const&) const", "src/server.cc", 41)
	lambda := loc(bin, 0x402a00, "kv::Server::Start()::{lambda()#1}::operator()() const", "src/server.cc", 19)
	mapEmplace := loc(bin, 0x403000, "std::_Hashtable<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::pair<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const, int>, std::allocator<std::pair<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const, int> >, std::__detail::_Select1st, std::equal_to<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > >, std::hash<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > >, std::__detail::_Mod_range_hashing, std::__detail::_Default_ranged_hash, std::__detail::_Prime_rehash_policy, std::__detail::_Hashtable_traits<true, false, true> >::_M_emplace(std::integral_constant<bool, true>, std::pair<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const, int>&&)", "/usr/include/c++/12/bits/hashtable.h", 2059)
	mainLoc := loc(bin, 0x404000, "main", "src/main.cc", 12)
	thread := loc(libstd, 0x7f00000c0000, "execute_native_thread_routine", "", 0)
	stack := func(locs ...*profile.Location) []*profile.Location { return locs }
	p.Sample = []*profile.Sample{
		{Location: stack(newOp, realloc, pushBack, insert, handle, lambda, thread), Value: []int64{320, 1310720, 160, 655360}},
		{Location: stack(malloc, newOp, mapEmplace, insert, handle, lambda, thread), Value: []int64{128, 786432, 128, 786432}},
		{Location: stack(newOp, handle, lambda, thread), Value: []int64{64, 65536, 0, 0}},
		{Location: stack(malloc, mainLoc), Value: []int64{1, 4096, 1, 4096}},
	}
	return p
}

// nodeFrame is a V8 frame as Node's pprof module names it: "(anonymous)" for a function without a name, the script's
// path as the file, a 1-based line; system name = name.
func nodeFrame(name, script string, line int64) fn { return fn{name, name, script, line} }

var (
	nodeTicks   = nodeFrame("processTicksAndRejections", "node:internal/process/task_queues", 95)
	nodeTimer   = nodeFrame("listOnTimeout", "node:internal/timers", 569)
	nodeProcess = nodeFrame("processTimers", "node:internal/timers", 512)
	nodeHandler = nodeFrame("(anonymous)", "/srv/app/server.js", 12)
	nodeHandle2 = nodeFrame("(anonymous)", "/srv/app/server.js", 31)
	nodeRender  = nodeFrame("render", "/srv/app/views.js", 7)
	nodeInit    = nodeFrame("<instance_members_initializer>", "/srv/app/cache.js", 3)
	nodeCache   = nodeFrame("Cache", "/srv/app/cache.js", 2)
	nodeGet     = nodeFrame("get size", "/srv/app/cache.js", 20)
	nodeGC      = nodeFrame("(garbage collector)", "", 0)
	nodeJSON    = nodeFrame("stringify", "", 0)
)

// nodeWallProfile: Node's pprof module's time profile: sample/count and wall/nanoseconds, the period type wall, no
// mappings, no addresses, one function per script and name (two anonymous functions of one script share it).
func nodeWallProfile() *profile.Profile {
	p := &profile.Profile{
		SampleType:    []*profile.ValueType{{Type: "sample", Unit: "count"}, {Type: "wall", Unit: "nanoseconds"}},
		PeriodType:    &profile.ValueType{Type: "wall", Unit: "nanoseconds"},
		Period:        1000000,
		TimeNanos:     1700000000000000000,
		DurationNanos: 10e9,
	}
	t := newTable(p)
	t.add([]int64{412, 412000000}, nil, nodeRender, nodeHandler, nodeTimer, nodeProcess)
	t.add([]int64{97, 97000000}, nil, nodeJSON, nodeHandle2, nodeTicks)
	t.add([]int64{58, 58000000}, nil, nodeGet, nodeHandle2, nodeTicks)
	t.add([]int64{33, 33000000}, nil, nodeInit, nodeCache, nodeHandler, nodeTimer, nodeProcess)
	t.add([]int64{21, 21000000}, nil, nodeGC)
	return p
}

// nodeHeapProfile: Node's pprof module's heap profile: objects/count and space/bytes, the period type space, a start
// time and no duration.
func nodeHeapProfile() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "objects", Unit: "count"}, {Type: "space", Unit: "bytes"}},
		PeriodType: &profile.ValueType{Type: "space", Unit: "bytes"},
		Period:     524288,
		TimeNanos:  1700000000000000000,
	}
	t := newTable(p)
	t.add([]int64{12, 12 * 65536}, nil, nodeRender, nodeHandler, nodeTimer, nodeProcess)
	t.add([]int64{300, 300 * 64}, nil, nodeInit, nodeCache, nodeHandler, nodeTimer, nodeProcess)
	t.add([]int64{2, 2 * 1048576}, nil, nodeJSON, nodeHandle2, nodeTicks)
	return p
}

// javaProfile: a Java CPU profile as async-profiler's converters name frames: classes with slashes, constructors as
// .<init> (pprof does not take them for C++), lambdas, JVM C++ frames with parameters and templates (which it
// simplifies), "[unknown_Java]"; no mappings, no files or lines; system name = name.
func javaProfile() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "cpu", Unit: "nanoseconds"}},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:     10000000,
	}
	t := newTable(p)
	j := func(name string) fn { return fn{name, name, "", 0} }
	run := j("java/lang/Thread.run")
	worker := j("java/util/concurrent/ThreadPoolExecutor$Worker.run")
	lambda := j("com/example/Handler.lambda$handle$0")
	handle := j("com/example/Handler.handle")
	hashInit := j("java/util/HashMap.<init>")
	resize := j("java/util/HashMap.resize")
	arraycopy := j("java/lang/System.arraycopy")
	memmove := j("__memmove_avx_unaligned_erms")
	unknownJava := j("[unknown_Java]")
	g1 := j("G1CollectedHeap::do_collection_pause_at_safepoint(double)")
	iterate := j("OopOopIterateDispatch<G1CMOopClosure>::Table::oop_oop_iterate<InstanceKlass, narrowOop>(G1CMOopClosure*, oopDesc*, Klass*)")
	vmThread := j("VMThread::run()")
	threadStart := j("thread_native_entry(Thread*)")
	t.add([]int64{230000000}, nil, resize, handle, lambda, worker, run)
	t.add([]int64{120000000}, nil, hashInit, handle, lambda, worker, run)
	t.add([]int64{60000000}, nil, memmove, arraycopy, resize, handle, lambda, worker, run)
	t.add([]int64{40000000}, nil, unknownJava, run)
	t.add([]int64{90000000}, nil, iterate, g1, vmThread, threadStart)
	return p
}

// pythonProfile: a Python CPU profile: functions named as CPython names code objects ("<module>", "<listcomp>",
// "<lambda>", methods by their qualified name), files and lines, no mappings, no system names.
func pythonProfile() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "cpu-time", Unit: "nanoseconds"}, {Type: "cpu-samples", Unit: "count"}},
		PeriodType: &profile.ValueType{Type: "cpu-time", Unit: "nanoseconds"},
		Period:     10000000,
	}
	t := newTable(p)
	py := func(name, file string, line int64) fn { return fn{name, "", file, line} }
	module := py("<module>", "app/main.py", 1)
	serve := py("Server.serve_forever", "app/server.py", 40)
	handle := py("handle_request", "app/views.py", 18)
	listcomp := py("<listcomp>", "app/views.py", 22)
	lambda := py("<lambda>", "app/views.py", 25)
	dumps := py("dumps", "/usr/lib/python3.11/json/__init__.py", 231)
	bootstrap := py("Thread._bootstrap_inner", "/usr/lib/python3.11/threading.py", 1038)
	t.add([]int64{310000000, 31}, nil, listcomp, handle, serve, module)
	t.add([]int64{120000000, 12}, nil, lambda, listcomp, handle, serve, module)
	t.add([]int64{80000000, 8}, nil, dumps, handle, serve, module)
	t.add([]int64{20000000, 2}, nil, handle, bootstrap)
	return p
}

// unsymbolizedProfile: locations with addresses and no lines at all (a profiler that did not symbolize, as perf's
// converters leave frames they cannot name), in two mappings, plus one location with neither mapping nor line.
func unsymbolizedProfile() *profile.Profile {
	bin := &profile.Mapping{ID: 1, Start: 0x400000, Limit: 0x500000, File: "/usr/local/bin/worker", BuildID: "abc123"}
	lib := &profile.Mapping{ID: 2, Start: 0x7f1200000000, Limit: 0x7f1200100000, Offset: 0x1000, File: "/usr/lib/x86_64-linux-gnu/libz.so.1"}
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:     10000000,
		Mapping:    []*profile.Mapping{bin, lib},
	}
	loc := func(m *profile.Mapping, addr uint64) *profile.Location {
		l := &profile.Location{ID: uint64(len(p.Location) + 1), Mapping: m, Address: addr}
		p.Location = append(p.Location, l)
		return l
	}
	a, b, c := loc(bin, 0x401234), loc(bin, 0x402000), loc(bin, 0x403abc)
	z1, z2 := loc(lib, 0x7f1200001a00), loc(lib, 0x7f1200002b00)
	orphan := loc(nil, 0xffffffffff600000)
	p.Sample = []*profile.Sample{
		{Location: []*profile.Location{z1, z2, a, b, c}, Value: []int64{40, 400000000}},
		{Location: []*profile.Location{z2, a, b, c}, Value: []int64{25, 250000000}},
		{Location: []*profile.Location{a, b, c}, Value: []int64{10, 100000000}},
		{Location: []*profile.Location{orphan, c}, Value: []int64{2, 20000000}},
	}
	return p
}

// zerosProfile: several sample types (the default one named), samples of value zero in some or all of them, a period
// type without a period, no mappings and no line numbers.
func zerosProfile() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "requests", Unit: "count"}, {Type: "latency", Unit: "microseconds"},
			{Type: "bytes_out", Unit: "bytes"}},
		DefaultSampleType: "latency",
		PeriodType:        &profile.ValueType{Type: "latency", Unit: "microseconds"},
	}
	t := newTable(p)
	z := func(name string) fn { return fn{name, name, "svc/handler.go", 0} }
	serve, get, put, del, health := z("svc.Serve"), z("svc.Get"), z("svc.Put"), z("svc.Delete"), z("svc.Health")
	t.add([]int64{50, 125000, 2048000}, nil, get, serve)
	t.add([]int64{10, 90000, 0}, nil, put, serve)
	t.add([]int64{0, 0, 0}, nil, del, serve)
	t.add([]int64{200, 0, 40000}, nil, health, serve)
	return p
}

// minValueProfile: a sample whose value is -2^63 beside ordinary ones: the absolute value of the smallest int64
// wraps to itself in Go, and pprof's totals and orders follow.
func minValueProfile() *profile.Profile {
	p := &profile.Profile{SampleType: []*profile.ValueType{{Type: "alloc_space", Unit: "bytes"}}}
	t := newTable(p)
	m := func(name string, line int64) fn { return fn{name, name, "main.go", line} }
	root, a, b := m("main.main", 10), m("main.a", 20), m("main.b", 30)
	t.add([]int64{math.MinInt64}, nil, a, root)
	t.add([]int64{4096}, nil, b, root)
	t.add([]int64{1024}, nil, root)
	return p
}

// oddStringsProfile encodes by hand (not gzipped) what pprof's decoder accepts and its encoder never writes: a
// string table with duplicates (two functions whose names are equal strings at different indexes) and unused
// entries, repeated fields unpacked where the encoder packs them, the string table before the samples, an unknown
// field, a label with a numeric value and unit, and a function with no file.
func oddStringsProfile() []byte {
	strs := []string{"", "samples", "count", "main.work", "main.go", "main.work", "unused", "main.main", "bytes", "size", "main.idle", "cpu", "nanoseconds"}
	var b bytes.Buffer
	for _, s := range strs {
		field(&b, 6, []byte(s)) // string_table first
	}
	vt := func(t, u uint64) []byte { var m bytes.Buffer; varintField(&m, 1, t); varintField(&m, 2, u); return m.Bytes() }
	field(&b, 1, vt(1, 2))   // sample_type samples/count
	field(&b, 1, vt(11, 12)) // sample_type cpu/nanoseconds
	fnc := func(id, name, file uint64) []byte {
		var m bytes.Buffer
		varintField(&m, 1, id)
		varintField(&m, 2, name)
		varintField(&m, 3, name)
		varintField(&m, 4, file)
		return m.Bytes()
	}
	field(&b, 5, fnc(1, 3, 4))  // main.work in main.go
	field(&b, 5, fnc(2, 5, 4))  // main.work again, through the duplicate string
	field(&b, 5, fnc(3, 7, 4))  // main.main
	field(&b, 5, fnc(4, 10, 0)) // main.idle, no file
	loc := func(id, function, line uint64) []byte {
		var l bytes.Buffer
		varintField(&l, 1, function)
		varintField(&l, 2, line)
		var m bytes.Buffer
		varintField(&m, 1, id)
		field(&m, 4, l.Bytes())
		return m.Bytes()
	}
	field(&b, 4, loc(1, 1, 7))
	field(&b, 4, loc(2, 2, 9))
	field(&b, 4, loc(3, 3, 20))
	field(&b, 4, loc(4, 4, 0))
	sample := func(locs []uint64, values []uint64, label []byte) []byte {
		var m bytes.Buffer
		for _, l := range locs {
			varintField(&m, 1, l) // unpacked
		}
		for _, v := range values {
			varintField(&m, 2, v)
		}
		if label != nil {
			field(&m, 3, label)
		}
		return m.Bytes()
	}
	var label bytes.Buffer
	varintField(&label, 1, 9)    // key "size"
	varintField(&label, 3, 4096) // num
	varintField(&label, 4, 8)    // num_unit "bytes"
	field(&b, 2, sample([]uint64{1, 3}, []uint64{30, 300000000}, label.Bytes()))
	field(&b, 2, sample([]uint64{2, 3}, []uint64{20, 200000000}, nil))
	field(&b, 2, sample([]uint64{4, 3}, []uint64{5, 50000000}, nil))
	field(&b, 99, []byte("an unknown field")) // skipped by decoders
	field(&b, 11, vt(11, 12))                 // period_type cpu/nanoseconds
	varintField(&b, 12, 10000000)             // period
	return b.Bytes()
}

func varint(b *bytes.Buffer, v uint64) {
	for v >= 0x80 {
		b.WriteByte(byte(v) | 0x80)
		v >>= 7
	}
	b.WriteByte(byte(v))
}

func varintField(b *bytes.Buffer, tag int, v uint64) {
	varint(b, uint64(tag)<<3)
	varint(b, v)
}

func field(b *bytes.Buffer, tag int, data []byte) {
	varint(b, uint64(tag)<<3|2)
	varint(b, uint64(len(data)))
	b.Write(data)
}
