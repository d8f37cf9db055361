"""No secret in any output, at -vvvv, on success and on every failure path, with each auth method."""

import json
import re

import pytest

from tests.helpers import run_playbook

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  vars_files: [secrets_vars.json]
  tasks:
    - name: Info module, success
      hwcloud.jobs.cfw_job_info: {job_id: secretok1}
    - name: Info module, unknown job
      hwcloud.jobs.cph_job_info: {job_id: secretnosuchjob}
      ignore_errors: true
    - name: Info module, bad input
      hwcloud.jobs.workspace_job_info: {job_id: "../x"}
      ignore_errors: true
    - name: Info module, http_timeout too short for a stalled answer
      hwcloud.jobs.koophone_task_info: {task_id: secretstall, http_timeout: 0.3}
      ignore_errors: true
    - name: Wait, success
      hwcloud.jobs.wait_for_job: {service: cfw, job_id: secretok1, timeout: 10}
    - name: Wait, failed job
      hwcloud.jobs.wait_for_job: {service: cfw, job_id: secretbad1, timeout: 10}
      ignore_errors: true
    - name: Wait, timeout with an unknown status
      hwcloud.jobs.wait_for_job: {service: cfw, job_id: secretodd1, timeout: 1, poll_interval: 0.2}
      ignore_errors: true
    - name: Wait, transient errors until the deadline
      hwcloud.jobs.wait_for_job: {service: workspace, job_id: secret503, timeout: 1.5, poll_interval: 0.2}
      ignore_errors: true
    - name: Wait, unauthorised
      hwcloud.jobs.wait_for_job: {service: cph, job_id: secret403, timeout: 5}
      ignore_errors: true
    - name: Info module with the secrets given as task options
      hwcloud.jobs.cfw_job_info: "{{ {'job_id': 'secretok1'} | combine(task_secrets) }}"
      ignore_errors: true
    - name: Wait with the secrets given as task options, failing
      hwcloud.jobs.wait_for_job: "{{ {'service': 'cfw', 'job_id': 'secretbad1', 'timeout': 5} | combine(task_secrets) }}"
      ignore_errors: true
"""

SECRET_ENV = ("HUAWEICLOUD_SDK_SK", "HW_SECRET_KEY", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN", "HW_AUTH_TOKEN", "HW_USER_PASSWORD")
TASK_OPTION = {"HUAWEICLOUD_SDK_SK": "secret_key", "HUAWEICLOUD_SDK_SECURITY_TOKEN": "security_token", "HW_AUTH_TOKEN": "auth_token",
               "HW_USER_PASSWORD": "password", "HUAWEICLOUD_SDK_AK": "access_key", "HW_USER_NAME": "username", "HW_DOMAIN_NAME": "domain_name"}


@pytest.mark.parametrize("method", ["aksk", "temp_aksk", "token", "password"])
def test_no_secret_in_any_output_at_vvvv(emu, tmp_path, method):
    emu.control.add_jobs([
        dict(service="cfw", job_id="secretok1", state="succeeded"),
        dict(service="cfw", job_id="secretbad1", state="failed"),
        dict(service="cfw", job_id="secretodd1", phases=[{"status": "Weird"}]),
        dict(service="workspace", job_id="secret503", state="running"),
        dict(service="cph", job_id="secret403", state="running"),
        dict(service="koophone", task_id="secretstall", state="running"),
    ])
    emu.control.add_fault(route="workspace_job", status=503, count=100000)
    emu.control.add_fault(route="cph_job", path="secret403", status=403, error_code="APIGW.0302", error_msg="Forbidden")
    emu.control.add_fault(route="koophone_task", delay_seconds=1.0, count=100000)
    env = emu.env(method, project_id=True)
    secrets = [env[name] for name in SECRET_ENV if name in env]
    task_secrets = dict((TASK_OPTION[name], value) for name, value in env.items() if name in TASK_OPTION)
    playbook = tmp_path / "secrets.yml"
    playbook.write_text(PLAYBOOK)
    # as from a vault file: a secret on the command line (-e) is printed by ansible-playbook itself at -vvvv
    (tmp_path / "secrets_vars.json").write_text(json.dumps({"task_secrets": task_secrets}))
    run = run_playbook(str(playbook), env, args=("-vvvv",))
    assert run.rc == 0, run.output[-4000:]
    received = emu.control.requests()
    signatures = [m.group(1) for r in received for k, v in r["headers"].items()
                  if k.lower() == "authorization" for m in [re.search(r"Signature=([0-9a-f]+)", v)] if m]
    tokens = [v for r in received for k, v in r["headers"].items() if k.lower() in ("x-auth-token", "x-security-token")]
    if method in ("aksk", "temp_aksk"):
        assert signatures
    else:
        assert tokens
    leaked = [s for s in set(secrets + signatures + tokens) if s and s in run.output]
    assert not leaked, "secret values in the output: %d" % len(leaked)
    # every failure path was taken
    assert run.output.count("...ignoring") >= 7
    assert "APIGW.0302" in run.output and "CPS.0005" in run.output and "timed out" in run.output
