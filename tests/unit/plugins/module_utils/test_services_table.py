"""Proof that the service table is the only place that knows a service.

A service that exists only in this test (nested status, text progress, sub-jobs, an envelope, paging, its own
not-found rule and per-call header) is put into the table, and the normaliser, the fetching, the waiter, the
wait's input checks and the report filters handle it with no other change.
"""

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils import services
from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError, JobNotFound
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import FRESH_ID, Call, NotFound, Service, Shape, SubJobs
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import describe_failure
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter, failure_message, timeout_message
from ansible_collections.hwcloud.jobs.plugins.filter.job_reports import job_summary, junit_xml

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

PART_STATUSES = {RUNNING: ("working",), SUCCEEDED: ("done",), FAILED: ("broken",)}
PROBE = Service(
    "probe", "Probe Service (PRB)", "widget", "https://probe.{region}.{cloud}",
    calls={
        "job_id": Call("/v9/{project_id}/probe-jobs/{id}", jobs="job"),
        "request_id": Call("/v9/{project_id}/probe-jobs", query="batch", jobs="jobs", page_size=2),
    },
    job=Shape({RUNNING: ("queued", "working"), SUCCEEDED: ("done",), FAILED: ("broken",)}, status="condition.phase", id_field="uid",
              times=("timing.start", "timing.stop"), progress="condition.percent", subject="target.name",
              error=("condition.code", "condition.reason"), notes={"queued": "waiting in the queue"},
              sub_jobs=SubJobs("parts", Shape(PART_STATUSES, status="condition.phase", id_field="uid", progress="condition.percent"), "gear",
                               summary=(("id", "uid"), ("gear", "target.name"), ("error_code", "condition.code"), ("fail_reason", "condition.reason")),
                               label=("gear",))),
    envelope="payload", not_found=NotFound(statuses=(410,), codes=("PRB.404",)), headers={"x-probe-trace": FRESH_ID},
)


@pytest.fixture(autouse=True)
def probe_in_the_table(monkeypatch):
    monkeypatch.setitem(services.SERVICES, "probe", PROBE)


def part(uid, phase, percent, code=None, reason=None):
    return {"uid": uid, "target": {"name": "gear-" + uid}, "condition": {"phase": phase, "percent": percent, "code": code, "reason": reason}}


def probe_job(uid, phase, percent=None, parts=(), **condition):
    return {"uid": uid, "target": {"name": "widget-" + uid}, "timing": {"start": "2026-11-23 10:00:00 +0000 UTC", "stop": None},
            "condition": dict(phase=phase, percent=percent, **condition), "parts": list(parts)}


def test_the_normaliser_reads_nested_status_text_progress_and_sub_jobs():
    record = normalise(PROBE, probe_job("j1", "working", "45%", [part("a", "done", "100%"), part("b", "broken", "30%", "PRB.7", "jammed")]))
    assert (record["service"], record["job_id"], record["state"], record["progress"]) == ("probe", "j1", FAILED, 45)
    assert record["started_at"] == "2026-11-23T10:00:00Z" and record["ended_at"] is None
    assert [s["state"] for s in record["sub_jobs"]] == [SUCCEEDED, FAILED]
    assert record["failed_sub_jobs"] == [{"id": "b", "gear": "gear-b", "error_code": "PRB.7", "fail_reason": "jammed"}]
    assert describe_failure(record) == "probe job j1 (widget widget-j1): failed with status 'working'; sub-job b (gear gear-b): PRB.7: jammed"
    no_own_progress = normalise(PROBE, probe_job("j2", "working", None, [part("a", "working", "20%"), part("b", "working", "60%")]))
    assert no_own_progress["progress"] == 40 and no_own_progress["state"] == RUNNING


