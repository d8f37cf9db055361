"""The job_gate role: waits, the log table, JSON and JUnit reports, set_stats for AWX, the final verdict."""

import json
import os
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from tests.helpers import ROOT, identity_secrets, run_playbook
from tests.integration.runner_support import run_with_runner

ROLE = os.path.join(ROOT, "roles", "job_gate")
GATE_PLAYBOOK = os.path.join(ROOT, "playbooks", "job_gate.yml")
USER_INVENTORY = ["-i", os.path.join(ROOT, "playbooks", "inventory.yml")]
FAST = {"job_gate_poll_interval": 0.2, "job_gate_max_poll_interval": 0.5}


def seed_mixed(control):
    """A CPH request of three phones (one fails), a Workspace job with a failed desktop, a CFW job, a KooPhone task."""
    control.add_jobs([
        dict(service="cph", job_id="gate-cph-1", request_id="gate-req", phone_id="gate-phone-1", state="running",
             then="succeeded", after_seconds=0.4, execute_msg="result=ok"),
        dict(service="cph", job_id="gate-cph-2", request_id="gate-req", phone_id="gate-phone-2", state="succeeded"),
        dict(service="cph", job_id="gate-cph-3", request_id="gate-req", phone_id="gate-phone-3", state="running",
             then="failed", after_seconds=0.6, error_code="CPS.0110", error_msg="Command <rm> failed & stopped."),
        dict(service="workspace", job_id="gate-wks-1", sub_jobs=[
            dict(desktop_name="desk-ann", user_name="ann", state="succeeded"),
            dict(desktop_name="desk-ben", user_name="ben", state="running", then="failed", after_seconds=0.5,
                 error_code="WKS.00010059", fail_reason="No capacity."),
        ]),
        dict(service="cfw", job_id="gate-cfw-1", state="running", then="succeeded", after_seconds=0.3),
        dict(service="koophone", job_id="gate-koo-1", task_id="gate-task", state="succeeded", execute_msg="out"),
    ])
    return [
        {"service": "cph", "request_id": "gate-req"},
        {"service": "workspace", "job_id": "gate-wks-1"},
        {"service": "cfw", "job_id": "gate-cfw-1"},
        {"service": "koophone", "task_id": "gate-task"},
    ]


