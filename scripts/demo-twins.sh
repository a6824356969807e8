# demo-twins.sh - sourced by the demo scripts (capture-watch-demo.sh, prometheus-demo.sh): builds the examples, starts
# the leaking service and its healthy twin (examples/leakymap and examples/boundedcache on 127.0.0.1:7101 and 7102,
# as testdata/watch/targets.yaml names them) and gives both the same load from examples/loadgen: 100 new ids every
# half second at most (the leak then grows by some 45 MB a minute), ids that keep increasing.
# Expects: root (the repository), bin (where the binaries go), die (prints and exits), pids (an array); adds the
# services and load loops to pids, for the caller's cleanup.

export GOPROXY=off GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0
mkdir -p "$bin"
for program in leakymap boundedcache loadgen; do
  (cd "$root/examples" && go build -trimpath -o "$bin/$program" "./$program")
done

for spec in leakymap:7101 boundedcache:7102; do
  "$bin/${spec%%:*}" -addr "127.0.0.1:${spec##*:}" >/dev/null 2>&1 &
  pids+=($!)
done
for port in 7101 7102; do
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/debug/vars" && continue 2
    sleep 0.1
  done
  die "nothing answers on 127.0.0.1:$port"
done

load() {
  local port=$1 batch=0
  while "$bin/loadgen" -url "http://127.0.0.1:$port/work" -n 100 -c 2 -first $((batch * 100)) >/dev/null 2>&1; do
    batch=$((batch + 1))
    sleep 0.5
  done
}
load 7101 &
pids+=($!)
load 7102 &
pids+=($!)
