"""The report filters: job_report, job_summary and junit_xml over records of any service, parsed back as a user reads them."""

import inspect
import os
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.hwcloud.jobs.plugins.filter import job_reports
from ansible_collections.hwcloud.jobs.plugins.filter.job_reports import FilterModule, job_report, job_summary, job_verdict, junit_xml
from ansible_collections.hwcloud.jobs.plugins.module_utils import services
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import JobNotFound
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import normalise
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, Call, Service, Shape, SubJobs
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter

from tests.unit.fakes import FakeClock
from tests.unit.waited import orders_and_resources

FILTER_DIR = os.path.dirname(job_reports.__file__)
REPORT_KEYS = ["service", "job_id", "outcome", "state", "status", "error_code", "error_msg", "started_at", "ended_at",
               "duration", "progress", "subject", "execute_msg", "failed_sub_jobs", "not_found", "resources", "absent"]
NASTY = u"桌面-Ünïcode <&\"'>"


def cph(job_id, status, **extra):
    raw = dict(job_id=job_id, status=status, begin_time="2026-01-05T08:15:01Z", end_time="2026-01-05T08:15:04Z", **extra)
    return normalise(SERVICES["cph"], raw)


def workspace_failed_desktop(desktop_name=u"desk-ben", reason="No capacity."):
    return normalise(SERVICES["workspace"], {
        "id": "wks-1", "status": "FAILED", "job_error_code": "WKS.0001", "fail_reason": "Some desktops failed.",
        "begin_time": "2026-01-05T08:15:00Z", "end_time": "2026-01-05T08:16:00Z",
        "sub_jobs": [
            {"id": "s1", "status": "SUCCESS", "entities": {"desktop_id": "d1", "desktop_name": "desk-ann", "user_name": "ann"}},
            {"id": "s2", "status": "FAIL", "error_code": "WKS.00010059", "fail_reason": reason,
             "entities": {"desktop_id": "d2", "desktop_name": desktop_name, "user_name": "ben"}},
        ]})


def mixed_wait():
    """A wait_for_job result: a failed phone command, a failed desktop, a firewall job and a server waiting for payment."""
    jobs = [
        cph("cph-1", 2, phone_id="ph-1", execute_msg="result=ok"),
        cph("cph-3", -1, phone_id="ph-3", error_code="CPS.0110", error_msg="Command <rm> failed & stopped."),
        workspace_failed_desktop(),
        normalise(SERVICES["cfw"], {"id": "cfw-1", "status": "Success"}),
        normalise(SERVICES["cfw"], {"id": "cfw-bad", "status": "Failed"}),
        normalise(SERVICES["ecs"], {"job_id": "ecs-1", "status": "PENDING_PAYMENT"}),
    ]
    return dict(jobs=jobs, elapsed=12.4, transient_errors=0, failed=True, msg="timed out")


def by_id(report):
    return dict((job["job_id"], job) for job in report["jobs"])


def parse(document):
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(document.encode("utf-8"))
    assert root.tag == "testsuites"
    return root, root.find("testsuite")


def cases_of(suite):
    return dict((case.get("name"), case) for case in suite.iter("testcase"))


# ---- job_report ----

