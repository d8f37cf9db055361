# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reports from job records: job_report (a report dict), job_summary (log lines), job_verdict (a gate's one line),
junit_xml (a JUnit XML string).

Documented in job_report.yml, job_summary.yml, job_verdict.yml and junit_xml.yml beside this file. Every word said about a job
(what it worked on, its error, its failed sub-jobs, what its status means) comes from the service table through
module_utils/words.py (which reads the service table), as the waiter's messages do, so the filters take the records
of any service in the table and name none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import xml.etree.ElementTree as ET

from ansible.errors import AnsibleFilterError

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, SUCCEEDED, TERMINAL_STATES, UNKNOWN
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import (
    count, failed_with_status, job_error, job_output, raw_status, status_detail, sub_job_lines, subject_of,
)
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from_jobs

TIMED_OUT = "timed_out"
ERROR = "error"
OUTCOMES = (SUCCEEDED, FAILED, TIMED_OUT, ERROR)
TABLE_ROW = "%-9s  %-36s  %-9s  %9s  %s"
DETAIL_WIDTH = 160
# Characters XML 1.0 cannot hold, even escaped: each becomes '?'.
NOT_XML = re.compile(u"[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# ---- records ----

def _text(value):
    return None if value in (None, "") else str(value)


def _pending_reason(record, message, transient_errors):
    """Why a job was not done at the deadline: never seen, never answered, or its last status (the waiter's words)."""
    if record.get("not_found"):
        text = "not found by the deadline"
        if transient_errors:
            text += ", %s failed transiently" % count(transient_errors, "status call")
        return text
    state = record.get("state") or UNKNOWN
    if raw_status(record) is None and message:
        return "still %s at the deadline: %s" % (state, message)
    return "still %s at the deadline (%s)" % (state, status_detail(record))


def report_record(record, transient_errors=0):
    """The report's record of one job record: its outcome, error, subject and failed sub-jobs, the same keys for every service.

    A record that already has an outcome (a report's own) is returned as it is.
    """
    if record.get("outcome") in OUTCOMES:
        return record
    state = record.get("state")
    outcome = state if state in TERMINAL_STATES else TIMED_OUT
    code, message = job_error(record)
    if outcome == TIMED_OUT:
        message = _pending_reason(record, message, transient_errors)
    elif outcome == FAILED and not message:
        message = failed_with_status(raw_status(record))
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
    )


def error_record(service, job_id, code, message):
    """The report's record of a job whose status could not be read at all."""
    return dict(service=service, job_id=job_id, outcome=ERROR, state=UNKNOWN, status=None, error_code=_text(code),
                error_msg=_text(message) or "the wait failed", started_at=None, ended_at=None, duration=None, progress=None,
                subject=None, execute_msg=None, failed_sub_jobs=[], not_found=False)


def reason(job, subject=True):
    """A report record's subject (unless the caller names it already), error code and message, then each failed
    sub-job as its service's table describes it."""
    error = ": ".join(str(x) for x in (job.get("error_code"), job.get("error_msg")) if x not in (None, ""))
    about = job.get("subject") if subject else None
    parts = ["%s: %s" % (about, error) if about and error else about or error]
    return "; ".join(part for part in parts + sub_job_lines(job) if part)


def _records_of(value, jobs):
    """(job records, transient errors) of a list of records, a wait_for_job result, or a report."""
    if isinstance(value, list):
        records, transient = value, 0
    elif isinstance(value, dict) and isinstance(value.get("jobs"), list):
        records, transient = value["jobs"], value.get("transient_errors") or 0
    elif isinstance(value, dict):
        return _unreadable(value, jobs), 0
    else:
        raise AnsibleFilterError("expected a list of job records or a dict with jobs (a wait_for_job result or a job_report), "
                                 "got %s" % type(value).__name__)
    for position, record in enumerate(records):
        if not isinstance(record, dict):
            raise AnsibleFilterError("job record %d is a %s, not a mapping" % (position, type(record).__name__))
    return records, transient


def _unreadable(result, jobs):
    """A record of outcome error per job given, for a wait_for_job result without jobs (it could not read them)."""
    if jobs is None:
        raise AnsibleFilterError("the result holds no jobs (%s); give jobs=, the jobs the wait was given, to report each of "
                                 "them as an error" % (_text(result.get("msg")) or "no message"))
    try:
        refs = refs_from_jobs(jobs) if jobs != [] else []
    except ConfigError as err:
        raise AnsibleFilterError(str(err))
    message = _text(result.get("msg")) or ("the wait was skipped" if result.get("skipped") else None)
    return [error_record(ref.service.name, ref.value, result.get("error_code"), message) for ref in refs]


def _seconds(value):
    if value is None or isinstance(value, bool):
        return None
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        raise AnsibleFilterError("expected a number of seconds, got %r" % (value,))


# ---- the filters ----

def job_report(value, jobs=None, elapsed=None, timeout=None):
    """{passed, total, succeeded, failed, timed_out, error, elapsed, timeout, jobs} of job records."""
    records, transient = _records_of(value, jobs)
    rows = [report_record(record, transient) for record in records]
    counts = dict((outcome, sum(1 for row in rows if row["outcome"] == outcome)) for outcome in OUTCOMES)
    if elapsed is None and isinstance(value, dict):
        elapsed = value.get("elapsed")
    if timeout is None and isinstance(value, dict):
        timeout = value.get("timeout")
    return dict(passed=counts[SUCCEEDED] == len(rows), total=len(rows), succeeded=counts[SUCCEEDED], failed=counts[FAILED],
                timed_out=counts[TIMED_OUT], error=counts[ERROR], elapsed=_seconds(elapsed), timeout=_seconds(timeout), jobs=rows)


