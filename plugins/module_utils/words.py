# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every word said about a job, in one place: its subject, error, status, sub-jobs, and the lines built from them.

The waiter's messages and progress lines, the verdict of a wait (failed, timed out, stopped early, succeeded), the
report filters' summary, verdict and JUnit text, api_call's messages about its call and its started jobs, and the
event source say a job's state in these words, and read what to say from the job's entry in the service table;
nothing here names a service. Which jobs a message names (how each ended, the counts) is the report model's
(plugin_utils/report.py), which hands the records and counts over.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, UNKNOWN, WRITTEN_STATUS_KEYS, dig, field
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES


def count(number, noun, plural=None):
    """'1 job', '2 jobs', '1 desktop', '0 phones'."""
    return "%d %s" % (number, noun if number == 1 else plural or noun + "s")


def as_text(value):
    """``value`` as text, or None for None and the empty text."""
    return None if value in (None, "") else str(value)


def seconds_text(elapsed):
    """A wait's time (or any span) as every log, report and page shows it: '2.7 s', '3 min 05 s', '2 h 01 min'."""
    seconds = max(0.0, float(elapsed))
    if seconds < 60:
        return "%.1f s" % seconds
    minutes, rest = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return "%d min %02d s" % (minutes, rest)
    return "%d h %02d min" % divmod(minutes, 60)


def _entry(record):
    return SERVICES.get(record.get("service")) if isinstance(record, dict) else None


def quote_status(status):
    """A raw status as every message quotes it: 'FAIL', -1, or 'no status'."""
    return "no status" if status is None else repr(status)


def raw_status(record):
    """The raw status of a record, wherever its service keeps it ('status', 'status.phase', ...)."""
    service = _entry(record)
    # a resource's, or a shape's declared in the play, says where its status is
    path = record.get("status_at") or (service.job.status if service else "status")
    return field(record, "status" if path in WRITTEN_STATUS_KEYS else path)


def status_note(record):
    """What a raw status means to a person waiting ('waiting for payment', 'not started yet'), or None."""
    service = _entry(record)
    return service.job.note_of(raw_status(record)) if service else None


def job_error(record):
    """(error code, message) of a record: the generic keys a wait adds, else the fields its service names."""
    service = _entry(record)
    code_path, msg_path = service.job.error if service else (None, None)
    code = as_text(record.get("error_code")) or (as_text(dig(record, code_path)) if code_path else None)
    msg = as_text(record.get("error_msg")) or (as_text(dig(record, msg_path)) if msg_path else None)
    return code, msg


def subject_of(record):
    """'phone 3f2a...' for a record whose service names what its job works on, else None."""
    service = _entry(record)
    value = as_text(dig(record, service.job.subject)) if service and service.job.subject else None
    return "%s %s" % (service.noun, value) if value else None


def job_output(record):
    """What the job's command printed, for services whose jobs run one; else None."""
    service = _entry(record)
    return as_text(dig(record, service.job.output)) if service and service.job.output else None


def made_by(record):
    """The ids of what a job made, where its service's table reads them (a completed prepaid order's resources, its
    main one first); [] for any other job."""
    service = _entry(record)
    ids = record.get(service.made.key) if service and service.made else None
    return [str(one) for one in ids if one not in (None, "")] if isinstance(ids, list) else []


ABSENT_AS_ASKED = "absent, as until: absent asked"
MADE_NAMES = 20  # ids of what a job made named in a line ('made a, b, ... and 80 more')


def end_words(row):
    """What a report row's job left where it ended well: 'made srv-1, vol-2' (what it made), or that the resource is
    gone as ``until: absent`` asked; None for any other row."""
    parts = []
    made = row.get("resources") or []
    if made:
        more = " and %d more" % (len(made) - MADE_NAMES) if len(made) > MADE_NAMES else ""
        parts.append("made %s%s" % (", ".join(str(one) for one in made[:MADE_NAMES]), more))
    if row.get("absent"):
        parts.append(ABSENT_AS_ASKED)
    return "; ".join(parts) or None


def failed_with_status(status, note=None):
    """The reason of a failed job that gives no error of its own: its status, and what the status means where the
    table says ('failed with status 4 (cancelled)')."""
    return "failed with status %s%s" % (quote_status(status), " (%s)" % note if note else "")


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
    return detail or failed_with_status(raw_status(record), status_note(record))


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


# A wait's message names at most MESSAGE_LINES jobs, each line cut at LINE_WIDTH characters: the records hold the rest.
MESSAGE_LINES = 20
LINE_WIDTH = 300
WHERE_THE_REST_IS = ("every job is in the task's result (jobs, failed_ids, pending_ids); the filter "
                     "hwcloud.jobs.job_report_html makes a page of them")
STOPPED_EARLY = "the wait stopped at the first failure (fail_fast)"
FAIL_FAST = "when the wait stopped early (fail_fast)"


def cut(line, width=LINE_WIDTH):
    """``line`` on one line, cut at ``width`` characters with '...'."""
    line = " ".join(str(line).split())
    return line if len(line) <= width else line[:width - 3] + "..."


