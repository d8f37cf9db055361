"""wait_for_job through ansible-playbook against the emulator."""

import pytest

from conftest import run_target, run_playbook

SECRET_VALUES = ("emulatorSecretKey000000000000000000000001", "emulator-password")


@pytest.mark.parametrize("method", ["aksk", "password"])
def test_wait_for_job_target(emu, method):
    run = run_target("wait_for_job", emu.url, emu.env(method))
    assert run.rc == 0, run.output[-6000:]
    assert "wait_for_job workspace: 0/1 done" in run.output or "wait_for_job workspace:" in run.output
    assert not any(secret in run.output for secret in SECRET_VALUES)