def test_role_reports_for_a_workflow_through_ansible_runner(emu, tmp_path):
    """As an AWX workflow node: results in the stats event (set_stats), JSON and JUnit files, no failure."""
    jobs = seed_mixed(emu.control)
    json_path, junit_path = tmp_path / "out" / "report.json", tmp_path / "out" / "junit.xml"
    extravars = dict(FAST, job_gate_jobs=jobs, job_gate_fail_on_failure=False, job_gate_timeout=60,
                     job_gate_json_path=str(json_path), job_gate_junit_path=str(junit_path))
    run = run_with_runner(tmp_path / "pdd", GATE_PLAYBOOK, emu.env("aksk"), extravars, ident="gate")
    assert run.rc == 0, run.output[-5000:]
    assert run.status == "successful"

    # What the next workflow node receives (AWX reads artifact_data of the stats event).
    stats = run.events()[-1]
    assert stats["event"] == "playbook_on_stats"
    results = stats["event_data"]["artifact_data"]["job_gate_results"]
    assert results["passed"] is False
    assert (results["total"], results["succeeded"], results["failed"], results["timed_out"], results["unreadable"]) == (6, 4, 2, 0, 0)
    assert results["stopped_early"] is False and results["stopped"] == 0
    by_id = {job["job_id"]: job for job in results["jobs"]}
    assert set(by_id) == {"gate-cph-1", "gate-cph-2", "gate-cph-3", "gate-wks-1", "gate-cfw-1", "gate-koo-1"}
    assert by_id["gate-cph-3"]["error_code"] == "CPS.0110" and by_id["gate-cph-3"]["subject"] == "phone gate-phone-3"
    assert by_id["gate-cph-1"]["execute_msg"] == "result=ok" and by_id["gate-cph-1"]["outcome"] == "succeeded"
    failed_desktop = by_id["gate-wks-1"]["failed_sub_jobs"]
    assert [(d["desktop_name"], d["user_name"], d["error_code"], d["fail_reason"]) for d in failed_desktop] == \
        [("desk-ben", "ben", "WKS.00010059", "No capacity.")]
    # The generic keys replace the service-specific ones of 0.1.0.
    assert all("phone_id" not in job and "failed_desktops" not in job for job in results["jobs"])
    assert by_id["gate-cfw-1"]["subject"] is None and by_id["gate-cfw-1"]["failed_sub_jobs"] == []

    # The JSON report holds the same.
    with open(json_path, encoding="utf-8") as handle:
        assert json.load(handle) == results

    # JUnit: one testcase per job, classname the service, failures with code and message (desktops for Workspace).
    suite = ET.parse(junit_path).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "2", "0")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert {case.get("classname") for case in cases.values()} == {"cph", "workspace", "cfw", "koophone"}
    failure = cases["gate-cph-3 (phone gate-phone-3)"].find("failure")
    assert failure.get("type") == "CPS.0110"
    assert failure.get("message") == "CPS.0110: Command <rm> failed & stopped."
    wks = cases["gate-wks-1"].find("failure")
    sub_job = "sub-job %s (desktop desk-ben, user ben): WKS.00010059: No capacity." % failed_desktop[0]["id"]
    assert sub_job in wks.get("message")
    assert wks.text.splitlines()[-1] == sub_job
    assert cases["gate-cph-1 (phone gate-phone-1)"].find("system-out").text == "result=ok"
    assert cases["gate-cfw-1"].find("failure") is None

    # The summary table in the log.
    stdout = run.read("stdout")
    assert "SERVICE    JOB" in stdout and "6 jobs: 4 succeeded, 2 failed, 0 timed out, 0 unreadable" in stdout
    assert re.search(r'"cph +gate-cph-1 +succeeded +\d+\.\ds  phone gate-phone-1"', stdout), stdout[-3000:]
    assert sub_job in stdout
    assert not any(secret in text for text in run.raw_events() + [stdout] for secret in identity_secrets(emu.control))


def test_role_fails_at_the_end_and_shares_one_deadline(emu, tmp_path):
    """Credentials from module_defaults only; two services with jobs that never end share job_gate_timeout; any service."""
    emu.control.add_jobs([
        dict(service="cfw", job_id="gate-cfw-ok", state="succeeded"),
        dict(service="cfw", job_id="gate-cfw-bad", state="failed"),
        dict(service="ecs", job_id="gate-ecs-1", sub_jobs=[
            dict(id="gate-ecs-sub-1", server_id="gate-srv-1", state="succeeded"),
            dict(id="gate-ecs-sub-2", server_id="gate-srv-2", state="failed", error_code="Ecs.0010", fail_reason="No flavor.")]),
        dict(service="workspace", job_id="gate-wks-forever", state="running"),
        dict(service="koophone", job_id="gate-koo-forever", task_id="gate-task-forever", state="running"),
    ])
    ident = emu.control.identity()
    playbook = tmp_path / "gate.yml"
    playbook.write_text(yaml.safe_dump([{
        "name": "Gate with credentials in module_defaults",
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/hwcloud.jobs.hwcloud": {
            "endpoint": emu.url, "iam_endpoint": emu.url, "region": "cn-north-4",
            "access_key": ident["access_key"], "secret_key": ident["secret_key"]}},
        "roles": [{"role": "hwcloud.jobs.job_gate", "job_gate_timeout": 2, "job_gate_junit_path": str(tmp_path / "junit.xml"),
                   "job_gate_jobs": [{"service": "cfw", "job_id": "gate-cfw-ok, gate-cfw-bad"},
                                     {"service": "workspace", "job_id": "gate-wks-forever"},
                                     {"service": "ecs", "job_id": ["gate-ecs-1"]},
                                     {"service": "koophone", "task_id": "gate-task-forever"}]}],
    }]))
    run = run_playbook(str(playbook), {}, FAST, USER_INVENTORY)
    assert run.rc == 2, run.output[-5000:]
    assert "job_gate: 4 of 5 jobs did not succeed (2 failed, 2 timed out, 0 unreadable)" in run.output
    assert "cfw gate-cfw-bad failed: failed with status 'Failed'" in run.output
    assert "workspace gate-wks-forever timed_out: still running at the deadline (status 'RUNNING'" in run.output
    assert "sub-job gate-ecs-sub-2 (server gate-srv-2): Ecs.0010: No flavor." in run.output
    # One deadline for every service, counted in polls: one wait polled the two jobs that never end together,
    # round by round, to the end (a wait per service would have polled one to its deadline, then the other).
    forever = [entry["route"] for entry in emu.control.requests() if entry["route"] in ("workspace_job", "koophone_task")]
    rounds = forever.count("workspace_job")
    assert rounds >= 1 and forever.count("koophone_task") == rounds, forever
    assert all(sorted(forever[2 * n:2 * n + 2]) == ["koophone_task", "workspace_job"] for n in range(rounds)), forever
    report = [line for line in run.stdout.splitlines() if "5 jobs: 1 succeeded" in line]
    assert report, run.stdout[-3000:]
    assert float(report[0].rsplit(" in ", 1)[1].rstrip('s",')) >= 2  # a wait with jobs pending cannot end before its timeout
    # The report was written before the role failed.
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("5", "4")
    assert [f.get("type") for f in suite.iter("failure")].count("timed_out") == 2
    assert {case.get("classname") for case in suite.iter("testcase")} == {"cfw", "workspace", "ecs", "koophone"}
    assert not any(secret in run.output for secret in identity_secrets(emu.control))