def test_report_counts_outcomes_and_keeps_generic_keys_only():
    report = job_report(mixed_wait(), timeout=60)
    assert list(report) == ["passed", "total", "succeeded", "failed", "timed_out", "stopped", "unreadable", "stopped_early",
                            "elapsed", "timeout", "jobs"]
    assert (report["passed"], report["total"], report["succeeded"], report["failed"], report["timed_out"], report["unreadable"]) == \
        (False, 6, 2, 3, 1, 0)
    assert (report["elapsed"], report["timeout"]) == (12.4, 60.0)
    assert all(list(job) == REPORT_KEYS for job in report["jobs"])
    jobs = by_id(report)
    assert [jobs[i]["outcome"] for i in ("cph-1", "cph-3", "wks-1", "cfw-1", "cfw-bad", "ecs-1")] == \
        ["succeeded", "failed", "failed", "succeeded", "failed", "timed_out"]
    assert jobs["cph-3"]["subject"] == "phone ph-3" and jobs["cfw-1"]["subject"] is None
    assert (jobs["cph-3"]["error_code"], jobs["cph-3"]["error_msg"]) == ("CPS.0110", "Command <rm> failed & stopped.")
    assert jobs["cph-3"]["status"] == -1 and jobs["cph-3"]["duration"] == 3.0
    assert jobs["cph-1"]["execute_msg"] == "result=ok" and jobs["cph-1"]["error_msg"] is None
    # The service's own error fields (Workspace: job_error_code, fail_reason) and its sub-job summaries.
    assert (jobs["wks-1"]["error_code"], jobs["wks-1"]["error_msg"]) == ("WKS.0001", "Some desktops failed.")
    assert jobs["wks-1"]["failed_sub_jobs"] == [{"id": "s2", "desktop_id": "d2", "desktop_name": "desk-ben", "user_name": "ben",
                                                 "error_code": "WKS.00010059", "fail_reason": "No capacity."}]
    assert jobs["cfw-bad"]["error_msg"] == "failed with status 'Failed'"
    assert jobs["ecs-1"]["error_msg"] == "still running at the deadline (status 'PENDING_PAYMENT': waiting for payment)"


def test_report_of_plain_records_and_of_a_report_is_the_same():
    report = job_report(mixed_wait()["jobs"])
    assert report["elapsed"] is None and report["timeout"] is None and report["total"] == 6
    assert job_report(report) == report
    assert job_report(dict(report, elapsed=3)) == dict(report, elapsed=3.0)


def test_no_jobs_pass():
    assert job_report([]) == dict(passed=True, total=0, succeeded=0, failed=0, timed_out=0, stopped=0, unreadable=0,
                                  stopped_early=False, elapsed=None, timeout=None, jobs=[])
    skipped = job_report({"skipped": True, "changed": False}, jobs=[], elapsed=0.01)
    assert (skipped["passed"], skipped["total"], skipped["elapsed"]) == (True, 0, 0.01)


def test_a_wait_that_could_not_read_makes_each_id_given_unreadable():
    result = {"failed": True, "msg": "GET /v3/p/jobs/a: HTTP 401 APIGW.0301: Incorrect IAM authentication information",
              "error_code": "APIGW.0301", "status": 401}
    given = [{"service": "cfw", "job_id": ["a", "b", "a"]}, {"service": "cph", "request_id": "r1"}]
    report = job_report(result, jobs=given, elapsed=1.5, timeout=30)
    assert [(j["service"], j["job_id"], j["outcome"], j["state"]) for j in report["jobs"]] == \
        [("cfw", "a", "unreadable", "unknown"), ("cfw", "b", "unreadable", "unknown"), ("cph", "r1", "unreadable", "unknown")]
    assert all(j["error_code"] == "APIGW.0301" and j["error_msg"] == result["msg"] for j in report["jobs"])
    assert all(list(j) == REPORT_KEYS for j in report["jobs"])
    assert (report["passed"], report["unreadable"], report["elapsed"], report["timeout"]) == (False, 3, 1.5, 30.0)
    lines = job_summary(report)
    assert lines[-1] == "3 jobs: 0 succeeded, 0 failed, 0 timed out, 3 unreadable, in 1.5 s"
    error = cases_of(parse(junit_xml(report))[1])["a"].find("error")
    assert error.get("type") == "APIGW.0301" and "HTTP 401" in error.get("message") and error.text == result["msg"]


def test_a_wait_refused_for_bad_jobs_fails_the_filter_with_the_same_message():
    result = {"failed": True, "msg": "jobs[1]: Workspace takes job_id, got task_id"}
    with pytest.raises(AnsibleFilterError, match=re.escape("jobs[1]: Workspace takes job_id, got task_id")):
        job_report(result, jobs=[{"service": "cfw", "job_id": "a"}, {"service": "workspace", "task_id": "t"}])
    with pytest.raises(AnsibleFilterError, match="give jobs="):
        job_report(result)


