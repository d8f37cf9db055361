# -*- coding: utf-8 -*-
"""The services beyond the seeds, the per-service listeners and the emulated clock (fixture `emu`)."""

import datetime
import json
import re
import time
from urllib.parse import urlparse

import pytest
import requests

from tests.emulator import state as st
from tests.emulator.control import ControlError

sdk_signer = pytest.importorskip("huaweicloudsdkcore.signer.signer")
sdk_request = pytest.importorskip("huaweicloudsdkcore.sdk_request")
sdk_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")

PROJECT = st.PROJECTS["cn-north-4"]
ALL = ("cph", "koophone", "workspace", "cfw", "ecs", "evs", "ims", "bms", "dcs", "cce", "rds", "bss") + st.MORE_JOB_SERVICES
JOB_PATH = {
    "ecs": "/v1/%s/jobs/%s", "evs": "/v1/%s/jobs/%s", "ims": "/v1/%s/jobs/%s", "bms": "/v1/%s/jobs/%s",
    "dcs": "/v2/%s/jobs/%s", "cce": "/api/v3/projects/%s/jobs/%s", "cfw": "/v3/%s/jobs/%s", "workspace": "/v2/%s/workspace-jobs/%s",
}


def get(emu, path, base=None, token=None, **kwargs):
    headers = {"X-Auth-Token": token or emu.control.issue_token()}
    return requests.get((base or emu.url) + path, headers=headers, timeout=10, **kwargs)


def job_path(service, job_id):
    if service == "rds":
        return "/v3/%s/jobs?id=%s" % (PROJECT, job_id)
    return JOB_PATH[service] % (PROJECT, job_id)


def signed_get(base, path, query=()):
    request = sdk_request.SdkRequest(method="GET", schema="http", host=urlparse(base).netloc, resource_path=path,
                                     query_params=list(query), header_params={"X-Project-Id": PROJECT})
    sdk_signer.Signer(sdk_credentials.BasicCredentials(st.ACCESS_KEY, st.SECRET_KEY)).sign(request)
    return requests.get(base + request.uri, headers=dict(request.header_params), timeout=10)


# -- listeners ------------------------------------------------------------------------


def test_every_service_has_its_own_listener(emu):
    endpoints = emu.control.endpoints()
    assert sorted(endpoints) == sorted(ALL) and emu.endpoints == endpoints
    ports = set()
    for url in endpoints.values():
        assert re.match(r"^http://127\.0\.0\.1:\d+$", url), url
        ports.add(urlparse(url).port)
    assert len(ports) == len(ALL) and urlparse(emu.url).port not in ports


def test_shared_path_on_the_main_listener_answers_whichever_service_has_the_job(emu):
    jobs = dict((s, emu.control.add_job(service=s)) for s in ("ecs", "evs", "ims", "bms"))
    token = emu.control.issue_token()
    for service, job in jobs.items():
        answer = get(emu, job_path(service, job["job_id"]), token=token)
        assert answer.status_code == 200 and answer.json()["job_id"] == job["job_id"]
        entry = emu.control.requests()[-1]
        assert (entry["route"], entry["service_listener"]) == ("%s_job" % service, None)
    missing = get(emu, job_path("ecs", "0" * 32), token=token)
    assert (missing.status_code, missing.json()) == (404, {"error": {"code": "Ecs.0004", "message": "The job does not exist."}})
    assert emu.control.requests()[-1]["error_code"] == "Ecs.0004"


