package creep

import "testing"

var sink []*field

func BenchmarkRecord(b *testing.B) {
	n := Fields()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = Record(n)
	}
}
