package promtext

import (
	"compress/gzip"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Gather returns every family a default client_golang registry would hold
// (Go collector with all runtime/metrics, process collector), sorted by
// name, from one Snapshot, plus extra families (e.g. promhttp's).
func Gather(s *Snapshot, extra ...Family) []Family {
	fams := s.GoFamilies()
	fams = append(fams, ProcessFamilies()...)
	fams = append(fams, extra...)
	SortFamilies(fams)
	return fams
}

// Format is a negotiated exposition format.
type Format int

// Formats we can write.
const (
	FormatText Format = iota
	FormatOpenMetrics001
	FormatOpenMetrics100
)

// ContentType of the format, as promhttp sets it.
func (f Format) ContentType() string {
	switch f {
	case FormatOpenMetrics001:
		return ContentTypeOpenMetrics001
	case FormatOpenMetrics100:
		return ContentTypeOpenMetrics100
	}
	return ContentTypeText
}

// Negotiate picks the format from an Accept header like
// expfmt.NegotiateIncludingOpenMetrics: entries by decreasing q, the first
// acceptable one wins; text/plain with version 0.0.4 or none, and
// application/openmetrics-text with version 0.0.1, 1.0.0 or none, are
// acceptable. The protobuf format is not implemented here, so a protobuf
// entry is skipped (client_golang would serve protobuf). Default: text.
func Negotiate(accept string) Format {
	type entry struct {
		typ, ver string
		q        float64
	}
	var entries []entry
	for _, part := range strings.Split(accept, ",") {
		fields := strings.Split(part, ";")
		e := entry{typ: strings.ToLower(strings.TrimSpace(fields[0])), q: 1}
		for _, p := range fields[1:] {
			kv := strings.SplitN(strings.TrimSpace(p), "=", 2)
			if len(kv) != 2 {
				continue
			}
			switch strings.ToLower(kv[0]) {
			case "q":
				if q, err := strconv.ParseFloat(kv[1], 64); err == nil {
					e.q = q
				}
			case "version":
				e.ver = kv[1]
			}
		}
		if e.typ != "" {
			entries = append(entries, e)
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].q > entries[j].q })
	for _, e := range entries {
		switch {
		case e.typ == "text/plain" && (e.ver == "0.0.4" || e.ver == ""):
			return FormatText
		case e.typ == "application/openmetrics-text" && e.ver == "1.0.0":
			return FormatOpenMetrics100
		case e.typ == "application/openmetrics-text" && (e.ver == "0.0.1" || e.ver == ""):
			return FormatOpenMetrics001
		}
	}
	return FormatText
}

func gzipAccepted(h http.Header) bool {
	for _, part := range strings.Split(h.Get("Accept-Encoding"), ",") {
		part = strings.TrimSpace(part)
		if part == "gzip" || strings.HasPrefix(part, "gzip;") {
			return true
		}
	}
	return false
}

type handler struct {
	inFlight int64
	mu       sync.Mutex
	byCode   map[string]float64 // scrapes served so far, by HTTP status
}

// Handler serves /metrics like promhttp.InstrumentMetricHandler(registry,
// promhttp.HandlerFor(registry, promhttp.HandlerOpts{EnableOpenMetrics:
// true})) over a registry holding the Go collector (all runtime/metrics
// enabled) and the process collector: content negotiation between the text
// format 0.0.4 and OpenMetrics, gzip when accepted, and the
// promhttp_metric_handler_requests_in_flight / _requests_total families.
func Handler() http.Handler {
	return &handler{byCode: map[string]float64{"200": 0, "500": 0, "503": 0}}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	inFlight := atomic.AddInt64(&h.inFlight, 1)
	defer atomic.AddInt64(&h.inFlight, -1)

	h.mu.Lock()
	total := Family{Name: "promhttp_metric_handler_requests_total", Help: "Total number of scrapes by HTTP status code.", Kind: Counter}
	for _, code := range []string{"200", "500", "503"} {
		total.Metrics = append(total.Metrics, Metric{Labels: []Label{{"code", code}}, Value: h.byCode[code]})
	}
	h.mu.Unlock()
	promhttp := []Family{
		{Name: "promhttp_metric_handler_requests_in_flight", Help: "Current number of scrapes being served.", Kind: Gauge,
			Metrics: []Metric{{Value: float64(inFlight)}}},
		total,
	}

	fams := Gather(Take(), promhttp...)
	format := Negotiate(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", format.ContentType())
	var out io.Writer = w
	var gz *gzip.Writer
	if gzipAccepted(r.Header) {
		w.Header().Set("Content-Encoding", "gzip")
		gz = gzip.NewWriter(w)
		out = gz
	}
	var err error
	if format == FormatText {
		err = WriteText(out, fams)
	} else {
		err = WriteOpenMetrics(out, fams)
	}
	if gz != nil {
		if cerr := gz.Close(); err == nil {
			err = cerr
		}
	}
	code := "200"
	if err != nil {
		code = "500"
	}
	h.mu.Lock()
	h.byCode[code]++
	h.mu.Unlock()
}