def _listed(lines, limit, sep):
    more = " ... and %d more" % (len(lines) - limit) if len(lines) > limit else ""
    return sep.join(cut(line) for line in lines[:limit]) + more


def timed_out_after(timeout):
    """What ended a wait at its deadline: 'timed out after 1800.0s' (the timeout as given)."""
    return "timed out after %ss" % timeout


def wait_message(failed, pending, total, why=None, limit=MESSAGE_LINES):
    """The msg of a wait that did not succeed: '1 of 3 jobs failed: <each>; <why> with 2 of 3 jobs not done: <each>'.

    ``failed`` and ``pending`` are the records of the jobs that failed and of those not done, of ``total`` jobs
    (the report model sorts them). The failed jobs come first; ``why`` (what ended the wait: timed_out_after(),
    STOPPED_EARLY) adds the jobs not done. At most ``limit`` jobs are named, failed ones first, each on a line cut at
    LINE_WIDTH; when any is left out or cut, the message says where they all are.
    """
    failed = [describe_failure(r) for r in failed]
    pending = [describe_pending(r) for r in pending] if why else []
    room = max(0, limit - len(failed))
    parts = []
    if failed:
        parts.append("%d of %s failed: %s" % (len(failed), count(total, "job"), _listed(failed, limit, "; ")))
    if why:
        listed = ": " + _listed(pending, room, ", ") if pending and room else ""
        parts.append("%s with %d of %s not done%s" % (why, len(pending), count(total, "job"), listed))
    text = "; ".join(parts)
    if len(failed) > limit or len(pending) > room or any(len(line) > LINE_WIDTH for line in failed[:limit] + pending[:room]):
        text += ". " + WHERE_THE_REST_IS[0].upper() + WHERE_THE_REST_IS[1:]
    return text


def success_message(total, succeeded, failed, elapsed=None):
    """'3 jobs done: 3 succeeded, 0 failed, in 2.7 s'."""
    text = "%s done: %d succeeded, %d failed" % (count(total, "job"), succeeded, failed)
    return text + (", in %s" % seconds_text(elapsed) if elapsed is not None else "")


def not_found_text(kind, value):
    """The error of an id the service never showed, when it sent no error of its own."""
    return "%s %s was not found" % (kind, value)


NO_ANSWER = "no answer before the deadline"


def last_error_note(jobs, error_text):
    """What a progress line adds while calls fail: '; last error (2 jobs): HTTP 503 ...'."""
    return "; last error (%s): %s" % (count(jobs, "job"), error_text)


def not_found_given_up(not_found_timeout):
    """Why a job that never appeared (or vanished) is given up: it names the option that bounds the grace."""
    return "still not found after not_found_timeout (%s)" % seconds_text(not_found_timeout)


def not_found_yet_line(records, not_found_timeout):
    """'1 job not found yet (cfw 3f2a...): waiting up to not_found_timeout (30.0 s) for it to appear'."""
    names = ", ".join("%s %s" % (r.get("service"), r.get("job_id")) for r in records[:5])
    more = " and %d more" % (len(records) - 5) if len(records) > 5 else ""
    return "%s not found yet (%s%s): waiting up to not_found_timeout (%s) for %s to appear" % (
        count(len(records), "job"), names, more, seconds_text(not_found_timeout), "it" if len(records) == 1 else "them")


# ---- reports ----

def pending_reason(record, message, transient_errors=0, stopped_early=False):
    """Why a job was not done when the wait ended: never seen, never answered, or its last status (the waiter's words);
    at the deadline, or when fail_fast stopped the wait early."""
    when = FAIL_FAST if stopped_early else "at the deadline"
    if record.get("not_found"):
        text = "not found %s" % (FAIL_FAST if stopped_early else "by the deadline")
        if transient_errors:
            text += ", %s failed transiently" % count(transient_errors, "status call")
        return text
    state = record.get("state") or UNKNOWN
    if raw_status(record) is None and message:
        return "still %s %s: %s" % (state, when, message)
    if stopped_early:
        return "still %s %s: %s" % (state, when, status_detail(record))
    return "still %s %s (%s)" % (state, when, status_detail(record))


NO_JOB_ID = "(no job id)"
WAIT_FAILED = "the wait failed"
WAIT_SKIPPED = "the wait was skipped"


def outcome_counts(tally):
    """'1 failed, 0 timed out, 0 unreadable', with '153 still running when the wait stopped early (fail_fast)' where any were."""
    outcomes = tally["outcomes"]
    parts = ["%d failed" % outcomes["failed"], "%d timed out" % outcomes["timed_out"]]
    if outcomes["stopped"]:
        parts.append("%d still running %s" % (outcomes["stopped"], FAIL_FAST))
    parts.append("%d unreadable" % outcomes["unreadable"])
    return ", ".join(parts)


