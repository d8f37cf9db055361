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

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, JobNotFound
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, SUCCEEDED, UNKNOWN
from ansible_collections.hwcloud.jobs.plugins.module_utils import words
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.report import PENDING, is_done, outcome_of, tally, wait_counts

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
    """One entry the user gave, of one service: a job id, a request or task id holding many jobs, or a resource id.

    ``ids`` maps each id kind given to its id (the parent ids of a scoped id too, {cluster_id, node_id});
    ``kind`` and ``value`` are the id that names the job in messages and records (the call's naming id);
    ``until`` is a resource entry's target (raw statuses, or 'absent'), None for the table's own.
    """

    def __init__(self, service, kind, value, ids=None, until=None):
        self.service = service
        self.kind = kind
        self.value = value
        self.ids = dict(ids) if ids else {kind: value}
        self.until = until
        self.records = []
        self.seen = False
        self.missing_since = None
        self.not_found_error = None
        self.gave_up = False
        self.last_error = None
        self.polled_at = None

    @property
    def done(self):
        return self.gave_up or (bool(self.records) and all(is_done(r) for r in self.records))

    @property
    def failed(self):
        return any(outcome_of(r) == FAILED for r in self.records)


class Outcome:
    """What one call about one ref ended in this round: its records, not found (with the service's error, if it
    sent one), or a failure worth retrying later (``error``)."""

    def __init__(self, ref, records=None, not_found=False, error=None):
        self.ref = ref
        self.records = records
        self.not_found = not_found
        self.error = error


