"""Issue 23's six entries whose job id is scoped by a parent (two ids a call): DMS Kafka, RabbitMQ and RocketMQ
(instance_id + task_id), MRS (cluster_id + job_execution_id), GES (graph_id + job_id) and FunctionGraph
(function_urn + request_id). What each reads as its vendor documents it, an id refused without its parent before
anything is sent, a function URN's ':' in the path as the SDK sends it, and start answers that do not say the parent."""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import id_entries
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError, JobNotFound
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_records
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, UNKNOWN, normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, check_id
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import read_start_answer
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from_jobs

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

# service -> (parent id kind, the job's id kind)
SCOPED = {
    "kafka": ("instance_id", "task_id"),
    "rabbitmq": ("instance_id", "task_id"),
    "rocketmq": ("instance_id", "task_id"),
    "mrs": ("cluster_id", "job_execution_id"),
    "ges": ("graph_id", "job_id"),
    "functiongraph": ("function_urn", "request_id"),
}
URN = "urn:fss:cn-north-4:46b6f338fc3445b8846c71dfb1fbd9e8:function:default:hello-world:latest"


def client_for(session):
    clock = FakeClock()
    return Client(Settings(params(region="cn-north-4")), session=session, clock=clock, sleep=clock.sleep)


def test_each_takes_its_parent_and_its_id_as_the_vendors_path_parameters():
    for name, (parent, kind) in SCOPED.items():
        service = SERVICES[name]
        assert service.id_kinds == [parent, kind], name
        assert [call.describe() for call in service.calls] == ["%s + %s" % (parent, kind)], name
        assert service.calls[0].names == kind, name  # the job's id names it; the parent scopes it


STATES = [
    ("kafka", "CREATED", RUNNING),
    ("kafka", "EXECUTING", RUNNING),
    ("kafka", "SUCCESS", SUCCEEDED),
    ("kafka", "FAILED", FAILED),
    ("kafka", "CANCELLED", FAILED),
    ("kafka", "DELETED", FAILED),
    ("kafka", "COMPLETED", UNKNOWN),
    ("rabbitmq", "SUCCESS", SUCCEEDED),
    ("rocketmq", "EXECUTING", RUNNING),
    ("rocketmq", "DELETED", FAILED),
    ("ges", "pending", RUNNING),
    ("ges", "running", RUNNING),
    ("ges", "success", SUCCEEDED),
    ("ges", "failed", FAILED),
    ("ges", "partiallyFailed", FAILED),
    ("ges", "complete", UNKNOWN),
    ("functiongraph", "WAIT", RUNNING),
    ("functiongraph", "RUNNING", RUNNING),
    ("functiongraph", "SUCCESS", SUCCEEDED),
    ("functiongraph", "FAIL", FAILED),
    ("functiongraph", "DISCARD", FAILED),
    ("functiongraph", "success", UNKNOWN),
]


@pytest.mark.parametrize("service,status,state", STATES)
def test_each_status_is_the_state_its_vendor_documents(service, status, state):
    assert SERVICES[service].job.state_of(status) == state


MRS = [
    # (job_state, job_result, state): FINISHED is decided by job_result; FAILED is a failure whatever Terraform says.
    ("NEW", "UNDEFINED", RUNNING), ("New", "UNDEFINED", RUNNING), ("NEW_SAVING", "UNDEFINED", RUNNING),
    ("SUBMITTED", "UNDEFINED", RUNNING), ("ACCEPTED", "UNDEFINED", RUNNING), ("RUNNING", "UNDEFINED", RUNNING),
    ("FINISHED", "SUCCEEDED", SUCCEEDED), ("FINISHED", "FAILED", FAILED), ("FINISHED", "KILLED", FAILED),
    ("FINISHED", "UNDEFINED", RUNNING), ("FINISHED", None, UNKNOWN), ("FINISHED", "SUCCESS", UNKNOWN),
    ("FAILED", "FAILED", FAILED), ("FAILED", "UNDEFINED", FAILED), ("KILLED", "KILLED", FAILED),
    ("SUCCEEDED", "SUCCEEDED", UNKNOWN),  # a job_result is no job_state
]


@pytest.mark.parametrize("job_state,job_result,state", MRS)
def test_mrs_reads_job_state_with_job_result(job_state, job_result, state):
    raw = {"job_id": "e-1", "job_state": job_state, "job_result": job_result, "started_time": 1564622683289,
           "finished_time": 1564622718854}
    record = normalise(SERVICES["mrs"], raw, "e-1")
    assert record["state"] == state
    assert record["started_at"] == "2019-08-01T01:24:43.289Z"


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_an_id_without_its_parent_is_refused_naming_the_service_and_the_ids_it_takes(name):
    parent, kind = SCOPED[name]
    session = FakeSession()
    with pytest.raises(ConfigError) as err:
        fetch_records(client_for(session), SERVICES[name], {kind: "x-1"})
    text = str(err.value)
    assert ("service %s" % name) in text and ("%s + %s" % (parent, kind)) in text and ("got %s" % kind) in text
    assert session.sent == []  # nothing was sent
    with pytest.raises(ConfigError) as err:
        refs_from_jobs([{"service": name, kind: "x-1"}])
    assert ("%s + %s" % (parent, kind)) in str(err.value) and "got %s" % kind in str(err.value)
    with pytest.raises(ConfigError) as err:
        id_entries(SERVICES[name], {kind: ["x-1"]})
    assert ("%s + %s" % (parent, kind)) in str(err.value)


