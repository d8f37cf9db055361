# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""job_report_html: job records to one self-contained HTML page (the jobs that did not succeed, counts, a timeline,
every job).

Documented in job_report_html.yml beside this file. The markup is the Jinja2 template plugin_utils/job_report_html.html.j2,
rendered with autoescape on: this module only prepares plain data (rows, counts, the timeline's geometry)
and every value reaches the page as text. The page fetches nothing (inline CSS, one small inline script that opens
the folded parts for printing, a Content-Security-Policy that forbids every request). The words about each job (its
outcome, error, what it worked on, its failed sub-jobs) are the report model's and the service table's, so the page
names no service of its own.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
from datetime import datetime, timedelta, timezone

from ansible.errors import AnsibleFilterError
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ansible_collections.hwcloud.jobs.plugins.filter.job_reports import NOT_XML, records_of
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, TERMINAL_STATES, UNKNOWN
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.times import parse_time
from ansible_collections.hwcloud.jobs.plugins.module_utils.version import COLLECTION_VERSION
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import (
    STOPPED_EARLY, count, describe_sub_job, end_words, seconds_text, sub_job_lines,
)
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.report import UNREADABLE, label_of, report_record

# The page's markup. It sits in plugin_utils, not beside this file: ansible-doc takes every file under
# plugins/filter for a filter plugin and warns about one that is not.
TEMPLATE = "job_report_html.html.j2"
TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "plugin_utils")

# The page's labels, worst first: the order of the lists of jobs and of the count columns.
LABELS = (FAILED, UNKNOWN, UNREADABLE, RUNNING, SUCCEEDED)
RANK = {FAILED: 0, UNKNOWN: 1, UNREADABLE: 1, RUNNING: 2, SUCCEEDED: 3}
SUB_JOB_ROWS = 100      # sub-job rows listed per job beyond its failed ones (a job of 5,000 desktops stays readable)
SUB_JOB_LINES = 5       # failed sub-jobs named per job in the list at the top (all of them in the table below)
SUBJECT_NAMES = 3       # sub-jobs named in what a job worked on ('3 desktops: a, b, c'; 'and 7 more' beyond)
OUTPUT_CHARS = 2000     # of a job's command output
DASH = u"\u2013"
# Tick steps of the timeline's axis, in milliseconds: the first that gives at most MAX_TICKS ticks is used.
TICK_STEPS = (100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000,
              3600000, 7200000, 10800000, 21600000, 43200000, 86400000)
MAX_TICKS = 7           # labels of time only ('08:15:30'); every other one is hidden on a narrow screen
MAX_DATED_TICKS = 5     # labels that carry a date ('2026-01-05 08:15')
EDGE = 6.0              # a tick this close (percent) to an end of the axis is aligned to that end, not centred

_ENVIRONMENT = []


# ---- text ----

def _finalize(value):
    """Every value the template prints: text, with characters HTML cannot hold as '?'; None prints nothing.

    The template's own markup (a macro's output) passes as it is; it holds only values that came through here.
    """
    if isinstance(value, Markup):
        return value
    return "" if value is None else NOT_XML.sub("?", str(value))


def _dash(value):
    return DASH if value in (None, "") else value


def _environment():
    """The page's Jinja2 environment (Jinja2 ships with ansible-core): autoescape on, an undefined name an error."""
    if not _ENVIRONMENT:
        env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined,
                          finalize=_finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.filters["dash"] = _dash
        _ENVIRONMENT.append(env)
    return _ENVIRONMENT[0]


# ---- time ----

def _moment(value, option):
    """An aware UTC datetime from ISO 8601 text, epoch seconds or a datetime; None for None or ''."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = parse_time(value)
    if text is None:
        raise AnsibleFilterError("job_report_html: %s must be a time (ISO 8601 text or epoch seconds), got %r" % (option, value))
    return _from_iso(text)


def _from_iso(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _clock(moment, with_date):
    return moment.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def _time_cell(value):
    """A record's start as 'YYYY-MM-DD HH:MM:SS', or its text as sent when it cannot be read."""
    text = parse_time(value) if value not in (None, "") else None
    return _clock(_from_iso(text), True) if text else value


