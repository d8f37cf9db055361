# shellcheck shell=bash
# Sourced by the runme.sh of each target that talks to the emulator, which `ansible-test integration` runs (pytest
# starts its own emulator instead: tests/emulator/fixture.py, and runs the role through run_target.yml).
#
# Starts the emulator of the collection under test (python -m tests.emulator) on 127.0.0.1 at a free port, stops it
# when the sourcing script exits, and exports what a user exports: HWCLOUD_EMULATOR_URL (the target's seeding calls
# read it as hwcloud_emulator_url), both endpoints, the region and the emulator's AK/SK (tests/emulator/keys.py).
# ansible-test passes no variable of the caller's shell through, so no real credential can reach the target.

hwcloud_collection="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/hwcloud/jobs"
hwcloud_python="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python}"
hwcloud_emulator_dir="$(mktemp -d)"
(cd "$hwcloud_collection" && exec "$hwcloud_python" -m tests.emulator --port 0 --parent-pid $$) \
    >"$hwcloud_emulator_dir/out" 2>"$hwcloud_emulator_dir/log" &
hwcloud_emulator_pid=$!
trap 'kill "$hwcloud_emulator_pid" 2>/dev/null || true; rm -rf "$hwcloud_emulator_dir"' EXIT

HWCLOUD_EMULATOR_URL=""
for _ in $(seq 1 100); do  # 20 s at most
    HWCLOUD_EMULATOR_URL="$(sed -n 's/^EMULATOR_URL=//p' "$hwcloud_emulator_dir/out")"
    if [[ -n "$HWCLOUD_EMULATOR_URL" ]] || ! kill -0 "$hwcloud_emulator_pid" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
if [[ -z "$HWCLOUD_EMULATOR_URL" ]]; then
    echo "setup_emulator: the emulator did not print its URL within 20 s; its log:" >&2
    cat "$hwcloud_emulator_dir/log" >&2
    exit 1
fi

# The emulator's identity, from the one file that writes it.
eval "$(cd "$hwcloud_collection" && "$hwcloud_python" -c '
from tests.emulator import keys
print("HW_REGION_NAME=%s HUAWEICLOUD_SDK_AK=%s HUAWEICLOUD_SDK_SK=%s" % (keys.DEFAULT_REGION, keys.ACCESS_KEY, keys.SECRET_KEY))')"
HWCLOUD_JOBS_ENDPOINT="$HWCLOUD_EMULATOR_URL"
HWCLOUD_JOBS_IAM_ENDPOINT="$HWCLOUD_EMULATOR_URL"
export HWCLOUD_EMULATOR_URL HWCLOUD_JOBS_ENDPOINT HWCLOUD_JOBS_IAM_ENDPOINT HW_REGION_NAME HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK
# The targets are roles beside this one; runme.sh runs them through run_target.yml.
ANSIBLE_ROLES_PATH="$(cd .. && pwd)"
export ANSIBLE_ROLES_PATH
