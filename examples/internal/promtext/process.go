package promtext

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// userHZ is the clock tick procfs assumes for /proc/PID/stat times.
const userHZ = 100

// ProcessFamilies returns client_golang's process collector families for
// this process, read from /proc/self the way prometheus/procfs does:
// process_cpu_seconds_total ((utime+stime)/100 from /proc/self/stat),
// process_virtual_memory_bytes (vsize), process_resident_memory_bytes (rss
// pages * page size), process_start_time_seconds (btime from /proc/stat +
// starttime/100), process_open_fds (entries of /proc/self/fd),
// process_max_fds and process_virtual_memory_max_bytes (soft limits from
// /proc/self/limits; "unlimited" is 2^64-1). Families that cannot be read are
// left out, as the collector does by default. Not sorted.
func ProcessFamilies() []Family {
	var fams []Family
	gauge := func(name, help string, v float64) {
		fams = append(fams, Family{Name: name, Help: help, Kind: Gauge, Unit: unitOf(name, Gauge), Metrics: []Metric{{Value: v}}})
	}
	if st, err := readProcStat(); err == nil {
		fams = append(fams, Family{Name: "process_cpu_seconds_total", Help: "Total user and system CPU time spent in seconds.",
			Kind: Counter, Unit: "seconds", Metrics: []Metric{{Value: float64(st.utime+st.stime) / userHZ}}})
		gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", float64(st.vsize))
		gauge("process_resident_memory_bytes", "Resident memory size in bytes.", float64(st.rss*int64(os.Getpagesize())))
		if bt, err := bootTime(); err == nil {
			gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", float64(bt)+float64(st.starttime)/userHZ)
		}
	}
	if d, err := os.Open("/proc/self/fd"); err == nil {
		names, err := d.Readdirnames(-1)
		d.Close()
		if err == nil {
			gauge("process_open_fds", "Number of open file descriptors.", float64(len(names)))
		}
	}
	if lim, err := os.ReadFile("/proc/self/limits"); err == nil {
		if v, ok := softLimit(lim, "Max open files"); ok {
			gauge("process_max_fds", "Maximum number of open file descriptors.", v)
		}
		if v, ok := softLimit(lim, "Max address space"); ok {
			gauge("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.", v)
		}
	}
	return fams
}

type procStat struct {
	utime, stime, starttime uint64
	vsize                   uint64
	rss                     int64
}

func readProcStat() (procStat, error) {
	var st procStat
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return st, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return st, fmt.Errorf("/proc/self/stat: no ')'")
	}
	f := strings.Fields(string(data[i+1:]))
	// f[0] is field 3 (state); field N is f[N-3].
	if len(f) < 22 {
		return st, fmt.Errorf("/proc/self/stat: %d fields", len(f)+2)
	}
	parse := func(n int) uint64 { v, _ := strconv.ParseUint(f[n-3], 10, 64); return v }
	st.utime, st.stime = parse(14), parse(15)
	st.starttime = parse(22)
	st.vsize = parse(23)
	st.rss, _ = strconv.ParseInt(f[24-3], 10, 64)
	return st, nil
}

func bootTime() (uint64, error) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "btime ") {
			return strconv.ParseUint(strings.TrimSpace(line[6:]), 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/stat: no btime")
}

// softLimit finds the soft limit of one /proc/self/limits row.
func softLimit(data []byte, row string) (float64, bool) {
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, row+" ") {
			continue
		}
		f := strings.Fields(line[len(row):])
		if len(f) == 0 {
			return 0, false
		}
		if f[0] == "unlimited" {
			return float64(^uint64(0)), true
		}
		v, err := strconv.ParseUint(f[0], 10, 64)
		return float64(v), err == nil
	}
	return 0, false
}
