#!/usr/bin/env bash
# Run playbooks/demo.yml against the local Huawei Cloud job-API emulator.
#
#   bash scripts/demo.sh [ansible-playbook options, e.g. -v]
#
# With real credentials in the environment (any of HW_ACCESS_KEY, HUAWEICLOUD_SDK_AK,
# HW_AUTH_TOKEN, HW_USER_NAME set) no emulator is started and nothing is overridden:
# the same playbook talks to the real cloud.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$REPO/.build"
PID_FILE="$BUILD/emulator.pid"
EMU_LOG="$BUILD/logs/emulator.log"
START_TIMEOUT="${HWCLOUD_JOBS_EMULATOR_START_TIMEOUT:-30}"
STOP_TIMEOUT=5

# Only what the demo runs (ansible-core, requests, the SDK core the emulator checks signatures with): the
# test toolchain is `bash scripts/test.sh`'s to install. In a venv the full setup built, this is a no-op.
bash "$REPO/scripts/setup.sh" --demo

export ANSIBLE_COLLECTIONS_PATH="$REPO/.build/collections"
export PATH="$REPO/.venv/bin:$PATH"
export ANSIBLE_PYTHON_INTERPRETER="$REPO/.venv/bin/python"
cd "$REPO"

real_cloud=0
for var in HW_ACCESS_KEY HUAWEICLOUD_SDK_AK HW_AUTH_TOKEN HW_USER_NAME; do
    if [[ -n "${!var:-}" ]]; then real_cloud=1; fi
done

if [[ $real_cloud -eq 1 ]]; then
    echo "demo: credentials found in the environment, using the real cloud (no emulator)"
    exec ansible-playbook -i playbooks/inventory.yml playbooks/demo.yml "$@"
fi

emu_pid=""
# shellcheck disable=SC2329  # called by the EXIT trap
stop_emulator() {
    local pid="$emu_pid"
    if [[ -s "$PID_FILE" ]]; then pid="$(<"$PID_FILE")"; fi
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        # It stops in well under a second; one that does not is killed after STOP_TIMEOUT, and says so.
        for _ in $(seq $((STOP_TIMEOUT * 10))); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "demo: the emulator (pid $pid) did not stop within ${STOP_TIMEOUT} s of SIGTERM; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        if [[ "$pid" == "$emu_pid" ]]; then wait "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$PID_FILE"
}
trap stop_emulator EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$BUILD/logs"
rm -f "$PID_FILE"
PYTHONUNBUFFERED=1 python -m tests.emulator --port 0 --pid-file "$PID_FILE" >"$EMU_LOG" 2>&1 &
emu_pid=$!

url=""
deadline=$((SECONDS + START_TIMEOUT))
while [[ -z "$url" ]]; do
    line="$(head -n 1 "$EMU_LOG" 2>/dev/null || true)"
    if [[ "$line" == EMULATOR_URL=* ]]; then
        url="${line#EMULATOR_URL=}"
        break
    fi
    if ! kill -0 "$emu_pid" 2>/dev/null || ((SECONDS >= deadline)); then
        echo "demo: the emulator did not start (log: ${EMU_LOG#"$REPO"/}):" >&2
        cat "$EMU_LOG" >&2
        exit 1
    fi
    sleep 0.1
done

# The emulator's default identity (docs/DEV-CONTRACT.md): public test values, not secrets.
export HWCLOUD_JOBS_ENDPOINT="$url"
export HWCLOUD_JOBS_IAM_ENDPOINT="$url"
export HW_REGION_NAME="${HW_REGION_NAME:-cn-north-4}"
export HUAWEICLOUD_SDK_AK=EMULATORAK0000000001
export HUAWEICLOUD_SDK_SK=emulatorSecretKey000000000000000000000001

echo "demo: emulator at $url (pid $emu_pid)"
rc=0
ansible-playbook -i playbooks/inventory.yml playbooks/demo.yml -e "hwcloud_emulator_url=$url" "$@" || rc=$?
exit "$rc"
