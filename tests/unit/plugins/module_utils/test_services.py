"""Job records: the state for each API answer, times, Workspace sub-jobs, paging, envelopes."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.times import parse_time

from tests.unit.fakes import FakeResponse, FakeSession, FakeClock, params

STATUS_TABLE = [
    ("cph", 1, "running"), ("cph", 2, "succeeded"), ("cph", -1, "failed"),
    ("cph", "2", "unknown"), ("cph", 0, "unknown"), ("cph", None, "unknown"), ("cph", True, "unknown"), ("cph", 2.0, "unknown"),
    ("koophone", 1, "running"), ("koophone", 2, "succeeded"), ("koophone", -1, "failed"), ("koophone", 3, "failed"),
    ("koophone", 0, "running"), ("koophone", 4, "unknown"), ("koophone", "3", "unknown"), ("koophone", False, "unknown"),
    ("workspace", "INIT", "running"), ("workspace", "WAITING", "running"), ("workspace", "RUNNING", "running"),
    ("workspace", "SUCCESS", "succeeded"), ("workspace", "COMPLETE", "succeeded"),
    ("workspace", "FAIL", "failed"), ("workspace", "FAILED", "failed"), ("workspace", "success", "unknown"),
    ("workspace", "CANCELLED", "unknown"),
    ("cfw", "Running", "running"), ("cfw", "Success", "succeeded"), ("cfw", "Failed", "failed"),
    ("cfw", "SUCCESS", "unknown"), ("cfw", "", "unknown"), ("cfw", 2, "unknown"),
]


@pytest.mark.parametrize("service,status,state", STATUS_TABLE)
def test_status_maps_to_state(service, status, state):
    assert normalise(SERVICES[service], {"status": status})["state"] == state


def test_record_keeps_every_field_and_adds_normalised_keys():
    raw = {"error_msg": None, "execute_msg": None, "job_id": "6837531fd3f54550927b930180a706bf",
           "end_time": "2019-04-26T07:00:06Z", "begin_time": "2019-04-26T07:00:00Z", "error_code": None,
           "request_id": "2676a3b4f7df49c297c6775989806d32", "status": 2}
    record = normalise(SERVICES["cph"], raw)
    for key, value in raw.items():
        assert record[key] == value
    assert record["service"] == "cph"
    assert record["state"] == "succeeded"
    assert record["started_at"] == "2019-04-26T07:00:00Z"
    assert record["ended_at"] == "2019-04-26T07:00:06Z"
    assert record["duration"] == 6.0
    assert record["progress"] is None


@pytest.mark.parametrize("value,expected", [
    ("2017-10-25T00:00:30Z", "2017-10-25T00:00:30Z"),
    ("2017-10-25T00:00:30.250Z", "2017-10-25T00:00:30.25Z"),
    ("2017-10-25T08:00:30+0800", "2017-10-25T00:00:30Z"),
    ("2017-10-25T08:00:30+08:00", "2017-10-25T00:00:30Z"),
    ("2017-10-24T19:00:30-0500", "2017-10-25T00:00:30Z"),
    ("2017-10-25 00:00:30", "2017-10-25T00:00:30Z"),
    ("2017-10-25T00:00:30.123456789Z", "2017-10-25T00:00:30.123456Z"),
    (1641370501000, "2022-01-05T08:15:01Z"),
    ("1641370501000", "2022-01-05T08:15:01Z"),
    (1641370501, "2022-01-05T08:15:01Z"),
    ("04-Jun-2015 18:11:06:586", "2015-06-04T18:11:06.586Z"), ("4-jun-2015 18:11:06", "2015-06-04T18:11:06Z"),
    ("31-Feb-2015 18:11:06:586", None), ("04-Jux-2015 18:11:06:586", None), ("04-Jun-15 18:11:06", None),
    (None, None), ("", None), ("yesterday", None), ("2017-13-45T00:00:00Z", None), (True, None), ({}, None),
    (10 ** 30, None), (-30610224000001, None), ("0999-12-31T23:59:59Z", None),
])
def test_times_become_iso_utc_or_null(value, expected):
    assert parse_time(value) == expected


def test_cfw_epoch_millisecond_example_from_vendor_page():
    body = {"begin_time": 1641370501000, "end_time": 1641370515000, "id": "f588ce71-e26c-400d-8981-f854355f6849", "status": "Success"}
    record = normalise(SERVICES["cfw"], body)
    assert (record["state"], record["job_id"], record["duration"]) == ("succeeded", body["id"], 14.0)
    assert record["begin_time"] == 1641370501000


def sub(status, desktop="desk-1", process=None, **extra):
    job = {"id": "sub-" + desktop, "status": status, "entities": {"desktop_id": "id-" + desktop, "desktop_name": desktop, "user_name": "u"}}
    if process is not None:
        job["process"] = process
    job.update(extra)
    return job


@pytest.mark.parametrize("own,subs,state", [
    ("SUCCESS", [sub("SUCCESS"), sub("SUCCESS", "d2")], "succeeded"),
    ("COMPLETE", [], "succeeded"),
    ("SUCCESS", [sub("SUCCESS"), sub("FAIL", "d2")], "failed"),
    ("RUNNING", [sub("SUCCESS"), sub("FAILED", "d2")], "failed"),
    ("SUCCESS", [sub("SUCCESS"), sub("RUNNING", "d2")], "running"),
    ("SUCCESS", [sub("SUCCESS"), sub("WEIRD", "d2")], "unknown"),
    ("RUNNING", [sub("SUCCESS"), sub("WAITING", "d2")], "running"),
    ("FAIL", [sub("SUCCESS")], "failed"),
    (None, [sub("SUCCESS")], "unknown"),
])
def test_workspace_state_needs_every_sub_job(own, subs, state):
    raw = {"id": "j1", "status": own, "sub_jobs": subs} if own else {"sub_jobs": subs}
    assert normalise(SERVICES["workspace"], raw, "j1")["state"] == state


def test_workspace_failed_sub_jobs_name_desktop_code_and_reason():
    raw = {"id": "j1", "status": "RUNNING", "sub_jobs": [
        sub("SUCCESS", "d1", 100), sub("FAIL", "d2", 30, error_code="WKS.00010059", fail_reason="Insufficient resources.")]}
    record = normalise(SERVICES["workspace"], raw)
    assert record["failed_sub_jobs"] == [dict(id="sub-d2", desktop_id="id-d2", desktop_name="d2", user_name="u",
                                              error_code="WKS.00010059", fail_reason="Insufficient resources.")]
    assert record["sub_jobs"][0]["state"] == "succeeded" and record["sub_jobs"][0]["progress"] == 100
    assert record["progress"] == 65


def test_workspace_empty_example_body_is_unknown_with_queried_id():
    record = normalise(SERVICES["workspace"], {}, "2382dd96")
    assert record["state"] == "unknown" and record["job_id"] == "2382dd96"
    assert record["sub_jobs"] == [] and record["failed_sub_jobs"] == [] and record["progress"] is None


def make_client(session, **overrides):
    clock = FakeClock()
    return Client(Settings(params(**overrides)), session=session, clock=clock, sleep=clock.sleep)


def cph_page(count, start=0):
    return {"request_id": "r1", "jobs": [{"job_id": "job-%03d" % (start + i), "phone_id": "p%d" % i, "status": 2} for i in range(count)]}


def test_cph_request_reads_every_page():
    session = FakeSession(FakeResponse(200, cph_page(100)), FakeResponse(200, cph_page(100, 100)), FakeResponse(200, cph_page(50, 200)))
    jobs = fetch_jobs(make_client(session), SERVICES["cph"], "request_id", "r1")
    assert len(jobs) == 250 and jobs[-1]["job_id"] == "job-249"
    assert [s["url"].split("?")[1] for s in session.sent] == [
        "limit=100&offset=0&request_id=r1", "limit=100&offset=100&request_id=r1", "limit=100&offset=200&request_id=r1"]
    assert session.sent[0]["url"].startswith("https://cph.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/cloud-phone/jobs?")


def test_cph_request_exactly_one_full_page_asks_once_more():
    session = FakeSession(FakeResponse(200, cph_page(100)), FakeResponse(200, {"request_id": "r1", "jobs": []}))
    assert len(fetch_jobs(make_client(session), SERVICES["cph"], "request_id", "r1")) == 100
    assert len(session.sent) == 2


def test_koophone_sends_fresh_request_id_each_call_and_unwraps_envelope():
    body = {"data": {"jobs": [{"job_id": "k1", "status": -1, "error_code": "CPS0005", "error_msg": "Phone not found.", "execute_msg": None}]},
            "error_code": "0", "error_msg": "ok"}
    session = FakeSession(FakeResponse(200, body))
    client = make_client(session, region="cn-south-1")
    first = fetch_jobs(client, SERVICES["koophone"], "task_id", "t1")
    fetch_jobs(client, SERVICES["koophone"], "task_id", "t1")
    assert first[0]["state"] == "failed" and first[0]["error_code"] == "CPS0005"
    ids = [s["headers"]["x-request-id"] for s in session.sent]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
    assert session.sent[0]["url"] == "https://koophone.myhuaweicloud.com/v1/instances/tasks/t1"


def test_koophone_envelope_error_at_http_200_is_an_error():
    session = FakeSession(FakeResponse(200, {"error_code": "KooPhone.API.1005", "error_msg": "task not found"}))
    with pytest.raises(ApiError) as err:
        fetch_jobs(make_client(session, region="cn-south-1"), SERVICES["koophone"], "task_id", "t1")
    assert err.value.error_code == "KooPhone.API.1005" and "task not found" in str(err.value)


def test_cfw_unwraps_data_and_eu_host():
    session = FakeSession(FakeResponse(200, {"data": {"id": "c1", "status": "Running", "begin_time": 1641370501000}}))
    jobs = fetch_jobs(make_client(session, region="eu-west-101"), SERVICES["cfw"], "job_id", "c1")
    assert jobs[0]["state"] == "running" and jobs[0]["started_at"] == "2022-01-05T08:15:01Z"
    assert session.sent[0]["url"].startswith("https://cfw.eu-west-101.myhuaweicloud.eu/v3/")


def test_envelope_error_carries_the_response_request_id():
    session = FakeSession(FakeResponse(200, {"error_code": "CFW.00100001", "error_msg": "bad"}, headers={"X-Request-Id": "rid-env-1"}))
    with pytest.raises(ApiError) as err:
        fetch_jobs(make_client(session), SERVICES["cfw"], "job_id", "c1")
    assert err.value.request_id == "rid-env-1" and "(request id rid-env-1)" in str(err.value)


@pytest.mark.parametrize("service,settings,url", [
    ("cfw", dict(cloud="example-cloud.eu"), "https://cfw.cn-north-4.example-cloud.eu/v3/"),
    ("cfw", dict(region="eu-west-101"), "https://cfw.eu-west-101.myhuaweicloud.eu/v3/"),
    ("cfw", dict(endpoint="https://all.example.com", endpoints={"cfw": "https://cfw.example.com/"}), "https://cfw.example.com/v3/"),
    ("workspace", dict(endpoint="https://all.example.com", endpoints={"cfw": "https://cfw.example.com"}), "https://all.example.com/v2/"),
    ("cph", dict(cloud="example-cloud.eu", region="xx-private-1"), "https://cph.xx-private-1.example-cloud.eu/v1/"),
])
def test_hosts_follow_cloud_endpoints_and_region_overrides(service, settings, url):
    session = FakeSession(FakeResponse(200, {"data": {}}))
    fetch_jobs(make_client(session, **settings), SERVICES[service], "job_id", "j1")
    assert session.sent[0]["url"].startswith(url)


def test_cph_not_found_predicate():
    assert SERVICES["cph"].not_found(ApiError("GET", "/x", 400, "CPS.0005", "Phone not found."))
    assert not SERVICES["cph"].not_found(ApiError("GET", "/x", 400, "CPS.0001", "bad"))
    assert SERVICES["workspace"].not_found(ApiError("GET", "/x", 404, "WKS.0001", "no"))


@pytest.mark.parametrize("bad", ["../x", "a/b", "a?b", "a#b", "a%2fb", "a b", "a\tb", "a\nb", "x" * 129, "", "ü", "..", "a..b"])
def test_ids_that_could_change_the_url_are_refused_before_sending(bad):
    session = FakeSession(FakeResponse(200, {}))
    with pytest.raises(ConfigError) as err:
        fetch_jobs(make_client(session), SERVICES["cfw"], "job_id", bad)
    assert "job_id" in str(err.value)
    assert session.sent == []


@pytest.mark.parametrize("service", ["cph", "workspace", "cfw", "ecs", "rds"])
def test_a_well_formed_region_the_collection_does_not_list_gets_the_host_from_the_template(service):
    session = FakeSession(FakeResponse(404, {"error_code": "X.404", "error_msg": "no such job"}))
    try:
        fetch_jobs(make_client(session, region="xx-nowhere-9"), SERVICES[service], "job_id", "j1")
    except ApiError:
        pass
    assert session.sent[0]["url"].startswith("https://%s.xx-nowhere-9.myhuaweicloud.com/" % service)


@pytest.mark.parametrize("region", ["Cn-North-4", "cn_north_4", "cn", "cn-north-4.evil.com", "cn-north-4/x", "-cn-1"])
def test_a_malformed_region_is_refused_before_anything_is_sent(region):
    with pytest.raises(ConfigError) as err:
        make_client(FakeSession(FakeResponse(200, {})), region=region)
    assert "region %r is not a region name" % region in str(err.value)


def test_koophone_only_in_cn_south_1_unless_endpoint():
    with pytest.raises(ConfigError):
        fetch_jobs(make_client(FakeSession(FakeResponse(200, {}))), SERVICES["koophone"], "task_id", "t1")
    session = FakeSession(FakeResponse(200, {"error_code": "0", "data": {"jobs": []}}))
    assert fetch_jobs(make_client(session, endpoint="http://127.0.0.1:9"), SERVICES["koophone"], "task_id", "t1") == []


NEW_STATUS_TABLE = [
    (service, status, state)
    for service in ("ecs", "evs", "ims", "bms")
    for status, state in (("INIT", "running"), ("RUNNING", "running"), ("PENDING_PAYMENT", "running"), ("SUCCESS", "succeeded"),
                          ("FAIL", "failed"), ("FAILED", "unknown"), ("success", "unknown"))
] + [
    ("dcs", "INIT", "running"), ("dcs", "RUNNING", "running"), ("dcs", "SUCCESS", "succeeded"), ("dcs", "FAIL", "failed"),
    ("dcs", "PENDING_PAYMENT", "unknown"),
]


@pytest.mark.parametrize("service,status,state", NEW_STATUS_TABLE)
def test_new_services_status_maps_to_state(service, status, state):
    assert normalise(SERVICES[service], {"job_id": "j", "status": status})["state"] == state


@pytest.mark.parametrize("phase,state", [("Initializing", "running"), ("Running", "running"), ("Success", "succeeded"),
                                         ("Failed", "failed"), ("success", "unknown"), (None, "unknown")])
def test_cce_reads_the_nested_phase(phase, state):
    assert normalise(SERVICES["cce"], {"metadata": {"uid": "u1"}, "status": {"phase": phase}})["state"] == state


def test_cce_job_with_go_times_sub_jobs_and_no_end_while_running():
    sub_ok = {"metadata": {"uid": "s1"}, "spec": {"type": "CreateNode", "resourceID": "node-1", "resourceName": "n1"},
              "status": {"phase": "Success"}}
    sub_bad = {"metadata": {"uid": "s2"}, "spec": {"type": "InstallAddon", "resourceID": "addon-2"},
               "status": {"phase": "Failed", "reason": "quota exceeded"}}
    raw = {"kind": "Job", "metadata": {"uid": "u1", "creationTimestamp": "2018-08-02 08:12:40.67 +0000 UTC",
                                       "updateTimestamp": "2018-08-02 08:21:50.48 +0000 UTC"},
           "spec": {"type": "CreateCluster", "resourceName": "prod", "subJobs": [sub_ok, sub_bad]}, "status": {"phase": "Running"}}
    record = normalise(SERVICES["cce"], raw)
    assert record["job_id"] == "u1" and record["state"] == "failed"
    assert record["started_at"] == "2018-08-02T08:12:40.67Z" and record["ended_at"] == "2018-08-02T08:21:50.48Z"
    assert record["failed_sub_jobs"] == [dict(id="s2", type="InstallAddon", resource_id="addon-2", resource_name=None,
                                              fail_reason="quota exceeded")]
    running = normalise(SERVICES["cce"], dict(raw, spec={"subJobs": [sub_ok]}))
    assert running["state"] == "running" and running["ended_at"] is None and running["duration"] is None
    assert running["started_at"] == "2018-08-02T08:12:40.67Z"


def test_ecs_sub_jobs_fail_the_job_and_name_the_server():
    raw = {"job_id": "e1", "status": "FAIL", "begin_time": "2024-01-02T03:04:05.000Z", "end_time": "2024-01-02T03:05:05.000Z",
           "error_code": "Ecs.0010", "fail_reason": "Insufficient capacity.",
           "entities": {"sub_jobs_total": 2, "sub_jobs": [
               {"job_id": "s1", "status": "SUCCESS", "entities": {"server_id": "srv-1"}},
               {"job_id": "s2", "status": "FAIL", "error_code": "Ecs.0010", "fail_reason": "Insufficient capacity.",
                "entities": {"server_id": "srv-2", "errorcode_message": "No host has capacity."}}]}}
    record = normalise(SERVICES["ecs"], raw)
    assert record["state"] == "failed" and record["duration"] == 60.0
    assert record["failed_sub_jobs"] == [dict(id="s2", server_id="srv-2", error_code="Ecs.0010", fail_reason="Insufficient capacity.",
                                              errorcode_message="No host has capacity.")]
    assert record["entities"] == raw["entities"]  # the raw fields stay as sent


def test_ims_sub_jobs_sit_in_sub_jobs_result():
    raw = {"job_id": "i1", "status": "SUCCESS", "entities": {"sub_jobs_result": [
        {"job_id": "s1", "status": "FAIL", "entities": {"image_id": "img-1"}, "fail_reason": "bad"}]}}
    record = normalise(SERVICES["ims"], raw)
    assert record["state"] == "failed" and record["failed_sub_jobs"][0]["image_id"] == "img-1"


def test_dcs_epoch_milliseconds_as_strings():
    record = normalise(SERVICES["dcs"], {"job_id": "d1", "status": "SUCCESS", "begin_time": "1704164645000", "end_time": "1704164705000"})
    assert (record["started_at"], record["ended_at"], record["duration"]) == ("2024-01-02T03:04:05Z", "2024-01-02T03:05:05Z", 60.0)


@pytest.mark.parametrize("service,path", [
    ("ecs", "https://ecs.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/jobs/j1"),
    ("evs", "https://evs.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/jobs/j1"),
    ("ims", "https://ims.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/jobs/j1"),
    ("bms", "https://bms.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef/jobs/j1"),
    ("dcs", "https://dcs.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef0123456789abcdef/jobs/j1"),
    ("cce", "https://cce.cn-north-4.myhuaweicloud.com/api/v3/projects/0123456789abcdef0123456789abcdef/jobs/j1"),
])
def test_new_services_call_their_own_host_and_path(service, path):
    session = FakeSession(FakeResponse(200, {"job_id": "j1", "status": "SUCCESS"}))
    fetch_jobs(make_client(session), SERVICES[service], "job_id", "j1")
    assert session.sent[0]["url"] == path


def test_payment_note_names_what_a_job_waits_for():
    from ansible_collections.hwcloud.jobs.plugins.module_utils.words import status_note
    record = normalise(SERVICES["ecs"], {"job_id": "e1", "status": "PENDING_PAYMENT"})
    assert record["state"] == "running" and status_note(record) == "waiting for payment"
    assert status_note(normalise(SERVICES["ecs"], {"job_id": "e1", "status": "RUNNING"})) is None


@pytest.mark.parametrize("status,state", [("Running", "running"), ("Completed", "succeeded"), ("Failed", "failed"),
                                          ("COMPLETED", "unknown"), ("Success", "unknown")])
def test_rds_status_maps_to_state(status, state):
    assert normalise(SERVICES["rds"], {"id": "r1", "status": status})["state"] == state


@pytest.mark.parametrize("process,progress", [("60%", 60), ("100%", 100), ("", None), ("0%", 0), ("x%", None), (None, None)])
def test_rds_reads_the_job_under_job_with_text_progress_and_offset_times(process, progress):
    body = {"job": {"id": "r1", "name": "CreateMysqlInstance", "status": "Running", "created": "2018-08-06T10:41:14+0800",
                    "ended": None, "process": process, "instance": {"id": "inst-1", "name": "db-1"}}}
    session = FakeSession(FakeResponse(200, body))
    jobs = fetch_jobs(make_client(session), SERVICES["rds"], "job_id", "r1")
    assert session.sent[0]["url"] == "https://rds.cn-north-4.myhuaweicloud.com/v3/0123456789abcdef0123456789abcdef/jobs?id=r1"
    assert [(j["job_id"], j["state"], j["progress"], j["started_at"]) for j in jobs] == [("r1", "running", progress, "2018-08-06T02:41:14Z")]


def test_rds_answer_without_a_job_is_no_job():
    assert fetch_jobs(make_client(FakeSession(FakeResponse(200, {}))), SERVICES["rds"], "job_id", "r1") == []


def test_an_unknown_service_and_a_service_without_ids_are_said_one_way():
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import get_service, require_ids  # pylint: disable=import-outside-toplevel
    with pytest.raises(ConfigError) as err:
        get_service("nope")
    assert str(err.value).startswith("service must be one of ") and str(err.value).endswith("got 'nope'")
    with pytest.raises(ConfigError) as err:
        get_service(["cph"], "jobs[2]")
    assert str(err.value).startswith("jobs[2]: service must be one of ")
    with pytest.raises(ConfigError) as err:
        require_ids(SERVICES["cph"], [])
    assert str(err.value) == "one of job_id, request_id is required for service cph"
    require_ids(SERVICES["cph"], ["job_id"])
