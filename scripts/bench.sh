#!/usr/bin/env bash
# Benchmarks of hwcloud.jobs against what users write today (ansible.builtin.uri + until),
# every scenario against a local emulator on 127.0.0.1 that the run starts and stops.
#
#   bash scripts/bench.sh            full run (about 10 minutes): prints the tables, writes
#                                    benchmarks/results/latest.json and benchmarks/RESULTS.md
#   bash scripts/bench.sh --smoke    tiny sizes, short waits (under a minute)
#   bash scripts/bench.sh --only cost,fanin,throttled,startup,start,profile
#   bash scripts/bench.sh --results DIR
#
# Runs scripts/setup.sh first (a no-op when .venv is up to date). Prints figures; never fails on
# slowness (non-zero only when a benchmark could not run).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bash "$REPO/scripts/setup.sh"

export PATH="$REPO/.venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$REPO/.build/collections"
cd "$REPO"
exec "$REPO/.venv/bin/python" "$REPO/benchmarks/run.py" "$@"