def test_role_reports_unreadable_jobs_as_unreadable(emu, tmp_path):
    """A wrong secret key: every job is unreadable (JUnit <error>) carrying the API's code, and the role fails."""
    emu.control.add_job(service="cfw", job_id="gate-cfw-x", state="succeeded")
    env = dict(emu.env("aksk"), HUAWEICLOUD_SDK_SK="not-the-secret-key-0000000000000000000000")
    junit = tmp_path / "junit.xml"
    extra_vars = dict(FAST, job_gate_jobs=[{"service": "cfw", "job_id": "gate-cfw-x"}], job_gate_junit_path=str(junit))
    run = run_playbook(GATE_PLAYBOOK, env, extra_vars, USER_INVENTORY)
    assert run.rc == 2, run.output[-5000:]
    assert "0 failed, 0 timed out, 1 unreadable" in run.output
    error = ET.parse(junit).getroot().find("testsuite/testcase/error")
    assert error.get("type") == "APIGW.0301" and "HTTP 401" in error.get("message")
    assert "not-the-secret-key" not in run.output


def test_role_stopped_early_by_fail_fast_says_what_the_wait_says(emu, tmp_path):
    """job_gate_fail_fast over jobs of several services, one failing past the twentieth: the verdict names it first,
    the others are still running when the wait stopped early (never 'at the deadline'), every report carries
    stopped_early, and the wait's elapsed is the one figure of the log, the JSON and the JUnit time."""
    services = ["cfw", "ecs", "evs", "ims", "bms", "dcs", "workspace"]
    jobs = [dict(service=services[n % len(services)], job_id="ff-gate-%02d" % n, state="running") for n in range(30)]
    jobs.append(dict(service="cce", job_id="ff-gate-cce", state="failed", fail_reason="quota exceeded"))
    emu.control.add_jobs(jobs)
    json_path, junit_path = tmp_path / "report.json", tmp_path / "junit.xml"
    extra_vars = dict(FAST, job_gate_jobs=[{"service": j["service"], "job_id": j["job_id"]} for j in jobs], job_gate_fail_fast=True,
                      job_gate_timeout=600, job_gate_json_path=str(json_path), job_gate_junit_path=str(junit_path))
    run = run_playbook(GATE_PLAYBOOK, emu.env("aksk"), extra_vars, USER_INVENTORY)
    assert run.rc == 2, run.output[-5000:]
    assert ("job_gate: 31 of 31 jobs did not succeed (1 failed, 0 timed out, 30 still running when the wait stopped early "
            "(fail_fast), 0 unreadable): cce ff-gate-cce failed: ") in run.output, run.output[-5000:]
    assert "quota exceeded" in run.output and "still running when the wait stopped early (fail_fast)" in run.output
    assert "at the deadline" not in run.output
    with open(json_path, encoding="utf-8") as handle:
        report = json.load(handle)
    assert report["stopped_early"] is True and (report["failed"], report["stopped"], report["timed_out"]) == (1, 30, 0)
    assert {job["outcome"] for job in report["jobs"]} == {"failed", "stopped"}
    suite = ET.parse(junit_path).getroot().find("testsuite")
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "30")
    assert suite.get("time") == str(report["elapsed"])
    seconds = "%.1f s" % report["elapsed"] if report["elapsed"] < 60 else None
    assert seconds and ("31 jobs: 0 succeeded, 1 failed, 0 timed out, 30 still running when the wait stopped early (fail_fast), "
                        "0 unreadable, in %s" % seconds) in run.output


