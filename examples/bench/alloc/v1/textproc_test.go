package textproc

import "testing"

var (
	sinkRecord Record
	sinkString string
	sinkInt    int
	sinkUint   uint32
)

var line = "user.name=gopher-the-great;42"

var data = []byte("The quick brown fox jumps over the lazy dog, again and again and again.")

var fields = []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}

func BenchmarkParseRecord(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkRecord = ParseRecord(line)
	}
}

func BenchmarkChecksum(b *testing.B) {
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		sinkUint = Checksum(data)
	}
}

func BenchmarkJoinFields(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkString = JoinFields(fields)
	}
}

func BenchmarkCountWords(b *testing.B) {
	s := string(data)
	for i := 0; i < b.N; i++ {
		sinkInt = CountWords(s)
	}
}

func TestParseRecord(t *testing.T) {
	r := ParseRecord(line)
	if r.Key != "user.name" || r.Value != "gopher-the-great" || r.Weight != 42 {
		t.Fatalf("got %+v", r)
	}
}
