"""The start rules of the table: what a start answer started, read as wait_for_job's `jobs:` entries.

Each case is modelled on a vendor publication of that answer (API reference page, OTC mirror, or the vendor's Python
SDK response model, whose attribute_map is the wire name), named beside it; the ids are the pages' where they give one.
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import places_looked, read_start_answer
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from_jobs

J2 = "1564567b8bab40f34711234cb80d0123"

# (page, service, answer, started, orders, not_started): one file per published answer in tests/unit/fixtures/starts/,
# named after the SDK response model or the page it is modelled on.
STARTS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "fixtures", "starts")


def load_start_case(file_name):
    with open(os.path.join(STARTS, file_name), encoding="utf-8") as handle:
        data = json.load(handle)
    return data["page"], data["service"], data["answer"], data["started"], data["orders"], data.get("not_started", [])


START_FILES = sorted(name for name in os.listdir(STARTS) if name.endswith(".json"))
CASES = [load_start_case(name) for name in START_FILES]


@pytest.mark.parametrize("page,service,answer,started,orders,not_started", CASES, ids=[n[:-5] for n in START_FILES])
def test_a_start_answer_reads_to_the_jobs_its_page_started(page, service, answer, started, orders, not_started):
    got_started, got_not_started, got_orders = read_start_answer(SERVICES[service], answer)
    assert got_started == started, page
    assert got_orders == orders, page
    assert got_not_started == not_started, page
    if started:
        assert [ref.value for ref in refs_from_jobs(got_started)] == [list(s.values())[1] for s in started]


def test_a_cph_batch_mixes_started_jobs_with_phones_that_failed_to_start():
    """CPH API reference, Restarting Cloud Phones (cph_api_0515): each entry has job_id, or error_code and error_msg."""
    answer = {"request_id": "6837531fd3f54550927b930180a706bf", "jobs": [
        {"phone_id": "a7f3a1c5258347d6b6f1def79e11f2bc", "job_id": J2},
        {"phone_id": "1678567b8bab40f93711234cb80d0764", "error_code": "CPS.0005", "error_msg": "Phone not found."}]}
    started, not_started, orders = read_start_answer(SERVICES["cph"], answer)
    assert started == [{"service": "cph", "job_id": J2}]
    assert not_started == [{"service": "cph", "phone_id": "1678567b8bab40f93711234cb80d0764",
                            "error_code": "CPS.0005", "error_msg": "Phone not found."}]
    assert orders == []


def test_a_koophone_instance_without_a_job_is_reported_as_not_started():
    failed = {"instance_id": "i2", "error_code": "KOOPHONE.API.4001", "error_msg": "The instance does not exist."}
    answer = {"error_code": "0", "data": {"task_id": "t1", "cmd_jobs": [{"instance_id": "i1", "job_id": "j1"}, failed]}}
    started, not_started, dummy = read_start_answer(SERVICES["koophone"], answer)
    assert started == [{"service": "koophone", "task_id": "t1"}]
    assert [(e["instance_id"], e["error_code"]) for e in not_started] == [("i2", "KOOPHONE.API.4001")]


@pytest.mark.parametrize("answer", [{}, {"instance": {"id": "x"}}, [], None, "text", {"job_id": ""}, {"job_id": 12},
                                    {"jobs": "j1"}, {"status": "jobID"}])
def test_an_answer_without_a_job_id_starts_nothing(answer):
    for service in SERVICES.values():
        started, dummy, orders = read_start_answer(service, answer)
        assert started == [] and orders == []


def test_orders_as_a_list_of_ids_or_objects_are_each_read_once():
    started, dummy, orders = read_start_answer(SERVICES["ecs"], {"orders": ["o1", {"order_id": "o2"}, "o1"], "order_id": "o2"})
    assert started == [] and orders == ["o2", "o1"]


def test_the_places_looked_are_named_for_an_error_message():
    assert places_looked(SERVICES["ecs"]) == "job_id, jobId, jobid, jobID"
    assert places_looked(SERVICES["cph"]) == "jobs[].job_id"
    assert places_looked(SERVICES["cce"]).startswith("status.jobID, status.jobId, job_id")


def test_every_start_rule_names_an_id_kind_its_service_takes():
    for service in SERVICES.values():
        assert service.starts or not service.id_kinds, service.name  # a service of resources only starts no job
        for place in service.starts:
            assert place.kind is None or place.kind in service.id_kinds, (service.name, place.path)


def test_ids_are_found_at_any_depth_in_shapes_no_rule_lists():
    answer = {"outer": [{"inner": {"jobs": [{"jobId": "j-deep"}, {"job_id": "j-deeper", "orderId": "o-item"}]}}],
              "order_ids": ["o-listed"], "result": {"orderID": "o-nested"}}
    started, not_started, orders = read_start_answer(SERVICES["ecs"], answer)
    assert started == [{"service": "ecs", "job_id": "j-deep"}, {"service": "ecs", "job_id": "j-deeper"}]
    assert orders == ["o-listed", "o-item", "o-nested"] and not_started == []


def test_an_id_kind_the_service_does_not_take_is_not_waited_on():
    """A KooPhone job id is waited on through its task; an ECS answer's task or request id is no ECS job."""
    started = read_start_answer(SERVICES["koophone"], {"data": {"cmd_jobs": [{"job_id": "j1"}]}})[0]
    assert started == []
    started = read_start_answer(SERVICES["ecs"], {"task_id": "t1", "request_id": "r1", "job_id": "j1"})[0]
    assert started == [{"service": "ecs", "job_id": "j1"}]