def test_service_listener_serves_only_its_routes_and_iam(emu):
    evs = emu.control.add_job(service="evs")
    cfw = emu.control.add_job(service="cfw")
    ecs_url = emu.endpoints["ecs"]
    token = emu.control.issue_token()
    wrong = get(emu, job_path("evs", evs["job_id"]), base=ecs_url, token=token)
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (404, "Ecs.0004")
    assert get(emu, job_path("evs", evs["job_id"]), base=emu.endpoints["evs"], token=token).status_code == 200
    other = get(emu, job_path("cfw", cfw["job_id"]), base=ecs_url, token=token)
    assert (other.status_code, other.json()["error_code"]) == (404, "APIGW.0101")
    assert get(emu, "/v3/projects", base=ecs_url, token=token).status_code == 200
    assert requests.get(ecs_url + "/_emulator/health", timeout=10).status_code == 404
    routes = [(e["route"], e["service_listener"]) for e in emu.control.requests()]
    assert routes == [("ecs_job", "ecs"), ("evs_job", "evs"), (None, "ecs"), ("iam_projects", "ecs"), (None, "ecs")]


def test_password_token_and_signature_work_on_a_service_listener(emu):
    base = emu.endpoints["dcs"]
    job = emu.control.add_job(service="dcs")
    login = requests.post(base + "/v3/auth/tokens", timeout=10, json={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": st.USER_NAME, "password": st.USER_PASSWORD, "domain": {"name": st.DOMAIN_NAME}}}},
        "scope": {"project": {"name": "cn-north-4"}}}})
    assert login.status_code == 201
    assert get(emu, job_path("dcs", job["job_id"]), base=base, token=login.headers["X-Subject-Token"]).status_code == 200
    signed = signed_get(base, job_path("dcs", job["job_id"]))
    assert signed.status_code == 200, signed.text
    assert emu.control.requests()[-1]["auth"] == "aksk"


def test_cfw_and_rds_share_v3_jobs_but_not_the_path(emu):
    cfw = emu.control.add_job(service="cfw", job_id="same-id")
    rds = emu.control.add_job(service="rds", job_id="same-id", state="failed")
    token = emu.control.issue_token()
    assert get(emu, "/v3/%s/jobs/same-id" % PROJECT, token=token).json()["data"]["id"] == cfw["job_id"]
    body = get(emu, "/v3/%s/jobs" % PROJECT, token=token, params={"id": "same-id"}).json()
    assert body["job"]["id"] == rds["job_id"] and body["job"]["status"] == "Failed"
    missing_id = get(emu, "/v3/%s/jobs" % PROJECT, token=token)
    assert (missing_id.status_code, missing_id.json()["error_code"]) == (400, "DBS.200001")
    unknown = get(emu, "/v3/%s/jobs" % PROJECT, token=token, params={"id": "nope"})
    assert (unknown.status_code, unknown.json()["error_code"]) == (404, "DBS.200404")


@pytest.mark.parametrize("service,status,code", [
    ("ecs", 404, "Ecs.0004"), ("evs", 404, "EVS.0004"), ("ims", 404, "IMG.0004"), ("bms", 404, "BMS.0004"),
    ("dcs", 404, "DCS.4004"), ("cce", 404, "CCE.01404001"), ("rds", 404, "DBS.200404"),
])
def test_not_found_per_service(emu, service, status, code):
    job = emu.control.add_job(service=service, project_id="cn-south-1")
    answer = get(emu, job_path(service, job["job_id"]), base=emu.endpoints[service])  # another project's job
    assert answer.status_code == status
    assert emu.control.requests()[-1]["error_code"] == code


# -- bodies -------------------------------------------------------------------------------


def test_default_time_formats(emu):
    token = emu.control.issue_token()
    bodies = {}
    for service in ("ecs", "dcs", "cce", "rds"):
        job = emu.control.add_job(service=service)
        bodies[service] = get(emu, job_path(service, job["job_id"]), token=token).json()
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", bodies["ecs"]["begin_time"])
    assert isinstance(bodies["dcs"]["begin_time"], str) and bodies["dcs"]["begin_time"].isdigit()
    assert abs(int(bodies["dcs"]["end_time"]) / 1000.0 - datetime.datetime.now().timestamp()) < 60
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})? \+0000 UTC$", bodies["cce"]["metadata"]["creationTimestamp"])
    assert bodies["rds"]["job"]["created"].endswith("+0800") and bodies["rds"]["job"]["process"] == ""


