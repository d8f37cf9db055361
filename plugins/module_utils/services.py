# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One entry per service: where it lives, which ids it takes, how to read its answers.

A service is data (``Service``) plus the normaliser that turns one raw job into
the collection's job record. Adding a service is one entry in ``SERVICES``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import uuid
from datetime import datetime, timedelta, timezone

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.client import check_id

RUNNING, SUCCEEDED, FAILED, UNKNOWN = "running", "succeeded", "failed", "unknown"
TERMINAL_STATES = (SUCCEEDED, FAILED)
CPH_PAGE_LIMIT = 100
CPH_MAX_PAGES = 1000

# Huawei Cloud public regions (for endpoints built from a region name).
KNOWN_REGIONS = frozenset([
    "af-north-1", "af-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5", "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9",
    "cn-north-11", "cn-north-12", "cn-south-1", "cn-south-2", "cn-south-4", "cn-southwest-2", "eu-west-0", "eu-west-101",
    "la-north-2", "la-south-2", "me-east-1", "my-kualalumpur-1", "na-mexico-1", "ru-moscow-1", "ru-northwest-2",
    "sa-brazil-1", "tr-west-1",
])


class Call:
    """One status call: a path template with {project_id} and {id}, or a query carrying the id."""

    def __init__(self, path, unwrap, id_in_query=None, paged=False):
        self.path = path
        self.unwrap = unwrap
        self.id_in_query = id_in_query
        self.paged = paged


class Service:
    def __init__(self, name, title, host, calls, statuses, needs_project=True, not_found=None, fresh_request_id=False,
                 regions=None, hosts=None, time_fields=("begin_time", "end_time"), id_field="job_id"):
        self.name = name
        self.title = title
        self.host = host
        self.hosts = hosts or {}
        self.regions = regions
        self.calls = calls
        self.statuses = statuses
        self.needs_project = needs_project
        self.not_found = not_found or (lambda err: err.status == 404)
        self.fresh_request_id = fresh_request_id
        self.time_fields = time_fields
        self.id_field = id_field

    @property
    def id_kinds(self):
        return sorted(self.calls)

    def base_url(self, region, endpoint=None):
        if endpoint:
            return endpoint
        if not region:
            raise ConfigError("region is required to reach %s (or set endpoint)" % self.title)
        if region in self.hosts:
            return self.hosts[region]
        known = self.regions if self.regions is not None else KNOWN_REGIONS
        if region not in known:
            raise ConfigError("region %r has no known %s endpoint; set endpoint to the service's URL" % (region, self.title))
        return self.host.format(region=region)

    def state_of(self, status):
        """running/succeeded/failed from the raw status; anything else is unknown."""
        if isinstance(status, bool):
            return UNKNOWN
        for state, values in self.statuses.items():
            if any(type(status) is type(v) and status == v for v in values):
                return state
        return UNKNOWN


# ---- unwrapping the answers ----

def _as_list(value):
    return [j for j in value if isinstance(j, dict)] if isinstance(value, list) else []


def _unwrap_single(body):
    return [body] if isinstance(body, dict) else []


def _unwrap_cph_list(body):
    return _as_list(body.get("jobs")) if isinstance(body, dict) else []


def _unwrap_enveloped(method, path, body, request_id=None):
    """The body's ``data`` after checking the envelope's error_code ("0" or absent means the call succeeded)."""
    code, msg = read_error_body(body)
    if code not in (None, "0") and not isinstance((body or {}).get("data"), dict):
        raise ApiError(method, path, 200, code, msg, request_id, transient=False)
    data = body.get("data") if isinstance(body, dict) else None
    return data if isinstance(data, dict) else {}


def _cph_not_found(err):
    return err.status == 404 or (err.status == 400 and (err.error_code or "").replace(".", "") == "CPS0005")


