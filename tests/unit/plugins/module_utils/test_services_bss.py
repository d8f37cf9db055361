"""BSS prepaid orders: the statuses of huaweicloudsdkbss's CustomerOrderV3, the resources a completed order made, one
host per cloud, and the domain-level credentials of the SDK's GlobalCredentials (domain_id option, environment, IAM
lookup; X-Domain-Id signed as huaweicloudsdkcore signs it)."""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import json

import pytest
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import ENV_VARIABLES, Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import status_note

from tests.emulator import keys
from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

BSS = SERVICES["bss"]
ORDER = "CS1711150911QLLQK"
DATE = "20261207T053000Z"


def detail(status, **fields):
    """ShowCustomerOrderDetailsResponse {total_count, order_info: CustomerOrderV3, order_line_items}."""
    info = dict({"order_id": ORDER, "customer_id": keys.DOMAIN_ID, "status": status, "create_time": "2026-12-07T05:00:00Z",
                 "payment_time": None}, **fields)
    return {"total_count": 0, "order_info": info, "order_line_items": []}


def resources(*items):
    """ListPayPerUseCustomerResourcesResponse {total_count, data: [OrderInstanceV2]}."""
    return {"total_count": len(items), "data": [dict(resource_id=rid, is_main_resource=main) for rid, main in items]}


def client_for(session, **given):
    clock = FakeClock()
    return Client(Settings(params(**given)), session=session, clock=clock, sleep=clock.sleep)


def fetch(session, **given):
    given.setdefault("domain_id", keys.DOMAIN_ID)
    return fetch_jobs(client_for(session, **given), BSS, "order_id", ORDER)


# ---- the statuses ----

@pytest.mark.parametrize("status,state,note", [
    (6, "running", "waiting for payment"), (3, "running", "processing"), (1, "running", "pending review"),
    (2, "running", "pending refund"), (9, "running", "pending confirmation"), (10, "running", "pending shipment"),
    (11, "running", "pending receipt"), (12, "running", "pending pickup"), (13, "running", "being exchanged"),
    (4, "failed", None), (7, "unknown", None), ("5", "unknown", None), (True, "unknown", None),
])
def test_each_documented_status_has_its_state_and_never_a_success_but_5(status, state, note):
    record, = fetch(FakeSession(FakeResponse(200, detail(status))))
    assert record["state"] == state and record["job_id"] == ORDER and record["service"] == "bss"
    assert (status_note(record) if state == "running" else None) == note


def test_a_completed_order_names_what_it_made_main_resource_first():
    session = FakeSession(FakeResponse(200, detail(5, payment_time="2026-12-07T05:00:09Z")),
                          FakeResponse(200, resources(("vol-1", 0), ("srv-1", 1), ("srv-2", 1))))
    record, = fetch(session)
    assert record["state"] == "succeeded" and record["resources"] == ["srv-1", "srv-2", "vol-1"]
    query = session.sent[1]
    assert query["method"] == "POST" and query["url"] == "https://bss.myhuaweicloud.com/v2/orders/suscriptions/resources/query"
    assert json.loads(query["data"]) == {"order_id": ORDER, "only_main_resource": 1}
    assert record["ended_at"] is None  # payment_time is no end time


def test_a_completed_order_whose_resources_are_not_listed_yet_stays_running():
    record, = fetch(FakeSession(FakeResponse(200, detail(5)), FakeResponse(200, {"total_count": 0, "data": []})))
    assert record["state"] == "running" and record["resources"] == []
    assert status_note(record) == "completed, waiting for its resources"


def test_an_order_not_completed_asks_for_no_resources():
    session = FakeSession(FakeResponse(200, detail(3)))
    fetch(session)
    assert len(session.sent) == 1 and session.sent[0]["url"] == "https://bss.myhuaweicloud.com/v2/orders/customer-orders/details/" + ORDER


# ---- one host per cloud ----

@pytest.mark.parametrize("given,url", [
    (dict(), "https://bss.myhuaweicloud.com"),
    (dict(region=None), "https://bss.myhuaweicloud.com"),
    (dict(region="eu-west-101", cloud="myhuaweicloud.eu"), "https://bss.myhuaweicloud.eu"),
    (dict(endpoints={"bss": "https://bss-intl.myhuaweicloud.com"}), "https://bss-intl.myhuaweicloud.com"),
])
def test_bss_has_one_host_per_cloud_not_per_region(given, url):
    assert BSS.base_url(Settings(params(**given))) == url


def test_a_cloud_without_a_known_bss_host_names_endpoints_bss():
    with pytest.raises(ConfigError) as err:
        BSS.base_url(Settings(params(cloud="example.com")))
    assert "endpoints.bss" in str(err.value)