def test_go_and_epoch_ms_string_formats():
    assert st.format_time(1533197560.67, "go") == "2018-08-02 08:12:40.67 +0000 UTC"
    assert st.format_time(1533197560.0, "go") == "2018-08-02 08:12:40 +0000 UTC"
    assert st.format_time(1684191545.379, "epoch_ms_string") == "1684191545379"


def test_sub_jobs_spread_the_parents_life_ecs_and_cce(emu):
    ecs = emu.control.add_job(service="ecs", state="running", then="failed", after_polls=2, sub_jobs=[{}, {"server_id": "srv-2"}])
    cce = emu.control.add_job(service="cce", state="running", then="succeeded", after_polls=2, sub_jobs=[{}, {}])
    token = emu.control.issue_token()
    seen = []
    for _poll in range(3):
        e = get(emu, job_path("ecs", ecs["job_id"]), token=token).json()
        c = get(emu, job_path("cce", cce["job_id"]), token=token).json()
        seen.append(([e["status"]] + [s["status"] for s in e["entities"]["sub_jobs"]],
                     [c["status"]["phase"]] + [s["status"]["phase"] for s in c["spec"]["subJobs"]]))
    assert seen == [(["RUNNING", "RUNNING", "RUNNING"], ["Running", "Running", "Running"]),
                    (["RUNNING", "SUCCESS", "RUNNING"], ["Running", "Success", "Running"]),
                    (["FAIL", "SUCCESS", "FAIL"], ["Success", "Success", "Success"])]
    failed = e["entities"]["sub_jobs"][1]
    assert failed["entities"] == {"server_id": "srv-2", "errorcode_message": "Emulated sub-job failure."}
    assert (e["error_code"], e["fail_reason"]) == (failed["error_code"], failed["fail_reason"]) == ("Ecs.0010", "Emulated sub-job failure.")
    assert e["entities"]["sub_jobs_total"] == 2 and e["end_time"]
    summary = emu.control.job(ecs["job_id"])
    assert summary["state"] == "failed" and [s["resource_id"] for s in summary["sub_jobs"]][1] == "srv-2"


def test_pending_payment_is_running(emu):
    job = emu.control.add_job(service="ecs", state="running", running_status="PENDING_PAYMENT", then="succeeded", after_polls=1)
    token = emu.control.issue_token()
    first = get(emu, job_path("ecs", job["job_id"]), token=token).json()
    assert first["status"] == "PENDING_PAYMENT" and first["end_time"] is None
    assert get(emu, job_path("ecs", job["job_id"]), token=token).json()["status"] == "SUCCESS"
    phased = emu.control.add_job(service="bms", phases=[{"status": "PENDING_PAYMENT"}])
    assert phased["state"] == "running"
    with pytest.raises(ControlError):
        emu.control.add_job(service="ecs", state="running", running_status="DONE")
    with pytest.raises(ControlError):
        emu.control.add_job(service="dcs", state="running", running_status="PENDING_PAYMENT")
    with pytest.raises(ControlError):
        emu.control.add_job(service="dcs", sub_jobs=[{}])


def test_rds_progress_text_and_envelope(emu):
    job = emu.control.add_job(service="rds", state="running", then="succeeded", after_polls=4, envelope={"extra": "x"})
    token = emu.control.issue_token()
    processes = [get(emu, job_path("rds", job["job_id"]), token=token).json() for _poll in range(5)]
    assert [p["job"]["process"] for p in processes] == ["0%", "25%", "50%", "75%", ""]
    assert processes[-1]["job"]["status"] == "Completed" and processes[0]["extra"] == "x"


