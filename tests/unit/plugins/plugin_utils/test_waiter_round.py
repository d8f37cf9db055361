"""Not-found decided once where the call is made, retry-later codes per service, the waiter's public round, fail_fast,
and one module for a job's words."""

import pytest

from ansible_collections.hwcloud.jobs.plugins.filter.job_reports import job_report, job_summary, job_verdict
from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, JobNotFound
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, SUCCEEDED, UNKNOWN, normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, id_kinds, job_id_kinds
from ansible_collections.hwcloud.jobs.plugins.module_utils import words
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from, run_wait, verdict
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params


def client(session):
    clock = FakeClock()
    return Client(Settings(params()), session=session, clock=clock, sleep=clock.sleep)


# ---- not found, decided where the call is made ----

def test_fetch_raises_job_not_found_by_the_services_own_rule():
    cph_missing = FakeResponse(400, {"error_code": "CPS.0005", "error_msg": "Phone not found."}, headers={"X-Request-Id": "r-5"})
    with pytest.raises(JobNotFound) as err:
        fetch_jobs(client(FakeSession(cph_missing)), SERVICES["cph"], "job_id", "j1")
    assert (err.value.status, err.value.error_code, err.value.request_id) == (400, "CPS.0005", "r-5")
    # The same code from another service is no not-found: an ApiError, not a JobNotFound.
    with pytest.raises(ApiError) as err:
        fetch_jobs(client(FakeSession(cph_missing)), SERVICES["cfw"], "job_id", "j1")
    assert not isinstance(err.value, JobNotFound)


# ---- retry-later codes live in each service's entry ----

def test_a_services_retry_later_code_is_retried_for_that_service_only():
    internal = FakeResponse(400, {"error_code": "CPS.0003", "error_msg": "internal error"})
    done = FakeResponse(200, {"job_id": "j1", "status": 2})
    session = FakeSession(internal, done)
    assert fetch_jobs(client(session), SERVICES["cph"], "job_id", "j1")[0]["state"] == SUCCEEDED
    assert len(session.sent) == 2
    session = FakeSession(internal, done)
    with pytest.raises(ApiError) as err:
        fetch_jobs(client(session), SERVICES["workspace"], "job_id", "j1")
    assert err.value.error_code == "CPS.0003" and not err.value.transient and len(session.sent) == 1
    assert SERVICES["cph"].retry_codes == {"CPS.0003"} and SERVICES["workspace"].retry_codes == {"WKS.00010032"}


# ---- id kinds come from the table ----

def test_id_kinds_are_the_tables():
    assert id_kinds()[:3] == ["job_id", "request_id", "task_id"] and job_id_kinds() == [
        "job_id", "request_id", "task_id", "order_id", "operation_log_id", "instance_id", "cluster_id", "job_execution_id", "graph_id", "function_urn"]
    assert [(r.kind, r.value) for r in refs_from(dict(jobs=[{"service": "cph", "request_id": "r1, r2,,"}]))] == [
        ("request_id", "r1"), ("request_id", "r2")]


# ---- the public round ----

def cfw(job_id, status):
    return normalise(SERVICES["cfw"], {"id": job_id, "status": status}, job_id)


def scripted(answers):
    def fetch(ref, deadline):
        answer = answers[ref.value].pop(0) if len(answers[ref.value]) > 1 else answers[ref.value][0]
        if isinstance(answer, Exception):
            raise answer
        return answer
    return fetch


def test_a_round_returns_each_calls_outcome():
    clock = FakeClock(0.0)
    gone = JobNotFound("GET", "/v3/p/jobs/b", 404, "CFW.00100404", "no such job")
    busy = ApiError("GET", "/v3/p/jobs/c", 503, "APIGW.0201", "unavailable")
    waiter = Waiter(scripted({"a": [[cfw("a", "Running")]], "b": [gone], "c": [busy]}), clock=clock, sleep=clock.sleep)
    refs = [Ref(SERVICES["cfw"], "job_id", i) for i in "abc"]
    waiter.begin()
    outcomes = waiter.poll_round(refs, 10.0)
    assert [(o.ref.value, o.not_found, o.error is not None, bool(o.records)) for o in outcomes] == [
        ("a", False, False, True), ("b", True, True, False), ("c", False, True, False)]
    assert refs[0].records[0]["state"] == "running" and refs[2].last_error is busy and waiter.transient_errors == 1


@pytest.mark.parametrize("missing_state", [FAILED, UNKNOWN])
def test_a_job_that_never_appears_ends_in_the_callers_missing_state(missing_state):
    clock = FakeClock(0.0)
    gone = JobNotFound("GET", "/v3/p/jobs/a", 404, "CFW.00100404", "no such job")
    waiter = Waiter(scripted({"a": [gone]}), timeout=60.0, not_found_timeout=3.0, clock=clock, sleep=clock.sleep,
                    missing_state=missing_state)
    result = waiter.wait([Ref(SERVICES["cfw"], "job_id", "a")])
    assert result["jobs"][0]["state"] == missing_state and result["jobs"][0]["not_found"]
    assert result["jobs"][0]["error_code"] == "CFW.00100404"


# ---- fail_fast ----

