# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a start answer started: every job, task, request and order id in it, wherever it sits.

The vendor's start answers put the ids at ``job_id``, ``jobId``, ``jobid`` or
``jobID``, at ``status.jobID`` (CCE), in lists (``jobs[].job_id``,
``records[].job_id``, ``restore_result[].job_id``, RDS's ``jobId: [...]``), under one envelope or two
(KooPhone's ``data.task_id``, ``data.data.cmd_jobs[].job_id``), and prepaid calls
put an order at ``order_id``, ``orderId`` or per item (``results[].order_id``).
A list of places per service kept missing the next shape, so the reader looks
for the id keys (``ID_KEYS``) through the whole answer, at any depth, lists
included, and keeps the ids of the kinds the service's entry takes (a CPH
request id is a ``request_id``; a KooPhone job id, waited on through its task,
is left out). A request id counts only where no job or task id sits beside or
below it (the request then stands for jobs the answer does not list).

The reader turns an answer into ``started`` in exactly the ``jobs:`` form
``wait_for_job`` takes, the list entries that carry an error and no id
(``not_started``), and the order ids of a prepaid call (``orders``).
The ``StartedAt`` places of the table document the shapes each service is known
to send (``places_looked``), and add the ids of kinds no key above names (CBR's
``operation_log_id``, SMS's task ``id``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import unquote, urlsplit

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


def places_looked(service):
    """'job_id, jobId, ..., jobs[].job_id': the shapes the table documents for ``service``."""
    return ", ".join(place.describe() for place in service.starts)


# The keys an id sits at, at any depth of a start answer, and the id kind each names.
ID_KEYS = (
    ("job_id", "job_id"), ("jobId", "job_id"), ("jobid", "job_id"), ("jobID", "job_id"),
    ("task_id", "task_id"), ("taskId", "task_id"),
    ("request_id", "request_id"), ("requestId", "request_id"),
)
ORDER_KEYS = ("order_id", "orderId", "orderID")
ORDER_LISTS = ("orders", "order_ids", "orderIds")
_KIND_OF = dict(ID_KEYS)
_ORDER = "order"


def keys_looked(service):
    """'job_id, jobId, jobid, jobID' (and the others of the kinds ``service`` takes): for a message."""
    return ", ".join(key for key, kind in ID_KEYS if kind in service.id_kinds)


def read_start_answer(service, body, path=None):
    """(started, not_started, orders) of a start answer of ``service``, found at any depth.

    ``started``: [{"service", <id kind>: id}, ...], each id once, in the answer's order (an object's own ids before
    those of the objects it holds), of the id kinds ``service`` takes. An id whose call takes a parent's id too (a
    DMS task's instance, a GES job's graph) is started when ``path``, the path of the start call, names the parent
    as the status call's path does (``/instances/{instance_id}/``): [{"service", "instance_id": ..., "task_id": ...}].
    ``not_started``: the list entries that carry an error and no id, each with ``service`` and its ``error_code`` and
    ``error_msg`` (a CPH batch answers per phone, and a phone it could not act on has an error instead of a job).
    ``orders``: the order ids of a prepaid call.
    """
    found, errors = [], []
    _walk(body, found, errors, in_list=False)
    started, seen, orders = [], set(), []
    # The entry's own places add the ids no key of ID_KEYS names (CBR's operation_log_id, an SMS task's bare id).
    # An order id is read by the walk, into ``orders`` only (api_call waits on them through the order service).
    # So do the places whose key names another kind than the service's (a DMS task id at ``job_id``).
    for place in service.starts:
        key = (place.each or place.path).split(".")[-1]
        if place.kind is not None and _KIND_OF.get(key) != place.kind and key not in ORDER_KEYS:
            found.extend((place.kind, value) for value in place.read()(body)[0])
    takes = dict((kind, {}) for kind in _alone(service))
    # A kind scoped by a parent, where the entry's start rules name it (FunctionGraph's do not: its asynchronous and
    # synchronous invocations answer alike) and the call's path names the parent.
    named = set(place.kind for place in service.starts)
    takes.update((kind, parents) for kind, parents in _scoped(service, path) if kind not in takes and kind in named)
    for kind, value in found:
        if kind == _ORDER:
            if value not in orders:
                orders.append(value)
        elif kind in takes and (kind, value) not in seen:
            seen.add((kind, value))
            started.append(dict(takes[kind], service=service.name, **{kind: value}))
    not_started = []
    for entry in errors:
        code, msg = read_error_body(entry)
        not_started.append(dict(entry, service=service.name, error_code=code, error_msg=msg))
    return started, not_started, orders


def _alone(service):
    """The id kinds a job call of ``service`` takes on their own: an id scoped by a parent (a DMS task id, without its
    instance) is not waited on from a start answer, which does not say the parent (wait_for_job takes both)."""
    return [kind for kind in service.id_kinds if any(call.ids == frozenset([kind]) for call in service.calls)]


def _scoped(service, path):
    """(id kind, {parent kind: id}) of each call of ``service`` whose parents ``path`` names where the call's own path
    does: the segment after the one before the parent's placeholder (``instances`` in ``/instances/{instance_id}/``)."""
    if not path:
        return []
    segments = [unquote(part) for part in urlsplit(path).path.split("/")]
    scoped = []
    for call in service.calls:
        parents = [kind for kind in call.path_ids if kind != call.names]
        if not parents:
            continue
        template = call.path.split("/")
        values = {}
        for kind in parents:
            if "{%s}" % kind not in template:
                break
            before = template[template.index("{%s}" % kind) - 1]
            at = [i for i, part in enumerate(segments[:-1]) if part == before]
            if len(at) == 1 and _is_id(segments[at[0] + 1]) and "{" not in segments[at[0] + 1]:
                values[kind] = segments[at[0] + 1]
        if len(values) == len(parents):
            scoped.append((call.names, values))
    return scoped


def _walk(value, found, errors, in_list):
    """Append (kind, id) pairs of ``value`` to ``found`` and its failed list entries to ``errors``; True when a job or
    task id was found in it (a request id beside or above one is not the id to wait on)."""
    if isinstance(value, list):
        holds_job = False
        for item in value:
            holds_job = _walk(item, found, errors, in_list=True) or holds_job
        return holds_job
    if not isinstance(value, dict):
        return False
    own, listed, requests = [], [], []
    for key, item in value.items():
        kind = _KIND_OF.get(key)
        if kind is not None and _is_id(item):
            (requests if kind == "request_id" else own).append((kind, item))
        elif kind is not None and isinstance(item, list):  # a list of plain ids at an id key (RDS: "jobId": ["..."])
            (requests if kind == "request_id" else listed).extend((kind, one) for one in item if _is_id(one))
        elif key in ORDER_KEYS and _is_id(item):
            own.append((_ORDER, item))
        elif key in ORDER_KEYS + ORDER_LISTS and isinstance(item, list):
            listed.extend((_ORDER, one) for one in item if _is_id(one))
    own.extend(listed)  # an object's own ids first, then the plain ids of its id and order lists
    if in_list and not own and not requests and _carries_error(value):
        errors.append(value)
        return False
    at = len(found)
    found.extend(own)
    holds_job = any(kind != _ORDER for kind, dummy in own)
    for key, item in value.items():
        if isinstance(item, (dict, list)):
            holds_job = _walk(item, found, errors, in_list=isinstance(item, list)) or holds_job
    if not holds_job:
        found[at + len(own):at + len(own)] = requests
    return holds_job


def _carries_error(entry):
    code, msg = read_error_body(entry)
    if code is not None:
        return code.strip() not in ("", "0")
    return msg is not None and msg.strip() != ""