def test_fetching_unwraps_the_envelope_pages_and_sends_a_fresh_header_per_call():
    page1 = {"payload": {"jobs": [probe_job("j1", "done"), probe_job("j2", "done")]}}
    page2 = {"payload": {"jobs": [probe_job("j3", "broken", code="PRB.9", reason="melted")]}}
    session = FakeSession(FakeResponse(200, page1), FakeResponse(200, page2))
    clock = FakeClock()
    client = Client(Settings(params()), session=session, clock=clock, sleep=clock.sleep)
    jobs = fetch_jobs(client, PROBE, "request_id", "b1")
    assert [(j["job_id"], j["state"]) for j in jobs] == [("j1", SUCCEEDED), ("j2", SUCCEEDED), ("j3", FAILED)]
    assert [s["url"] for s in session.sent] == [
        "https://probe.cn-north-4.myhuaweicloud.com/v9/0123456789abcdef0123456789abcdef/probe-jobs?batch=b1&limit=2&offset=0",
        "https://probe.cn-north-4.myhuaweicloud.com/v9/0123456789abcdef0123456789abcdef/probe-jobs?batch=b1&limit=2&offset=2"]
    traces = [s["headers"]["x-probe-trace"] for s in session.sent]
    assert len(set(traces)) == 2 and all(len(t) == 32 for t in traces)
    assert PROBE.not_found(ApiError("GET", "/x", 410)) and PROBE.not_found(ApiError("GET", "/x", 400, "PRB.404"))
    assert not PROBE.not_found(ApiError("GET", "/x", 404))


def test_the_wait_takes_it_in_a_mixed_list_and_refuses_an_id_kind_it_does_not_take():
    args = dict(jobs=[{"service": "probe", "request_id": "b1"}, {"service": "cfw", "job_id": "c1"}])
    assert [(r.service.name, r.kind) for r in refs_from(args)] == [("probe", "request_id"), ("cfw", "job_id")]
    with pytest.raises(ConfigError) as err:
        refs_from(dict(jobs=[{"service": "probe", "task_id": "t"}]))
    assert "jobs[0]: Probe Service (PRB) takes job_id or request_id, got task_id" in str(err.value)


def scripted(clock, answers):
    def fetch(ref, deadline):
        for until, answer in answers[ref.value]:
            if until is None or clock() < until:
                if isinstance(answer, Exception):
                    raise answer
                return answer
        raise AssertionError("script exhausted")
    return fetch


def test_the_waiter_words_its_lines_from_the_entry():
    clock = FakeClock(0.0)
    lines = []
    queued = [normalise(PROBE, probe_job("j1", "queued"), "j1")]
    broken = [normalise(PROBE, probe_job("j2", "broken", "100%", [part("x", "broken", "100%", "PRB.7", "jammed")]), "j2")]
    fetch = scripted(clock, {"j1": [(None, queued)], "j2": [(1.0, JobNotFound("GET", "/p", 410, "PRB.404", "gone")), (None, broken)]})
    waiter = Waiter(fetch, timeout=6.0, poll_interval=1.0, max_poll_interval=1.0, not_found_timeout=5.0, progress_interval=2.0,
                    clock=clock, sleep=clock.sleep, on_progress=lines.append)
    result = waiter.wait([Ref(PROBE, "job_id", "j1"), Ref(PROBE, "job_id", "j2")])
    # The job not found at first is announced at once (the wait is not silent for not_found_timeout), then the progress lines.
    assert lines[0] == "1 job not found yet (probe j2): waiting up to not_found_timeout (5.0 s) for it to appear"
    assert lines[1] == "2 jobs: 1 done (1 failed), 1 not done (1 waiting in the queue), 2s elapsed, progress 100%"
    assert result["by_service"] == {"probe": {"succeeded": 0, "failed": 1, "pending": 1}}
    assert "probe j1 (running, status 'queued': waiting in the queue)" in timeout_message(result, 6.0)
    assert "probe job j2 (widget widget-j2): failed with status 'broken'; sub-job x (gear gear-x): PRB.7: jammed" in failure_message(result)


def test_the_reports_read_it_too():
    records = [normalise(PROBE, probe_job("j2", "broken", "100%", [part("x", "broken", "100%", "PRB.7", "jammed <&\"'>")]), "j2"),
               normalise(PROBE, probe_job("j3", "done"), "j3")]
    summary = job_summary(records)
    assert summary[1].split()[:3] == ["probe", "j2", "failed"] and "sub-job x (gear gear-x): PRB.7: jammed" in summary[1]
    assert summary[2].split()[:3] == ["probe", "j3", "succeeded"] and summary[2].endswith("widget widget-j3")
    assert summary[-1] == "2 jobs: 1 succeeded, 1 failed, 0 timed out, 0 unreadable"
    root = ET.fromstring(junit_xml(records))
    cases = root.findall(".//testcase")
    assert [c.get("classname") for c in cases] == ["probe", "probe"]
    failure = cases[0].find("failure")
    assert failure is not None and "jammed <&\"'>" in (failure.text or "") + failure.get("message", "")
    assert cases[1].find("failure") is None
