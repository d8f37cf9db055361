# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The job model: the table of services, and the one generic reader that turns an answer into job records.

Each entry of ``SERVICES`` states as data where a service lives, which ids its
calls take, where the job (or jobs) sit in an answer, how a status maps to a
state, which fields hold the times, the progress and the sub-jobs, what counts
as not found, and the noun for what its jobs work on. Nothing else in the
collection branches on a service: adding one is an entry here, its emulator
data, its docs and its tests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import uuid
from datetime import datetime, timedelta, timezone

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError, JobNotFound, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import TOP_JOB_ID, StartedAt

RUNNING, SUCCEEDED, FAILED, UNKNOWN = "running", "succeeded", "failed", "unknown"
TERMINAL_STATES = (SUCCEEDED, FAILED)
DEFAULT_CLOUD = "myhuaweicloud.com"
FRESH_ID = "{fresh uuid}"   # a header value: a new uuid on every attempt of every call

# An id goes into a URL path: letters, digits and a few separators only.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def check_id(option, value):
    """Refuse an id that could change the URL it is put in; name the option."""
    if not isinstance(value, str) or not value:
        raise ConfigError("%s must be a non-empty string" % option)
    if len(value) > 128:
        raise ConfigError("%s is %d characters long; at most 128 are allowed" % (option, len(value)))
    if ".." in value or not ID_PATTERN.match(value):
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise ConfigError(
            "%s %r holds characters that are not allowed in an id (only letters, digits, '-', '_', '.', ':'; "
            "no '/', '?', '#', '%%', '..', whitespace or control characters)" % (option, shown))
    return value


def dig(value, path):
    """The value at a dotted path ('status.phase') of nested dicts, or None."""
    if not path:
        return value
    if "." not in path:  # the common case, on every field of every job of every poll
        return value.get(path) if isinstance(value, dict) else None
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def dicts_at(body, path):
    """The objects at a dotted path: a list's dicts, or the one dict there; [] for anything else."""
    found = dig(body, path)
    if isinstance(found, dict):
        return [found]
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


# ---- the table's vocabulary ----

class Shape:
    """How to read one job object (or sub-job object) of a service.

    ``statuses`` maps each state to its raw values (type-strict: 2 is not "2");
    ``status``, ``id_field``, ``times``, ``progress``, ``subject``, the two
    ``error`` fields and ``output`` (what a command printed) are dotted paths
    into the object; ``notes`` says what a raw status means to a person
    waiting ("waiting for payment").
    """

    def __init__(self, statuses, status="status", id_field="job_id", times=("begin_time", "end_time"), progress=None,
                 subject=None, error=("error_code", "error_msg"), notes=None, sub_jobs=None, output=None):
        self.statuses = statuses
        self.status = status
        self.id_field = id_field
        self.times = times
        self.progress = progress
        self.subject = subject
        self.error = error
        self.notes = notes or {}
        self.sub_jobs = sub_jobs
        self.output = output

    def state_of(self, status):
        """running/succeeded/failed from the raw status; anything else is unknown."""
        if isinstance(status, bool):
            return UNKNOWN
        for state, values in self.statuses.items():
            if any(type(status) is type(v) and status == v for v in values):
                return state
        return UNKNOWN

    def note_of(self, status):
        if isinstance(status, bool) or not isinstance(status, (str, int)):
            return None
        return next((note for value, note in self.notes.items() if type(value) is type(status) and value == status), None)


class SubJobs:
    """Where a job's sub-jobs sit, how to read each, and what of a failed one goes into ``failed_sub_jobs``.

    ``summary`` is ((key, dotted path), ...); ``label`` the summary keys that name
    what the sub-job worked on (the first one set is shown); ``details`` the
    summary keys shown beside it as 'key value'.
    """

    def __init__(self, path, shape, noun, summary, label, details=()):
        self.path = path
        self.shape = shape
        self.noun = noun
        self.summary = summary
        self.label = label
        self.details = details

    def summarise(self, sub):
        return dict((key, dig(sub, path)) for key, path in self.summary)


