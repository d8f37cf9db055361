"""AWX runs playbooks through ansible-runner: the demo, run that way once, as AWX would see its job events."""

import glob
import json
import os
import re
import threading
import time

import pytest

from tests.helpers import ROOT, identity_secrets
from tests.integration.runner_support import run_with_runner


STEP_LIMIT = 120  # seconds for each step of the run to show up; a bound on a hang, never on speed
WORKSPACE_RUNNING = "wait_for_job 1 job: 0 done (0 failed), 1 not done"


def wait_until(what, predicate):
    deadline = time.monotonic() + STEP_LIMIT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("gave up waiting for " + what)
        time.sleep(0.1)


def progress_seen(artifacts):
    """A Workspace progress line, with the job still running, among the job events written so far."""
    for path in glob.glob(os.path.join(artifacts, "job_events", "*.json")):
        try:
            with open(path, encoding="utf-8") as handle:
                if WORKSPACE_RUNNING in json.load(handle).get("stdout", ""):
                    return True
        except (ValueError, OSError):  # a file still being written, or a "-partial" one runner renamed since the glob
            continue
    return False


@pytest.fixture(scope="module")
def demo(emulator, tmp_path_factory):
    """One ansible-runner run of playbooks/demo.yml, credentials injected as envvars (as an AWX credential does).

    The emulator's clock stands still while the run starts, so no job ends before its wait has begun, however
    slow the machine: it moves the CPH jobs to their end once their wait has polled them, and the rest once the
    Workspace wait has shown a progress line with its job still running.
    """
    emulator.control.reset()
    env = emulator.env("aksk")
    pdd = tmp_path_factory.mktemp("runner") / "pdd"
    artifacts = os.path.join(str(pdd), "artifacts", "demo")
    runs = []
    emulator.control.freeze_clock(True)
    runner = threading.Thread(target=lambda: runs.append(run_with_runner(
        pdd, os.path.join(ROOT, "playbooks", "demo.yml"), env, {"hwcloud_emulator_url": emulator.url}, ident="demo")))
    runner.start()
    try:
        wait_until("two polls of the CPH jobs", lambda: len(emulator.control.requests(route="cph_jobs")) >= 2 or not runner.is_alive())
        emulator.control.advance_clock(7)  # the demo's batch command's jobs last 6 s (its config call); the desktops start later
        wait_until("a Workspace progress line", lambda: progress_seen(artifacts) or not runner.is_alive())
    finally:
        emulator.control.advance_clock(30)
        emulator.control.freeze_clock(False)
        runner.join(STEP_LIMIT + 330)
    return runs[0], emulator


def test_demo_events_show_progress_and_result(demo):
    run, _emulator = demo
    assert run.rc == 0, run.output[-5000:]
    assert run.status == "successful"
    events = run.events()
    kinds = [e["event"] for e in events]
    assert kinds[0] == "playbook_on_start" and kinds[-1] == "playbook_on_stats"

    # The progress lines of wait_for_job reach AWX while the wait runs, each as an event of its own.
    progress = [e for e in events if e.get("stdout", "").startswith("wait_for_job ")]
    assert {e["event"] for e in progress} == {"verbose"}
    running = [e for e in progress if e["stdout"].startswith(WORKSPACE_RUNNING)]
    assert running and all(re.search(r"progress \d+%", e["stdout"]) for e in running), [e["stdout"] for e in progress]
    summary_event = next(e for e in events if e["event"] == "runner_on_ok" and e["event_data"].get("task") == "Summary")
    assert max(e["counter"] for e in progress) < summary_event["counter"]

    # The final result: the summary task's lines, the failed desktop, the stats.
    summary = summary_event["event_data"]["res"]["msg"]
    assert ": 3 succeeded, 0 failed" in summary[0]
    assert summary[1].rstrip().endswith("1 desktop failed")
    assert "CFW: 3 of 3 jobs succeeded" in summary[2]
    carol = [e for e in events if e["event"] == "runner_item_on_ok" and "desk-carol" in e.get("stdout", "")]
    assert carol and "WKS.00010059" in carol[0]["stdout"]
    stats = events[-1]["event_data"]
    assert stats["failures"] == {} and stats["ok"]["localhost"] > 0


def test_demo_events_carry_no_secret_of_the_identity(demo):
    run, emulator = demo
    secrets = identity_secrets(emulator.control)
    texts = run.raw_events() + [run.read("stdout"), run.output]
    assert len(texts) > 10
    for text in texts:
        assert not any(secret in text for secret in secrets)


def test_demo_events_carry_no_signature_of_its_calls(demo):
    """The demo starts its jobs with api_call, signed with the AK/SK: no signature it sent reaches an event."""
    run, emulator = demo
    signatures = {r["headers"].get("Authorization", "").rpartition("Signature=")[2]
                  for r in emulator.control.requests(route="cph_batch_commands")} - {""}
    assert signatures
    for text in run.raw_events():
        assert not any(signature in text for signature in signatures)
