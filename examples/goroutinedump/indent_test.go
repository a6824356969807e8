package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime/pprof"
	"sync"
	"testing"
	"time"
)

// TestIndentedDump prints this program's goroutine dump (?debug=2) the way test
// frameworks print one in a report (goconvey and others): every line behind the
// same indentation. examples/capture-series.sh forms saves its `go test -v`
// output as testdata/goroutines/indented.test.log. Skipped unless
// GOMEM_PRINT_INDENTED_DUMP=1, so `go test ./...` stays quiet.
func TestIndentedDump(t *testing.T) {
	if os.Getenv("GOMEM_PRINT_INDENTED_DUMP") != "1" {
		t.Skip("prints a goroutine dump for capture-series.sh; set GOMEM_PRINT_INDENTED_DUMP=1")
	}
	var ready sync.WaitGroup
	spawn(20, 0, &ready)
	ready.Wait()
	time.Sleep(100 * time.Millisecond) // every goroutine reaches its parking call
	var dump bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&dump, 2); err != nil {
		t.Fatal(err)
	}
	fmt.Println("  Goroutines at the end of the test:")
	fmt.Println()
	lines := bufio.NewScanner(&dump)
	for lines.Scan() {
		fmt.Println("  " + lines.Text())
	}
}
