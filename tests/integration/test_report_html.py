"""The HTML report in a real browser: Debian's chromium, driven headless by Playwright, opens the page the job_gate role
wrote after a mixed wait with failures against the emulator.

Playwright starts /usr/bin/chromium (or HWCLOUD_JOBS_CHROMIUM) by executable_path; its own browser download is never
used. Without chromium or Playwright the browser tests skip, saying why. A screenshot for a person goes to .build/report_html/; with
HWCLOUD_JOBS_UPDATE_SCREENSHOT=1 it also replaces docs/job_report_html.png, the picture in the README.
"""

import glob
import itertools
import json
import os
import re
import shutil
import subprocess

import pytest

from tests.helpers import ROOT, ansible_env, run_playbook

from ansible_collections.hwcloud.jobs.plugins.filter.job_report_html import job_report_html

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the skip below says so
    sync_playwright = None

CHROMIUM = os.environ.get("HWCLOUD_JOBS_CHROMIUM", "/usr/bin/chromium")  # Debian's; another build by its path
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
GATE_PLAYBOOK = os.path.join(ROOT, "playbooks", "job_gate.yml")
SHOTS = os.path.join(ROOT, ".build", "report_html")
DOCS_SHOT = os.path.join(ROOT, "docs", "job_report_html.png")
ROLE_README = os.path.join(ROOT, "roles", "job_gate", "README.md")
MARKUP = "<script>alert(1)</script>"
IMG_MARKUP = '<img src=x onerror="alert(2)">'
TIMEOUT = 8


def seed(control):
    """A mixed wait: phones, desktops, servers, a volume, firewalls and a database; failures, a job waiting for payment
    past the deadline, one in a status nobody documents, one without a start time; markup in what the APIs send."""
    control.add_jobs([
        dict(service="cph", job_id="html-cph-1", request_id="html-req", phone_id="phone-01", state="running", then="succeeded",
             after_seconds=1.2, execute_msg="ro.product.model=P40"),
        dict(service="cph", job_id="html-cph-2", request_id="html-req", phone_id="phone-02", state="running", then="succeeded",
             after_seconds=2.4, execute_msg="ro.product.model=P40"),
        dict(service="cph", job_id="html-cph-3", request_id="html-req", phone_id="phone-03", state="running", then="failed",
             after_seconds=1.8, error_code="CPS.0110", error_msg="Command failed: exit status 1."),
        dict(service="cph", job_id="html-cph-4", request_id="html-req", phone_id=MARKUP, state="running", then="succeeded",
             after_seconds=3.0, execute_msg=IMG_MARKUP),
        dict(service="workspace", job_id="html-wks-1", sub_jobs=[
            dict(desktop_name="desk-ann", user_name="ann", state="running", then="succeeded", after_seconds=1.6),
            dict(desktop_name="desk-ben", user_name="ben", state="running", then="succeeded", after_seconds=2.6),
            dict(desktop_name=MARKUP, user_name="eve", state="running", then="failed", after_seconds=4.0,
                 error_code="WKS.00010059", fail_reason="Insufficient resources <b>in</b> the zone."),
        ]),
        dict(service="ecs", job_id="html-ecs-1", state="running", then="failed", after_seconds=3.6, sub_jobs=[{}, {}],
             error_code="Ecs.0000", fail_reason="Quota exceeded for cores."),
        dict(service="ecs", job_id="html-ecs-2", state="running", running_status="PENDING_PAYMENT"),
        dict(service="evs", job_id="html-evs-1", phases=[{"status": "RUNNING", "for_seconds": 1.0}, {"status": "FROZEN"}]),
        dict(service="cfw", job_id="html-cfw-1", state="running", then="succeeded", after_seconds=0.8),
        dict(service="cfw", job_id="html-cfw-2", state="running", then="succeeded", after_seconds=2.0),
        dict(service="cfw", job_id="html-cfw-3", state="running", then="succeeded", after_seconds=4.4),
        dict(service="cfw", job_id="html-cfw-4", state="succeeded", fields={"begin_time": "__absent__"}),
        dict(service="rds", job_id="html-rds-1", state="running", then="failed", after_seconds=2.8, fail_reason="Instance quota exceeded."),
    ])
    return [
        {"service": "cph", "request_id": "html-req"},
        {"service": "workspace", "job_id": "html-wks-1"},
        {"service": "ecs", "job_id": ["html-ecs-1", "html-ecs-2"]},
        {"service": "evs", "job_id": "html-evs-1"},
        {"service": "cfw", "job_id": ["html-cfw-1", "html-cfw-2", "html-cfw-3", "html-cfw-4"]},
        {"service": "rds", "job_id": "html-rds-1"},
    ]


