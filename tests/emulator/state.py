# -*- coding: utf-8 -*-
"""Emulator state: identities, scripted jobs, tokens, the request log.

Everything here is plain data guarded by one lock; nothing here knows HTTP.
A job's life is a list of phases, each showing one raw status for some seconds
or some polls; a poll is an answer of the cloud API that returned the job.
"""

import copy
import datetime
import math
import secrets
import threading
import time
import uuid

# The identity the emulator accepts (test keys, never a real secret): written once, in keys.py.
from . import more_jobs
from .keys import (  # noqa: F401 pylint: disable=unused-import
    ACCESS_KEY, DEFAULT_REGION, DOMAIN_ID, DOMAIN_NAME, PROJECTS, SECRET_KEY, SECURITY_TOKEN, TEMP_ACCESS_KEY,
    TEMP_SECRET_KEY, USER_ID, USER_NAME, USER_PASSWORD,
)

SERVICES = ("cph", "koophone", "workspace", "cfw", "ecs", "evs", "ims", "bms", "dcs", "cce", "rds")
SERVICES += ("bss",)  # orders: their own store and control calls (orders.py), not jobs
ORDER_SERVICES = ("bss",)
# Issue 23's services (one id per call), rendered by more_jobs.py.
MORE_JOB_SERVICES = ("gaussdb", "taurusdb", "geminidb", "dds", "sdrs", "cbr", "sfsturbo", "elb", "dws", "dli", "sms", "geip")
MORE_JOB_SERVICES += tuple(more_jobs.PARENT_SCOPED)  # and those whose id is scoped by a parent
SERVICES += MORE_JOB_SERVICES
STATES = ("running", "succeeded", "failed")
TIME_FORMATS = ("iso", "iso_fraction", "offset", "epoch_ms", "epoch_ms_string", "go", "space", "naive")
# Services whose job call is the same path on different hosts (GET /v1/{project_id}/jobs/{job_id}),
# in the order the main listener looks a job id up.
SHARED_JOB_PATH = ("ecs", "evs", "ims", "bms", "sdrs")
# Services whose task call is RDS's, GET /v3/{project_id}/jobs?id=, on different hosts: the main listener serves
# whichever has the id.
SHARED_QUERY_JOB_PATH = ("rds", "gaussdb", "taurusdb", "dds", "geminidb")
SUB_JOB_SERVICES = ("workspace", "ecs", "evs", "ims", "bms", "cce", "sdrs", "sfsturbo", "elb", "sms")
# Time format per service when the spec gives none (from the SDK models' docs and the vendors' examples).
DEFAULT_TIME_FORMAT = {
    "cfw": "epoch_ms", "ecs": "iso_fraction", "evs": "iso_fraction", "ims": "iso_fraction", "bms": "iso_fraction",
    "dcs": "epoch_ms_string", "cce": "go", "rds": "offset",
    # Issue 23's: the SDK models' docs (yyyy-mm-ddThh:mm:ssZ with a +0800 offset, SFS Turbo's UTC '2016-01-02
    # 15:04:05', DLI's and SMS's epoch milliseconds).
    "gaussdb": "offset", "taurusdb": "offset", "geminidb": "offset", "dds": "offset", "sdrs": "iso_fraction",
    "sfsturbo": "space", "dli": "epoch_ms", "sms": "epoch_ms",
}
DEFAULT_TIME_FORMAT.update(more_jobs.TIME_FORMAT)
# Default job types (parent, sub-job) where the service has one.
DEFAULT_JOB_TYPE = {
    "workspace": ("CREATE_DESKTOP", None), "ecs": ("createServer", "createSingleServer"),
    "evs": ("batchCreateVolume", "createVolume"), "ims": ("createImageByInstance", "createImageByInstance"),
    "bms": ("baremetalBatchCreate", "baremetalSingleCreate"), "dcs": ("masterStandbySwapJob", None),
    "cce": ("CreateCluster", "CreateNode"), "rds": ("CreateMysqlInstance", None),
}
DEFAULT_JOB_TYPE.update(more_jobs.DEFAULT_JOB_TYPE)
# A failed job's defaults (error code, reason) for the services added beyond the seeds; the codes are the emulator's.
FAILURE_DEFAULTS = {
    "ecs": ("Ecs.0010", "Emulated job failure."), "evs": ("EVS.2024", "Emulated job failure."),
    "ims": ("IMG.0501", "Emulated job failure."), "bms": ("BMS.0010", "Emulated job failure."),
    "dcs": (None, "Emulated job failure."), "cce": (None, "Emulated job failure."), "rds": (None, "Emulated job failure."),
}
FAILURE_DEFAULTS.update({
    "gaussdb": (None, "Emulated job failure."), "taurusdb": (None, "Emulated job failure."),
    "geminidb": (None, "Emulated job failure."), "dds": (None, "Emulated job failure."),
    "sdrs": ("SDRS.1001", "Emulated job failure."), "cbr": ("BackupService.6003", "Emulated job failure."),
    "sfsturbo": ("SFS.TURBO.0001", "Emulated job failure."), "elb": ("ELB.8902", "Emulated job failure."),
    "dws": ("DWS.5000", "Emulated job failure."), "dli": (None, "Emulated job failure."),
    "sms": (None, "Emulated job failure."), "geip": ("GEIP.0500", "Emulated job failure."),
})
FAILURE_DEFAULTS.update(more_jobs.FAILURE_DEFAULTS)
ABSENT = "__absent__"

