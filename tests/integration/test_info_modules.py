"""Each info module through ansible-playbook against the emulator, with each auth method."""

import json

import pytest

from tests.emulator import keys
from tests.helpers import run_module, run_playbook, run_target

SECRET_VALUES = (keys.SECRET_KEY, keys.TEMP_SECRET_KEY, keys.SECURITY_TOKEN, keys.USER_PASSWORD)


def header(entry, name):
    for key, value in entry["headers"].items():
        if key.lower() == name.lower():
            return value
    return None


def cloud_calls(emu):
    return [r for r in emu.control.requests() if not r["path"].startswith("/_emulator/")]


@pytest.mark.parametrize("method", ["aksk", "temp_aksk", "token", "password"])
def test_info_modules_with_each_auth_method(emu, method):
    env = emu.env(method)
    run = run_target("info_modules", emu.url, env)
    assert run.rc == 0, run.output
    calls = cloud_calls(emu)
    service_calls = [c for c in calls if not c["path"].startswith("/v3/auth") and not c["path"].startswith("/v3/projects")]
    assert {c["response_status"] if "response_status" in c else c.get("status") for c in service_calls} == {200}
    if method in ("aksk", "temp_aksk"):
        assert all(header(c, "Authorization").startswith("SDK-HMAC-SHA256 Access=") for c in calls)
        assert all(header(c, "X-Sdk-Date") for c in calls)
        if method == "temp_aksk":
            assert all(header(c, "X-Security-Token") == keys.SECURITY_TOKEN for c in calls)
        # the project was looked up from IAM by region, once per module run
        assert any(c["path"] == "/v3/projects" for c in calls)
    else:
        assert all(header(c, "X-Auth-Token") for c in service_calls)
    if method == "password":
        token_calls = [c for c in calls if c["path"] == "/v3/auth/tokens"]
        assert token_calls and all(c["method"] == "POST" for c in token_calls)
    koophone_ids = [header(c, "x-request-id") for c in calls if c["path"].startswith("/v1/instances/tasks/")]
    assert koophone_ids and len(set(koophone_ids)) == len(koophone_ids)
    assert all(header(c, "User-Agent").startswith("hwcloud.jobs/") for c in service_calls)
    assert not any(secret in run.output for secret in SECRET_VALUES)


def test_cph_request_paging_through_ansible(emu):
    emu.control.add_jobs([dict(service="cph", request_id="bigrequest01", job_id="job%04d" % i, state="succeeded") for i in range(250)])
    run = run_module("cph_job_info", {"request_id": "bigrequest01"}, emu.env("aksk", project_id=True))
    assert run.rc == 0, run.output
    assert len(run.result["jobs"]) == 250
    assert len({j["job_id"] for j in run.result["jobs"]}) == 250
    pages = [c["query"] for c in cloud_calls(emu) if c["path"].endswith("/cloud-phone/jobs")]
    assert len(pages) == 3


def test_unknown_cph_job_fails_with_code_and_request_id(emu):
    run = run_module("cph_job_info", {"job_id": "nosuchjob"}, emu.env("aksk", project_id=True))
    assert run.rc != 0
    result = run.result
    assert result["failed"] and result["error_code"] == "CPS.0005" and result["status_code"] == 400
    assert result["request_id"] and result["request_id"] in result["msg"]
    assert "CPS.0005" in result["msg"] and "Traceback" not in run.output


def test_bad_signature_is_reported_with_apigw_code(emu):
    env = emu.env("aksk", project_id=True)
    env["HUAWEICLOUD_SDK_SK"] = "not-the-right-secret-key-0000000000000000"
    run = run_module("cfw_job_info", {"job_id": "cfw1"}, env)
    assert run.rc != 0 and run.result["error_code"] == "APIGW.0301" and run.result["status_code"] == 401
    assert "not-the-right-secret-key" not in run.output


def test_wrong_password_fails_without_showing_it(emu):
    env = emu.env("password")
    env["HW_USER_PASSWORD"] = "wrong-password-123"
    run = run_module("cfw_job_info", {"job_id": "cfw1"}, env)
    assert run.rc != 0 and run.result["status_code"] == 401
    assert "wrong-password-123" not in run.output and "/v3/auth/tokens" in run.result["msg"]


BAD_INPUT = [
    ("cfw_job_info", {"job_id": "../../v3/auth/tokens"}, "job_id"),
    ("cfw_job_info", {"job_id": "a%2fb"}, "job_id"),
    ("cfw_job_info", {"job_id": "a b"}, "job_id"),
    ("cfw_job_info", {"job_id": "x" * 10000}, "job_id"),
    ("cph_job_info", {"request_id": "r?x=1"}, "request_id"),
    ("koophone_task_info", {"task_id": "t#1"}, "task_id"),
    ("workspace_job_info", {"job_id": "ü"}, "job_id"),
    ("cfw_job_info", {"job_id": "j1", "endpoint": "ftp://127.0.0.1"}, "endpoint"),
    ("cfw_job_info", {"job_id": "j1", "project_id": "short"}, "project_id"),
    ("cfw_job_info", {"job_id": "j1", "endpoint": "", "region": "xx_nowhere_9"}, "region 'xx_nowhere_9' is not a region name"),
    ("cph_job_info", {"job_id": "j1", "request_id": "r1"}, "mutually exclusive"),
    ("cph_job_info", {"http_timeout": 30}, "one of the following is required"),
]


def test_bad_input_fails_before_anything_is_sent(emu, tmp_path):
    """Each case a task of one playbook (one ansible-playbook start, not twelve): each fails naming its option."""
    out = tmp_path / "results.json"
    tasks = [{"name": "case %d" % i, "hwcloud.jobs." + module: args, "register": "case_%d" % i, "ignore_errors": True}
             for i, (module, args, needle) in enumerate(BAD_INPUT)]
    tasks.append({"ansible.builtin.copy": {"content": "{{ [%s] | to_json }}" % ", ".join("case_%d" % i for i in range(len(BAD_INPUT))),
                                           "dest": str(out), "mode": "0600"}})
    playbook = tmp_path / "bad_input.yml"
    playbook.write_text(json.dumps([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    run = run_playbook(str(playbook), emu.env("aksk", project_id=True))
    assert run.rc == 0, run.output[-4000:]
    results = json.loads(out.read_text())
    wrong = [(module, sorted(args), needle, result.get("msg")) for (module, args, needle), result in zip(BAD_INPUT, results)
             if not (result.get("failed") and needle in result.get("msg", ""))]
    assert wrong == [] and len(results) == len(BAD_INPUT)
    assert "Traceback" not in run.output
    assert cloud_calls(emu) == []


def test_half_credentials_fail_naming_the_missing_option(emu):
    env = emu.env("aksk", project_id=True)
    del env["HUAWEICLOUD_SDK_SK"]
    run = run_module("cfw_job_info", {"job_id": "j1"}, env)
    assert run.rc != 0 and "secret_key" in run.result["msg"]
    assert cloud_calls(emu) == []


def test_terraform_style_variables_work_too(emu):
    emu.control.add_job(service="cfw", job_id="cfwtf1", state="failed")
    run = run_module("cfw_job_info", {"job_id": "cfwtf1"}, emu.env("aksk", style="terraform", project_id=True))
    assert run.rc == 0, run.output
    assert run.result["jobs"][0]["state"] == "failed" and run.result["changed"] is False
