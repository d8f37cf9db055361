"""Input hardening through Ansible: refused before any request, with the option named."""

import json

import pytest

from tests.helpers import run_module, run_playbook

WAIT = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Wait with bad input
      hwcloud.jobs.wait_for_job: {{ args }}
      register: waited
      ignore_errors: true
    - name: Show the message
      ansible.builtin.debug:
        msg: "RESULT failed={{ waited.failed }} msg={{ waited.msg }}"
"""


def cloud_calls(emu):
    return [r for r in emu.control.requests() if not r["path"].startswith("/_emulator/")]


@pytest.mark.parametrize("args,needle", [
    ({"service": "cfw", "job_id": ["ok1", "../../v3/auth/tokens"]}, "job_id"),
    ({"service": "cfw", "job_id": ["a%2f"]}, "job_id"),
    ({"service": "cfw", "job_id": ["x" * 10240]}, "at most 128"),
    ({"service": "cph", "request_id": ["r 1"]}, "request_id"),
    ({"service": "koophone", "task_id": ["t#"]}, "task_id"),
    ({"service": "cfw", "request_id": ["r1"]}, "takes job_id, got request_id"),
    ({"service": "workspace"}, "one of job_id is required"),
    ({"service": "cfw", "job_id": ["j1"], "timeout": 0}, "timeout must be more than 0"),
    ({"service": "cfw", "job_id": ["j1"], "poll_interval": 5, "max_poll_interval": 1}, "max_poll_interval"),
    ({"service": "cfw", "job_id": ["j1"], "max_concurrency": 0}, "max_concurrency"),
    ({"service": "cfw", "job_id": ["j1"], "endpoint": "http://cfw.example.com"}, "allow_insecure_http"),
    ({"service": "cfw", "job_id": ["j1"], "project_id": "../0123456789abcdef0123456789abc"}, "project_id"),
    ({"service": "nope", "job_id": ["j1"]}, "service"),
])
def test_wait_for_job_refuses_bad_input_before_sending(emu, tmp_path, args, needle):
    playbook = tmp_path / "wait.yml"
    playbook.write_text(WAIT.replace("{{ args }}", json.dumps(args)))
    run = run_playbook(str(playbook), emu.env("aksk", project_id=True))
    assert run.rc == 0, run.output[-3000:]
    assert "RESULT failed=True" in run.output
    assert needle in run.output
    assert "Traceback" not in run.output
    assert cloud_calls(emu) == []


def test_plain_http_off_loopback_is_refused_for_modules(emu):
    run = run_module("cfw_job_info", {"job_id": "j1", "endpoint": "http://cfw.example.com"}, emu.env("aksk", project_id=True))
    assert run.rc != 0 and "allow_insecure_http" in run.result["msg"] and cloud_calls(emu) == []


def test_validate_certs_false_warns(emu):
    emu.control.add_job(service="cfw", job_id="certs1", state="succeeded")
    run = run_module("cfw_job_info", {"job_id": "certs1", "validate_certs": False}, emu.env("aksk", project_id=True))
    assert run.rc == 0
    assert "validate_certs is false" in run.output
