# -*- coding: utf-8 -*-
"""The emulator's BSS answers against the vendor's own huaweicloudsdkbss (a test-only reference), as
test_sdk_conformance.py checks the job APIs: the SDK's BssClient, signed by GlobalCredentials (X-Domain-Id), reads each
order status and the resources query from the BSS listener; every raw body holds no key its model does not know and
no value of another JSON type; the collection sends the requests the SDK sends. Only 127.0.0.1 is ever reached."""

import pytest

from tests.emulator import state as st
from tests.emulator.control import header_value
from tests.integration.test_sdk_conformance import model_problems

bss = pytest.importorskip("huaweicloudsdkbss.v2")
core_credentials = pytest.importorskip("huaweicloudsdkcore.auth.credentials")
core_http_config = pytest.importorskip("huaweicloudsdkcore.http.http_config")
models = pytest.importorskip("huaweicloudsdkbss.v2.model")


def sdk_client(emu):
    config = core_http_config.HttpConfig.get_default_config()
    config.timeout = (5, 20)
    config.retry_times = 0
    credentials = core_credentials.GlobalCredentials(st.ACCESS_KEY, st.SECRET_KEY, st.DOMAIN_ID)
    endpoint = emu.endpoints["bss"]
    assert endpoint.startswith("http://127.0.0.1:")
    return bss.BssClient.new_builder().with_http_config(config).with_credentials(credentials).with_endpoint(endpoint).build()


def only(emu, route):
    entries = emu.control.requests(route=route)
    assert len(entries) == 1, entries
    return entries[0]


@pytest.mark.parametrize("status", [6, 3, 5, 4, 1, 2, 9, 10, 11, 12, 13])
def test_the_sdk_reads_every_order_status(emu, status):
    order = emu.control.add_order(phases=[{"status": status}], resources=["srv-1"])
    emu.control.clear_requests()
    response = sdk_client(emu).show_customer_order_details(models.ShowCustomerOrderDetailsRequest(order_id=order["order_id"]))
    assert response.order_info.status == status and response.order_info.order_id == order["order_id"]
    entry = only(emu, "bss_order")
    assert entry["status"] == 200 and header_value(entry, "X-Domain-Id") == st.DOMAIN_ID
    assert model_problems(models.ShowCustomerOrderDetailsResponse, entry["response"], models) == []


@pytest.mark.parametrize("only_main", [1, 0])
def test_the_sdk_reads_the_resources_an_order_made(emu, only_main):
    order = emu.control.add_order(phases=[{"status": 5}], resources=["srv-1", {"resource_id": "vol-1", "is_main_resource": 0}])
    emu.control.clear_requests()
    body = models.QueryResourcesReq(order_id=order["order_id"], only_main_resource=only_main)
    response = sdk_client(emu).list_pay_per_use_customer_resources(models.ListPayPerUseCustomerResourcesRequest(body=body))
    assert [r.resource_id for r in response.data] == (["srv-1"] if only_main else ["srv-1", "vol-1"])
    assert response.total_count == len(response.data)
    entry = only(emu, "bss_order_resources")
    assert model_problems(models.ListPayPerUseCustomerResourcesResponse, entry["response"], models) == []


def test_an_order_not_completed_lists_no_resource(emu):
    order = emu.control.add_order(phases=[{"status": 6}], resources=["srv-1"])
    body = models.QueryResourcesReq(order_id=order["order_id"], only_main_resource=1)
    response = sdk_client(emu).list_pay_per_use_customer_resources(models.ListPayPerUseCustomerResourcesRequest(body=body))
    assert response.total_count == 0 and response.data == []


