//go:build ignore

// Command pprofwriter writes profiles with pprof's own profile package (the
// copy Go vendors in $GOROOT/src/cmd/vendor/github.com/google/pprof/profile),
// for the fixtures of examples/capture-pprof-fidelity.sh. That script builds
// it in a scratch module next to a copy of the package; it is not part of the
// examples module (hence the ignore build tag).
//
// Usage:
//
//	pprofwriter craft DIR
//	    writes the handcrafted profiles into DIR: comments.pb.gz and
//	    comments.base.pb.gz (duplicate comments), emptytype.pb.gz (a sample
//	    type with an empty name) and badutf8.pb.gz (names that are not UTF-8).
//	    No Go program can make these: the runtime writes no comments, names
//	    every sample type and only has UTF-8 function names.
//	pprofwriter conformance DIR
//	    writes the handcrafted profiles of the conformance corpus into DIR
//	    (conformance.go): profiles laid out as other producers write them
//	    (pprof-rs, a C++ heap profiler, Node's pprof module, a Java profiler,
//	    a Python profiler) and the odd ones a reader must accept (no mappings,
//	    address-only locations, zero values, several sample types, a period
//	    type without a period, a hand-encoded string table with duplicates,
//	    a value of -2^63).
//	pprofwriter elfnames BINARY IN OUT
//	    rewrites profile IN into OUT naming each frame that is not inlined by
//	    the symbol of BINARY's ELF symbol table that holds its address, as
//	    profilers that symbolize from the symbol table do (inlined frames keep
//	    their names: a symbol table does not see them).
package main

import (
	"debug/elf"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/google/pprof/profile"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 3 && os.Args[1] == "craft":
		err = craft(os.Args[2])
	case len(os.Args) == 3 && os.Args[1] == "conformance":
		err = conformance(os.Args[2])
	case len(os.Args) == 5 && os.Args[1] == "elfnames":
		err = elfNames(os.Args[2], os.Args[3], os.Args[4])
	default:
		fmt.Fprintln(os.Stderr, "usage: pprofwriter craft DIR | pprofwriter conformance DIR | pprofwriter elfnames BINARY IN OUT")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pprofwriter:", err)
		os.Exit(1)
	}
}

// builder makes a small symbolized profile: one mapping, functions by name,
// one location per stack frame.
type builder struct {
	p         *profile.Profile
	functions map[string]*profile.Function
	locations map[string]*profile.Location
}

func newBuilder(types ...*profile.ValueType) *builder {
	m := &profile.Mapping{ID: 1, Start: 0x400000, Limit: 0x800000, File: "/opt/gomem-examples/server", BuildID: "f00dfeed",
		HasFunctions: true, HasFilenames: true, HasLineNumbers: true}
	return &builder{
		p:         &profile.Profile{SampleType: types, Mapping: []*profile.Mapping{m}},
		functions: map[string]*profile.Function{},
		locations: map[string]*profile.Location{},
	}
}

func (b *builder) function(name, file string) *profile.Function {
	key := name + "\x00" + file
	if f, ok := b.functions[key]; ok {
		return f
	}
	f := &profile.Function{ID: uint64(len(b.p.Function) + 1), Name: name, SystemName: name, Filename: file}
	b.p.Function = append(b.p.Function, f)
	b.functions[key] = f
	return f
}

// frame is "function@file:line".
type frame struct {
	name, file string
	line       int64
}

func (b *builder) location(f frame) *profile.Location {
	key := fmt.Sprintf("%s\x00%s\x00%d", f.name, f.file, f.line)
	if l, ok := b.locations[key]; ok {
		return l
	}
	id := uint64(len(b.p.Location) + 1)
	l := &profile.Location{ID: id, Mapping: b.p.Mapping[0], Address: 0x401000 + 0x10*id,
		Line: []profile.Line{{Function: b.function(f.name, f.file), Line: f.line}}}
	b.p.Location = append(b.p.Location, l)
	b.locations[key] = l
	return l
}

// sample adds a sample; stack is leaf first.
func (b *builder) sample(values []int64, labels map[string][]string, stack ...frame) {
	s := &profile.Sample{Value: values, Label: labels}
	for _, f := range stack {
		s.Location = append(s.Location, b.location(f))
	}
	b.p.Sample = append(b.p.Sample, s)
}

