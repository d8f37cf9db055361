# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""job_report_html: job records to one self-contained HTML page (counts, a timeline, the jobs with failures first).

Documented in job_report_html.yml beside this file. The page fetches nothing (inline CSS, one small inline script,
a Content-Security-Policy that forbids every request), and every value that came from an API is escaped as text.
The words about each job (its outcome, error, what it worked on, its failed sub-jobs) are job_reports' and the
service table's, so the page names no service of its own.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import datetime, timedelta, timezone
from html import escape

from ansible.errors import AnsibleFilterError

from ansible_collections.hwcloud.jobs.plugins.filter.job_reports import ERROR, NOT_XML, _records_of, report_record
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import FAILED, RUNNING, SUCCEEDED, TERMINAL_STATES, UNKNOWN
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.times import parse_time
from ansible_collections.hwcloud.jobs.plugins.module_utils.version import COLLECTION_VERSION
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import describe_sub_job

# The page's labels, worst first: the order of the job list and of the count columns.
LABELS = (FAILED, UNKNOWN, ERROR, RUNNING, SUCCEEDED)
LABEL_TEXT = {FAILED: "failed", UNKNOWN: "unknown", ERROR: "unreadable", RUNNING: "running", SUCCEEDED: "succeeded"}
RANK = {FAILED: 0, UNKNOWN: 1, ERROR: 1, RUNNING: 2, SUCCEEDED: 3}
SUB_JOB_ROWS = 100      # sub-job rows listed per job beyond its failed ones (a job of 5,000 desktops stays readable)
OUTPUT_CHARS = 2000     # of a job's command output
TICKS = 6
DASH = u"\u2013"

STYLE = """
:root{--lw:19rem;--ok:#1a7f37;--bad:#c62828;--run:#1565c0;--unk:#b26a00;--err:#5f6368;--ink:#1f2328;--mute:#59636e;
--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
margin:0 auto;padding:1rem 1.5rem 3rem;max-width:1400px}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line)}
.meta{color:var(--mute);margin:.2rem 0}.verdict{font-size:1.1rem;font-weight:600;margin:.5rem 0}
table{border-collapse:collapse;width:100%}th,td{padding:.25rem .5rem;text-align:left;vertical-align:top;
border-bottom:1px solid var(--line)}th{background:#f6f8fa;font-weight:600}table.counts{width:auto}.zero{color:#aab}
td.n,th.n,tr[id]>td:nth-child(6),.sub td:nth-child(3){text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.who a,tr[id]>td:nth-child(2),tr[id]>td:nth-child(3),tr[id]>td:nth-child(7),tr[id]>td:nth-child(9){
font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
tr[id]>td:nth-child(3),tr[id]>td:nth-child(9){overflow-wrap:anywhere;min-width:8rem}tr[id]>td:nth-child(2),tr[id]>td:nth-child(5){white-space:nowrap}
.st{display:inline-block;min-width:5.6rem;padding:0 .4rem;border-radius:.6rem;font-size:.8rem;font-weight:600;
text-align:center;color:#fff;white-space:nowrap}
.failed{background:var(--bad)}.succeeded{background:var(--ok)}.running{background:var(--run)}
.unknown{background:var(--unk)}.error{background:var(--err)}
.timeline{position:relative;padding-top:2.3rem}
.axis,.row{display:grid;grid-template-columns:var(--lw) 1fr;align-items:center}
.axis{position:sticky;top:0;background:#fff;z-index:2;border-bottom:1px solid var(--line);height:1.6rem}
.ticks{position:relative;height:100%}.ticks span{position:absolute;bottom:.1rem;transform:translateX(-50%);
font-size:.75rem;color:var(--mute);white-space:nowrap}.ticks span:first-child{transform:none}
.ticks span:last-child{transform:translateX(-100%)}
.group>summary{font-weight:600;padding:.35rem 0;cursor:pointer}.group>summary small{font-weight:400;color:var(--mute)}
.row{height:1.35rem;border-bottom:1px solid #f0f2f4}.row:hover{background:#f6f8fa}
.who{display:flex;gap:.4rem;align-items:center;overflow:hidden;white-space:nowrap;padding-right:.5rem}
.who a{overflow:hidden;text-overflow:ellipsis;color:inherit}.who small{color:var(--mute);font-family:system-ui,sans-serif}
.who .st{min-width:4.9rem;font-size:.7rem}
.track{position:relative;height:100%}
.bar{position:absolute;top:.25rem;bottom:.25rem;min-width:3px;border-radius:2px;display:block}
.bar.failed{background:repeating-linear-gradient(45deg,var(--bad) 0 5px,#e57373 5px 8px)}
.bar.unknown{background:repeating-linear-gradient(90deg,var(--unk) 0 4px,#ffcc80 4px 6px)}
.bar.open{border-right:3px dotted var(--ink);border-radius:2px 0 0 2px}
.marks{position:absolute;top:0;bottom:0;left:var(--lw);right:0;pointer-events:none;z-index:3}
.mark{position:absolute;top:0;bottom:0;border-left:2px dashed var(--ink)}
.mark b{position:absolute;top:0;left:3px;font-size:.72rem;background:#fff;padding:0 .2rem;white-space:nowrap}
.mark.l b{left:auto;right:3px}.mark.deadline{border-color:var(--bad)}.mark.deadline b{color:var(--bad);top:1rem}
.mark.beyond{border-left-style:solid;border-left-width:4px}
.apart li{margin:.15rem 0}
.jobs td{font-size:.92em}.jobs tr.more td{border-top:0;padding-top:0;background:#fcfcfd}
.subs{margin:.1rem 0 .3rem 1rem}.subs li{margin:.1rem 0}
details.sub>summary{cursor:pointer;color:var(--run)}details.sub table{margin:.3rem 0 .5rem}
pre{white-space:pre-wrap;margin:.2rem 0;font-size:.85em;background:#f6f8fa;padding:.3rem .5rem}
.mute{color:var(--mute);font-size:.75rem}
footer{margin-top:2rem;color:var(--mute);font-size:.85rem}
@media print{body{max-width:none;padding:0;font-size:10px}.axis{position:static}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}.row,tr{break-inside:avoid}
h2{break-after:avoid}a{text-decoration:none}}
"""

