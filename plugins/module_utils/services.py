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

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2
    from urllib import quote

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, UNKNOWN, dicts_at, dig
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import TOP_JOB_ID, StartedAt

DEFAULT_CLOUD = "myhuaweicloud.com"
FRESH_ID = "{fresh uuid}"   # a header value: a new uuid on every attempt of every call
# A header value: the account's domain id under AK/SK (as the SDK's GlobalCredentials send it, in place of X-Project-Id);
# with a token the header is left out (auth.py).
DOMAIN_ID = "{domain id}"

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
                 subject=None, error=("error_code", "error_msg"), notes=None, sub_jobs=None, output=None, verdict=None):
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
        # (dotted path, {state: raw values}): a second field that decides a job whose status says it ended (MRS's
        # job_state FINISHED is decided by its job_result); a value of it the mapping does not list is unknown.
        self.verdict = verdict

    def state_of(self, status):
        """running/succeeded/failed from the raw status; anything else is unknown."""
        if isinstance(status, bool):
            return UNKNOWN
        for state, values in self.statuses.items():
            if any(type(status) is type(v) and status == v for v in values):
                return state
        return UNKNOWN

    def decided(self, state, raw):
        """The state once the verdict field has spoken: only a status that says succeeded is decided by it."""
        if self.verdict is None or state != SUCCEEDED:
            return state
        path, statuses = self.verdict
        value = dig(raw, path)
        return next((st for st, values in statuses.items() if _among(value, values)), UNKNOWN)

    def note_of(self, status):
        if isinstance(status, bool) or not isinstance(status, (str, int)):
            return None
        return next((note for value, note in self.notes.items() if type(value) is type(status) and value == status), None)


ABSENT = "absent"   # the target of a deletion: done when the service says not found


def _among(value, values):
    return any(type(value) is type(v) and value == v for v in values)


class Resource(Shape):
    """How to read a resource that starts no job (a server, a VPC): where its status is (a dotted path into the
    object the call's ``jobs`` path leads to), and which raw values mean in progress, ready and failed. Ready is
    the record's ``succeeded``; a value in none of the lists is ``unknown``, never a success.
    ``deleting_failed``: the values that mean a deletion failed (``until: absent``).
    """

    def __init__(self, status, running, ready, failed, id_field="id", deleting_failed=(), subject=None,
                 error=(None, None), notes=None):
        Shape.__init__(self, {RUNNING: tuple(running), SUCCEEDED: tuple(ready), FAILED: tuple(failed)}, status=status,
                       id_field=id_field, times=(None, None), subject=subject, error=error, notes=notes)
        self.deleting_failed = tuple(deleting_failed)

    def toward(self, until):
        """This shape aimed at another target: None keeps it; raw statuses mean succeeded (its ready values not
        among them are on the way, still running; its in-progress and failed values keep their meaning); 'absent'
        makes every status of a resource still there running, but a failed deletion."""
        if until is None:
            return self
        if until == ABSENT:
            return _Present(self)
        target = tuple(until)

        def rest(values):
            return tuple(v for v in values if not _among(v, target))

        return Resource(self.status, rest(self.statuses[RUNNING] + self.statuses[SUCCEEDED]), target,
                        rest(self.statuses[FAILED]), self.id_field, self.deleting_failed, self.subject, self.error, self.notes)


class _Present(Resource):
    """A resource waited on to be gone: while the service still shows it, it is running (a failed deletion fails)."""

    def __init__(self, shape):
        Resource.__init__(self, shape.status, (), (), shape.deleting_failed, shape.id_field, shape.deleting_failed,
                          shape.subject, shape.error, shape.notes)

    def state_of(self, status):
        return FAILED if _among(status, self.deleting_failed) else RUNNING


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


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
PROJECT_ID = "project_id"
# A path's scope, filled by fetching, not an id the user gives: the account's domain (Global EIP's jobs).
DOMAIN_ID_IN_PATH = "domain_id"