@pytest.mark.parametrize("value, needle", [
    ("text", "expected a list of job records or a dict with jobs"),
    ([{"service": "cfw"}, "x"], "job record 1 is a str, not a mapping"),
])
def test_input_that_holds_no_records_is_refused(value, needle):
    with pytest.raises(AnsibleFilterError, match=re.escape(needle)):
        job_report(value)


def test_jobs_left_pending_say_why():
    clock = FakeClock()

    def fetch(ref, deadline):
        if ref.value == "gone":
            raise JobNotFound("GET", "/v3/p/jobs/gone", 404, "CFW.0404", "no such job", "r-1")
        return [normalise(SERVICES["workspace"], {"id": ref.value, "status": "RUNNING", "process": 40})]

    waiter = Waiter(fetch, timeout=3.0, not_found_timeout=30.0, clock=clock, sleep=clock.sleep, progress_interval=0)
    result = waiter.wait([Ref(SERVICES["cfw"], "job_id", "gone"), Ref(SERVICES["workspace"], "job_id", "slow")])
    jobs = by_id(job_report(dict(result, transient_errors=2)))
    assert (jobs["gone"]["outcome"], jobs["gone"]["not_found"], jobs["gone"]["error_code"]) == ("timed_out", True, "CFW.0404")
    assert jobs["gone"]["error_msg"] == "not found by the deadline, 2 status calls failed transiently"
    assert jobs["slow"]["error_msg"] == "still running at the deadline (status 'RUNNING', 40%)"
    problems = job_summary(result, problems=True)
    assert problems == ["cfw gone timed_out: CFW.0404: not found by the deadline",
                        "workspace slow timed_out: still running at the deadline (status 'RUNNING', 40%)"]


# ---- job_summary ----

def test_summary_table_one_line_per_job_and_totals():
    lines = job_summary(mixed_wait())
    assert lines[0] == "SERVICE    JOB                                   OUTCOME     DURATION  DETAIL"
    assert lines[1] == "cph        cph-1                                 succeeded       3.0s  phone ph-1"
    assert lines[2] == "cph        cph-3                                 failed          3.0s  phone ph-3: CPS.0110: Command <rm> failed & stopped."
    assert lines[3] == ("workspace  wks-1                                 failed         60.0s  WKS.0001: Some desktops failed.; "
                        "sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity.")
    assert lines[4] == "cfw        cfw-1                                 succeeded          -"
    assert lines[6].startswith("ecs        ecs-1                                 timed_out          -  still running")
    assert lines[-1] == "6 jobs: 2 succeeded, 3 failed, 1 timed out, 0 unreadable, in 12.4 s"
    assert len(lines) == 8
    assert job_summary(mixed_wait()["jobs"])[-1] == "6 jobs: 2 succeeded, 3 failed, 1 timed out, 0 unreadable"


def test_summary_problems_name_each_job_that_did_not_succeed():
    assert job_summary(mixed_wait(), problems=True) == [
        "cph cph-3 failed: phone ph-3: CPS.0110: Command <rm> failed & stopped.",
        "workspace wks-1 failed: WKS.0001: Some desktops failed.; sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity.",
        "cfw cfw-bad failed: failed with status 'Failed'",
        "ecs ecs-1 timed_out: still running at the deadline (status 'PENDING_PAYMENT': waiting for payment)",
    ]


def test_summary_detail_is_one_line_cut_at_160_characters():
    record = cph("cph-9", -1, error_code="E1", error_msg="line one\nline two\t" + "x" * 300)
    detail = job_summary([record])[1].split("  ")[-1]
    assert detail.startswith("E1: line one line two x") and "\n" not in detail
    assert len(detail) == 160 and detail.endswith("...")


# ---- junit_xml ----