@pytest.mark.parametrize("jobs, rc, expected", [
    ([{"service": "nosuch", "job_id": "x"}], 2, "jobs[0]: service must be one of bms, bss, cbr, cce, cfw, cph, dcs"),
    ([{"service": "cph", "job_id": "x", "request_id": "y"}], 2,
     "jobs[0]: Cloud Phone (CPH) takes job_id or request_id, got job_id + request_id"),
    ([{"service": "cfw", "job_id": "a"}, {"service": "cfw"}], 2,
     "jobs[1] must give the ids of one call of Cloud Firewall (CFW): job_id; it gives none"),
    ([{"service": "cfw", "job_id": " , "}], 2, "jobs[0] must give the ids of one call of Cloud Firewall (CFW): job_id; it gives none"),
    ([{"service": "cfw", "job_id": "a"}, {"service": "workspace", "task_id": "t1"}], 2, "jobs[1]: Workspace takes job_id, got task_id"),
    ([{"service": "cfw", "job_id": "ok,a/b"}], 2, "jobs[0].job_id 'a/b' holds characters that are not allowed"),
    ([{"service": "cfw", "jobid": "x"}], 2, "jobs[0] has unknown keys jobid (allowed: service, job_id, request_id, task_id"),
    ([], 0, "0 jobs: 0 succeeded"),
], ids=["unknown-service", "two-ids", "no-id", "blank-ids", "wrong-id-for-service", "bad-id", "unknown-key", "no-jobs"])
def test_role_checks_its_inputs(emu, jobs, rc, expected):
    run = run_playbook(GATE_PLAYBOOK, emu.env("aksk"), {"job_gate_jobs": jobs}, USER_INVENTORY)
    assert run.rc == rc, run.output[-3000:]
    assert expected in run.output
    assert emu.control.requests() == []
    if rc and "jobs[" in expected:
        assert "job_gate_jobs: " + expected in run.output
        assert "SERVICE    JOB" not in run.output  # refused before any report


def test_role_defaults_and_argument_specs_agree():
    with open(os.path.join(ROLE, "defaults", "main.yml"), encoding="utf-8") as handle:
        defaults = yaml.safe_load(handle)
    with open(os.path.join(ROLE, "meta", "argument_specs.yml"), encoding="utf-8") as handle:
        options = yaml.safe_load(handle)["argument_specs"]["main"]["options"]
    assert all(name.startswith("job_gate_") for name in list(options) + list(defaults))
    documented = {name: spec["default"] for name, spec in options.items() if "default" in spec}
    assert documented == defaults
    assert set(options) - set(defaults) == {"job_gate_jobs"} and options["job_gate_jobs"]["required"]
    with open(os.path.join(ROLE, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    assert all(name in readme for name in options)
