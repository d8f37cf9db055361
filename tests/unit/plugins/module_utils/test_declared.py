"""Shapes declared in the play: a jobs: entry with service (or url), path, id, status, succeeded, failed, running.

Signed, read and waited on like a table entry, with the same records and messages; each bad key refused, named,
before anything is sent.
"""

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, UNKNOWN
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import raw_status
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import check_endpoints, fetch_by_ref, refs_from, wait_on

from tests.emulator import keys
from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

NAT = {"service": "nat", "path": "/v2/{project_id}/nat_gateways/{id}", "id": "nat-1", "status": "nat_gateway.status",
       "succeeded": ["ACTIVE"], "failed": ["ERROR"], "running": ["PENDING_CREATE"]}


def gateway(status):
    return {"nat_gateway": {"id": "nat-1", "name": "gw", "status": status, "spec": "1"}}


def client(session, **overrides):
    clock = FakeClock(0.0)
    return Client(Settings(params(**overrides)), session=session, clock=clock, sleep=clock.sleep)


def test_a_declared_entry_is_signed_read_and_mapped_like_a_table_entry():
    ref = refs_from(dict(jobs=[NAT]))[0]
    for status, state in (("PENDING_CREATE", RUNNING), ("ACTIVE", SUCCEEDED), ("ERROR", FAILED), ("FROZEN", UNKNOWN)):
        session = FakeSession(FakeResponse(200, gateway(status)))
        record = fetch_by_ref(client(session), ref, None)[0]
        sent = session.sent[0]
        assert sent["url"] == "https://nat.cn-north-4.myhuaweicloud.com/v2/%s/nat_gateways/nat-1" % keys.PROJECT_ID
        assert sent["headers"]["Authorization"].startswith("SDK-HMAC-SHA256 Access=%s" % keys.ACCESS_KEY)
        assert (record["service"], record["job_id"], record["state"], raw_status(record)) == ("nat", "nat-1", state, status)


def test_a_declared_wait_has_the_same_result_and_messages():
    session = FakeSession(FakeResponse(200, gateway("PENDING_CREATE")), FakeResponse(200, gateway("ERROR")))
    args = dict(jobs=[NAT, {"service": "ecs", "server_id": "s-1"}][:1], timeout=60.0, poll_interval=1.0, max_poll_interval=2.0,
                not_found_timeout=5.0, max_concurrency=1, http_timeout=30.0, progress_interval=0)
    result = wait_on(args, client(session), refs_from(args))
    assert result["failed"] and result["failed_ids"] == ["nat-1"]
    assert result["by_service"] == {"nat": {"succeeded": 0, "failed": 1, "pending": 0}}
    assert result["msg"] == "1 of 1 job failed: nat job nat-1: failed with status 'ERROR'"


def test_a_declared_entry_may_wait_for_absence_and_raw_statuses():
    ref = refs_from(dict(jobs=[dict(NAT, until="absent")]))[0]
    assert fetch_by_ref(client(FakeSession(FakeResponse(404, {}))), ref, None)[0]["state"] == SUCCEEDED
    ref = refs_from(dict(jobs=[dict(NAT, until=["FROZEN"])]))[0]
    assert fetch_by_ref(client(FakeSession(FakeResponse(200, gateway("FROZEN")))), ref, None)[0]["state"] == SUCCEEDED


def test_a_service_of_the_table_reaches_its_host_and_endpoint_reaches_any_name():
    ref = refs_from(dict(jobs=[dict(NAT, service="vpc", path="/v1/{project_id}/things/{id}")]))[0]
    session = FakeSession(FakeResponse(200, gateway("ACTIVE")))
    fetch_by_ref(client(session), ref, None)
    assert session.sent[0]["url"].startswith("https://vpc.cn-north-4.myhuaweicloud.com/v1/")
    session = FakeSession(FakeResponse(200, gateway("ACTIVE")))
    fetch_by_ref(client(session, endpoint="https://nat.example.myhuaweicloud.com"), refs_from(dict(jobs=[NAT]))[0], None)
    assert session.sent[0]["url"].startswith("https://nat.example.myhuaweicloud.com/v2/")


