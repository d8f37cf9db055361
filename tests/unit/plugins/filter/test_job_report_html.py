"""The job_report_html filter: the page of job records, read back with an HTML parser as a browser would build it.

The same pages open in a real browser in tests/integration/test_report_html.py.
"""

import inspect
import os
import re
from html.parser import HTMLParser

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.hwcloud.jobs.plugins.filter import job_report_html as page_module
from ansible_collections.hwcloud.jobs.plugins.filter.job_report_html import FilterModule, job_report_html
from ansible_collections.hwcloud.jobs.plugins.filter.job_reports import job_report, job_summary
from ansible_collections.hwcloud.jobs.plugins.module_utils import services
from ansible_collections.hwcloud.jobs.plugins.module_utils.version import COLLECTION_VERSION
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, Call, Service, Shape, SubJobs

from tests.unit.waited import orders_and_resources

FILTER_DIR = os.path.dirname(page_module.__file__)
NOW = "2026-01-05T08:16:00Z"
MARKUP = "<script>alert(1)</script>"
VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}
INLINE = {"a", "b", "code", "i", "small", "span", "strong"}


class Page(HTMLParser):
    """The elements of a page (tag, attributes, text inside), as a DOM holds them."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements, self._open = [], []
        self.feed(html)
        self.close()
        assert self._open == [], "unclosed: %s" % [e["tag"] for e in self._open]

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE:
            self.handle_data(" ")  # a block or a cell parts words, as a reader sees them; words() joins them again
        element = dict(tag=tag, attrs=dict(attrs), parts=[], classes=set((dict(attrs).get("class") or "").split()),
                       within=[id(e) for e in self._open])
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        assert self._open and self._open[-1]["tag"] == tag, "</%s> closes %s" % (tag, self._open[-1:])
        self._open.pop()
        if tag not in INLINE:
            self.handle_data(" ")

    def handle_data(self, data):
        for element in self._open:
            element["parts"].append(data)

    def all(self, tag=None, cls=None, within=None):
        return [e for e in self.elements if (tag is None or e["tag"] == tag) and (cls is None or cls in e["classes"])
                and (within is None or id(within) in e["within"])]

    def one(self, tag=None, cls=None, within=None):
        found = self.all(tag, cls, within)
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]

    @property
    def text(self):
        return words(self.one("body"))

    def section(self, heading):
        return next(e for e in self.all("section") if words(e).startswith(heading))

    def job_rows(self):
        """(state label, service, job id, ...) of each row of the table of jobs, top to bottom."""
        rows = [e for e in self.elements if e["tag"] == "tr" and e["attrs"].get("id", "").startswith("j")]
        return [words(e) for e in rows]

    def bars(self):
        return self.all("i", "bar")

    def timeline(self):
        """(row, bar) of each job on the timeline, top to bottom."""
        return [(row, self.one("i", "bar", within=row)) for row in self.all("div", "row")]


def template_script():
    """The page's one script, as the template holds it."""
    with open(os.path.join(page_module.TEMPLATE_DIR, page_module.TEMPLATE), encoding="utf-8") as handle:
        return re.search(r"<script>(.*?)</script>", handle.read(), re.S).group(1).strip()


def text_of(element):
    return "".join(element["parts"])


def words(element):
    return " ".join(text_of(element).split())


def left_width(shape):
    match = re.match(r"left:([\d.]+)%;width:([\d.]+)%$", shape["attrs"]["style"])
    return float(match.group(1)), float(match.group(2))


def cph(job_id, status, begin="2026-01-05T08:15:01Z", end="2026-01-05T08:15:04Z", **extra):
    return normalise(SERVICES["cph"], dict(job_id=job_id, status=status, begin_time=begin, end_time=end, **extra))


def workspace(job_id, subs, status="FAILED"):
    return normalise(SERVICES["workspace"], {
        "id": job_id, "status": status, "job_error_code": "WKS.0001", "fail_reason": "Some desktops failed.",
        "begin_time": "2026-01-05T08:15:00Z", "end_time": "2026-01-05T08:15:50Z", "sub_jobs": subs})


def desktop(sub_id, status, name, user, code=None, reason=None):
    return {"id": sub_id, "status": status, "error_code": code, "fail_reason": reason,
            "entities": {"desktop_id": "d-" + sub_id, "desktop_name": name, "user_name": user}}


