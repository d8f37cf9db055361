"""The vendor's own published start answers, in bulk: every id in them is read as the page says.

tests/unit/fixtures/published/<service>.json holds the example responses of the vendor's API reference pages
(huaweicloudDocs/<repo> on GitHub, Markdown, and the same reference as Open Telekom Cloud publishes it,
opentelekomcloud-docs/<repo>, reStructuredText) of calls that are not GETs and hold a job, task, request or order id at any
depth, each with the ids its page names (``ids``, by field name; ``described_ids``: a field named ``id`` that the
page's response table describes as a task, job or order id). harvest.py beside them made them; it is not run here.

What a user of api_call must see for each answer:
- every order id among ``orders``;
- every id of a kind the service's table waits on by itself (a job call taking that id alone) among ``started``:
  a request id only where no job or task of the answer is started (the request then stands for them);
- nothing else in ``started`` or ``orders``: an id of a kind the entry waits on only with its parent (GES's graph,
  DMS's instance), of a kind the service's calls do not take (ELB's and VPC's trace request ids, DCS's migration
  task), or a number (the table's calls take ids as strings; DLI's numbered Flink jobs) is not waited on;
- with the path api_call called (the page's, its placeholders filled), an id of a kind waited on only with its parent
  is started with the parent that path names where the status call's path has it (``instances/<id>``), else not.
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import json
import re
import os

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import read_start_answer

PUBLISHED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "fixtures",
                         "published")
ORDER = "order_id"


def load_published():
    cases = []
    for name in sorted(os.listdir(PUBLISHED)):
        if name.endswith(".json"):
            with open(os.path.join(PUBLISHED, name), encoding="utf-8") as handle:
                cases.extend((name[:-5], entry) for entry in json.load(handle))
    return cases


CASES = load_published()


def alone(service):
    """The id kinds a job call of ``service`` takes by themselves (the table's data)."""
    return set(kind for call in service.calls for kind in call.ids if call.ids == frozenset([kind]))


def expected(service, entry):
    """(ids to be started, ids to be among the orders, ids not to be started) of a published answer."""
    waited = alone(service)
    described = entry.get("described_ids", [])
    started, orders, left = [], [], []
    for kind, values in entry["ids"].items():
        for value in values:
            if kind == ORDER:
                orders.append(value)
            elif isinstance(value, str) and kind != "request_id" and kind in waited:
                started.append(value)
            elif isinstance(value, str) and value in described and waited and kind in waited:
                started.append(value)
            else:
                left.append((kind, value))
    requests = entry["ids"].get("request_id", [])
    if "request_id" in waited and not started:
        started.extend(v for v in requests if isinstance(v, str))
        left = [(kind, value) for kind, value in left if not (kind == "request_id" and value in requests)]
    return started, orders, left


def test_the_published_answers_are_there_and_name_their_pages():
    assert len(CASES) >= 340
    for service, entry in CASES:
        assert service in SERVICES, service
        assert entry["page"].startswith(("huaweicloudDocs/", "opentelekomcloud-docs/")), entry["page"]
        assert entry["method"] in ("POST", "PUT", "DELETE", "PATCH"), entry["page"]
        assert entry["ids"] and all(entry["ids"].values()), entry["page"]


@pytest.mark.parametrize("service,entry", CASES, ids=["%s-%d" % (case[0], i) for i, case in enumerate(CASES)])
def test_every_id_of_a_published_start_answer_is_read_as_its_page_says(service, entry):
    entry_ = SERVICES[service]
    want_started, want_orders, left = expected(entry_, entry)
    started, dummy, orders = read_start_answer(entry_, entry["answer"])
    got = [value for job in started for key, value in job.items() if key != "service"]
    assert sorted(got) == sorted(want_started), entry["page"]
    assert all(set(job) - {"service"} <= alone(entry_) for job in started), entry["page"]
    assert sorted(orders) == sorted(want_orders), entry["page"]
    assert not [value for kind, value in left if value in got], entry["page"]


def test_the_count_of_published_answers_and_ids_covered(record_property):
    answers, ids, started, orders, left = 0, 0, 0, 0, 0
    for service, entry in CASES:
        want_started, want_orders, not_waited = expected(SERVICES[service], entry)
        answers += 1
        ids += sum(len(values) for values in entry["ids"].values())
        started += len(want_started)
        orders += len(want_orders)
        left += len(not_waited)
    assert ids == started + orders + left and started > 0 and orders > 0
    record_property("published_answers", answers)
    record_property("published_ids", ids)
    print("published start answers: %d, ids: %d (started: %d, orders: %d, not waited on: %d)"
          % (answers, ids, started, orders, left))


def filled(path):
    """The page's path with each placeholder but the project's given a value, as a user's call has them:
    ``/v2/{project_id}/instances/{instance_id}/extend`` -> ``/v2/{project_id}/instances/p-instance_id/extend``."""
    return re.sub(r"\{(?!project_?[iI]d\})([^}]+)\}", lambda m: "p-" + m.group(1), path)


def parent_segments(service):
    """{parent kind: the path segment before it} of the status calls that take a parent's id with the job's."""
    segments = {}
    for call in service.calls:
        parts = call.path.split("/")
        for kind in call.path_ids:
            if kind != call.names and "{%s}" % kind in parts:
                segments[kind] = parts[parts.index("{%s}" % kind) - 1]
    return segments


# The services whose every job call takes a parent's id (DMS, MRS, GES) and whose start rules name what to wait on.
SCOPED = [(service, entry) for service, entry in CASES if parent_segments(SERVICES[service]) and not alone(SERVICES[service])
          and any(place.kind is not None for place in SERVICES[service].starts)]


@pytest.mark.parametrize("service,entry", SCOPED, ids=["%s-%d" % (case[0], i) for i, case in enumerate(SCOPED)])
def test_a_published_answer_of_a_parent_scoped_service_is_started_with_the_parent_its_path_names(service, entry):
    """api_call gives read_start_answer the path it called: where that path names the parent as the status call's
    path does (``instances/<id>``), every id the page names is started with that parent; elsewhere none is."""
    entry_ = SERVICES[service]
    path = filled(entry["path"])
    parts = path.split("/")
    parents = dict((kind, parts[parts.index(before) + 1]) for kind, before in parent_segments(entry_).items()
                   if before in parts[:-1])
    started, dummy, orders = read_start_answer(entry_, entry["answer"], path)
    want = sorted(v for kind, values in entry["ids"].items() if kind not in (ORDER, "request_id") for v in values if isinstance(v, str))
    if len(parents) == len(parent_segments(entry_)):
        assert sorted(job[k] for job in started for k in job if k not in parents and k != "service") == want, entry["page"]
        assert all(dict((k, job[k]) for k in parents) == parents for job in started), entry["page"]
    else:
        assert started == [], entry["page"]
    assert orders == [], entry["page"]


def test_the_published_answers_of_parent_scoped_services_start_with_their_parent():
    with_parent = [entry for service, entry in SCOPED
                   if read_start_answer(SERVICES[service], entry["answer"], filled(entry["path"]))[0]]
    assert len(SCOPED) >= 40 and len(with_parent) >= 30
    print("published answers of parent-scoped services: %d, started with the parent their path names: %d"
          % (len(SCOPED), len(with_parent)))
