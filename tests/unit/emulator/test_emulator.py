# -*- coding: utf-8 -*-
"""The emulator, exercised over HTTP in its subprocess (fixtures `emulator` / `emu`)."""

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest
import requests

from tests.emulator import state as st
from tests.emulator.control import ControlError, header_value
from tests.emulator.fixture import REPO_ROOT

sdk_signer = pytest.importorskip("huaweicloudsdkcore.signer.signer")
sdk_request = pytest.importorskip("huaweicloudsdkcore.sdk_request")
sdk_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")

PROJECT = st.PROJECTS["cn-north-4"]
OTHER_PROJECT = st.PROJECTS["cn-south-1"]


def sign_and_send(emu, method, path, query=None, body=None, ak=st.ACCESS_KEY, sk=st.SECRET_KEY, headers=None, tamper=None):
    """Sign with huaweicloudsdkcore's own Signer, then send with requests."""
    header_params = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        header_params["Content-Type"] = "application/json"
    request = sdk_request.SdkRequest(method=method, schema="http", host=urlparse(emu.url).netloc, resource_path=path,
                                     query_params=list(query or []), header_params=header_params, body=data)
    sdk_signer.Signer(sdk_credentials.BasicCredentials(ak, sk)).sign(request)
    sent = dict(request.header_params)
    if tamper:
        tamper(sent)
    return requests.request(method, emu.url + request.uri, headers=sent, data=request.body, timeout=10)


def token_get(emu, path, token=None, **kwargs):
    headers = kwargs.pop("headers", {})
    headers["X-Auth-Token"] = token or emu.control.issue_token()
    return requests.get(emu.url + path, headers=headers, timeout=10, **kwargs)


def password_body(password=st.USER_PASSWORD, scope=None):
    return {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": st.USER_NAME, "password": password, "domain": {"name": st.DOMAIN_NAME}}}},
        "scope": scope or {"project": {"name": "cn-north-4"}},
    }}


def cph_path(job_id, project=PROJECT):
    return "/v1/%s/cloud-phone/jobs/%s" % (project, job_id)


# -- AK/SK ----------------------------------------------------------------------


def test_sdk_signed_request_is_accepted(emu):
    job = emu.control.add_job(service="cph", phone_id="phone-1")
    answer = sign_and_send(emu, "GET", cph_path(job["job_id"]), headers={"X-Project-Id": PROJECT})
    assert answer.status_code == 200, answer.text
    assert answer.json()["job_id"] == job["job_id"]
    assert emu.control.requests(route="cph_job")[-1]["auth"] == "aksk"


def test_sdk_signed_query_and_post_body_are_accepted(emu):
    answer = sign_and_send(emu, "POST", "/v1/%s/cloud-phone/phones/batch-restart" % PROJECT, body={"phones": [{"phone_id": "p-1"}]})
    assert answer.status_code == 200, answer.text
    request_id = answer.json()["request_id"]
    listed = sign_and_send(emu, "GET", "/v1/%s/cloud-phone/jobs" % PROJECT, query=[("request_id", request_id), ("limit", "10")])
    assert listed.status_code == 200, listed.text
    assert [j["phone_id"] for j in listed.json()["jobs"]] == ["p-1"]


def test_tampered_signature_is_rejected(emu):
    def tamper(headers):
        value = headers["Authorization"]
        headers["Authorization"] = value[:-1] + ("0" if value[-1] != "0" else "1")

    answer = sign_and_send(emu, "GET", cph_path("x" * 32), tamper=tamper)
    assert answer.status_code == 401
    assert answer.json()["error_code"] == "APIGW.0301"
    assert answer.headers["X-Request-Id"]


def test_changed_signed_header_and_unknown_key_are_rejected(emu):
    def change_project(headers):
        headers["X-Project-Id"] = OTHER_PROJECT

    answer = sign_and_send(emu, "GET", cph_path("x" * 32), headers={"X-Project-Id": PROJECT}, tamper=change_project)
    assert (answer.status_code, answer.json()["error_code"]) == (401, "APIGW.0301")
    answer = sign_and_send(emu, "GET", cph_path("x" * 32), ak="UNKNOWNAK00000000000", sk="whatever")
    assert (answer.status_code, answer.json()["error_code"]) == (401, "APIGW.0301")


