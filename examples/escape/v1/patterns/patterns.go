// Package patterns holds one small function per escape-analysis pattern, so that
// `go build -gcflags='-m -m'` prints each kind of finding with its reason chain.
// examples/escape/v2 is the next "release" of this package, for `gomem escape diff`.
package patterns

import (
	"fmt"
	"reflect"
	"strings"
)

// Point is a small value type used by most patterns.
type Point struct{ X, Y int }

var registry []*Point

var sink interface{}

// NewPoint returns a pointer to a local: the local moves to the heap.
func NewPoint(x, y int) *Point {
	p := Point{X: x, Y: y}
	return &p
}

// Squares makes a slice whose size is known only at run time: it cannot live on the stack.
func Squares(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i * i
	}
	return out
}

// FirstPrimes returns a slice of constant size: it escapes because it is returned.
func FirstPrimes() []int {
	primes := []int{2, 3, 5, 7, 11, 13, 17, 19}
	return primes
}

// Counter returns a closure that captures a local variable, so the variable outlives the call.
func Counter() func() int {
	count := 0
	return func() int {
		count++
		return count
	}
}

// Describe passes values to fmt, which takes them as interfaces.
func Describe(p Point) string {
	return fmt.Sprintf("point %d,%d", p.X, p.Y)
}

// Inspect hands a value to reflect.
func Inspect(p Point) int {
	return reflect.ValueOf(p).NumField()
}

// Checksum uses a buffer too large for the stack.
func Checksum(seed byte) int {
	buf := new([256 << 10]byte)
	for i := range buf {
		buf[i] = seed + byte(i)
	}
	total := 0
	for _, b := range buf {
		total += int(b)
	}
	return total
}

// Words appends in a loop: every growth of the slice is a new heap array.
func Words(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, strings.Repeat("w", i%7+1))
	}
	return out
}

// Register stores its parameter in a global: the parameter leaks.
func Register(p *Point) {
	registry = append(registry, p)
}

// Identity returns its parameter: it leaks to the result only.
func Identity(p *Point) *Point {
	return p
}

// RegisterFirst stores what the slice points to, not the slice itself: its content leaks.
func RegisterFirst(ps []*Point) {
	registry = append(registry, ps[0])
}

// Box stores an int in an interface-typed global.
func Box(n int) {
	sink = n
}

// Sum only reads its argument: nothing escapes.
func Sum(ps []*Point) int {
	total := 0
	for _, p := range ps {
		total += p.X + p.Y
	}
	return total
}

// Shape is an interface with one implementation, so calls through it can be devirtualized.
type Shape interface{ Area() int }

// Square implements Shape.
type Square struct{ Side int }

// Area of the square.
func (s Square) Area() int { return s.Side * s.Side }

// AreaOf calls a method through an interface whose concrete type the compiler can see.
func AreaOf(side int) int {
	var sh Shape = Square{Side: side}
	return sh.Area()
}

// Fib is recursive, so it is never inlined.
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

// Pinned asks the compiler not to inline it.
//
//go:noinline
func Pinned(x int) int { return x * 3 }

// Classify is too large to inline (its cost exceeds the budget of 80).
func Classify(s string) string {
	switch {
	case strings.HasPrefix(s, "GET "):
		return "read " + strings.TrimSpace(s[4:])
	case strings.HasPrefix(s, "PUT "):
		return "write " + strings.TrimSpace(s[4:])
	case strings.HasPrefix(s, "DELETE "):
		return "delete " + strings.TrimSpace(s[7:])
	case strings.Contains(s, "?"):
		return "query " + strings.ToLower(s)
	default:
		return "other " + strings.ToUpper(s)
	}
}

// Guarded uses defer and recover, which Go 1.19 does not inline.
func Guarded(f func()) (failed bool) {
	defer func() {
		if recover() != nil {
			failed = true
		}
	}()
	f()
	return false
}

// Scale is small and inlinable.
func Scale(p Point, k int) Point { return Point{X: p.X * k, Y: p.Y * k} }
