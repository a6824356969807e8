// Command loadgen is a tiny, bounded load driver for the example servers.
//
// It sends exactly -n GET requests to -url, with query parameter id set to
// -first, -first+1, ..., -first+n-1, using -c concurrent workers. Only
// http://127.0.0.1:PORT/... and http://localhost:PORT/... are accepted, every
// request has a timeout, proxies from the environment are ignored, and the
// exit status is non-zero if any request fails or returns a non-200 status.
//
// Usage: loadgen -url http://127.0.0.1:PORT/work -n COUNT [-c CONC] [-first ID]
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	rawURL := flag.String("url", "", "target URL, e.g. http://127.0.0.1:8080/work (required)")
	n := flag.Int("n", 0, "number of requests to send (required, 1..1000000)")
	conc := flag.Int("c", 4, "number of concurrent workers (1..64)")
	first := flag.Int("first", 0, "id of the first request; ids are first..first+n-1")
	timeout := flag.Duration("timeout", 10*time.Second, "timeout for each request")
	flag.Parse()

	u, err := url.Parse(*rawURL)
	if err != nil || u.Scheme != "http" || u.Port() == "" {
		fail("-url must look like http://127.0.0.1:PORT/path, got %q", *rawURL)
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" {
		fail("refusing host %q: only 127.0.0.1 and localhost are allowed", h)
	}
	if *n < 1 || *n > 1000000 {
		fail("-n must be between 1 and 1000000")
	}
	if *conc < 1 || *conc > 64 {
		fail("-c must be between 1 and 64")
	}
	if *timeout <= 0 {
		fail("-timeout must be positive")
	}

	client := &http.Client{
		Timeout: *timeout,
		Transport: &http.Transport{
			Proxy:               nil, // never go through a proxy
			DialContext:         (&net.Dialer{Timeout: *timeout}).DialContext,
			MaxIdleConnsPerHost: *conc,
		},
		// Never follow a redirect to some other host.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	ids := make(chan int)
	var failures, done int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < *conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				if err := get(client, u, id); err != nil {
					atomic.AddInt64(&failures, 1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				atomic.AddInt64(&done, 1)
			}
		}()
	}
	start := time.Now()
	for i := 0; i < *n; i++ {
		ids <- *first + i
	}
	close(ids)
	wg.Wait()

	fmt.Printf("loadgen: %d ok, %d failed, ids %d..%d, %s\n", done, failures, *first, *first+*n-1, time.Since(start).Round(time.Millisecond))
	if failures > 0 {
		fmt.Fprintf(os.Stderr, "loadgen: first error: %v\n", firstErr.Load())
		os.Exit(1)
	}
}

func get(client *http.Client, base *url.URL, id int) error {
	u := *base
	q := u.Query()
	q.Set("id", strconv.Itoa(id))
	u.RawQuery = q.Encode()
	resp, err := client.Get(u.String())
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("id %d: HTTP %s", id, resp.Status)
	}
	return nil
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
	os.Exit(2)
}
