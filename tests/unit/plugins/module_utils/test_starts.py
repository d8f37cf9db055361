"""The start rules of the table: what a start answer started, read as wait_for_job's `jobs:` entries.

Each case is modelled on a vendor publication of that answer (API reference page, OTC mirror, or the vendor's Python
SDK response model, whose attribute_map is the wire name), named beside it; the ids are the pages' where they give one.
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import places_looked, read_start_answer
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from_jobs

J1 = "70a599e0-31e7-49b7-b260-868f441e862b"
J2 = "1564567b8bab40f34711234cb80d0123"
J3 = "1564567b8bab40f34711234cb80d5678"

CASES = [
    # (page, service, answer, started, orders)
    ("ECS API reference, Creating ECSs (Pay-per-Use), ecs_02_0101; SDK CreateServersResponse (job_id, serverIds)",
     "ecs", {"job_id": J1, "serverIds": ["616fb98f-46ca-475e-917e-2563e5a8cd19"]}, [{"service": "ecs", "job_id": J1}], []),
    ("ECS API reference, Creating ECSs, yearly/monthly example: an order, no job",
     "ecs", {"order_id": "CS1711150911QLLQK", "serverIds": ["616fb98f-46ca-475e-917e-2563e5a8cd19"]}, [], ["CS1711150911QLLQK"]),
    ("ECS SDK BatchRebootServersResponse (job_id)", "ecs", {"job_id": J2}, [{"service": "ecs", "job_id": J2}], []),
    ("EVS API reference, Creating EVS Disks; SDK CreateVolumeResponse (job_id, order_id, volume_ids)",
     "evs", {"job_id": J1, "volume_ids": ["6b1a3b1c-3d0b-4f2e-8a0a-1d2b3c4d5e6f"]}, [{"service": "evs", "job_id": J1}], []),
    ("IMS SDK CreateImageResponse (job_id)", "ims", {"job_id": "4010b39b5281d3590152874bfa3b1604"},
     [{"service": "ims", "job_id": "4010b39b5281d3590152874bfa3b1604"}], []),
    ("BMS API reference (OTC doc-exports bms/api-ref en-us_topic_0131356399), Task ID Response",
     "bms", {"job_id": J1}, [{"service": "bms", "job_id": J1}], []),
    ("BMS SDK ChangeBaremetalServerOsResponse: the id at jobId", "bms", {"jobId": J2}, [{"service": "bms", "job_id": J2}], []),
    ("BMS SDK CreateBareMetalServersResponse, prepaid: order_id only", "bms", {"order_id": "CS1909211253I8N6T"}, [], ["CS1909211253I8N6T"]),
    ("DCS SDK ChangeMasterStandbyAsyncResponse (job_id)", "dcs", {"job_id": "ff8080817b3e7a7a017b3e7c6ad30001"},
     [{"service": "dcs", "job_id": "ff8080817b3e7a7a017b3e7c6ad30001"}], []),
    ("CCE API reference (OTC docs.sc.otc.t-systems.com cloud-container-engine api-ref, Creating a Cluster): status.jobID",
     "cce", {"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "mycluster", "uid": "bce956e1-87f3-11ec-b5e5-0255ac101514"},
             "spec": {"flavor": "cce.s1.small"}, "status": {"phase": "Creating", "jobID": "bcea6be9-87f3-11ec-b5e5-0255ac101514"}},
     [{"service": "cce", "job_id": "bcea6be9-87f3-11ec-b5e5-0255ac101514"}], []),
    ("CCE SDK AddNodeResponse / ResetNodeResponse / UpgradeNodePoolResponse: the id at jobid",
     "cce", {"jobid": "2ec9b78d-9368-46f3-8f29-d1a95622a568"}, [{"service": "cce", "job_id": "2ec9b78d-9368-46f3-8f29-d1a95622a568"}], []),
    ("CCE SDK ResizeClusterResponse: jobID and orderID", "cce", {"jobID": J1, "orderID": "CS2207181636S7GJD"},
     [{"service": "cce", "job_id": J1}], ["CS2207181636S7GJD"]),
    ("CCE Creating a Node, status.jobId spelt by some pages", "cce", {"kind": "Node", "status": {"jobId": J2}},
     [{"service": "cce", "job_id": J2}], []),
    ("RDS API reference, Creating a DB Instance; SDK CreateInstanceResponse (instance, job_id, order_id)",
     "rds", {"instance": {"id": "dsfae23fsfdsae3435in01", "name": "trove-instance-rep2"}, "job_id": "dff1d289-4d03-4942-8b9f-463ea07c000d"},
     [{"service": "rds", "job_id": "dff1d289-4d03-4942-8b9f-463ea07c000d"}], []),
    ("RDS Creating a DB Instance, yearly/monthly: order_id", "rds",
     {"instance": {"id": "dsfae23fsfdsae3435in01"}, "order_id": "CS2101211633SBWAN"}, [], ["CS2101211633SBWAN"]),
    ("RDS SDK BatchStopInstanceResponse: records[] of ShutdownInstanceRecord (instance_id, job_id)", "rds",
     {"records": [{"instance_id": "a1", "job_id": J2}, {"instance_id": "a2", "job_id": J3}]},
     [{"service": "rds", "job_id": J2}, {"service": "rds", "job_id": J3}], []),
    ("RDS SDK RestoreTablesResponse: the id at jobId", "rds", {"jobId": J1}, [{"service": "rds", "job_id": J1}], []),
    ("Workspace SDK CreateDesktopResponse (job_id)", "workspace", {"job_id": "ae379d45-bb34-4613-9bda-467addca8f81"},
     [{"service": "workspace", "job_id": "ae379d45-bb34-4613-9bda-467addca8f81"}], []),
    ("Workspace API reference, Modifies specifications (ResizeDesktop): job_id and jobs[].job_id, one job",
     "workspace", {"jobs": [{"desktop_id": "d1", "job_id": J1}], "job_id": J1}, [{"service": "workspace", "job_id": J1}], []),
    ("Workspace Change desktop pool specifications (ResizeDesktopPool): job_id beside per-desktop jobs", "workspace",
     {"job_id": J1, "jobs": [{"desktop_id": "d1", "job_id": J2}, {"desktop_id": "d2", "job_id": J1}]},
     [{"service": "workspace", "job_id": J1}, {"service": "workspace", "job_id": J2}], []),
    ("CFW SDK CreateFirewallResponse (job_id, order_id, data)", "cfw",
     {"job_id": "f588ce71-e26c-400d-8981-f854355f6849", "order_id": "CS2301051536ABCDE", "data": {"id": "fw-1"}},
     [{"service": "cfw", "job_id": "f588ce71-e26c-400d-8981-f854355f6849"}], ["CS2301051536ABCDE"]),
    ("CPH API reference, Restarting Cloud Phone Servers, cph_api_0517, example response", "cph",
     {"request_id": "6837531fd3f54550927b930180a706bf",
      "jobs": [{"server_id": "1234567b8bab40ffb711234cb80d0234", "job_id": J2}, {"server_id": "1678567b8bab40f93711234cb80d0764", "job_id": J3}]},
     [{"service": "cph", "job_id": J2}, {"service": "cph", "job_id": J3}], []),
    ("KooPhone API reference, Asynchronization Command (instanceAsyncCommand): data.task_id with data.cmd_jobs[]",
     "koophone", {"error_code": "0", "error_msg": "ok",
                  "data": {"task_id": "4bcd0a9a5b6c4c0e9b1c2d3e4f5a6b7c", "cmd_jobs": [{"instance_id": "i1", "job_id": "j-i1"}]}},
     [{"service": "koophone", "task_id": "4bcd0a9a5b6c4c0e9b1c2d3e4f5a6b7c"}], []),
]


@pytest.mark.parametrize("page,service,answer,started,orders", CASES, ids=[c[0][:60] for c in CASES])
def test_a_start_answer_reads_to_the_jobs_its_page_started(page, service, answer, started, orders):
    got_started, not_started, got_orders = read_start_answer(SERVICES[service], answer)
    assert got_started == started
    assert got_orders == orders
    assert not_started == []
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
