"""Property-based tests (hypothesis): arbitrary bodies and statuses never crash and never fake a success."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from hypothesis import given, settings, strategies as st

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.times import parse_time
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter

from tests.unit.fakes import FakeClock, examples

EXAMPLES = examples(400)
# The oracle, written from the vendors' pages and SDKs, apart from the table: where each service keeps its
# status, which values are a success, and where its sub-jobs sit (every one of which must have succeeded). The
# properties run over the services this oracle describes (the first eleven); the others have their cases in
# test_services_more_jobs.py and the vendor examples.
SUCCESS = {"cph": (2,), "koophone": (2,), "workspace": ("SUCCESS", "COMPLETE"), "cfw": ("Success",), "ecs": ("SUCCESS",),
           "evs": ("SUCCESS",), "ims": ("SUCCESS",), "bms": ("SUCCESS",), "dcs": ("SUCCESS",), "cce": ("Success",), "rds": ("Completed",)}
STATUS_AT = {"cce": ("status", "phase")}
SUB_JOBS_AT = {"workspace": ("sub_jobs",), "ecs": ("entities", "sub_jobs"), "evs": ("entities", "sub_jobs"), "bms": ("entities", "sub_jobs"),
               "ims": ("entities", "sub_jobs_result"), "cce": ("spec", "subJobs")}
SUB_SUCCESS = {"cce": ("Success",)}
STATUSES = [1, 2, -1, 0, 3, "1", "2", "-1", 2.0, True, False, None, "SUCCESS", "COMPLETE", "FAIL", "FAILED", "RUNNING", "INIT",
            "WAITING", "Success", "Failed", "Running", "success", "", " SUCCESS", [], {}, "Completed", "PENDING_PAYMENT", "Initializing"]

json_scalars = st.none() | st.booleans() | st.integers(-10 ** 15, 10 ** 15) | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(json_scalars, lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
                           max_leaves=20)
statuses = st.sampled_from(STATUSES) | json_scalars
time_values = st.sampled_from(["2017-10-25T00:00:30Z", "2017-10-25T08:00:30+0800", "2017-10-25T00:00:30.5Z", 1641370501000, "x", None]) | json_values
SUB_JOB_FIELDS = {"process": json_values, "entities": json_values, "begin_time": time_values, "id": json_values}
nested_status = statuses | st.fixed_dictionaries({"phase": statuses})
sub_jobs = st.lists(st.fixed_dictionaries({"status": nested_status}, optional=SUB_JOB_FIELDS), max_size=5)
JOB_FIELDS = {"status": nested_status, "begin_time": time_values, "end_time": time_values, "id": json_values,
              "job_id": json_values, "sub_jobs": sub_jobs | json_values, "process": json_values,
              "entities": st.fixed_dictionaries({}, optional={"sub_jobs": sub_jobs, "sub_jobs_result": sub_jobs}) | json_values,
              "spec": st.fixed_dictionaries({}, optional={"subJobs": sub_jobs}) | json_values,
              "metadata": st.fixed_dictionaries({}, optional={"uid": json_values, "creationTimestamp": time_values})}
bodies = st.fixed_dictionaries({}, optional=JOB_FIELDS) | json_values
ISO = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$"


def at(value, keys):
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def is_documented_success(service, raw):
    status = at(raw, STATUS_AT.get(service, ("status",)))
    if not any(type(status) is type(v) and status == v for v in SUCCESS[service]):
        return False
    subs = at(raw, SUB_JOBS_AT[service]) if service in SUB_JOBS_AT else None
    subs = [s for s in subs if isinstance(s, dict)] if isinstance(subs, list) else []
    good = SUB_SUCCESS.get(service, ("SUCCESS",))
    return all(isinstance(at(s, STATUS_AT.get(service, ("status",))), str) and at(s, STATUS_AT.get(service, ("status",))) in good
               for s in subs)


@settings(max_examples=EXAMPLES, deadline=None)
@given(service=st.sampled_from(sorted(SUCCESS)), raw=bodies)
def test_normalise_never_crashes_nor_invents_success(service, raw):
    record = normalise(SERVICES[service], raw, "queried-id")
    assert record["state"] in ("running", "succeeded", "failed", "unknown")
    if record["state"] == "succeeded":
        assert is_documented_success(service, raw)
    for key in ("started_at", "ended_at"):
        assert record[key] is None or re.match(ISO, record[key])
    assert record["progress"] is None or 0 <= record["progress"] <= 100
    assert record["job_id"] is not None


@settings(max_examples=EXAMPLES, deadline=None)
@given(value=json_values | time_values)
def test_times_parse_or_become_null(value):
    text = parse_time(value)
    assert text is None or re.match(ISO, text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(body=json_values)
def test_error_bodies_never_crash(body):
    code, msg = read_error_body(body)
    assert code is None or isinstance(code, str)
    assert msg is None or isinstance(msg, str)


@settings(max_examples=examples(200), deadline=None)
@given(service=st.sampled_from(sorted(SUCCESS)), answers=st.lists(bodies, min_size=1, max_size=8))
def test_waiter_never_reports_success_for_an_undocumented_answer(service, answers):
    """Whatever sequence of bodies the API sends, a job ends succeeded only if its last answer was a documented success."""
    clock = FakeClock(0.0)
    calls = []

    def fetch(ref, deadline):
        raw = answers[min(len(calls), len(answers) - 1)]
        calls.append(raw)
        return [normalise(SERVICES[service], raw, ref.value)]

    result = Waiter(fetch, timeout=5.0, poll_interval=0.5, max_poll_interval=1.0,
                    progress_interval=0, clock=clock, sleep=clock.sleep).wait([Ref(SERVICES[service], "job_id", "j1")])
    assert clock.now <= 5.0 + 1e-9
    assert len(result["jobs"]) == 1
    if result["succeeded_ids"]:
        assert is_documented_success(service, calls[-1])
    assert sorted(result["succeeded_ids"] + result["failed_ids"] + result["pending_ids"]) == ["j1"]


@settings(max_examples=examples(200), deadline=None)
@given(pages=st.lists(st.lists(st.fixed_dictionaries({"status": statuses}, optional={"job_id": json_values}), max_size=4), min_size=1, max_size=6))
def test_request_jobs_each_accounted_for_once(pages):
    """A CPH request whose answers change between polls: every job of the last answer is in exactly one id list."""
    clock = FakeClock(0.0)
    seen = []

    def fetch(ref, deadline):
        page = pages[min(len(seen), len(pages) - 1)]
        seen.append(page)
        return [normalise(SERVICES["cph"], raw) for raw in page]

    result = Waiter(fetch, timeout=4.0, not_found_timeout=1.0, progress_interval=0,
                    clock=clock, sleep=clock.sleep).wait([Ref(SERVICES["cph"], "request_id", "r1")])
    listed = result["succeeded_ids"] + result["failed_ids"] + result["pending_ids"]
    # the jobs of the last answer that listed any (a request that empties is its last jobs, gone), else the request itself
    shown = [page for page in seen if page]
    assert len(listed) == len(result["jobs"]) == (len(shown[-1]) if shown else 1)
    assert all(isinstance(i, str) and i for i in listed)
    for record in result["jobs"]:
        if record["state"] == "succeeded":
            assert record.get("status") == 2 and not isinstance(record.get("status"), bool) and isinstance(record.get("status"), int)