def totals_line(tally, elapsed=None):
    """The summary's last line: '6 jobs: 2 succeeded, 3 failed, 1 timed out, 0 unreadable, in 12.4 s'."""
    text = "%s: %d succeeded, %s" % (count(tally["total"], "job"), tally["outcomes"]["succeeded"], outcome_counts(tally))
    return text + (", in %s" % seconds_text(elapsed) if elapsed is not None else "")


def verdict_line(tally, problems, limit=MESSAGE_LINES):
    """A gate's one line: 'all 3 jobs succeeded', or '1 of 3 jobs did not succeed (1 failed, ...): <each problem>'."""
    if not problems:
        return "all %s succeeded" % count(tally["total"], "job") if tally["total"] != 1 else "the job succeeded"
    text = "%d of %s did not succeed (%s): %s" % (len(problems), count(tally["total"], "job"), outcome_counts(tally),
                                                  _listed(problems, limit, "; "))
    if len(problems) > limit or any(len(line) > LINE_WIDTH for line in problems[:limit]):
        text += ". Every job is in the report's jobs; the filter hwcloud.jobs.job_report_html makes a page of them"
    return text


def problem_line(service, job_id, outcome, why):
    """'cfw c1 failed: failed with status 'Failed''."""
    return " ".join(("%s %s %s%s" % (service, job_id, outcome, ": " + why if why else "")).split())


def junit_failure_lines(job):
    """The text of a failed job's JUnit failure: 'cph job j1 failed', its subject, status, error, failed sub-jobs."""
    lines = ["%s job %s failed" % (job.get("service"), job.get("job_id"))]
    lines += ["%s: %s" % (key, "" if job.get(key) is None else job[key])
              for key in ("subject", "status", "error_code", "error_msg") if key != "subject" or job.get(key)]
    return lines + sub_job_lines(job)


def junit_not_done(job, why, timeout=None):
    """'ecs job e1 was not done within the timeout of 60.0s: <why>'."""
    within = "within the timeout of %ss" % timeout if timeout is not None else "by the deadline"
    return "%s job %s was not done %s: %s" % (job.get("service"), job.get("job_id"), within, why)


# ---- api_call ----

def answer_not_accepted(method, path, status, statuses, request_id):
    """api_call's msg for an answer whose status is not among the ones accepted."""
    return "%s %s answered HTTP %s, which is not among %s (request id %s)" % (
        method, path, status, statuses or "the 2xx statuses", request_id)


def check_mode_not_sent(method, target):
    return "check mode: %s %s not sent" % (method, target)


def may_be_applied(text, request_id):
    """A write whose answer never came: it may have been applied, it was not sent again, what to do before a rerun."""
    return (text + ". The call may have been applied although no answer said so: it was not sent again. Before running the "
            "task again, check with a GET of the resource (or the service's job list)%s" % (
                " and quote request id %s to support" % request_id if request_id else ""))


def not_started_line(entries, limit=MESSAGE_LINES):
    """'2 of the answer's entries started no job: server_id s1: Ecs.0001: quota; ...'."""
    parts = []
    for entry in entries[:limit]:
        what = ", ".join("%s %s" % (k, v) for k, v in sorted(entry.items()) if k.endswith("_id") and v)
        reason = ": ".join(x for x in (entry.get("error_code"), entry.get("error_msg")) if x) or "no job id"
        parts.append(cut("%s: %s" % (what or "an entry", reason)))
    more = " ... and %d more" % (len(entries) - limit) if len(entries) > limit else ""
    return "%d of the answer's entries started no job: %s%s" % (len(entries), "; ".join(parts), more)


def no_job_id(service_name, places):
    return "wait: the answer holds no job id where the table looks for %s: %s" % (service_name, places)


WAIT_NEEDS_SERVICE = ("wait needs service: the table's start rule of a service says where its answer puts the job ids "
                      "(with url, pass the ids to wait_for_job)")


def progress_line(tally, elapsed):
    """'300 jobs: 120 done (3 failed), 180 not done (5 waiting for payment), 30s elapsed, progress 45%; cph 100/100, cfw 20/200'.

    ``tally`` is the counts of the jobs as they stand (report.tally of the records).
    """
    notes = tally["notes"]
    waiting = " (%s)" % ", ".join("%d %s" % (n, note) for note, n in sorted(notes.items())) if notes else ""
    line = "%s: %d done (%d failed), %d not done%s, %.0fs elapsed" % (
        count(tally["total"], "job"), tally["done"], tally["outcomes"][FAILED], tally["pending"], waiting, elapsed)
    if tally["progress"] is not None:
        line += ", progress %d%%" % tally["progress"]
    if len(tally["by_service"]) > 1:
        line += "; " + ", ".join("%s %d/%d" % (name, c["done"], c["total"]) for name, c in tally["by_service"].items())
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


def paced_text(paced):
    """'paced: rds 60 calls a minute' (``paced``: service name -> its limit's words), the services sorted."""
    return "paced: " + ", ".join("%s %s" % (name, text) for name, text in sorted(paced.items()) if text)


def paced_line(paced):
    """The progress line said once when a limit first holds a wait back."""
    return paced_text(paced) + " (a limit of calls, the vendor's or rate_limit's: the polls take turns under it)"