SERVICES = {
    "cph": Service(
        "cph", "Cloud Phone (CPH)", "https://cph.{region}.myhuaweicloud.com",
        calls={
            "job_id": Call("/v1/{project_id}/cloud-phone/jobs/{id}", _unwrap_single),
            "request_id": Call("/v1/{project_id}/cloud-phone/jobs", _unwrap_cph_list, id_in_query="request_id", paged=True),
        },
        statuses={RUNNING: (1,), SUCCEEDED: (2,), FAILED: (-1,)},
        not_found=_cph_not_found,
    ),
    "koophone": Service(
        "koophone", "KooPhone", "https://koophone.myhuaweicloud.com",
        calls={"task_id": Call("/v1/instances/tasks/{id}", lambda data: _as_list(data.get("jobs")))},
        statuses={RUNNING: (1,), SUCCEEDED: (2,), FAILED: (-1,)},
        needs_project=False, fresh_request_id=True, regions=frozenset(["cn-south-1"]),
    ),
    "workspace": Service(
        "workspace", "Workspace", "https://workspace.{region}.myhuaweicloud.com",
        calls={"job_id": Call("/v2/{project_id}/workspace-jobs/{id}", _unwrap_single)},
        statuses={RUNNING: ("INIT", "WAITING", "RUNNING"), SUCCEEDED: ("SUCCESS", "COMPLETE"), FAILED: ("FAIL", "FAILED")},
        id_field="id",
    ),
    "cfw": Service(
        "cfw", "Cloud Firewall (CFW)", "https://cfw.{region}.myhuaweicloud.com",
        calls={"job_id": Call("/v3/{project_id}/jobs/{id}", lambda data: [data])},
        statuses={RUNNING: ("Running",), SUCCEEDED: ("Success",), FAILED: ("Failed",)},
        hosts={"eu-west-101": "https://cfw.eu-west-101.myhuaweicloud.eu"},
        id_field="id",
    ),
}
ENVELOPED = frozenset(["koophone", "cfw"])
WORKSPACE_SUB_JOB_STATUSES = {RUNNING: ("WAITING", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL", "FAILED")}


def get_service(name):
    try:
        return SERVICES[name]
    except KeyError:
        raise ConfigError("service must be one of %s, got %r" % (", ".join(sorted(SERVICES)), name))


# ---- times ----

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)


def parse_time(value):
    """ISO 8601 UTC text ('...Z') for any time shape the APIs send, or None.

    Shapes: 'YYYY-MM-DDTHH:MM:SSZ', with fractions, with '+0800' / '+08:00'
    offsets (no zone means UTC, as the pages say), and epoch milliseconds
    (or seconds) as numbers or digit strings.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str) and re.match(r"^\d{9,14}$", value.strip()):
        value = int(value.strip())
    try:
        if isinstance(value, (int, float)):
            seconds = value / 1000.0 if abs(value) >= 1e11 else float(value)
            moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)
        elif isinstance(value, str):
            moment = _parse_iso(value.strip())
        else:
            return None
    except (ValueError, OverflowError):
        return None
    if moment is None or not 1970 <= moment.year <= 9999:
        return None  # before the epoch is no job time; and strftime would not give four year digits
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += (".%06d" % moment.microsecond).rstrip("0")
    return text + "Z"


def _parse_iso(text):
    match = _ISO.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=timezone.utc)
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment.astimezone(timezone.utc)


def _duration(started, ended):
    if not (started and ended):
        return None
    start = _parse_iso(started)
    end = _parse_iso(ended)
    return round((end - start).total_seconds(), 3)


# ---- the job record ----

def _progress(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return max(0, min(100, int(value)))


def _times(raw, record):
    record["started_at"] = parse_time(raw.get("begin_time"))
    record["ended_at"] = parse_time(raw.get("end_time"))
    record["duration"] = _duration(record["started_at"], record["ended_at"])


def normalise_sub_job(raw):
    record = dict(raw)
    record["state"] = _sub_job_state(raw.get("status"))
    _times(raw, record)
    record["progress"] = _progress(raw.get("process"))
    return record


def _sub_job_state(status):
    for state, values in WORKSPACE_SUB_JOB_STATUSES.items():
        if isinstance(status, str) and status in values:
            return state
    return UNKNOWN


def _failed_sub_job_summary(sub):
    entities = sub.get("entities") if isinstance(sub.get("entities"), dict) else {}
    return dict(
        id=sub.get("id"),
        desktop_id=entities.get("desktop_id"),
        desktop_name=entities.get("desktop_name"),
        user_name=entities.get("user_name"),
        error_code=sub.get("error_code"),
        fail_reason=sub.get("fail_reason"),
    )


def _workspace_state(own_state, subs):
    """A failed sub-job fails the job; success needs every sub-job to have succeeded."""
    sub_states = [s["state"] for s in subs]
    if FAILED in sub_states or own_state == FAILED:
        return FAILED
    if own_state == SUCCEEDED:
        if UNKNOWN in sub_states:
            return UNKNOWN
        return SUCCEEDED if all(s == SUCCEEDED for s in sub_states) else RUNNING
    return own_state


def _workspace_progress(raw, subs):
    progress = _progress(raw.get("process"))
    if progress is not None:
        return progress
    values = [s["progress"] for s in subs]
    if subs and all(v is not None for v in values):
        return int(sum(values) / len(values))
    return None


def normalise(service, raw, queried_id=None):
    """The job record of DESIGN.md: every raw field as sent, plus the collection's own keys."""
    raw = raw if isinstance(raw, dict) else {}
    record = dict(raw)
    record["service"] = service.name
    # Asked by job id, the record carries the id asked for (the raw field stays as sent, even if it differs).
    job_id = queried_id or raw.get(service.id_field)
    record["job_id"] = job_id if isinstance(job_id, str) and job_id else None
    record["state"] = service.state_of(raw.get("status"))
    _times(raw, record)
    record["progress"] = None
    if service.name == "workspace":
        subs = [normalise_sub_job(s) for s in _as_list(raw.get("sub_jobs"))]
        record["sub_jobs"] = subs
        record["failed_sub_jobs"] = [_failed_sub_job_summary(s) for s in subs if s["state"] == FAILED]
        record["state"] = _workspace_state(record["state"], subs)
        record["progress"] = _workspace_progress(raw, subs)
    return record


# ---- fetching ----

def _fresh_request_id():
    return uuid.uuid4().hex


def fetch_jobs(client, service, id_kind, job_ref, deadline=None):
    """The records behind one id (a job id, a CPH request id, a KooPhone task id).

    Raises ApiError (a not-found among them: ``service.not_found(err)``) or ConfigError.
    """
    if id_kind not in service.calls:
        raise ConfigError("%s takes %s, not %s" % (service.title, " or ".join(service.id_kinds), id_kind))
    check_id(id_kind, job_ref)
    call = service.calls[id_kind]
    base = service.base_url(client.settings.region, client.settings.endpoint)
    project_id = client.project_id(deadline) if service.needs_project else None
    path = call.path.format(project_id=project_id, id=job_ref)
    headers = {"Content-Type": "application/json"}
    if service.fresh_request_id:
        headers["x-request-id"] = _fresh_request_id
    if call.paged:
        raws = _fetch_pages(client, base, path, call, job_ref, headers, deadline)
    else:
        query = {call.id_in_query: job_ref} if call.id_in_query else None
        body = client.get_json(base, path, query, headers, deadline)
        if service.name in ENVELOPED:
            body = _unwrap_enveloped("GET", path, body)
        raws = call.unwrap(body)
    queried = job_ref if id_kind == "job_id" else None
    return [normalise(service, raw, queried) for raw in raws]


def _fetch_pages(client, base, path, call, job_ref, headers, deadline):
    raws = []
    for page in range(CPH_MAX_PAGES):
        query = {call.id_in_query: job_ref, "offset": page * CPH_PAGE_LIMIT, "limit": CPH_PAGE_LIMIT}
        jobs = call.unwrap(client.get_json(base, path, query, headers, deadline))
        raws.extend(jobs)
        if len(jobs) < CPH_PAGE_LIMIT:
            break
    return raws
