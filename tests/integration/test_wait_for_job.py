"""wait_for_job through ansible-playbook against the emulator."""

import json
import os
import subprocess
import time

from tests.emulator import keys
from tests.helpers import BIN, HERE, ansible_env, run_playbook, run_target

SECRET_VALUES = (keys.SECRET_KEY, keys.USER_PASSWORD)


def test_wait_for_job_target(emu):
    # AK/SK signing; the password login's token, renewed mid-wait, is the next test's (the four auth methods are
    # test_info_modules.py's, through the same client).
    run = run_target("wait_for_job", emu.url, emu.env("aksk"))
    assert run.rc == 0, run.output[-6000:]
    assert "wait_for_job 1 job: 0 done (0 failed), 1 not done" in run.output
    assert not any(secret in run.output for secret in SECRET_VALUES)


def test_password_token_expiring_mid_wait_is_renewed(emu, tmp_path):
    """IAM password auth: the emulator expires every token while the wait runs; the wait goes on.

    The emulator's clock is frozen: the job ends when the test moves the clock, after the tokens expired.
    """
    emu.control.freeze_clock(True)
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
    while time.monotonic() < deadline and 401 not in [r["status"] for r in emu.control.requests() if "/jobs/cfwexpiry1" in r["path"]]:
        time.sleep(0.1)
    emu.control.advance_clock(3)
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


MIXED = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: One wait over four services
      hwcloud.jobs.wait_for_job:
        jobs:
          - {service: cph, request_id: mixed-req}
          - {service: koophone, task_id: mixed-task}
          - {service: workspace, job_id: mixed-wks}
          - {service: cfw, job_id: [mixed-cfw-1, mixed-cfw-2]}
        poll_interval: 0.2
        max_poll_interval: 0.5
        progress_interval: 0.1
        timeout: 60
        fail_on_failure: false
      register: waited
    - name: Keep the result
      ansible.builtin.copy:
        content: "{{ waited | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


def test_a_mixed_wait_polls_every_service_from_its_first_round(emu, tmp_path):
    """CPH, KooPhone, Workspace and CFW jobs in one task: all polled in the first round, counted per service."""
    emu.control.add_jobs([
        dict(service="cph", job_id="mixed-cph-1", request_id="mixed-req", phone_id="ph-1", state="running", then="succeeded", after_polls=2),
        dict(service="cph", job_id="mixed-cph-2", request_id="mixed-req", phone_id="ph-2", state="running", then="failed", after_polls=2,
             error_code="CPS.0110", error_msg="Phone is offline."),
        dict(service="koophone", job_id="mixed-koo-1", task_id="mixed-task", state="running", then="succeeded", after_polls=2),
        dict(service="workspace", job_id="mixed-wks", state="running", then="succeeded", after_polls=2, sub_jobs=[{}, {}]),
        dict(service="cfw", job_id="mixed-cfw-1", state="running", then="succeeded", after_polls=2),
        dict(service="cfw", job_id="mixed-cfw-2", state="succeeded"),
    ])
    playbook = tmp_path / "mixed.yml"
    playbook.write_text(MIXED)
    env = emu.env("aksk", project_id=True)
    run = run_playbook(str(playbook), env, {"result_path": str(tmp_path / "result.json")})
    assert run.rc == 0, run.output[-4000:]
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["by_service"] == {
        "cph": {"succeeded": 1, "failed": 1, "pending": 0}, "koophone": {"succeeded": 1, "failed": 0, "pending": 0},
        "workspace": {"succeeded": 1, "failed": 0, "pending": 0}, "cfw": {"succeeded": 2, "failed": 0, "pending": 0}}
    assert result["failed_ids"] == ["mixed-cph-2"] and not result["timed_out"]
    assert {r["service"] for r in result["jobs"]} == {"cph", "koophone", "workspace", "cfw"}
    cloud = [r for r in emu.control.requests() if r["route"] in ("cph_jobs", "koophone_task", "workspace_job", "cfw_job")]
    # The first round: one call per id given (five), every service among them, before any id is polled twice.
    assert sorted(r["route"] for r in cloud[:5]) == ["cfw_job", "cfw_job", "cph_jobs", "koophone_task", "workspace_job"]
    assert "jobs: " in run.output and "; cph " in run.output  # a progress line counting all services, then each