@pytest.fixture(scope="module")
def gate(emulator, tmp_path_factory):
    """The job_gate role's reports of the mixed wait: (HTML path, the JSON report)."""
    emulator.control.reset()
    out = tmp_path_factory.mktemp("gate") / "reports"
    extra = dict(job_gate_jobs=seed(emulator.control), job_gate_timeout=TIMEOUT, job_gate_fail_on_failure=False,
                 job_gate_poll_interval=0.2, job_gate_max_poll_interval=0.5, job_gate_html_title="Nightly cloud jobs",
                 job_gate_html_path=str(out / "cloud-jobs.html"), job_gate_json_path=str(out / "cloud-jobs.json"))
    run = run_playbook(GATE_PLAYBOOK, emulator.env("aksk"), extra)
    assert run.rc == 0, run.output[-4000:]
    with open(out / "cloud-jobs.json", encoding="utf-8") as handle:
        report = json.load(handle)
    return out / "cloud-jobs.html", report


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("%s is missing: the browser tests need Debian's chromium (scripts/setup.sh installs it with apt-get; "
                    "its log says why it could not)" % CHROMIUM)
    if sync_playwright is None:
        pytest.skip("Playwright for Python is not installed (tests/requirements.txt; bash scripts/setup.sh)")
    with sync_playwright() as playwright:
        handle = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield handle
        finally:
            handle.close()


