#!/usr/bin/env bash
# Build the project's virtualenv (.venv) and collections path (.build/collections).
#
#   bash scripts/setup.sh          install/refresh; a no-op when nothing changed
#   bash scripts/setup.sh --demo   only what scripts/demo.sh runs (tests/requirements-demo.txt:
#                                  ansible-core, requests, the SDK core the emulator verifies
#                                  AK/SK with); a no-op in a venv the full setup built
#   bash scripts/setup.sh --lock   re-resolve tests/requirements.txt without the
#                                  constraints and rewrite tests/constraints.txt
#   bash scripts/setup.sh --system     only the machine's packages the tests need (apt-get: Java 17
#                                      for ansible-rulebook, chromium, tinyproxy); log .build/logs/setup-apt.log
#   bash scripts/setup.sh --no-system  all but those (scripts/test.sh installs them beside its
#                                      first stages, with --system)
#
# Env: PYTHON (interpreter for the venv, default python3.11, else python3).
# Quiet unless failing: prints one line saying what it did (and the venv's ansible-core and Python);
# the install log is in .build/logs/setup-install.log and its end is printed when an install fails.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
BUILD="$REPO/.build"
LOG="$BUILD/logs/setup-install.log"
STAMP="$VENV/.requirements.sha256"
REQS=("$REPO/requirements.txt" "$REPO/tests/requirements.txt" "$REPO/tests/constraints.txt")

lock=0
demo=0
system=1
system_only=0
TEST_REQS="$REPO/tests/requirements.txt"
case "${1:-}" in
    --lock) lock=1 ;;
    --demo) demo=1 system=0 ;;
    --system) system_only=1 LOG="$BUILD/logs/setup-apt.log" ;;
    --no-system) system=0 ;;
    "") ;;
    *) echo "usage: $0 [--lock | --demo | --system | --no-system]" >&2; exit 2 ;;
esac
FULL_STAMP="$STAMP"
FULL_REQS=("${REQS[@]}")
if [[ $demo -eq 1 ]]; then
    TEST_REQS="$REPO/tests/requirements-demo.txt"
    STAMP="$VENV/.demo-requirements.sha256"
    REQS=("$REPO/requirements.txt" "$TEST_REQS" "$REPO/tests/constraints.txt")
fi

mkdir -p "$BUILD/logs"

pick_python() {
    if [[ -n "${PYTHON:-}" ]]; then echo "$PYTHON"; return; fi
    if command -v python3.11 >/dev/null 2>&1; then echo python3.11; return; fi
    echo python3
}

fail() {
    echo "setup.sh: $1 (log: $LOG)" >&2
    tail -n 60 "$LOG" >&2 || true
    exit 1
}

requirements_hash() {
    local f
    {
        "$VENV/bin/python" -c 'import sys; print(sys.version)'
        for f in "${REQS[@]}"; do
            echo "== ${f#"$REPO"/}"
            if [[ -f "$f" ]]; then cat "$f"; fi
        done
    } | sha256sum | cut -d' ' -f1
}

: >"$LOG"

# The venv the full setup built, still current: it holds everything the demo needs.
full_venv_current() {
    local REQS=("${FULL_REQS[@]}")
    [[ -f "$FULL_STAMP" && "$(cat "$FULL_STAMP")" == "$(requirements_hash)" ]]
}

# ansible-rulebook (tests/integration/test_eda.py) runs its rules engine on Java 17 or newer.
java_major() {
    java -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
}
java_note=""
sudo=()
if [[ $EUID -ne 0 ]]; then sudo=(sudo); fi
# (waiting for the package database while another apt-get has it: scripts/debian_root.sh may be installing mmdebstrap)
apt_get() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" >>"$LOG" 2>&1; }
major="$(java_major 2>/dev/null || true)"
if [[ $system -eq 1 ]] && [[ -z "$major" || "$major" -lt 17 ]]; then
    apt_get update || fail "apt-get update failed (installing Java 17 for ansible-rulebook)"
    apt_get install -y --no-install-recommends openjdk-17-jre-headless \
        || fail "cannot install openjdk-17-jre-headless (Java 17 for ansible-rulebook)"
    java_note="; installed openjdk-17-jre-headless"
fi

# The HTML report's browser tests (tests/integration/test_report_html.py) open it in Debian's chromium. Where it
# cannot be installed, setup goes on and those tests skip, saying why.
if [[ $system -eq 1 && ! -x /usr/bin/chromium ]]; then
    if apt_get install -y --no-install-recommends chromium \
        || { apt_get update && apt_get install -y --no-install-recommends chromium; }; then
        java_note+="; installed chromium"
    else
        java_note+="; chromium could not be installed (the browser tests will skip; see $LOG)"
    fi
fi

# tests/integration/test_proxy.py runs a real proxy in front of the emulator: Debian's tinyproxy (the binary only).
if [[ $system -eq 1 ]] && ! command -v tinyproxy >/dev/null 2>&1; then
    apt_get install -y --no-install-recommends tinyproxy-bin \
        || { apt_get update && apt_get install -y --no-install-recommends tinyproxy-bin; } \
        || fail "cannot install tinyproxy-bin (the proxy of tests/integration/test_proxy.py)"
    java_note="$java_note; installed tinyproxy-bin"