def test_a_stalled_iam_cannot_hold_the_wait_past_its_deadline(emu):
    """IAM password auth with IAM answering after 5 s: the token call gets only the 3 s left, once; the wait times out.

    Before the fix the token call ignored the deadline: 10 s timeouts, retried, 44 s for a `timeout: 3` wait.
    Counted in calls, not seconds.
    """
    from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec, run_wait  # pylint: disable=import-outside-toplevel
    emu.control.add_job(service="cfw", job_id="iam-stall-1", state="succeeded")
    emu.control.add_fault(route="iam_tokens", delay_seconds=5, count=10)
    env = emu.env("password", project_id=True)
    args = dict((name, spec.get("default")) for name, spec in argument_spec().items())
    args.update(service="cfw", job_id=["iam-stall-1"], timeout=3.0, http_timeout=10.0, endpoint=emu.url, iam_endpoint=emu.url,
                region="cn-north-4", project_id=env["HUAWEICLOUD_SDK_PROJECT_ID"], username=env["HW_USER_NAME"],
                password=env["HW_USER_PASSWORD"], domain_name=env["HW_DOMAIN_NAME"])
    result = run_wait(args)
    assert result["failed"] and result["timed_out"] and result["pending_ids"] == ["iam-stall-1"]
    assert "timed out after 3.0s" in result["msg"]
    # One token call reached IAM (the fault's counter; the log has it only once IAM answers), cut at the deadline
    stalls = [f for f in emu.control.faults() if f.get("route") == "iam_tokens" or f.get("spec", {}).get("route") == "iam_tokens"]
    assert [f["matched"] for f in stalls] == [1], stalls
    assert emu.control.requests(route="cfw_job") == []


LEAK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: The token is in the environment of the first item only
      hwcloud.jobs.wait_for_job: {service: cfw, job_id: env-leak-1, endpoint: "{{ url }}", iam_endpoint: "{{ url }}", timeout: 10}
      environment: "{{ {'HW_AUTH_TOKEN': token} if item == 'with' else {} }}"
      loop: [with, without]
      register: waited
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ waited.results | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


def test_a_task_environment_does_not_leak_into_the_next_loop_item(emu, tmp_path):
    emu.control.add_job(service="cfw", job_id="env-leak-1", state="succeeded")
    playbook = tmp_path / "leak.yml"
    playbook.write_text(LEAK)
    env = {"HW_REGION_NAME": "cn-north-4"}  # no credentials but the first item's environment
    run = run_playbook(str(playbook), env, {"url": emu.url, "token": emu.control.issue_token(), "result_path": str(tmp_path / "out.json")})
    assert run.rc == 0, run.output[-3000:]
    first, second = json.loads((tmp_path / "out.json").read_text())
    assert first["succeeded_ids"] == ["env-leak-1"] and not first.get("failed")
    assert second["failed"] and "no credentials" in second["msg"]
    assert len(emu.control.requests(route="cfw_job")) == 1


def test_fail_fast_stops_a_mixed_wait_at_the_first_failure(emu, tmp_path):
    """ECS, CCE and CFW jobs under one deadline; the CCE job fails when the test moves the emulator's frozen clock 2 s.

    With fail_fast the task ends at that failure, reporting the other two as not done, its message leading with the
    failed job; the deadline (120 s) is never reached, which the count of polls after the failure shows.
    """
    emu.control.freeze_clock(True)
    emu.control.add_jobs([
        dict(service="ecs", job_id="ff-ecs-1", state="running"),
        dict(service="cce", job_id="ff-cce-1", state="running", then="failed", after_seconds=2, fail_reason="quota exceeded"),
        dict(service="cfw", job_id="ff-cfw-1", state="running"),
    ])
    playbook = tmp_path / "fail_fast.yml"
    playbook.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - hwcloud.jobs.wait_for_job:\n"
        "        jobs: [{service: ecs, job_id: ff-ecs-1}, {service: cce, job_id: ff-cce-1}, {service: cfw, job_id: ff-cfw-1}]\n"
        "        fail_fast: true\n        timeout: 120\n        poll_interval: 0.2\n        max_poll_interval: 0.2\n"
        "      register: waited\n      ignore_errors: true\n"
        "    - ansible.builtin.debug: {var: waited}\n"
        "    - ansible.builtin.assert:\n        that:\n"
        "          - waited.failed\n          - waited.stopped_early\n          - not waited.timed_out\n"
        "          - waited.failed_ids == ['ff-cce-1']\n          - waited.pending_ids == ['ff-ecs-1', 'ff-cfw-1']\n")
    proc = subprocess.Popen([os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", str(playbook)], env=ansible_env(emu.env("aksk")),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=HERE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any("ff-cce-1" in r["path"] for r in emu.control.requests()):
        time.sleep(0.1)
    emu.control.advance_clock(2)
    out, _err = proc.communicate(timeout=90)
    assert proc.returncode == 0, out[-6000:]
    assert "1 of 3 jobs failed: cce job ff-cce-1" in out and "quota exceeded" in out
    assert "the wait stopped at the first failure (fail_fast) with 2 of 3 jobs not done" in out
    cce_polls = [r for r in emu.control.requests() if "ff-cce-1" in r["path"]]
    assert cce_polls[-1].get("response_status", cce_polls[-1].get("status")) == 200