def test_a_parent_scopes_many_ids_but_is_one_id_itself():
    entries = id_entries(SERVICES["kafka"], {"instance_id": ["i-1"], "task_id": ["t-1", "t-2"]})
    assert entries == [{"instance_id": "i-1", "task_id": "t-1"}, {"instance_id": "i-1", "task_id": "t-2"}]
    with pytest.raises(ConfigError):
        id_entries(SERVICES["kafka"], {"instance_id": ["i-1", "i-2"], "task_id": ["t-1"]})


def test_a_function_urn_is_an_id_and_goes_into_the_path_as_the_sdk_sends_it():
    assert check_id("function_urn", URN) == URN
    body = {"invocations": [{"request_id": "r-1", "status": "SUCCESS", "error_message": "", "error_code": 0,
                             "start_time": "2023-07-26T09:33:58", "end_time": "2023-07-26T09:34:01"}],
            "count": 1, "next_marker": 0}
    session = FakeSession(FakeResponse(200, body))
    records = fetch_records(client_for(session), SERVICES["functiongraph"], {"function_urn": URN, "request_id": "r-1"})
    assert [(r["job_id"], r["state"], r["duration"]) for r in records] == [("r-1", SUCCEEDED, 3.0)]
    url = session.sent[0]["url"]
    # huaweicloudsdkcore's client quotes every path parameter with safe='': ':' is sent as %3A
    assert "/fgs/functions/urn%3Afss%3Acn-north-4%3A46b6f338fc3445b8846c71dfb1fbd9e8%3Afunction%3Adefault%3Ahello-world%3Alatest/async-invocations" in url
    assert "request_id=r-1" in url


def test_an_id_of_the_other_services_goes_into_the_path_as_before():
    path = SERVICES["cce"].calls[-1].url_path("p", {"cluster_id": "c-1.a_b", "node_id": "n-1"})
    assert path == "/api/v3/projects/p/clusters/c-1.a_b/nodes/n-1"


def test_a_function_urn_that_could_change_the_url_is_refused():
    for bad in ("urn:fss:a/b", "urn:fss:a?b", "urn:fss:a%3Ab", "urn fss"):
        with pytest.raises(ConfigError):
            check_id("function_urn", bad)


def test_an_unknown_request_id_lists_nothing_and_an_unknown_task_is_not_found():
    session = FakeSession(FakeResponse(200, {"invocations": [], "count": 0, "next_marker": 0}))
    assert fetch_records(client_for(session), SERVICES["functiongraph"], {"function_urn": URN, "request_id": "r-0"}) == []
    session = FakeSession(FakeResponse(404, {"error_code": "DMS.00404000", "error_msg": "The task does not exist."}))
    with pytest.raises(JobNotFound):
        fetch_records(client_for(session), SERVICES["kafka"], {"instance_id": "i-1", "task_id": "t-0"})


def test_mrs_answers_under_202_are_read():
    body = {"job_detail": {"job_id": "e-1", "job_state": "FINISHED", "job_result": "SUCCEEDED", "started_time": 1564622683289,
                           "finished_time": 1564622718854}}
    session = FakeSession(FakeResponse(202, body))
    records = fetch_records(client_for(session), SERVICES["mrs"], {"cluster_id": "c-1", "job_execution_id": "e-1"})
    assert [(r["job_id"], r["state"], r["duration"]) for r in records] == [("e-1", SUCCEEDED, 35.565)]
    assert "/v2/" in session.sent[0]["url"] and "/clusters/c-1/job-executions/e-1" in session.sent[0]["url"]


START_ANSWERS = [
    ("kafka", {"job_id": "8abfa7b272adc5b40172b73130065ae7"}),  # CreateKafkaReassignmentTaskResponse and the like
    ("rabbitmq", {"job_id": "t-1"}),
    ("rocketmq", {"job_id": "t-1"}),
    ("mrs", {"job_submit_result": {"job_id": "e-1", "state": "COMPLETE"}}),  # CreateExecuteJobResponse
    ("ges", {"job_id": "g-1"}),  # DeleteGraph2Response and the like
    ("functiongraph", {"request_id": "r-1"}),  # AsyncInvokeFunctionResponse
]


@pytest.mark.parametrize("name,answer", START_ANSWERS)
def test_a_start_answer_that_does_not_say_the_parent_starts_nothing_to_wait_on(name, answer):
    started, not_started, orders = read_start_answer(SERVICES[name], answer)
    assert (started, not_started, orders) == ([], [], [])


def test_the_other_services_still_wait_on_what_their_start_answers_name():
    assert read_start_answer(SERVICES["ecs"], {"job_id": "j-1"})[0] == [{"service": "ecs", "job_id": "j-1"}]
    assert read_start_answer(SERVICES["cph"], {"request_id": "r-1", "jobs": []})[0] == [{"service": "cph", "request_id": "r-1"}]


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_a_jobs_entry_carries_the_parent_with_each_id_as_wait_for_job_and_the_event_source_read_it(name):
    parent, kind = SCOPED[name]
    value = URN if parent == "function_urn" else "p-1"
    refs = refs_from_jobs([{"service": name, parent: value, kind: ["a-1", "a-2"]}])
    assert [(r.service.name, r.kind, r.value, r.ids) for r in refs] == [
        (name, kind, "a-1", {parent: value, kind: "a-1"}), (name, kind, "a-2", {parent: value, kind: "a-2"})]
