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
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, SUCCEEDED
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import (
    NO_JOB_ID, WAIT_SKIPPED, as_text, end_words, junit_failure_lines, junit_not_done, problem_line, totals_line, verdict_line,
)
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.report import (
    OUTCOMES, STOPPED, TIMED_OUT, UNREADABLE, problems_first, reason, report_record, tally, unreadable_record,
)
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import refs_from_jobs

# The outcome of a job whose status could not be read; job_report_html reads it under this name.
TABLE_ROW = "%-9s  %-36s  %-9s  %9s  %s"
DETAIL_WIDTH = 160
# Characters XML 1.0 cannot hold, even escaped: each becomes '?'.
NOT_XML = re.compile(u"[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# ---- records ----

def records_of(value, jobs):
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
    """A record of outcome unreadable per job given, for a wait_for_job result without jobs (it could not read them)."""
    if jobs is None:
        raise AnsibleFilterError("the result holds no jobs (%s); give jobs=, the jobs the wait was given, to report each of "
                                 "them as unreadable" % (as_text(result.get("msg")) or "no message"))
    try:
        refs = refs_from_jobs(jobs) if jobs != [] else []
    except ConfigError as err:
        raise AnsibleFilterError(str(err))
    message = as_text(result.get("msg")) or (WAIT_SKIPPED if result.get("skipped") else None)
    return [unreadable_record(ref.service.name, ref.value, result.get("error_code"), message) for ref in refs]


def _seconds(value):
    if value is None or isinstance(value, bool):
        return None
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        raise AnsibleFilterError("expected a number of seconds, got %r" % (value,))


# ---- the filters ----

def job_report(value, jobs=None, elapsed=None, timeout=None):
    """{passed, total, succeeded, failed, timed_out, stopped, unreadable, stopped_early, elapsed, timeout, jobs} of job records."""
    records, transient = records_of(value, jobs)
    stopped_early = bool(value.get("stopped_early")) if isinstance(value, dict) else False
    rows = [report_record(record, transient, stopped_early) for record in records]
    counts = tally(rows)["outcomes"]
    if elapsed is None and isinstance(value, dict):
        elapsed = value.get("elapsed")
    if timeout is None and isinstance(value, dict):
        timeout = value.get("timeout")
    report = dict(passed=counts[SUCCEEDED] == len(rows), total=len(rows))
    report.update((outcome, counts[outcome]) for outcome in OUTCOMES)
    report.update(stopped_early=stopped_early, elapsed=_seconds(elapsed), timeout=_seconds(timeout), jobs=rows)
    return report


def _problems(report):
    """A line per job that did not succeed, failed first: 'cfw c1 failed: failed with status 'Failed''."""
    return [problem_line(job["service"], job["job_id"], job["outcome"], reason(job)) for job in problems_first(report["jobs"])]


def job_summary(value, problems=False):
    """The summary table (a header, a line per job, a totals line), or with problems=true a line per job that did not
    succeed, failed first."""
    report = job_report(value)
    if problems:
        return _problems(report)
    lines = [TABLE_ROW % ("SERVICE", "JOB", "OUTCOME", "DURATION", "DETAIL")]
    for job in report["jobs"]:
        done_well = "; ".join(part for part in (job.get("subject"), end_words(job)) if part)
        detail = " ".join((reason(job) if job["outcome"] != SUCCEEDED else done_well).split())
        if len(detail) > DETAIL_WIDTH:
            detail = detail[:DETAIL_WIDTH - 3] + "..."
        duration = "%.1fs" % job["duration"] if isinstance(job.get("duration"), (int, float)) else "-"
        lines.append((TABLE_ROW % (job["service"], job["job_id"], job["outcome"], duration, detail)).rstrip())
    return lines + [totals_line(tally(report["jobs"]), report["elapsed"])]


def job_verdict(value, limit=20):
    """One line for a gate: '1 of 3 jobs did not succeed (1 failed, 0 timed out, 0 unreadable): <each problem, failed
    first>', or 'all 3 jobs succeeded'."""
    report = job_report(value)
    return verdict_line(tally(report["jobs"]), _problems(report), limit)


def _xml(value):
    return NOT_XML.sub("?", "" if value is None else str(value))


def _element(parent, tag, attributes, text=None):
    element = ET.SubElement(parent, tag, dict((k, _xml(v)) for k, v in attributes))
    if text is not None:
        element.text = _xml(text)
    return element


def _testcase(suite, job, timeout):
    name = str(job["job_id"]) if job.get("job_id") is not None else NO_JOB_ID
    if job.get("subject"):
        name += " (%s)" % job["subject"]
    duration = job.get("duration") if isinstance(job.get("duration"), (int, float)) else 0
    case = _element(suite, "testcase", (("classname", job.get("service")), ("name", name), ("time", duration)))
    why = reason(job, subject=False)  # the testcase's name says what the job worked on
    if job["outcome"] == FAILED:
        _element(case, "failure", (("type", job.get("error_code") or FAILED), ("message", why)), "\n".join(junit_failure_lines(job)) + "\n")
    elif job["outcome"] == TIMED_OUT:
        _element(case, "failure", (("type", TIMED_OUT), ("message", why)), junit_not_done(job, why, timeout))
    elif job["outcome"] == STOPPED:
        _element(case, "skipped", (("message", why),))
    elif job["outcome"] == UNREADABLE:
        _element(case, "error", (("type", job.get("error_code") or UNREADABLE), ("message", why)), job.get("error_msg") or "")
    said = "\n".join(part for part in (job.get("execute_msg"), end_words(job)) if part not in (None, ""))
    if said:
        _element(case, "system-out", (), said)


def junit_xml(value, suite_name="hwcloud.jobs", timestamp=None):
    """A JUnit XML document: one testsuite, a testcase per job (classname the service), failures and errors with their reasons."""
    report = job_report(value)
    counts = (("tests", report["total"]), ("failures", report["failed"] + report["timed_out"]), ("errors", report["unreadable"]))
    time = (("time", report["elapsed"]),) if report["elapsed"] is not None else ()
    root = ET.Element("testsuites")
    for key, text in (("name", suite_name),) + counts + time:
        root.set(key, _xml(text))
    stamp = (("timestamp", timestamp),) if timestamp else ()
    suite = _element(root, "testsuite", (("name", suite_name),) + counts + (("skipped", report["stopped"]),) + time + stamp)
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
