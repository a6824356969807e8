#!/usr/bin/env bash
# Runs GoMem's whole test suite (unit, golden-file, conformance and end-to-end tests) and prints a summary line.
# Small fixtures are committed; the big ones (a 100,000-goroutine dump) are made at test time by a real Go
# program, so Go is installed here when missing (Debian's golang-go, as examples/capture.sh needs).
set -uo pipefail
cd "$(dirname "$0")"
if ! command -v go >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "test.sh: installing Go (apt-get install -y golang-go) for the tests that build example programs" >&2
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq golang-go >/dev/null || echo "test.sh: could not install Go; the tests that need it will fail" >&2
fi
# The store's PostgreSQL tests start their own throwaway cluster (initdb, pg_ctl) on a free 127.0.0.1 port, so the
# server binaries are installed when missing, and the cluster Debian's package starts by itself is stopped and kept
# from starting again; without PostgreSQL those tests are skipped, with the reason.
if ! command -v pg_config >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "test.sh: installing PostgreSQL (apt-get install -y postgresql) for the PostgreSQL store tests" >&2
  if $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq postgresql >/dev/null; then
    if command -v pg_lsclusters >/dev/null 2>&1; then
      pg_lsclusters -h 2>/dev/null | while read -r version cluster _; do
        $sudo pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true
        [ -f "/etc/postgresql/$version/$cluster/start.conf" ] && echo manual | $sudo tee "/etc/postgresql/$version/$cluster/start.conf" >/dev/null
      done
    fi
    if command -v systemctl >/dev/null 2>&1; then $sudo systemctl disable --now postgresql >/dev/null 2>&1 || true; fi
  else
    echo "test.sh: could not install PostgreSQL; the PostgreSQL store tests will be skipped" >&2
  fi
fi
# The Prometheus tests run Debian's prometheus (2.42) on a free 127.0.0.1 port with their own configuration, and its
# promtool on the exported rules and dashboard queries, so the package is installed when missing (without the
# node exporter it recommends), and the server Debian's package starts by itself is stopped and kept from starting
# again; without it those tests are skipped, with the reason.
if ! command -v promtool >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "test.sh: installing Prometheus (apt-get install -y prometheus) for the Prometheus tests" >&2
  if $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null; then
    if command -v systemctl >/dev/null 2>&1; then $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true; fi
    if command -v service >/dev/null 2>&1; then $sudo service prometheus stop >/dev/null 2>&1 || true; fi
    if command -v update-rc.d >/dev/null 2>&1; then $sudo update-rc.d prometheus disable >/dev/null 2>&1 || true; fi
  else
    echo "test.sh: could not install Prometheus; the Prometheus tests will be skipped" >&2
  fi
fi
# The alert delivery tests run Debian's prometheus-alertmanager (0.25) on a free 127.0.0.1 port with their own
# configuration and storage, clustering off, so the package is installed when missing (without what it recommends),
# and the server Debian's package starts by itself is stopped and kept from starting again; without it those tests
# are skipped, with the reason.
if [ ! -x /usr/bin/prometheus-alertmanager ] && command -v apt-get >/dev/null 2>&1; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "test.sh: installing Alertmanager (apt-get install -y prometheus-alertmanager) for the alert delivery tests" >&2
  if $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null; then
    if command -v systemctl >/dev/null 2>&1; then $sudo systemctl disable --now prometheus-alertmanager >/dev/null 2>&1 || true; fi
    if command -v service >/dev/null 2>&1; then $sudo service prometheus-alertmanager stop >/dev/null 2>&1 || true; fi
    if command -v update-rc.d >/dev/null 2>&1; then $sudo update-rc.d prometheus-alertmanager disable >/dev/null 2>&1 || true; fi
  else
    echo "test.sh: could not install Alertmanager; the Alertmanager tests will be skipped" >&2
  fi
fi
# The dashboard of gomem serve is a page bundled from web/ (npm ci from the lockfile, then esbuild), built before dotnet
# builds the assembly that embeds it; its browser test drives Debian's chromium with playwright-core, so chromium is
# installed when missing. Without npm or chromium the browser test is skipped, with the reason.
if command -v npm >/dev/null 2>&1; then
  (cd web && npm ci --no-audit --no-fund >/dev/null && npm run build --silent) || echo "test.sh: could not build the dashboard page (web/); its browser test will be skipped" >&2
else
  echo "test.sh: npm not found; the dashboard page is not built and its browser test will be skipped" >&2
fi
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "test.sh: installing Chromium (apt-get install -y chromium) for the dashboard's browser test" >&2
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq chromium >/dev/null || echo "test.sh: could not install Chromium; the browser test will be skipped" >&2
fi
# The native build's tests (scripts/release.sh run for real, the native binary against the golden files) link with
# clang or gcc, so a C toolchain is installed when neither is there (gcc and libc6-dev, with which they are measured);
# without one those tests are skipped, with the reason.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "test.sh: installing a C toolchain (apt-get install -y gcc libc6-dev) to link the native build for its tests" >&2
  $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null || echo "test.sh: could not install gcc; the native build's tests will be skipped" >&2
fi
log=$(mktemp)
results=$(mktemp -d)
dotnet test GoMem.slnx -c Release --nologo --logger "trx;LogFilePrefix=gomem" --results-directory "$results" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# No skip is silent: every skipped test's reason (from the run's trx files), with how many tests it skipped.
cat "$results"/*.trx 2>/dev/null | awk '
  /<UnitTestResult / { skipped = ($0 ~ /outcome="NotExecuted"/) }
  skipped && /<Message>/ {
    reason = $0; sub(/.*<Message>/, "", reason); sub(/<\/Message>.*/, "", reason)
    gsub(/&quot;/, "\"", reason); gsub(/&apos;/, "\047", reason); gsub(/&lt;/, "<", reason); gsub(/&gt;/, ">", reason); gsub(/&amp;/, "\\&", reason)
    count[reason]++; skipped = 0
  }
  END { for (reason in count) printf "skipped %d: %s\n", count[reason], reason }' | sort -k2,2 -rn
# dotnet test prints "Passed!  - Failed: 0, Passed: N, Skipped: S, ..." per test assembly (Failed! or Skipped! as the case may be); sum them.
awk '/(Passed|Failed|Skipped)! +- Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -rf "$log" "$results"
exit "$status"
