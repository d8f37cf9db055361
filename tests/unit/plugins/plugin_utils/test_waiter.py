"""The polling loop, on a fake clock: backoff, jitter bounds, deadline, not-found grace, transient errors."""

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, JobNotFound
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import (
    PollSchedule, Ref, Waiter, failure_message, timeout_message,
)

from tests.unit.fakes import FakeClock

CFW = SERVICES["cfw"]


def cfw(job_id, status, **extra):
    return normalise(CFW, dict({"id": job_id, "status": status}, **extra))


class ScriptedJobs:
    """fetch(ref, deadline): answers per job id from a list of (until_time, answer); records calls and deadlines."""

    def __init__(self, clock, script, cost=0.0):
        self.clock = clock
        self.script = script
        self.cost = cost
        self.calls = []

    def __call__(self, ref, deadline):
        self.calls.append((ref.value, self.clock(), deadline))
        self.clock.now += self.cost
        for until, answer in self.script[ref.value]:
            if until is None or self.clock() < until:
                if isinstance(answer, Exception):
                    raise answer
                return answer(ref.value) if callable(answer) else answer
        raise AssertionError("script exhausted")


def make_waiter(clock, fetch, **kwargs):
    options = dict(timeout=60.0, poll_interval=1.0, max_poll_interval=10.0, not_found_timeout=5.0, progress_interval=0,
                   clock=clock, sleep=clock.sleep, rng=lambda: 0.5)
    options.update(kwargs)
    return Waiter(fetch, **options)


def refs(*ids):
    return [Ref(CFW, "job_id", i) for i in ids]


def test_schedule_grows_to_the_cap_within_jitter_bounds():
    for rng_value in (0.0, 0.5, 0.999):
        schedule = PollSchedule(1.0, 10.0, rng=lambda v=rng_value: v)
        values = [schedule.next() for dummy in range(12)]
        assert all(1.0 <= v <= 10.0 for v in values)
        assert values[-1] == pytest.approx(10.0 * (0.9 + 0.2 * rng_value)) or values[-1] == 10.0
    schedule = PollSchedule(1.0, 10.0, rng=lambda: 0.5)
    assert [round(schedule.next(), 3) for dummy in range(7)] == [1.0, 1.5, 2.25, 3.375, 5.062, 7.594, 10.0]


def test_fixed_interval_when_first_equals_cap():
    schedule = PollSchedule(0.3, 0.3, rng=lambda: 0.99)
    assert {schedule.next() for dummy in range(5)} == {0.3}


def test_waits_until_success_polling_with_backoff():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(10.0, [cfw("a", "Running")]), (None, [cfw("a", "Success")])]})
    result = make_waiter(clock, fetch).wait(refs("a"))
    assert result["succeeded_ids"] == ["a"] and result["failed_ids"] == [] and result["pending_ids"] == []
    assert clock.slept == pytest.approx([1.0, 1.5, 2.25, 3.375, 5.0625])
    assert result["polls"] == 6 and result["elapsed"] == pytest.approx(13.1875, abs=0.001)


def test_terminal_jobs_are_no_longer_polled():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(None, [cfw("a", "Failed")])],
                                 "b": [(5.0, [cfw("b", "Running")]), (None, [cfw("b", "Success")])]})
    result = make_waiter(clock, fetch).wait(refs("a", "b"))
    assert [c[0] for c in fetch.calls].count("a") == 1
    assert result["failed_ids"] == ["a"] and result["succeeded_ids"] == ["b"]


def test_deadline_trims_the_last_sleep_and_reports_pending():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(None, [cfw("a", "Running")])]})
    result = make_waiter(clock, fetch, timeout=7.0).wait(refs("a"))
    assert sum(clock.slept) == pytest.approx(7.0)
    assert clock.slept[-1] == pytest.approx(7.0 - (1.0 + 1.5 + 2.25))
    assert result["pending_ids"] == ["a"] and result["timed_out"]
    assert all(deadline == 7.0 for dummy_id, dummy_at, deadline in fetch.calls)
    assert "timed out after 7.0s with 1 of 1 job not done: cfw a (running, status 'Running')" in timeout_message(result, 7.0)


def test_unknown_status_is_never_success_and_warned_once():
    clock = FakeClock(0.0)
    warnings = []
    fetch = ScriptedJobs(clock, {"a": [(None, [cfw("a", "PAUSED")])]})
    result = make_waiter(clock, fetch, timeout=20.0, on_warning=warnings.append).wait(refs("a"))
    assert result["pending_ids"] == ["a"] and result["succeeded_ids"] == []
    assert len(warnings) == 1 and "'PAUSED'" in warnings[0]
    assert result["jobs"][0]["state"] == "unknown"