def _one_line(text):
    return " ".join(str(text).split())


def job_summary(value, problems=False):
    """The summary table (a header, a line per job, a totals line), or with problems=true a line per job that did not succeed."""
    report = job_report(value)
    if problems:
        lines = []
        for job in report["jobs"]:
            if job["outcome"] != SUCCEEDED:
                why = reason(job)
                lines.append(_one_line("%s %s %s%s" % (job["service"], job["job_id"], job["outcome"], ": " + why if why else "")))
        return lines
    lines = [TABLE_ROW % ("SERVICE", "JOB", "OUTCOME", "DURATION", "DETAIL")]
    for job in report["jobs"]:
        detail = _one_line(reason(job) if job["outcome"] != SUCCEEDED else job.get("subject") or "")
        if len(detail) > DETAIL_WIDTH:
            detail = detail[:DETAIL_WIDTH - 3] + "..."
        duration = "%.1fs" % job["duration"] if isinstance(job.get("duration"), (int, float)) else "-"
        lines.append((TABLE_ROW % (job["service"], job["job_id"], job["outcome"], duration, detail)).rstrip())
    totals = "%s: %d succeeded, %d failed, %d timed out, %d not readable" % (
        count(report["total"], "job"), report["succeeded"], report["failed"], report["timed_out"], report["error"])
    if report["elapsed"] is not None:
        totals += ", in %.1fs" % report["elapsed"]
    return lines + [totals]


def job_verdict(value, limit=20):
    """One line for a gate: '1 of 3 jobs did not succeed (1 failed, 0 timed out, 0 not readable): <each problem>', or
    'all 3 jobs succeeded'."""
    report = job_report(value)
    problems = job_summary(report, problems=True)
    if not problems:
        return "all %s succeeded" % count(report["total"], "job") if report["total"] != 1 else "the job succeeded"
    more = " ... and %d more" % (len(problems) - limit) if len(problems) > limit else ""
    return "%d of %s did not succeed (%d failed, %d timed out, %d not readable): %s%s" % (
        len(problems), count(report["total"], "job"), report["failed"], report["timed_out"], report["error"],
        "; ".join(problems[:limit]), more)


def _xml(value):
    return NOT_XML.sub("?", "" if value is None else str(value))


def _element(parent, tag, attributes, text=None):
    element = ET.SubElement(parent, tag, dict((k, _xml(v)) for k, v in attributes))
    if text is not None:
        element.text = _xml(text)
    return element


def _testcase(suite, job, timeout):
    name = str(job["job_id"]) if job.get("job_id") is not None else "(no job id)"
    if job.get("subject"):
        name += " (%s)" % job["subject"]
    duration = job.get("duration") if isinstance(job.get("duration"), (int, float)) else 0
    case = _element(suite, "testcase", (("classname", job.get("service")), ("name", name), ("time", duration)))
    why = reason(job, subject=False)  # the testcase's name says what the job worked on
    about = "%s job %s" % (job.get("service"), job.get("job_id"))
    if job["outcome"] == FAILED:
        lines = ["%s failed" % about] + ["%s: %s" % (key, "" if job.get(key) is None else job[key])
                                         for key in ("subject", "status", "error_code", "error_msg") if key != "subject" or job.get(key)]
        lines.extend(sub_job_lines(job))
        _element(case, "failure", (("type", job.get("error_code") or FAILED), ("message", why)), "\n".join(lines) + "\n")
    elif job["outcome"] == TIMED_OUT:
        within = "within the timeout of %ss" % timeout if timeout is not None else "by the deadline"
        _element(case, "failure", (("type", TIMED_OUT), ("message", why)), "%s was not done %s: %s" % (about, within, why))
    elif job["outcome"] == ERROR:
        _element(case, "error", (("type", job.get("error_code") or ERROR), ("message", why)), job.get("error_msg") or "")
    if job.get("execute_msg") not in (None, ""):
        _element(case, "system-out", (), job["execute_msg"])


def junit_xml(value, suite_name="hwcloud.jobs", timestamp=None):
    """A JUnit XML document: one testsuite, a testcase per job (classname the service), failures and errors with their reasons."""
    report = job_report(value)
    counts = (("tests", report["total"]), ("failures", report["failed"] + report["timed_out"]), ("errors", report["error"]))
    time = (("time", report["elapsed"]),) if report["elapsed"] is not None else ()
    root = ET.Element("testsuites")
    for key, text in (("name", suite_name),) + counts + time:
        root.set(key, _xml(text))
    stamp = (("timestamp", timestamp),) if timestamp else ()
    suite = _element(root, "testsuite", (("name", suite_name),) + counts + (("skipped", 0),) + time + stamp)
    if report["timeout"] is not None:
        _element(_element(suite, "properties", ()), "property", (("name", "timeout"), ("value", report["timeout"])))
    for job in report["jobs"]:
        _testcase(suite, job, report["timeout"])
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class FilterModule(object):
    def filters(self):
        return {
            "job_report": job_report,
            "job_summary": job_summary,
            "job_verdict": job_verdict,
            "junit_xml": junit_xml,
        }