def mixed():
    """A wait_for_job result of a mixed wait: failures, a job still running, one in an unknown status, one without times."""
    return dict(jobs=[
        cph("cph-ok", 2, phone_id="ph-1", execute_msg="result=ok", request_id="req-77"),
        cph("cph-bad", -1, "2026-01-05T08:15:02Z", "2026-01-05T08:15:09Z", phone_id="ph-3", error_code="CPS.0110",
            error_msg="Command <rm> failed & stopped.", request_id="req-77"),
        cph("cph-run", 1, "2026-01-05T08:15:05Z", None, phone_id="ph-9", request_id="req-77"),
        workspace("wks-1", [desktop("s1", "SUCCESS", "desk-ann", "ann"),
                            desktop("s2", "FAIL", "desk-ben", "ben", "WKS.00010059", "No capacity.")]),
        normalise(SERVICES["cfw"], {"id": "cfw-1", "status": "Success"}),
        normalise(SERVICES["ecs"], {"job_id": "ecs-odd", "status": "SOMETHING_NEW", "begin_time": "2026-01-05T08:15:10Z"}),
    ], elapsed=60.0, timeout=60)


# ---- what a person reads ----

def test_the_page_counts_draws_and_lists_every_job():
    page = Page(job_report_html(mixed(), started="2026-01-05T08:15:00Z", now=NOW))
    text = page.text
    assert "Made 2026-01-05 08:16:00 UTC by hwcloud.jobs %s" % COLLECTION_VERSION in text
    assert "Gate: started 2026-01-05 08:15:00, deadline 2026-01-05 08:16:00, waited 1 min 00 s." in text
    assert "4 of 6 jobs did not succeed: 2 failed, 1 unknown, 1 running, 2 succeeded." in text
    # Counts per service and state: the header names the states, each row a service, the last all of them.
    counts = page.one("table", "counts")
    rows = [words(tr) for tr in page.all("tr", within=counts)]
    assert rows == ["service failed unknown unreadable running succeeded total",
                    "cph Cloud Phone (CPH) 1 0 0 1 1 3", "workspace Workspace 1 0 0 0 0 1",
                    "cfw Cloud Firewall (CFW) 0 0 0 0 1 1", "ecs Elastic Cloud Server (ECS) 0 1 0 0 0 1",
                    "all services 2 1 0 1 2 6"]
    # One bar per job with times (five), grouped by service; the CFW job without times is listed apart.
    assert len(page.bars()) == 5
    groups = [" ".join(words(g).split()[:2]) for g in page.all("details", "group")]
    assert groups == ["cph Cloud", "workspace Workspace", "ecs Elastic"]
    apart = words(page.one("ul", "apart"))
    assert "cfw-1" in apart and "no start time" in apart and "Jobs without times (1)" in text
    assert "Timeline (5 of 6 jobs)" in text


def test_each_bar_says_its_state_in_words_too():
    page = Page(job_report_html(mixed(), now=NOW))
    labels = {}
    for row, shape in page.timeline():
        state, job_id = words(row).split()[:2]
        labels[job_id] = state
        assert shape["classes"] - {"bar", "open"} == {"error" if state == "unreadable" else state}
        assert row["attrs"]["title"].startswith(state + ", ")
    assert labels == {"cph-ok": "succeeded", "cph-bad": "failed", "cph-run": "running", "wks-1": "failed", "ecs-odd": "unknown"}


def test_bars_run_from_start_to_end_and_running_jobs_reach_now():
    page = Page(job_report_html(mixed(), now=NOW))
    bars = dict((words(row).split()[1], (row["attrs"]["title"], shape)) for row, shape in page.timeline())
    # The axis runs from the first start (08:15:00, the Workspace job) to now (08:16:00): 60 seconds.
    assert left_width(bars["wks-1"][1]) == (0.0, pytest.approx(100 * 50 / 60, abs=0.005))
    assert bars["wks-1"][0] == "failed, 08:15:00 to 08:15:50 (50.0 s)"
    assert left_width(bars["cph-bad"][1]) == (pytest.approx(100 * 2 / 60, abs=0.005), pytest.approx(100 * 7 / 60, abs=0.005))
    title, shape = bars["cph-run"]
    assert sum(left_width(shape)) == pytest.approx(100.0) and "open" in shape["classes"]
    assert title == "running, 08:15:05 to now (55.0 s)"
    # A status the collection does not know is not an end either: that job reaches now too.
    assert sum(left_width(bars["ecs-odd"][1])) == pytest.approx(100.0)
    assert "open" not in bars["cph-ok"][1]["classes"]