def test_old_sdk_date_is_rejected(emu):
    old = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)).strftime("%Y%m%dT%H%M%SZ")
    answer = sign_and_send(emu, "GET", cph_path("x" * 32), headers={"X-Sdk-Date": old})
    assert answer.status_code == 401
    assert answer.json()["error_code"] == "APIGW.0303"


def test_temporary_key_needs_its_security_token(emu):
    job = emu.control.add_job(service="cfw")
    path = "/v3/%s/jobs/%s" % (PROJECT, job["job_id"])
    good = sign_and_send(emu, "GET", path, ak=st.TEMP_ACCESS_KEY, sk=st.TEMP_SECRET_KEY, headers={"X-Security-Token": st.SECURITY_TOKEN})
    assert good.status_code == 200, good.text
    missing = sign_and_send(emu, "GET", path, ak=st.TEMP_ACCESS_KEY, sk=st.TEMP_SECRET_KEY)
    assert (missing.status_code, missing.json()["error_code"]) == (401, "APIGW.0301")


def test_project_checks(emu):
    job = emu.control.add_job(service="cph")
    foreign = sign_and_send(emu, "GET", cph_path(job["job_id"], "f" * 32))
    assert (foreign.status_code, foreign.json()["error_code"]) == (403, "APIGW.0302")
    mismatch = sign_and_send(emu, "GET", cph_path(job["job_id"]), headers={"X-Project-Id": OTHER_PROJECT})
    assert (mismatch.status_code, mismatch.json()["error_code"]) == (403, "APIGW.0302")
    bogus = sign_and_send(emu, "GET", cph_path(job["job_id"]), headers={"X-Project-Id": "0" * 32})
    assert (bogus.status_code, bogus.json()["error_code"]) == (401, "APIGW.0301")
    other_region_token = emu.control.issue_token(project="cn-south-1")
    wrong_scope = token_get(emu, cph_path(job["job_id"]), token=other_region_token)
    assert (wrong_scope.status_code, wrong_scope.json()["error_code"]) == (403, "APIGW.0302")


# -- tokens -----------------------------------------------------------------------


def test_iam_password_token_flow(emu):
    answer = requests.post(emu.url + "/v3/auth/tokens", json=password_body(), timeout=10)
    assert answer.status_code == 201, answer.text
    token = answer.headers["X-Subject-Token"]
    body = answer.json()["token"]
    assert body["project"]["id"] == PROJECT and body["project"]["name"] == "cn-north-4"
    assert body["methods"] == ["password"] and body["catalog"] == []
    assert body["expires_at"].endswith("Z") and body["user"]["name"] == st.USER_NAME
    job = emu.control.add_job(service="workspace")
    assert token_get(emu, "/v2/%s/workspace-jobs/%s" % (PROJECT, job["job_id"]), token=token).status_code == 200
    projects = token_get(emu, "/v3/projects?name=cn-north-4", token=token)
    assert projects.json()["projects"] == [dict(projects.json()["projects"][0], id=PROJECT, name="cn-north-4", domain_id=st.DOMAIN_ID, enabled=True)]
    by_id = requests.post(emu.url + "/v3/auth/tokens", json=password_body(scope={"project": {"id": OTHER_PROJECT}}), timeout=10)
    assert by_id.json()["token"]["project"]["name"] == "cn-south-1"
    domain = requests.post(emu.url + "/v3/auth/tokens", json=password_body(scope={"domain": {"name": st.DOMAIN_NAME}}), timeout=10)
    assert domain.status_code == 201 and "project" not in domain.json()["token"]


