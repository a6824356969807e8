// Package textproc is version 2 of ../v1: the same code except ParseRecord,
// which now splits with strings.Split and so allocates a []string per call
// (the allocation regression `gomem bench compare` and `gate` must find).
package textproc

import "strings"

// Record is one parsed "key=value;weight" line.
type Record struct {
	Key    string
	Value  string
	Weight int
}

// ParseRecord splits "key=value;weight" with strings.Split: simpler to read,
// but each call allocates the slices Split returns.
func ParseRecord(line string) Record {
	var r Record
	kv := strings.SplitN(line, "=", 2)
	if len(kv) < 2 {
		return r
	}
	r.Key = kv[0]
	parts := strings.Split(kv[1], ";")
	r.Value = parts[0]
	if len(parts) < 2 {
		return r
	}
	for _, c := range parts[1] {
		if c < '0' || c > '9' {
			break
		}
		r.Weight = r.Weight*10 + int(c-'0')
	}
	return r
}

// Checksum is a byte-wise FNV-1a hash: no allocations.
func Checksum(data []byte) uint32 {
	h := uint32(2166136261)
	for _, b := range data {
		h ^= uint32(b)
		h *= 16777619
	}
	return h
}

// JoinFields joins with commas into one pre-sized buffer: one allocation.
func JoinFields(fields []string) string {
	n := len(fields)
	for _, f := range fields {
		n += len(f)
	}
	var b strings.Builder
	b.Grow(n)
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f)
	}
	return b.String()
}

// CountWords counts space-separated words: no allocations.
func CountWords(s string) int {
	words, in := 0, false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			in = false
		} else if !in {
			in = true
			words++
		}
	}
	return words
}
