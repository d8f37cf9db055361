# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The report model: how a job ended (its outcome), its subject and error, and the counts per outcome, state and
service, worked out once.

Controller-only. The waiter (its result and progress lines), the verdict of a wait, the report filters, the HTML
page and the event source read a job through these functions; the words they say come from module_utils/words.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, SUCCEEDED, TERMINAL_STATES, UNKNOWN
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import (
    WAIT_FAILED, as_text, failed_with_status, job_error, job_output, made_by, pending_reason, raw_status, status_note,
    sub_job_lines, subject_of,
)

# How a job ended, as a report says it.
TIMED_OUT = "timed_out"     # not done at the deadline
STOPPED = "stopped"         # not done when fail_fast stopped the wait at the first failure
UNREADABLE = "unreadable"   # its status could not be read at all (no or wrong credentials, ...)
OUTCOMES = (SUCCEEDED, FAILED, TIMED_OUT, STOPPED, UNREADABLE)
# The order in which a message names the jobs that did not succeed: failures first.
PROBLEM_ORDER = (FAILED, UNREADABLE, TIMED_OUT, STOPPED)
PENDING = "pending"


def is_done(record):
    """Whether a job record (or a report row) has ended: the service said it succeeded or failed."""
    return record.get("state") in TERMINAL_STATES


def outcome_of(record, stopped_early=False):
    """How the job of a record ended: its terminal state, else timed out (or stopped, when fail_fast ended the wait);
    a report row keeps its own."""
    if record.get("outcome") in OUTCOMES:
        return record["outcome"]
    if is_done(record):
        return record["state"]
    return STOPPED if stopped_early else TIMED_OUT


def report_record(record, transient_errors=0, stopped_early=False):
    """The report's row of one job record: its outcome, error, subject, failed sub-jobs, what it made (a completed
    order's resources) and whether it is gone as ``until: absent`` asked, the same keys for every service.

    ``stopped_early``: the wait ended at the first failure (fail_fast), so a job not done is ``stopped``, not
    ``timed_out``. A record that already has an outcome (a report's own row) is returned as it is.
    """
    if record.get("outcome") in OUTCOMES:
        return record
    state = record.get("state")
    outcome = outcome_of(record, stopped_early)
    code, message = job_error(record)
    if outcome in (TIMED_OUT, STOPPED):
        message = pending_reason(record, message, transient_errors, stopped_early)
    elif outcome == FAILED and not message:
        message = failed_with_status(raw_status(record), status_note(record))
    done_well = outcome == SUCCEEDED
    return dict(
        service=record.get("service"),
        job_id=record.get("job_id"),
        outcome=outcome,
        state=state,
        status=raw_status(record),
        error_code=None if done_well else code,
        error_msg=None if done_well else message,
        started_at=record.get("started_at"),
        ended_at=record.get("ended_at"),
        duration=record.get("duration"),
        progress=record.get("progress"),
        subject=subject_of(record),
        execute_msg=job_output(record),
        failed_sub_jobs=list(record.get("failed_sub_jobs") or []),
        not_found=bool(record.get("not_found")),
        resources=made_by(record),
        absent=bool(record.get("absent")),
    )


def unreadable_record(service, job_id, code, message):
    """The report's row of a job whose status could not be read at all."""
    return dict(service=service, job_id=job_id, outcome=UNREADABLE, state=UNKNOWN, status=None, error_code=as_text(code),
                error_msg=as_text(message) or WAIT_FAILED, started_at=None, ended_at=None, duration=None, progress=None,
                subject=None, execute_msg=None, failed_sub_jobs=[], not_found=False, resources=[], absent=False)


def reason(job, subject=True):
    """A report row's subject (unless the caller names it already), error code and message, then each failed sub-job
    as its service's table describes it."""
    error = ": ".join(str(x) for x in (job.get("error_code"), job.get("error_msg")) if x not in (None, ""))
    about = job.get("subject") if subject else None
    parts = ["%s: %s" % (about, error) if about and error else about or error]
    return "; ".join(part for part in parts + sub_job_lines(job) if part)


def problems_first(rows):
    """The rows that did not succeed, failed first, then unreadable, timed out, stopped; each kind in its order."""
    return sorted((row for row in rows if row["outcome"] != SUCCEEDED), key=lambda row: PROBLEM_ORDER.index(row["outcome"]))


def label_of(row):
    """The state a page or a count shows for a row: its state, or ``unreadable`` for a job that could not be read."""
    return UNREADABLE if row.get("outcome") == UNREADABLE else row.get("state") or UNKNOWN


def _counts():
    return dict(total=0, done=0, pending=0, outcomes=dict((o, 0) for o in OUTCOMES), states={})


def tally(records, transient_errors=0, stopped_early=False):
    """The counts of job records (or report rows), derived once for every message, report and page.

    ``{total, done, pending, outcomes: {succeeded, failed, timed_out, stopped, unreadable}, states: {state: n},
    notes: {what a job not done waits for: n}, progress: mean progress or None,
    by_service: {service: {total, done, pending, succeeded, failed, outcomes, states}}}``, services in the order
    they first appear. ``states`` counts each row's label_of (a state, or ``unreadable``).
    """
    whole = _counts()
    whole.update(notes={}, progress=None, by_service={})
    progress = []
    for record in records:
        row = report_record(record, transient_errors, stopped_early)
        service = whole["by_service"].setdefault(row["service"], _counts())
        done = is_done(row) and row["outcome"] != UNREADABLE
        for counts in (whole, service):
            counts["total"] += 1
            counts["done" if done else "pending"] += 1
            counts["outcomes"][row["outcome"]] += 1
            label = label_of(row)
            counts["states"][label] = counts["states"].get(label, 0) + 1
        if not done:
            note = "not found yet" if record.get("not_found") else status_note(record) if "outcome" not in record else None
            if note:
                whole["notes"][note] = whole["notes"].get(note, 0) + 1
        if row.get("progress") is not None:
            progress.append(row["progress"])
    for counts in whole["by_service"].values():
        counts.update(succeeded=counts["outcomes"][SUCCEEDED], failed=counts["outcomes"][FAILED])
    if progress:
        whole["progress"] = sum(progress) / len(progress)
    return whole


def wait_counts(tally_of):
    """A wait's ``by_service``: {service: {succeeded, failed, pending}} of a tally."""
    return dict((name, dict((key, counts[key]) for key in (SUCCEEDED, FAILED, PENDING)))
                for name, counts in tally_of["by_service"].items())
