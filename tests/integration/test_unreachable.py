"""A wrong address fails fast and says why; auth errors say which credentials were used; any region (issue 17)."""

import json
import re

import pytest

from tests.emulator import state as st

from tests.helpers import run_module, run_playbook
from tests.integration.netsupport import CA_VARIABLES, PROXY_VARIABLES, closed_port, cloud_calls

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - hwcloud.jobs.wait_for_job:
        jobs: [{service: cfw, job_id: never-1}, {service: cfw, job_id: never-2}]
        timeout: 1800
        progress_interval: 0
      register: waited
      ignore_errors: true
    - ansible.builtin.debug:
        msg: "RESULT={{ waited | to_json }}"
"""


@pytest.fixture(autouse=True)
def no_proxy_or_ca_variables(monkeypatch):
    for name in PROXY_VARIABLES + CA_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def play_result(run):
    match = re.search(r'"msg": "RESULT=(\{.*\})"', run.stdout)
    assert match, run.output
    return json.loads(json.loads('"%s"' % match.group(1)))


def test_wait_for_job_at_a_closed_port_fails_at_once_naming_host_cause_and_option(emu, tmp_path):
    port = closed_port()
    env = emu.env("aksk", project_id=True)
    env["HWCLOUD_JOBS_ENDPOINT"] = "http://127.0.0.1:%d" % port
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAY)
    run = run_playbook(str(playbook), env)
    result = play_result(run)
    assert result["failed"] and not result.get("timed_out")
    msg = result["msg"]
    assert "127.0.0.1:%d refused the connection ([Errno 111] Connection refused)" % port in msg
    assert "check endpoint (from HWCLOUD_JOBS_ENDPOINT)" in msg
    # both jobs' calls count (they run in parallel): 3 or more failures of that host, and not one call more each
    assert re.search(r"127\.0\.0\.1:%d has not answered once in this task and failed [34] attempts in a row" % port, msg)


def test_an_unresolvable_host_names_it_and_says_to_check_region_cloud_or_endpoints(emu):
    env = emu.env("aksk", project_id=True, region="cn-north-4")
    del env["HWCLOUD_JOBS_ENDPOINT"]
    env.update(HW_REGION_NAME="xx-nowhere-9", HW_CLOUD="nowhere.invalid")  # RFC 6761: .invalid never resolves
    run = run_module("cfw_job_info", {"job_id": "j1"}, env)
    assert run.rc != 0
    msg = run.result["msg"]
    assert "the host cfw.xx-nowhere-9.nowhere.invalid cannot be resolved" in msg
    assert "check region (from HW_REGION_NAME), cloud (from HW_CLOUD) or endpoints" in msg


def test_a_stale_token_beside_good_keys_says_the_token_was_chosen_over_the_keys(emu):
    emu.control.add_job(service="cfw", job_id="cred-1", state="succeeded")
    env = emu.env("aksk", project_id=True)
    env["HW_AUTH_TOKEN"] = "MIIstale-token-not-issued-by-iam-0123456789"
    run = run_module("cfw_job_info", {"job_id": "cred-1"}, env)
    assert run.rc != 0
    msg = run.result["msg"]
    assert "the token is invalid" in msg
    assert ("credentials used: the token in auth_token (from HW_AUTH_TOKEN), chosen over the access key pair in access_key "
            "(from HUAWEICLOUD_SDK_AK) and secret_key (from HUAWEICLOUD_SDK_SK) (a token takes precedence; "
            "unset HW_AUTH_TOKEN to use the others)") in msg
    assert env["HW_AUTH_TOKEN"] not in run.output and st.SECRET_KEY not in run.output


def test_wrong_keys_given_as_options_are_named_as_options(emu):
    env = emu.env("aksk", project_id=True)
    del env["HUAWEICLOUD_SDK_AK"], env["HUAWEICLOUD_SDK_SK"]
    run = run_module("cfw_job_info", {"job_id": "cred-2", "access_key": st.ACCESS_KEY, "secret_key": "wrong-secret-key-0123456789"}, env)
    assert run.rc != 0
    assert "verify aksk signature fail" in run.result["msg"]
    assert run.result["msg"].endswith("credentials used: the access key pair in access_key and secret_key")
    assert "wrong-secret-key-0123456789" not in run.output


def test_a_wrong_password_names_the_variables_it_came_from(emu):
    env = emu.env("password")
    env["HW_USER_PASSWORD"] = "not-the-password-42"
    run = run_module("cfw_job_info", {"job_id": "cred-3"}, env)
    assert run.rc != 0
    assert ("credentials used: the IAM password of the user in username (from HW_USER_NAME), password (from HW_USER_PASSWORD) "
            "and domain_name (from HW_DOMAIN_NAME)") in run.result["msg"]
    assert "not-the-password-42" not in run.output


def test_neither_project_id_nor_region_names_region_and_hw_region_name(emu):
    env = emu.env("aksk")
    del env["HW_REGION_NAME"]
    run = run_module("cfw_job_info", {"job_id": "cred-4"}, env)
    assert run.rc != 0
    assert "region (or HW_REGION_NAME)" in run.result["msg"] and "project_id" in run.result["msg"]
    assert cloud_calls(emu) == []


@pytest.mark.parametrize("region", ["XX-Nowhere-9", "xx_nowhere_9", "cn-north-4.example.com"])
def test_a_malformed_region_is_refused_before_anything_is_sent(emu, region):
    run = run_module("cfw_job_info", {"job_id": "j1", "region": region}, emu.env("aksk", project_id=True))
    assert run.rc != 0
    assert "region %r is not a region name" % region in run.result["msg"]
    assert cloud_calls(emu) == []


def test_progress_lines_name_the_last_error_while_it_lasts(emu, tmp_path):
    emu.control.add_job(service="cfw", job_id="pg-1", state="running", then="succeeded", after_polls=2)
    emu.control.add_fault(route="cfw_job", status=503, error_code="APIGW.0501", error_msg="Service unavailable", count=4)
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAY.replace("[{service: cfw, job_id: never-1}, {service: cfw, job_id: never-2}]", "[{service: cfw, job_id: pg-1}]")
                        .replace("progress_interval: 0", "progress_interval: 0.01\n        poll_interval: 0.1"))
    run = run_playbook(str(playbook), emu.env("aksk", project_id=True))
    result = play_result(run)
    assert not result.get("failed") and result["succeeded_ids"] == ["pg-1"], run.output
    lines = [line for line in run.stdout.splitlines() if line.startswith("wait_for_job 1 job:")]
    with_error = [line for line in lines if "; last error (1 job): GET " in line]
    assert with_error and "jobs/pg-1 failed: HTTP 503: APIGW.0501: Service unavailable" in with_error[0], lines
    assert [fault["fired"] for fault in emu.control.faults()] == [4]
