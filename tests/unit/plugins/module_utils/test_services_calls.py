"""A call is picked by the set of ids an entry gives, named as the vendor's path parameters.

A test-only service with a job scoped by its instance (``/instances/{instance_id}/tasks/{task_id}``) beside an
unscoped one (``/tasks/{task_id}``) and a query id: the exact set of ids given picks the call, anything else is
refused before anything is sent, naming the ids given and the sets the service takes.
"""

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils import services
from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import id_entries, job_info_argument_spec
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs, fetch_records
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, Call, Service, Shape
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec, fetch_by_ref, refs_from

from tests.emulator import keys
from tests.unit.fakes import FakeResponse, FakeSession, params

QUEUE = Service(
    "queue", "Queue Service (QS)", "instance", "https://queue.{region}.{cloud}",
    calls=[
        Call("/v2/{project_id}/instances/{instance_id}/tasks/{task_id}", one=True),
        Call("/v2/{project_id}/tasks/{task_id}", one=True),
        Call("/v2/{project_id}/batches", query={"batch": "batch_id"}, jobs="tasks"),
    ],
    job=Shape({RUNNING: ("DOING",), SUCCEEDED: ("DONE",), FAILED: ("FAILED",)}, id_field="id"),
)
BASE = "https://queue.cn-north-4.myhuaweicloud.com/v2/%s" % keys.PROJECT_ID


@pytest.fixture(autouse=True)
def queue_in_the_table(monkeypatch):
    monkeypatch.setitem(services.SERVICES, "queue", QUEUE)


def client(session):
    return Client(Settings(params()), session=session)


def test_a_call_takes_the_ids_its_path_and_query_name():
    scoped, alone, batch = QUEUE.calls
    assert scoped.ids == frozenset(["instance_id", "task_id"]) and scoped.names == "task_id"
    assert alone.ids == frozenset(["task_id"]) and batch.ids == frozenset(["batch_id"]) and batch.names == "batch_id"
    assert QUEUE.id_kinds == ["instance_id", "task_id", "batch_id"]
    assert QUEUE.takes() == "instance_id + task_id or task_id or batch_id"


def test_the_one_id_form_of_the_table_binds_its_id_and_query():
    cph = SERVICES["cph"]
    assert [(c.path, c.query, c.names) for c in cph.calls] == [
        ("/v1/{project_id}/cloud-phone/jobs/{job_id}", None, "job_id"),
        ("/v1/{project_id}/cloud-phone/jobs", {"request_id": "request_id"}, "request_id")]
    rds = SERVICES["rds"].calls[0]
    assert rds.query_of({"job_id": "j1"}) == {"id": "j1"} and rds.names_one


def test_the_exact_set_of_ids_picks_the_call():
    session = FakeSession(FakeResponse(200, {"id": "t1", "status": "DONE"}))
    records = fetch_records(client(session), QUEUE, {"instance_id": "i1", "task_id": "t1"})
    assert session.sent[-1]["url"] == BASE + "/instances/i1/tasks/t1"
    assert records[0]["job_id"] == "t1" and records[0]["state"] == SUCCEEDED
    fetch_records(client(session), QUEUE, {"task_id": "t1"})
    assert session.sent[-1]["url"] == BASE + "/tasks/t1"
    session = FakeSession(FakeResponse(200, {"tasks": [{"id": "a", "status": "DOING"}, {"id": "b", "status": "FAILED"}]}))
    assert [(r["job_id"], r["state"]) for r in fetch_jobs(client(session), QUEUE, "batch_id", "b1")] == [("a", RUNNING), ("b", FAILED)]
    assert session.sent[-1]["url"] == BASE + "/batches?batch=b1"


@pytest.mark.parametrize("entry, message", [
    ({"service": "queue", "instance_id": "i1"},
     "jobs[0]: Queue Service (QS) takes instance_id + task_id or task_id or batch_id, got instance_id"),
    ({"service": "queue", "instance_id": "i1", "batch_id": "b1"},
     "jobs[0]: Queue Service (QS) takes instance_id + task_id or task_id or batch_id, got instance_id + batch_id"),
    ({"service": "cfw", "task_id": "t1"}, "jobs[0]: Cloud Firewall (CFW) takes job_id, got task_id"),
    ({"service": "queue", "instance_id": "i1,i2", "task_id": "t1"}, "jobs[0].instance_id must be one id (it scopes task_id), got 2"),
    ({"service": "queue", "instance_id": "i/1", "task_id": "t1"}, "jobs[0].instance_id"),
])
def test_ids_no_call_takes_are_refused_before_anything_is_sent(entry, message):
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[entry]))
    assert message in str(err.value)


def test_refs_carry_every_id_and_name_the_job_by_the_calls_last_path_id():
    refs = refs_from(dict(jobs=[{"service": "queue", "instance_id": "i1", "task_id": "t1, t2"},
                                {"service": "queue", "task_id": "t1"}, {"service": "queue", "instance_id": "i1", "task_id": "t1"}]))
    assert [(r.kind, r.value, r.ids) for r in refs] == [
        ("task_id", "t1", {"instance_id": "i1", "task_id": "t1"}), ("task_id", "t2", {"instance_id": "i1", "task_id": "t2"}),
        ("task_id", "t1", {"task_id": "t1"})]
    session = FakeSession(FakeResponse(200, {"id": "t1", "status": "DOING"}))
    record = fetch_by_ref(client(session), refs[0], None)[0]
    assert record["job_id"] == "t1" and record["instance_id"] == "i1"


def test_the_one_service_form_takes_a_parent_once_and_many_named_ids():
    refs = refs_from(dict(service="queue", instance_id=["i1"], task_id=["t1", "t2"]))
    assert [r.ids for r in refs] == [{"instance_id": "i1", "task_id": "t1"}, {"instance_id": "i1", "task_id": "t2"}]
    assert id_entries(SERVICES["cph"], {"job_id": ["j1"], "request_id": ["r1"]}) == [{"job_id": "j1"}, {"request_id": "r1"}]
    with pytest.raises(ConfigError) as err:
        refs_from(dict(service="queue", instance_id=["i1"]))
    assert str(err.value) == "service queue: Queue Service (QS) takes instance_id + task_id or task_id or batch_id, got instance_id"


def test_every_id_kind_of_the_table_is_an_option():
    for kind in ("instance_id", "task_id", "batch_id"):
        assert argument_spec()[kind] == dict(type="list", elements="str")
        assert job_info_argument_spec()[kind] == dict(type="list", elements="str")


def test_two_calls_taking_the_same_ids_are_a_mistake_of_the_table():
    with pytest.raises(ValueError):
        Service("x", "X", "x", "https://x", calls=[Call("/a/{a_id}"), Call("/b/{a_id}")], job=QUEUE.job)
