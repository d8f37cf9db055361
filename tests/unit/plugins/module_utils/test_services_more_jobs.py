"""Issue 23's twelve entries (one id per call): what each reads as its vendor documents it, with nothing in the code
but data: statuses and what ends a wait, times in every shape, error bodies in their own shapes, a project-less and a
domain-scoped path, and where a start answer puts the id."""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError, JobNotFound, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, UNKNOWN, normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import read_start_answer
from ansible_collections.hwcloud.jobs.plugins.module_utils.times import parse_time
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import status_note

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

TWELVE = ("gaussdb", "taurusdb", "geminidb", "dds", "sdrs", "cbr", "sfsturbo", "elb", "dws", "dli", "sms", "geip")


def client_for(session, **overrides):
    clock = FakeClock()
    return Client(Settings(params(**overrides)), session=session, clock=clock, sleep=clock.sleep)


# ---- statuses: never a success for a value not documented ----

STATES = [
    ("gaussdb", "Running", RUNNING), ("gaussdb", "Completed", SUCCEEDED), ("gaussdb", "Failed", FAILED),
    ("gaussdb", "Pending", UNKNOWN),  # TaurusDB's, not openGauss's
    ("taurusdb", "Pending", RUNNING), ("taurusdb", "Completed", SUCCEEDED),
    ("cbr", "waiting", RUNNING), ("cbr", "running", RUNNING), ("cbr", "success", SUCCEEDED),
    ("cbr", "skipped", FAILED), ("cbr", "timeout", FAILED), ("cbr", "failed", FAILED), ("cbr", "SUCCESS", UNKNOWN),
    ("elb", "COMPLETE", SUCCEEDED), ("elb", "SUCCESS", SUCCEEDED), ("elb", "ROLLBACKING", RUNNING),
    ("elb", "ROLLBACK_FAIL", FAILED), ("elb", "CANCEL", FAILED),
    ("sfsturbo", "waiting", RUNNING), ("sfsturbo", "success", SUCCEEDED), ("sfsturbo", "failed", FAILED),
    ("dws", "DELAY_SCHEDULED", RUNNING), ("dws", "STOP", FAILED), ("dws", "SUCCESS", SUCCEEDED),
    ("dli", "FINISH", SUCCEEDED), ("dli", "FINISHED", SUCCEEDED), ("dli", "SCALING", RUNNING),
    ("dli", "CANCELLED", FAILED), ("dli", "LAUNCHING", RUNNING),
    ("sms", "READY", RUNNING), ("sms", "SYNCING", RUNNING), ("sms", "MIGRATE_SUCCESS", SUCCEEDED),
    ("sms", "SYNC_SUCCESS", SUCCEEDED), ("sms", "ABORT", FAILED), ("sms", "MIGRATE_FAIL", FAILED),
    ("geip", "WAIT_TO_SCHEDULE", RUNNING), ("geip", "FINISH_SUCC", SUCCEEDED), ("geip", "FINISH_ROLLBACK_SUCC", FAILED),
    ("geip", "FINISH", UNKNOWN),
    ("sdrs", "INIT", RUNNING), ("sdrs", "SUCCESS", SUCCEEDED), ("sdrs", "FAIL", FAILED),
]


@pytest.mark.parametrize("service,status,state", STATES)
def test_each_status_is_the_state_its_vendor_documents(service, status, state):
    assert SERVICES[service].job.state_of(status) == state


def test_the_notes_say_what_ends_a_wait_without_success():
    assert status_note({"service": "cbr", "status": "skipped"}) == "skipped (not run, not a success)"
    assert status_note({"service": "taurusdb", "status": "Pending"}) == "a delayed task, not run yet"
    assert status_note({"service": "geip", "status": "FINISH_ROLLBACK_SUCC"}) == "rolled back"


# ---- times in every shape ----

@pytest.mark.parametrize("value,text", [
    ("2023-07-26 09:33:58", "2023-07-26T09:33:58Z"),              # no zone: UTC (SFS Turbo, DWS)
    ("2023-07-26T09:33:58", "2023-07-26T09:33:58Z"),
    ("2021-07-12T09:22:04+0800", "2021-07-12T01:22:04Z"),          # GaussDB's example
    ("2018-08-06T10:41:14+0000", "2018-08-06T10:41:14Z"),
    ("2023-07-26T17:33:58+08", "2023-07-26T09:33:58Z"),            # an offset of hours only
    ("2023-07-26T04:33:58-05", "2023-07-26T09:33:58Z"),
    ("2020-02-23T01:00:09.457+00:00", "2020-02-23T01:00:09.457Z"),  # CBR
    (1690364038000, "2023-07-26T09:33:58Z"), ("1690364038000", "2023-07-26T09:33:58Z"),  # SMS, DLI
])
def test_times_in_every_shape(value, text):
    assert parse_time(value) == text


def test_a_body_with_plus_0800_beside_plus_0000():
    raw = {"job": {"id": "j1", "status": "Completed", "created": "2018-08-06T10:41:14+0800", "ended": "2018-08-06T02:51:14+0000"}}
    record = normalise(SERVICES["gaussdb"], raw["job"], "j1")
    assert (record["started_at"], record["ended_at"], record["duration"]) == ("2018-08-06T02:41:14Z", "2018-08-06T02:51:14Z", 600.0)