class Waiter:
    """Polls refs round by round until all are done, one failed (``fail_fast``) or the deadline passes.

    ``fetch(ref, deadline)`` returns the ref's records and raises JobNotFound or ApiError; ``missing_state`` is the
    state of a job that never appeared, or vanished, past the not-found grace: FAILED for a task that gates on it,
    UNKNOWN for an event that only reports it.

    ``pace(ref)`` gives the budget a ref's calls spend (throttle.AdaptiveThrottle: ``calls_in(seconds)``,
    ``describe()``, ``held_calls``) or None. Under a budget that knows its limit, a round spends at most the calls
    the budget lets go in max_poll_interval, on the refs polled longest ago (every job in turn, none starved), and
    the pause after it is what is left of the poll interval: a paced wait polls without idling, as fast as the limit
    allows and no faster.
    """

    def __init__(self, fetch, timeout=1800.0, delay=0.0, poll_interval=1.0, max_poll_interval=10.0,
                 not_found_timeout=30.0, progress_interval=30.0, clock=time.monotonic, sleep=time.sleep, rng=None,
                 parallel_map=None, on_progress=None, on_warning=None, overrun=0.5, missing_state=FAILED, fail_fast=False,
                 pace=None):
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
        self.missing_state = missing_state
        self.fail_fast = fail_fast
        self.stopped_early = False
        self.warned = set()
        self.announced = set()
        self.pace = pace
        self.paced = {}          # service name -> its limit's words, once a limit held the wait back
        self._held_back = False  # the last round was held back by a limit

    def wait(self, refs):
        """Poll ``refs`` until all are done or the deadline passes; the result dict."""
        start = self.begin()
        deadline = start + self.timeout
        next_progress = start + self.progress_interval if self.progress_interval else None
        if self.delay:
            self.sleep(min(self.delay, self.timeout))
        while True:
            round_start = self.clock()
            if not self.poll_round(refs, deadline):
                break
            self._announce_not_found(refs)
            now = self.clock()
            if next_progress is not None and now >= next_progress:
                self.on_progress(self.progress_line(refs, now - start))
                next_progress = now + self.progress_interval
            if all(r.done for r in refs) or now >= deadline:
                break
            if self.fail_fast and any(r.failed for r in refs):
                self.stopped_early = True
                break
            pause = self.schedule.next()
            if self._held_back:
                # The round itself waited for the budget: the pause is what is left of the interval.
                pause -= now - round_start
            if pause > 0:
                self.sleep(min(pause, deadline - now))
        return self.result(refs, self.clock() - start)

    def begin(self):
        """Mark the start of the wait (not-found grace counts from it); returns the clock's time."""
        self._start = self.clock()
        return self._start

    def poll_round(self, refs, deadline):
        """Poll every ref not done yet once, in parallel, and take in the answers; the Outcome of each call made.

        The public step of a wait: the event source calls it round by round to see each job's state as it changes.
        A ref left out (the round overran the deadline) keeps its last state.
        """
        pending, budgets = self._this_round([r for r in refs if not r.done])
        outcomes = [o for o in self.parallel_map(lambda r: self._poll(r, deadline), pending) if o is not None]
        for outcome in outcomes:
            self._apply(outcome)
        for budget, (names, held_before) in budgets.items():
            if budget.held_calls > held_before:
                self._held_back = True
                self._note_paced(names, budget)
        return outcomes

    def _this_round(self, pending):
        """The refs this round polls, longest unpolled first, and the budgets they spend ({budget: (names, held)}).

        Under a budget that knows its limit, the round spends at most what the budget lets go in
        max_poll_interval (at least one call), on the refs polled longest ago: every job in turn, none starved.
        """
        self._held_back = False
        if self.pace is None:
            return pending, {}
        groups, budgets, chosen = {}, {}, []
        for ref in pending:
            budget = self.pace(ref)
            if budget is None:
                chosen.append(ref)
                continue
            if budget not in groups:
                groups[budget] = []
                budgets[budget] = ([], budget.held_calls)
            groups[budget].append(ref)
            if ref.service.name not in budgets[budget][0]:
                budgets[budget][0].append(ref.service.name)
        for budget, group in groups.items():
            allowed = budget.calls_in(self.schedule.cap) if budget.limit is not None else None
            if allowed is not None and len(group) > max(1, int(allowed)):
                group = sorted(group, key=_last_polled)[:max(1, int(allowed))]
                self._held_back = True
                self._note_paced(budgets[budget][0], budget)
            chosen.extend(group)
        return sorted(chosen, key=_last_polled), budgets

    def _note_paced(self, names, budget):
        """Remember (and say once, in a progress line) that ``budget``'s limit holds back the polls of ``names``."""
        text = budget.describe()
        fresh = [name for name in names if name not in self.paced]
        for name in names:
            self.paced[name] = text
        if fresh and text and self.progress_interval:
            self.on_progress(words.paced_line(dict((name, text) for name in fresh)))

    def _announce_not_found(self, refs):
        """A progress line, once per id, when an id is first not found: the wait is not silent for not_found_timeout."""
        missing = [r for r in refs if r.missing_since is not None and not r.gave_up and r not in self.announced]
        if missing and self.progress_interval:
            self.announced.update(missing)
            self.on_progress(words.not_found_yet_line([self._missing_record(r) for r in missing], self.not_found_timeout))

    def _poll(self, ref, deadline):
        """The Outcome of one call (an ApiError that is neither transient nor a not-found is raised).

        A round still going ``overrun`` seconds past the deadline (many jobs, few workers) starts no more
        calls (None): those jobs keep their last state, so the task ends on time.
        """
        if self.clock() > deadline + self.overrun:
            return None
        self.polls += 1
        ref.polled_at = self.clock()
        try:
            records = self.fetch(ref, deadline)
        except JobNotFound as err:
            return Outcome(ref, not_found=True, error=err)
        except ApiError as err:
            if err.transient:
                return Outcome(ref, error=err)
            raise
        return Outcome(ref, records=records, not_found=not records)

    def _apply(self, outcome):
        ref, now = outcome.ref, self.clock()
        if outcome.not_found:
            ref.not_found_error = outcome.error
            if ref.missing_since is None:
                ref.missing_since = now if ref.seen else self._start
            if now - ref.missing_since >= self.not_found_timeout:
                ref.gave_up = True
            return
        if outcome.error is not None:
            self.transient_errors += 1
            ref.last_error = outcome.error
            return
        ref.seen = True
        ref.missing_since = None
        ref.last_error = None
        ref.records = outcome.records
        for record in outcome.records:
            if record["state"] == UNKNOWN:
                key = (record.get("job_id"), repr(words.raw_status(record)))
                if key not in self.warned:
                    self.warned.add(key)
                    self.on_warning(words.unknown_status_warning(record))

    # ---- results ----

    def _missing_record(self, ref):
        """A record for an id with no job to show: not found (yet), or no answer at all."""
        record = {"service": ref.service.name, "job_id": ref.value, "state": self.missing_state if ref.gave_up else UNKNOWN,
                  "started_at": None, "ended_at": None, "duration": None, "progress": None}
        for kind, value in ref.ids.items():
            if kind != "job_id":
                record[kind] = value
        if ref.missing_since is None:
            err = ref.last_error
            record["error_code"] = err.error_code if err else None
            record["error_msg"] = err.describe() if err else words.NO_ANSWER
            return record
        err = ref.not_found_error
        record["not_found"] = True
        record["error_code"] = err.error_code if err else "NotFound"
        record["error_msg"] = (err.error_msg if err else None) or words.not_found_text(ref.kind, ref.value)
        if ref.gave_up:
            record["error_msg"] += "; " + words.not_found_given_up(self.not_found_timeout)
        return record

    def records_of(self, ref):
        """The ref's records; a job gone past its grace is ``missing_state``, never left as it last looked."""
        if not ref.records:
            return [self._missing_record(ref)]
        if ref.gave_up:
            gone = self._missing_record(ref)
            vanished = dict(state=self.missing_state, not_found=True, error_code=gone["error_code"], error_msg=gone["error_msg"])
            return [r if is_done(r) else dict(r, **vanished) for r in ref.records]
        return ref.records

    def result(self, refs, elapsed):
        """The wait's result: every record, the ids per outcome (pending_ids: not done at the deadline, or when fail_fast
        stopped the wait), the counts per service, the time and the polls."""
        jobs, ids = [], dict((key, []) for key in (SUCCEEDED, FAILED, PENDING))
        for ref in refs:
            for number, record in enumerate(self.records_of(ref)):
                jobs.append(record)
                outcome = outcome_of(record)
                # A job of a request or task sent without an id still counts, under the id given and its place.
                ids[outcome if outcome in ids else PENDING].append(record.get("job_id") or "%s#%d" % (ref.value, number))
        return dict(
            jobs=jobs,
            succeeded_ids=ids[SUCCEEDED],
            failed_ids=ids[FAILED],
            pending_ids=ids[PENDING],
            by_service=wait_counts(tally(jobs)),
            elapsed=round(elapsed, 3),
            polls=self.polls,
            transient_errors=self.transient_errors,
            timed_out=bool(ids["pending"]) and not self.stopped_early,
            stopped_early=self.stopped_early,
        )

    def progress_line(self, refs, elapsed):
        """'300 jobs: 120 done (3 failed), 180 not done (5 waiting for payment), 30s elapsed, progress 45%; cph 100/100, cfw 20/200'."""
        line = words.progress_line(tally([record for ref in refs for record in self.records_of(ref)]), elapsed)
        errors = [r.last_error for r in refs if not r.done and r.last_error is not None]
        if errors:
            line += words.last_error_note(len(errors), errors[-1].describe())
        if self.paced:
            line += "; " + words.paced_text(self.paced)
        return line


def _last_polled(ref):
    """Sort key: never polled first, then the one polled longest ago."""
    return (ref.polled_at is not None, ref.polled_at or 0.0)


def _message(result, why):
    """The wait's msg from its records, sorted by the report model: the failed jobs, then (``why``) the ones not done."""
    jobs = result["jobs"]
    failed = [r for r in jobs if outcome_of(r) == FAILED]
    pending = [r for r in jobs if not is_done(r)]
    return words.wait_message(failed, pending, len(jobs), why)


def failure_message(result):
    """The task's msg when jobs failed: each failed job with its error code and message."""
    return _message(result, None)


def timeout_message(result, timeout):
    """The task's msg at the deadline: the failed jobs first, then the jobs still pending and their last state."""
    return _message(result, words.timed_out_after(timeout))


def stopped_message(result):
    """The task's msg when fail_fast stopped the wait at the first failure: the failed jobs, then the ones not done."""
    return _message(result, words.STOPPED_EARLY if result["pending_ids"] else None)