# Folded parts (the service groups and sub-jobs) open for printing and close again after.
SCRIPT = """
(function(){var shut=[];
addEventListener('beforeprint',function(){shut=[].filter.call(document.querySelectorAll('details:not([open])'),
function(d){d.open=true;return true;});});
addEventListener('afterprint',function(){shut.forEach(function(d){d.open=false;});shut=[];});})();
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'none'"


# ---- text ----

def _h(value):
    """A value from an API as HTML text, never markup (and never a character HTML cannot hold)."""
    return escape(NOT_XML.sub("?", str(value)), quote=True)


def _or_dash(value):
    return DASH if value in (None, "") else _h(value)


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
    return _clock(_from_iso(text), True) if text else _or_dash(value)


def _seconds_text(seconds):
    seconds = max(0.0, seconds)
    if seconds < 60:
        return "%.1f s" % seconds
    minutes, rest = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return "%d min %02d s" % (minutes, rest)
    return "%d h %02d min" % divmod(minutes, 60)


def _span_of(row, now):
    """(start, end, open) of a job's bar, or (None, None, why it has none)."""
    started, ended = row.get("started_at"), row.get("ended_at")
    if started in (None, ""):
        return None, None, "no start time"
    start = parse_time(started)
    if start is None:
        return None, None, "unreadable start time %s" % _h(started)
    start = _from_iso(start)
    if ended in (None, ""):
        if row["label"] in TERMINAL_STATES or row["label"] == ERROR:
            return None, None, "started %s, no end time" % _clock(start, True)
        return start, max(start, now), True
    end = parse_time(ended)
    if end is None:
        return None, None, "unreadable end time %s" % _h(ended)
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


def _row(position, record, transient):
    row = report_record(record, transient)
    label = ERROR if row["outcome"] == ERROR else row.get("state")
    return dict(row, position=position, label=label if label in LABEL_TEXT else UNKNOWN,
                request_id=record.get("request_id"), sub_jobs=record.get("sub_jobs"))