def not_found():
    return JobNotFound("GET", "/v3/p/jobs/a", 404, "CFW.00100404", "job not found", "rid")


def test_not_found_within_grace_then_found():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(3.0, not_found()), (None, [cfw("a", "Success")])]})
    result = make_waiter(clock, fetch).wait(refs("a"))
    assert result["succeeded_ids"] == ["a"]


def test_not_found_past_grace_is_failed_with_the_api_code():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(None, not_found())]})
    result = make_waiter(clock, fetch, not_found_timeout=5.0).wait(refs("a"))
    assert result["failed_ids"] == ["a"] and result["pending_ids"] == []
    assert 5.0 <= result["elapsed"] < 10.0
    record = result["jobs"][0]
    assert record["not_found"] and record["error_code"] == "CFW.00100404" and record["state"] == "failed"
    assert "cfw job a: CFW.00100404: job not found" in failure_message(result)


def test_job_that_vanishes_mid_wait_is_failed_after_grace_never_succeeded():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(4.0, [cfw("a", "Running")]), (None, not_found())]})
    result = make_waiter(clock, fetch, not_found_timeout=5.0).wait(refs("a"))
    assert result["failed_ids"] == ["a"] and result["jobs"][0]["not_found"]


def test_empty_request_is_pending_then_failed():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"r1": [(None, [])]})
    waiter = Waiter(fetch, timeout=3.0, not_found_timeout=30.0, clock=clock, sleep=clock.sleep, progress_interval=0)
    result = waiter.wait([Ref(SERVICES["cph"], "request_id", "r1")])
    assert result["pending_ids"] == ["r1"] and result["jobs"][0]["request_id"] == "r1"


def test_transient_errors_mid_wait_do_not_end_it():
    clock = FakeClock(0.0)
    throttled = ApiError("GET", "/x", 429, "APIGW.0308", "throttled", "rid")
    fetch = ScriptedJobs(clock, {"a": [(2.0, [cfw("a", "Running")]), (6.0, throttled), (None, [cfw("a", "Success")])]})
    result = make_waiter(clock, fetch).wait(refs("a"))
    assert result["succeeded_ids"] == ["a"] and result["transient_errors"] >= 1


def test_non_transient_error_ends_the_wait_at_once():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(None, ApiError("GET", "/x", 403, "APIGW.0305", "forbidden", "rid"))]})
    with pytest.raises(ApiError) as err:
        make_waiter(clock, fetch).wait(refs("a"))
    assert err.value.status == 403 and len(fetch.calls) == 1


def test_slow_calls_never_overrun_deadline_plus_one_call():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(None, [cfw("a", "Running")])]}, cost=2.0)
    result = make_waiter(clock, fetch, timeout=9.0).wait(refs("a"))
    assert result["timed_out"] and 9.0 <= result["elapsed"] <= 9.0 + 2.0 + 1.0


def test_delay_before_first_poll():
    clock = FakeClock(0.0)
    fetch = ScriptedJobs(clock, {"a": [(None, [cfw("a", "Success")])]})
    make_waiter(clock, fetch, delay=4.0).wait(refs("a"))
    assert fetch.calls[0][1] == 4.0


def test_progress_lines_with_workspace_percent():
    clock = FakeClock(0.0)
    lines = []
    wks = SERVICES["workspace"]

    def job(percent, status):
        sub_job = {"id": "s", "status": "RUNNING" if percent < 100 else "SUCCESS", "process": percent}
        return [normalise(wks, {"id": "w", "status": status, "sub_jobs": [sub_job]})]

    fetch = ScriptedJobs(clock, {"w": [(5.0, job(40, "RUNNING")), (None, job(100, "SUCCESS"))]})
    Waiter(fetch, poll_interval=1.0, max_poll_interval=1.0, progress_interval=2.0,
           clock=clock, sleep=clock.sleep, on_progress=lines.append).wait([Ref(wks, "job_id", "w")])
    assert lines[0] == "1 job: 0 done (0 failed), 1 not done, 2s elapsed, progress 40%"


def test_failure_message_names_failed_sub_jobs():
    record = normalise(SERVICES["workspace"], {"id": "w1", "status": "FAIL", "job_error_code": "WKS.0001", "sub_jobs": [
        {"id": "s2", "status": "FAIL", "error_code": "WKS.00010059", "fail_reason": "No capacity",
         "entities": {"desktop_name": "desk-02", "user_name": "bob"}}]})
    result = {"jobs": [record], "failed_ids": ["w1"]}
    assert failure_message(result) == (
        "1 of 1 job failed: workspace job w1: WKS.0001; sub-job s2 (desktop desk-02, user bob): WKS.00010059: No capacity")