def test_the_gate_start_and_deadline_are_marked():
    html = job_report_html(mixed(), started="2026-01-05T08:14:30Z", timeout=80, now=NOW)
    marks = Page(html).all("i", "mark")
    # Axis from the gate's start (08:14:30) to the deadline (08:15:50 + ...): the deadline 08:15:50 lies within the jobs.
    assert [(words(m), m["attrs"]["style"]) for m in marks] == [
        ("gate start 08:14:30", "left:0.00%"), ("deadline 08:15:50", "left:%.2f%%" % (100 * 80 / 90.0))]
    far = Page(job_report_html(mixed(), started="2026-01-05T08:15:00Z", deadline="2026-01-05T10:15:00Z", now=NOW))
    deadline = far.one("i", "deadline")
    assert deadline["attrs"]["style"] == "left:100.00%" and "off the scale" in words(deadline) and "beyond" in deadline["classes"]
    # Epoch seconds, as the role gives them, are the same moments.
    assert job_report_html(mixed(), started=1767600870, timeout=80, now=NOW) == html
    assert Page(job_report_html(mixed(), now=NOW)).all("i", "mark") == []


def test_failed_and_unknown_jobs_come_first_with_code_message_request_id_and_sub_jobs():
    page = Page(job_report_html(mixed(), now=NOW))
    rows = page.job_rows()
    assert [row.split()[:3] for row in rows] == [
        ["failed", "cph", "cph-bad"], ["failed", "workspace", "wks-1"], ["unknown", "ecs", "ecs-odd"],
        ["running", "cph", "cph-run"], ["succeeded", "cph", "cph-ok"], ["succeeded", "cfw", "cfw-1"]]
    assert rows[0] == ("failed cph cph-bad phone ph-3 2026-01-05 08:15:02 7.0 s CPS.0110 Command <rm> failed & stopped. req-77")
    assert "still unknown at the deadline (status 'SOMETHING_NEW')" in rows[2]
    more = words(page.section("Jobs, failed"))
    assert "Failed sub-jobs: sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity." in more
    subs = [d for d in page.all("details", "sub") if "sub-jobs" in text_of(d)]
    assert len(subs) == 1 and "open" not in subs[0]["attrs"]
    lines = [words(tr) for tr in page.all("tr", within=subs[0])]
    assert lines == ["failed sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity. –",
                     "succeeded sub-job s1 (desktop desk-ann, user ann): succeeded –"]
    assert "2 sub-jobs (1 failed, 1 succeeded), by desktop" in words(subs[0])
    output = [words(d) for d in page.all("details", "sub") if words(d).startswith("output")]
    assert output == ["output result=ok"]


def test_a_report_of_job_report_gives_the_same_rows_without_the_folded_sub_jobs():
    plain = Page(job_report_html(mixed(), now=NOW))
    reported = Page(job_report_html(job_report(mixed()), now=NOW))
    assert [r.split()[:3] for r in reported.job_rows()] == [r.split()[:3] for r in plain.job_rows()]
    assert "sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity." in reported.text
    assert not [d for d in reported.all("details", "sub") if "sub-jobs" in text_of(d)]


def test_many_sub_jobs_list_every_failed_one_and_the_first_hundred_others():
    subs = [desktop("ok%d" % i, "SUCCESS", "desk-%d" % i, "u%d" % i) for i in range(300)]
    subs += [desktop("bad%d" % i, "FAIL", "desk-bad-%d" % i, "v%d" % i, "WKS.1", "No capacity.") for i in range(3)]
    page = Page(job_report_html([workspace("wks-big", subs)], now=NOW))
    folded = next(d for d in page.all("details", "sub") if "sub-jobs" in text_of(d))
    rows = [words(tr) for tr in page.all("tr", within=folded)]
    assert [r.split()[0] for r in rows[:4]] == ["failed", "failed", "failed", "succeeded"]
    assert len(rows) == 3 + 100 + 1 and "and 200 more sub-jobs, not listed" in rows[-1]


# ---- what a new user found (issue 21) ----

