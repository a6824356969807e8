// Command cgospin writes a CPU profile of a program that spends most of its
// time in C code, for the conformance corpus (examples/capture-conformance.sh).
// It is not a server.
//
// The runtime only records C frames in a CPU profile when the program
// registers a cgo traceback function (runtime.SetCgoTraceback); this one does,
// with a small C unwinder that follows the frame pointers of its own C
// functions (compiled with -fno-omit-frame-pointer) and stops at the first
// return address outside them. No symbolizer is registered, so the profile
// holds those frames as addresses only: the runtime writes each with an empty
// function name and marks the binary's mapping as not symbolized. This is what
// a Go 1.19 program calling C writes when nobody installed a cgo symbolizer.
//
// Three paths: spinOuter -> spin_outer -> spin_inner (C calling C), a qsort of
// the C library calling a C comparator (a frame in libc, whose frame pointers
// the unwinder does not trust: it records the signal's PC only), and a Go loop
// for comparison; each runs under pprof labels (worker, lang).
//
// Usage: cgospin -o cpu.pb.gz [-d 3s]
package main

/*
#cgo CFLAGS: -O1 -fno-omit-frame-pointer
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <ucontext.h>

// The C functions the unwinder walks through are placed in their own section,
// cgospin_text; the linker defines __start_cgospin_text and __stop_cgospin_text
// around it.
#define WALKED __attribute__((noinline, section("cgospin_text")))
extern char __start_cgospin_text[], __stop_cgospin_text[];

WALKED uint64_t spin_inner(uint64_t n) {
	volatile uint64_t x = 1;
	for (uint64_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	}
	return x;
}

WALKED uint64_t spin_outer(uint64_t rounds) {
	uint64_t s = 0;
	for (uint64_t r = 0; r < rounds; r++) {
		s += spin_inner(100000);
	}
	return s;
}

WALKED static int cmp_u32(const void *a, const void *b) {
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

WALKED uint64_t sort_rounds(int rounds) {
	enum { N = 4096 };
	static uint32_t v[N];
	uint64_t s = 0;
	for (int r = 0; r < rounds; r++) {
		uint32_t x = (uint32_t)r * 2654435761u + 1;
		for (int i = 0; i < N; i++) {
			x ^= x << 13; x ^= x >> 17; x ^= x << 5;
			v[i] = x;
		}
		qsort(v, N, sizeof v[0], cmp_u32);
		s += v[N / 2];
	}
	return s;
}

// The argument the runtime passes to a cgo traceback function.
struct cgoTracebackArg {
	uintptr_t context;
	uintptr_t sigContext;
	uintptr_t *buf;
	uintptr_t max;
};

static int in_text(uintptr_t pc) {
	return pc >= (uintptr_t)__start_cgospin_text && pc < (uintptr_t)__stop_cgospin_text;
}

// cgospin_traceback: the signal's PC, then (while it is in the functions
// above) the return addresses along the frame pointer chain. It runs in a
// signal handler: no calls, and no read outside the stack near the signal's
// stack pointer.
void cgospin_traceback(void *p) {
	struct cgoTracebackArg *arg = p;
	uintptr_t n = 0;
	if (arg->max == 0) {
		return;
	}
	if (arg->sigContext != 0) {
		ucontext_t *uc = (ucontext_t *)arg->sigContext;
		uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
		uintptr_t *fp = (uintptr_t *)uc->uc_mcontext.gregs[REG_RBP];
		uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
		arg->buf[n++] = pc;
		// A frame pointer is followed only while it points just above the
		// stack pointer: in a prologue (or in a function called from the C
		// library) RBP may still hold anything.
		while (n < arg->max && n < 8 && in_text(pc) && ((uintptr_t)fp & 7) == 0 &&
			(uintptr_t)fp >= sp && (uintptr_t)fp + 16 <= sp + 2048) {
			uintptr_t ret = fp[1];
			if (!in_text(ret)) {
				break;
			}
			arg->buf[n++] = ret;
			pc = ret;
			fp = (uintptr_t *)fp[0];
		}
	}
	if (n < arg->max) {
		arg->buf[n] = 0;
	}
}
*/
import "C"

import (
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
	"unsafe"
)

//go:noinline
func spinOuter(until time.Time) (s uint64) {
	for time.Now().Before(until) {
		s += uint64(C.spin_outer(50))
	}
	return s
}

//go:noinline
func sortRounds(until time.Time) (s uint64) {
	for time.Now().Before(until) {
		s += uint64(C.sort_rounds(20))
	}
	return s
}

//go:noinline
func goSpin(until time.Time) (s uint64) {
	x := uint64(1)
	for time.Now().Before(until) {
		for i := 0; i < 1000000; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		s += x
	}
	return s
}

var sink uint64

func main() {
	out := flag.String("o", "", "where to write the CPU profile (.pb.gz)")
	d := flag.Duration("d", 3*time.Second, "how long to profile")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: cgospin -o cpu.pb.gz [-d 3s]")
		os.Exit(2)
	}
	runtime.SetCgoTraceback(0, unsafe.Pointer(C.cgospin_traceback), nil, nil)

	// Profile into memory first: the file is written whole or not at all.
	var buf bytesBuffer
	if err := pprof.StartCPUProfile(&buf); err != nil {
		fail(err)
	}
	until := time.Now().Add(*d)
	done := make(chan uint64, 3)
	// Each worker runs under pprof labels, so its samples carry them (-traces prints them).
	work := func(kind string, f func(time.Time) uint64) {
		pprof.Do(context.Background(), pprof.Labels("worker", kind, "lang", lang(kind)), func(context.Context) { done <- f(until) })
	}
	go work("spin", spinOuter)
	go work("sort", sortRounds)
	go work("go", goSpin)
	for i := 0; i < 3; i++ {
		sink += <-done
	}
	pprof.StopCPUProfile()
	if err := os.WriteFile(*out, buf.b, 0o644); err != nil {
		fail(err)
	}
	// runtime/pprof writes gzip already; check it reads back as gzip.
	f, err := os.Open(*out)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	if _, err := gzip.NewReader(f); err != nil {
		fail(err)
	}
}

func lang(kind string) string {
	if kind == "go" {
		return "go"
	}
	return "c"
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

var _ io.Writer = (*bytesBuffer)(nil)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "cgospin:", err)
	os.Exit(1)
}