def test_a_long_last_round_starts_no_calls_past_the_deadline():
    """1000 jobs, one worker, 0.05 s a call: the round at the deadline stops, the task ends on time."""
    clock = FakeClock(0.0)
    ids = ["j%04d" % i for i in range(1000)]
    fetch = ScriptedJobs(clock, dict((i, [(None, [cfw(i, "Running")])]) for i in ids), cost=0.05)
    result = make_waiter(clock, fetch, timeout=10.0, overrun=0.5).wait(refs(*ids))
    assert result["timed_out"] and len(result["pending_ids"]) == 1000
    assert result["elapsed"] <= 10.0 + 0.5 + 0.05 + 1e-6


def test_a_job_waiting_for_payment_says_so_in_progress_lines_and_at_the_deadline():
    clock = FakeClock(0.0)
    lines = []
    ecs = SERVICES["ecs"]
    fetch = ScriptedJobs(clock, {"e1": [(None, [normalise(ecs, {"job_id": "e1", "status": "PENDING_PAYMENT"})])],
                                 "c1": [(None, [cfw("c1", "Running")])]})
    waiter = Waiter(fetch, timeout=5.0, poll_interval=1.0, max_poll_interval=1.0, progress_interval=2.0,
                    clock=clock, sleep=clock.sleep, on_progress=lines.append)
    result = waiter.wait([Ref(ecs, "job_id", "e1"), Ref(CFW, "job_id", "c1")])
    assert lines[0] == "2 jobs: 0 done (0 failed), 2 not done (1 waiting for payment), 2s elapsed; ecs 0/1, cfw 0/1"
    message = timeout_message(result, 5.0)
    assert "ecs e1 (running, status 'PENDING_PAYMENT': waiting for payment)" in message
    assert "cfw c1 (running, status 'Running')" in message
    assert result["by_service"] == {"ecs": {"succeeded": 0, "failed": 0, "pending": 1}, "cfw": {"succeeded": 0, "failed": 0, "pending": 1}}


def test_an_id_not_found_is_announced_at_once_and_its_failure_names_not_found_timeout():
    """Before: 30 s of silence, then a failure that did not say which option bounded the wait for the id to appear."""
    clock = FakeClock(0.0)
    lines = []
    fetch = ScriptedJobs(clock, {"a": [(None, not_found())]})
    waiter = make_waiter(clock, fetch, not_found_timeout=30.0, progress_interval=10.0,
                         on_progress=lambda line: lines.append((clock(), line)))
    result = waiter.wait(refs("a"))
    assert lines[0] == (0.0, "1 job not found yet (cfw a): waiting up to not_found_timeout (30.0 s) for it to appear")
    assert [line for at, line in lines].count(lines[0][1]) == 1  # once per id
    assert any("1 not done (1 not found yet)" in line for at, line in lines[1:])
    assert result["failed_ids"] == ["a"]
    assert "cfw job a: CFW.00100404: job not found; still not found after not_found_timeout (30.0 s)" in failure_message(result)


def test_a_wait_message_names_at_most_twenty_jobs_and_says_where_the_rest_are():
    """Before: 200 failed jobs with long messages made a 90 KB message."""
    wks = SERVICES["workspace"]
    failed = [normalise(wks, {"id": "w%03d" % i, "status": "FAIL", "job_error_code": "WKS.0001", "fail_reason": "x" * 2000,
                              "sub_jobs": [{"id": "s%d" % n, "status": "FAIL", "error_code": "WKS.00010059", "fail_reason": "y" * 100,
                                            "entities": {"desktop_name": "desk-%d" % n, "user_name": "u"}} for n in range(20)]})
              for i in range(200)]
    running = [cfw("c%03d" % i, "Running") for i in range(50)]
    result = {"jobs": failed + running, "failed_ids": [r["job_id"] for r in failed], "pending_ids": [r["job_id"] for r in running]}
    for message in (failure_message(result), timeout_message(result, 60.0)):
        assert message.startswith("200 of 250 jobs failed: workspace job w000: WKS.0001: xxx")
        assert len(message) < 8000
        assert message.count("workspace job w") == 20 and "... and 180 more" in message
        assert "jobs, failed_ids" in message and "job_report_html" in message
    assert "timed out after 60.0s with 50 of 250 jobs not done" in timeout_message(result, 60.0)
    # The pending jobs get the room the failed ones leave.
    few = {"jobs": failed[:5] + running, "failed_ids": ["w000"], "pending_ids": []}
    message = timeout_message(few, 60.0)
    assert message.count("workspace job w") == 5 and message.count("cfw c") == 15 and "... and 35 more" in message
    assert failure_message({"jobs": [cfw("c1", "Failed")]}) == "1 of 1 job failed: cfw job c1: failed with status 'Failed'"