def _duration(seconds):
    return seconds_text(seconds) if _is_number(seconds) else None


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _span_of(row, now):
    """(start, end, open) of a job's bar, or (None, None, why it has none)."""
    started, ended = row.get("started_at"), row.get("ended_at")
    if started in (None, ""):
        return None, None, "no start time"
    start = parse_time(started)
    if start is None:
        return None, None, "unreadable start time %s" % started
    start = _from_iso(start)
    if ended in (None, ""):
        if row["label"] in TERMINAL_STATES or row["label"] == UNREADABLE:
            return None, None, "started %s, no end time" % _clock(start, True)
        return start, max(start, now), True
    end = parse_time(ended)
    if end is None:
        return None, None, "unreadable end time %s" % ended
    end = _from_iso(end)
    if end < start:
        return None, None, "ends (%s) before it starts (%s)" % (_clock(end, True), _clock(start, True))
    return start, end, False


# ---- rows ----

def _check(records):
    for position, record in enumerate(records):
        if "state" not in record:
            keys = ", ".join(sorted(str(k) for k in record)[:8]) or "none"
            raise AnsibleFilterError("job_report_html: job record %d has no state, so it is not a job record "
                                     "(its keys: %s)" % (position, keys))


def _row(position, record, transient, stopped_early):
    row = report_record(record, transient, stopped_early)
    label = label_of(row)
    return dict(row, position=position, label=label if label in LABELS else UNKNOWN, request_id=record.get("request_id"),
                sub_jobs=record.get("sub_jobs"), subject=_subject(row, record),
                ids=dict((kind, record[kind]) for kind in _group_kinds(row.get("service")) if record.get(kind) not in (None, "")))


def _group_kinds(name):
    """The id kinds besides a job's own id that its service's calls take (a CPH request id, a KooPhone task id)."""
    service = SERVICES.get(name)
    return [kind for kind in service.id_kinds if kind != "job_id"] if service else []


def _subject(row, record):
    """What a job worked on, in the words the log uses: its subject (the table's noun and the id, as the log names
    it); else what its sub-jobs worked on, as each sub-job's line names them ('3 <noun>s: a, b, c'); else the noun of
    its service's table entry."""
    if row.get("subject"):
        return row["subject"]
    service = SERVICES.get(row.get("service"))
    if service is None:
        return None
    spec = service.job.sub_jobs
    names = []
    for sub in (record.get("sub_jobs") or []) if spec is not None else []:
        if isinstance(sub, dict):
            summary = spec.summarise(sub)
            name = next((summary[key] for key in spec.label if summary.get(key)), None)
            if name is not None:
                names.append(str(name))
    if not names:
        return service.noun
    if len(names) == 1:
        return "%s %s" % (spec.noun, names[0])
    more = " and %d more" % (len(names) - SUBJECT_NAMES) if len(names) > SUBJECT_NAMES else ""
    return "%s: %s%s" % (count(len(names), spec.noun), ", ".join(names[:SUBJECT_NAMES]), more)


def _service_title(name):
    service = SERVICES.get(name)
    return service.title if service else "service %s" % name


def _service_order(name):
    names = list(SERVICES)
    return (names.index(name), "") if name in SERVICES else (len(names), str(name))


def _worst_first(rows):
    return sorted(rows, key=lambda row: (RANK[row["label"]], row["position"]))


def _why(row):
    """A job's error code and message, as one text."""
    return ": ".join(str(x) for x in (row.get("error_code"), row.get("error_msg")) if x not in (None, "")) or None


# ---- the parts of the page ----

