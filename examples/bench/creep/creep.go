// Package creep is a benchmark whose cost grows a little with every build, the way a codebase's records gain a
// field or two release after release: examples/bench/capture-creep.sh builds it eight times, each with a few more
// fields (set with -ldflags -X), and records each build's results as one commit of a benchmark history. No single
// step moves allocations by 5%, so a per-commit gate passes them all; together they add 14%.
package creep

import "strconv"

// fields is the number of fields a record has in this build (-ldflags "-X gomem.example/examples/bench/creep.fields=N").
var fields = "100"

type field struct {
	name  string
	value int
}

// Record builds one record of n fields: n small objects and the slice that holds them.
func Record(n int) []*field {
	r := make([]*field, n)
	for i := range r {
		r[i] = &field{name: "f", value: i}
	}
	return r
}

// Fields is this build's field count.
func Fields() int {
	n, err := strconv.Atoi(fields)
	if err != nil || n <= 0 {
		panic("creep: bad field count " + fields)
	}
	return n
}
