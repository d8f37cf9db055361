# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fetching a job: the status call of its service's entry, every page of it, the envelope unwrapped, the not-found
rule applied, and the job records read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, JobNotFound, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import check_id


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
            body, request_id = client.get_reply(base, path, query or None, headers, deadline, retry_codes=service.retry_codes,
                                                limit=service.limit, service=service.name)
            jobs = call.unwrap(_unwrap_envelope(service, path, body, request_id))
        except ApiError as err:
            if service.not_found(err):
                raise JobNotFound.of(err)
            raise
        raws.extend(jobs)
        if not call.page_size or len(jobs) < call.page_size:
            break
    queried = job_ref if id_kind == "job_id" else None
    return [normalise(service, raw, queried) for raw in raws]


def _unwrap_envelope(service, path, body, request_id):
    """The body, or for an enveloped service its ``envelope`` key after checking error_code ("0" or absent: success)."""
    if not service.envelope:
        return body
    code, msg = read_error_body(body)
    data = body.get(service.envelope) if isinstance(body, dict) else None
    if code not in (None, "0") and not isinstance(data, dict):
        raise ApiError("GET", path, 200, code, msg, request_id, transient=False)
    return data if isinstance(data, dict) else {}