def test_junit_one_testcase_per_job_with_failures_and_output():
    root, suite = parse(junit_xml(job_report(mixed_wait(), timeout=60), suite_name="gate", timestamp="2026-01-05T08:15:00"))
    assert (root.get("name"), root.get("tests"), root.get("failures"), root.get("errors"), root.get("time")) == \
        ("gate", "6", "4", "0", "12.4")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("skipped"), suite.get("timestamp")) == \
        ("gate", "6", "4", "0", "2026-01-05T08:15:00")
    assert suite.find("properties/property").attrib == {"name": "timeout", "value": "60.0"}
    cases = cases_of(suite)
    assert sorted(cases) == ["cfw-1", "cfw-bad", "cph-1 (phone ph-1)", "cph-3 (phone ph-3)", "ecs-1", "wks-1"]
    assert [case.get("classname") for case in suite.iter("testcase")] == ["cph", "cph", "workspace", "cfw", "cfw", "ecs"]
    failure = cases["cph-3 (phone ph-3)"].find("failure")
    assert failure.get("type") == "CPS.0110"
    assert failure.get("message") == "CPS.0110: Command <rm> failed & stopped."
    assert failure.text == "cph job cph-3 failed\nsubject: phone ph-3\nstatus: -1\nerror_code: CPS.0110\nerror_msg: Command <rm> failed & stopped.\n"
    wks = cases["wks-1"].find("failure")
    assert wks.text.splitlines()[-1] == "sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity."
    assert "sub-job s2 (desktop desk-ben, user ben): WKS.00010059: No capacity." in wks.get("message")
    assert cases["cfw-bad"].find("failure").get("type") == "failed"
    timed_out = cases["ecs-1"].find("failure")
    assert timed_out.get("type") == "timed_out"
    assert timed_out.text == ("ecs job ecs-1 was not done within the timeout of 60.0s: "
                              "still running at the deadline (status 'PENDING_PAYMENT': waiting for payment)")
    assert cases["cph-1 (phone ph-1)"].find("system-out").text == "result=ok"
    assert cases["cph-1 (phone ph-1)"].get("time") == "3.0" and cases["cfw-1"].get("time") == "0"
    assert cases["cfw-1"].find("failure") is None and cases["cfw-1"].find("error") is None


def test_junit_of_plain_records_has_no_time_nor_timeout():
    root, suite = parse(junit_xml(mixed_wait()["jobs"]))
    assert root.get("time") is None and suite.find("properties") is None and suite.get("name") == "hwcloud.jobs"
    assert "by the deadline" in cases_of(suite)["ecs-1"].find("failure").text


def test_junit_escapes_markup_quotes_and_non_ascii_and_drops_control_characters():
    controls = "bell\x07 nul\x00 esc\x1b vt\x0b ff\x0c"
    wks = workspace_failed_desktop(desktop_name=NASTY, reason=u"Kein Platz für " + NASTY)
    phone = cph("cph-x", -1, phone_id=NASTY, error_code="C<&>", error_msg=controls + " tab\there\nnew line ]]>",
                execute_msg=u"out: " + NASTY + "\x01")
    document = junit_xml([wks, phone], suite_name=NASTY + "\x02")
    assert isinstance(document, str)
    root, suite = parse(document)
    assert root.get("name") == suite.get("name") == NASTY + "?"
    cases = cases_of(suite)
    assert set(cases) == {"wks-1", "cph-x (phone %s)" % NASTY}
    desk = cases["wks-1"].find("failure")
    described = u"sub-job s2 (desktop %s, user ben): WKS.00010059: Kein Platz für %s" % (NASTY, NASTY)
    assert desk.text.splitlines()[-1] == described and described in desk.get("message")
    case = cases["cph-x (phone %s)" % NASTY]
    failure = case.find("failure")
    cleaned = "bell? nul? esc? vt? ff? tab\there\nnew line ]]>"
    assert failure.get("type") == "C<&>"
    assert failure.get("message") == "C<&>: " + cleaned  # attribute newlines and tabs survive as character references
    assert "error_msg: " + cleaned in failure.text
    assert case.find("system-out").text == u"out: " + NASTY + "?"


