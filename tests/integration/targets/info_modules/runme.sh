#!/usr/bin/env bash
# Run by ansible-test integration: the emulator and a user's environment (setup_emulator/emulator.sh), then this
# target's role through the same playbook pytest uses.
set -eu
# shellcheck source=../setup_emulator/emulator.sh
source ../setup_emulator/emulator.sh
ansible-playbook ../setup_emulator/run_target.yml -i "$INVENTORY_PATH" \
    -e target=info_modules -e "hwcloud_emulator_url=$HWCLOUD_EMULATOR_URL" "$@"
