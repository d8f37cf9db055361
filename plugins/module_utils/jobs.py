# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one reader of a job: a raw answer's job object, through its service's Shape, as the job record every
service shares (state, times, progress, sub-jobs), and the dotted-path lookups it uses."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.hwcloud.jobs.plugins.module_utils.times import iso_text, parse_moment

RUNNING, SUCCEEDED, FAILED, UNKNOWN = "running", "succeeded", "failed", "unknown"
TERMINAL_STATES = (SUCCEEDED, FAILED)
# A record key the reader writes over the raw one; a status sent under it (SMS's "state") is kept as "status".
WRITTEN_STATUS_KEYS = ("state",)


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
    status = field(raw, shape.status)
    record["state"] = shape.state_of(status)
    if getattr(shape, "verdict", None) is not None:
        record["state"] = shape.decided(record["state"], raw)
    if shape.status in WRITTEN_STATUS_KEYS and "status" not in raw:
        record["status"] = status
    started, ended = (parse_moment(field(raw, path)) if path else None for path in shape.times)
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
    record["started_at"] = iso_text(started)
    record["ended_at"] = iso_text(ended)
    record["duration"] = round((ended - started).total_seconds(), 3) if started and ended else None
    return record


def normalise(service, raw, queried_id=None, shape=None):
    """The job record: every raw field as sent, plus service, job_id, state, started_at, ended_at, duration, progress
    (and sub_jobs, failed_sub_jobs, sub_jobs_without_status where the service has sub-jobs), the same for every service.

    ``shape`` reads a resource (or a shape declared in the play) instead of the service's job; its record also
    names where its raw status is (``status_at``), since the service's job shape does not say.
    """
    raw = raw if isinstance(raw, dict) else {}
    shape = shape or service.job
    record = read_job(shape, raw)
    record["service"] = service.name
    if shape is not service.job:
        record["status_at"] = shape.status
        record.setdefault("status", field(raw, shape.status))
        # The service's job shape does not say where a resource keeps its error: the generic keys carry it.
        for key, path in zip(("error_code", "error_msg"), shape.error):
            if path and record.get(key) in (None, "") and field(raw, path) not in (None, ""):
                record[key] = field(raw, path)
    # Asked by job id, the record carries the id asked for (the raw field stays as sent, even if it differs).
    job_id = queried_id or dig(raw, shape.id_field)
    record["job_id"] = job_id if isinstance(job_id, str) and job_id else None
    return record