def test_the_jobs_that_did_not_succeed_come_first_at_the_top_of_the_page():
    page = Page(job_report_html(mixed(), started="2026-01-05T08:15:00Z", now=NOW))
    sections = [words(e) for e in page.all("section")]
    assert sections[0].startswith("Did not succeed (4 of 6 jobs)") and sections[2].startswith("Timeline")
    problems = page.one("section", "problems")
    items = [words(li) for li in page.all("li", within=page.one("ol", within=problems)) if li["tag"] == "li"
             and not any(id(ul) in li["within"] for ul in page.all("ul", within=problems))]
    assert [item.split()[:3] for item in items] == [
        ["failed", "cph", "cph-bad"], ["failed", "workspace", "wks-1"], ["unknown", "ecs", "ecs-odd"], ["running", "cph", "cph-run"]]
    assert items[0] == "failed cph cph-bad phone ph-3: CPS.0110: Command <rm> failed & stopped."
    assert "sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity." in items[1]
    # Each links to its row in the table of every job.
    links = [a["attrs"]["href"] for a in page.all("a", within=problems)]
    rows = dict((words(tr).split()[2], tr["attrs"]["id"]) for tr in page.all("tr") if tr["attrs"].get("id", "").startswith("j"))
    assert links == ["#" + rows[job_id] for job_id in ("cph-bad", "wks-1", "ecs-odd", "cph-run")]
    # Every job succeeded: no such list.
    assert page_module.__name__ and Page(job_report_html([cph("ok", 2)], now=NOW)).all("section", "problems") == []


def test_the_first_failures_of_two_hundred_jobs_are_near_the_top():
    jobs = thousand_jobs()[:200]
    html = job_report_html(jobs, now="2026-01-05T10:00:00Z")
    assert html.index('class="st failed"') < html.index("<h2>Jobs per service and state") < html.index("<h2>Timeline")


def test_the_request_ids_the_jobs_were_found_by_are_shown():
    page = Page(job_report_html(mixed(), now=NOW))
    assert words(page.one("p", "ids")) == "Request id: req-77 (cph, 3 jobs)."
    cells = dict((row.split()[2], row.split()[-1]) for row in page.job_rows())
    assert [cells[j] for j in ("cph-ok", "cph-bad", "cph-run")] == ["req-77"] * 3 and cells["cfw-1"] == u"\u2013"
    # Two requests, and one the wait never found (the waiter's record names the id it was given).
    missing = {"service": "cph", "job_id": "req-9", "request_id": "req-9", "state": "failed", "not_found": True,
               "started_at": None, "ended_at": None, "error_code": "NotFound", "error_msg": "request_id req-9 was not found"}
    page = Page(job_report_html(mixed()["jobs"] + [missing, cph("cph-2", 2, request_id="req-78")], now=NOW))
    assert words(page.one("p", "ids")) == "Request ids: req-77 (cph, 3 jobs), req-9 (cph, 1 job), req-78 (cph, 1 job)."
    # A field of the same name in a service whose calls take no such id is no request id.
    assert Page(job_report_html([dict(normalise(SERVICES["cfw"], {"id": "c", "status": "Success"}), request_id="r")],
                                now=NOW)).all("p", "ids") == []


def test_what_each_job_worked_on_is_said_for_every_service():
    jobs = mixed()["jobs"] + [
        normalise(SERVICES["ecs"], {"job_id": "ecs-2", "status": "SUCCESS", "entities": {"sub_jobs": [
            {"job_id": "e-s1", "status": "SUCCESS", "entities": {"server_id": "srv-1"}}]}}),
        workspace("wks-many", [desktop("m%d" % i, "SUCCESS", "desk-%d" % i, "u%d" % i) for i in range(5)], "SUCCESS"),
    ]
    page = Page(job_report_html(jobs, now=NOW))
    worked_on = dict((tr["attrs"]["id"], words(page.all("td", within=tr)[3])) for tr in page.all("tr")
                     if tr["attrs"].get("id", "").startswith("j"))
    assert [worked_on["j%d" % i] for i in range(len(jobs))] == [
        "phone ph-1", "phone ph-3", "phone ph-9", "2 desktops: desk-ann, desk-ben", "firewall", "server", "server srv-1",
        "5 desktops: desk-0, desk-1, desk-2 and 2 more"]
    # The timeline says the same beside each bar.
    beside = dict((words(row).split()[1], " ".join(words(row).split()[2:])) for row, _bar in page.timeline())
    assert beside["wks-1"] == "2 desktops: desk-ann, desk-ben" and beside["ecs-odd"] == "server"


def test_the_wait_takes_the_time_the_log_gives():
    text = Page(job_report_html(dict(mixed(), elapsed=2.739), now=NOW)).text
    assert "waited 2.7 s." in text and "2.7 s" in "\n".join(job_summary(dict(mixed(), elapsed=2.739)))
    assert "waited 2 min 05 s." in Page(job_report_html(job_report(dict(mixed(), elapsed=125.04)), now=NOW)).text