def test_summary_keeps_non_ascii_text():
    line = job_summary([workspace_failed_desktop(desktop_name=NASTY)], problems=True)[0]
    assert u"(desktop %s, user ben)" % NASTY in line


# ---- any service of the table ----

@pytest.fixture
def gizmo(monkeypatch):
    """A made-up service, registered in the table for one test: its words must reach the reports unchanged."""
    summary = (("id", "part_id"), ("part_name", "what.name"), ("owner", "what.owner"), ("error_code", "code"), ("fail_reason", "why"))
    part = Shape({"running": ("BUSY",), "succeeded": ("OK",), "failed": ("BROKEN",)}, status="state_text", id_field="part_id",
                 subject="what.name", error=("code", "why"))
    entry = Service(
        "gizmo", "Gizmo Works (GZW)", "gadget", "https://gizmo.{region}.{cloud}",
        calls={"job_id": Call("/v9/{project_id}/tasks/{id}")},
        job=Shape({"running": ("BUSY", "QUEUED"), "succeeded": ("OK",), "failed": ("BROKEN",)}, status="state_text",
                  id_field="task_id", times=("t0", "t1"), progress="pct", subject="gadget.serial", error=("code", "why"),
                  notes={"QUEUED": "waiting for a free robot"},
                  sub_jobs=SubJobs("parts", part, "part", summary=summary, label=("part_name",), details=(("owner", "owner"),))),
    )
    monkeypatch.setitem(services.SERVICES, "gizmo", entry)
    return entry


def test_a_service_added_to_the_table_is_reported_in_its_own_words(gizmo):
    broken = normalise(gizmo, {
        "task_id": "gz-1", "state_text": "BROKEN", "code": "GZ.42", "why": "Robot arm jammed.", "gadget": {"serial": "sn-7"},
        "t0": "2026-01-05T08:00:00Z", "t1": "2026-01-05T08:00:30Z",
        "parts": [{"part_id": "p1", "state_text": "OK", "what": {"name": "bolt"}},
                  {"part_id": "p2", "state_text": "BROKEN", "code": "GZ.7", "why": "Stripped.", "what": {"name": "wheel", "owner": "zoe"}}]})
    queued = normalise(gizmo, {"task_id": "gz-2", "state_text": "QUEUED", "pct": "25%", "gadget": {"serial": "sn-8"}})
    done = normalise(gizmo, {"task_id": "gz-3", "state_text": "OK", "gadget": {"serial": "sn-9"}})
    report = job_report([broken, queued, done], timeout=10)
    jobs = by_id(report)
    assert [jobs[i]["outcome"] for i in ("gz-1", "gz-2", "gz-3")] == ["failed", "timed_out", "succeeded"]
    assert (jobs["gz-1"]["subject"], jobs["gz-1"]["status"], jobs["gz-1"]["duration"]) == ("gadget sn-7", "BROKEN", 30.0)
    assert (jobs["gz-1"]["error_code"], jobs["gz-1"]["error_msg"]) == ("GZ.42", "Robot arm jammed.")
    assert jobs["gz-1"]["failed_sub_jobs"] == [{"id": "p2", "part_name": "wheel", "owner": "zoe", "error_code": "GZ.7", "fail_reason": "Stripped."}]
    assert jobs["gz-2"]["error_msg"] == "still running at the deadline (status 'QUEUED': waiting for a free robot, 25%)"
    assert job_summary(report, problems=True) == [
        "gizmo gz-1 failed: gadget sn-7: GZ.42: Robot arm jammed.; sub-job p2 (part wheel, owner zoe): GZ.7: Stripped.",
        "gizmo gz-2 timed_out: gadget sn-8: still running at the deadline (status 'QUEUED': waiting for a free robot, 25%)",
    ]
    assert job_summary(report)[3] == "gizmo      gz-3                                  succeeded          -  gadget sn-9"
    cases = cases_of(parse(junit_xml(report))[1])
    assert set(cases) == {"gz-1 (gadget sn-7)", "gz-2 (gadget sn-8)", "gz-3 (gadget sn-9)"}
    failure = cases["gz-1 (gadget sn-7)"].find("failure")
    assert failure.get("type") == "GZ.42"
    assert failure.text.splitlines() == ["gizmo job gz-1 failed", "subject: gadget sn-7", "status: BROKEN", "error_code: GZ.42", "error_msg: Robot arm jammed.",
                                         "sub-job p2 (part wheel, owner zoe): GZ.7: Stripped."]


