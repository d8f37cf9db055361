"""AWX runs playbooks through ansible-runner: the demo, run that way once, as AWX would see its job events."""

import os

import pytest

from conftest import ROOT
from runner_support import identity_secrets, run_with_runner


@pytest.fixture(scope="module")
def demo(emulator, tmp_path_factory):
    """One ansible-runner run of playbooks/demo.yml, credentials injected as envvars (as an AWX credential does)."""
    emulator.control.reset()
    env = emulator.env("aksk")
    # The demo starts its CPH command with ansible.builtin.uri, which needs an IAM user (as in scripts/demo.sh).
    env.update(emulator.env("password"))
    run = run_with_runner(tmp_path_factory.mktemp("runner") / "pdd", os.path.join(ROOT, "playbooks", "demo.yml"), env,
                          {"hwcloud_emulator_url": emulator.url}, ident="demo")
    return run, emulator


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
    # (how far the Workspace job has got by the first line depends on the machine's speed)
    assert any(e["stdout"].startswith("wait_for_job workspace: ") and "progress" in e["stdout"] for e in progress)
    summary_event = next(e for e in events if e["event"] == "runner_on_ok" and e["event_data"].get("task") == "Summary")
    assert max(e["counter"] for e in progress) < summary_event["counter"]

    # The final result: the summary task's lines, the failed desktop, the stats.
    summary = summary_event["event_data"]["res"]["msg"]
    assert ": 3 succeeded, 0 failed" in summary[0]
    assert summary[1].rstrip().endswith("1 desktops failed")
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


def test_demo_events_carry_no_iam_token(demo):
    run, emulator = demo
    tokens = {r["headers"].get("X-Auth-Token") for r in emulator.control.requests(route="cph_batch_commands")} - {None}
    assert tokens
    for text in run.raw_events():
        assert not any(token in text for token in tokens)