def test_a_signed_call_without_the_domain_id_is_refused(emu):
    """The SDK's BssClient takes GlobalCredentials only; a request signed without X-Domain-Id is the gateway's 401."""
    import requests  # pylint: disable=import-outside-toplevel
    from huaweicloudsdkcore.sdk_request import SdkRequest  # pylint: disable=import-outside-toplevel
    from huaweicloudsdkcore.signer.signer import Signer  # pylint: disable=import-outside-toplevel
    order = emu.control.add_order(phases=[{"status": 6}])
    host = emu.endpoints["bss"].split("://", 1)[1]
    path = "/v2/orders/customer-orders/details/%s" % order["order_id"]
    request = SdkRequest(method="GET", schema="http", host=host, resource_path=path, query_params=[],
                         header_params={"Content-Type": "application/json"}, body="")
    Signer(core_credentials.BasicCredentials(st.ACCESS_KEY, st.SECRET_KEY)).sign(request)
    answer = requests.get(emu.endpoints["bss"] + path, headers=request.header_params, timeout=10)
    assert answer.status_code == 401 and answer.json()["error_code"] == "APIGW.0301" and "X-Domain-Id" in answer.json()["error_msg"]


def test_the_collection_sends_the_requests_the_sdk_sends(emu):
    from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings  # pylint: disable=import-outside-toplevel
    order = emu.control.add_order(phases=[{"status": 5}], resources=["srv-1"])
    client = sdk_client(emu)
    emu.control.clear_requests()
    client.show_customer_order_details(models.ShowCustomerOrderDetailsRequest(order_id=order["order_id"]))
    client.list_pay_per_use_customer_resources(models.ListPayPerUseCustomerResourcesRequest(
        body=models.QueryResourcesReq(order_id=order["order_id"], only_main_resource=1)))
    sdk = emu.control.requests()
    emu.control.clear_requests()
    settings = Settings(dict(access_key=st.ACCESS_KEY, secret_key=st.SECRET_KEY, endpoints={"bss": emu.endpoints["bss"]},
                             iam_endpoint=emu.url, domain_id=st.DOMAIN_ID, allow_insecure_http=True))
    with Client(settings) as ours_client:
        records = fetch_jobs(ours_client, SERVICES["bss"], "order_id", order["order_id"])
    ours = emu.control.requests()
    assert records[0]["state"] == "succeeded" and records[0]["resources"] == ["srv-1"]

    def shape(entry):
        return (entry["method"], entry["path"], entry["query"], entry["service_listener"], entry["status"],
                header_value(entry, "X-Domain-Id"), header_value(entry, "X-Project-Id"))
    assert [shape(e) for e in ours] == [shape(e) for e in sdk]
    assert ours[1]["body"].replace(" ", "") == sdk[1]["body"].replace(" ", "")


def test_the_ecs_sdk_reads_the_server_list_a_lookup_by_name_gets(emu):
    """The lookup of playbooks/create_if_absent.yml: EcsClient.list_servers_details (ListServersDetailsResponse)."""
    ecs = pytest.importorskip("huaweicloudsdkecs.v2")
    import requests  # pylint: disable=import-outside-toplevel
    token = emu.control.issue_token()
    project = st.PROJECTS["cn-north-4"]
    created = requests.post("%s/v1/%s/cloudservers" % (emu.url, project), headers={"X-Auth-Token": token},
                            json={"server": {"name": "web", "count": 2}}, timeout=10)
    assert created.status_code == 200, created.text
    config = core_http_config.HttpConfig.get_default_config()
    config.retry_times = 0
    client = ecs.EcsClient.new_builder().with_http_config(config).with_endpoint(emu.endpoints["ecs"]).with_credentials(
        core_credentials.BasicCredentials(st.ACCESS_KEY, st.SECRET_KEY, project)).build()
    emu.control.clear_requests()
    response = client.list_servers_details(ecs.ListServersDetailsRequest(name="web"))
    assert response.count == 2 and sorted(s.name for s in response.servers) == ["web-0001", "web-0002"]
    entry = only(emu, "ecs_list_servers")
    assert model_problems(ecs.ListServersDetailsResponse, entry["response"], ecs.model) == []
