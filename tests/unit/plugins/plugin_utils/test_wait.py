"""wait_for_job's body: the two forms of input, refused before anything is sent; a mixed wait of every service."""

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec, refs_from, run_wait

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params


def args_with(**given):
    """Validated-looking args: every option at its default, then ``given``."""
    values = dict((name, spec.get("default")) for name, spec in argument_spec().items())
    values.update(params())
    values.update(given)
    return values


@pytest.mark.parametrize("jobs,needle", [
    ("cfw", "jobs must be a non-empty list"),
    ([], "jobs must be a non-empty list"),
    (["abc"], "jobs[0] must be a mapping with service and one of job_id, request_id, task_id, order_id, operation_log_id, "
              "instance_id, cluster_id, job_execution_id, graph_id, function_urn, server_id, "),
    ([{"service": "cfw", "job_id": "a"}, 7], "jobs[1] must be a mapping"),
    ([{"job_id": "a"}], "jobs[0] has no service"),
    ([{"service": "nope", "job_id": "a"}], "jobs[0]: service must be one of"),
    ([{"service": ["cfw"], "job_id": "a"}], "jobs[0]: service must be one of"),
    ([{"service": "cfw"}], "jobs[0] must give the ids of one call of Cloud Firewall (CFW): job_id; it gives none"),
    ([{"service": "cph", "job_id": "a", "request_id": "r"}], "jobs[0]: Cloud Phone (CPH) takes job_id or request_id, got job_id + request_id"),
    ([{"service": "cfw", "job_id": "a"}, {"service": "workspace", "task_id": "t"}],
     "jobs[1]: Workspace takes job_id, got task_id"),
    ([{"service": "koophone", "job_id": "a"}], "jobs[0]: KooPhone takes task_id, got job_id"),
    ([{"service": "cfw", "job_id": "../x"}], "jobs[0].job_id '../x' holds characters"),
    ([{"service": "cfw", "job_id": ["ok", "a/b"]}], "jobs[0].job_id 'a/b' holds characters"),
    ([{"service": "cfw", "job_id": []}], "it gives none"),
    ([{"service": "cfw", "job_id": "a", "jobid": "b"}], "jobs[0] has unknown keys jobid"),
])
def test_bad_jobs_entries_are_refused_naming_the_position(jobs, needle):
    with pytest.raises(ConfigError) as err:
        refs_from(args_with(jobs=jobs))
    assert needle in str(err.value)


@pytest.mark.parametrize("given,needle", [
    (dict(service="cfw", job_id=["a"]), "not both (jobs was given with service, job_id)"),
    (dict(job_id=["a"]), "not both (jobs was given with job_id)"),
])
def test_jobs_with_service_or_ids_is_refused(given, needle):
    with pytest.raises(ConfigError) as err:
        refs_from(args_with(jobs=[{"service": "cfw", "job_id": "b"}], **given))
    assert needle in str(err.value)


def test_neither_form_is_refused():
    with pytest.raises(ConfigError) as err:
        refs_from(args_with(job_id=["a"]))
    assert "give jobs" in str(err.value)


def test_duplicate_ids_are_waited_for_once_and_each_ref_knows_its_service():
    refs = refs_from(args_with(jobs=[{"service": "cfw", "job_id": ["a", "a"]}, {"service": "cph", "job_id": "a"},
                                     {"service": "cph", "request_id": "a"}]))
    assert [(r.service.name, r.kind, r.value) for r in refs] == [("cfw", "job_id", "a"), ("cph", "job_id", "a"), ("cph", "request_id", "a")]


ANSWERS = {
    "/cloud-phone/jobs?": {"request_id": "r1", "jobs": [{"job_id": "p1", "phone_id": "ph1", "status": 2},
                                                        {"job_id": "p2", "phone_id": "ph2", "status": -1, "error_code": "CPS.0110",
                                                         "error_msg": "Phone is offline."}]},
    "/instances/tasks/": {"error_code": "0", "data": {"jobs": [{"job_id": "k1", "status": 2}]}},
    "/workspace-jobs/": {"id": "w1", "status": "SUCCESS", "sub_jobs": [{"id": "s1", "status": "SUCCESS"}]},
    "/jobs/": {"data": {"id": "c1", "status": "Success"}},
}


def answer(method, url, headers):
    for needle, body in ANSWERS.items():
        if needle in url:
            return FakeResponse(200, body)
    raise AssertionError("unexpected call " + url)


def test_a_mixed_wait_counts_by_service_and_every_record_names_its_service():
    clock = FakeClock()
    session = FakeSession(answer)

    def client_factory(args, pool_size):
        return Client(Settings(args), session=session, clock=clock, sleep=clock.sleep)

    result = run_wait(args_with(jobs=[{"service": "cph", "request_id": "r1"}, {"service": "koophone", "task_id": "t1"},
                                      {"service": "workspace", "job_id": "w1"}, {"service": "cfw", "job_id": "c1"}],
                                region="cn-south-1", max_concurrency=1, fail_on_failure=True),
                      client_factory=client_factory)
    assert result["failed"] and result["failed_ids"] == ["p2"]
    assert sorted(result["succeeded_ids"]) == ["c1", "k1", "p1", "w1"]
    assert result["by_service"] == {"cph": {"succeeded": 1, "failed": 1, "pending": 0}, "koophone": {"succeeded": 1, "failed": 0, "pending": 0},
                                    "workspace": {"succeeded": 1, "failed": 0, "pending": 0}, "cfw": {"succeeded": 1, "failed": 0, "pending": 0}}
    assert [r["service"] for r in result["jobs"]] == ["cph", "cph", "koophone", "workspace", "cfw"]
    assert "cph job p2 (phone ph2): CPS.0110: Phone is offline." in result["msg"]
    assert len(session.sent) == 4  # one round: every service polled at once, nothing twice


def test_a_region_with_no_endpoint_for_one_service_of_a_mixed_wait_fails_before_any_poll():
    session = FakeSession(answer)
    result = run_wait(args_with(jobs=[{"service": "cfw", "job_id": "c1"}, {"service": "koophone", "task_id": "t1"}]),
                      client_factory=lambda args, pool_size: Client(Settings(args), session=session))
    assert result["failed"] and "region 'cn-north-4' has no known KooPhone endpoint" in result["msg"]
    assert session.sent == []