fi
if [[ $system_only -eq 1 ]]; then
    echo "setup: system packages${java_note:-: nothing to install}"
    exit 0
fi

# --lock resolves in a fresh venv so the freeze holds exactly what the requirements pull in.
if [[ $lock -eq 1 ]]; then
    rm -rf "$VENV"
fi
# A venv whose interpreter no longer runs (python moved or upgraded) is rebuilt.
if [[ -e "$VENV" ]] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$VENV"
fi
created=""
if [[ ! -x "$VENV/bin/python" ]]; then
    py="$(pick_python)"
    "$py" -m venv "$VENV" >>"$LOG" 2>&1 || fail "cannot create $VENV with $py"
    created="created .venv ($("$VENV/bin/python" -c 'import platform; print(platform.python_version())')), "
fi

# uv (pinned in tests/constraints.txt, put in the venv by its pip) installs the rest: the same pins as pip would,
# in a few seconds instead of a minute or two. The venv keeps its pip (ansible-test and users expect one).
UV_PIN="$(sed -n 's/^uv==//p' "$REPO/tests/constraints.txt")"
if [[ "$("$VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$UV_PIN" ]]; then
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input "uv==$UV_PIN" >>"$LOG" 2>&1 \
        || fail "cannot install uv==$UV_PIN into $VENV"
fi
pip_install() {
    # (not compiled at install, as pip would: the first process to import a module compiles it, and only what is
    # imported, a fraction of the ~10,000 files; copies, not links into uv's cache; the machine's CA store, as
    # pip's, for a proxy that inspects TLS)
    UV_LINK_MODE=copy UV_SYSTEM_CERTS=1 "$VENV/bin/uv" pip install --python "$VENV/bin/python" --no-progress "$@" >>"$LOG" 2>&1
}

if [[ $lock -eq 1 ]]; then
    pip_install -r "$REPO/tests/requirements.txt" -r "$REPO/requirements.txt" \
        || fail "pip install (lock) failed"
    {
        echo "# Full pip freeze of the venv built by scripts/setup.sh (regenerate: bash scripts/setup.sh --lock)."
        "$VENV/bin/python" -m pip freeze --disable-pip-version-check --exclude-editable
    } >"$REPO/tests/constraints.txt"
    "$VENV/bin/python" -m pip check >>"$LOG" 2>&1 || fail "pip check failed"
    requirements_hash >"$STAMP"
    did="${created}resolved and wrote tests/constraints.txt"
elif [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(requirements_hash)" ]]; then
    did="${created}venv up to date"
elif [[ $demo -eq 1 ]] && full_venv_current; then
    did="${created}venv up to date (the full test venv)"
else
    constraints=()
    if [[ -f "$REPO/tests/constraints.txt" ]]; then
        constraints=(-c "$REPO/tests/constraints.txt")
    fi
    pip_install -r "$TEST_REQS" "${constraints[@]}" -r "$REPO/requirements.txt" \
        || fail "pip install failed"
    requirements_hash >"$STAMP"
    did="${created}installed requirements"
fi

# The bytecode of what a playbook imports (ansible-core, requests and what they require), as pip writes it at
# install (uv does not): where PYTHONDONTWRITEBYTECODE is set, as on these machines, every ansible-playbook run
# would otherwise compile Jinja2, PyYAML, requests and urllib3 from source, some 0.1 s of each run's start-up that
# no user with a pip-installed ansible pays. A few seconds the first time, a look at mtimes after.
"$VENV/bin/python" - <<'PY' >>"$LOG" 2>&1 || fail "cannot compile the runtime's bytecode (see $LOG)"
import compileall, importlib.metadata as md, re
seen, todo, roots = set(), ["ansible-core", "requests"], set()
while todo:
    name = re.split(r"[ ;<>=!~\[(]", todo.pop(), 1)[0].lower().replace("_", "-")
    if name in seen:
        continue
    seen.add(name)
    try:
        dist = md.distribution(name)
    except md.PackageNotFoundError:
        continue
    todo.extend(r for r in (dist.requires or []) if "extra ==" not in r)
    for f in dist.files or []:
        if f.suffix == ".py" and ".." not in f.parts and not str(f).startswith("bin"):
            roots.add(str(dist.locate_file(f.parts[0])))
ok = all(compileall.compile_dir(root, quiet=1, workers=0) if not root.endswith(".py") else compileall.compile_file(root, quiet=1)
         for root in sorted(roots))
print("compiled the bytecode of %d distributions (%s)" % (len(seen), ", ".join(sorted(seen))))
raise SystemExit(0 if ok else 1)
PY

# hwcloud.jobs on ANSIBLE_COLLECTIONS_PATH=$REPO/.build/collections (relative link: survives a moved checkout).
ns_dir="$BUILD/collections/ansible_collections/hwcloud"
mkdir -p "$ns_dir"
if [[ "$(readlink "$ns_dir/jobs" 2>/dev/null || true)" != "../../../.." ]]; then
    rm -rf "$ns_dir/jobs"
    ln -s ../../../.. "$ns_dir/jobs"
fi

echo "setup: ${did}; .build/collections linked${java_note}; $("$VENV/bin/python" -c 'import ansible, platform; print("ansible-core %s on Python %s" % (ansible.__version__, platform.python_version()))')"
