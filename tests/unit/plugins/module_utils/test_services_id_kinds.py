"""A service with an id kind no other service has (``operation_id``), put into the table by this test alone.

The wait's options and input checks, job_info's options, the named info module's options, fetching, the waiter and
the verdict take it with no other change: the id kinds are the table's.
"""

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils import services
from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import job_info_argument_spec
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import Call, Service, Shape, id_kinds, job_id_kinds
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec, refs_from, verdict
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Waiter

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

OPS = Service(
    "ops", "Operations Service (OPS)", "volume group", "https://ops.{region}.{cloud}",
    calls={"operation_id": Call("/v2/{project_id}/operations/{id}", jobs="operation")},
    job=Shape({RUNNING: ("PENDING",), SUCCEEDED: ("DONE",), FAILED: ("ERROR",)}, id_field="name", subject="target",
              error=("error.code", "error.message")),
)


@pytest.fixture(autouse=True)
def ops_in_the_table(monkeypatch):
    monkeypatch.setitem(services.SERVICES, "ops", OPS)


def test_the_new_id_kind_is_an_option_and_a_jobs_key_everywhere():
    # The table's job id kinds, then the new one (issue 23's parent-scoped calls added instance_id ... function_urn).
    assert job_id_kinds() == ["job_id", "request_id", "task_id", "order_id", "operation_log_id", "instance_id", "cluster_id",
                              "job_execution_id", "graph_id", "function_urn", "operation_id"] and "operation_id" in id_kinds()
    assert argument_spec()["operation_id"] == dict(type="list", elements="str")
    assert job_info_argument_spec()["operation_id"] == dict(type="list", elements="str")
    refs = refs_from(dict(jobs=[{"service": "ops", "operation_id": "op-1,op-2"}, {"service": "cfw", "job_id": "c1"}]))
    assert [(r.service.name, r.kind, r.value) for r in refs] == [
        ("ops", "operation_id", "op-1"), ("ops", "operation_id", "op-2"), ("cfw", "job_id", "c1")]
    assert [(r.kind, r.value) for r in refs_from(dict(service="ops", operation_id=["op-3"]))] == [("operation_id", "op-3")]


def test_messages_list_the_new_kind_and_refuse_it_where_a_service_does_not_take_it():
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "ops"}]))
    assert str(err.value) == "jobs[0] must give the ids of one call of Operations Service (OPS): operation_id; it gives none"
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "cfw", "operation_id": "x"}]))
    assert str(err.value) == "jobs[0]: Cloud Firewall (CFW) takes job_id, got operation_id"
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "ops", "job_id": "x"}]))
    assert str(err.value) == "jobs[0]: Operations Service (OPS) takes operation_id, got job_id"


def test_it_is_fetched_waited_on_and_worded():
    running = {"operation": {"name": "op-1", "status": "PENDING", "target": "vg-7"}}
    failed = {"operation": {"name": "op-1", "status": "ERROR", "target": "vg-7", "error": {"code": "OPS.13", "message": "disk lost"}}}
    session = FakeSession(FakeResponse(200, running), FakeResponse(200, failed))
    clock = FakeClock(0.0)
    client = Client(Settings(params()), session=session, clock=clock, sleep=clock.sleep)
    waiter = Waiter(lambda ref, deadline: fetch_jobs(client, ref.service, ref.kind, ref.value, deadline), timeout=30.0,
                    clock=clock, sleep=clock.sleep, rng=lambda: 0.5)
    result = waiter.wait(refs_from(dict(jobs=[{"service": "ops", "operation_id": "op-1"}])))
    assert session.sent[0]["url"] == "https://ops.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef0123456789abcdef/operations/op-1"
    assert result["failed_ids"] == ["op-1"] and result["by_service"] == {"ops": {"succeeded": 0, "failed": 1, "pending": 0}}
    assert verdict(result, dict(timeout=30.0, fail_on_failure=True))["msg"] == \
        "1 of 1 job failed: ops job op-1 (volume group vg-7): OPS.13: disk lost"