# ---- error bodies, paths ----

def test_sfs_turbo_errors_come_as_errcode_and_errmsg():
    assert read_error_body({"errCode": "SFS.TURBO.0002", "errMsg": "job not found"}) == ("SFS.TURBO.0002", "job not found")
    session = FakeSession(FakeResponse(404, {"errCode": "SFS.TURBO.0404", "errMsg": "The job does not exist."}))
    with pytest.raises(JobNotFound) as err:
        fetch_jobs(client_for(session), SERVICES["sfsturbo"], "job_id", "j-1")
    assert (err.value.error_code, err.value.error_msg) == ("SFS.TURBO.0404", "The job does not exist.")
    session = FakeSession(FakeResponse(400, {"errCode": "SFS.TURBO.0001", "errMsg": "Invalid job id."}))
    with pytest.raises(ApiError) as err:
        fetch_jobs(client_for(session), SERVICES["sfsturbo"], "job_id", "j-1")
    assert "SFS.TURBO.0001: Invalid job id." in str(err.value)


@pytest.mark.parametrize("service,kind,path,query", [
    ("gaussdb", "job_id", "/v3/%s/jobs", "id=j-1"), ("taurusdb", "job_id", "/v3/%s/jobs", "id=j-1"),
    ("geminidb", "job_id", "/v3/%s/jobs", "id=j-1"), ("dds", "job_id", "/v3/%s/jobs", "id=j-1"),
    ("sdrs", "job_id", "/v1/%s/jobs/j-1", ""), ("cbr", "operation_log_id", "/v3/%s/operation-logs/j-1", ""),
    ("sfsturbo", "job_id", "/v1/%s/sfs-turbo/jobs/j-1", ""), ("elb", "job_id", "/v3/%s/elb/jobs/j-1", ""),
    ("dws", "job_id", "/v1.0/%s/job/j-1", ""), ("dli", "job_id", "/v1.0/%s/jobs/j-1/status", ""),
    ("sms", "task_id", "/v3/tasks/j-1", ""),
])
def test_each_call_is_the_sdks(service, kind, path, query):
    session = FakeSession(FakeResponse(200, {}))
    fetch_jobs(client_for(session), SERVICES[service], kind, "j-1")
    url = session.sent[0]["url"]
    project = params()["project_id"]
    assert url.split("?")[0].endswith(path % project if "%s" in path else path), url
    assert (url.split("?")[1] if "?" in url else "") == query


def test_the_hosts_are_the_sdks():
    hosts = dict((name, SERVICES[name].base_url(Settings(params()))) for name in TWELVE)
    assert hosts == {
        "gaussdb": "https://gaussdb-opengauss.cn-north-4.myhuaweicloud.com", "taurusdb": "https://gaussdb.cn-north-4.myhuaweicloud.com",
        "geminidb": "https://gaussdb-nosql.cn-north-4.myhuaweicloud.com", "dds": "https://dds.cn-north-4.myhuaweicloud.com",
        "sdrs": "https://sdrs.cn-north-4.myhuaweicloud.com", "cbr": "https://cbr.cn-north-4.myhuaweicloud.com",
        "sfsturbo": "https://sfs-turbo.cn-north-4.myhuaweicloud.com", "elb": "https://elb.cn-north-4.myhuaweicloud.com",
        "dws": "https://dws.cn-north-4.myhuaweicloud.com", "dli": "https://dli.cn-north-4.myhuaweicloud.com",
        "sms": "https://sms.cn-north-4.myhuaweicloud.com", "geip": "https://eip.myhuaweicloud.com"}


def test_sms_needs_no_project_even_when_none_is_known():
    session = FakeSession(FakeResponse(200, {"id": "t-1", "state": "RUNNING"}))
    overrides = dict(project_id=None)
    records = fetch_jobs(client_for(session, **overrides), SERVICES["sms"], "task_id", "t-1")
    assert [s["url"] for s in session.sent] == ["https://sms.cn-north-4.myhuaweicloud.com/v3/tasks/t-1"]
    assert (records[0]["job_id"], records[0]["state"]) == ("t-1", RUNNING)


def test_geip_takes_the_domain_id_from_the_settings():
    session = FakeSession(FakeResponse(200, {"job": {"id": "g-1", "status": "FINISH_SUCC"}}))
    client = client_for(session)
    client.settings.domain_id = "0970dd7a1300f5672ff2c003c60ae115"
    records = fetch_jobs(client, SERVICES["geip"], "job_id", "g-1")
    assert [s["url"] for s in session.sent] == ["https://eip.myhuaweicloud.com/v3/0970dd7a1300f5672ff2c003c60ae115/geip/jobs/g-1"]
    assert records[0]["state"] == SUCCEEDED