# Raw status vocabulary per service; the first value of each state is the one
# the emulator writes for a simple life.
VOCABULARY = {
    "cph": {"running": (1,), "succeeded": (2,), "failed": (-1,)},
    "koophone": {"running": (1, 0), "succeeded": (2,), "failed": (-1, 3)},  # 0 and 3: app-install tasks
    "workspace": {"running": ("RUNNING", "INIT", "WAITING"), "succeeded": ("SUCCESS", "COMPLETE"), "failed": ("FAIL", "FAILED")},
    "workspace_sub": {"running": ("RUNNING", "WAITING"), "succeeded": ("SUCCESS",), "failed": ("FAIL", "FAILED")},
    "cfw": {"running": ("Running",), "succeeded": ("Success",), "failed": ("Failed",)},
    "ecs": {"running": ("RUNNING", "INIT", "PENDING_PAYMENT"), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
    "evs": {"running": ("RUNNING", "INIT", "PENDING_PAYMENT"), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
    "ims": {"running": ("RUNNING", "INIT", "PENDING_PAYMENT"), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
    "bms": {"running": ("RUNNING", "INIT", "PENDING_PAYMENT"), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
    "job_sub": {"running": ("RUNNING", "INIT"), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
    "dcs": {"running": ("RUNNING", "INIT"), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
    "cce": {"running": ("Running", "Initializing"), "succeeded": ("Success",), "failed": ("Failed",)},
    "rds": {"running": ("Running",), "succeeded": ("Completed",), "failed": ("Failed",)},
    # Issue 23's (services.py says where each list comes from).
    "gaussdb": {"running": ("Running",), "succeeded": ("Completed",), "failed": ("Failed",)},
    "taurusdb": {"running": ("Running", "Pending"), "succeeded": ("Completed",), "failed": ("Failed",)},
    "geminidb": {"running": ("Running",), "succeeded": ("Completed",), "failed": ("Failed",)},
    "dds": {"running": ("Running",), "succeeded": ("Completed",), "failed": ("Failed",)},
    "sdrs": {"running": ("RUNNING", "INIT"), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
    "cbr": {"running": ("running", "waiting"), "succeeded": ("success",), "failed": ("failed", "skipped", "timeout")},
    "sfsturbo": {"running": ("running", "waiting"), "succeeded": ("success",), "failed": ("failed",)},
    "elb": {"running": ("RUNNING", "INIT", "ROLLBACKING"), "succeeded": ("SUCCESS", "COMPLETE"),
            "failed": ("FAIL", "ROLLBACK_FAIL", "CANCEL")},
    "dws": {"running": ("RUNNING", "INIT", "WAITING", "DELAY_SCHEDULED"), "succeeded": ("SUCCESS",), "failed": ("FAIL", "STOP")},
    "dli": {"running": ("RUNNING", "LAUNCHING", "SCALING"), "succeeded": ("FINISH", "FINISHED"), "failed": ("FAILED", "CANCELLED")},
    "sms": {"running": ("RUNNING", "READY", "SYNCING", "ABORTING", "SKIPPING", "DELETING", "RESETING"),
            "succeeded": ("MIGRATE_SUCCESS", "SYNC_SUCCESS"), "failed": ("MIGRATE_FAIL", "SYNC_FAIL", "ABORT")},
    "geip": {"running": ("WAIT_TO_SCHEDULE",), "succeeded": ("FINISH_SUCC",), "failed": ("FINISH_ROLLBACK_SUCC",)},
    # An SMS sub-task has no status: its life is the emulator's, shown only as a progress and an end date.
    "sms_sub": {"running": ("RUNNING",), "succeeded": ("SUCCESS",), "failed": ("FAIL",)},
}
VOCABULARY.update(more_jobs.VOCABULARY)
SUB_VOCABULARY = {"workspace": "workspace_sub", "ecs": "job_sub", "evs": "job_sub", "ims": "job_sub", "bms": "job_sub", "cce": "cce",
                  "sdrs": "sdrs", "sfsturbo": "sfsturbo", "elb": "elb", "sms": "sms_sub"}

DEFAULT_CONFIG = {
    "batch_job_seconds": 3.0,
    "default_after_seconds": 3.0,
    "token_lifetime_seconds": 86400,
    "max_clock_skew_seconds": 900,
    "request_log_limit": 10000,
}

LIFE_KEYS = ("state", "then", "after_seconds", "after_polls", "phases")
JOB_KEYS = frozenset((
    "service", "job_id", "request_id", "task_id", "project_id", "fields", "envelope",
    "hidden_for_seconds", "hidden_for_polls", "time_format", "job_type", "sub_jobs",
    "error_code", "error_msg", "execute_msg", "fail_reason",
    "phone_id", "server_id", "encode_server_id", "node_id",
    "nic_id", "volume_id", "volume_type", "size", "name", "image_id", "image_name",
    "cluster_id", "resource_id", "resource_name", "extend_param", "instance_id", "instance_name", "running_status",
    "operation_log_id",
) + more_jobs.JOB_KEYS + LIFE_KEYS)
SUB_JOB_KEYS = frozenset((
    "id", "desktop_id", "desktop_name", "user_name", "product_id", "ip_address", "host",
    "job_type", "error_code", "fail_reason", "fields",
) + LIFE_KEYS)
_COMMON_SUB_KEYS = ("id", "job_type", "error_code", "fail_reason", "fields", "running_status") + LIFE_KEYS
SUB_JOB_KEYS_BY_SERVICE = {
    "workspace": SUB_JOB_KEYS,
    "ecs": frozenset(_COMMON_SUB_KEYS + ("server_id", "nic_id")),
    "bms": frozenset(_COMMON_SUB_KEYS + ("server_id", "nic_id")),
    "evs": frozenset(_COMMON_SUB_KEYS + ("volume_id", "volume_type", "size", "name")),
    "ims": frozenset(_COMMON_SUB_KEYS + ("image_id", "image_name")),
    "cce": frozenset(_COMMON_SUB_KEYS + ("resource_id", "resource_name")),
    "sdrs": frozenset(_COMMON_SUB_KEYS + ("resource_id",)), "sfsturbo": frozenset(_COMMON_SUB_KEYS),
    "elb": frozenset(_COMMON_SUB_KEYS + ("resource_id",)), "sms": frozenset(_COMMON_SUB_KEYS),
}
PHASE_KEYS = frozenset(("status", "for_seconds", "for_polls", "fields"))
CPH_RESOURCE_KEYS = ("phone_id", "server_id", "encode_server_id", "node_id")


class SpecError(ValueError):
    """A control-API job spec that cannot be used."""


def classify(vocabulary, value):
    """Return running/succeeded/failed/unknown for a raw status (type-strict)."""
    for state in STATES:
        for known in VOCABULARY[vocabulary][state]:
            if type(known) is type(value) and known == value:
                return state
    return "unknown"


def format_time(epoch, time_format):
    """Render an epoch (float seconds) in one of the vendors' time formats."""
    if epoch is None:
        return None
    if time_format == "epoch_ms":
        return int(round(epoch * 1000))
    if time_format == "epoch_ms_string":
        return str(int(round(epoch * 1000)))
    utc = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    if time_format == "space":
        return utc.strftime("%Y-%m-%d %H:%M:%S")
    if time_format == "naive":  # UTC without a zone (GES, FunctionGraph)
        return utc.strftime("%Y-%m-%dT%H:%M:%S")
    if time_format == "go":
        fraction = ("%06d" % utc.microsecond).rstrip("0")
        return utc.strftime("%Y-%m-%d %H:%M:%S") + ("." + fraction if fraction else "") + " +0000 UTC"
    if time_format == "iso_fraction":
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (utc.microsecond // 1000)
    if time_format == "offset":
        beijing = utc.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        return beijing.strftime("%Y-%m-%dT%H:%M:%S%z")
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def iam_time(epoch):
    """IAM's own time format: microseconds and a Z."""
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def merged(base, *overrides):
    """Copy base, apply each override dict in turn, drop keys set to ABSENT."""
    out = dict(base)
    for override in overrides:
        if override:
            out.update(copy.deepcopy(override))
    return dict((k, v) for k, v in out.items() if not (isinstance(v, str) and v == ABSENT))


def region_project(value):
    """Accept a region name or a project id; return the project id or None."""
    if not isinstance(value, str):
        return None
    if value in PROJECTS:
        return PROJECTS[value]
    if value in PROJECTS.values():
        return value
    return None


def project_name(project_id):
    for name, pid in PROJECTS.items():
        if pid == project_id:
            return name
    return None


def _number(spec, key, minimum=0.0):
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise SpecError("%s must be a number >= %s, got %r" % (key, minimum, value))
    return value


def _dict_or_none(spec, key):
    value = spec.get(key)
    if value is not None and not isinstance(value, dict):
        raise SpecError("%s must be an object" % key)
    return value


class Phase:
    """One raw status shown for for_seconds or for_polls (or forever)."""

    def __init__(self, status, for_seconds=None, for_polls=None, fields=None, base=None):
        self.status = status
        self.for_seconds = for_seconds
        self.for_polls = for_polls
        self.fields = fields or {}
        self.base = base or {}

    @property
    def bounded(self):
        return self.for_seconds is not None or self.for_polls is not None


class Life:
    """A cursor over phases; advanced by the clock and by polls."""

    def __init__(self, phases, start):
        self.phases = phases
        self.index = 0
        self.started = start
        self.polls = 0
        self.last_poll = start

    def advance(self, now):
        while self.index < len(self.phases) - 1:
            phase = self.phases[self.index]
            if phase.for_seconds is not None and now - self.started >= phase.for_seconds:
                self.started += phase.for_seconds
            elif phase.for_polls is not None and self.polls >= phase.for_polls:
                self.started = max(self.started, self.last_poll)
            else:
                break
            self.index += 1
            self.polls = 0
        return self.phases[self.index]

    def fraction(self, now):
        """How far through the current phase, 0.0-1.0 (0.0 when unbounded)."""
        phase = self.phases[self.index]
        parts = []
        if phase.for_seconds:
            parts.append((now - self.started) / phase.for_seconds)
        if phase.for_polls:
            parts.append(float(self.polls) / phase.for_polls)
        return max(0.0, min(1.0, max(parts))) if parts else 0.0

    def poll(self, now):
        self.polls += 1
        self.last_poll = now


def build_phases(spec, vocabulary, defaults, failure_base, config):
    """Turn a simple life (state/then/after_*) or raw phases into Phase objects."""
    if spec.get("phases") is not None:
        if any(spec.get(k) is not None for k in ("state", "then", "after_seconds", "after_polls", "running_status")):
            raise SpecError("give either phases or state/then/after_*/running_status, not both")
        raw = spec["phases"]
        if not isinstance(raw, list) or not raw:
            raise SpecError("phases must be a non-empty list")
        phases = []
        for position, item in enumerate(raw):
            if not isinstance(item, dict) or "status" not in item:
                raise SpecError("phase %d must be an object with a status" % position)
            unknown = set(item) - PHASE_KEYS
            if unknown:
                raise SpecError("phase %d: unknown keys %s" % (position, sorted(unknown)))
            phase = Phase(item["status"], _number(item, "for_seconds"), _number(item, "for_polls"), _dict_or_none(item, "fields"))
            if not phase.bounded and position < len(raw) - 1:
                raise SpecError("phase %d needs for_seconds or for_polls (only the last phase lasts forever)" % position)
            phases.append(phase)
        return phases
    state = spec.get("state")
    then = spec.get("then")
    if state is None:
        state = "running" if then is not None else defaults.get("state", "succeeded")
    if state not in STATES:
        raise SpecError("state must be one of %s, got %r" % (list(STATES), state))
    if then is not None and then not in ("succeeded", "failed"):
        raise SpecError("then must be succeeded or failed, got %r" % (then,))
    if then is not None and state != "running":
        raise SpecError("then is only meaningful with state running")
    after_seconds = _number(spec, "after_seconds")
    after_polls = _number(spec, "after_polls")
    if (after_seconds is not None or after_polls is not None) and then is None:
        raise SpecError("after_seconds/after_polls need then (the final state)")
    if then is not None and after_seconds is None and after_polls is None:
        after_seconds = config["default_after_seconds"]
    words = VOCABULARY[vocabulary]
    running_word = words["running"][0]
    if spec.get("running_status") is not None:
        if spec["running_status"] not in words["running"] or state != "running":
            raise SpecError("running_status must be one of %s, with state running" % (list(words["running"]),))
        running_word = spec["running_status"]

    def terminal(final):
        base = dict(defaults.get(final) or {})
        if final == "failed":
            base.update(failure_base)
        return Phase(words[final][0], base=base)

    if state == "running" and then is not None:
        return [Phase(running_word, after_seconds, after_polls, base=defaults.get("running")), terminal(then)]
    if state == "running":
        return [Phase(running_word, base=defaults.get("running"))]
    return [terminal(state)]


def cce_job(uid, created, updated, fmt, spec, phase, reason):
    """A CCE Job object (kind/apiVersion/metadata/spec/status), as ShowJob and spec.subJobs carry it."""
    status = {"phase": phase}
    if reason is not None:
        status["reason"] = reason
    return {
        "kind": "Job",
        "apiVersion": "v3",
        "metadata": {"uid": uid, "creationTimestamp": format_time(created, fmt), "updateTimestamp": format_time(updated, fmt)},
        "spec": spec,
        "status": status,
    }


def _hex_or_uuid(service):
    return str(uuid.uuid4()) if service in ("workspace", "cfw", "cce", "rds") else uuid.uuid4().hex


class SubJob:
    """A sub-job (Workspace, ECS, EVS, IMS, BMS, CCE): its own life, counted by the parent's polls."""

    RESOURCE_KEY = {"workspace": "desktop_id", "ecs": "server_id", "bms": "server_id", "evs": "volume_id",
                    "ims": "image_id", "cce": "resource_id", "sdrs": "resource_id", "sfsturbo": "resource_id",
                    "elb": "resource_id", "sms": "resource_id"}

    def __init__(self, parent, spec, life, failure=(None, None)):
        self.parent = parent
        self.spec = spec
        self.life = life
        self.failure = failure
        self.vocabulary = SUB_VOCABULARY[parent.service]
        self.id = spec.get("id") or _hex_or_uuid(parent.service)
        self.desktop_id = spec.get("desktop_id") or str(uuid.uuid4())
        key = self.RESOURCE_KEY[parent.service]
        self.resource_id = self.desktop_id if key == "desktop_id" else (spec.get(key) or str(uuid.uuid4()))

    def state(self, now):
        return classify(self.vocabulary, self.life.advance(now).status)

    def end_time(self, now):
        phase = self.life.advance(now)
        if classify(self.vocabulary, phase.status) in ("succeeded", "failed"):
            return self.life.started
        return None

    def process(self, now):
        state = self.state(now)
        if state in ("succeeded", "failed"):
            return 100
        return min(99, int(self.life.fraction(now) * 100))

    def render(self, now):
        if self.parent.service != "workspace":
            return self._render_job(now)
        phase = self.life.advance(now)
        spec = self.spec
        fmt = self.parent.time_format
        job_type = spec.get("job_type") or self.parent.job_type
        user_name = spec.get("user_name", "user-%s" % self.id[:6])
        ip_address = spec.get("ip_address", "192.168.0.%d" % (10 + self.parent.sub_jobs.index(self) % 200))
        base = {
            "id": self.id,
            "job_type": job_type,
            "entities": {
                "desktop_id": self.desktop_id,
                "product_id": spec.get("product_id", "workspace.x86.general.xlarge2"),
                "user_name": user_name,
                "desktop_name": spec.get("desktop_name", "desktop-%s" % self.id[:6]),
                "ip_address": ip_address,
            },
            "begin_time": format_time(self.parent.created, fmt),
            "end_time": format_time(self.end_time(now), fmt),
            "status": phase.status,
            "error_code": None,
            "fail_reason": None,
            "host": spec.get("host", "10.0.0.1"),
            "project_id": self.parent.project_id,
            "job_id": self.parent.job_id,
            "process": self.process(now),
            "attach_user": user_name,
            "entity": self.desktop_id,
            "ip_address": ip_address,
        }
        return merged(base, phase.base, spec.get("fields"), phase.fields)

    def _render_job(self, now):
        """ECS/BMS SubJob(s), EVS SubJob, IMS SubJobResult, CCE Job."""
        phase = self.life.advance(now)
        spec = self.spec
        service = self.parent.service
        fmt = self.parent.time_format
        job_type = spec.get("job_type") or DEFAULT_JOB_TYPE[service][1]
        failed = self.state(now) == "failed"
        code, reason = self.failure if failed else (None, None)
        end = self.end_time(now)
        if service in MORE_JOB_SERVICES:
            base = more_jobs.render_sub_job(self, now, phase, code, reason, format_time(self.parent.created, fmt), format_time(end, fmt))
            return merged(base, phase.base, spec.get("fields"), phase.fields)
        if service == "cce":
            body = {"type": job_type, "clusterUID": self.parent.resource_id, "resourceID": self.resource_id,
                    "resourceName": spec.get("resource_name", "node-%s" % self.id[:6])}
            base = cce_job(self.id, self.parent.created, end if end is not None else self.parent.created, fmt,
                           body, phase.status, reason)
            return merged(base, phase.base, spec.get("fields"), phase.fields)
        if service in ("ecs", "bms"):
            entities = {"server_id": self.resource_id}
            if spec.get("nic_id") is not None:
                entities["nic_id"] = spec["nic_id"]
            if failed:
                entities["errorcode_message"] = reason
        elif service == "evs":
            entities = {"volume_type": spec.get("volume_type", "SSD"), "size": spec.get("size", 10),
                        "volume_id": self.resource_id, "name": spec.get("name", "volume-%s" % self.id[:6])}
        else:
            entities = {"image_id": self.resource_id, "image_name": spec.get("image_name", "image-%s" % self.id[:6])}
        base = {
            "status": phase.status,
            "entities": entities,
            "job_id": self.id,
            "job_type": job_type,
            "begin_time": format_time(self.parent.created, fmt),
            "end_time": format_time(end, fmt),
            "error_code": code,
            "fail_reason": reason,
        }
        return merged(base, phase.base, spec.get("fields"), phase.fields)


class Job:
    """One emulated job of one service."""

    def __init__(self, spec, seq, now, config, group_ids):
        unknown = set(spec) - JOB_KEYS
        if unknown:
            raise SpecError("unknown job keys %s (allowed: %s)" % (sorted(unknown), sorted(JOB_KEYS)))
        service = spec.get("service")
        if service not in SERVICES or service in ORDER_SERVICES:
            raise SpecError("service must be one of %s, got %r (orders: POST /_emulator/orders)"
                            % ([s for s in SERVICES if s not in ORDER_SERVICES], service))
        self.service = service
        self.spec = copy.deepcopy(spec)
        self.seq = seq
        self.created = now
        self.polls = 0
        self.hidden_polls = 0
        project = spec.get("project_id", DEFAULT_REGION)
        self.project_id = region_project(project)
        if self.project_id is None:
            raise SpecError("project_id %r is neither a region nor a project id of the emulator domain" % (project,))
        self.job_id = spec.get("job_id") or _hex_or_uuid(service)
        self.request_id = spec.get("request_id") or group_ids.setdefault("cph", uuid.uuid4().hex)
        self.task_id = spec.get("task_id") or group_ids.setdefault("koophone", uuid.uuid4().hex)
        for key in ("job_id", "request_id", "task_id"):
            if not isinstance(getattr(self, key), str):
                raise SpecError("%s must be a string" % key)
        if service == "sms" and not spec.get("task_id"):
            self.task_id = self.job_id  # an SMS task id is its own, not a group's
        self.operation_log_id = spec.get("operation_log_id") or self.job_id
        if not isinstance(self.operation_log_id, str):
            raise SpecError("operation_log_id must be a string")
        self.time_format = spec.get("time_format") or DEFAULT_TIME_FORMAT.get(service, "iso")
        if self.time_format not in TIME_FORMATS:
            raise SpecError("time_format must be one of %s" % (list(TIME_FORMATS),))
        self.job_type = spec.get("job_type", DEFAULT_JOB_TYPE.get(service, ("CREATE_DESKTOP",))[0])
        resource_key = {"ecs": "server_id", "bms": "server_id", "evs": "volume_id", "ims": "image_id",
                        "cce": "cluster_id", "rds": "instance_id"}.get(service)
        self.resource_id = (spec.get(resource_key) if resource_key else None) or str(uuid.uuid4())
        self.hidden_for_seconds = _number(spec, "hidden_for_seconds") or 0
        self.hidden_for_polls = _number(spec, "hidden_for_polls") or 0
        for key in ("fields", "envelope"):
            _dict_or_none(spec, key)
        self.sub_jobs = []
        self.life = None
        if service in SUB_JOB_SERVICES and spec.get("sub_jobs"):
            self._build_sub_jobs(spec, now, config)
            if spec.get("phases") is not None:
                self.life = Life(build_phases(spec, service, {}, {}, config), now)
        else:
            if spec.get("sub_jobs") is not None and service not in SUB_JOB_SERVICES:
                raise SpecError("sub_jobs are for %s jobs only" % ", ".join(SUB_JOB_SERVICES))
            self.life = Life(build_phases(spec, service, self._defaults(), self._failure(), config), now)

    def _defaults(self):
        execute = {"execute_msg": self.spec["execute_msg"]} if "execute_msg" in self.spec else {}
        if self.service == "koophone":
            return {"succeeded": dict(execute, error_code="", error_msg=""), "failed": execute}
        if self.service == "cph":
            return {"succeeded": execute, "failed": execute}
        return {}

    def _failure(self):
        spec = self.spec
        if self.service in ("cph", "koophone"):
            return {"error_code": spec.get("error_code", "CPS0005"), "error_msg": spec.get("error_msg", "Phone not found.")}
        if self.service == "workspace":
            return {"job_error_code": spec.get("error_code", "WKS.00010001"), "fail_reason": spec.get("fail_reason", "Emulated job failure.")}
        return {}

    def _build_sub_jobs(self, spec, now, config):
        raw = spec["sub_jobs"]
        if not isinstance(raw, list):
            raise SpecError("sub_jobs must be a list")
        count = len(raw)
        for position, item in enumerate(raw):
            if not isinstance(item, dict):
                raise SpecError("sub_job %d must be an object" % position)
            allowed = SUB_JOB_KEYS_BY_SERVICE[self.service]
            unknown = set(item) - allowed
            if unknown:
                raise SpecError("sub_job %d: unknown keys %s (allowed: %s)" % (position, sorted(unknown), sorted(allowed)))
            own = any(item.get(k) is not None for k in LIFE_KEYS + ("running_status",))
            life_spec = item if own else self._inherited_life(spec, position, count)
            if self.service == "workspace":
                default_code = "WKS.00010001"
            else:
                default_code = FAILURE_DEFAULTS[self.service][0]
            failure = {"error_code": item.get("error_code", spec.get("error_code", default_code)),
                       "fail_reason": item.get("fail_reason", spec.get("fail_reason", "Emulated sub-job failure."))}
            try:
                if self.service == "workspace":
                    phases = build_phases(life_spec, "workspace_sub", {}, failure, config)
                else:
                    phases = build_phases(life_spec, SUB_VOCABULARY[self.service], {}, {}, config)
            except SpecError as exc:
                raise SpecError("sub_job %d: %s" % (position, exc)) from exc
            self.sub_jobs.append(SubJob(self, item, Life(phases, now), (failure["error_code"], failure["fail_reason"])))

    @staticmethod
    def _inherited_life(spec, position, count):
        """The parent's simple life spread over its sub-jobs, finishing one by one."""
        state = spec.get("state")
        then = spec.get("then")
        last = position == count - 1
        if then is None:
            if state == "failed" and not last:
                return {"state": "succeeded"}
            return {"state": state or "succeeded"}
        life = {"state": "running", "then": "failed" if then == "failed" and last else "succeeded"}
        share = float(position + 1) / count
        if spec.get("after_seconds") is not None:
            life["after_seconds"] = spec["after_seconds"] * share
        if spec.get("after_polls") is not None:
            life["after_polls"] = int(math.ceil(spec["after_polls"] * share))
        return life

    # -- reading ----------------------------------------------------------

    def visible(self, now):
        return now - self.created >= self.hidden_for_seconds and self.hidden_polls >= self.hidden_for_polls

    def status(self, now):
        """The raw status now, for the parent of sub-jobs derived from them."""
        if self.life is not None:
            return self.life.advance(now).status
        states = [sub.state(now) for sub in self.sub_jobs]
        words = VOCABULARY[self.service]
        if all(s == "succeeded" for s in states):
            return words["succeeded"][0]
        if all(s in ("succeeded", "failed") for s in states):
            return words["failed"][0]
        return words["running"][0]

    def state(self, now):
        return classify(self.service, self.status(now))

    def end_time(self, now):
        if self.life is not None:
            self.life.advance(now)
            return self.life.started if self.state(now) in ("succeeded", "failed") else None
        if self.state(now) in ("succeeded", "failed"):
            return max([self.created] + [sub.end_time(now) or self.created for sub in self.sub_jobs])
        return None

    def progress(self, now):
        if self.sub_jobs:
            return int(sum(sub.process(now) for sub in self.sub_jobs) / len(self.sub_jobs))
        state = self.state(now)
        if state in ("succeeded", "failed"):
            return 100
        return min(99, int(self.life.fraction(now) * 100))

    def _phase(self, now):
        return self.life.advance(now) if self.life is not None else Phase(self.status(now))

    def render(self, now, listing=False):
        """The job object exactly as the service's API returns it."""
        phase = self._phase(now)
        fmt = self.time_format
        begin = format_time(self.created, fmt)
        end = format_time(self.end_time(now), fmt)
        if self.service == "cph":
            base = dict((k, self.spec[k]) for k in CPH_RESOURCE_KEYS if k in self.spec)
            if not listing:
                base = dict({"request_id": self.request_id}, **base)
            base.update({"job_id": self.job_id, "begin_time": begin, "end_time": end, "status": phase.status,
                         "error_code": "" if listing else None, "error_msg": "" if listing else None, "execute_msg": None})
        elif self.service == "koophone":
            base = {"job_id": self.job_id, "status": phase.status, "error_code": "", "error_msg": "", "execute_msg": None}
        elif self.service == "workspace":
            base = {"id": self.job_id, "job_type": self.job_type, "begin_time": begin, "end_time": end, "status": phase.status,
                    "job_error_code": None, "fail_reason": None, "sub_jobs_total": len(self.sub_jobs),
                    "sub_jobs": [sub.render(now) for sub in self.sub_jobs]}
            if self.life is None and self.state(now) == "failed":
                failed = [sub.render(now) for sub in self.sub_jobs if sub.state(now) == "failed"]
                base["job_error_code"] = failed[0].get("error_code")
                base["fail_reason"] = failed[0].get("fail_reason")
        elif self.service == "cfw":
            base = {"id": self.job_id, "status": phase.status, "begin_time": begin, "end_time": end}
        else:
            base = self._render_beyond_seeds(now, phase, begin, end)
        return merged(base, phase.base, self.spec.get("fields"), phase.fields)

    def _failure_now(self, now):
        """(error code, reason) of a failed job: its own, or its first failed sub-job's; (None, None) otherwise."""
        if self.state(now) != "failed":
            return None, None
        if self.life is None:
            for sub in self.sub_jobs:
                if sub.state(now) == "failed":
                    return sub.failure
        code, reason = FAILURE_DEFAULTS[self.service]
        return self.spec.get("error_code", code), self.spec.get("fail_reason", reason)

    def _render_beyond_seeds(self, now, phase, begin, end):
        """ECS, EVS, IMS, BMS, DCS, CCE and RDS job bodies, field for field as the vendors' SDK models name them."""
        service = self.service
        spec = self.spec
        code, reason = self._failure_now(now)
        subs = [sub.render(now) for sub in self.sub_jobs]
        if service in MORE_JOB_SERVICES:
            return more_jobs.render_job(self, now, phase, begin, end, code, reason, subs)
        if service == "cce":
            body = {"type": self.job_type, "clusterUID": self.resource_id, "resourceID": spec.get("resource_id", self.resource_id),
                    "resourceName": spec.get("resource_name", "cluster-%s" % self.job_id[:6])}
            if spec.get("extend_param") is not None:
                body["extendParam"] = spec["extend_param"]
            if self.sub_jobs:
                body["subJobs"] = subs
            end_epoch = self.end_time(now)
            return cce_job(self.job_id, self.created, end_epoch if end_epoch is not None else self.created, self.time_format,
                           body, phase.status, reason)
        if service == "rds":
            job = {"id": self.job_id, "name": self.job_type, "status": phase.status, "created": begin, "ended": end,
                   "process": "%d%%" % self.progress(now) if self.state(now) == "running" else "",
                   "instance": {"id": self.resource_id, "name": spec.get("instance_name", "rds-%s" % self.resource_id[:6])}}
            if reason is not None:
                job["fail_reason"] = reason
            return job
        if service == "dcs":
            return {"job_id": self.job_id, "job_type": self.job_type, "status": phase.status, "begin_time": begin,
                    "end_time": end, "fail_reason": reason}
        if service in ("ecs", "bms"):
            if self.sub_jobs:
                entities = {"sub_jobs_total": len(subs), "sub_jobs": subs}
            else:
                entities = {"server_id": self.resource_id}
                if spec.get("nic_id") is not None:
                    entities["nic_id"] = spec["nic_id"]
        elif service == "evs":
            if self.sub_jobs:
                entities = {"sub_jobs": subs}
            else:
                entities = {"volume_id": self.resource_id}
                for key in ("volume_type", "size", "name"):
                    if spec.get(key) is not None:
                        entities[key] = spec[key]
        else:
            entities = {"image_id": self.resource_id}
            if spec.get("image_name") is not None:
                entities["image_name"] = spec["image_name"]
            if self.sub_jobs:
                entities = {"sub_jobs_result": subs, "sub_jobs_list": [sub.id for sub in self.sub_jobs]}
        return {"status": phase.status, "entities": entities, "job_id": self.job_id, "job_type": self.job_type,
                "begin_time": begin, "end_time": end, "error_code": code, "fail_reason": reason}

    def summary(self, now):
        """What the control API shows: internals plus the current answer."""
        out = {
            "service": self.service,
            "job_id": self.job_id,
            "project_id": self.project_id,
            "state": self.state(now),
            "status": self.status(now),
            "progress": self.progress(now),
            "polls": self.polls,
            "hidden_polls": self.hidden_polls,
            "visible": self.visible(now),
            "created_at": format_time(self.created, "iso_fraction"),
            "time_format": self.time_format,
            "answer": self.render(now),
        }
        if self.service == "cph":
            out["request_id"] = self.request_id
        if self.service == "koophone":
            out["task_id"] = self.task_id
        if self.life is not None:
            out["phase"] = self.life.index
        if self.sub_jobs:
            out["sub_jobs"] = [{"id": s.id, "resource_id": s.resource_id, "state": s.state(now), "process": s.process(now)}
                               for s in self.sub_jobs]
            if self.service == "workspace":
                for entry, sub in zip(out["sub_jobs"], self.sub_jobs):
                    entry["desktop_id"] = sub.desktop_id
        return out

    def poll(self, now):
        self.polls += 1
        if self.life is not None:
            self.life.poll(now)
        for sub in self.sub_jobs:
            sub.life.poll(now)


class State:
    """All mutable emulator state, guarded by one re-entrant lock."""

    def __init__(self, clock=time.time):
        self.clock = clock
        self.clock_offset = 0.0
        self.frozen_at = None
        self.lock = threading.RLock()
        self.base_config = dict(DEFAULT_CONFIG)
        self.config = dict(DEFAULT_CONFIG)
        self.jobs = {}
        self.tokens = {}
        self.requests = []
        self.generation = 0  # bumped by reset and clear_requests: what arrived before is not logged after
        self.x_request_ids = []
        self.seq = 0

    def now(self):
        """The emulated now: the real clock, moved by `advance_clock`, stopped by `freeze_clock`."""
        with self.lock:
            if self.frozen_at is not None:
                return self.frozen_at
            return self.clock() + self.clock_offset

    def real_now(self):
        """The real clock, for what the client's own clock is compared with (the X-Sdk-Date skew check)."""
        return self.clock()

    # -- the controllable clock ------------------------------------------------

    def clock_view(self):
        with self.lock:
            now = self.now()
            return {"now": format_time(now, "iso_fraction"), "epoch": now, "frozen": self.frozen_at is not None,
                    "offset": now - self.clock()}

    def advance_clock(self, seconds):
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise SpecError("advance must be a number of seconds >= 0, got %r" % (seconds,))
        with self.lock:
            if self.frozen_at is not None:
                self.frozen_at += seconds
            else:
                self.clock_offset += seconds
            return self.clock_view()

    def freeze_clock(self, frozen):
        if not isinstance(frozen, bool):
            raise SpecError("freeze must be true or false, got %r" % (frozen,))
        with self.lock:
            if frozen and self.frozen_at is None:
                self.frozen_at = self.clock() + self.clock_offset
            elif not frozen and self.frozen_at is not None:
                self.clock_offset = self.frozen_at - self.clock()
                self.frozen_at = None
            return self.clock_view()

    # -- control ------------------------------------------------------------

    def reset(self):
        with self.lock:
            self.config = dict(self.base_config)
            self.clock_offset = 0.0
            self.frozen_at = None
            self.jobs.clear()
            self.tokens.clear()
            del self.requests[:]
            del self.x_request_ids[:]
            self.generation += 1

    def set_config(self, values):
        with self.lock:
            unknown = set(values) - set(DEFAULT_CONFIG)
            if unknown:
                raise SpecError("unknown config keys %s (allowed: %s)" % (sorted(unknown), sorted(DEFAULT_CONFIG)))
            for key, value in values.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                    raise SpecError("config %s must be a number >= 0" % key)
                self.config[key] = value
            return dict(self.config)

    def add_jobs(self, specs):
        """Create jobs from specs; all or nothing. Returns their summaries."""
        with self.lock:
            now = self.now()
            group_ids = {}
            created = []
            for position, spec in enumerate(specs):
                if not isinstance(spec, dict):
                    raise SpecError("job %d must be an object" % position)
                try:
                    job = Job(spec, self.seq + position + 1, now, self.config, group_ids)
                except SpecError as exc:
                    raise SpecError("job %d: %s" % (position, exc)) from exc
                key = (job.service, job.job_id)
                if key in self.jobs or key in [(j.service, j.job_id) for j in created]:
                    raise SpecError("job %d: %s job %s already exists" % (position, job.service, job.job_id))
                created.append(job)
            for job in created:
                self.jobs[(job.service, job.job_id)] = job
            self.seq += len(created)
            return [job.summary(now) for job in created]

    def list_jobs(self, service=None):
        with self.lock:
            now = self.now()
            return [job.summary(now) for job in self._ordered() if service in (None, job.service)]

    def get_job_summary(self, job_id):
        with self.lock:
            now = self.now()
            for job in self._ordered():
                if job.job_id == job_id:
                    return job.summary(now)
            return None

    def delete_job(self, job_id, service=None):
        with self.lock:
            keys = [k for k in self.jobs if k[1] == job_id and service in (None, k[0])]
            for key in keys:
                del self.jobs[key]
            return len(keys)

    def _ordered(self):
        return sorted(self.jobs.values(), key=lambda j: (j.seq, j.job_id))

    # -- cloud reads (each returned job counts as a poll) ------------------

    @staticmethod
    def _visible_or_count(job, now):
        if job.visible(now):
            return True
        job.hidden_polls += 1
        return False

    def shared_job_service(self, services, project_id, job_id):
        """Which of `services` has this job id in this project (the first in order), or None."""
        with self.lock:
            for service in services:
                job = self.jobs.get((service, job_id))
                if job is not None and job.project_id == project_id:
                    return service
            return None

    def poll_job(self, service, project_id, job_id):
        """One job as the service answers it, or None when not found."""
        with self.lock:
            now = self.now()
            job = self.jobs.get((service, job_id))
            if job is None or (project_id is not None and job.project_id != project_id):
                return None
            if not self._visible_or_count(job, now):
                return None
            answer = job.render(now)
            job.poll(now)
            return answer

    def job_id_by(self, service, attr, value):
        """The job id of the job of ``service`` whose ``attr`` (operation_log_id, task_id) is ``value``, or None."""
        with self.lock:
            found = [j.job_id for j in self._ordered() if j.service == service and getattr(j, attr) == value]
            return found[0] if found else None

    def poll_group(self, service, project_id, group_ids, offset=0, limit=None):
        """Jobs of CPH requests or a KooPhone task, ordered stably and paged."""
        with self.lock:
            now = self.now()
            attr = "request_id" if service == "cph" else "task_id"
            members = [j for j in self._ordered() if j.service == service and getattr(j, attr) in group_ids
                       and (project_id is None or j.project_id == project_id)]
            shown = [j for j in members if self._visible_or_count(j, now)]
            page = shown[offset:] if limit is None else shown[offset:offset + limit]
            answers = [j.render(now, listing=True) for j in page]
            for job in page:
                job.poll(now)
            envelope = {}
            for job in members:
                envelope.update(job.spec.get("envelope") or {})
            return answers, envelope

    def job_envelope(self, service, job_id):
        with self.lock:
            job = self.jobs.get((service, job_id))
            return dict(job.spec.get("envelope") or {}) if job else {}

    # -- tokens ---------------------------------------------------------------

    def issue_token(self, project_id=None, domain_scoped=False, expires_in=None, methods=("password",)):
        with self.lock:
            now = self.now()
            lifetime = self.config["token_lifetime_seconds"] if expires_in is None else expires_in
            token = "MIIEmu" + secrets.token_urlsafe(96)
            record = {
                "token": token,
                "issued_at": now,
                "expires_at": now + lifetime,
                "project_id": project_id,
                "domain_scoped": bool(domain_scoped),
                "methods": list(methods),
            }
            self.tokens[token] = record
            return dict(record)

    def token(self, value):
        with self.lock:
            record = self.tokens.get(value)
            return dict(record) if record else None

    def expire_tokens(self):
        with self.lock:
            now = self.now()
            for record in self.tokens.values():
                record["expires_at"] = min(record["expires_at"], now - 1)
            return len(self.tokens)

    # -- request log ------------------------------------------------------

    def log_request(self, entry, generation=None):
        """Append to the log, unless the request arrived before the log was last reset or cleared."""
        with self.lock:
            if generation is not None and generation != self.generation:
                return
            self.requests.append(entry)
            limit = int(self.config["request_log_limit"])
            if len(self.requests) > limit:
                del self.requests[:len(self.requests) - limit]

    def record_x_request_id(self, value):
        with self.lock:
            self.x_request_ids.append(value)

    def request_log(self):
        with self.lock:
            return copy.deepcopy(self.requests)

    def clear_requests(self):
        with self.lock:
            del self.requests[:]
            del self.x_request_ids[:]
            self.generation += 1

    def x_request_id_report(self):
        with self.lock:
            seen = set()
            duplicates = []
            for value in self.x_request_ids:
                if value in seen and value not in duplicates:
                    duplicates.append(value)
                seen.add(value)
            return {"x_request_ids": list(self.x_request_ids), "duplicates": duplicates}


def identity():
    """The emulator's fixed identities, as the control API shows them."""
    return {
        "domain": {"name": DOMAIN_NAME, "id": DOMAIN_ID},
        "user": {"name": USER_NAME, "id": USER_ID, "password": USER_PASSWORD},
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "temporary": {"access_key": TEMP_ACCESS_KEY, "secret_key": TEMP_SECRET_KEY, "security_token": SECURITY_TOKEN},
        "default_region": DEFAULT_REGION,
        "projects": dict(PROJECTS),
    }