# ---- domain-level credentials ----

def test_the_domain_id_option_goes_as_x_domain_id_and_no_project_is_sent_or_looked_up():
    session = FakeSession(FakeResponse(200, detail(6)))
    fetch(session, project_id=None)
    headers = session.sent[0]["headers"]
    assert headers["X-Domain-Id"] == keys.DOMAIN_ID and "X-Project-Id" not in headers
    assert "x-domain-id" in headers["Authorization"].split("SignedHeaders=")[1]
    assert len(session.sent) == 1


def test_the_domain_id_comes_from_huaweicloud_sdk_domain_id(monkeypatch):
    assert ENV_VARIABLES["domain_id"] == ("HUAWEICLOUD_SDK_DOMAIN_ID",)
    monkeypatch.setenv("HUAWEICLOUD_SDK_DOMAIN_ID", keys.DOMAIN_ID)
    fallback, names = connection_argument_spec()["domain_id"]["fallback"]
    assert names == ["HUAWEICLOUD_SDK_DOMAIN_ID"] and fallback(*names) == keys.DOMAIN_ID


def test_without_domain_id_it_is_looked_up_from_iam_once_as_the_sdk_does():
    domains = {"domains": [{"id": keys.DOMAIN_ID, "name": keys.DOMAIN_NAME, "enabled": True}]}
    session = FakeSession(FakeResponse(200, domains), FakeResponse(200, detail(6)), FakeResponse(200, detail(3)))
    client = client_for(session, iam_endpoint="https://iam.example.com")
    fetch_jobs(client, BSS, "order_id", ORDER)
    fetch_jobs(client, BSS, "order_id", ORDER)
    assert [s["url"] for s in session.sent] == ["https://iam.example.com/v3/auth/domains"] + [
        "https://bss.myhuaweicloud.com/v2/orders/customer-orders/details/" + ORDER] * 2
    assert "X-Domain-Id" not in session.sent[0]["headers"] and session.sent[2]["headers"]["X-Domain-Id"] == keys.DOMAIN_ID


def test_iam_without_a_domain_asks_for_domain_id():
    session = FakeSession(FakeResponse(200, {"domains": []}))
    with pytest.raises(ConfigError) as err:
        fetch_jobs(client_for(session), BSS, "order_id", ORDER)
    assert "domain_id (or HUAWEICLOUD_SDK_DOMAIN_ID)" in str(err.value)


def test_without_domain_id_region_or_iam_endpoint_it_names_domain_id():
    with pytest.raises(ConfigError) as err:
        fetch_jobs(client_for(FakeSession(), region=None, project_id=None), BSS, "order_id", ORDER)
    assert str(err.value).startswith("domain_id (or HUAWEICLOUD_SDK_DOMAIN_ID) is needed")


def test_a_domain_id_of_another_shape_is_refused():
    with pytest.raises(ConfigError) as err:
        Settings(params(domain_id="not-an-id"))
    assert "domain_id must be 32 hexadecimal characters" in str(err.value)


def test_a_token_sends_no_domain_id():
    session = FakeSession(FakeResponse(200, detail(6)))
    fetch_jobs(client_for(session, access_key=None, secret_key=None, auth_token="a-token"), BSS, "order_id", ORDER)
    headers = session.sent[0]["headers"]
    assert headers["X-Auth-Token"] == "a-token" and "X-Domain-Id" not in headers


def test_x_domain_id_is_signed_as_the_sdks_global_credentials_sign_it():
    session = FakeSession(FakeResponse(200, detail(6)))
    client = client_for(session, domain_id=keys.DOMAIN_ID)
    client.get_reply("https://bss.myhuaweicloud.com", "/v2/orders/customer-orders/details/" + ORDER,
                     headers=dict(BSS.request_headers(), **{"X-Sdk-Date": DATE}))
    ours = session.sent[0]["headers"]
    request = SdkRequest(method="GET", schema="https", host="bss.myhuaweicloud.com",
                         resource_path="/v2/orders/customer-orders/details/" + ORDER, query_params=[],
                         header_params={"Content-Type": "application/json", "X-Sdk-Date": DATE,
                                        "User-Agent": ours["User-Agent"]}, body="")
    GlobalCredentials(keys.ACCESS_KEY, keys.SECRET_KEY, keys.DOMAIN_ID).sign_request(request)
    assert request.header_params["X-Domain-Id"] == ours["X-Domain-Id"] == keys.DOMAIN_ID
    assert ours["Authorization"] == request.header_params["Authorization"]
