#!/usr/bin/env bash
# Builds Batchwire (installing the C client libraries first if missing) and runs it:
#   bash scripts/run.sh serve          the daemon on the embedded default (SQLite, no broker)
#   bash scripts/run.sh <command> ...  any other batchwire command
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/deps.sh
# The step supervisor lives next to batchwire: it stops a step's processes when the node dies.
swift build --product batchwire-step-supervisor 2>&1 | grep -E "error|warning: " >&2 || true
swift build --product batchwire 2>&1 | grep -E "error|warning: |Build complete" >&2 || true
exec "$(swift build --show-bin-path)/batchwire" "$@"