class Call:
    """One status call, taking a set of ids named as the vendor's path parameters.

    ``path`` names them (``/v2/{project_id}/instances/{instance_id}/tasks/{task_id}``; ``{project_id}`` is the
    project's, not an id the user gives); ``query`` maps a query parameter to the id kind it carries
    (``{"id": "job_id"}``). A call is picked by the exact set of ids an entry gives. An entry of the table written
    one id kind a call (``{"job_id": Call("/v1/{project_id}/jobs/{id}")}``, ``query="id"``) binds ``{id}`` and the
    query parameter to its key.

    ``jobs`` is the dotted path of the job list (or of the one job) in the answer; None means the answer is the
    job. ``page_size`` reads every page with offset/limit. ``shape`` is None for a job call (the service's job
    shape) or a Resource for a resource call. ``one``: the answer is the one job or resource that the call's
    naming id names, so its record's job_id is that id (by default: a call named by job_id, and every resource
    call); else each job's own id field names it. ``not_found`` overrides the service's rule for this call.
    """

    def __init__(self, path, query=None, jobs=None, page_size=None, max_pages=1000, shape=None, one=None, not_found=None):
        self.path = path
        self.query = query
        self.jobs = jobs
        self.page_size = page_size
        self.max_pages = max_pages
        self.shape = shape
        self.one = one
        self.not_found = not_found

    def bound(self, kind):
        """This call with a one-id-kind entry's ``{id}`` and query parameter bound to ``kind``."""
        path = self.path.replace("{id}", "{%s}" % kind)
        query = {self.query: kind} if isinstance(self.query, str) else self.query
        return Call(path, query, self.jobs, self.page_size, self.max_pages, self.shape, self.one, self.not_found)

    @property
    def path_ids(self):
        return [name for name in _PLACEHOLDER.findall(self.path) if name not in (PROJECT_ID, DOMAIN_ID_IN_PATH)]

    @property
    def query_ids(self):
        return list(self.query.values()) if isinstance(self.query, dict) else []

    @property
    def id_kinds(self):
        """The id kinds this call takes, in the order they appear (path, then query)."""
        kinds = []
        for kind in self.path_ids + self.query_ids:
            if kind not in kinds:
                kinds.append(kind)
        return kinds

    @property
    def ids(self):
        return frozenset(self.id_kinds)

    @property
    def names(self):
        """The id kind that names the job (or resource) in messages and records: the call's query id (the path's ids
        then scope it: FunctionGraph's function_urn + request_id), else its last path id."""
        return (self.query_ids or self.path_ids)[-1]

    @property
    def is_resource(self):
        return isinstance(self.shape, Resource)

    @property
    def names_one(self):
        return self.one if self.one is not None else (self.names == "job_id" or self.is_resource)

    @property
    def domain_scoped(self):
        return "{%s}" % DOMAIN_ID_IN_PATH in self.path

    def url_path(self, project_id, ids, domain_id=None):
        """The path with its ids percent-encoded as the vendor's SDKs put them (quote(value, safe=''): a function
        URN's ':' goes as '%3A'; the other characters an id may hold are sent as they are)."""
        ids = dict((kind, quote(value, safe="") if isinstance(value, str) else value) for kind, value in ids.items())
        return self.path.format(**dict(ids, project_id=project_id, domain_id=domain_id))

    def query_of(self, ids):
        return dict((param, ids[kind]) for param, kind in self.query.items()) if isinstance(self.query, dict) else {}

    def describe(self):
        return " + ".join(self.id_kinds)

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


class Made:
    """What a succeeded job made, read by a second call (a prepaid order's resources).

    ``path`` is POSTed with ``body`` (``{id}`` values replaced by the job's id); the ids at ``id_field`` of the
    objects at ``items`` go into the record under ``key``, those whose ``main`` field is true first. Until the
    answer lists one, the job stays running (its Shape's note for the raw status that means done says so).
    """

    def __init__(self, path, body, items, id_field, key, main=None):
        self.path = path
        self.body = body
        self.items = items
        self.id_field = id_field
        self.key = key
        self.main = main

    def body_for(self, job_id):
        return dict((k, job_id if v == "{id}" else v) for k, v in self.body.items())


class Service:
    """One entry of the table. See the module's docstring.

    ``retry_codes`` are the service's error codes that mean "try again later" under a 4xx (the gateway's own,
    such as throttling, are the client's); ``calls`` is a list of Calls, each taking its set of id kinds (or, one
    id kind a call, a mapping of the kind to its call); ``resources`` the calls of its resources (each with its
    Resource shape), after the job calls. ``limit`` is the vendor's documented limit of calls per user, (calls,
    seconds), where its API reference publishes one (the comment beside it names the page): every call to the
    service's host is paced under it (throttle.py).
    """

    def __init__(self, name, title, noun, host, calls, job=None, envelope=None, hosts=None, regions=None, needs_project=True,
                 not_found=None, headers=None, retry_codes=(), starts=TOP_JOB_ID, resources=(), cloud_hosts=None, made=None,
                 limit=None):
        self.name = name
        self.title = title
        self.noun = noun
        self.host = host
        self.calls = _bind_calls(name, calls, resources)
        self.job = job or Shape({})
        self.envelope = envelope
        self.hosts = hosts or {}
        self.regions = regions
        self.needs_project = needs_project
        self.not_found = not_found or NotFound()
        self.headers = headers or {}
        self.retry_codes = frozenset(retry_codes)
        self.starts = starts  # where a start answer puts the ids of the jobs it started (starts.py)
        self.cloud_hosts = cloud_hosts  # a service with one host per cloud, not per region (BSS): cloud -> base URL
        self.made = made  # what a succeeded job made, read by a second call (Made; fetch.py)
        self.limit = limit

    @property
    def id_kinds(self):
        """The id kinds of the service's job calls (not its resources), in the table's order."""
        return _kinds(call for call in self.calls if not call.is_resource)

    @property
    def every_id_kind(self):
        """The id kinds of all its calls, jobs' and resources'."""
        return _kinds(self.calls)

    def takes(self):
        """'job_id or request_id', 'instance_id + task_id or task_id': the sets of ids the calls take."""
        return " or ".join(call.describe() for call in self.calls)

    def call_for(self, given, where=None):
        """The call taking exactly the id kinds ``given``; else ConfigError naming the ids given and the sets taken."""
        given = list(given)
        for call in self.calls:
            if call.ids == frozenset(given):
                return call
        raise ConfigError("%s: %s takes %s, got %s" % (
            where or "service %s" % self.name, self.title, self.takes(), " + ".join(given) if given else "no id"))

    def check_id_kind(self, kind, where=None):
        """Refuse an id kind none of this service's calls takes; ``where`` names the option or entry."""
        if kind not in self.every_id_kind:
            raise ConfigError("%s: %s takes %s, got %s" % (where or "service %s" % self.name, self.title, self.takes(), kind))

    def base_url(self, settings):
        """The base URL for these settings: endpoints[name], endpoint, or the host built from region and cloud."""
        endpoints = getattr(settings, "endpoints", None) or {}
        if endpoints.get(self.name):
            return endpoints[self.name]
        if settings.endpoint:
            return settings.endpoint
        if self.cloud_hosts is not None:
            return self._cloud_host(settings)
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

    def _cloud_host(self, settings):
        cloud = getattr(settings, "cloud", None) or DEFAULT_CLOUD
        if cloud not in self.cloud_hosts:
            raise ConfigError("%s has no known host on cloud %r; set endpoints.%s to its URL (%s)"
                              % (self.title, cloud, self.name, ", ".join(sorted(self.cloud_hosts.values()))))
        return self.cloud_hosts[cloud]

    def request_headers(self):
        """Headers of every call; a FRESH_ID value becomes a callable the client calls on every attempt."""
        headers = {"Content-Type": "application/json"}
        for name, value in self.headers.items():
            headers[name] = _fresh_request_id if value == FRESH_ID else value
        return headers