def _problems(rows):
    """The jobs that did not succeed, worst first: what each worked on, why, and its first failed sub-jobs."""
    problems = []
    for row in _worst_first(r for r in rows if r["label"] != SUCCEEDED):
        lines = sub_job_lines(row)
        if len(lines) > SUB_JOB_LINES:
            lines = lines[:SUB_JOB_LINES] + ["and %s more" % count(len(lines) - SUB_JOB_LINES, "failed sub-job")]
        problems.append(dict(label=row["label"], position=row["position"], service=row["service"], job_id=row["job_id"],
                             subject=row["subject"], why=_why(row), sub_jobs=lines))
    return problems


def _counts(rows):
    """A line per service (its jobs per label, and in all), then the line of all services."""
    services = sorted(set(row["service"] for row in rows), key=_service_order)
    groups = [(name, [r for r in rows if r["service"] == name]) for name in services] + [(None, rows)]
    return [dict(service=name, all=place == len(services), title=None if place == len(services) else _service_title(name),
                 cells=[sum(1 for r in these if r["label"] == label) for label in LABELS], total=len(these))
            for place, (name, these) in enumerate(groups)]


def _ids_waited_on(rows):
    """[{title, entries: [{value, text}]}] of the request and task ids the records carry ('Request ids': 'req-7',
    '<service>, 3 jobs'), in the order first met."""
    kinds = {}
    for row in rows:
        for kind, value in row["ids"].items():
            entry = kinds.setdefault(kind, {}).setdefault(str(value), dict(value=value, services=[], jobs=0))
            entry["jobs"] += 1
            if row["service"] not in entry["services"]:
                entry["services"].append(row["service"])
    return [dict(title="%s id%s" % (kind.split("_")[0].capitalize(), "s" if len(entries) > 1 else ""),
                 entries=[dict(value=e["value"], text="%s, %s" % (", ".join(str(s) for s in e["services"]), count(e["jobs"], "job")))
                          for e in entries.values()])
            for kind, entries in kinds.items()]