def test_iam_wrong_password(emu):
    answer = requests.post(emu.url + "/v3/auth/tokens", json=password_body(password="nope"), timeout=10)
    assert answer.status_code == 401
    assert answer.json() == {"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}
    assert answer.headers["X-Request-Id"]
    assert "X-Subject-Token" not in answer.headers


def test_projects_by_aksk_without_project_header(emu):
    answer = sign_and_send(emu, "GET", "/v3/projects", query=[("name", "cn-south-1")])
    assert answer.status_code == 200, answer.text
    assert [p["id"] for p in answer.json()["projects"]] == [OTHER_PROJECT]


def test_token_errors_and_no_auth(emu):
    job = emu.control.add_job(service="cph")
    assert token_get(emu, cph_path(job["job_id"]), token="MIIEnotatoken").json()["error_code"] == "APIGW.0301"
    token = emu.control.issue_token(expires_in=3600)
    assert token_get(emu, cph_path(job["job_id"]), token=token).status_code == 200
    assert emu.control.expire_tokens() >= 1
    expired = token_get(emu, cph_path(job["job_id"]), token=token)
    assert (expired.status_code, expired.json()["error_code"]) == (401, "APIGW.0307")
    short = emu.control.issue_token(expires_in=0)
    assert token_get(emu, cph_path(job["job_id"]), token=short).json()["error_code"] == "APIGW.0307"
    anonymous = requests.get(emu.url + cph_path(job["job_id"]), timeout=10)
    assert (anonymous.status_code, anonymous.json()["error_code"]) == (401, "APIGW.0301")
    assert anonymous.headers["X-Request-Id"]


# -- the five calls -----------------------------------------------------------------


def test_cph_job_shape_and_not_found(emu):
    job = emu.control.add_job(service="cph", phone_id="ph", server_id="srv", execute_msg="done")
    body = token_get(emu, cph_path(job["job_id"])).json()
    assert set(body) == {"request_id", "job_id", "begin_time", "end_time", "status", "error_code", "error_msg", "execute_msg", "phone_id", "server_id"}
    assert body["status"] == 2 and body["execute_msg"] == "done" and body["end_time"].endswith("Z")
    missing = token_get(emu, cph_path("0" * 32))
    assert (missing.status_code, missing.json()) == (400, {"error_code": "CPS.0005", "error_msg": "Phone not found."})
    other = token_get(emu, cph_path(job["job_id"], OTHER_PROJECT), token=emu.control.issue_token(project="cn-south-1"))
    assert other.status_code == 400


def test_cph_list_paging_and_validation(emu):
    jobs = emu.control.add_jobs([{"service": "cph", "request_id": "r" * 32, "phone_id": "phone-%03d" % n} for n in range(250)])
    token = emu.control.issue_token()
    seen = []
    for offset in (0, 100, 200):
        page = token_get(emu, "/v1/%s/cloud-phone/jobs" % PROJECT, token=token,
                         params={"request_id": "r" * 32, "offset": offset, "limit": 100}).json()
        assert page["request_id"] == "r" * 32
        seen.extend(j["job_id"] for j in page["jobs"])
    assert seen == [j["job_id"] for j in jobs]
    first = token_get(emu, "/v1/%s/cloud-phone/jobs" % PROJECT, token=token, params={"request_id": "r" * 32}).json()["jobs"]
    assert len(first) == 100 and first[0]["error_code"] == "" and "request_id" not in first[0]
    for params in ({"request_id": "r", "limit": 0}, {"request_id": "r", "limit": 101}, {"request_id": "r", "offset": -1},
                   {"request_id": "r", "limit": "ten"}, {}, {"request_ids": ",".join(str(n) for n in range(21))}):
        bad = token_get(emu, "/v1/%s/cloud-phone/jobs" % PROJECT, token=token, params=params)
        assert bad.status_code == 400 and bad.json()["error_code"].startswith("CPS."), params
    unknown = token_get(emu, "/v1/%s/cloud-phone/jobs" % PROJECT, token=token, params={"request_id": "nobody"}).json()
    assert unknown == {"request_id": "nobody", "jobs": []}
    emu.control.add_job(service="cph", request_id="s" * 32)
    both = token_get(emu, "/v1/%s/cloud-phone/jobs" % PROJECT, token=token,
                     params={"request_ids": "%s,%s" % ("r" * 32, "s" * 32), "offset": 249}).json()
    assert len(both["jobs"]) == 2


def test_cph_batch_restart_runs_then_succeeds(emu):
    emu.control.freeze_clock(True)
    emu.control.config(batch_job_seconds=0.5)
    token = emu.control.issue_token()
    answer = requests.post(emu.url + "/v1/%s/cloud-phone/phones/batch-restart" % PROJECT, headers={"X-Auth-Token": token},
                           json={"phones": [{"phone_id": "a"}, {"phone_id": "b"}]}, timeout=10)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [j["phone_id"] for j in body["jobs"]] == ["a", "b"] and len(body["request_id"]) == 32
    job_id = body["jobs"][0]["job_id"]
    assert token_get(emu, cph_path(job_id), token=token).json()["status"] == 1
    emu.control.advance_clock(0.4)
    assert token_get(emu, cph_path(job_id), token=token).json()["status"] == 1
    emu.control.advance_clock(0.2)
    done = token_get(emu, cph_path(job_id), token=token).json()
    assert done["status"] == 2 and done["end_time"] is not None and done["phone_id"] == "a"
    bad = requests.post(emu.url + "/v1/%s/cloud-phone/phones/batch-restart" % PROJECT, headers={"X-Auth-Token": token}, json={"phones": []}, timeout=10)
    assert bad.status_code == 400 and bad.json()["error_code"] == "CPS.0001"


def test_cph_batch_commands_echo_the_command(emu):
    emu.control.config(batch_job_seconds=0)
    token = emu.control.issue_token()
    answer = requests.post(emu.url + "/v1/%s/cloud-phone/phones/batch-commands" % PROJECT, headers={"X-Auth-Token": token},
                           json={"command": "shell", "content": "ls /sdcard", "phone_ids": ["p1"]}, timeout=10)
    assert answer.status_code == 200, answer.text
    job = token_get(emu, cph_path(answer.json()["jobs"][0]["job_id"]), token=token).json()
    assert job["status"] == 2 and "shell" in job["execute_msg"] and "ls /sdcard" in job["execute_msg"]


def test_koophone_task(emu):
    emu.control.add_jobs([
        {"service": "koophone", "task_id": "t" * 32, "state": "failed", "execute_msg": None},
        {"service": "koophone", "task_id": "t" * 32, "execute_msg": "xxxxxx"},
    ])
    token = emu.control.issue_token()
    body = token_get(emu, "/v1/instances/tasks/" + "t" * 32, token=token, headers={"x-request-id": "first-id"}).json()
    assert body["error_code"] == "0" and body["error_msg"] == "ok"
    assert [(j["status"], j["error_code"], j["execute_msg"]) for j in body["data"]["jobs"]] == [(-1, "CPS0005", None), (2, "", "xxxxxx")]
    assert set(body["data"]["jobs"][0]) == {"job_id", "status", "error_code", "error_msg", "execute_msg"}
    missing = token_get(emu, "/v1/instances/tasks/" + "t" * 32, token=token)
    assert missing.status_code == 400 and missing.json()["error_code"].startswith("KooPhone.API.")
    empty = token_get(emu, "/v1/instances/tasks/unknown", token=token, headers={"x-request-id": "second-id"}).json()
    assert empty["data"] == {"jobs": []}
    token_get(emu, "/v1/instances/tasks/unknown", token=token, headers={"x-request-id": "second-id"})
    report = emu.control.x_request_ids()
    assert report == {"x_request_ids": ["first-id", "second-id", "second-id"], "duplicates": ["second-id"]}


def test_workspace_job_shape_and_not_found(emu):
    job = emu.control.add_job(service="workspace", job_type="DELETE_DESKTOP", sub_jobs=[{"desktop_name": "d1", "user_name": "alice"}])
    body = token_get(emu, "/v2/%s/workspace-jobs/%s" % (PROJECT, job["job_id"])).json()
    assert set(body) == {"id", "job_type", "begin_time", "end_time", "status", "job_error_code", "fail_reason", "sub_jobs_total", "sub_jobs"}
    assert body["status"] == "SUCCESS" and body["sub_jobs_total"] == 1 and body["job_type"] == "DELETE_DESKTOP"
    sub = body["sub_jobs"][0]
    assert set(sub) == {"id", "job_type", "entities", "begin_time", "end_time", "status", "error_code", "fail_reason", "host",
                        "project_id", "job_id", "process", "attach_user", "entity", "ip_address"}
    assert set(sub["entities"]) == {"desktop_id", "product_id", "user_name", "desktop_name", "ip_address"}
    assert sub["entities"]["desktop_name"] == "d1" and sub["attach_user"] == "alice" and sub["process"] == 100
    missing = token_get(emu, "/v2/%s/workspace-jobs/%s" % (PROJECT, "nope"))
    assert (missing.status_code, missing.json()["error_code"]) == (404, "WKS.00010002")


def test_workspace_sub_jobs_progress_one_by_one(emu):
    job = emu.control.add_job(service="workspace", sub_jobs=[
        {"state": "running", "then": "succeeded", "after_polls": 1},
        {"state": "running", "then": "succeeded", "after_polls": 2},
        {"state": "running", "then": "failed", "after_polls": 3, "error_code": "WKS.0042", "fail_reason": "disk full"},
    ])
    token = emu.control.issue_token()
    seen = []
    for _poll in range(4):
        body = token_get(emu, "/v2/%s/workspace-jobs/%s" % (PROJECT, job["job_id"]), token=token).json()
        seen.append((body["status"], [s["status"] for s in body["sub_jobs"]], [s["process"] for s in body["sub_jobs"]]))
    assert [s[0] for s in seen] == ["RUNNING", "RUNNING", "RUNNING", "FAIL"]
    assert [s[1] for s in seen] == [["RUNNING"] * 3, ["SUCCESS", "RUNNING", "RUNNING"], ["SUCCESS", "SUCCESS", "RUNNING"],
                                    ["SUCCESS", "SUCCESS", "FAIL"]]
    assert seen[1][2][1:] == [50, 33] and seen[2][2][2] == 66
    assert body["job_error_code"] == "WKS.0042" and body["fail_reason"] == "disk full" and body["end_time"]


def test_workspace_parent_life_spreads_over_sub_jobs(emu):
    job = emu.control.add_job(service="workspace", state="running", then="succeeded", after_polls=2, sub_jobs=[{}, {}])
    token = emu.control.issue_token()
    statuses = []
    for _poll in range(3):
        body = token_get(emu, "/v2/%s/workspace-jobs/%s" % (PROJECT, job["job_id"]), token=token).json()
        statuses.append([body["status"]] + [s["status"] for s in body["sub_jobs"]])
    assert statuses == [["RUNNING", "RUNNING", "RUNNING"], ["RUNNING", "SUCCESS", "RUNNING"], ["SUCCESS", "SUCCESS", "SUCCESS"]]


def test_cfw_job_shapes_and_time_formats(emu):
    epoch = emu.control.add_job(service="cfw")
    iso = emu.control.add_job(service="cfw", time_format="iso")
    offset = emu.control.add_job(service="cfw", time_format="offset", state="running")
    token = emu.control.issue_token()
    body = token_get(emu, "/v3/%s/jobs/%s" % (PROJECT, epoch["job_id"]), token=token).json()
    assert list(body) == ["data"] and set(body["data"]) == {"id", "status", "begin_time", "end_time"}
    assert body["data"]["status"] == "Success" and isinstance(body["data"]["begin_time"], int) and body["data"]["begin_time"] > 1600000000000
    assert token_get(emu, "/v3/%s/jobs/%s" % (PROJECT, iso["job_id"]), token=token).json()["data"]["end_time"].endswith("Z")
    running = token_get(emu, "/v3/%s/jobs/%s" % (PROJECT, offset["job_id"]), token=token).json()["data"]
    assert running["status"] == "Running" and running["end_time"] is None and running["begin_time"].endswith("+0800")
    missing = token_get(emu, "/v3/%s/jobs/%s" % (PROJECT, "nope"), token=token)
    assert (missing.status_code, missing.json()["error_code"]) == (404, "CFW.00200004")


# -- scripted lives ------------------------------------------------------------------


def test_after_polls_and_hidden_for_polls(emu):
    job = emu.control.add_job(service="cph", state="running", then="failed", after_polls=2, hidden_for_polls=1, error_msg="boom")
    token = emu.control.issue_token()
    answers = [token_get(emu, cph_path(job["job_id"]), token=token) for _poll in range(4)]
    assert answers[0].status_code == 400
    assert [a.json()["status"] for a in answers[1:]] == [1, 1, -1]
    assert answers[3].json()["error_msg"] == "boom" and answers[3].json()["end_time"] is not None
    summary = emu.control.job(job["job_id"])
    assert (summary["polls"], summary["hidden_polls"], summary["state"]) == (3, 1, "failed")


def test_after_seconds_and_hidden_for_seconds(emu):
    emu.control.freeze_clock(True)
    job = emu.control.add_job(service="cfw", state="running", then="succeeded", after_seconds=0.6, hidden_for_seconds=0.2)
    path = "/v3/%s/jobs/%s" % (PROJECT, job["job_id"])
    token = emu.control.issue_token()
    assert token_get(emu, path, token=token).status_code == 404
    emu.control.advance_clock(0.15)
    assert token_get(emu, path, token=token).status_code == 404
    emu.control.advance_clock(0.1)
    running = token_get(emu, path, token=token).json()["data"]
    assert running["status"] == "Running" and running["end_time"] is None
    emu.control.advance_clock(0.3)
    assert token_get(emu, path, token=token).json()["data"]["status"] == "Running"
    emu.control.advance_clock(0.1)
    data = token_get(emu, path, token=token).json()["data"]
    assert data["status"] == "Success" and abs(data["end_time"] - data["begin_time"] - 600) <= 1  # whole milliseconds


def test_raw_phases_fields_and_absent(emu):
    job = emu.control.add_job(service="koophone", task_id="k" * 32, fields={"execute_msg": None, "error_msg": "__absent__"}, phases=[
        {"status": "1", "for_polls": 1},
        {"status": None, "for_polls": 1, "fields": {"extra": [1, 2]}},
        {"status": 2, "fields": {"execute_msg": "out"}},
    ])
    token = emu.control.issue_token()
    jobs = []
    for _poll in range(3):
        body = token_get(emu, "/v1/instances/tasks/" + "k" * 32, token=token, headers={"x-request-id": str(_poll)}).json()
        jobs.append(body["data"]["jobs"][0])
    assert [j["status"] for j in jobs] == ["1", None, 2]
    assert "error_msg" not in jobs[0] and jobs[1]["extra"] == [1, 2] and jobs[2]["execute_msg"] == "out"
    assert emu.control.job(job["job_id"])["state"] == "succeeded"


def test_deleted_job_disappears_and_bad_specs_are_refused(emu):
    job = emu.control.add_job(service="workspace")
    emu.control.delete_job(job["job_id"])
    assert token_get(emu, "/v2/%s/workspace-jobs/%s" % (PROJECT, job["job_id"])).status_code == 404
    for spec in ({"service": "vpc"}, {"service": "cph", "state": "done"}, {"service": "cph", "after_polls": 2},
                 {"service": "cph", "phases": [{"status": 1}, {"status": 2}]}, {"service": "cph", "typo": 1}):
        with pytest.raises(ControlError) as refused:
            emu.control.add_job(**spec)
        assert refused.value.status == 400
    with pytest.raises(ControlError):
        emu.control.delete_job("nope")


# -- the request log, the standalone process -------------------------------------------


def test_request_log_records_headers_and_outcome(emu):
    token = emu.control.issue_token()
    token_get(emu, cph_path("0" * 32), token=token, headers={"X-Custom": "value-1"}, params={"a": "b"})
    entry = emu.control.requests(route="cph_job")[-1]
    assert entry["method"] == "GET" and entry["path"] == cph_path("0" * 32) and entry["query"] == "a=b"
    assert header_value(entry, "x-custom") == "value-1" and header_value(entry, "X-Auth-Token") == token
    assert (entry["status"], entry["error_code"], entry["auth"]) == (400, "CPS.0005", "token")
    emu.control.clear_requests()
    assert emu.control.requests() == []
    unknown = requests.get(emu.url + "/v9/nothing", timeout=10)
    assert (unknown.status_code, unknown.json()["error_code"]) == (404, "APIGW.0101")


def test_env_helper(emu):
    aksk = emu.env("aksk")
    assert aksk["HWCLOUD_JOBS_ENDPOINT"] == emu.url == aksk["HWCLOUD_JOBS_IAM_ENDPOINT"]
    assert (aksk["HW_REGION_NAME"], aksk["HUAWEICLOUD_SDK_AK"]) == ("cn-north-4", st.ACCESS_KEY)
    assert emu.env("temp_aksk", style="terraform")["HW_SECURITY_TOKEN"] == st.SECURITY_TOKEN
    assert emu.env("password")["HW_USER_PASSWORD"] == st.USER_PASSWORD
    token = emu.env("token", project_id=True)
    assert token["HUAWEICLOUD_SDK_PROJECT_ID"] == PROJECT
    assert token_get(emu, "/v3/projects", token=token["HW_AUTH_TOKEN"]).status_code == 200
    assert emu.pid is None or emu.pid > 0


def test_standalone_prints_url_and_exits_cleanly_on_sigterm(tmp_path):
    pid_file = tmp_path / "emulator.pid"
    command = [sys.executable, "-m", "tests.emulator", "--port", "0", "--pid-file", str(pid_file)]
    with subprocess.Popen(command, cwd=str(REPO_ROOT), stdout=subprocess.PIPE, universal_newlines=True) as process:
        try:
            line = process.stdout.readline()
            assert line.startswith("EMULATOR_URL=http://127.0.0.1:")
            assert requests.get(line.strip().split("=", 1)[1] + "/_emulator/health", timeout=10).json() == {"ok": True}
            assert int(pid_file.read_text()) == process.pid
            os.kill(process.pid, signal.SIGTERM)
            assert process.wait(timeout=10) == 0
            assert not pid_file.exists()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


# -- faults ---------------------------------------------------------------------------


def test_faults_by_count_with_retry_after_and_raw_body(emu):
    job = emu.control.add_job(service="cph")
    token = emu.control.issue_token()
    emu.control.add_faults([
        {"route": "cph_job", "status": 503, "count": 2, "headers": {"Retry-After": "1"}},
        {"path": "/workspace-jobs/", "status": 502, "body": "<html>bad gateway</html>"},
    ])
    answers = [token_get(emu, cph_path(job["job_id"]), token=token) for _poll in range(3)]
    assert [a.status_code for a in answers] == [503, 503, 200]
    assert answers[0].headers["Retry-After"] == "1" and answers[0].json()["error_code"] == "CPS.0003"
    raw = token_get(emu, "/v2/%s/workspace-jobs/x" % PROJECT, token=token)
    assert raw.status_code == 502 and raw.text == "<html>bad gateway</html>"
    assert [(f["matched"], f["fired"]) for f in emu.control.faults()] == [(3, 2), (1, 1)]
    assert [e["fault"] for e in emu.control.requests()] == [1, 1, None, 2]
    assert emu.control.job(job["job_id"])["polls"] == 1


def test_rate_limit_and_seeded_probability(emu):
    token = emu.control.issue_token()
    emu.control.add_fault(route="iam_projects", rate_limit=2, window_seconds=30)
    codes = [token_get(emu, "/v3/projects", token=token).status_code for _call in range(3)]
    assert codes == [200, 200, 429]
    assert token_get(emu, "/v3/projects", token=token).json()["error_code"] == "APIGW.0308"
    runs = []
    for _run in range(2):
        emu.control.clear_faults()
        emu.control.add_fault(route="iam_projects", status=500, probability=0.5, seed=7)
        runs.append([token_get(emu, "/v3/projects", token=token).status_code for _call in range(12)])
    assert runs[0] == runs[1] and set(runs[0]) == {200, 500}


def test_delay_and_dropped_connection(emu):
    token = emu.control.issue_token()
    emu.control.add_fault(route="iam_projects", delay_seconds=0.2)
    started = time.monotonic()
    assert token_get(emu, "/v3/projects", token=token).status_code == 200
    assert time.monotonic() - started >= 0.2
    emu.control.add_fault(route="iam_projects", drop=True)
    with pytest.raises(requests.ConnectionError):
        token_get(emu, "/v3/projects", token=token)
    assert token_get(emu, "/v3/projects", token=token).status_code == 200
    with pytest.raises(ControlError):
        emu.control.add_fault(route="iam_projects", status="oops")


def test_a_request_still_being_answered_at_a_reset_is_not_logged_after_it(emu):
    """A fault's delay outlives the test that set it: its request must not show up in the next test's log."""
    import threading  # pylint: disable=import-outside-toplevel
    emu.control.add_fault(path="/late-job$", delay_seconds=1.5)
    token = emu.control.issue_token()
    late = threading.Thread(target=lambda: requests.get("%s/v3/%s/jobs/late-job" % (emu.url, emu.control.identity()["projects"]["cn-north-4"]),
                                                        headers={"X-Auth-Token": token}, timeout=10))
    late.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(f["matched"] for f in emu.control.faults()):
        time.sleep(0.05)
    emu.control.reset()
    late.join(10)
    assert emu.control.requests() == []
