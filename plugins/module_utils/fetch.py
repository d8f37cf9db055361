# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fetching a job: the status call of its service's entry, every page of it, the envelope unwrapped, the not-found
rule applied, and the job records read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError, JobNotFound, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import RUNNING, SUCCEEDED, dicts_at, normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import ABSENT, check_id
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import Request


def fetch_jobs(client, service, id_kind, job_ref, deadline=None):
    """The records behind one id of one kind (a job id, a CPH request id, a KooPhone task id): fetch_records."""
    return fetch_records(client, service, {id_kind: job_ref}, deadline)


def fetch_records(client, service, ids, deadline=None, until=None):
    """The records behind the ids of one entry ({id kind: id}), read by the call that takes exactly those ids.

    Raises JobNotFound when the service says there is no such job (its ``not_found`` rule, decided here and
    nowhere else), ApiError for any other failed call, or ConfigError (ids no call takes, an id that may not
    go into a URL, ``until`` on a job). An id that holds no jobs (a request or task id the service lists nothing
    for) gives []. ``until`` aims a resource at another target: raw statuses, or 'absent', where not found is the
    goal (a record in state succeeded, with ``absent`` true).
    """
    call = service.call_for(ids)
    for kind in call.id_kinds:
        check_id(kind, ids[kind])
    shape = call.shape
    if until is not None:
        if not call.is_resource:
            raise ConfigError("until is for a resource; %s names a %s job, which ends as its service says" % (call.names, service.name))
        shape = shape.toward(until)
    base = service.base_url(client.settings)
    project_id = client.project_id(deadline) if service.needs_project else None
    # A call scoped by the account's domain (Global EIP) names it in its path: the settings' domain id, else IAM's.
    domain_id = client.auth.domain_id(deadline) if call.domain_scoped else None
    path = call.url_path(project_id, ids, domain_id)
    headers = service.request_headers()
    query = call.query_of(ids)
    not_found = call.not_found or service.not_found
    raws = []
    for page in range(call.max_pages if call.page_size else 1):
        if call.page_size:
            query.update(offset=page * call.page_size, limit=call.page_size)
        try:
            body, request_id = client.get_reply(base, path, query or None, headers, deadline, retry_codes=service.retry_codes,
                                                limit=service.limit, service=service.name)
            jobs = call.unwrap(_unwrap_envelope(service, path, body, request_id))
        except ApiError as err:
            if not_found(err):
                if until == ABSENT:
                    return [_absent(service, shape, ids[call.names])]
                raise JobNotFound.of(err)
            raise
        raws.extend(jobs)
        if not call.page_size or len(jobs) < call.page_size:
            break
    if not raws and until == ABSENT:
        return [_absent(service, shape, ids[call.names])]
    queried = ids[call.names] if call.names_one else None
    records = [normalise(service, raw, queried, shape) for raw in raws]
    return what_it_made(client, service, records, deadline) if service.made else records


def _absent(service, shape, value):
    """The record of a resource the service no longer shows, waited on with until: absent: done, succeeded."""
    return dict(service=service.name, job_id=value, state=SUCCEEDED, absent=True, status_at=shape.status,
                started_at=None, ended_at=None, duration=None, progress=None)


def what_it_made(client, service, records, deadline=None):
    """Each succeeded record names what it made (its entry's ``made``: a prepaid order's resources, main first);
    one the service lists nothing for yet stays running, waiting for them."""
    made = service.made
    for record in records:
        if record["state"] != SUCCEEDED or not record.get("job_id"):
            continue
        request = Request("POST", service.base_url(client.settings) + made.path, headers=service.request_headers(),
                          body=json.dumps(made.body_for(record["job_id"])).encode("utf-8"), idempotent=True,
                          retry_codes=service.retry_codes)
        items = dicts_at(client.auth.send(request, deadline)[1], made.items)
        items.sort(key=lambda item: 0 if made.main and item.get(made.main) in (1, True, "1") else 1)
        record[made.key] = [item[made.id_field] for item in items if isinstance(item.get(made.id_field), str) and item[made.id_field]]
        if not record[made.key]:
            record["state"] = RUNNING
            record["ended_at"] = record["duration"] = None
    return records


def _unwrap_envelope(service, path, body, request_id):
    """The body, or for an enveloped service its ``envelope`` key after checking error_code ("0" or absent: success)."""
    if not service.envelope:
        return body
    code, msg = read_error_body(body)
    data = body.get(service.envelope) if isinstance(body, dict) else None
    if code not in (None, "0") and not isinstance(data, dict):
        raise ApiError("GET", path, 200, code, msg, request_id, transient=False)
    return data if isinstance(data, dict) else {}
