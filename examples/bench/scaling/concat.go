// Package scaling has two ways to join n short strings, benchmarked at growing
// n so `gomem bench scaling` can tell their complexity apart: repeated `s += x`
// copies the whole string each time (O(n²) bytes allocated), while a
// strings.Builder grown once allocates O(n) bytes in one allocation.
package scaling

import "strings"

// ConcatPlus joins with s += x: each step allocates a new, longer string.
func ConcatPlus(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}

// ConcatBuilder joins into a strings.Builder sized up front: one allocation.
func ConcatBuilder(parts []string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		b.WriteString(p)
	}
	return b.String()
}