def test_a_job_that_could_not_be_read_is_called_unreadable_everywhere_on_the_page():
    result = {"failed": True, "msg": "HTTP 401 APIGW.0301: Incorrect IAM authentication information"}
    html = job_report_html(result, jobs=[{"service": "cfw", "job_id": "c-1"}], now=NOW)
    page = Page(html)
    assert [words(s) for s in page.all("span", "st") if "unreadable" in s["classes"]] == ["unreadable"] * 4
    assert "error" not in set().union(*(e["classes"] for e in page.all()))
    assert "1 of 1 job did not succeed: 1 unreadable." in page.text and "Did not succeed (1 of 1 job)" in page.text


@pytest.mark.parametrize("seconds", [0.3, 1, 1.5, 4.2, 7, 59, 61, 299, 601, 3599, 3601, 7300, 86399, 90000, 3 * 86400 + 5])
@pytest.mark.parametrize("offset", [0, 0.45, 59.95])
def test_the_axis_ticks_are_round_distinct_and_few(seconds, offset):
    start = page_module._from_iso("2026-01-05T23:59:00Z") + page_module.timedelta(seconds=offset)
    axis = page_module._Axis([start, start + page_module.timedelta(seconds=seconds)])
    ticks = axis.ticks()
    texts = [t["text"] for t in ticks]
    lefts = [float(t["left"][5:-1]) for t in ticks]
    assert len(set(texts)) == len(texts), texts
    assert 2 <= len(ticks) <= (page_module.MAX_DATED_TICKS if axis.with_date else page_module.MAX_TICKS), texts
    assert lefts == sorted(lefts) and 0 <= lefts[0] and lefts[-1] <= 100
    # Every other tick is the one a narrow screen hides; the ends are aligned inside the axis.
    assert ["alt" in t["classes"] for t in ticks] == [i % 2 == 1 for i in range(len(ticks))]
    assert all(("s" in t["classes"].split()) == (left < page_module.EDGE) for t, left in zip(ticks, lefts))


def test_the_gate_marks_are_labelled_in_the_axis_and_no_band_is_left_blank():
    page = Page(job_report_html(mixed(), started="2026-01-05T08:14:30Z", timeout=80, now=NOW))
    axis = page.one("div", "axis")
    assert [words(m) for m in page.all("i", "mark", within=axis)] == ["gate start 08:14:30", "deadline 08:15:50"]
    assert page.one("div", "scale")["classes"] == {"scale", "n2"}
    assert [r["classes"] for r in page.all("i", "rule")] == [{"rule", "rule-start"}, {"rule", "rule-deadline"}]
    # Without a gate, the axis holds the ticks only.
    bare = Page(job_report_html(mixed(), now=NOW))
    assert bare.one("div", "scale")["classes"] == {"scale", "n0"} and bare.all("div", "rules") == []


def test_the_css_names_columns_by_class_never_by_position():
    html = job_report_html(mixed(), now=NOW)
    page = Page(html)
    style = text_of(page.one("style"))
    assert "nth-child" not in style and "nth-of-type" not in style
    header = [(th["attrs"].get("class"), words(th)) for th in page.all("th", within=page.one("table", "jobs"))]
    assert ("req", "request id") in header and ("job", "job") in header


# ---- text, never markup ----

def test_every_api_field_is_text_never_markup():
    jobs = [
        cph("cph-x", -1, phone_id=MARKUP, error_code='"><img src=x onerror=alert(2)>', error_msg=MARKUP,
            execute_msg="</pre><script>alert(3)</script>", request_id="<b>req</b>"),
        workspace("wks-x", [desktop("s1", "FAIL", MARKUP, "<i>eve</i>", "WKS.1", "</td></tr></table><h1>gone</h1>")]),
        {"service": MARKUP, "job_id": MARKUP, "state": "failed", "started_at": MARKUP, "error_msg": "&amp; &lt;"},
    ]
    html = job_report_html(jobs, title="<title>", now=NOW)
    page = Page(html)
    assert [e["tag"] for e in page.all("script")] == ["script"] and text_of(page.one("script")).strip() == template_script()
    assert page.all("img") == [] and page.all("h1") == [page.all("h1")[0]]
    assert [words(b) for b in page.all("b")] == ["all services"]  # the page's own bold, not the request id's
    assert words(page.one("h1")) == "<title>" and words(page.one("title")) == "<title>"
    text = page.text
    for shown in (MARKUP, '"><img src=x onerror=alert(2)>', "</pre><script>alert(3)</script>", "<b>req</b>", "<i>eve</i>",
                  "</td></tr></table><h1>gone</h1>", "&amp; &lt;", "phone " + MARKUP, "unreadable start time " + MARKUP):
        assert shown in text, shown
    # Attributes carry text only: a timeline row (its title) holds the characters.
    assert [words(row).split()[1] for row, _bar in page.timeline()] == ["cph-x", "wks-x"]
    assert MARKUP in words(page.timeline()[0][0])
    assert "<script>alert" not in html