class Call:
    """One status call: the path (with {project_id} and {id}), or the query parameter carrying the id.

    ``jobs`` is the dotted path of the job list (or of the one job) in the
    answer; None means the answer is the job. ``page_size`` reads every page
    with offset/limit.
    """

    def __init__(self, path, query=None, jobs=None, page_size=None, max_pages=1000):
        self.path = path
        self.query = query
        self.jobs = jobs
        self.page_size = page_size
        self.max_pages = max_pages

    def unwrap(self, body):
        return dicts_at(body, self.jobs)


class NotFound:
    """An error that means 'no such job (yet)': these HTTP statuses, or these error codes under a 4xx."""

    def __init__(self, statuses=(404,), codes=()):
        self.statuses = frozenset(statuses)
        self.codes = frozenset(codes)

    def __call__(self, err):
        if err.status in self.statuses:
            return True
        return err.status is not None and 400 <= err.status < 500 and err.error_code in self.codes


class Service:
    """One entry of the table. See the module's docstring.

    ``retry_codes`` are the service's error codes that mean "try again later" under a 4xx (the gateway's own,
    such as throttling, are the client's); ``calls`` is keyed by the id kind each call takes.
    """

    def __init__(self, name, title, noun, host, calls, job, envelope=None, hosts=None, regions=None, needs_project=True,
                 not_found=None, headers=None, retry_codes=(), starts=TOP_JOB_ID):
        self.name = name
        self.title = title
        self.noun = noun
        self.host = host
        self.calls = calls
        self.job = job
        self.envelope = envelope
        self.hosts = hosts or {}
        self.regions = regions
        self.needs_project = needs_project
        self.not_found = not_found or NotFound()
        self.headers = headers or {}
        self.retry_codes = frozenset(retry_codes)
        self.starts = starts  # where a start answer puts the ids of the jobs it started (starts.py)

    @property
    def id_kinds(self):
        return list(self.calls)

    def check_id_kind(self, kind, where=None):
        """Refuse an id kind this service's calls do not take; ``where`` names the option or entry."""
        if kind not in self.calls:
            raise ConfigError("%s: %s takes %s, not %s" % (where or "service %s" % self.name, self.title, " or ".join(self.id_kinds), kind))

    def base_url(self, settings):
        """The base URL for these settings: endpoints[name], endpoint, or the host built from region and cloud."""
        endpoints = getattr(settings, "endpoints", None) or {}
        if endpoints.get(self.name):
            return endpoints[self.name]
        if settings.endpoint:
            return settings.endpoint
        region = settings.region
        if not region:
            raise ConfigError("region (or HW_REGION_NAME) is required to reach %s, or set endpoint or endpoints.%s"
                              % (self.title, self.name))
        cloud = getattr(settings, "cloud", None) or DEFAULT_CLOUD
        if region in self.hosts and cloud == DEFAULT_CLOUD:
            return self.hosts[region]
        # Any well-formed region gets the host from the template; a service only some regions have lists them.
        if cloud == DEFAULT_CLOUD and self.regions is not None and region not in self.regions:
            raise ConfigError("region %r has no known %s endpoint; set endpoint (or endpoints.%s) to the service's URL"
                              % (region, self.title, self.name))
        return self.host.format(region=region, cloud=cloud)

    def request_headers(self):
        """Headers of every call; a FRESH_ID value becomes a callable the client calls on every attempt."""
        headers = {"Content-Type": "application/json"}
        for name, value in self.headers.items():
            headers[name] = _fresh_request_id if value == FRESH_ID else value
        return headers


# ---- the table ----

