# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Where a start answer puts the ids of the jobs it started: the start rules of the table, and their reader.

A start rule is a short list of places (``StartedAt``) per service, because the
vendor's own examples put the id at ``job_id``, ``jobId``, ``jobid`` or
``jobID``, at ``status.jobID`` (CCE), in lists (``jobs[].job_id``,
``records[].job_id``) or under an envelope (KooPhone's ``data.task_id``). The
reader turns an answer into ``started`` in exactly the ``jobs:`` form
``wait_for_job`` takes, the entries of a list that carry no id and an error
(``not_started``), and the order ids of a prepaid call (``orders``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import dig


class StartedAt:
    """One place of a start answer: at ``path`` an id (or a list of ids); with ``each``, an object or a list of
    objects whose id sits at ``each``. ``kind`` is the id kind wait_for_job takes for it; None reports the
    place's entries that failed to start without waiting on its ids (they are waited on through another id)."""

    def __init__(self, path, kind="job_id", each=None):
        self.path = path
        self.kind = kind
        self.each = each

    def describe(self):
        return "%s[].%s" % (self.path, self.each) if self.each else self.path

    def read(self):
        """A function of an answer giving (ids, entries that carry no id)."""
        return lambda body: self._read(dig(body, self.path))

    def _read(self, found):
        if self.each is None:
            values = found if isinstance(found, list) else [found]
            return [v for v in values if _is_id(v)], []
        entries = [found] if isinstance(found, dict) else found if isinstance(found, list) else []
        ids, missing = [], []
        for entry in entries:
            if _is_id(entry):  # a list of plain ids where objects were expected (orders: ["o1", "o2"])
                ids.append(entry)
            elif isinstance(entry, dict):
                value = dig(entry, self.each)
                if _is_id(value):
                    ids.append(value)
                else:
                    missing.append(entry)
        return ids, missing


def _is_id(value):
    return isinstance(value, str) and value.strip() != ""


# The places almost every service uses: the vendor's examples spell the top-level key four ways.
TOP_JOB_ID = tuple(StartedAt(key) for key in ("job_id", "jobId", "jobid", "jobID"))
# A prepaid call answers with the order to pay, not a job.
ORDERS_AT = (StartedAt("order_id"), StartedAt("orderId"), StartedAt("orderID"), StartedAt("orders", each="order_id"))


def places_looked(service):
    """'job_id, jobId, ..., jobs[].job_id': where the table looks for a started job of ``service``."""
    return ", ".join(place.describe() for place in service.starts)


def read_start_answer(service, body):
    """(started, not_started, orders) of a start answer of ``service``.

    ``started``: [{"service", <id kind>: id}, ...], each job once, in the answer's order.
    ``not_started``: the list entries that carry no id, each with ``service`` and its ``error_code`` and ``error_msg``
    (a CPH batch answers per phone, and a phone it could not act on has an error instead of a job).
    ``orders``: the order ids of a prepaid call.
    """
    started, seen, not_started = [], set(), []
    for place in service.starts:
        ids, missing = place.read()(body)
        if place.kind is not None:
            for value in ids:
                if (place.kind, value) not in seen:
                    seen.add((place.kind, value))
                    started.append({"service": service.name, place.kind: value})
        for entry in missing:
            code, msg = read_error_body(entry)
            not_started.append(dict(entry, service=service.name, error_code=code, error_msg=msg))
    orders = []
    for place in ORDERS_AT:
        for value in place.read()(body)[0]:
            if value not in orders:
                orders.append(value)
    return started, not_started, orders