def test_control_characters_become_question_marks():
    page = Page(job_report_html([cph("cph-c", -1, error_msg="bell\x07 and nul\x00")], now=NOW))
    assert "bell? and nul?" in page.text


def test_the_page_fetches_nothing_and_holds_only_the_fields_it_shows():
    secret = "MIIC-token-value"
    record = cph("cph-s", -1, error_msg="boom", **{"X-Auth-Token": secret, "access_key": "AKIA1", "endpoint": "https://k?key=1"})
    html = job_report_html([record], now=NOW)
    assert secret not in html and "AKIA1" not in html and "key=1" not in html
    page = Page(html)
    assert page.all("link") == [] and page.all("img") == [] and page.all("iframe") == []
    assert not re.search(r"(?i)\b(src|href)=\"(?!#)", html) and "url(" not in html and "@import" not in html
    assert not re.search(r"(?i)https?://", html)
    csp = [m for m in page.all("meta") if m["attrs"].get("http-equiv") == "Content-Security-Policy"]
    assert csp[0]["attrs"]["content"].startswith("default-src 'none'")
    assert "@media print" in text_of(page.one("style"))


# ---- times that cannot be drawn ----

def test_jobs_with_missing_or_unreadable_times_are_listed_apart_and_still_in_the_table():
    jobs = [
        {"service": "cfw", "job_id": "no-start", "state": "succeeded", "started_at": None, "ended_at": "2026-01-05T08:15:04Z"},
        {"service": "cfw", "job_id": "bad-start", "state": "succeeded", "started_at": "yesterday", "ended_at": None},
        {"service": "cfw", "job_id": "bad-end", "state": "failed", "started_at": "2026-01-05T08:15:00Z", "ended_at": "soon"},
        {"service": "cfw", "job_id": "backwards", "state": "succeeded", "started_at": "2026-01-05T08:15:09Z",
         "ended_at": "2026-01-05T08:15:01Z"},
        {"service": "cfw", "job_id": "no-end", "state": "failed", "started_at": "2026-01-05T08:15:00Z", "ended_at": None},
        {"service": "cfw", "job_id": "drawn", "state": "succeeded", "started_at": "2026-01-05T08:15:00Z",
         "ended_at": "2026-01-05T08:15:30Z"},
    ]
    page = Page(job_report_html(jobs, now=NOW))
    assert len(page.bars()) == 1
    apart = [words(li) for li in page.all("li", within=page.one("ul", "apart"))]
    assert apart == [
        "succeeded no-start cfw: no start time", "succeeded bad-start cfw: unreadable start time yesterday",
        "failed bad-end cfw: unreadable end time soon",
        "succeeded backwards cfw: ends (2026-01-05 08:15:01) before it starts (2026-01-05 08:15:09)",
        "failed no-end cfw: started 2026-01-05 08:15:00, no end time"]
    assert sorted(row.split()[2] for row in page.job_rows()) == sorted(j["job_id"] for j in jobs)
    none = Page(job_report_html(jobs[:1], now=NOW))
    assert none.bars() == [] and "No job has times to draw." in none.text


def test_no_jobs_make_a_page_that_says_so():
    page = Page(job_report_html([], now=NOW))
    assert "No jobs." in page.text and page.bars() == [] and page.job_rows() == []


# ---- bad input ----

@pytest.mark.parametrize("records,needle", [
    ([cph("a", 2), "cph-2", cph("c", 2)], "job record 1 is a str, not a mapping"),
    ([cph("a", 2), cph("b", 2), {"service": "cph", "job_id": "x"}], "job record 2 has no state, so it is not a job record (its keys: job_id, service)"),
    ([{}], "job record 0 has no state"),
    ("cph-1", "expected a list of job records"),
])
def test_records_that_are_not_job_records_fail_naming_their_position(records, needle):
    with pytest.raises(AnsibleFilterError) as caught:
        job_report_html(records)
    assert needle in str(caught.value)