class _Axis:
    """Where a moment sits on the timeline, in percent of its width, and the axis's ticks."""

    def __init__(self, moments):
        self.start, self.end = min(moments), max(moments)
        if (self.end - self.start).total_seconds() < 1:
            self.end = self.start + timedelta(seconds=1)
        self.span = (self.end - self.start).total_seconds()
        self.with_date = self.start.date() != self.end.date()

    def at(self, moment):
        return 100.0 * (moment - self.start).total_seconds() / self.span

    def ticks(self):
        """[{left, text, classes}]: round moments a step apart, each label distinct (the step sets the precision)."""
        epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
        first_ms = int((self.start - epoch).total_seconds() * 1000)
        last_ms = int((self.end - epoch).total_seconds() * 1000)
        most = MAX_DATED_TICKS if self.with_date else MAX_TICKS
        step = next((s for s in TICK_STEPS if (last_ms - first_ms) // s < most), None)
        if step is None:  # days apart: whole days
            step = TICK_STEPS[-1] * (-(-(last_ms - first_ms) // (TICK_STEPS[-1] * (most - 1))))
        ticks, day = [], None
        moment_ms = -(-first_ms // step) * step
        while moment_ms <= last_ms:
            moment = epoch + timedelta(milliseconds=moment_ms)
            left = self.at(moment)
            text = moment.strftime("%H:%M" if step % 60000 == 0 else "%H:%M:%S")
            if step < 1000:
                text += ".%d" % (moment.microsecond // 100000)
            if self.with_date and moment.date() != day:
                text = moment.strftime("%Y-%m-%d ") + text
                day = moment.date()
            classes = ["alt"] if len(ticks) % 2 else []
            if left < EDGE:
                classes.append("s")
            elif left > 100 - EDGE:
                classes.append("e")
            ticks.append(dict(left="left:%.2f%%" % left, text=text, classes=" ".join(classes)))
            moment_ms += step
        return ticks


def _timeline(rows, now, started, deadline):
    drawn, apart = [], []
    for row in rows:
        start, end, how = _span_of(row, now)
        if start is None:
            apart.append(dict(label=row["label"], position=row["position"], job_id=row["job_id"], service=row["service"], how=how))
        else:
            drawn.append((row, start, end, how))
    timeline = dict(drawn=len(drawn), total=len(rows), apart=apart, ticks=[], marks=[], groups=[])
    if not drawn:
        return timeline
    moments = [m for _row, start, end, _open in drawn for m in (start, end)] + ([started] if started else [])
    if deadline and deadline <= max(moments) + (max(moments) - min(moments)) / 2:
        moments.append(deadline)  # a deadline near the jobs is drawn to scale; a far one at the edge
    axis = _Axis(moments)
    timeline.update(ticks=axis.ticks(), marks=_marks(axis, started, deadline))
    groups = {}
    for item in drawn:
        groups.setdefault(item[0]["service"], []).append(item)
    for name in sorted(groups, key=_service_order):
        items = sorted(groups[name], key=lambda item: (item[1], item[0]["position"]))
        bad = sum(1 for item in items if item[0]["label"] != SUCCEEDED)
        timeline["groups"].append(dict(service=name, title=_service_title(name),
                                       summary="%s%s" % (count(len(items), "job"), ", %d not succeeded" % bad if bad else ""),
                                       rows=[_bar(axis, *item) for item in items]))
    return timeline


def _marks(axis, started, deadline):
    """The gate's start and deadline: each a line across the timeline, its label on a line of its own above the ticks."""
    marks = []
    if started:
        where = axis.at(started)
        marks.append(dict(kind="start", left=where, text="gate start %s" % _clock(started, axis.with_date)))
    if deadline:
        where = axis.at(deadline)
        marks.append(dict(kind="deadline" + (" beyond" if where > 100 else ""), left=min(where, 100.0),
                          text="deadline %s%s" % (_clock(deadline, axis.with_date or deadline.date() != axis.start.date()),
                                                  " (off the scale, later)" if where > 100 else "")))
    for line, mark in enumerate(marks):
        mark.update(style="left:%.2f%%" % mark["left"], classes="%s r%d%s" % (mark["kind"], line, " l" if mark["left"] > 50 else ""),
                    rule="rule-" + mark["kind"])
    return marks


def _bar(axis, row, start, end, still_open):
    until = "now" if still_open else _clock(end, axis.with_date)
    left = axis.at(start)
    return dict(label=row["label"], position=row["position"], job_id=row["job_id"], subject=row["subject"],
                title="%s, %s to %s (%s)" % (row["label"], _clock(start, axis.with_date), until,
                                             seconds_text((end - start).total_seconds())),
                classes="%s%s" % (row["label"], " open" if still_open else ""),
                style="left:%.2f%%;width:%.2f%%" % (left, max(0.0, axis.at(end) - left)))


def _jobs_table(rows):
    return [dict(label=row["label"], position=row["position"], service=row["service"], job_id=row["job_id"],
                 subject=row["subject"], left=end_words(row) if row["label"] == SUCCEEDED else None,
                 started=_time_cell(row.get("started_at")), duration=_duration(row.get("duration")),
                 error_code=row.get("error_code"), error_msg=row.get("error_msg"), request_id=row.get("request_id"),
                 more=_more(row)) for row in _worst_first(rows)]


def _more(row):
    """A job's failed sub-jobs (shown), all its sub-jobs (folded) and its command output (folded); None when none."""
    service = SERVICES.get(row["service"])
    spec = service.job.sub_jobs if service else None
    failed = sub_job_lines(row)
    subs = [s for s in row.get("sub_jobs") or [] if isinstance(s, dict)] if spec is not None else []
    output = row.get("execute_msg")
    text = None if output in (None, "") else str(output)
    if not (failed or subs or text):
        return None
    if text is not None and len(text) > OUTPUT_CHARS:
        text = "%s\n[%d more characters]" % (text[:OUTPUT_CHARS], len(text) - OUTPUT_CHARS)
    return dict(failed=failed, subs=_sub_jobs(spec, service, subs) if subs else None, output=text)


def _sub_jobs(spec, service, subs):
    """Every sub-job of a job, failed ones first: its state, what it worked on and why it failed, its duration."""
    ordered = sorted(enumerate(subs), key=lambda item: (RANK.get(_sub_label(item[1]), 1), item[0]))
    failed = sum(1 for s in subs if s.get("state") == FAILED)
    shown = [sub for i, (_pos, sub) in enumerate(ordered) if i < failed + SUB_JOB_ROWS]
    lines = []
    for sub in shown:
        summary = spec.summarise(sub)
        label = _sub_label(sub)
        if label != FAILED:  # in the table's words too: what it worked on, then its state where a failure has its reason
            summary = dict(summary, error_code=None, fail_reason=label)
        lines.append(dict(label=label, text=describe_sub_job(service, summary), duration=_duration(sub.get("duration"))))
    tally = ", ".join("%d %s" % (n, label) for label, n in _tally(subs) if n)
    return dict(summary="%s (%s), by %s" % (count(len(subs), "sub-job"), tally, spec.noun), rows=lines,
                unlisted=len(subs) - len(shown))


def _sub_label(sub):
    return sub.get("state") if sub.get("state") in (FAILED, UNKNOWN, RUNNING, SUCCEEDED) else UNKNOWN


def _tally(subs):
    labels = [_sub_label(s) for s in subs]
    return [(label, labels.count(label)) for label in LABELS]


def _verdict(rows):
    if not rows:
        return "No jobs."
    bad = sum(1 for row in rows if row["label"] != SUCCEEDED)
    if not bad:
        return "%s succeeded." % ("The job" if len(rows) == 1 else "All %d jobs" % len(rows))
    counts = ", ".join("%d %s" % (sum(1 for r in rows if r["label"] == label), label)
                       for label in LABELS if any(r["label"] == label for r in rows))
    return "%d of %s did not succeed: %s." % (bad, count(len(rows), "job"), counts)


# ---- the filter ----

def job_report_html(value, jobs=None, started=None, deadline=None, timeout=None, now=None, title="Huawei Cloud jobs"):
    """One self-contained HTML page of job records: the jobs that did not succeed, counts per service and state,
    a timeline, every job (worst first)."""
    records, transient = records_of(value, jobs)
    stopped_early = bool(value.get("stopped_early")) if isinstance(value, dict) else False
    _check(records)
    made = _moment(now, "now") or datetime.now(timezone.utc)
    gate_start = _moment(started, "started")
    gate_deadline = _moment(deadline, "deadline")
    if timeout is None and isinstance(value, dict):
        timeout = value.get("timeout")
    if gate_deadline is None and gate_start is not None and timeout not in (None, ""):
        try:
            gate_deadline = gate_start + timedelta(seconds=float(timeout))
        except (TypeError, ValueError, OverflowError) as exc:
            raise AnsibleFilterError("job_report_html: timeout must be a number of seconds, got %r" % (timeout,)) from exc
    rows = [_row(position, record, transient, stopped_early) for position, record in enumerate(records)]
    gate = []
    if gate_start:
        gate.append("started %s" % _clock(gate_start, True))
    if gate_deadline:
        gate.append("deadline %s" % _clock(gate_deadline, True))
    elapsed = value.get("elapsed") if isinstance(value, dict) else None
    if _is_number(elapsed):
        gate.append("waited %s" % seconds_text(elapsed))  # the figure the log gives, in its words
    if stopped_early:
        gate.append(STOPPED_EARLY)
    page = dict(
        title=title, made=_clock(made, True), version=COLLECTION_VERSION, gate=gate, verdict=_verdict(rows),
        labels=LABELS, total=count(len(rows), "job"), ids=_ids_waited_on(rows), problems=_problems(rows), counts=_counts(rows),
        timeline=_timeline(rows, made, gate_start, gate_deadline), jobs=_jobs_table(rows),
    )
    return _environment().get_template(TEMPLATE).render(page=page)


class FilterModule(object):
    def filters(self):
        return {"job_report_html": job_report_html}
