// Package textproc is version 1 of a small text-processing package used to
// show `gomem bench compare` and `gomem bench gate` finding an allocation
// regression. Version 2 (../v2) is identical except ParseRecord.
package textproc

import "strings"

// Record is one parsed "key=value;weight" line.
type Record struct {
	Key    string
	Value  string
	Weight int
}

// ParseRecord splits "key=value;weight" without allocating: the strings it
// returns are slices of line.
func ParseRecord(line string) Record {
	var r Record
	eq := strings.IndexByte(line, '=')
	if eq < 0 {
		return r
	}
	r.Key = line[:eq]
	rest := line[eq+1:]
	semi := strings.IndexByte(rest, ';')
	if semi < 0 {
		r.Value = rest
		return r
	}
	r.Value = rest[:semi]
	for _, c := range rest[semi+1:] {
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