def _badge(label):
    return '<span class="st %s">%s</span>' % (label, LABEL_TEXT[label])


def _service_title(name):
    service = SERVICES.get(name)
    return service.title if service else "service %s" % name


# ---- the parts of the page ----

def _counts(rows):
    services = []
    for row in rows:
        if row["service"] not in services:
            services.append(row["service"])
    services.sort(key=_service_order)
    head = "".join('<th class="n">%s</th>' % _badge(label) for label in LABELS)
    lines = ['<table class="counts"><thead><tr><th>service</th>%s<th class="n">total</th></tr></thead><tbody>' % head]
    for name in services + [None]:
        these = [r for r in rows if name is None or r["service"] == name]
        cells = "".join(_count_cell(sum(1 for r in these if r["label"] == label)) for label in LABELS)
        title = "<b>all services</b>" if name is None else "<code>%s</code> %s" % (_h(name), _h(_service_title(name)))
        lines.append("<tr><td>%s</td>%s%s</tr>" % (title, cells, _count_cell(len(these))))
    return "".join(lines) + "</tbody></table>"


def _count_cell(number):
    return '<td class="n%s">%d</td>' % (" zero" if number == 0 else "", number)


def _service_order(name):
    names = list(SERVICES)
    return (names.index(name), "") if name in SERVICES else (len(names), str(name))


class _Axis:
    """Where a moment sits on the timeline, in percent of its width."""

    def __init__(self, moments):
        self.start, self.end = min(moments), max(moments)
        if (self.end - self.start).total_seconds() < 1:
            self.end = self.start + timedelta(seconds=1)
        self.span = (self.end - self.start).total_seconds()
        self.with_date = self.start.date() != self.end.date()

    def at(self, moment):
        return 100.0 * (moment - self.start).total_seconds() / self.span

    def ticks(self):
        return "".join('<span style="left:%.2f%%">%s</span>' % (
            100.0 * i / (TICKS - 1), _clock(self.start + timedelta(seconds=self.span * i / (TICKS - 1)), self.with_date))
            for i in range(TICKS))


def _timeline(rows, now, started, deadline):
    drawn, apart = [], []
    for row in rows:
        start, end, how = _span_of(row, now)
        if start is None:
            apart.append((row, how))
        else:
            drawn.append((row, start, end, how))
    parts = []
    moments = [m for _row, start, end, _open in drawn for m in (start, end)] + ([started] if started else [])
    if drawn:
        if deadline and deadline <= max(moments) + (max(moments) - min(moments)) / 2:
            moments.append(deadline)  # a deadline near the jobs is drawn to scale; a far one at the edge
        axis = _Axis(moments)
        parts.append('<div class="timeline"><div class="axis"><span class="mute">UTC</span><div class="ticks">%s</div></div>'
                     % axis.ticks())
        parts.append(_marks(axis, started, deadline))
        groups = {}
        for item in drawn:
            groups.setdefault(item[0]["service"], []).append(item)
        for name in sorted(groups, key=_service_order):
            items = sorted(groups[name], key=lambda item: (item[1], item[0]["position"]))
            bad = sum(1 for item in items if item[0]["label"] != SUCCEEDED)
            parts.append('<details class="group" open><summary><code>%s</code> %s <small>%s%s</small></summary>'
                         % (_h(name), _h(_service_title(name)), _jobs(len(items)), ", %d not succeeded" % bad if bad else ""))
            parts.extend(_bar_row(axis, *item) for item in items)
            parts.append("</details>")
        parts.append("</div>")
    else:
        parts.append("<p>No job has times to draw.</p>")
    if apart:
        parts.append('<h3>Jobs without times (%d)</h3><ul class="apart">' % len(apart))
        parts.extend('<li>%s <a href="#j%d"><code>%s</code></a> <code>%s</code>: %s</li>' % (
            _badge(row["label"]), row["position"], _or_dash(row["job_id"]), _h(row["service"]), how) for row, how in apart)
        parts.append("</ul>")
    return "".join(parts), len(drawn)