func write(p *profile.Profile, path string) error {
	if err := p.CheckValid(); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := p.Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var (
	rootFrame   = frame{"runtime.main", "runtime/proc.go", 250}
	mainFrame   = frame{"main.main", "server/main.go", 40}
	handleFrame = frame{"main.handle", "server/main.go", 30}
	encodeFrame = frame{"main.encode", "server/encode.go", 12}
	parseFrame  = frame{"main.parse", "server/parse.go", 21}
)

func craft(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cpu := func() *builder {
		b := newBuilder(&profile.ValueType{Type: "samples", Unit: "count"}, &profile.ValueType{Type: "cpu", Unit: "nanoseconds"})
		b.p.PeriodType = &profile.ValueType{Type: "cpu", Unit: "nanoseconds"}
		b.p.Period = 10000000
		return b
	}

	// comments.pb.gz: the same comments more than once, a hidden one (#) among them.
	b := cpu()
	b.p.Comments = []string{"build: v1.4.2", "host: web-1", "build: v1.4.2", "#pgo", "#pgo", "host: web-1", "region: eu-west"}
	b.p.TimeNanos = 1672652096000000000 // 2023-01-02 09:34:56 UTC
	b.p.DurationNanos = 10e9
	b.sample([]int64{120, 1200000000}, nil, encodeFrame, handleFrame, mainFrame, rootFrame)
	b.sample([]int64{60, 600000000}, nil, parseFrame, handleFrame, mainFrame, rootFrame)
	b.sample([]int64{20, 200000000}, nil, handleFrame, mainFrame, rootFrame)
	if err := write(b.p, filepath.Join(dir, "comments.pb.gz")); err != nil {
		return err
	}

	// comments.base.pb.gz: an earlier profile of the same program, for -diff_base: pprof merges the two
	// profiles' comments (each once), sums their durations and keeps the earliest time.
	b = cpu()
	b.p.Comments = []string{"host: web-2", "build: v1.4.2", "host: web-2", "region: eu-west"}
	b.p.TimeNanos = 1672651496000000000 // ten minutes earlier
	b.p.DurationNanos = 5e9
	b.sample([]int64{50, 500000000}, nil, encodeFrame, handleFrame, mainFrame, rootFrame)
	b.sample([]int64{70, 700000000}, nil, parseFrame, handleFrame, mainFrame, rootFrame)
	if err := write(b.p, filepath.Join(dir, "comments.base.pb.gz")); err != nil {
		return err
	}

	// emptytype.pb.gz: one sample type whose name is the empty string.
	b = newBuilder(&profile.ValueType{Type: "", Unit: "count"})
	b.sample([]int64{7}, map[string][]string{"worker": {"a"}}, encodeFrame, handleFrame, mainFrame, rootFrame)
	b.sample([]int64{3}, nil, parseFrame, handleFrame, mainFrame, rootFrame)
	if err := write(b.p, filepath.Join(dir, "emptytype.pb.gz")); err != nil {
		return err
	}

	// badutf8.pb.gz: function, file and label names that are not UTF-8 (Latin-1 bytes, a lone continuation
	// byte, a cut sequence, an encoded surrogate, 0xff), next to valid UTF-8 ones. Equal values make pprof
	// order the rows by the names' bytes.
	b = newBuilder(&profile.ValueType{Type: "alloc_space", Unit: "bytes"})
	caller := frame{"main.serve", "server/main.go", 50}
	b.sample([]int64{4096}, nil, frame{"main.caf\xe9", "server/caf\xe9.go", 7}, caller, mainFrame, rootFrame)
	b.sample([]int64{4096}, nil, frame{"main.café", "server/café.go", 7}, caller, mainFrame, rootFrame)
	b.sample([]int64{4096}, nil, frame{"main.caf\x80x", "server/main.go", 60}, caller, mainFrame, rootFrame)
	b.sample([]int64{4096}, map[string][]string{"r\xf4le": {"\xe9t\xe9"}, "mode": {"fast"}}, frame{"main.\xff\xfe", "server/\xff.go", 3}, caller, mainFrame, rootFrame)
	b.sample([]int64{2048}, nil, frame{"main.price\xe2\x82", "server/main.go", 70}, caller, mainFrame, rootFrame)
	b.sample([]int64{2048}, nil, frame{"main.surrogate\xed\xa0\x80", "server/main.go", 80}, caller, mainFrame, rootFrame)
	b.sample([]int64{1024}, nil, frame{"main.euro€", "server/main.go", 90}, caller, mainFrame, rootFrame)
	return write(b.p, filepath.Join(dir, "badutf8.pb.gz"))
}

// elfNames renames the frames of profile in by binary's ELF symbols.
func elfNames(binary, in, out string) error {
	exe, err := elf.Open(binary)
	if err != nil {
		return err
	}
	defer exe.Close()
	symbols, err := exe.Symbols()
	if err != nil {
		return err
	}
	var funcs []elf.Symbol
	for _, s := range symbols {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC && s.Value != 0 {
			funcs = append(funcs, s)
		}
	}
	sort.Slice(funcs, func(i, j int) bool { return funcs[i].Value < funcs[j].Value })
	symbolAt := func(addr uint64) string {
		i := sort.Search(len(funcs), func(i int) bool { return funcs[i].Value > addr }) - 1
		if i < 0 || (funcs[i].Size != 0 && addr >= funcs[i].Value+funcs[i].Size) {
			return ""
		}
		return funcs[i].Name
	}

	file, err := os.Open(in)
	if err != nil {
		return err
	}
	p, err := profile.Parse(file)
	file.Close()
	if err != nil {
		return err
	}
	renamed := map[string]*profile.Function{}
	nextID := uint64(0)
	for _, f := range p.Function {
		if f.ID > nextID {
			nextID = f.ID
		}
	}
	for _, l := range p.Location {
		if len(l.Line) == 0 || l.Address == 0 {
			continue
		}
		// A stack holds return addresses: the call is the instruction before.
		name := symbolAt(l.Address - 1)
		last := &l.Line[len(l.Line)-1]
		if name == "" || last.Function == nil || name == last.Function.Name {
			continue
		}
		key := name + "\x00" + last.Function.Filename
		f, ok := renamed[key]
		if !ok {
			nextID++
			f = &profile.Function{ID: nextID, Name: name, SystemName: name, Filename: last.Function.Filename, StartLine: last.Function.StartLine}
			p.Function = append(p.Function, f)
			renamed[key] = f
		}
		last.Function = f
	}
	return write(p.Compact(), out)
}