def _kinds(calls):
    kinds = []
    for call in calls:
        kinds.extend(kind for kind in call.id_kinds if kind not in kinds)
    return kinds


def _bind_calls(name, calls, resources=()):
    """The calls of an entry as a tuple; a mapping of one id kind to a call binds the call's {id} to the kind.
    Two calls taking the same set of ids are a mistake of the table."""
    if isinstance(calls, dict):
        calls = [call.bound(kind) for kind, call in calls.items()]
    calls = tuple(calls) + tuple(resources)
    sets = [call.ids for call in calls]
    if not calls or any(not ids for ids in sets) or len(set(sets)) != len(sets):
        raise ValueError("service %s: every call must take a set of ids no other of its calls takes" % name)
    return calls


def _fresh_request_id():
    return uuid.uuid4().hex


# ---- the table ----

_NUMERIC_STATUSES = {RUNNING: (1,), SUCCEEDED: (2,), FAILED: (-1,)}
# KooPhone's current API definition adds 0 (not run yet) and 3 (failed), which app-install tasks report.
_KOOPHONE_STATUSES = {RUNNING: (0, 1), SUCCEEDED: (2,), FAILED: (-1, 3)}
_ECS_STYLE_STATUSES = {RUNNING: ("INIT", "RUNNING", "PENDING_PAYMENT"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL",)}
_PAYMENT_NOTE = {"PENDING_PAYMENT": "waiting for payment"}


def _ecs_style(name, title, noun, resource, sub_jobs="entities.sub_jobs", extra=(), resources=(), limit=None):
    """ECS, EVS, IMS and BMS: the same job call (GET /v1/{project_id}/jobs/{job_id}) on their own hosts.

    Sub-jobs (one per server, volume or image) sit at ``sub_jobs``; ``extra`` adds summary fields; ``limit`` is the
    service's documented limit of the job call, where its API reference publishes one (Service).
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
        resources=resources, limit=limit,
    )


_ERRORCODE_MESSAGE = (("errorcode_message", "entities.errorcode_message"),)
_CCE_STATUSES = {RUNNING: ("Initializing", "Running"), SUCCEEDED: ("Success",), FAILED: ("Failed",)}
_CCE_TIMES = ("metadata.creationTimestamp", "metadata.updateTimestamp")


# ---- resources: a call of each, its status field and the values in progress, ready and failed ----

# ShowServer, GET /v1/{project_id}/cloudservers/{server_id}: huaweicloudsdkecs ServerDetail.status and the vendor's
# "ECS Statuses" page (api-ecs/ecs_08_0002). SHUTOFF, SHELVED, SUSPENDED and the like are stable but not the default
# target: wait for them with until.
_ECS_SERVER = Call("/v1/{project_id}/cloudservers/{server_id}", jobs="server", shape=Resource(
    "status", running=("BUILD", "REBUILD", "REBOOT", "HARD_REBOOT", "RESIZE", "REVERT_RESIZE", "VERIFY_RESIZE", "MIGRATING"),
    ready=("ACTIVE",), failed=("ERROR", "DELETED")))
# ShowVolume, GET /v2/{project_id}/cloudvolumes/{volume_id} (the SDK's evs_client.show_volume): huaweicloudsdkevs VolumeDetail.status points to the vendor's
# "EVS Disk Status" page (api-evs/evs_04_0040), the Cinder volume states.
_EVS_VOLUME = Call("/v2/{project_id}/cloudvolumes/{volume_id}", jobs="volume", shape=Resource(
    "status", running=("creating", "attaching", "detaching", "extending", "downloading", "uploading", "retyping",
                       "backing-up", "restoring-backup", "rollbacking", "reserved", "maintenance", "awaiting-transfer",
                       "deleting"),
    ready=("available", "in-use"),
    failed=("error", "error_extending", "error_restoring", "error_rollbacking", "error_backing-up", "error_deleting"),
    deleting_failed=("error_deleting",)))
# ListInstances, GET /v3/{project_id}/instances?id=: huaweicloudsdkrds InstanceResponse.status. FROZEN and STORAGE FULL
# are neither on the way nor a failure of what was asked: unknown.
_RDS_INSTANCE = Call("/v3/{project_id}/instances", query={"id": "instance_id"}, jobs="instances", shape=Resource(
    "status", running=("BUILD", "MODIFYING", "REBOOTING", "RESTORING", "MODIFYING INSTANCE TYPE", "SWITCHOVER", "MIGRATING",
                       "BACKING UP", "MODIFYING DATABASE PORT"),
    ready=("ACTIVE",), failed=("FAILED",)))
# ShowCluster, GET /api/v3/projects/{project_id}/clusters/{cluster_id}: huaweicloudsdkcce ClusterStatus.phase.
# Hibernation (asleep) and Empty (deprecated) are unknown.
_CCE_CLUSTER = Call("/api/v3/projects/{project_id}/clusters/{cluster_id}", shape=Resource(
    "status.phase", running=("Creating", "ScalingUp", "ScalingDown", "Upgrading", "Resizing", "RollingBack", "Hibernating",
                             "Awaking", "Deleting"),
    ready=("Available",), failed=("Unavailable", "Error", "RollbackFailed"), id_field="metadata.uid",
    error=(None, "status.reason")))
# ShowNode, GET /api/v3/projects/{project_id}/clusters/{cluster_id}/nodes/{node_id}: huaweicloudsdkcce NodeStatus.phase.
_CCE_NODE = Call("/api/v3/projects/{project_id}/clusters/{cluster_id}/nodes/{node_id}", shape=Resource(
    "status.phase", running=("Build", "Installing", "Upgrading", "Repairing", "Deleting"),
    ready=("Active",), failed=("Abnormal", "Error", "RepairFailed"), id_field="metadata.uid"))
# ShowVpc, GET /v1/{project_id}/vpcs/{vpc_id}: huaweicloudsdkvpc v2 Vpc.status lists CREATING and OK; ERROR as the
# VPC API's other resources (subnets, EIPs) report a failure.
_VPC_VPC = Call("/v1/{project_id}/vpcs/{vpc_id}", jobs="vpc", shape=Resource(
    "status", running=("CREATING",), ready=("OK",), failed=("ERROR",)))
# ShowSubnet, GET /v1/{project_id}/subnets/{subnet_id}: huaweicloudsdkvpc v2 Subnet.status (UNKNOWN: not yet attached
# to the router).
_VPC_SUBNET = Call("/v1/{project_id}/subnets/{subnet_id}", jobs="subnet", shape=Resource(
    "status", running=("UNKNOWN",), ready=("ACTIVE",), failed=("ERROR",)))
# ShowPublicip, GET /v1/{project_id}/publicips/{publicip_id} (on the VPC host): huaweicloudsdkeip v2
# PublicipShowResp.status. DOWN (not bound), ACTIVE, ELB and VPN (bound) are ready; FREEZED is unknown.
_VPC_PUBLICIP = Call("/v1/{project_id}/publicips/{publicip_id}", jobs="publicip", shape=Resource(
    "status", running=("PENDING_CREATE", "NOTIFYING", "BINDING", "PENDING_UPDATE", "PENDING_DELETE", "NOTIFY_DELETE"),
    ready=("ACTIVE", "DOWN", "ELB", "VPN"), failed=("ERROR", "BIND_ERROR")))
# ShowLoadBalancer, GET /v3/{project_id}/elb/loadbalancers/{loadbalancer_id}: huaweicloudsdkelb v3
# LoadBalancer.provisioning_status documents ACTIVE and PENDING_DELETE; PENDING_CREATE, PENDING_UPDATE and ERROR are
# the other provisioning states of ELB's API pages (the OpenStack Octavia vocabulary it keeps).
_ELB_LOADBALANCER = Call("/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}", jobs="loadbalancer", shape=Resource(
    "provisioning_status", running=("PENDING_CREATE", "PENDING_UPDATE", "PENDING_DELETE"), ready=("ACTIVE",),
    failed=("ERROR",)))
# ShowInstance, GET /v2/{project_id}/instances/{instance_id}: huaweicloudsdkdcs ShowInstanceResponse.status points to
# the vendor's "DCS Instance Statuses" page (api-dcs/dcs-api-0312047). FROZEN and CLOSED are unknown.
_DCS_INSTANCE = Call("/v2/{project_id}/instances/{instance_id}", shape=Resource(
    "status", running=("CREATING", "RESTARTING", "EXTENDING", "RESTORING", "FLUSHING", "UPGRADING", "MIGRATING", "STARTING",
                       "CLOSING", "FREEZING", "DELETING"),
    ready=("RUNNING",), failed=("ERROR", "CREATEFAILED"), id_field="instance_id"))


# ---- issue 23: the job calls of more services (one id per call) ----

# GaussDB (openGauss), TaurusDB (GaussDB for MySQL), GeminiDB (GaussDB NoSQL) and DDS: RDS's task call,
# GET /v3/{project_id}/jobs?id=, each on its own host. Running/Completed/Failed: the vendor's "Obtaining Task
# Information" pages (gaussdb_api_129, nosql_10_0100, dds); TaurusDB's SDK (GetJobInfoDetail.status) adds Pending,
# a delayed task not run yet.
_DB_TASK_STATUSES = {RUNNING: ("Running",), SUCCEEDED: ("Completed",), FAILED: ("Failed",)}


def _db_task(name, title, host, statuses=None, times=("created", "ended"), progress="progress", notes=None):
    """A database service's task, read by id from a list call (``job``, or GeminiDB's ``jobs`` list)."""
    return Service(
        name, title, "instance", host,
        calls={"job_id": Call("/v3/{project_id}/jobs", query="id", jobs="jobs" if times[0] == "start_time" else "job")},
        job=Shape(statuses or _DB_TASK_STATUSES, id_field="id", times=times, progress=progress, subject="instance.id",
                  error=(None, "fail_reason"), notes=notes),
    )


# ELB's job statuses: the SDK's ListJobsRequest.status (huaweicloudsdkelb v3): INIT, RUNNING, FAIL, SUCCESS,
# ROLLBACKING, COMPLETE, ROLLBACK_FAIL, CANCEL.
_ELB_STATUSES = {RUNNING: ("INIT", "RUNNING", "ROLLBACKING"), SUCCEEDED: ("SUCCESS", "COMPLETE"),
                 FAILED: ("FAIL", "ROLLBACK_FAIL", "CANCEL")}
_ELB_NOTES = {"ROLLBACKING": "rolling back", "ROLLBACK_FAIL": "the rollback failed", "CANCEL": "cancelled"}
# SFS Turbo: the SDK's ShowJobDetailResponse.status and GetSubJobDetail.status: success, running, failed, waiting.
_SFS_TURBO_STATUSES = {RUNNING: ("waiting", "running"), SUCCEEDED: ("success",), FAILED: ("failed",)}


# DMS's background tasks: ListBackgroundTasksRespTasks.status (the same model in huaweicloudsdkkafka, rabbitmq and
# rocketmq v2): CREATED and EXECUTING run on; SUCCESS is the success; FAILED, CANCELLED (a scheduled task cancelled)
# and DELETED (the task deleted) end the wait as failures.
_DMS_TASK_STATUSES = {RUNNING: ("CREATED", "EXECUTING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAILED", "CANCELLED", "DELETED")}


def _dms_task(name, title):
    return Service(
        name, title, "instance", "https://dms.{region}.{cloud}",
        calls=[Call("/v2/{project_id}/instances/{instance_id}/tasks/{task_id}", jobs="tasks", one=True)],
        job=Shape(_DMS_TASK_STATUSES, id_field="id", times=("created_at", "updated_at"), subject="name", error=(None, None),
                  notes={"CREATED": "created, not run yet", "CANCELLED": "cancelled", "DELETED": "deleted"}),
        # Start answers (CreateKafkaReassignmentTaskResponse and the like) put the task id at job_id, without its
        # instance: api_call takes the instance from its own path (/instances/{instance_id}/...), else it is not
        # waited on; wait_for_job takes instance_id + task_id.
        starts=(StartedAt("job_id", kind="task_id"),),
    )


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
    "ecs": _ecs_style("ecs", "Elastic Cloud Server (ECS)", "server", "server_id", extra=_ERRORCODE_MESSAGE, resources=(_ECS_SERVER,)),
    "evs": _ecs_style("evs", "Elastic Volume Service (EVS)", "volume", "volume_id", resources=(_EVS_VOLUME,)),
    "ims": _ecs_style("ims", "Image Management Service (IMS)", "image", "image_id", sub_jobs="entities.sub_jobs_result"),
    # BMS API Reference, "API Overview" (support.huaweicloud.com/api-bms/bms_api_0200.html), table "BMS接口使用限制"
    # (restrictions on BMS APIs): "查询Job状态 | GET /v1/{project_id}/jobs/{jobId} | 每分钟2000次" (2,000 a minute;
    # the page names no per-user figure).
    "bms": _ecs_style("bms", "Bare Metal Server (BMS)", "server", "server_id", extra=_ERRORCODE_MESSAGE, limit=(2000, 60.0)),
    "dcs": Service(
        "dcs", "Distributed Cache Service (DCS)", "instance", "https://dcs.{region}.{cloud}",
        calls={"job_id": Call("/v2/{project_id}/jobs/{id}")},
        job=Shape({RUNNING: ("INIT", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL",)}, error=(None, "fail_reason")),
        resources=(_DCS_INSTANCE,),
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
        resources=(_CCE_CLUSTER, _CCE_NODE),
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
        resources=(_RDS_INSTANCE,),
    ),
    "vpc": Service(
        "vpc", "Virtual Private Cloud (VPC)", "network", "https://vpc.{region}.{cloud}",
        calls=(), resources=(_VPC_VPC, _VPC_SUBNET, _VPC_PUBLICIP), starts=(),
    ),
    # Prepaid orders (huaweicloudsdkbss: CustomerOrderV3, ShowCustomerOrderDetailsResponse, QueryResourcesReq,
    # OrderInstanceV2). One host per cloud, not per region: the Chinese site's by default, the European one with
    # cloud: myhuaweicloud.eu, the international site (bss-intl.myhuaweicloud.com) with endpoints.bss. Domain-level
    # credentials: X-Domain-Id under AK/SK (domain_id, or looked up from IAM), no project.
    "bss": Service(
        "bss", "Business Support System (BSS) orders", "order", "https://bss.{cloud}",
        calls={"order_id": Call("/v2/orders/customer-orders/details/{id}", jobs="order_info")},
        job=Shape({RUNNING: (1, 2, 3, 6, 9, 10, 11, 12, 13), SUCCEEDED: (5,), FAILED: (4,)}, id_field="order_id",
                  times=("create_time", None), error=(None, None),  # an order has no end time (payment_time is not one)
                  notes={1: "pending review", 2: "pending refund", 3: "processing", 4: "cancelled",
                         5: "completed, waiting for its resources",
                         6: "waiting for payment", 9: "pending confirmation", 10: "pending shipment", 11: "pending receipt",
                         12: "pending pickup", 13: "being exchanged"}),
        needs_project=False, headers={"X-Domain-Id": DOMAIN_ID},
        cloud_hosts={"myhuaweicloud.com": "https://bss.myhuaweicloud.com", "myhuaweicloud.eu": "https://bss.myhuaweicloud.eu"},
        made=Made("/v2/orders/suscriptions/resources/query", {"order_id": "{id}", "only_main_resource": 1}, "data",
                  "resource_id", "resources", main="is_main_resource"),
        starts=(StartedAt("order_id", kind="order_id"),),
        # BSS API Reference, "Request Throttling" (support.huaweicloud.com/intl/en-us/api-oce/fci_00002.html): "Traffic
        # quota: 10/1(s); API request throttling dimensions: source IP address, API, and ParentUid, indicating that a
        # single user or source IP address can send up to 10 requests to the API every second"; the table of its Chinese
        # page (support.huaweicloud.com/api-oce/fci_00002.html) gives "GET /v2/orders/customer-orders/details/{order_id}
        # | 10/1(s)".
        limit=(10, 1.0),
    ),
    "gaussdb": _db_task("gaussdb", "GaussDB (openGauss)", "https://gaussdb-opengauss.{region}.{cloud}"),
    "taurusdb": _db_task("taurusdb", "TaurusDB (GaussDB for MySQL)", "https://gaussdb.{region}.{cloud}", progress="process",
                         statuses=dict(_DB_TASK_STATUSES, **{RUNNING: ("Pending", "Running")}),
                         notes={"Pending": "a delayed task, not run yet"}),
    "geminidb": _db_task("geminidb", "GeminiDB (GaussDB NoSQL)", "https://gaussdb-nosql.{region}.{cloud}",
                         times=("start_time", "end_time")),
    "dds": _db_task("dds", "Document Database Service (DDS)", "https://dds.{region}.{cloud}"),
    # SDRS: ECS's job call on its own host. Statuses: the SDK's ShowJobStatusResponse.status and SubJobParams.status.
    "sdrs": Service(
        "sdrs", "Storage Disaster Recovery Service (SDRS)", "protection group", "https://sdrs.{region}.{cloud}",
        calls={"job_id": Call("/v1/{project_id}/jobs/{id}")},
        job=Shape({RUNNING: ("INIT", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL",)},
                  error=("error_code", "fail_reason"), subject="entities.server_group_id", sub_jobs=SubJobs(
                      "entities.sub_jobs",
                      Shape({RUNNING: ("INIT", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL",)},
                            error=("error_code", "fail_reason"), subject="entities.protected_instance_id"),
                      "protected instance",
                      summary=(("id", "job_id"), ("protected_instance_id", "entities.protected_instance_id"),
                               ("replication_pair_id", "entities.replication_pair_id"), ("job_type", "job_type"),
                               ("error_code", "error_code"), ("fail_reason", "fail_reason")),
                      label=("protected_instance_id", "replication_pair_id"), details=(("step", "job_type"),))),
    ),
    # CBR's operation log. The SDK's OperationLog.status says only "task status"; the values are the API page's
    # (Querying a Task, ShowOpLog): running and waiting run on; success is the one success; failed, and also
    # skipped (the task was skipped: not a success) and timeout (it timed out) end the wait as failures.
    "cbr": Service(
        "cbr", "Cloud Backup and Recovery (CBR)", "resource", "https://cbr.{region}.{cloud}",
        calls={"operation_log_id": Call("/v3/{project_id}/operation-logs/{id}", jobs="operation_log", one=True)},
        job=Shape({RUNNING: ("waiting", "running"), SUCCEEDED: ("success",), FAILED: ("failed", "skipped", "timeout")},
                  id_field="id", times=("started_at", "ended_at"), progress="extra_info.common.progress",
                  subject="extra_info.resource.id", error=("error_info.code", "error_info.message"),
                  notes={"waiting": "waiting to run", "skipped": "skipped (not run, not a success)", "timeout": "timed out"}),
        starts=(StartedAt("operation_log_id", kind="operation_log_id"),),
    ),
    # SFS Turbo: errors come as {"errCode", "errMsg"} (errors.read_error_body reads them); times as UTC text
    # '2016-01-02 15:04:05'.
    "sfsturbo": Service(
        "sfsturbo", "SFS Turbo", "file system", "https://sfs-turbo.{region}.{cloud}",
        calls={"job_id": Call("/v1/{project_id}/sfs-turbo/jobs/{id}")},
        job=Shape(_SFS_TURBO_STATUSES, error=("error_code", "fail_reason"), notes={"waiting": "waiting to run"},
                  sub_jobs=SubJobs(
                      "sub_jobs", Shape(_SFS_TURBO_STATUSES, error=("error_code", "fail_reason")), "sfs turbo sub-job",
                      summary=(("id", "job_id"), ("job_type", "job_type"), ("error_code", "error_code"),
                               ("fail_reason", "fail_reason")),
                      label=("job_type", "id"))),
    ),
    # ELB's asynchronous jobs (clone, upgrade, batch create/delete): the job under "job", its sub-jobs beside it.
    "elb": Service(
        "elb", "Elastic Load Balance (ELB)", "load balancer", "https://elb.{region}.{cloud}",
        calls={"job_id": Call("/v3/{project_id}/elb/jobs/{id}", jobs="job")},
        job=Shape(_ELB_STATUSES, subject="resource_id", error=("error_code", "error_msg"), notes=_ELB_NOTES, sub_jobs=SubJobs(
            "sub_jobs", Shape(_ELB_STATUSES, subject="resource_id", error=("error_code", "error_msg"), notes=_ELB_NOTES),
            "resource",
            summary=(("id", "job_id"), ("resource_id", "resource_id"), ("job_type", "job_type"),
                     ("error_code", "error_code"), ("error_msg", "error_msg")),
            label=("resource_id", "id"), details=(("step", "job_type"),))),
        resources=(_ELB_LOADBALANCER,),
    ),
    # DWS: the SDK's ListJobDetailsResponse.status: INIT, WAITING, RUNNING, DELAY_SCHEDULED, FAIL, SUCCESS, STOP
    # (stopped: it ends the wait, not a success).
    "dws": Service(
        "dws", "Data Warehouse Service (DWS)", "cluster", "https://dws.{region}.{cloud}",
        calls={"job_id": Call("/v1.0/{project_id}/job/{id}")},
        job=Shape({RUNNING: ("INIT", "WAITING", "RUNNING", "DELAY_SCHEDULED"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL", "STOP")},
                  progress="progress", error=("failed_code", "failed_detail"),
                  notes={"DELAY_SCHEDULED": "scheduled for later", "STOP": "stopped"}),
    ),
    # DLI SQL jobs: the SDK's ShowSqlJobStatusResponse.status: LAUNCHING, RUNNING, FINISH, FAILED, CANCELLED; the API
    # pages (Querying Job Status, dli_02_0021) say FINISHED, and SCALING beside RUNNING: FINISH and FINISHED are a
    # success. start_time is epoch milliseconds; the answer has a duration, no end.
    "dli": Service(
        "dli", "Data Lake Insight (DLI) SQL jobs", "queue", "https://dli.{region}.{cloud}",
        calls={"job_id": Call("/v1.0/{project_id}/jobs/{id}/status")},
        job=Shape({RUNNING: ("LAUNCHING", "RUNNING", "SCALING"), SUCCEEDED: ("FINISH", "FINISHED"), FAILED: ("FAILED", "CANCELLED")},
                  times=("start_time", None), subject="queue_name", error=(None, "message"),
                  notes={"LAUNCHING": "being submitted", "CANCELLED": "cancelled"}),
    ),
    # SMS migration tasks: no project in the path. The SDK's ShowTaskResponse.state: READY, RUNNING, SYNCING,
    # MIGRATE_SUCCESS, SYNC_SUCCESS, MIGRATE_FAIL, SYNC_FAIL, ABORTING, ABORT (aborted: ends the wait, not a success),
    # SKIPPING, DELETING, RESETING. Its sub_tasks carry no status (a progress and times): listed, never a verdict.
    "sms": Service(
        "sms", "Server Migration Service (SMS)", "server", "https://sms.{region}.{cloud}",
        calls={"task_id": Call("/v3/tasks/{id}", one=True)},
        job=Shape({RUNNING: ("READY", "RUNNING", "SYNCING", "ABORTING", "SKIPPING", "DELETING", "RESETING"),
                   SUCCEEDED: ("MIGRATE_SUCCESS", "SYNC_SUCCESS"), FAILED: ("MIGRATE_FAIL", "SYNC_FAIL", "ABORT")},
                  status="state", id_field="id", times=("start_date", "finish_date"), subject="source_server.id",
                  error=(None, "error_json"),
                  notes={"READY": "ready, not started yet", "SYNCING": "synchronising", "ABORTING": "being aborted",
                         "ABORT": "aborted"},
                  sub_jobs=SubJobs(
                      "sub_tasks", Shape({}, id_field="id", times=("start_date", "end_date"), progress="progress",
                                         error=(None, None)),
                      "migration sub-task", summary=(("id", "id"), ("name", "name"), ("progress", "progress")),
                      label=("name", "id"))),
        needs_project=False,
        starts=(StartedAt("id", kind="task_id"),),
    ),
    # Global EIP: scoped by the account's domain, not a project ({domain_id}: fetch.py fills it). FINISH_SUCC is the
    # success; FINISH_ROLLBACK_SUCC (rolled back) a failure: the SDK's ListJobsRequest.status enum; WAIT_TO_SCHEDULE
    # (waiting) from the provider's wait. Times are the SDK's datetime (ISO text).
    "geip": Service(
        "geip", "Global EIP (GEIP)", "global EIP", "https://eip.{cloud}",
        calls={"job_id": Call("/v3/{domain_id}/geip/jobs/{id}", jobs="job")},
        job=Shape({RUNNING: ("WAIT_TO_SCHEDULE",), SUCCEEDED: ("FINISH_SUCC",), FAILED: ("FINISH_ROLLBACK_SUCC",)},
                  id_field="id", times=("start_time", "end_time"), error=("error_code", "error_message"),
                  notes={"WAIT_TO_SCHEDULE": "waiting to be scheduled", "FINISH_ROLLBACK_SUCC": "rolled back"}),
        needs_project=False,
    ),
    # ---- issue 23: job calls whose id is scoped by a parent (two ids a call) ----
    # DMS Kafka, RabbitMQ and RocketMQ: ShowBackgroundTask, GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}
    # (huaweicloudsdkkafka/rabbitmq/rocketmq v2): {task_count, tasks: [ListBackgroundTasksRespTasks]}. A task id means
    # nothing without its instance. Start answers carry no task id with its instance: wait_for_job takes both.
    "kafka": _dms_task("kafka", "Distributed Message Service (DMS) for Kafka"),
    "rabbitmq": _dms_task("rabbitmq", "Distributed Message Service (DMS) for RabbitMQ"),
    "rocketmq": _dms_task("rocketmq", "Distributed Message Service (DMS) for RocketMQ"),
    # MRS job executions: ShowSingleJobExe (huaweicloudsdkmrs v2), {job_detail: JobQueryBean}, answered under 202 (the
    # API page, mrs_02_0086: "Status code: 202"). JobQueryBean.job_state: NEW (the pages: New), NEW_SAVING, SUBMITTED,
    # ACCEPTED, RUNNING run on; FAILED and KILLED end it; FINISHED is decided by
    # JobQueryBean.job_result: SUCCEEDED is the success, FAILED and KILLED failures, UNDEFINED (still executing) runs
    # on. FAILED is a failure (Terraform's provider counts it a target; the vendor's model says failed). Times are
    # epoch milliseconds. The job id sits in a start answer at job_submit_result.job_id, without its cluster.
    "mrs": Service(
        "mrs", "MapReduce Service (MRS) jobs", "cluster", "https://mrs.{region}.{cloud}",
        calls=[Call("/v2/{project_id}/clusters/{cluster_id}/job-executions/{job_execution_id}", jobs="job_detail", one=True)],
        job=Shape({RUNNING: ("NEW", "New", "NEW_SAVING", "SUBMITTED", "ACCEPTED", "RUNNING"), SUCCEEDED: ("FINISHED",),
                   FAILED: ("FAILED", "KILLED")},
                  status="job_state", times=("started_time", "finished_time"), progress="job_progress",
                  subject="job_name", error=(None, None),
                  verdict=("job_result", {RUNNING: ("UNDEFINED",), SUCCEEDED: ("SUCCEEDED",), FAILED: ("FAILED", "KILLED")}),
                  notes={"NEW_SAVING": "being saved", "ACCEPTED": "accepted, waiting for resources", "KILLED": "killed"}),
        # CreateExecuteJobResponse.job_submit_result.job_id, without its cluster: the cluster from the start call's
        # path (/clusters/{cluster_id}/job-executions), else not waited on.
        starts=(StartedAt("job_submit_result.job_id", kind="job_execution_id"),),
        # MRS API Reference, "Selecting an API Type" (support.huaweicloud.com/api-mrs/mrs_02_0006.html), "API Throttling"
        # table, single-tenant API throttling ("单租户接口流控"): "查询单个作业信息 | 1000次/分钟" (querying a single job:
        # 1,000 requests a minute).
        limit=(1000, 60.0),
    ),
    # GES: ShowJob2 (huaweicloudsdkges v2), GET /v2/{project_id}/graphs/{graph_id}/jobs/{job_id}/status:
    # ShowJob2Response.status pending, running, success, failed; the current API page ("Querying the Job Status
    # (1.0.0)", api-ges/ges_03_0373) adds partiallyFailed: not a success. Times UTC text without a zone
    # (yyyy-MM-dd'T'HH:mm:ss; the current page: yyyy-MM-dd HH:mm:ss).
    "ges": Service(
        "ges", "Graph Engine Service (GES)", "graph", "https://ges.{region}.{cloud}",
        calls=[Call("/v2/{project_id}/graphs/{graph_id}/jobs/{job_id}/status", one=True)],
        job=Shape({RUNNING: ("pending", "running"), SUCCEEDED: ("success",), FAILED: ("failed", "partiallyFailed")},
                  subject="related_graph", error=(None, "fail_reason"),
                  notes={"pending": "waiting to run", "partiallyFailed": "partly failed (not a success)"}),
        # ClearGraph2Response, DeleteGraph2Response and the like: job_id, without its graph: the graph from the start
        # call's path (/graphs/{graph_id}/...), else not waited on.
        starts=(StartedAt("job_id", kind="job_id"),),
    ),
    # FunctionGraph asynchronous invocations: ListAsyncInvocations (huaweicloudsdkfunctiongraph v2),
    # GET /v2/{project_id}/fgs/functions/{function_urn}/async-invocations?request_id=: {invocations:
    # [ListFunctionAsyncInvocationsResult]}, status WAIT, RUNNING, SUCCESS, FAIL, DISCARD (the request was dropped).
    # The URN holds ':' and goes into the path percent-encoded, as the SDK sends it (Call.url_path).
    "functiongraph": Service(
        "functiongraph", "FunctionGraph asynchronous invocations", "function", "https://functiongraph.{region}.{cloud}",
        calls=[Call("/v2/{project_id}/fgs/functions/{function_urn}/async-invocations", query={"request_id": "request_id"},
                    jobs="invocations")],
        job=Shape({RUNNING: ("WAIT", "RUNNING"), SUCCEEDED: ("SUCCESS",), FAILED: ("FAIL", "DISCARD")},
                  id_field="request_id", times=("start_time", "end_time"), error=("error_code", "error_message"),
                  notes={"WAIT": "waiting to run", "DISCARD": "discarded"}),
        # AsyncInvokeFunctionResponse.request_id, without the function's URN: documented, not waited on. The URN is in
        # the start call's path, but so it is in a synchronous invocation's (/invocations), whose request_id is no
        # asynchronous invocation to wait on; the two answers cannot be told apart by their fields.
        starts=(StartedAt("request_id", kind=None),),
    ),
}


def id_kinds():
    """The id kinds the table's calls take: its job calls' in the order they first appear ('job_id', 'request_id',
    'task_id', ...), then its resource calls' ('server_id', ...). Each is an option of job_info and wait_for_job and a
    key of a ``jobs:`` entry."""
    kinds = job_id_kinds()
    for service in SERVICES.values():
        kinds.extend(kind for kind in service.every_id_kind if kind not in kinds)
    return kinds


def job_id_kinds():
    """The id kinds of the table's job calls, in the order they first appear ('job_id', 'request_id', 'task_id')."""
    kinds = []
    for service in SERVICES.values():
        kinds.extend(kind for kind in service.id_kinds if kind not in kinds)
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
        raise ConfigError("one of %s is required for service %s" % (", ".join(service.every_id_kind), service.name))
