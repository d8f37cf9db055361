# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fetching a job: the status call of its service's entry, every page of it, the envelope unwrapped, the not-found
rule applied, and the job records read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, JobNotFound, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import RUNNING, SUCCEEDED, dicts_at, normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import check_id
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import Request


def fetch_jobs(client, service, id_kind, job_ref, deadline=None):
    """The records behind one id (a job id, a CPH request id, a KooPhone task id).

    Raises JobNotFound when the service says there is no such job (its ``not_found`` rule, decided here and
    nowhere else), ApiError for any other failed call, or ConfigError. An id that holds no jobs (a request or
    task id the service lists nothing for) gives [].
    """
    service.check_id_kind(id_kind)
    check_id(id_kind, job_ref)
    call = service.calls[id_kind]
    base = service.base_url(client.settings)
    project_id = client.project_id(deadline) if service.needs_project else None
    path = call.path.format(project_id=project_id, id=job_ref)
    headers = service.request_headers()
    query = {call.query: job_ref} if call.query else {}
    raws = []
    for page in range(call.max_pages if call.page_size else 1):
        if call.page_size:
            query.update(offset=page * call.page_size, limit=call.page_size)
        try:
            body, request_id = client.get_reply(base, path, query or None, headers, deadline, retry_codes=service.retry_codes)
            jobs = call.unwrap(_unwrap_envelope(service, path, body, request_id))
        except ApiError as err:
            if service.not_found(err):
                raise JobNotFound.of(err)
            raise
        raws.extend(jobs)
        if not call.page_size or len(jobs) < call.page_size:
            break
    queried = job_ref if id_kind == "job_id" else None
    records = [normalise(service, raw, queried) for raw in raws]
    return what_it_made(client, service, records, deadline) if service.made else records


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
