#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine with Swift: installs the C client libraries and
# the MariaDB (with galera-4) and Mosquitto servers if missing, starts private instances of each (a
# plain MariaDB, a one-node Galera cluster, a broker: scripts/services.sh), builds with
# warnings treated as failures, runs every test (unit and integration), runs the public cron
# corpus through `batchwire next`, and stops the servers it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/deps.sh --servers
export BATCHWIRE_SERVICES_DIR="${BATCHWIRE_SERVICES_DIR:-$(mktemp -d -t batchwire-services.XXXXXX)}"
trap 'scripts/services.sh stop || true' EXIT
scripts/services.sh start
# shellcheck disable=SC1090
source "$(scripts/services.sh env)"
# Every integration test runs here: a missing service fails its tests instead of skipping them (a plain
# `swift test` without the services' environment skips them and says so).
export BATCHWIRE_REQUIRE_SERVICES=1

echo "test: building (warnings in our code, and imports a target does not declare, fail the run)" >&2
swift build --build-tests --explicit-target-dependency-import-check error 2>&1 | tee .build-output.log | grep -E "error:|warning:|Compiling|Build complete" | grep -vE "^\[" || true
if grep -E "^$PWD/(Sources|Tests)/.*(warning|error):" .build-output.log; then
    echo "test: the build printed warnings or errors in our code (above)" >&2
    exit 1
fi
grep -q "Build complete" .build-output.log || { echo "test: build failed" >&2; tail -40 .build-output.log >&2; exit 1; }

corpus="${BATCHWIRE_CRON_CORPUS:-Tests/Fixtures/cron-corpus}"
if [[ -f "$corpus/check.py" ]]; then
    echo "test: cron corpus through batchwire next" >&2
    python3 "$corpus/check.py" --corpus "$corpus" --strict-offset --jobs 4 \
        --cmd "$(swift build --show-bin-path)/batchwire next {expr} --zone={tz} --after={start} --count={count} --dialect={dialect} --seed={seed}"
fi

# At most 24 tests at once: started all together (585 tests) they starved the MQTT clients' threads on a
# 2-core machine for tens of seconds (brokers dropped them for missed keepalives, connects timed out).
swift test --skip-build --experimental-maximum-parallelization-width 24

# The dashboard in a real browser: headless Chromium drives a real `batchwire serve`; screenshots under .build/.
echo "test: the dashboard in headless Chromium" >&2
python3 Tests/BrowserTests/dashboard_browser_test.py --batchwire "$(swift build --show-bin-path)/batchwire" \
    --out .build/dashboard-screenshots
