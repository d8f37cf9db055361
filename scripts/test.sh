#!/usr/bin/env bash
# The whole test suite of hwcloud.jobs: the sessions of noxfile.py, side by side where it pays. Stops at the first
# stage that fails.
#
#   bash scripts/test.sh [--quick]     --quick (or HWCLOUD_JOBS_QUICK=1): leave out the tests marked `slow`
#
# One stage alone, after `bash scripts/setup.sh`: `.venv/bin/nox -s unit` (`nox -l` lists them all).
# Stages: setup (scripts/setup.sh; the machine's packages, apt-get, install beside it and the first stages: system),
# the main run's lint, sanity, unit, integration and molecule (ansible-core 2.19, .venv), the version matrix: a
# session a release, matrix-2.16 to matrix-2.22 (docs/compatibility.md), and galaxy (galaxy-importer and
# antsibull-docs on the built tarball). On two cores: the matrix and galaxy run beside everything after setup, at
# nice 10 (they take what the main run leaves idle); sanity (one core) beside lint and unit (one core, one after the
# other); integration, which wants both cores, after them.
# Each stage's output goes to .build/logs/<stage>.log and is printed when it fails. Its line gives its wall time, the
# lines its log starts with ">> " (the ansible-core release and Python it ran; its CPU time), and its pytest
# counts (.build/junit/<stage>.xml, <stage>-*.xml). The last line totals every pytest run: "N passed, M failed".
#
# Env: HWCLOUD_JOBS_WORKERS         pytest-xdist workers of integration (default 3; 0: no xdist)
#      HWCLOUD_JOBS_MATRIX_WORKERS  those of a release's integration tests (default 1)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
LOGS="$REPO/.build/logs"
JUNIT="$REPO/.build/junit"
case "${1:-}" in
    --quick) export HWCLOUD_JOBS_QUICK=1 ;;
    "") ;;
    *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
rm -rf "$JUNIT"
mkdir -p "$LOGS" "$JUNIT"
export PATH="$REPO/.venv/bin:$PATH" PIP_DISABLE_PIP_VERSION_CHECK=1
shopt -s nullglob

# the lines of a log that its stage's line quotes: the sessions' ">> " notes and what setup said it did
NOTES='^(>> |setup: |debian_root: (made|reusing) )'
# ansible-test's pip installs into its sanity venvs, left out of a failing stage's output
PIP_CHATTER="^(WARNING: Location 'file:|Looking in |Collecting |Processing |Installing collected |Successfully installed |Using cached pip |Installing requirements for |Requirement already satisfied)|^ +(Downloading |Using cached |━)"

# counts JUNIT_XML...: "passed failed skipped" over these pytest junit files
counts() {
    python3 - "$@" <<'EOF'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:  # a run stopped halfway
        continue
    for suite in [root] if root.tag == "testsuite" else root.iter("testsuite"):
        failures = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        passed += int(suite.get("tests", 0)) - failures - int(suite.get("skipped", 0))
        failed += failures
        skipped += int(suite.get("skipped", 0))
print(passed, failed, skipped)
EOF
}

totals() {
    local p f s
    read -r p f s <<<"$(counts "$JUNIT"/*.xml)"
    echo "pytest totals: $p passed, $f failed, $s skipped"
    echo "$p passed, $f failed"
}

declare -A pid=() began=()
# start STAGE NICENESS CMD...: CMD in the background, in a process group of its own, output to .build/logs/STAGE.log
start() {
    local name="$1" niceness="$2"
    shift 2
    began[$name]=$EPOCHREALTIME
    setsid nice -n "$niceness" "$@" >"$LOGS/$name.log" 2>&1 &
    pid[$name]=$!
}

# finish STAGE: wait for it and print its line; if it failed, its output and the totals, and the suite ends.
finish() {
    local name="$1" log="$LOGS/$1.log" rc=0 secs info p f s xml=()
    wait "${pid[$name]}" || rc=$?
    unset "pid[$name]"
    # its wall time: from its start to its log's last write (a stage in the background may end long before it is joined)
    secs=$(awk -v a="${began[$name]}" -v b="$(date -r "$log" +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
    info="$(grep -E "$NOTES" "$log" | sed 's/^>> //' | paste -sd '|' | sed 's/|/; /g' || true)"
    xml=("$JUNIT/$name"[.-]*xml)
    if [[ ${#xml[@]} -gt 0 ]]; then
        read -r p f s <<<"$(counts "${xml[@]}")"
        info+="${info:+; }$p passed, $f failed, $s skipped"
    fi
    info="${info:+ ($info)}"
    if [[ $rc -ne 0 ]]; then
        echo "---- $name: the last 400 lines of .build/logs/$name.log (pip chatter left out) ----"
        grep -vE "$PIP_CHATTER" "$log" | tail -n 400 || true
        echo "<== $name: FAILED (exit $rc) in ${secs}s$info"
        totals
        exit "$rc"
    fi
    echo "<== $name: ok in ${secs}s$info"
}

# stage NAME: the nox session NAME, in the foreground
stage() {
    echo "==> $1"
    start "$1" 0 nox -s "$1"
    finish "$1"
}

# When the suite ends early (a stage failed, or it was interrupted), the stages still running in the background are
# stopped, their process groups whole (the Debian root's mounts go with them: scripts/debian_root.sh); the machine's
# packages are waited for, never stopped (a dpkg stopped halfway leaves them broken).
stop_background() {
    local name
    for name in "${!pid[@]}"; do
        if [[ "$name" != system ]]; then kill -- "-${pid[$name]}" 2>/dev/null || true; fi
    done
    for name in "${!pid[@]}"; do wait "${pid[$name]}" 2>/dev/null || true; done
}
trap stop_background EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> setup (the machine's packages, apt-get, install beside it and the first stages: system)"
start system 0 bash scripts/setup.sh --system
start setup 0 bash scripts/setup.sh --no-system
finish setup

read -r -a legs <<<"$(python -c 'import noxfile; print(*noxfile.LEGS)')"
echo "==> the version matrix (${legs[*]:-no release}): beside the other stages, at nice 10; its lines follow theirs"
for leg in "${legs[@]}"; do start "$leg" 10 nox -s "$leg"; done
echo "==> galaxy (galaxy-importer, antsibull-docs on the built tarball): beside them, at nice 10; its line comes last"
start galaxy 10 nox -s galaxy
echo "==> sanity: beside lint and unit; its line follows theirs"
start sanity 0 nox -s sanity
stage lint
stage unit
finish sanity
finish system
stage integration
stage molecule
for leg in "${legs[@]}"; do finish "$leg"; done
finish galaxy
totals