def test_a_wait_on_an_added_service_that_could_not_read_reports_them_unreadable(gizmo):
    report = job_report({"failed": True, "msg": "region 'xx-1' has no known Gizmo Works (GZW) endpoint"},
                        jobs=[{"service": "gizmo", "job_id": "gz-1"}])
    assert [(j["service"], j["job_id"], j["outcome"]) for j in report["jobs"]] == [("gizmo", "gz-1", "unreadable")]


def test_a_record_of_a_service_not_in_the_table_is_still_reported():
    report = job_report([{"service": "elsewhere", "job_id": "e-1", "state": "failed", "status": "X", "error_msg": "boom"}])
    assert job_summary(report, problems=True) == ["elsewhere e-1 failed: boom"]
    assert cases_of(parse(junit_xml(report))[1])["e-1"].find("failure").get("message") == "boom"


def test_the_filters_name_no_service():
    """A service is data in the table: no service key nor noun appears as a literal in the filters' code."""
    words = set(SERVICES) | set(s.noun for s in SERVICES.values()) | set(s.job.sub_jobs.noun for s in SERVICES.values() if s.job.sub_jobs)
    for name in os.listdir(FILTER_DIR):
        if name.endswith(".py"):
            with open(os.path.join(FILTER_DIR, name), encoding="utf-8") as handle:
                literals = set(re.findall(r"""["']([^"'\n]*)["']""", handle.read()))
            assert not [text for text in literals for word in words if re.search(r"\b%s\b" % re.escape(word), text)], name


# ---- registration and docs ----

def test_docs_are_in_step_with_the_filters():
    filters = FilterModule().filters()
    assert sorted(filters) == ["job_report", "job_summary", "job_verdict", "junit_xml"]
    for name, function in filters.items():
        with open(os.path.join(FILTER_DIR, name + ".yml"), encoding="utf-8") as handle:
            doc = yaml.safe_load(handle)
        assert set(doc) == {"DOCUMENTATION", "EXAMPLES", "RETURN"}
        assert doc["DOCUMENTATION"]["name"] == name
        assert name in doc["EXAMPLES"] and yaml.safe_load(doc["EXAMPLES"])
        options = doc["DOCUMENTATION"]["options"]
        parameters = list(inspect.signature(function).parameters.values())
        assert ["_input"] + [p.name for p in parameters[1:]] == list(options)
        for parameter in parameters[1:]:
            default = None if parameter.default is None else parameter.default
            assert options[parameter.name].get("default") == default, (name, parameter.name)


# ---- a gate that fail_fast stopped early ----

RUNNING_RAW = {
    "workspace": lambda i: {"id": i, "status": "RUNNING"}, "ecs": lambda i: {"job_id": i, "status": "RUNNING"},
    "evs": lambda i: {"job_id": i, "status": "RUNNING"}, "ims": lambda i: {"job_id": i, "status": "RUNNING"},
    "bms": lambda i: {"job_id": i, "status": "RUNNING"}, "dcs": lambda i: {"job_id": i, "status": "RUNNING"},
    "cfw": lambda i: {"id": i, "status": "Running"}, "cce": lambda i: {"metadata": {"uid": i}, "status": {"phase": "Running"}},
}