def test_a_request_id_counts_only_where_no_job_sits_beside_or_below_it():
    cph = SERVICES["cph"]
    assert read_start_answer(cph, {"request_id": "r1", "job_id": "j1"})[0] == [{"service": "cph", "job_id": "j1"}]
    assert read_start_answer(cph, {"request_id": "r1", "jobs": [{"job_id": "j1"}]})[0] == [{"service": "cph", "job_id": "j1"}]
    assert read_start_answer(cph, {"request_id": "r1", "order_id": "o1"}) == ([{"service": "cph", "request_id": "r1"}], [], ["o1"])


@pytest.mark.parametrize("entry,counts", [
    ({"phone_id": "p", "error_code": "CPS.0005", "error_msg": "gone"}, True),
    ({"phone_id": "p", "errorCode": "X.1"}, True),
    ({"phone_id": "p", "error_msg": "no such phone"}, True),
    ({"phone_id": "p", "error_code": "0", "error_msg": "ok"}, False),
    ({"phone_id": "p", "error_code": "", "error_msg": ""}, False),
    ({"phone_id": "p"}, False),
])
def test_not_started_holds_the_list_entries_that_carry_an_error_and_no_id(entry, counts):
    not_started = read_start_answer(SERVICES["cph"], {"jobs": [{"job_id": "j1"}, entry]})[1]
    assert (not_started != []) is counts
    if counts:
        assert not_started[0]["phone_id"] == "p" and not_started[0]["service"] == "cph"


def test_every_fixture_names_its_model_or_page_and_a_service_of_the_table():
    for page, service, dummy, started, dummy2, dummy3 in CASES:
        assert page and service in SERVICES
        assert all(set(entry) - {"service"} <= set(SERVICES[service].id_kinds) for entry in started), page


URN = "urn:fss:cn-north-4:0123456789abcdef0123456789abcdef:function:default:hello:latest"


@pytest.mark.parametrize("service, path, answer, started", [
    # huaweicloudsdkkafka CreateReassignmentTaskResponse: {job_id}, the DMS task of the instance the path names.
    ("kafka", "/v2/p1/kafka/instances/inst-1/reassign", {"job_id": "t1"}, [{"service": "kafka", "instance_id": "inst-1", "task_id": "t1"}]),
    ("rabbitmq", "/v2/p1/instances/inst-2/extend", {"job_id": "t2", "instance_id": "inst-2"},
     [{"service": "rabbitmq", "instance_id": "inst-2", "task_id": "t2"}]),
    # huaweicloudsdkmrs CreateExecuteJobResponse: {job_submit_result: {job_id, state}} under the cluster of the path.
    ("mrs", "/v2/p1/clusters/c-1/job-executions", {"job_submit_result": {"job_id": "e1", "state": "COMPLETE"}},
     [{"service": "mrs", "cluster_id": "c-1", "job_execution_id": "e1"}]),
    # huaweicloudsdkges ClearGraph2Response: {job_id} of the graph of the path.
    ("ges", "/v2/p1/graphs/g-1/clear-graph", {"job_id": "j1"}, [{"service": "ges", "graph_id": "g-1", "job_id": "j1"}]),
    # huaweicloudsdkfunctiongraph AsyncInvokeFunctionResponse: {request_id}, as a synchronous invocation answers: not
    # waited on from an answer (wait_for_job takes function_urn + request_id).
    ("functiongraph", "/v2/p1/fgs/functions/%s/invocations-async" % URN.replace(":", "%3A"), {"request_id": "r1"}, []),
    ("functiongraph", "/v2/p1/fgs/functions/%s/invocations" % URN.replace(":", "%3A"), {"request_id": "r1", "result": "{}"}, []),
    # Creating an instance: the path names no instance, so its task is not waited on (its id means nothing alone).
    ("kafka", "/v2/p1/kafka/instances", {"job_id": "t1", "instance_id": "inst-new"}, []),
    ("kafka", None, {"job_id": "t1"}, []),
])
def test_a_parent_scoped_id_is_started_with_the_parent_its_start_calls_path_names(service, path, answer, started):
    got, not_started, orders = read_start_answer(SERVICES[service], answer, path)
    assert got == started and not_started == [] and orders == []
    if started:
        ref = refs_from_jobs(got)[0]
        assert ref.ids == dict((k, v) for k, v in started[0].items() if k != "service")
