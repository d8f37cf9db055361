# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The polling loop of wait_for_job and the event source: deadline, backoff with jitter, not-found grace.

Pure: it calls ``fetch(ref, deadline)`` for the I/O and takes its clock, sleep,
random source and parallel map as arguments, so it is tested without sleeping.
The ids it waits on may be of any services: each ``Ref`` carries its entry of
the service table, and every word it says about a job comes from that entry.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import (
    FAILED, SUCCEEDED, UNKNOWN, TERMINAL_STATES, describe_failure, job_error, raw_status, status_note,
)

GROWTH = 1.5
JITTER = 0.2


class PollSchedule:
    """Intervals growing by GROWTH from ``first`` to ``cap``, with +-10% jitter kept inside [first, cap]."""

    def __init__(self, first, cap, rng=None):
        self.first = first
        self.cap = max(cap, first)
        self.rng = rng or random.random
        self.base = first

    def next(self):
        jittered = self.base * (1 - JITTER / 2 + JITTER * self.rng())
        self.base = min(self.cap, self.base * GROWTH)
        return min(self.cap, max(self.first, jittered))


class Ref:
    """One id the user gave, of one service: a job id, or a request or task id holding many jobs."""

    def __init__(self, service, kind, value):
        self.service = service
        self.kind = kind
        self.value = value
        self.records = []
        self.seen = False
        self.missing_since = None
        self.not_found_error = None
        self.gave_up = False
        self.last_error = None

    @property
    def done(self):
        return self.gave_up or (bool(self.records) and all(r["state"] in TERMINAL_STATES for r in self.records))

    def is_not_found(self, err):
        return self.service.not_found(err)


