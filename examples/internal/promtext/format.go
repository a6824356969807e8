// Package promtext is a small, standard-library-only stand-in for
// github.com/prometheus/client_golang (no module proxy is reachable where the
// GoMem fixtures are captured). It produces what a Go 1.19 program using
// client_golang's Go and process collectors serves on /metrics, in the
// Prometheus text exposition format 0.0.4 and in the OpenMetrics text format:
// the same metric names, # HELP strings, # TYPE, value formatting, family
// order and histogram bucketing as client_golang (v1.14 era, with every
// runtime/metrics metric enabled) and prometheus/common/expfmt. See
// examples/README.md for the list of families and the known deviations.
//
// This file holds the data model (a reduced dto.MetricFamily) and the two
// text encoders.
package promtext

import (
	"bufio"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Kind is a metric family type.
type Kind int

// The metric family types we produce.
const (
	Counter Kind = iota
	Gauge
	Summary
	Histogram
	Untyped
)

// Label is one label pair.
type Label struct{ Name, Value string }

// Quantile is one summary quantile.
type Quantile struct{ Q, Value float64 }

// Bucket is one histogram bucket: cumulative count of observations <= UpperBound.
type Bucket struct {
	UpperBound float64
	Count      uint64
}

// Metric is one sample set of a family (one label combination).
type Metric struct {
	Labels    []Label
	Value     float64    // counter, gauge, untyped
	Quantiles []Quantile // summary
	Buckets   []Bucket   // histogram, without the +Inf bucket (added on output, as expfmt does)
	Sum       float64    // summary, histogram
	Count     uint64     // summary, histogram
}

// Family is a metric family.
type Family struct {
	Name    string
	Help    string
	Kind    Kind
	Unit    string // OpenMetrics # UNIT (only written when the family name ends in _<unit>)
	Metrics []Metric
}

// SortFamilies sorts by name, as client_golang's Gatherer does.
func SortFamilies(fams []Family) {
	sort.SliceStable(fams, func(i, j int) bool { return fams[i].Name < fams[j].Name })
}

// Content types, as served by promhttp.
const (
	ContentTypeText           = "text/plain; version=0.0.4; charset=utf-8"
	ContentTypeOpenMetrics001 = "application/openmetrics-text; version=0.0.1; charset=utf-8"
	ContentTypeOpenMetrics100 = "application/openmetrics-text; version=1.0.0; charset=utf-8"
)

var (
	helpEscaper   = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	quotedEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

// formatFloat is expfmt's writeFloat: a few fixed spellings, otherwise
// strconv 'g' with the shortest representation (so 3752328 is "3.752328e+06").
func formatFloat(f float64) string {
	switch {
	case f == 1:
		return "1"
	case f == 0:
		return "0"
	case f == -1:
		return "-1"
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, +1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// formatOMFloat is expfmt's writeOpenMetricsFloat: like formatFloat, but a
// number with neither '.' nor 'e' gets ".0" appended.
func formatOMFloat(f float64) string {
	switch {
	case f == 1:
		return "1.0"
	case f == 0:
		return "0.0"
	case f == -1:
		return "-1.0"
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, +1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, "e.") {
		s += ".0"
	}
	return s
}

func writeLabels(w *bufio.Writer, labels []Label, extraName, extraValue string) {
	if len(labels) == 0 && extraName == "" {
		return
	}
	sep := byte('{')
	for _, l := range labels {
		w.WriteByte(sep)
		w.WriteString(l.Name)
		w.WriteString(`="`)
		quotedEscaper.WriteString(w, l.Value)
		w.WriteByte('"')
		sep = ','
	}
	if extraName != "" {
		w.WriteByte(sep)
		w.WriteString(extraName)
		w.WriteString(`="`)
		w.WriteString(extraValue)
		w.WriteByte('"')
	}
	w.WriteByte('}')
}

// WriteText writes the families in the Prometheus text format 0.0.4, in the
// order given (call SortFamilies first), exactly as expfmt.MetricFamilyToText.
func WriteText(out io.Writer, fams []Family) error {
	w := bufio.NewWriter(out)
	sample := func(name string, labels []Label, extraName, extraValue, value string) {
		w.WriteString(name)
		writeLabels(w, labels, extraName, extraValue)
		w.WriteByte(' ')
		w.WriteString(value)
		w.WriteByte('\n')
	}
	for _, f := range fams {
		if f.Help != "" {
			w.WriteString("# HELP ")
			w.WriteString(f.Name)
			w.WriteByte(' ')
			helpEscaper.WriteString(w, f.Help)
			w.WriteByte('\n')
		}
		w.WriteString("# TYPE ")
		w.WriteString(f.Name)
		w.WriteByte(' ')
		w.WriteString(typeName(f.Kind, false, f.Name))
		w.WriteByte('\n')
		for _, m := range f.Metrics {
			switch f.Kind {
			case Counter, Gauge, Untyped:
				sample(f.Name, m.Labels, "", "", formatFloat(m.Value))
			case Summary:
				for _, q := range m.Quantiles {
					sample(f.Name, m.Labels, "quantile", formatFloat(q.Q), formatFloat(q.Value))
				}
				sample(f.Name+"_sum", m.Labels, "", "", formatFloat(m.Sum))
				sample(f.Name+"_count", m.Labels, "", "", formatFloat(float64(m.Count)))
			case Histogram:
				infSeen := false
				for _, b := range m.Buckets {
					sample(f.Name+"_bucket", m.Labels, "le", formatFloat(b.UpperBound), formatFloat(float64(b.Count)))
					infSeen = infSeen || math.IsInf(b.UpperBound, +1)
				}
				if !infSeen {
					sample(f.Name+"_bucket", m.Labels, "le", "+Inf", formatFloat(float64(m.Count)))
				}
				sample(f.Name+"_sum", m.Labels, "", "", formatFloat(m.Sum))
				sample(f.Name+"_count", m.Labels, "", "", formatFloat(float64(m.Count)))
			}
		}
	}
	return w.Flush()
}

// WriteOpenMetrics writes the families in the OpenMetrics text format, as
// expfmt.MetricFamilyToOpenMetrics (with its WithUnit option) followed by
// FinalizeOpenMetrics: a counter's # HELP/# TYPE/# UNIT lines use the name
// without its _total suffix (a counter without _total is typed "unknown"),
// floats always carry a '.' or an exponent, counts are integers, and the
// output ends with "# EOF".
func WriteOpenMetrics(out io.Writer, fams []Family) error {
	w := bufio.NewWriter(out)
	sample := func(name string, labels []Label, extraName, extraValue, value string) {
		w.WriteString(name)
		writeLabels(w, labels, extraName, extraValue)
		w.WriteByte(' ')
		w.WriteString(value)
		w.WriteByte('\n')
	}
	for _, f := range fams {
		short := f.Name
		if f.Kind == Counter && strings.HasSuffix(short, "_total") {
			short = strings.TrimSuffix(short, "_total")
		}
		if f.Help != "" {
			w.WriteString("# HELP ")
			w.WriteString(short)
			w.WriteByte(' ')
			quotedEscaper.WriteString(w, f.Help)
			w.WriteByte('\n')
		}
		w.WriteString("# TYPE ")
		w.WriteString(short)
		w.WriteByte(' ')
		w.WriteString(typeName(f.Kind, true, f.Name))
		w.WriteByte('\n')
		if f.Unit != "" && strings.HasSuffix(short, "_"+f.Unit) {
			w.WriteString("# UNIT ")
			w.WriteString(short)
			w.WriteByte(' ')
			w.WriteString(f.Unit)
			w.WriteByte('\n')
		}
		for _, m := range f.Metrics {
			switch f.Kind {
			case Counter, Gauge, Untyped:
				sample(f.Name, m.Labels, "", "", formatOMFloat(m.Value))
			case Summary:
				for _, q := range m.Quantiles {
					sample(f.Name, m.Labels, "quantile", formatOMFloat(q.Q), formatOMFloat(q.Value))
				}
				sample(f.Name+"_sum", m.Labels, "", "", formatOMFloat(m.Sum))
				sample(f.Name+"_count", m.Labels, "", "", strconv.FormatUint(m.Count, 10))
			case Histogram:
				infSeen := false
				for _, b := range m.Buckets {
					sample(f.Name+"_bucket", m.Labels, "le", formatOMFloat(b.UpperBound), strconv.FormatUint(b.Count, 10))
					infSeen = infSeen || math.IsInf(b.UpperBound, +1)
				}
				if !infSeen {
					sample(f.Name+"_bucket", m.Labels, "le", "+Inf", strconv.FormatUint(m.Count, 10))
				}
				sample(f.Name+"_sum", m.Labels, "", "", formatOMFloat(m.Sum))
				sample(f.Name+"_count", m.Labels, "", "", strconv.FormatUint(m.Count, 10))
			}
		}
	}
	w.WriteString("# EOF\n")
	return w.Flush()
}

func typeName(k Kind, openMetrics bool, name string) string {
	switch k {
	case Counter:
		if openMetrics && !strings.HasSuffix(name, "_total") {
			return "unknown"
		}
		return "counter"
	case Gauge:
		return "gauge"
	case Summary:
		return "summary"
	case Histogram:
		return "histogram"
	}
	if openMetrics {
		return "unknown"
	}
	return "untyped"
}