class Opened:
    """A page opened from a file, with every request it made, console message, page error and dialog it raised."""

    def __init__(self, browser, path, width=1280, height=900):  # pylint: disable=redefined-outer-name
        self.url = "file://%s" % path
        self.requests, self.console, self.errors, self.dialogs = [], [], [], []
        self.context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append((message.type, message.text)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        # Anything but the page itself is refused here too, so a request the page tried shows even if it failed.
        self.page.route("**/*", lambda route: route.continue_() if route.request.url == self.url else route.abort())
        self.page.goto(self.url, wait_until="load")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def opened(browser, gate):  # pylint: disable=redefined-outer-name
    page = Opened(browser, gate[0])
    yield page
    page.close()


def has_times(job):
    """A job the timeline draws: it has a start, and an end or is not done."""
    return job["started_at"] is not None and (job["ended_at"] is not None or job["state"] in ("running", "unknown"))


# ---- the role's page of a real wait, in the browser ----

def test_one_bar_per_job_with_times_and_the_others_listed_apart(opened, gate):
    report = gate[1]
    assert (report["total"], report["failed"], report["timed_out"]) == (13, 4, 2)
    with_times = [job for job in report["jobs"] if has_times(job)]
    assert opened.page.locator(".bar").count() == len(with_times) == 12
    rows = opened.page.locator(".timeline .row")
    drawn = [rows.nth(i).locator(".who a").inner_text().split()[0] for i in range(rows.count())]
    assert sorted(drawn) == sorted(job["job_id"] for job in with_times)
    apart = opened.page.locator("ul.apart li").all_inner_texts()
    assert [text.split()[:2] for text in apart] == [["succeeded", "html-cfw-4"]] and "no start time" in apart[0]
    assert opened.page.locator("table.jobs tr[id]").count() == report["total"]


def test_failed_jobs_carry_their_label_in_words(opened, gate):
    failed = sorted(job["job_id"] for job in gate[1]["jobs"] if job["outcome"] == "failed")
    assert failed == ["html-cph-3", "html-ecs-1", "html-rds-1", "html-wks-1"]
    rows = opened.page.locator(".timeline .row:has(.bar.failed)")
    labelled = dict((rows.nth(i).locator(".who a").inner_text().split()[0], rows.nth(i).locator(".st").inner_text())
                    for i in range(rows.count()))
    assert labelled == dict((job_id, "failed") for job_id in failed)
    # The list below starts with them, each with its error code and message as the service sent them.
    first = opened.page.locator("table.jobs tr[id]")
    top = [first.nth(i).locator("td").all_inner_texts() for i in range(len(failed))]
    assert sorted(cells[2] for cells in top) == failed and all(cells[0] == "failed" for cells in top)
    codes = dict((cells[2], (cells[6], cells[7])) for cells in top)
    assert codes["html-cph-3"] == ("CPS.0110", "Command failed: exit status 1.")
    assert codes["html-ecs-1"][1] == "Quota exceeded for cores."
    # The unknown status and the job waiting for payment come next, before every job that succeeded.
    states = [opened.page.locator("table.jobs tr[id]").nth(i).locator("td").first.inner_text() for i in range(len(failed) + 2)]
    assert states[len(failed):] == ["unknown", "running"]


def test_the_failed_desktop_shows_what_it_worked_on_and_its_sub_jobs_open(opened):
    row = opened.page.locator("table.jobs tr.more:has-text('Failed sub-jobs')", has_text="WKS.00010059")
    assert row.count() == 1
    assert "sub-job" in row.inner_text() and "(desktop %s, user eve): WKS.00010059: Insufficient resources <b>in</b> the zone." % MARKUP \
        in row.inner_text()
    folded = row.locator("details.sub")
    assert folded.evaluate("d => d.open") is False
    folded.locator("summary").click()
    assert folded.evaluate("d => d.open") is True
    assert folded.locator("tr").count() == 3 and folded.locator("tr").first.locator(".st").inner_text() == "failed"


def test_the_page_makes_no_request_and_logs_no_error(opened):
    assert opened.requests == [opened.url]
    assert [m for m in opened.console if m[0] in ("error", "warning")] == []
    assert opened.errors == [] and opened.dialogs == []
    resources = opened.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == []


def test_markup_from_the_apis_shows_as_characters(opened):
    page = opened.page
    assert page.evaluate("document.scripts.length") == 1 and page.evaluate("document.images.length") == 0
    assert page.evaluate("[...document.querySelectorAll('b')].filter(b => b.textContent === 'in').length") == 0
    assert page.get_by_text("phone %s" % MARKUP).count() >= 1
    outputs = page.locator("details.sub:has(pre)")
    try:
        outputs.evaluate_all("all => all.forEach(d => { d.open = true; })")
        assert IMG_MARKUP in page.locator("details.sub pre").all_inner_texts()
    finally:
        outputs.evaluate_all("all => all.forEach(d => { d.open = false; })")


def test_the_page_says_when_and_by_what_it_was_made_and_marks_the_gate(opened, gate):
    page = opened.page
    assert page.title() == "Nightly cloud jobs"
    meta = page.locator("p.meta").inner_text()
    assert "by hwcloud.jobs 0.2.0" in meta and "Gate: started" in meta and "deadline" in meta
    assert page.locator("p.verdict").inner_text().startswith("6 of 13 jobs did not succeed")
    marks = page.locator(".mark").all_inner_texts()
    assert [m.split()[0] for m in marks] == ["gate", "deadline"]
    # The deadline is TIMEOUT seconds after the gate's start, on the same axis as the bars.
    track = page.locator(".timeline .row .track").first.bounding_box()
    start, deadline = (page.locator(".mark").nth(i).bounding_box()["x"] for i in range(2))
    assert start < deadline <= track["x"] + track["width"] + 2


def test_printing_opens_every_folded_part_and_closes_them_after(opened):
    page = opened.page
    closed = page.evaluate("document.querySelectorAll('details:not([open])').length")
    assert closed >= 4  # sub-jobs and command outputs
    try:
        page.emulate_media(media="print")
        assert page.locator(".axis").evaluate("a => getComputedStyle(a).position") == "static"
        page.evaluate("dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate("document.querySelectorAll('details:not([open])').length") == 0
        page.evaluate("dispatchEvent(new Event('afterprint'))")
        assert page.evaluate("document.querySelectorAll('details:not([open])').length") == closed
    finally:
        page.emulate_media(media="screen")


def test_a_screenshot_for_a_person(opened):
    os.makedirs(SHOTS, exist_ok=True)
    shot = os.path.join(SHOTS, "job_gate_report.png")
    # The whole page in one viewport, so the timeline's sticky axis stands where a reader at the top sees it.
    height = opened.page.evaluate("document.documentElement.scrollHeight")
    opened.page.set_viewport_size({"width": 1280, "height": height})
    opened.page.screenshot(path=shot)
    assert os.path.getsize(shot) > 10000
    print("\nscreenshot: %s" % os.path.relpath(shot, ROOT))
    if os.environ.get("HWCLOUD_JOBS_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, DOCS_SHOT)


# ---- what a new user found (issue 21) ----

def job_cells(page):
    """{job id: the cells of its row} of the table of every job."""
    rows = page.locator("table.jobs tr[id]")
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    return dict((row[2], row) for row in cells)


def test_the_cph_request_id_shows_on_each_of_its_jobs_and_at_the_top(opened):
    cells = job_cells(opened.page)
    assert [cells["html-cph-%d" % i][8] for i in range(1, 5)] == ["html-req"] * 4
    assert cells["html-cfw-1"][8] == u"\u2013"
    assert opened.page.locator("p.ids").inner_text() == "Request id: html-req (cph, 4 jobs)."


def test_what_each_job_worked_on_is_said_for_every_service(opened):
    cells = job_cells(opened.page)
    assert cells["html-wks-1"][3] == "3 desktops: desk-ann, desk-ben, %s" % MARKUP
    assert cells["html-cfw-1"][3] == "firewall" and cells["html-ecs-1"][3].startswith("2 servers: ")
    assert cells["html-cph-1"][3] == "phone phone-01" and cells["html-rds-1"][3].startswith("instance ")
    assert [job for job, row in cells.items() if row[3] in ("", u"\u2013")] == []


def test_the_wait_takes_the_figure_the_log_gives(opened):
    """The wait's own elapsed, to a tenth of a second, as job_summary's 'in 8.0s' (the gate ran past its 8 s deadline)."""
    waited = re.findall(r"waited (\d+\.\d) s\.", opened.page.locator("p.meta").inner_text())
    assert len(waited) == 1 and float(waited[0]) >= TIMEOUT


def test_the_first_failure_is_on_the_first_screen(opened):
    first = opened.page.locator(".problems li:has(.st.failed)").first
    assert first.locator("a").inner_text() == "html-cph-3"
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 900 and opened.page.evaluate("scrollY") == 0


def test_the_timeline_shows_whole_ids_distinct_ticks_and_no_blank_band(opened):
    page = opened.page
    # Every label beside a bar shows all of itself, and stops before the bar's track.
    clipped = page.evaluate("""[...document.querySelectorAll('.timeline .row')].filter(row => {
        const who = row.querySelector('.who'), track = row.querySelector('.track');
        return who.scrollWidth > who.clientWidth + 1 || who.getBoundingClientRect().right > track.getBoundingClientRect().left + 1
            || getComputedStyle(row.querySelector('.who a')).textOverflow === 'ellipsis';
    }).map(row => row.querySelector('.who a').textContent)""")
    assert clipped == []
    ticks = page.locator(".ticks span").all_inner_texts()
    assert len(ticks) >= 2 and len(set(ticks)) == len(ticks), ticks
    # The axis starts the timeline; above its ticks, a line per mark holds that mark's label.
    boxes = page.evaluate("""(() => { const box = e => e.getBoundingClientRect();
        return {timeline: box(document.querySelector('.timeline')).top, axis: box(document.querySelector('.axis')),
                labels: [...document.querySelectorAll('.mark b')].map(b => box(b)),
                ticks: box(document.querySelector('.ticks'))}; })()""")
    assert boxes["axis"]["top"] == boxes["timeline"]
    assert len(boxes["labels"]) == 2 and boxes["labels"][0]["bottom"] <= boxes["labels"][1]["top"] + 0.5
    assert boxes["axis"]["top"] <= boxes["labels"][0]["top"] <= boxes["axis"]["top"] + 2
    assert boxes["labels"][1]["bottom"] <= boxes["ticks"]["top"] + 0.5


VISIBLE_LABELS = """[...document.querySelectorAll('.ticks span, .mark b')].filter(e => e.getClientRects().length)
    .map(e => { const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.top, r.right, r.bottom]; })"""


def overlapping(boxes):
    return [(a[0], b[0]) for a, b in itertools.combinations(boxes, 2)
            if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5]


@pytest.mark.parametrize("width", [420, 1280])
def test_nothing_overflows_the_page_and_no_labels_overlap(browser, gate, width):  # pylint: disable=redefined-outer-name
    opened = Opened(browser, gate[0], width=width)  # pylint: disable=redefined-outer-name
    try:
        page = opened.page
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        labels = page.evaluate(VISIBLE_LABELS)
        assert len(labels) >= 4 and overlapping(labels) == []
        assert all(0 <= box[1] and box[3] <= width for box in labels), labels
        # Tables scroll inside a box of their own, never the page.
        assert page.evaluate("[...document.querySelectorAll('table')].filter(t => !t.closest('.scroll')).length") == 0
        assert max(page.evaluate("[...document.querySelectorAll('.scroll')].map(s => s.getBoundingClientRect().right)")) <= width
        if width == 420:
            # A job's label sits above its bar, whose track spans the width.
            row = page.locator(".timeline .row").first
            who, track = row.locator(".who").bounding_box(), row.locator(".track").bounding_box()
            assert who["y"] + who["height"] <= track["y"] + 0.5 and track["width"] > 300
            assert page.locator(".problems li:has(.st.failed)").first.bounding_box()["y"] < 900
            path = os.path.join(SHOTS, "job_gate_report_420.png")
            os.makedirs(SHOTS, exist_ok=True)
            page.set_viewport_size({"width": 420, "height": page.evaluate("document.documentElement.scrollHeight")})
            page.screenshot(path=path)
    finally:
        opened.close()


def two_hundred_jobs():
    """The wait of the issue: 200 jobs of 8 services, one failed, most still running at the deadline."""
    services = ["cph", "workspace", "cfw", "ecs", "evs", "dcs", "cce", "rds"]
    jobs = []
    for i in range(200):
        state = "failed" if i == 137 else "running" if i % 4 else "succeeded"
        jobs.append({"service": services[i % 8], "job_id": "job-%03d-4c1a-9d5e-%012d" % (i, i), "state": state,
                     "started_at": "2026-01-05T08:%02d:%02dZ" % (15 + i // 60, i % 60),
                     "ended_at": None if state == "running" else "2026-01-05T08:30:00Z",
                     "error_code": "X.1" if state == "failed" else None, "error_msg": "It broke." if state == "failed" else None})
    return jobs


@pytest.mark.parametrize("width", [420, 1280])
def test_with_two_hundred_jobs_the_failure_is_on_the_first_screen(browser, tmp_path, width):  # pylint: disable=redefined-outer-name
    path = tmp_path / "two-hundred.html"
    path.write_text(job_report_html(dict(jobs=two_hundred_jobs(), elapsed=5.8, timeout=1800), started="2026-01-05T08:15:00Z",
                                    now="2026-01-05T08:31:00Z"), encoding="utf-8")
    opened = Opened(browser, path, width=width)  # pylint: disable=redefined-outer-name
    try:
        page = opened.page
        first = page.locator(".problems li").first
        assert first.locator(".st").inner_text() == "failed" and first.locator("a").inner_text() == "job-137-4c1a-9d5e-000000000137"
        box = first.bounding_box()
        assert box["y"] + box["height"] <= 900
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert overlapping(page.evaluate(VISIBLE_LABELS)) == []
    finally:
        opened.close()


# ---- the filter's own markup case, in the browser ----

def test_the_markup_case_of_the_filter_runs_in_the_browser_too(browser, tmp_path):  # pylint: disable=redefined-outer-name
    records = [
        {"service": "cph", "job_id": MARKUP, "state": "failed", "started_at": "2026-01-05T08:15:00Z",
         "ended_at": "2026-01-05T08:15:09Z", "error_code": '"><img src=x onerror=alert(3)>', "error_msg": MARKUP,
         "phone_id": MARKUP, "execute_msg": "</pre><script>alert(4)</script>", "request_id": "<b>req</b>"},
        {"service": MARKUP, "job_id": "x", "state": MARKUP, "started_at": MARKUP},
    ]
    path = tmp_path / "markup.html"
    path.write_text(job_report_html(records, title=MARKUP, now="2026-01-05T08:16:00Z"), encoding="utf-8")
    opened = Opened(browser, path)  # pylint: disable=redefined-outer-name
    try:
        page = opened.page
        assert opened.dialogs == [] and opened.errors == [] and opened.requests == [opened.url]
        assert page.title() == MARKUP and page.locator("h1").inner_text() == MARKUP
        assert page.evaluate("document.scripts.length") == 1 and page.evaluate("document.images.length") == 0
        row = page.locator("table.jobs tr[id]").first.locator("td").all_inner_texts()
        assert row[2] == MARKUP and row[6] == '"><img src=x onerror=alert(3)>' and row[7] == MARKUP and row[8] == "<b>req</b>"
        assert page.locator(".bar").count() == 1
        assert "unreadable start time %s" % MARKUP in page.locator("ul.apart").inner_text()
    finally:
        opened.close()


# ---- where the reports land ----

def files_under(path):
    return sorted(os.path.relpath(os.path.join(d, f), path) for d, _dirs, files in os.walk(path) for f in files)


@pytest.mark.parametrize("named", [True, False], ids=["a directory the user names", "a temporary directory"])
def test_the_role_readmes_ci_example_writes_its_reports_outside_the_checkout(emu, tmp_path, named):
    """The role README's CI command, run as written from the checkout's root: its three reports go to REPORT_DIR, or
    without it to a temporary directory, and nothing new appears in the checkout (nothing a build could pack)."""
    text = open(ROLE_README, encoding="utf-8").read()
    blocks = re.findall(r"^```bash\n(.*?)^```", text, re.S | re.M)
    assert len(blocks) == 1 and "job_gate_html_path" in blocks[0]
    emu.control.add_jobs([
        dict(service="cph", job_id="ci-cph-1", request_id="ci-req", phone_id="ci-phone-1", state="succeeded"),
        dict(service="cph", job_id="ci-cph-2", request_id="ci-req", phone_id="ci-phone-2", state="failed", error_code="CPS.0110"),
    ])
    env = ansible_env(emu.env("aksk"))
    env.update(REQUEST_ID="ci-req", TMPDIR=str(tmp_path / "tmp"))
    os.makedirs(env["TMPDIR"])
    if named:
        env["REPORT_DIR"] = str(tmp_path / "artifacts")
    before = files_under(os.path.join(ROOT, "reports")), files_under(os.path.join(ROOT, "playbooks"))
    proc = subprocess.run(["bash", "-c", blocks[0]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2 and "1 of 2 jobs did not succeed" in output, output[-3000:]  # the gate fails, after writing
    where = env["REPORT_DIR"] if named else glob.glob(os.path.join(env["TMPDIR"], "tmp.*"))[0]
    assert "reports: %s" % where in output
    assert files_under(where) == ["cloud-jobs.html", "cloud-jobs.json", "cloud-jobs.xml"]
    with open(os.path.join(where, "cloud-jobs.html"), encoding="utf-8") as handle:
        assert "1 of 2 jobs did not succeed: 1 failed, 1 succeeded." in handle.read()
    assert (files_under(os.path.join(ROOT, "reports")), files_under(os.path.join(ROOT, "playbooks"))) == before