def _marks(axis, started, deadline):
    """The gate's start and deadline: a line each across the timeline, labelled on two rows so the labels never meet."""
    marks = []
    if started:
        where = axis.at(started)
        marks.append('<i class="mark%s" style="left:%.2f%%"><b>gate start %s</b></i>' % (
            " l" if where > 60 else "", where, _clock(started, axis.with_date)))
    if deadline:
        where = axis.at(deadline)
        beyond = where > 100
        marks.append('<i class="mark deadline%s" style="left:%.2f%%"><b>deadline %s%s</b></i>' % (
            " beyond l" if beyond else " l" if where > 60 else "", min(where, 100.0),
            _clock(deadline, axis.with_date or deadline.date() != axis.start.date()), " (off the scale, later)" if beyond else ""))
    return '<div class="marks" aria-hidden="true">%s</div>' % "".join(marks)


def _bar_row(axis, row, start, end, still_open):
    until = "now" if still_open else _clock(end, axis.with_date)
    title = "%s, %s to %s (%s)" % (LABEL_TEXT[row["label"]], _clock(start, axis.with_date), until,
                                   _seconds_text((end - start).total_seconds()))
    subject = " <small>%s</small>" % _h(row["subject"]) if row.get("subject") else ""
    left = axis.at(start)
    return ('<div class="row" title="%s"><div class="who">%s <a href="#j%d">%s%s</a></div><div class="track">'
            '<i class="bar %s%s" style="left:%.2f%%;width:%.2f%%"></i></div></div>\n'
            % (_h(title), _badge(row["label"]), row["position"], _or_dash(row["job_id"]), subject, row["label"],
               " open" if still_open else "", left, max(0.0, axis.at(end) - left)))


def _jobs_table(rows):
    ordered = sorted(rows, key=lambda row: (RANK[row["label"]], row["position"]))
    lines = ['<table class="jobs"><thead><tr><th>state</th><th>service</th><th>job</th><th>what it worked on</th>'
             '<th>started (UTC)</th><th>duration</th><th>error code</th><th>message</th><th>request id</th>'
             '</tr></thead><tbody>\n']
    for row in ordered:
        cells = (_badge(row["label"]), _or_dash(row["service"]), _or_dash(row["job_id"]), _or_dash(row.get("subject")),
                 _time_cell(row.get("started_at")), _duration(row.get("duration")), _or_dash(row.get("error_code")),
                 _or_dash(row.get("error_msg")), _or_dash(row.get("request_id")))
        lines.append('<tr id="j%d"><td>%s</td></tr>\n' % (row["position"], "</td><td>".join(cells)))
        more = _more(row)
        if more:
            lines.append('<tr class="more"><td></td><td colspan="8">%s</td></tr>\n' % more)
    return "".join(lines) + "</tbody></table>"