@pytest.mark.parametrize("option,value", [("started", "last tuesday"), ("deadline", [1]), ("now", "x")])
def test_a_time_argument_that_is_no_time_fails_naming_it(option, value):
    with pytest.raises(AnsibleFilterError) as caught:
        job_report_html([], **{option: value})
    assert "job_report_html: %s must be a time" % option in str(caught.value)


def test_a_wait_that_could_not_read_shows_each_id_given_as_unreadable():
    result = {"failed": True, "msg": "HTTP 401 APIGW.0301: Incorrect IAM authentication information (request id r-1)"}
    page = Page(job_report_html(result, jobs=[{"service": "cfw", "job_id": "c-1"}], now=NOW))
    assert [" ".join(r.split()[:3]) for r in page.job_rows()] == ["unreadable cfw c-1"]
    assert "Incorrect IAM authentication information (request id r-1)" in page.text


# ---- size ----

def thousand_jobs():
    """1,000 jobs of every service kind in the table: phones, desktops with sub-jobs, servers, firewalls; a tenth failed."""
    jobs = []
    for i in range(1000):
        begin = "2026-01-05T08:%02d:%02dZ" % (15 + i // 60 % 40, i % 60)
        end = "2026-01-05T09:%02d:%02dZ" % (i // 60 % 60, (i * 7) % 60)
        failed = i % 10 == 3
        if i % 4 == 0:
            jobs.append(cph("c0f2b3a4-5d6e-4f70-8a91-%012d" % i, -1 if failed else 2, begin, end, phone_id="1234567b8bab40ffb711234cb80d%04d" % i,
                            error_code="CPS.0110" if failed else None, error_msg="Command failed." if failed else None,
                            execute_msg="result=ok", request_id="8a1b2c3d4e5f60718293a4b5c6d7e8f9"))
        elif i % 4 == 1:
            subs = [desktop("s%d-%d" % (i, k), "FAIL" if failed and k == 0 else "SUCCESS", "desk-%d-%d" % (i, k), "user%d" % k,
                            "WKS.00010059" if failed and k == 0 else None, "Insufficient resources." if failed and k == 0 else None)
                    for k in range(3)]
            record = workspace("5f1c0d6e-a1b2-4c1a-9d5e-%012d" % i, subs, "FAILED" if failed else "SUCCESS")
            jobs.append(record)
        elif i % 4 == 2:
            jobs.append(normalise(SERVICES["ecs"], {
                "job_id": "ff80808288d41e1b0189%012d" % i, "status": "FAIL" if failed else "SUCCESS", "begin_time": begin,
                "end_time": end, "fail_reason": "Quota exceeded." if failed else None,
                "entities": {"sub_jobs": [{"job_id": "ff80808288d41e1b0189sub%09d" % i, "status": "FAIL" if failed else "SUCCESS",
                                           "entities": {"server_id": "9a6b5c4d-%d" % i}, "error_code": "Ecs.0000" if failed else None,
                                           "fail_reason": "Quota exceeded." if failed else None}]}}))
        else:
            jobs.append(normalise(SERVICES["cfw"], {"id": "8d0b5c1e-4f7a-8a1b-%016d" % i, "status": "Failed" if failed else "Success",
                                                    "begin_time": begin, "end_time": end}))
    return jobs


def test_a_page_of_a_thousand_jobs_stays_under_one_megabyte():
    jobs = thousand_jobs()
    html = job_report_html(dict(jobs=jobs, elapsed=3000.0), started="2026-01-05T08:14:00Z", timeout=3600, now="2026-01-05T10:00:00Z")
    size = len(html.encode("utf-8"))
    print("\njob_report_html: 1,000 jobs -> %d bytes (%.2f MB)" % (size, size / 1e6))
    assert size < 1000 * 1000
    page = Page(html)
    assert len(page.bars()) == 1000 and len(page.job_rows()) == 1000
    assert [r.split()[0] for r in page.job_rows()][:100] == ["failed"] * 100


# ---- any service of the table ----

def test_a_service_added_to_the_table_shows_in_its_own_words(monkeypatch):
    part = Shape({"running": ("BUSY",), "succeeded": ("OK",), "failed": ("BROKEN",)}, status="state_text", id_field="part_id")
    gizmo = Service(
        "gizmo", "Gizmo Works (GZW)", "gadget", "https://gizmo.{region}.{cloud}", calls={"job_id": Call("/v9/{project_id}/tasks/{id}")},
        job=Shape({"running": ("BUSY",), "succeeded": ("OK",), "failed": ("BROKEN",)}, status="state_text", id_field="task_id",
                  times=("t0", "t1"), subject="gadget.serial", error=("code", "why"),
                  sub_jobs=SubJobs("parts", part, "part", label=("part_name",), summary=(
                      ("id", "part_id"), ("part_name", "name"), ("error_code", "code"), ("fail_reason", "why")))))
    monkeypatch.setitem(services.SERVICES, "gizmo", gizmo)
    record = normalise(gizmo, {"task_id": "gz-1", "state_text": "BROKEN", "code": "GZ.42", "why": "Robot arm jammed.",
                               "gadget": {"serial": "sn-7"}, "t0": "2026-01-05T08:00:00Z", "t1": "2026-01-05T08:00:30Z",
                               "parts": [{"part_id": "p2", "state_text": "BROKEN", "code": "GZ.7", "why": "Stripped.", "name": "wheel"}]})
    text = Page(job_report_html([record], now=NOW)).text
    assert "gizmo Gizmo Works (GZW) 1 0 0 0 0 1" in text
    assert "failed gizmo gz-1 gadget sn-7 2026-01-05 08:00:00 30.0 s GZ.42 Robot arm jammed." in text
    assert "Failed sub-jobs: sub-job p2 (part wheel): GZ.7: Stripped." in text


# ---- registration and docs ----

def test_the_docs_read_as_written_in_ansible_doc():
    """ansible-doc shows C(...) up to the first ')': a code sample in the docs holds none."""
    from ansible.cli.doc import DocCLI
    with open(os.path.join(FILTER_DIR, "job_report_html.yml"), encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)["DOCUMENTATION"]
    texts = list(doc["description"]) + [line for option in doc["options"].values() for line in option["description"]]
    for text in texts:
        for sample in re.findall(r"C\(((?:[^()]|\([^()]*\))*)\)", text):
            assert "(" not in sample and "\\" not in sample, sample
    shown = " ".join(DocCLI.tty_ify(text) for text in texts)
    assert "`<script>'" in shown and "\\" not in shown


def test_docs_are_in_step_with_the_filter():
    assert FilterModule().filters() == {"job_report_html": job_report_html}
    with open(os.path.join(FILTER_DIR, "job_report_html.yml"), encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    assert set(doc) == {"DOCUMENTATION", "EXAMPLES", "RETURN"} and doc["DOCUMENTATION"]["name"] == "job_report_html"
    assert "job_report_html" in doc["EXAMPLES"] and yaml.safe_load(doc["EXAMPLES"])
    options = doc["DOCUMENTATION"]["options"]
    parameters = list(inspect.signature(job_report_html).parameters.values())
    assert ["_input"] + [p.name for p in parameters[1:]] == list(options)
    for parameter in parameters[1:]:
        assert options[parameter.name].get("default") == parameter.default, parameter.name


def test_the_page_of_orders_and_resources_names_each_its_end_and_what_an_order_made(emu, monkeypatch):
    """The records of a real wait (tests/unit/waited.py): a completed order and the server it made, a cancelled order,
    a VPC that reached OK, a server deleted (until: absent)."""
    result, ids = orders_and_resources(emu, monkeypatch)
    page = Page(job_report_html(result))
    assert "1 of 4 jobs did not succeed: 1 failed, 3 succeeded." in page.text
    problems = words(page.section("Did not succeed"))
    assert "failed bss %s order: failed with status 4 (cancelled)" % ids["cancelled"] in problems
    assert all(ids[what] not in problems for what in ("completed", "vpc", "server"))
    rows = dict((row.split()[2], row) for row in page.job_rows())
    assert set(rows) == set(ids.values())
    assert rows[ids["cancelled"]].startswith("failed bss %s order " % ids["cancelled"])
    assert rows[ids["cancelled"]].endswith("failed with status 4 (cancelled) \u2013")
    assert rows[ids["completed"]].startswith("succeeded bss %s order: made srv-main " % ids["completed"])
    assert rows[ids["vpc"]].startswith("succeeded vpc %s network \u2013" % ids["vpc"])
    assert rows[ids["server"]].startswith("succeeded ecs %s server: absent, as until: absent asked \u2013" % ids["server"])
    assert "vol-data" not in page.text  # the order's other resource: the table asks for the main one only
    counts = [words(tr) for tr in page.all("tr", within=page.one("table", "counts"))]
    assert "bss Business Support System (BSS) orders 1 0 0 0 1 2" in counts and "all services 1 0 0 0 3 4" in counts