def test_geip_looks_the_domain_id_up_from_iam_once(monkeypatch):
    monkeypatch.delenv("HUAWEICLOUD_SDK_DOMAIN_ID", raising=False)
    domains = FakeResponse(200, {"domains": [{"id": "0970dd7a1300f5672ff2c003c60ae117", "name": "acme"}]})
    job = FakeResponse(200, {"job": {"id": "g-1", "status": "FINISH_SUCC"}})
    session = FakeSession(domains, job, job)
    client = client_for(session)
    fetch_jobs(client, SERVICES["geip"], "job_id", "g-1")
    fetch_jobs(client, SERVICES["geip"], "job_id", "g-1")
    urls = [s["url"] for s in session.sent]
    assert urls[0].endswith("/v3/auth/domains") and len(urls) == 3
    assert all(u.endswith("/v3/0970dd7a1300f5672ff2c003c60ae117/geip/jobs/g-1") for u in urls[1:])


def test_geip_refuses_an_iam_answer_without_one_domain(monkeypatch):
    monkeypatch.delenv("HUAWEICLOUD_SDK_DOMAIN_ID", raising=False)
    session = FakeSession(FakeResponse(200, {"domains": []}))
    with pytest.raises(ConfigError) as err:
        fetch_jobs(client_for(session), SERVICES["geip"], "job_id", "g-1")
    assert "HUAWEICLOUD_SDK_DOMAIN_ID" in str(err.value)


# ---- sub-jobs ----

def test_sms_sub_tasks_are_listed_and_never_a_verdict():
    raw = {"id": "t-1", "state": "RUNNING", "sub_tasks": [{"id": 1, "name": "CREATE_CLOUD_SERVER", "progress": 100},
                                                          {"id": 2, "name": "SSL_CONFIG", "progress": 40}]}
    record = normalise(SERVICES["sms"], raw, "t-1")
    assert (record["state"], record["progress"], record["sub_jobs_without_status"]) == (RUNNING, 70, [1, 2])
    done = normalise(SERVICES["sms"], dict(raw, state="MIGRATE_SUCCESS"), "t-1")
    assert done["state"] == SUCCEEDED


def test_sms_state_is_kept_as_its_status_beside_the_records_state():
    record = normalise(SERVICES["sms"], {"id": "t-1", "state": "ABORT", "error_json": "aborted by the user"}, "t-1")
    assert (record["state"], record["status"], status_note(record)) == (FAILED, "ABORT", "aborted")
    kept = normalise(SERVICES["sms"], {"id": "t-1", "state": "READY", "status": "sent"}, "t-1")
    assert (kept["state"], kept["status"]) == (RUNNING, "sent")  # a status the API sends stays as sent


def test_a_failed_elb_sub_job_fails_a_complete_job():
    raw = {"job_id": "e-1", "status": "COMPLETE", "sub_jobs": [
        {"job_id": "s-1", "status": "SUCCESS", "resource_id": "l-1"},
        {"job_id": "s-2", "status": "FAIL", "resource_id": "l-2", "error_code": "ELB.8902", "error_msg": "quota"}]}
    record = normalise(SERVICES["elb"], raw, "e-1")
    assert record["state"] == FAILED
    assert record["failed_sub_jobs"] == [{"id": "s-2", "resource_id": "l-2", "job_type": None, "error_code": "ELB.8902",
                                          "error_msg": "quota"}]


# ---- start rules: where each SDK's start answers put the id ----

@pytest.mark.parametrize("service,answer,started", [
    ("gaussdb", {"instance": {"id": "i-1"}, "job_id": "j-1"}, [{"service": "gaussdb", "job_id": "j-1"}]),
    ("taurusdb", {"instance": {"id": "i-1"}, "job_id": "j-1"}, [{"service": "taurusdb", "job_id": "j-1"}]),
    ("geminidb", {"id": "i-1", "job_id": "j-1"}, [{"service": "geminidb", "job_id": "j-1"}]),
    ("dds", {"id": "i-1", "job_id": "j-1"}, [{"service": "dds", "job_id": "j-1"}]),
    ("sdrs", {"job_id": "j-1"}, [{"service": "sdrs", "job_id": "j-1"}]),
    ("cbr", {"operation_log_id": "o-1"}, [{"service": "cbr", "operation_log_id": "o-1"}]),
    ("sfsturbo", {"jobId": "j-1"}, [{"service": "sfsturbo", "job_id": "j-1"}]),
    ("elb", {"request_id": "r-1", "job_id": "j-1"}, [{"service": "elb", "job_id": "j-1"}]),
    ("dws", {"job_id": "j-1"}, [{"service": "dws", "job_id": "j-1"}]),
    ("dli", {"is_success": True, "message": "", "job_id": "j-1", "job_type": "QUERY"}, [{"service": "dli", "job_id": "j-1"}]),
    ("sms", {"id": "t-1"}, [{"service": "sms", "task_id": "t-1"}]),
    ("geip", {"request_id": "r-1", "job_id": "j-1"}, [{"service": "geip", "job_id": "j-1"}]),
])
def test_start_answers_give_the_ids_wait_for_job_takes(service, answer, started):
    assert read_start_answer(SERVICES[service], answer)[0] == started