def mixed_answers():
    return {
        "ecs-1": [[normalise(SERVICES["ecs"], {"job_id": "ecs-1", "status": "RUNNING"}, "ecs-1")]],
        "cce-1": [[normalise(SERVICES["cce"], {"metadata": {"uid": "cce-1"}, "status": {"phase": "Running"}}, "cce-1")],
                  [normalise(SERVICES["cce"], {"metadata": {"uid": "cce-1"}, "spec": {"resourceName": "prod"},
                                               "status": {"phase": "Failed", "reason": "quota exceeded"}}, "cce-1")]],
        "cfw-1": [[cfw("cfw-1", "Running")]],
    }


def mixed_refs():
    return [Ref(SERVICES["ecs"], "job_id", "ecs-1"), Ref(SERVICES["cce"], "job_id", "cce-1"), Ref(SERVICES["cfw"], "job_id", "cfw-1")]


def test_fail_fast_stops_at_the_first_failure_and_reports_every_job():
    clock = FakeClock(0.0)
    waiter = Waiter(scripted(mixed_answers()), timeout=6.0, poll_interval=1.0, max_poll_interval=1.0, clock=clock,
                    sleep=clock.sleep, rng=lambda: 0.5, fail_fast=True)
    result = waiter.wait(mixed_refs())
    assert result["elapsed"] == 1.0 and result["polls"] == 6
    assert (result["failed_ids"], result["pending_ids"]) == (["cce-1"], ["ecs-1", "cfw-1"])
    assert result["stopped_early"] and not result["timed_out"]
    outcome = verdict(result, dict(timeout=6.0, fail_on_failure=True))
    assert outcome["failed"] and outcome["msg"].startswith(
        "1 of 3 jobs failed: cce job cce-1 (resource prod): quota exceeded; the wait stopped at the first failure (fail_fast) "
        "with 2 of 3 jobs not done: ecs ecs-1 (running, status 'RUNNING')")


def test_without_fail_fast_the_wait_goes_on_and_its_message_leads_with_the_failure():
    clock = FakeClock(0.0)
    waiter = Waiter(scripted(mixed_answers()), timeout=6.0, poll_interval=1.0, max_poll_interval=1.0, clock=clock,
                    sleep=clock.sleep, rng=lambda: 0.5)
    result = waiter.wait(mixed_refs())
    assert result["elapsed"] == 6.0 and result["timed_out"] and not result["stopped_early"]
    message = verdict(result, dict(timeout=6.0, fail_on_failure=True))["msg"]
    assert message.startswith("1 of 3 jobs failed: cce job cce-1 (resource prod): quota exceeded; timed out after 6.0s with 2 of 3 jobs")


def test_fail_fast_through_run_wait_refuses_nothing_new_and_defaults_off():
    from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec
    assert argument_spec()["fail_fast"] == dict(type="bool", default=False)
    defaults = dict((k, v.get("default")) for k, v in argument_spec().items() if k not in params() and k != "jobs")
    assert run_wait(dict(params(), jobs=[], **defaults))["msg"].startswith("jobs must be")


# ---- one voice ----

def test_a_failed_cph_job_names_its_phone_everywhere():
    record = normalise(SERVICES["cph"], {"job_id": "j1", "phone_id": "ph-1", "status": -1, "error_code": "CPS.0110",
                                         "error_msg": "Command failed."})
    assert words.describe_failure(record) == "cph job j1 (phone ph-1): CPS.0110: Command failed."
    assert job_summary([record], problems=True) == ["cph j1 failed: phone ph-1: CPS.0110: Command failed."]
    assert "phone ph-1" in job_summary([record])[1]
    expected = "1 of 1 job did not succeed (1 failed, 0 timed out, 0 unreadable): cph j1 failed: phone ph-1: CPS.0110: Command failed."
    assert job_verdict([record]) == expected


def test_a_status_is_quoted_the_same_way_by_the_waiter_and_the_report():
    record = normalise(SERVICES["cfw"], {"id": "c1", "status": "Failed"}, "c1")
    assert words.describe_failure(record) == "cfw job c1: failed with status 'Failed'"
    assert job_report([record])["jobs"][0]["error_msg"] == "failed with status 'Failed'"
    assert words.failed_with_status(-1) == "failed with status -1"


@pytest.mark.parametrize("number,noun,text", [(1, "desktop", "1 desktop"), (2, "desktop", "2 desktops"), (0, "job", "0 jobs")])
def test_counts_read_right_in_the_singular(number, noun, text):
    assert words.count(number, noun) == text


def test_every_job_succeeded_verdict():
    assert job_verdict([cfw("a", "Success"), cfw("b", "Success")]) == "all 2 jobs succeeded"


def test_the_unknown_status_warning_names_the_sub_job_whose_status_is_not_listed():
    record = normalise(SERVICES["cce"], {"metadata": {"uid": "c1"}, "status": {"phase": "Success"},
                                         "spec": {"subJobs": [{"metadata": {"uid": "s1"}, "status": {"phase": "Paused"}}]}}, "c1")
    assert record["state"] == UNKNOWN
    assert words.unknown_status_warning(record).startswith(
        "cce job c1 has status 'Success', and its sub-job s1 has status 'Paused', which is not a documented value")
    assert words.unknown_status_warning(cfw("c2", "PAUSED")).startswith("cfw job c2 has status 'PAUSED', which is not")