def _duration(seconds):
    return _seconds_text(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else DASH


def _more(row):
    """A job's failed sub-jobs (shown), all its sub-jobs (folded) and its command output (folded)."""
    service = SERVICES.get(row["service"])
    spec = service.job.sub_jobs if service else None
    parts = []
    failed = [s for s in row.get("failed_sub_jobs") or [] if isinstance(s, dict)]
    if failed and spec is not None:
        parts.append('<div>Failed sub-jobs:</div><ul class="subs">%s</ul>'
                     % "".join("<li>%s</li>" % _h(describe_sub_job(service, summary)) for summary in failed))
    subs = [s for s in row.get("sub_jobs") or [] if isinstance(s, dict)]
    if subs and spec is not None:
        parts.append(_sub_jobs(spec, service, subs))
    output = row.get("execute_msg")
    if output not in (None, ""):
        text = str(output)
        cut = len(text) > OUTPUT_CHARS
        parts.append('<details class="sub"><summary>output</summary><pre>%s%s</pre></details>' % (
            _h(text[:OUTPUT_CHARS]), "\n[%d more characters]" % (len(text) - OUTPUT_CHARS) if cut else ""))
    return "".join(parts)


def _sub_jobs(spec, service, subs):
    """Every sub-job of a job, failed ones first, folded: its state, id, what it worked on and why it failed."""
    ordered = sorted(enumerate(subs), key=lambda item: (RANK.get(item[1].get("state"), 1), item[0]))
    failed = sum(1 for s in subs if s.get("state") == FAILED)
    shown = [sub for i, (_pos, sub) in enumerate(ordered) if i < failed + SUB_JOB_ROWS]
    lines = ['<details class="sub"><summary>%d sub-jobs (%s), by %s</summary><table><tbody>'
             % (len(subs), ", ".join("%d %s" % (n, LABEL_TEXT[label]) for label, n in _tally(subs) if n), _h(spec.noun))]
    for sub in shown:
        summary = spec.summarise(sub)
        state = sub.get("state") if sub.get("state") in LABEL_TEXT else UNKNOWN
        if state != FAILED:  # in the table's words too: what it worked on, then its state where a failure has its reason
            summary = dict(summary, error_code=None, fail_reason=LABEL_TEXT[state])
        words = describe_sub_job(service, summary)
        lines.append("<tr><td>%s</td><td>%s</td><td>%s</td></tr>" % (_badge(state), _h(words), _duration(sub.get("duration"))))
    if len(shown) < len(subs):
        lines.append('<tr><td></td><td>and %d more sub-jobs, not listed</td><td></td></tr>' % (len(subs) - len(shown)))
    return "".join(lines) + "</tbody></table></details>"


def _tally(subs):
    states = [s.get("state") if s.get("state") in LABEL_TEXT else UNKNOWN for s in subs]
    return [(label, states.count(label)) for label in LABELS]


def _jobs(number):
    return "%d job%s" % (number, "" if number == 1 else "s")


def _verdict(rows):
    if not rows:
        return "No jobs."
    bad = sum(1 for row in rows if row["label"] != SUCCEEDED)
    if not bad:
        return "%s succeeded." % ("The job" if len(rows) == 1 else "All %d jobs" % len(rows))
    counts = ", ".join("%d %s" % (sum(1 for r in rows if r["label"] == label), LABEL_TEXT[label])
                       for label in LABELS if any(r["label"] == label for r in rows))
    return "%d of %s did not succeed: %s." % (bad, _jobs(len(rows)), counts)


# ---- the filter ----

def job_report_html(value, jobs=None, started=None, deadline=None, timeout=None, now=None, title="Huawei Cloud jobs"):
    """One self-contained HTML page of job records: counts per service and state, a timeline, the jobs, worst first."""
    records, transient = _records_of(value, jobs)
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
    rows = [_row(position, record, transient) for position, record in enumerate(records)]
    timeline, drawn = _timeline(rows, made, gate_start, gate_deadline)
    gate = []
    if gate_start:
        gate.append("started %s" % _clock(gate_start, True))
    if gate_deadline:
        gate.append("deadline %s" % _clock(gate_deadline, True))
    elapsed = value.get("elapsed") if isinstance(value, dict) else None
    if isinstance(elapsed, (int, float)) and not isinstance(elapsed, bool):
        gate.append("waited %s" % _seconds_text(elapsed))
    return "".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="%s">' % CSP,
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        '<meta name="generator" content="hwcloud.jobs %s">' % _h(COLLECTION_VERSION),
        "<title>%s</title><style>%s</style></head><body>\n" % (_h(title), STYLE),
        "<header><h1>%s</h1>" % _h(title),
        '<p class="meta">Made %s UTC by hwcloud.jobs %s (filter job_report_html).%s</p>' % (
            _clock(made, True), _h(COLLECTION_VERSION), " Gate: %s." % ", ".join(gate) if gate else ""),
        '<p class="verdict">%s</p></header>\n' % _verdict(rows),
        "<section><h2>Jobs per service and state</h2>%s</section>\n" % _counts(rows),
        "<section><h2>Timeline (%d of %d jobs)</h2>%s</section>\n" % (drawn, len(rows), timeline),
        "<section><h2>Jobs, failed and unknown first</h2>%s</section>\n" % _jobs_table(rows),
        "<footer>Every value from the cloud's APIs is shown as text. Bars run from a job's start to its end "
        "(a dotted end: still running when the page was made). This page fetches nothing.</footer>\n",
        "<script>%s</script></body></html>\n" % SCRIPT.strip(),
    ])


class FilterModule(object):
    def filters(self):
        return {"job_report_html": job_report_html}
