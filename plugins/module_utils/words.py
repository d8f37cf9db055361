# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every word said about a job, in one place: its subject, error, status, sub-jobs, and the lines built from them.

The waiter's messages and progress lines, the report filters and the event source say a job's state in these
words, and read what to say from the job's entry in the service table; nothing here names a service.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, TERMINAL_STATES, UNKNOWN, dig, field
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES


def count(number, noun, plural=None):
    """'1 job', '2 jobs', '1 desktop', '0 phones'."""
    return "%d %s" % (number, noun if number == 1 else plural or noun + "s")


def _text(value):
    return None if value in (None, "") else str(value)


def _entry(record):
    return SERVICES.get(record.get("service")) if isinstance(record, dict) else None


def quote_status(status):
    """A raw status as every message quotes it: 'FAIL', -1, or 'no status'."""
    return "no status" if status is None else repr(status)


def raw_status(record):
    """The raw status of a record, wherever its service keeps it ('status', 'status.phase', ...)."""
    service = _entry(record)
    return field(record, service.job.status if service else "status")


def status_note(record):
    """What a raw status means to a person waiting ('waiting for payment', 'not started yet'), or None."""
    service = _entry(record)
    return service.job.note_of(raw_status(record)) if service else None


def job_error(record):
    """(error code, message) of a record: the generic keys a wait adds, else the fields its service names."""
    service = _entry(record)
    code_path, msg_path = service.job.error if service else (None, None)
    code = _text(record.get("error_code")) or (_text(dig(record, code_path)) if code_path else None)
    msg = _text(record.get("error_msg")) or (_text(dig(record, msg_path)) if msg_path else None)
    return code, msg


def subject_of(record):
    """'phone 3f2a...' for a record whose service names what its job works on, else None."""
    service = _entry(record)
    value = _text(dig(record, service.job.subject)) if service and service.job.subject else None
    return "%s %s" % (service.noun, value) if value else None


def job_output(record):
    """What the job's command printed, for services whose jobs run one; else None."""
    service = _entry(record)
    return _text(dig(record, service.job.output)) if service and service.job.output else None


def failed_with_status(status):
    """The reason of a failed job that gives no error of its own."""
    return "failed with status %s" % quote_status(status)


def describe_sub_job(service, summary):
    """'sub-job 12 (desktop desk-7, user ben): WKS.00010059: Insufficient resources.'"""
    spec = service.job.sub_jobs
    label = next((summary[key] for key in spec.label if summary.get(key)), None)
    extras = "".join(", %s %s" % (word, summary[key]) for word, key in spec.details if summary.get(key))
    about = " (%s %s%s)" % (spec.noun, label, extras) if label or extras else ""
    reason = ": ".join(str(summary[k]) for k in ("error_code", "fail_reason") if summary.get(k)) or "failed"
    return "sub-job %s%s: %s" % (summary.get("id"), about, reason)


def sub_job_lines(record):
    """A line for each failed sub-job of a record (or of a report row: same keys), in its service's words."""
    service = _entry(record)
    if service is None or service.job.sub_jobs is None:
        return []
    return [describe_sub_job(service, s) for s in record.get("failed_sub_jobs") or [] if isinstance(s, dict)]


def job_name(record):
    """'cph job 3f2a... (phone 1234...)': the service, the id, and what the job worked on where the service says."""
    text = "%s job %s" % (record.get("service"), record.get("job_id"))
    # A report's row (it has an outcome) carries its subject already worded.
    subject = record.get("subject") if "outcome" in record else subject_of(record)
    return text + (" (%s)" % subject if subject else "")


def failure_reason(record):
    """The error code and message of a failed job, or the status it failed with."""
    detail = ": ".join(x for x in job_error(record) if x)
    return detail or failed_with_status(raw_status(record))


def describe_failure(record):
    """One line for a failed job: service, id, what it worked on, error code and message, failed sub-jobs."""
    return "; ".join(["%s: %s" % (job_name(record), failure_reason(record))] + sub_job_lines(record))


def status_detail(record):
    """"status 'PENDING_PAYMENT': waiting for payment, 40%": the raw status, what it means, the progress."""
    text = "status %s" % quote_status(raw_status(record))
    note = status_note(record)
    if note:
        text += ": " + note
    if record.get("progress") is not None:
        text += ", %d%%" % record["progress"]
    return text


def pending_state(record):
    """How a job not done stands: "running, status 'RUNNING': waiting for payment, 40%", or why it has no status."""
    if record.get("not_found"):
        return "not found yet: %s" % (job_error(record)[0] or "NotFound")
    if raw_status(record) is None and record.get("error_msg"):
        return str(record["error_msg"])
    return "%s, %s" % (record.get("state") or UNKNOWN, status_detail(record))


def describe_pending(record):
    """'cfw 3f2a... (running, status 'Running', 40%)'."""
    return "%s %s (%s)" % (record.get("service"), record.get("job_id"), pending_state(record))


def _listed(lines, limit, sep):
    more = " ... and %d more" % (len(lines) - limit) if len(lines) > limit else ""
    return sep.join(lines[:limit]) + more


def failure_message(jobs, limit=20):
    """'1 of 3 jobs failed: ...': each failed job with its error code and message."""
    failed = [describe_failure(r) for r in jobs if r["state"] == FAILED]
    return "%d of %s failed: %s" % (len(failed), count(len(jobs), "job"), _listed(failed, limit, "; "))


def not_done_message(jobs, why, limit=20):
    """'timed out after 6.0s with 1 of 3 jobs not done: ...' (``why`` says what ended the wait)."""
    pending = [describe_pending(r) for r in jobs if r["state"] not in TERMINAL_STATES]
    return "%s with %d of %s not done: %s" % (why, len(pending), count(len(jobs), "job"), _listed(pending, limit, ", "))


def progress_line(jobs, elapsed):
    """'300 jobs: 120 done (3 failed), 180 not done (5 waiting for payment), 30s elapsed, progress 45%; cph 100/100, cfw 20/200'."""
    done = sum(1 for r in jobs if r["state"] in TERMINAL_STATES)
    failed = sum(1 for r in jobs if r["state"] == FAILED)
    notes = {}
    for record in jobs:
        note = status_note(record) if record["state"] not in TERMINAL_STATES else None
        if note:
            notes[note] = notes.get(note, 0) + 1
    waiting = " (%s)" % ", ".join("%d %s" % (n, note) for note, n in sorted(notes.items())) if notes else ""
    line = "%s: %d done (%d failed), %d not done%s, %.0fs elapsed" % (
        count(len(jobs), "job"), done, failed, len(jobs) - done, waiting, elapsed)
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
    return line


def unknown_status_warning(record):
    """Why a job is unknown: its own status, or (its own is documented) a sub-job's that the table does not list."""
    service, own = _entry(record), raw_status(record)
    what = "has status %s" % quote_status(own)
    if service is not None and service.job.sub_jobs is not None and service.job.state_of(own) != UNKNOWN:
        shape = service.job.sub_jobs.shape
        odd = [s for s in record.get("sub_jobs") or [] if s.get("state") == UNKNOWN and field(s, shape.status) is not None]
        if odd:
            what = "has status %s, and its sub-job %s has status %s" % (
                quote_status(own), dig(odd[0], shape.id_field), quote_status(field(odd[0], shape.status)))
    return ("%s job %s %s, which is not a documented value; it is not taken as success, polling goes on"
            % (record.get("service"), record.get("job_id"), what))
