"""The vendor's own published job bodies, read through fetch_jobs as a user's call would read them.

Each case is a file of tests/unit/fixtures/vendor/ (one per case) that names the published page it follows
("page": its title and URL), the service, the id kind and id a user asks by ("id_kind", "job_ref"), the body
("body") and what the page says of each job ("expect"). The pages: the API reference pages of Huawei
Cloud, their Open Telekom Cloud mirrors (the reStructuredText sources of docs.otc.t-systems.com, in the
opentelekomcloud-docs GitHub organisation), and the test fixtures of the vendor's Go SDKs. Bodies are given as
the page prints them, quirks included (an empty end_time on a running job, a missing ``ended``, ``+0000``
offsets, ``+0800`` text as CFW's table describes it, epoch milliseconds as numbers and as strings, sub-jobs nested two levels deep, ``process`` where a
progress is meant, a key with a stray space, IMS's '04-Jun-2015 18:11:06:586'); where a page prints JSON that
does not parse (a trailing comma), the case holds the same values. Each case states the state, times and
sub-job facts the page gives; a file's "expect" keys are record fields, or "sub_states" and "sub_started" (each
sub-job's state and start).
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import json
import os

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs, fetch_records
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import status_note

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params


FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "fixtures", "vendor")


class Page:
    def __init__(self, title, url):
        self.title = title
        self.url = url


class Case:
    """One published body: the service, the id a user asks by, what the HTTP answer is, and what the page says."""

    def __init__(self, name, page, service, id_kind, job_ref, body, expect, region="cn-north-4", settings=None, parents=None,
                 http_status=200):
        self.name = name
        self.page = page
        self.service = service
        self.id_kind = id_kind
        self.job_ref = job_ref
        self.body = body
        self.expect = expect
        self.region = region
        self.settings = settings or {}  # options a service needs beyond the region (BSS: domain_id)
        self.parents = parents or {}  # the ids that scope job_ref (a DMS task's instance_id), given with it
        self.http_status = http_status  # the status the page answers under (MRS: 202)


def load_case(file_name):
    with open(os.path.join(FIXTURES, file_name), encoding="utf-8") as handle:
        data = json.load(handle)
    return Case(data["name"], Page(data["page"]["title"], data["page"]["url"]), data["service"], data["id_kind"],
                data["job_ref"], data["body"], data["expect"], region=data.get("region", "cn-north-4"),
                settings=dict(data.get("settings") or {}, **({"domain_id": data["domain_id"]} if data.get("domain_id") else {})),
                parents=data.get("parents"), http_status=data.get("http_status", 200))


CASE_FILES = sorted(name for name in os.listdir(FIXTURES) if name.endswith(".json"))
CASES = [load_case(name) for name in CASE_FILES]


def case_named(stem):
    """The case of tests/unit/fixtures/vendor/STEM.json."""
    return CASES[CASE_FILES.index(stem + ".json")]


def read(case):
    clock = FakeClock()
    session = FakeSession(FakeResponse(case.http_status, case.body))
    client = Client(Settings(params(region=case.region, **case.settings)), session=session, clock=clock, sleep=clock.sleep)
    if case.parents:
        return fetch_records(client, SERVICES[case.service], dict(case.parents, **{case.id_kind: case.job_ref})), session
    return fetch_jobs(client, SERVICES[case.service], case.id_kind, case.job_ref), session


def test_every_service_has_a_published_case():
    assert sorted(set(case.service for case in CASES)) == sorted(name for name, s in SERVICES.items() if s.id_kinds)  # job bodies
    assert all(case.page.url.startswith("https://") and case.page.title for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_published_body_reads_to_the_state_its_page_gives(case):
    records, session = read(case)
    assert len(session.sent) == 1, case.page.title
    assert len(records) == len(case.expect), case.page.url
    for record, expect in zip(records, case.expect):
        assert record["service"] == case.service
        for key, value in expect.items():
            if key == "sub_states":
                got = [sub["state"] for sub in record["sub_jobs"]]
            elif key == "sub_started":
                got = [sub["started_at"] for sub in record["sub_jobs"]]
            else:
                got = record[key]
            assert got == value, "%s (%s): %s is %r, the page gives %r" % (case.page.title, case.page.url, key, got, value)


def test_koophone_task_not_started_yet_is_running_with_a_note():
    records = read(case_named("koophone-app-install-task-0-not-run-yet-3-failed"))[0]
    waiting, failed = records
    assert (waiting["state"], status_note(waiting)) == ("running", "not started yet")
    assert (failed["state"], status_note(failed)) == ("failed", None)


def test_a_status_the_table_does_not_list_still_makes_a_finished_cce_job_unknown():
    """Only a sub-job with no status at all is let go; an unlisted one keeps the job from success (never a success)."""
    fixture = case_named("cce-go-sdk-fixture-status-less-createnode-sub-job")
    odd = dict(fixture.body, spec=dict(fixture.body["spec"], subJobs=[
        dict(fixture.body["spec"]["subJobs"][0], status={"phase": "Paused"})]))
    records = read(Case(fixture.name, fixture.page, "cce", "job_id", fixture.job_ref, odd, []))[0]
    assert records[0]["state"] == "unknown" and records[0]["sub_jobs_without_status"] == []


def test_a_status_less_sub_job_does_not_hide_a_failed_sibling():
    fixture = case_named("ecs-createserver-with-one-createsingleserver-sub-job")
    body = dict(fixture.body, entities={"sub_jobs_total": 2, "sub_jobs": [
        {"job_id": "no-status", "entities": {"server_id": "s-1"}},
        {"job_id": "failed-one", "status": "FAIL", "entities": {"server_id": "s-2"}, "error_code": "Ecs.0010",
         "fail_reason": "Insufficient capacity."}]})
    records = read(Case(fixture.name, fixture.page, "ecs", "job_id", fixture.job_ref, body, []))[0]
    assert records[0]["state"] == "failed"
    assert records[0]["sub_jobs_without_status"] == ["no-status"]
    assert [s["id"] for s in records[0]["failed_sub_jobs"]] == ["failed-one"]