def test_faults_match_the_new_route_names(emu):
    evs = emu.control.add_job(service="evs")
    emu.control.add_fault(route="evs_job", status=503)
    token = emu.control.issue_token()
    assert get(emu, job_path("evs", evs["job_id"]), token=token).status_code == 503
    assert get(emu, job_path("evs", evs["job_id"]), token=token).status_code == 200
    emu.control.add_fault(route="cce_job", status=429)
    cce = emu.control.add_job(service="cce")
    assert get(emu, job_path("cce", cce["job_id"]), base=emu.endpoints["cce"], token=token).status_code == 429


def test_request_log_records_the_response_sent(emu):
    job = emu.control.add_job(service="dcs")
    answer = get(emu, job_path("dcs", job["job_id"]))
    assert emu.control.requests(route="dcs_job")[-1]["response"] == answer.json() == json.loads(answer.text)


# -- the clock -----------------------------------------------------------------------------


def test_clock_view_advance_freeze_and_reset(emu):
    view = emu.control.clock()
    assert set(view) == {"now", "epoch", "frozen", "offset"} and view["frozen"] is False and abs(view["offset"]) < 1
    advanced = emu.control.advance_clock(3600)
    assert 3599 < advanced["offset"] < 3601
    frozen = emu.control.freeze_clock(True)
    assert frozen["frozen"] is True
    assert emu.control.clock()["epoch"] == frozen["epoch"]
    assert emu.control.advance_clock(10)["epoch"] == frozen["epoch"] + 10
    thawed = emu.control.freeze_clock(False)
    assert thawed["frozen"] is False and thawed["offset"] > 3609
    for bad in ({"advance": -1}, {"advance": "soon"}, {"freeze": "yes"}, {"rewind": 1}):
        with pytest.raises(ControlError) as refused:
            emu.control.call("POST", "clock", bad)
        assert refused.value.status == 400
    emu.control.reset()
    view = emu.control.clock()
    assert view["frozen"] is False and abs(view["offset"]) < 1


def test_advancing_moves_job_lives_and_hidden_jobs(emu):
    job = emu.control.add_job(service="cfw", state="running", then="succeeded", after_seconds=600, hidden_for_seconds=60)
    token = emu.control.issue_token()
    assert get(emu, job_path("cfw", job["job_id"]), token=token).status_code == 404
    emu.control.advance_clock(61)
    assert get(emu, job_path("cfw", job["job_id"]), token=token).json()["data"]["status"] == "Running"
    emu.control.advance_clock(540)
    data = get(emu, job_path("cfw", job["job_id"]), token=token).json()["data"]
    assert data["status"] == "Success" and data["end_time"] - data["begin_time"] == 600000


def test_frozen_clock_holds_a_job_running(emu):
    emu.control.freeze_clock(True)
    job = emu.control.add_job(service="ecs", state="running", then="succeeded", after_seconds=0.2)
    token = emu.control.issue_token()
    time.sleep(0.3)
    assert get(emu, job_path("ecs", job["job_id"]), token=token).json()["status"] == "RUNNING"
    emu.control.advance_clock(0.2)
    assert get(emu, job_path("ecs", job["job_id"]), token=token).json()["status"] == "SUCCESS"


def test_tokens_expire_on_the_emulated_clock(emu):
    token = emu.control.issue_token(expires_in=3600)
    job = emu.control.add_job(service="dcs")
    assert get(emu, job_path("dcs", job["job_id"]), token=token).status_code == 200
    emu.control.advance_clock(3601)
    expired = get(emu, job_path("dcs", job["job_id"]), token=token)
    assert (expired.status_code, expired.json()["error_code"]) == (401, "APIGW.0307")


def test_signature_date_is_checked_against_the_real_clock(emu):
    """A client signs with its own (real) clock: advancing the emulator must not make its dates look stale."""
    job = emu.control.add_job(service="dcs")
    emu.control.advance_clock(86400)
    answer = signed_get(emu.endpoints["dcs"], job_path("dcs", job["job_id"]))
    assert answer.status_code == 200, answer.text