_NUMERIC_STATUSES = {RUNNING: (1,), SUCCEEDED: (2,), FAILED: (-1,)}
# KooPhone's current API definition adds 0 (not run yet) and 3 (failed), which app-install tasks report.
_KOOPHONE_STATUSES = {RUNNING: (0, 1), SUCCEEDED: (2,), FAILED: (-1, 3)}
_ECS_STYLE_STATUSES = {RUNNING: ("INIT", "RUNNING", "PENDING_PAYMENT"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL",)}
_PAYMENT_NOTE = {"PENDING_PAYMENT": "waiting for payment"}


def _ecs_style(name, title, noun, resource, sub_jobs="entities.sub_jobs", extra=()):
    """ECS, EVS, IMS and BMS: the same job call (GET /v1/{project_id}/jobs/{job_id}) on their own hosts.

    Sub-jobs (one per server, volume or image) sit at ``sub_jobs``; ``extra`` adds summary fields.
    """
    sub = Shape({RUNNING: ("INIT", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL",)},
                error=("error_code", "fail_reason"), subject="entities." + resource)
    return Service(
        name, title, noun, "https://%s.{region}.{cloud}" % name,
        calls={"job_id": Call("/v1/{project_id}/jobs/{id}")},
        job=Shape(_ECS_STYLE_STATUSES, error=("error_code", "fail_reason"), notes=_PAYMENT_NOTE, sub_jobs=SubJobs(
            sub_jobs, sub, noun,
            summary=(("id", "job_id"), (resource, "entities." + resource), ("error_code", "error_code"),
                     ("fail_reason", "fail_reason")) + extra,
            label=(resource,))),
    )


_ERRORCODE_MESSAGE = (("errorcode_message", "entities.errorcode_message"),)
_CCE_STATUSES = {RUNNING: ("Initializing", "Running"), SUCCEEDED: ("Success",), FAILED: ("Failed",)}
_CCE_TIMES = ("metadata.creationTimestamp", "metadata.updateTimestamp")


SERVICES = {
    "cph": Service(
        "cph", "Cloud Phone (CPH)", "phone", "https://cph.{region}.{cloud}",
        calls={
            "job_id": Call("/v1/{project_id}/cloud-phone/jobs/{id}"),
            "request_id": Call("/v1/{project_id}/cloud-phone/jobs", query="request_id", jobs="jobs", page_size=100),
        },
        job=Shape(_NUMERIC_STATUSES, subject="phone_id", output="execute_msg"),
        not_found=NotFound(codes=("CPS.0005", "CPS0005")), retry_codes=("CPS.0003",),  # CPS.0003: internal error, retry later
        starts=(StartedAt("jobs", each="job_id"),),
    ),
    "koophone": Service(
        "koophone", "KooPhone", "phone", "https://koophone.{cloud}",
        calls={"task_id": Call("/v1/instances/tasks/{id}", jobs="jobs")},
        job=Shape(_KOOPHONE_STATUSES, output="execute_msg", notes={0: "not started yet"}),
        envelope="data", needs_project=False, regions=frozenset(["cn-south-1"]),
        headers={"x-request-id": FRESH_ID},
        starts=(StartedAt("data.task_id", kind="task_id"), StartedAt("data.cmd_jobs", kind=None, each="job_id")),
    ),
    "workspace": Service(
        "workspace", "Workspace", "desktop", "https://workspace.{region}.{cloud}",
        calls={"job_id": Call("/v2/{project_id}/workspace-jobs/{id}")},
        job=Shape(
            {RUNNING: ("INIT", "WAITING", "RUNNING"), SUCCEEDED: ("SUCCESS", "COMPLETE"), FAILED: ("FAIL", "FAILED")},
            id_field="id", progress="process", error=("job_error_code", "fail_reason"),
            sub_jobs=SubJobs(
                "sub_jobs",
                Shape({RUNNING: ("WAITING", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL", "FAILED")},
                      id_field="id", progress="process", subject="entities.desktop_id", error=("error_code", "fail_reason")),
                "desktop",
                summary=(("id", "id"), ("desktop_id", "entities.desktop_id"), ("desktop_name", "entities.desktop_name"),
                         ("user_name", "entities.user_name"), ("error_code", "error_code"), ("fail_reason", "fail_reason")),
                label=("desktop_name", "desktop_id"), details=(("user", "user_name"),))),
        retry_codes=("WKS.00010032",),  # operation conflict: another operation holds the resource
        starts=TOP_JOB_ID + (StartedAt("jobs", each="job_id"),),
    ),
    "cfw": Service(
        "cfw", "Cloud Firewall (CFW)", "firewall", "https://cfw.{region}.{cloud}",
        calls={"job_id": Call("/v3/{project_id}/jobs/{id}")},
        job=Shape({RUNNING: ("Running",), SUCCEEDED: ("Success",), FAILED: ("Failed",)}, id_field="id"),
        envelope="data", hosts={"eu-west-101": "https://cfw.eu-west-101.myhuaweicloud.eu"},
    ),
    "ecs": _ecs_style("ecs", "Elastic Cloud Server (ECS)", "server", "server_id", extra=_ERRORCODE_MESSAGE),
    "evs": _ecs_style("evs", "Elastic Volume Service (EVS)", "volume", "volume_id"),
    "ims": _ecs_style("ims", "Image Management Service (IMS)", "image", "image_id", sub_jobs="entities.sub_jobs_result"),
    "bms": _ecs_style("bms", "Bare Metal Server (BMS)", "server", "server_id", extra=_ERRORCODE_MESSAGE),
    "dcs": Service(
        "dcs", "Distributed Cache Service (DCS)", "instance", "https://dcs.{region}.{cloud}",
        calls={"job_id": Call("/v2/{project_id}/jobs/{id}")},
        job=Shape({RUNNING: ("INIT", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL",)}, error=(None, "fail_reason")),
    ),
    "cce": Service(
        "cce", "Cloud Container Engine (CCE)", "resource", "https://cce.{region}.{cloud}",
        calls={"job_id": Call("/api/v3/projects/{project_id}/jobs/{id}")},
        job=Shape(_CCE_STATUSES, status="status.phase", id_field="metadata.uid", times=_CCE_TIMES,
                  subject="spec.resourceName", error=(None, "status.reason"), sub_jobs=SubJobs(
                      "spec.subJobs",
                      Shape(_CCE_STATUSES, status="status.phase", id_field="metadata.uid", times=_CCE_TIMES,
                            subject="spec.resourceID", error=(None, "status.reason")),
                      "resource",
                      summary=(("id", "metadata.uid"), ("type", "spec.type"), ("resource_id", "spec.resourceID"),
                               ("resource_name", "spec.resourceName"), ("fail_reason", "status.reason")),
                      label=("resource_name", "resource_id"), details=(("step", "type"),))),
        starts=(StartedAt("status.jobID"), StartedAt("status.jobId")) + TOP_JOB_ID,
    ),
    "rds": Service(
        "rds", "Relational Database Service (RDS)", "instance", "https://rds.{region}.{cloud}",
        calls={"job_id": Call("/v3/{project_id}/jobs", query="id", jobs="job")},
        job=Shape({RUNNING: ("Running",), SUCCEEDED: ("Completed",), FAILED: ("Failed",)}, id_field="id",
                  times=("created", "ended"), progress="process", subject="instance.id", error=(None, "fail_reason")),
        starts=TOP_JOB_ID + (StartedAt("records", each="job_id"),),
    ),
}


def id_kinds():
    """The id kinds the table's calls take, in the order they first appear ('job_id', 'request_id', 'task_id')."""
    kinds = []
    for service in SERVICES.values():
        kinds.extend(kind for kind in service.calls if kind not in kinds)
    return kinds


def id_kinds_text(joiner=" | "):
    return joiner.join(id_kinds())


def get_service(name):
    try:
        return SERVICES[name]
    except (KeyError, TypeError):
        raise ConfigError("service must be one of %s, got %r" % (", ".join(sorted(SERVICES)), name))


# ---- times ----

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?(?:\s+UTC)?$", re.IGNORECASE)
# IMS's older text, '04-Jun-2015 18:11:06:586' (UTC, milliseconds after a colon).
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})[T ](\d{2}):(\d{2}):(\d{2})(?:[:.](\d{1,6}))?$")
_MONTHS = dict((name, number) for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1))


def parse_time(value):
    """ISO 8601 UTC text ('...Z') for any time shape the APIs send, or None.

    Shapes: 'YYYY-MM-DDTHH:MM:SSZ', with fractions, with '+0800' / '+08:00'
    offsets (no zone means UTC, as the pages say), Go's '2018-08-02 08:12:40.67
    +0000 UTC' (CCE), IMS's older '04-Jun-2015 18:11:06:586' (UTC), and epoch
    milliseconds (or seconds) as numbers or digit strings.
    """
    return _iso(_moment(value))


def _iso(moment):
    if moment is None:
        return None
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += (".%06d" % moment.microsecond).rstrip("0")
    return text + "Z"


def _moment(value):
    """An aware UTC datetime from any time shape, or None (before 1970 or past 9999 too)."""
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
    return moment


def _parse_iso(text):
    match = _ISO.match(text)
    if not match:
        return _parse_day_month_year(text)
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=timezone.utc)
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        moment -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return moment.astimezone(timezone.utc)


def _parse_day_month_year(text):
    match = _DAY_MONTH_YEAR.match(text)
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if not month:
        return None
    day, _name, year, hour, minute, second, fraction = match.groups()
    micro = int((fraction or "0").ljust(6, "0"))
    return datetime(int(year), month, int(day), int(hour), int(minute), int(second), micro, tzinfo=timezone.utc)


# ---- the job record ----

def _progress(value):
    """0-100 from an integer percent or text such as '60%'; else None."""
    if isinstance(value, str):
        match = re.match(r"^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$", value)
        value = float(match.group(1)) if match else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return max(0, min(100, int(value)))


def field(raw, path):
    """dig(raw, path), also finding a key the API sent with stray spaces (' status', as an RDS example has)."""
    value = dig(raw, path)
    if value is not None or not path:
        return value
    for key in path.split("."):
        if not isinstance(raw, dict):
            return None
        value = raw.get(key)
        if value is None:
            value = next((v for k, v in raw.items() if isinstance(k, str) and k.strip() == key and v is not None), None)
        raw = value
    return raw


def _combined_state(own_state, subs):
    """A failed sub-job fails the job; success needs every sub-job (that carries a status) to have succeeded."""
    sub_states = [s["state"] for s in subs]
    if FAILED in sub_states or own_state == FAILED:
        return FAILED
    if own_state == SUCCEEDED:
        if UNKNOWN in sub_states:
            return UNKNOWN
        return SUCCEEDED if all(s == SUCCEEDED for s in sub_states) else RUNNING
    return own_state


def read_job(shape, raw):
    """Every raw field as sent, plus state, times, progress and, where the shape has them, sub-jobs."""
    record = dict(raw)
    record["state"] = shape.state_of(field(raw, shape.status))
    started, ended = _moment(field(raw, shape.times[0])), _moment(field(raw, shape.times[1]))
    record["progress"] = _progress(field(raw, shape.progress)) if shape.progress else None
    if shape.sub_jobs:
        sub_shape = shape.sub_jobs.shape
        subs = [read_job(sub_shape, s) for s in dicts_at(raw, shape.sub_jobs.path)]
        # A sub-job with no status at all (CCE's own fixtures have one) neither holds a finished job hostage nor
        # counts as a success; the record names it. A status the table does not list still makes the job unknown.
        silent = [s["state"] == UNKNOWN and field(s, sub_shape.status) is None for s in subs]
        record["sub_jobs"] = subs
        record["failed_sub_jobs"] = [shape.sub_jobs.summarise(s) for s in subs if s["state"] == FAILED]
        record["sub_jobs_without_status"] = [dig(s, sub_shape.id_field) for s, quiet in zip(subs, silent) if quiet]
        record["state"] = _combined_state(record["state"], [s for s, quiet in zip(subs, silent) if not quiet])
        values = [s["progress"] for s in subs]
        if record["progress"] is None and subs and all(v is not None for v in values):
            record["progress"] = int(sum(values) / len(values))
    if record["state"] == RUNNING:
        ended = None  # a running job's "update time" (CCE) is no end
    record["started_at"] = _iso(started)
    record["ended_at"] = _iso(ended)
    record["duration"] = round((ended - started).total_seconds(), 3) if started and ended else None
    return record


def normalise(service, raw, queried_id=None):
    """The job record: every raw field as sent, plus service, job_id, state, started_at, ended_at, duration, progress
    (and sub_jobs, failed_sub_jobs, sub_jobs_without_status where the service has sub-jobs), the same for every service."""
    raw = raw if isinstance(raw, dict) else {}
    record = read_job(service.job, raw)
    record["service"] = service.name
    # Asked by job id, the record carries the id asked for (the raw field stays as sent, even if it differs).
    job_id = queried_id or dig(raw, service.job.id_field)
    record["job_id"] = job_id if isinstance(job_id, str) and job_id else None
    return record


# ---- fetching ----

def _fresh_request_id():
    return uuid.uuid4().hex


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