class Waiter:
    def __init__(self, fetch, timeout=1800.0, delay=0.0, poll_interval=1.0, max_poll_interval=10.0,
                 not_found_timeout=30.0, progress_interval=30.0, clock=time.monotonic, sleep=time.sleep, rng=None,
                 parallel_map=None, on_progress=None, on_warning=None, overrun=0.5):
        self.fetch = fetch
        self.timeout = timeout
        self.delay = delay
        self.schedule = PollSchedule(poll_interval, max_poll_interval, rng)
        self.not_found_timeout = not_found_timeout
        self.progress_interval = progress_interval
        self.clock = clock
        self.sleep = sleep
        self.parallel_map = parallel_map or (lambda fn, items: [fn(i) for i in items])
        self.on_progress = on_progress or (lambda line: None)
        self.on_warning = on_warning or (lambda line: None)
        self._start = None
        self.polls = 0
        self.transient_errors = 0
        self.overrun = overrun
        self.warned = set()

    def wait(self, refs):
        """Poll ``refs`` until all are done or the deadline passes; the result dict."""
        start = self.begin()
        deadline = start + self.timeout
        next_progress = start + self.progress_interval if self.progress_interval else None
        if self.delay:
            self.sleep(min(self.delay, self.timeout))
        while True:
            if not self.poll_round(refs, deadline):
                break
            now = self.clock()
            if next_progress is not None and now >= next_progress:
                self.on_progress(self.progress_line(refs, now - start))
                next_progress = now + self.progress_interval
            if all(r.done for r in refs) or now >= deadline:
                break
            self.sleep(min(self.schedule.next(), deadline - now))
        return self.result(refs, self.clock() - start)

    def begin(self):
        """Mark the start of the wait (not-found grace counts from it); returns the clock's time."""
        self._start = self.clock()
        return self._start

    def poll_round(self, refs, deadline):
        """Poll every ref not done yet once, in parallel, and take in the answers; the refs polled.

        The event source calls this round by round to see each job's state as it changes.
        """
        pending = [r for r in refs if not r.done]
        for ref, outcome in zip(pending, self.parallel_map(lambda r: self._poll(r, deadline), pending)):
            self._apply(ref, outcome)
        return pending

    def _poll(self, ref, deadline):
        """Records, or the ApiError the call ended with (raised when it is not transient nor a not-found).

        A round still going ``overrun`` seconds past the deadline (many jobs, few workers) starts no more
        calls: those jobs keep their last state, so the task ends on time.
        """
        if self.clock() > deadline + self.overrun:
            return None
        self.polls += 1
        try:
            return self.fetch(ref, deadline)
        except ApiError as err:
            if err.transient or ref.is_not_found(err):
                return err
            raise

    def _apply(self, ref, outcome):
        if outcome is None:
            return
        now = self.clock()
        if isinstance(outcome, ApiError) and not ref.is_not_found(outcome):
            self.transient_errors += 1
            ref.last_error = outcome
            return
        if isinstance(outcome, ApiError) or not outcome:
            ref.not_found_error = outcome if isinstance(outcome, ApiError) else None
            if ref.missing_since is None:
                ref.missing_since = now if ref.seen else self._start
            if now - ref.missing_since >= self.not_found_timeout:
                ref.gave_up = True
            return
        ref.seen = True
        ref.missing_since = None
        ref.last_error = None
        ref.records = outcome
        for record in outcome:
            if record["state"] == UNKNOWN:
                key = (record.get("job_id"), repr(raw_status(record)))
                if key not in self.warned:
                    self.warned.add(key)
                    self.on_warning("%s job %s has status %r, which is not a documented value; "
                                    "it is not taken as success, polling goes on" % (ref.service.name, record.get("job_id"), raw_status(record)))

    # ---- results ----

    def _missing_record(self, ref):
        """A record for an id with no job to show: not found (yet), or no answer at all."""
        record = {"service": ref.service.name, "job_id": ref.value, "state": FAILED if ref.gave_up else UNKNOWN,
                  "started_at": None, "ended_at": None, "duration": None, "progress": None}
        if ref.kind != "job_id":
            record[ref.kind] = ref.value
        if ref.missing_since is None:
            err = ref.last_error
            record["error_code"] = err.error_code if err else None
            record["error_msg"] = err.describe() if err else "no answer before the deadline"
            return record
        err = ref.not_found_error
        record["not_found"] = True
        record["error_code"] = err.error_code if err else "NotFound"
        record["error_msg"] = (err.error_msg if err else None) or "%s %s was not found" % (ref.kind, ref.value)
        return record

    def records_of(self, ref):
        """The ref's records; a job gone past its grace is failed, never left as it last looked."""
        if not ref.records:
            return [self._missing_record(ref)]
        if ref.gave_up:
            gone = self._missing_record(ref)
            vanished = dict(state=FAILED, not_found=True, error_code=gone["error_code"], error_msg=gone["error_msg"])
            return [r if r["state"] in TERMINAL_STATES else dict(r, **vanished) for r in ref.records]
        return ref.records

    def result(self, refs, elapsed):
        jobs, ids, by_service = [], dict((state, []) for state in (SUCCEEDED, FAILED, "pending")), {}
        for ref in refs:
            counts = by_service.setdefault(ref.service.name, dict((state, 0) for state in (SUCCEEDED, FAILED, "pending")))
            for number, record in enumerate(self.records_of(ref)):
                jobs.append(record)
                bucket = record["state"] if record["state"] in TERMINAL_STATES else "pending"
                # A job of a request or task sent without an id still counts, under the id given and its place.
                ids[bucket].append(record.get("job_id") or "%s#%d" % (ref.value, number))
                counts[bucket] += 1
        return dict(
            jobs=jobs,
            succeeded_ids=ids[SUCCEEDED],
            failed_ids=ids[FAILED],
            pending_ids=ids["pending"],
            by_service=by_service,
            elapsed=round(elapsed, 3),
            polls=self.polls,
            transient_errors=self.transient_errors,
            timed_out=bool(ids["pending"]),
        )

    def progress_line(self, refs, elapsed):
        """'300 jobs: 120 done (3 failed), 180 not done (5 waiting for payment), 30s elapsed, progress 45%; cph 100/100, cfw 20/200'."""
        jobs = [record for ref in refs for record in self.records_of(ref)]
        done = sum(1 for r in jobs if r["state"] in TERMINAL_STATES)
        failed = sum(1 for r in jobs if r["state"] == FAILED)
        notes = {}
        for record in jobs:
            note = status_note(record) if record["state"] not in TERMINAL_STATES else None
            if note:
                notes[note] = notes.get(note, 0) + 1
        waiting = "".join(" (%s)" % ", ".join("%d %s" % (n, note) for note, n in sorted(notes.items()))) if notes else ""
        line = "%d jobs: %d done (%d failed), %d not done%s, %.0fs elapsed" % (
            len(jobs), done, failed, len(jobs) - done, waiting, elapsed)
        progress = [r["progress"] for r in jobs if r.get("progress") is not None]
        if progress:
            line += ", progress %d%%" % (sum(progress) / len(progress))
        per_service = {}
        for record in jobs:
            counts = per_service.setdefault(record["service"], [0, 0])
            counts[0] += record["state"] in TERMINAL_STATES
            counts[1] += 1
        if len(per_service) > 1:
            line += "; " + ", ".join("%s %d/%d" % (name, d, n) for name, (d, n) in per_service.items())
        errors = [r.last_error for r in refs if not r.done and r.last_error is not None]
        if errors:
            line += "; last error (%d jobs): %s" % (len(errors), errors[-1].describe())
        return line


def _describe_pending(record):
    name = "%s %s" % (record.get("service"), record.get("job_id"))
    if record.get("not_found"):
        return "%s (not found yet: %s)" % (name, job_error(record)[0])
    if raw_status(record) is None and record.get("error_msg"):
        return "%s (%s)" % (name, record["error_msg"])
    text = "%s (%s, status %r" % (name, record["state"], raw_status(record))
    note = status_note(record)
    if note:
        text += ": " + note
    if record.get("progress") is not None:
        text += ", %d%%" % record["progress"]
    return text + ")"


def failure_message(result, limit=20):
    """The task's msg when jobs failed: each failed job with its error code and message."""
    failed = [r for r in result["jobs"] if r["state"] == FAILED]
    lines = [describe_failure(r) for r in failed[:limit]]
    more = " ... and %d more" % (len(failed) - limit) if len(failed) > limit else ""
    return "%d of %d jobs failed: %s%s" % (len(failed), len(result["jobs"]), "; ".join(lines), more)


def timeout_message(result, timeout, limit=20):
    """The task's msg at the deadline: the jobs still pending and their last state."""
    pending = [r for r in result["jobs"] if r["state"] not in TERMINAL_STATES]
    lines = [_describe_pending(r) for r in pending[:limit]]
    more = " ... and %d more" % (len(pending) - limit) if len(pending) > limit else ""
    text = "timed out after %ss with %d of %d jobs not done: %s%s" % (timeout, len(pending), len(result["jobs"]), ", ".join(lines), more)
    if result["failed_ids"]:
        text += ". Also failed: " + failure_message(result, limit)
    return text
