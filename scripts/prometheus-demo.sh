#!/usr/bin/env bash
# prometheus-demo.sh - the README's Prometheus example, for real: the leaking service and its healthy twin
# (examples/leakymap and examples/boundedcache on 127.0.0.1:7101 and 7102, as testdata/watch/targets.yaml names them)
# under the same load, `gomem watch --listen 127.0.0.1:9464 --alertmanager http://127.0.0.1:9093` over them,
# Prometheus (Debian's package, on 127.0.0.1:9090) scraping gomem and the services with testdata/watch/prometheus.yml
# and GoMem's exported rules, and Alertmanager (Debian's package, on 127.0.0.1:9093, testdata/watch/alertmanager.yml)
# receiving the alerts of both. Prints what the README shows: promtool's check of the rules, part of gomem's /metrics,
# the alerts firing in Prometheus after a minute and a half, and what Alertmanager holds then.
#
# Usage: scripts/prometheus-demo.sh
# Needs: go (apt-get install -y golang-go), prometheus and promtool (apt-get install -y prometheus),
# prometheus-alertmanager and amtool (apt-get install -y prometheus-alertmanager), curl, python3, dotnet; ports 7101,
# 7102, 9090, 9093 and 9464 free.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=/opt/gomem-examples # as examples/capture.sh: the profiles record the binary's path
work=$(mktemp -d)

die() { echo "prometheus-demo.sh: $*" >&2; exit 1; }
for tool in go curl python3 prometheus promtool prometheus-alertmanager amtool; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found"
done

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

source "$root/scripts/demo-twins.sh"

cd "$work"
echo "\$ gomem export prometheus-rules -o gomem-rules.yml && promtool check rules gomem-rules.yml"
"$root/gomem" export prometheus-rules -o gomem-rules.yml
promtool check rules gomem-rules.yml
cp "$root/testdata/watch/prometheus.yml" "$root/testdata/watch/alertmanager.yml" .

prometheus-alertmanager --config.file=alertmanager.yml --storage.path=am --web.listen-address=127.0.0.1:9093 --cluster.listen-address= --log.level=warn 2>alertmanager.log &
pids+=($!)
"$root/gomem" watch --config "$root/testdata/watch/targets.yaml" --store demo.db --listen 127.0.0.1:9464 --alertmanager http://127.0.0.1:9093 --external-url http://127.0.0.1:8080/ --for 150s -o watch.log 2>/dev/null &
pids+=($!)
prometheus --config.file=prometheus.yml --storage.tsdb.path=data --web.listen-address=127.0.0.1:9090 --log.level=warn 2>prometheus.log &
pids+=($!)

sleep 90
echo
echo "\$ curl -s http://127.0.0.1:9464/metrics | grep -E '^gomem_(target_[a-z_]+\{job=\"shop\",instance=\"127.0.0.1:7101\"|collector_(cycle_errors|leases))'"
curl -s http://127.0.0.1:9464/metrics | grep -E '^gomem_(target_[a-z_]+\{job="shop",instance="127.0.0.1:7101"|collector_(cycle_errors|leases))'
echo
echo "\$ curl -s http://127.0.0.1:9090/api/v1/alerts   # the alerts, one line each"
curl -s http://127.0.0.1:9090/api/v1/alerts | python3 -c '
import json, sys
alerts = json.load(sys.stdin)["data"]["alerts"]
for a in sorted(alerts, key=lambda a: (a["labels"]["alertname"], a["labels"].get("instance", ""), a["labels"].get("code", ""))):
    labels = a["labels"]
    code = " code=" + labels["code"] if "code" in labels else ""
    print("%-8s %-18s %s/%s%s  %s" % (a["state"], labels["alertname"], labels.get("job", ""), labels.get("instance", ""), code, a["annotations"]["summary"]))
'
echo
echo "\$ amtool alert query --alertmanager.url=http://127.0.0.1:9093"
amtool alert query --alertmanager.url=http://127.0.0.1:9093
echo
echo "\$ amtool alert query --alertmanager.url=http://127.0.0.1:9093 --inhibited GoMemHeapLeak series=live_heap"
amtool alert query --alertmanager.url=http://127.0.0.1:9093 --inhibited GoMemHeapLeak series=live_heap
echo
echo "(gomem watch log:)"
cat watch.log
