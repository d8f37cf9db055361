# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The table of services: what each service is, as data; the reader of its answers is jobs.py, the fetching fetch.py.

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

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, UNKNOWN, dicts_at, dig
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import TOP_JOB_ID, StartedAt

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
    such as throttling, are the client's); ``calls`` is keyed by the id kind each call takes; ``limit`` is the
    vendor's documented limit of calls per user, (calls, seconds), where its API reference publishes one (the comment
    beside it names the page): every call to the service's host is paced under it (throttle.py).
    """

    def __init__(self, name, title, noun, host, calls, job, envelope=None, hosts=None, regions=None, needs_project=True,
                 not_found=None, headers=None, retry_codes=(), starts=TOP_JOB_ID, limit=None):
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
        self.limit = limit

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
            raise ConfigError("%s is required to reach %s, or set endpoint or endpoints.%s"
                              % (settings.or_variable("region"), self.title, self.name))
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


def _fresh_request_id():
    return uuid.uuid4().hex


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
        # RDS API Reference, "API Calling" (support.huaweicloud.com/intl/en-us/api-rds/rds_00_0002.html): "Standard
        # request throttling policy: 60 calls per minute for a single user and 8,000 calls per minute for an API".
        limit=(60, 60.0),
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


def get_service(name, where=None):
    """The entry named ``name``; else ConfigError naming the services (and ``where``, the option or entry)."""
    try:
        return SERVICES[name]
    except (KeyError, TypeError):
        raise ConfigError("%sservice must be one of %s, got %r" % ("%s: " % where if where else "", ", ".join(sorted(SERVICES)), name))


def require_ids(service, given):
    """Refuse an empty ``given`` (the ids, or the id kinds, given for ``service``), naming the kinds it takes."""
    if not given:
        raise ConfigError("one of %s is required for service %s" % (", ".join(service.id_kinds), service.name))
