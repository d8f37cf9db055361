"""wait_for_job through ansible-playbook against the emulator."""

import os
import subprocess
import time

import pytest

from conftest import BIN, HERE, ansible_env, run_target

SECRET_VALUES = ("emulatorSecretKey000000000000000000000001", "emulator-password")


@pytest.mark.parametrize("method", ["aksk", "password"])
def test_wait_for_job_target(emu, method):
    run = run_target("wait_for_job", emu.url, emu.env(method))
    assert run.rc == 0, run.output[-6000:]
    assert "wait_for_job workspace: 0/1 done" in run.output or "wait_for_job workspace:" in run.output
    assert not any(secret in run.output for secret in SECRET_VALUES)


def test_password_token_expiring_mid_wait_is_renewed(emu, tmp_path):
    """IAM password auth: the emulator expires every token while the wait runs; the wait goes on."""
    emu.control.add_job(service="cfw", job_id="cfwexpiry1", state="running", then="succeeded", after_seconds=3)
    playbook = tmp_path / "wait.yml"
    playbook.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - hwcloud.jobs.wait_for_job: {service: cfw, job_id: cfwexpiry1, poll_interval: 0.2, max_poll_interval: 0.2, timeout: 30}\n"
        "      register: waited\n"
        "    - ansible.builtin.assert: {that: [\"waited.succeeded_ids == ['cfwexpiry1']\"]}\n")
    proc = subprocess.Popen([os.path.join(BIN, "ansible-playbook"), str(playbook)], env=ansible_env(emu.env("password")),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=HERE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(r["path"].startswith("/v3/") and "/jobs/" in r["path"] for r in emu.control.requests()):
        time.sleep(0.1)
    emu.control.expire_tokens()
    out, _err = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    token_calls = [r for r in emu.control.requests() if r["path"] == "/v3/auth/tokens"]
    assert len(token_calls) == 2
    statuses = [r.get("response_status", r.get("status")) for r in emu.control.requests() if "/jobs/cfwexpiry1" in r["path"]]
    assert 401 in statuses and statuses[-1] == 200


def test_task_environment_reaches_wait_for_job_as_it_reaches_modules(emu, tmp_path):
    """Credentials and endpoint given only through the play's `environment:` keyword."""
    emu.control.add_job(service="cfw", job_id="cfwenv1", state="succeeded")
    env_vars = emu.env("aksk", project_id=True)
    lines = "".join("    %s: %s\n" % (k, v) for k, v in env_vars.items())
    playbook = tmp_path / "env.yml"
    playbook.write_text(
        "- hosts: localhost\n  gather_facts: false\n  environment:\n" + lines +
        "  tasks:\n"
        "    - hwcloud.jobs.wait_for_job: {service: cfw, job_id: cfwenv1, timeout: 10}\n"
        "      register: waited\n"
        "    - hwcloud.jobs.cfw_job_info: {job_id: cfwenv1}\n"
        "      register: info\n"
        "    - ansible.builtin.assert: {that: [\"waited.succeeded_ids == ['cfwenv1']\", \"info.jobs[0].state == 'succeeded'\"]}\n")
    proc = subprocess.run([os.path.join(BIN, "ansible-playbook"), str(playbook)], env=ansible_env({}), capture_output=True, text=True,
                          cwd=HERE, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