def gate_stopped_early():
    """200 jobs of 8 services: 40 succeeded, the 146th (a CCE job) failed, the others running; fail_fast stops the wait."""
    clock = FakeClock(0.0)
    names = sorted(RUNNING_RAW)
    refs = [Ref(SERVICES[names[i % 8]], "job_id", "%s-%03d" % (names[i % 8], i)) for i in range(200)]

    def fetch(ref, deadline):
        number = int(ref.value.rsplit("-", 1)[1])
        if number == 145:
            raw = {"metadata": {"uid": ref.value}, "status": {"phase": "Failed", "reason": "quota exceeded"}}
        elif number < 40:
            raw = dict(RUNNING_RAW[ref.service.name](ref.value), status={"phase": "Success"}) if ref.service.name == "cce" else \
                dict(RUNNING_RAW[ref.service.name](ref.value), status={"cfw": "Success", "workspace": "SUCCESS"}.get(ref.service.name, "SUCCESS"))
        else:
            raw = RUNNING_RAW[ref.service.name](ref.value)
        return [normalise(ref.service, raw, ref.value)]

    waiter = Waiter(fetch, timeout=1800.0, fail_fast=True, clock=clock, sleep=clock.sleep, progress_interval=0, rng=lambda: 0.5)
    return waiter.wait(refs)


def test_a_gate_stopped_early_by_fail_fast_says_what_the_wait_said():
    """Before: '160 of 200 jobs did not succeed (1 failed, 159 timed out, ...): <20 jobs 'still running at the deadline'>
    ... and 140 more', the failed job not named, no stopped_early in the report."""
    result = gate_stopped_early()
    assert result["stopped_early"] and not result["timed_out"] and result["failed_ids"] == ["cce-145"]
    assert len(result["pending_ids"]) == 159 and len(result["succeeded_ids"]) == 40
    report = job_report(result, timeout=1800)
    assert report["stopped_early"] is True and report["passed"] is False
    assert (report["failed"], report["timed_out"], report["stopped"], report["unreadable"]) == (1, 0, 159, 0)
    assert by_id(report)["ecs-044"]["outcome"] == "stopped"
    verdict = job_verdict(report)
    assert verdict.startswith("160 of 200 jobs did not succeed (1 failed, 0 timed out, 159 still running when the wait "
                              "stopped early (fail_fast), 0 unreadable): cce cce-145 failed: ")
    assert "quota exceeded" in verdict and "ecs ecs-044 stopped: still running when the wait stopped early (fail_fast)" in verdict
    assert job_verdict(result) == verdict  # the wait's own result words the same
    summary = job_summary(result)
    assert summary[-1].startswith("200 jobs: 40 succeeded, 1 failed, 0 timed out, 159 still running when the wait stopped early "
                                  "(fail_fast), 0 unreadable, in ")
    assert job_summary(result, problems=True)[0].startswith("cce cce-145 failed: ")
    document = junit_xml(report)
    root, suite = parse(document)
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped"), suite.get("errors")) == ("200", "1", "159", "0")
    assert "still running when the wait stopped early (fail_fast)" in cases_of(suite)["ecs-044"].find("skipped").get("message")
    for text in [verdict, document] + summary:
        assert "at the deadline" not in text and "timed_out" not in text


def test_the_waits_time_is_one_figure_in_every_report():
    """Before: the summary said 'in 2.7s' of the role's own clock while the page and the result said the wait's."""
    result = dict(mixed_wait(), elapsed=2.739)
    assert job_report(result)["elapsed"] == 2.739
    assert job_summary(result)[-1].endswith(", in 2.7 s")
    assert parse(junit_xml(result))[0].get("time") == "2.739"
    assert job_summary(dict(mixed_wait(), elapsed=125.0))[-1].endswith(", in 2 min 05 s")