def test_a_url_to_the_clouds_hosts_or_loopback_is_taken_and_any_other_refused_naming_url():
    entry = dict(NAT, url="https://nat.cn-north-4.myhuaweicloud.com/v2/{project_id}/nat_gateways/{id}")
    del entry["service"], entry["path"]
    ref = refs_from(dict(jobs=[entry]))[0]
    session = FakeSession(FakeResponse(200, gateway("ACTIVE")))
    assert fetch_by_ref(client(session), ref, None)[0]["state"] == SUCCEEDED
    assert session.sent[0]["url"] == "https://nat.cn-north-4.myhuaweicloud.com/v2/%s/nat_gateways/nat-1" % keys.PROJECT_ID
    local = dict(entry, url="http://127.0.0.1:8443/v2/{project_id}/nat_gateways/{id}")
    check_endpoints(client(FakeSession(FakeResponse(200, {}))), refs_from(dict(jobs=[local])))
    away = dict(entry, url="https://evil.example.com/v2/{project_id}/nat_gateways/{id}")
    with pytest.raises(ConfigError) as err:
        check_endpoints(client(FakeSession(FakeResponse(200, {}))), refs_from(dict(jobs=[away])))
    assert str(err.value).startswith("jobs[0].url leaves the cloud's hosts: evil.example.com")
    result = wait_on(dict(jobs=[away], timeout=5.0, poll_interval=1.0, max_poll_interval=1.0, not_found_timeout=1.0,
                          max_concurrency=1, http_timeout=1.0), client(FakeSession(FakeResponse(200, {}))), refs_from(dict(jobs=[away])))
    assert result["failed"] and "jobs[0].url leaves the cloud's hosts" in result["msg"]


def without(key):
    entry = dict(NAT)
    del entry[key]
    return entry


@pytest.mark.parametrize("entry, message", [
    (without("status"), "jobs[0] declares a shape but has no status"),
    (without("succeeded"), "jobs[0] declares a shape but has no succeeded"),
    (dict(NAT, succeeded=[]), "jobs[0] declares a shape but has no succeeded"),
    (without("id"), "jobs[0] declares a shape but has no id"),
    (without("path"), "jobs[0] declares a shape but has no path"),
    (without("service"), "jobs[0] declares a shape but has neither service"),
    (dict(NAT, path="//evil.example.com/{id}"), "jobs[0].path must be a path starting with a single '/'"),
    (dict(NAT, path="https://evil.example.com/{id}"), "jobs[0].path must be a path starting with a single '/'"),
    (dict(NAT, path="/v2/../{id}"), "jobs[0].path '/v2/../{id}' may not hold"),
    (dict(NAT, path="/v2/{project_id}/nat_gateways"), "jobs[0].path must name {id}"),
    (dict(NAT, path="/v2/{project_id}/{other}/{id}"), "jobs[0].path must name {id}"),
    (dict(NAT, service="nat.evil.com"), "jobs[0].service must be a host prefix of the cloud"),
    (dict(NAT, url="https://nat.cn-north-4.myhuaweicloud.com"), "jobs[0] gives both service and url"),
    (dict(NAT, status="nat_gateway..status"), "jobs[0].status must be a dotted path"),
    (dict(NAT, failed=[{"x": 1}]), "jobs[0].failed must be a list of raw statuses"),
    (dict(NAT, id="../x"), "jobs[0].id '../x' holds characters"),
    (dict(NAT, job_id="j-1"), "jobs[0] has unknown keys job_id (a declared entry takes"),
])
def test_a_bad_declared_entry_is_refused_naming_the_key(entry, message):
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[entry]))
    assert str(err.value).startswith(message), str(err.value)


def test_a_url_that_is_not_absolute_is_refused_naming_url():
    entry = dict(without("service"), url="ftp://nat.example/{id}")
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[entry]))
    assert str(err.value).startswith("jobs[0].url must be an absolute https:// URL")


class TaggedStr(str):
    """What Ansible 2.19 hands a plugin for a string of the play (a str subclass carrying its origin)."""


def test_statuses_of_the_play_match_as_plain_strings_though_ansible_hands_them_tagged():
    """A raw status is matched by its type too (1 is not "1"): a str subclass of the play still means its string."""
    entry = dict(NAT, succeeded=[TaggedStr("ACTIVE")], failed=[TaggedStr("ERROR")])
    ref = refs_from(dict(jobs=[entry]))[0]
    assert fetch_by_ref(client(FakeSession(FakeResponse(200, gateway("ACTIVE")))), ref, None)[0]["state"] == SUCCEEDED
    ref = refs_from(dict(jobs=[{"service": "ecs", "server_id": "s-1", "until": [TaggedStr("SHUTOFF")]}]))[0]
    body = {"server": {"id": "s-1", "status": "SHUTOFF"}}
    assert fetch_by_ref(client(FakeSession(FakeResponse(200, body))), ref, None)[0]["state"] == SUCCEEDED
