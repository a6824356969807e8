package scaling

import (
	"fmt"
	"testing"
)

var sink string

var sizes = []int{16, 64, 256, 1024, 4096}

func parts(n int) []string {
	p := make([]string, n)
	for i := range p {
		p[i] = "word-"
	}
	return p
}

func BenchmarkConcatPlus(b *testing.B) {
	for _, n := range sizes {
		p := parts(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink = ConcatPlus(p)
			}
		})
	}
}

func BenchmarkConcatBuilder(b *testing.B) {
	for _, n := range sizes {
		p := parts(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink = ConcatBuilder(p)
			}
		})
	}
}

func TestConcatAgree(t *testing.T) {
	p := parts(100)
	if ConcatPlus(p) != ConcatBuilder(p) {
		t.Fatal("the two joins differ")
	}
}