def test_the_unreadable_name_is_the_same_in_the_report_the_summary_and_the_verdict():
    report = job_report({"failed": True, "msg": "HTTP 401"}, jobs=[{"service": "cfw", "job_id": "a"}])
    assert report["jobs"][0]["outcome"] == "unreadable" and report["unreadable"] == 1 and "error" not in report
    assert job_summary(report)[-1] == "1 job: 0 succeeded, 0 failed, 0 timed out, 1 unreadable"
    assert job_verdict(report) == "1 of 1 job did not succeed (0 failed, 0 timed out, 1 unreadable): cfw a unreadable: HTTP 401"


# ---- orders and resources: the records of a real wait (tests/unit/waited.py) ----

@pytest.fixture
def waited(emu, monkeypatch):
    return orders_and_resources(emu, monkeypatch)


def test_the_report_of_orders_and_resources_says_how_each_ended_and_what_an_order_made(waited):
    result, ids = waited
    report = job_report(result)
    assert (report["passed"], report["total"], report["succeeded"], report["failed"], report["timed_out"]) == (False, 4, 3, 1, 0)
    assert all(list(job) == REPORT_KEYS for job in report["jobs"])
    jobs = by_id(report)
    assert set(jobs) == set(ids.values())
    completed, cancelled = jobs[ids["completed"]], jobs[ids["cancelled"]]
    assert (completed["service"], completed["outcome"], completed["status"], completed["error_msg"]) == ("bss", "succeeded", 5, None)
    assert completed["resources"] == ["srv-main"]  # the main resource only, as the table asks for
    assert (cancelled["outcome"], cancelled["status"], cancelled["resources"]) == ("failed", 4, [])
    assert cancelled["error_msg"] == "failed with status 4 (cancelled)"
    vpc, server = jobs[ids["vpc"]], jobs[ids["server"]]
    assert (vpc["service"], vpc["outcome"], vpc["status"], vpc["absent"]) == ("vpc", "succeeded", "OK", False)
    assert (server["service"], server["outcome"], server["absent"], server["resources"]) == ("ecs", "succeeded", True, [])
    assert job_report(report) == report


def test_the_summary_and_the_verdict_of_orders_and_resources(waited):
    result, ids = waited
    lines = dict((line.split()[1], line) for line in job_summary(result)[1:-1])
    assert set(lines) == set(ids.values())
    assert lines[ids["completed"]].split()[0] == "bss" and lines[ids["completed"]].endswith("succeeded          -  made srv-main")
    assert lines[ids["cancelled"]].endswith("failed             -  failed with status 4 (cancelled)")
    assert lines[ids["vpc"]].split()[:3] == ["vpc", ids["vpc"], "succeeded"]
    assert lines[ids["server"]].endswith("succeeded          -  absent, as until: absent asked")
    assert job_summary(result)[-1].startswith("4 jobs: 3 succeeded, 1 failed, 0 timed out, 0 unreadable, in ")
    assert job_summary(result, problems=True) == ["bss %s failed: failed with status 4 (cancelled)" % ids["cancelled"]]
    assert job_verdict(result) == ("1 of 4 jobs did not succeed (1 failed, 0 timed out, 0 unreadable): bss %s failed: "
                                   "failed with status 4 (cancelled)" % ids["cancelled"])


def test_junit_of_orders_and_resources(waited):
    result, ids = waited
    root, suite = parse(junit_xml(result))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("4", "1", "0", "0")
    cases = cases_of(suite)
    assert set(cases) == set(ids.values())
    assert [cases[ids[what]].get("classname") for what in ("completed", "cancelled", "vpc", "server")] == ["bss", "bss", "vpc", "ecs"]
    failure = cases[ids["cancelled"]].find("failure")
    assert failure.get("message") == "failed with status 4 (cancelled)"
    assert "bss job %s failed" % ids["cancelled"] in failure.text and "status: 4" in failure.text
    assert cases[ids["completed"]].find("system-out").text == "made srv-main"
    assert cases[ids["server"]].find("system-out").text == "absent, as until: absent asked"
    for what in ("completed", "vpc", "server"):
        assert list(cases[ids[what]].iter("failure")) == [] and list(cases[ids[what]].iter("error")) == []
    assert cases[ids["vpc"]].find("system-out") is None
