# -*- coding: utf-8 -*-
"""The emulator's BSS orders (orders.py): lives on the controllable clock and by polls, a prepaid start's order,
the resources query, the BSS listener, the control API's checks (fixture `emu`)."""

import pytest
import requests

from tests.emulator import state as st
from tests.emulator.control import ControlError

PROJECT = st.PROJECTS["cn-north-4"]
DETAIL = "/v2/orders/customer-orders/details/%s"
QUERY = "/v2/orders/suscriptions/resources/query"


def status_of(emu, order_id, token, base=None):
    answer = requests.get((base or emu.url) + DETAIL % order_id, headers={"X-Auth-Token": token}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["order_info"]["status"]


def made(emu, order_id, token, only_main=1):
    answer = requests.post(emu.url + QUERY, json={"order_id": order_id, "only_main_resource": only_main},
                           headers={"X-Auth-Token": token}, timeout=10)
    assert answer.status_code == 200, answer.text
    return [r["resource_id"] for r in answer.json()["data"]]


def test_an_order_lives_on_the_controllable_clock(emu):
    emu.control.freeze_clock(True)
    order = emu.control.add_order(phases=[{"status": 6, "for_seconds": 60}, {"status": 3, "for_seconds": 60}, {"status": 5}],
                                  resources=["srv-1"])
    token = emu.control.issue_token()
    assert status_of(emu, order["order_id"], token) == 6 and made(emu, order["order_id"], token) == []
    emu.control.advance_clock(60)
    assert status_of(emu, order["order_id"], token) == 3
    emu.control.advance_clock(60)
    assert status_of(emu, order["order_id"], token) == 5 and made(emu, order["order_id"], token) == ["srv-1"]


def test_a_cancelled_order_never_makes_anything(emu):
    order = emu.control.add_order(phases=[{"status": 6, "for_polls": 1}, {"status": 4}], resources=["srv-1"])
    token = emu.control.issue_token()
    assert [status_of(emu, order["order_id"], token) for dummy in range(3)] == [6, 4, 4]
    assert made(emu, order["order_id"], token) == []
    assert emu.control.orders()[0]["statuses_shown"] == [6, 4, 4]


def test_resources_appear_after_the_queries_that_list_none_and_only_main_leaves_out_the_others(emu):
    order = emu.control.add_order(resources=["srv-1", {"resource_id": "vol-1", "is_main_resource": 0}], resources_after_polls=1)
    token = emu.control.issue_token()
    assert made(emu, order["order_id"], token) == []
    assert made(emu, order["order_id"], token) == ["srv-1"]
    assert made(emu, order["order_id"], token, only_main=0) == ["srv-1", "vol-1"]


def test_a_prepaid_server_places_an_order_paid_at_once_or_waiting_for_payment(emu):
    emu.control.freeze_clock(True)
    token = emu.control.issue_token()
    path = "%s/v1/%s/cloudservers" % (emu.url, PROJECT)
    paid = requests.post(path, headers={"X-Auth-Token": token}, timeout=10, json={"server": {
        "name": "db", "count": 2, "extendparam": {"chargingMode": "prePaid", "isAutoPay": "true"}}}).json()
    unpaid = requests.post(path, headers={"X-Auth-Token": token}, timeout=10, json={"server": {
        "name": "db", "extendparam": {"chargingMode": "prePaid"}}}).json()
    assert set(paid) == {"order_id", "serverIds"} and len(paid["serverIds"]) == 2
    emu.control.advance_clock(3600)
    assert status_of(emu, paid["order_id"], token) == 5 and made(emu, paid["order_id"], token) == paid["serverIds"]
    assert status_of(emu, unpaid["order_id"], token) == 6


def test_the_bss_listener_serves_orders_and_nothing_else(emu):
    order = emu.control.add_order(phases=[{"status": 6}])
    token = emu.control.issue_token()
    assert status_of(emu, order["order_id"], token, base=emu.endpoints["bss"]) == 6
    answer = requests.get(emu.endpoints["bss"] + "/v1/%s/jobs/x" % PROJECT, headers={"X-Auth-Token": token}, timeout=10)
    assert answer.status_code == 404 and answer.json()["error_code"] == "APIGW.0101"
    missing = requests.get(emu.url + DETAIL % "CSNOSUCHORDER", headers={"X-Auth-Token": token}, timeout=10)
    assert missing.status_code == 404 and missing.json()["error_code"] == "CBC.99003651"


@pytest.mark.parametrize("spec", [{"phases": [{"status": 7}]}, {"phases": [{"status": 6}, {"status": 5}]}, {"bogus": 1},
                                  {"resources": "srv-1"}, {"project_id": "nowhere"}])
def test_a_bad_order_spec_is_refused(emu, spec):
    with pytest.raises(ControlError) as err:
        emu.control.add_order(**spec)
    assert err.value.status == 400


def test_orders_are_not_jobs(emu):
    with pytest.raises(ControlError) as err:
        emu.control.add_job(service="bss")
    assert "POST /_emulator/orders" in str(err.value)


def test_reset_clears_orders_and_plans(emu):
    emu.control.add_order()
    emu.control.plan_next_order(phases=[{"status": 4}])
    emu.control.reset()
    assert emu.control.orders() == [] and emu.control.call("GET", "order-plans")["order_plans"] == []
