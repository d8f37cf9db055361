"""The example playbooks in playbooks/, run as a user would: ids in, credentials in the environment."""

import glob
import os

import pytest
import requests

from tests.helpers import ROOT, identity_secrets, run_playbook

PLAYBOOKS = os.path.join(ROOT, "playbooks")
USER_INVENTORY = ["-i", os.path.join(PLAYBOOKS, "inventory.yml")]
EXAMPLES = ("cph_batch_output.yml", "workspace_failed_desktops.yml", "cfw_many_jobs.yml")


def play(name, emu, extra_vars, method="aksk"):
    run = run_playbook(os.path.join(PLAYBOOKS, name), emu.env(method), extra_vars, USER_INVENTORY)
    assert not any(secret in run.output for secret in identity_secrets(emu.control)), "a secret was printed"
    return run


def test_cph_batch_command_prints_each_phones_output(emu):
    """The real flow: a batch command through the CPH API, then the playbook with the request id it returned."""
    emu.control.config(batch_job_seconds=0.5)
    token = emu.control.issue_token()
    project = emu.control.identity()["projects"]["cn-north-4"]
    started = requests.post("%s/v1/%s/cloud-phone/phones/batch-commands" % (emu.url, project), headers={"X-Auth-Token": token},
                            json={"command": "shell", "content": "getprop ro.product.model", "phone_ids": ["ph-a", "ph-b", "ph-c"]},
                            timeout=10)
    assert started.status_code == 200, started.text
    run = play("cph_batch_output.yml", emu, {"cph_request_id": started.json()["request_id"]}, method="password")
    assert run.rc == 0, run.output[-4000:]
    for phone in ("ph-a", "ph-b", "ph-c"):
        assert '"msg": "%s: succeeded: command=shell; content=getprop ro.product.model; result=ok"' % phone in run.stdout
    assert "3 phones, 3 succeeded, 0 failed" in run.stdout


def test_cph_failed_phone_is_printed_and_fails_the_play(emu):
    emu.control.add_jobs([
        dict(service="cph", job_id="cphok1", request_id="req-mixed", phone_id="ph-ok", state="succeeded", execute_msg="done"),
        dict(service="cph", job_id="cphbad1", request_id="req-mixed", phone_id="ph-bad", state="running", then="failed",
             after_seconds=0.5, error_code="CPS.0110", error_msg="Command failed."),
    ])
    run = play("cph_batch_output.yml", emu, {"cph_request_id": "req-mixed"})
    assert run.rc == 2, run.output[-4000:]
    assert '"msg": "ph-ok: succeeded: done"' in run.stdout
    assert '"msg": "ph-bad: failed: CPS.0110 Command failed."' in run.stdout
    assert "Phones failed (1), job ids: cphbad1" in run.output


def test_workspace_failed_desktops_are_listed(emu):
    emu.control.add_job(service="workspace", job_id="wks-example-1", job_type="CREATE_DESKTOP", sub_jobs=[
        dict(desktop_name="desk-alice", user_name="alice", state="running", then="succeeded", after_seconds=0.3),
        dict(desktop_name="desk-bob", user_name="bob", state="running", then="failed", after_seconds=0.6,
             error_code="WKS.00010059", fail_reason="Insufficient resources."),
        dict(desktop_name="desk-carol", user_name="carol", state="succeeded"),
    ])
    run = play("workspace_failed_desktops.yml", emu, {"workspace_job_id": "wks-example-1"}, method="token")
    assert run.rc == 2, run.output[-4000:]
    assert "desk-bob (bob, desktop id " in run.stdout and "): WKS.00010059 Insufficient resources." in run.stdout
    assert "desk-alice (" not in run.stdout and "desk-carol (" not in run.stdout
    assert "(CREATE_DESKTOP): failed, 3 desktops, 1 failed" in run.stdout
    assert "Workspace job wks-example-1 failed: WKS.00010059 Insufficient resources." in run.output


def test_cfw_many_jobs_in_one_wait(emu):
    ids = ["cfw-many-%02d" % i for i in range(12)]
    emu.control.add_jobs([dict(service="cfw", job_id=job_id, state="running", then="failed" if i == 7 else "succeeded",
                               after_seconds=0.2 + 0.1 * i) for i, job_id in enumerate(ids)])
    run = play("cfw_many_jobs.yml", emu, {"cfw_job_ids": ",".join(ids)})
    assert run.rc == 2, run.output[-4000:]
    assert '"msg": "cfw-many-07: status Failed"' in run.stdout
    assert "CFW: 11 of 12 jobs succeeded, 1 failed" in run.stdout
    assert "CFW jobs failed (1): cfw-many-07" in run.output
    # one status call per job and round, never one process per poll
    assert len(emu.control.requests(route="cfw_job")) < 12 * 10


@pytest.mark.parametrize("name", EXAMPLES)
def test_playbook_asks_for_its_ids(emu, name):
    run = play(name, emu, None)
    assert run.rc == 2
    assert "Pass the" in run.output
    assert emu.control.requests() == []


def test_examples_run_unchanged_against_the_real_cloud():
    """Nothing in an example knows about the emulator: the same file runs with real credentials in the environment."""
    examples = [p for p in glob.glob(os.path.join(PLAYBOOKS, "*.yml")) if os.path.basename(p) not in ("demo.yml", "inventory.yml")]
    assert {os.path.basename(p) for p in examples} >= set(EXAMPLES)
    for path in examples:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        for word in ("_emulator", "127.0.0.1", "hwcloud_emulator_url", "EMULATOR"):
            assert word not in text, "%s mentions %s" % (path, word)


def test_create_and_wait_creates_the_servers_and_waits_in_one_task(emu):
    """One POST starts the job; the same task polls it to the end and prints the servers it made."""
    emu.control.config(batch_job_seconds=0.5)
    run = play("create_and_wait.yml", emu, {"image_id": "img-1", "vpc_id": "vpc-1", "subnet_id": "subnet-1", "server_count": 3})
    assert run.rc == 0, run.output[-4000:]
    posts = emu.control.requests(route="ecs_create_servers")
    assert len(posts) == 1 and '"count":3' in posts[0]["body"].replace(" ", "")
    for server_id in posts[0]["response"]["serverIds"]:
        assert '"%s"' % server_id in run.stdout
    assert emu.control.requests(route="ecs_job") and all(posts[0]["response"]["job_id"] in r["path"] for r in emu.control.requests(route="ecs_job"))


def test_create_and_wait_fails_naming_the_server_that_failed(emu):
    emu.control.config(batch_job_seconds=0.5)
    emu.control.fail_next_start("ecs", index=0, error_code="Ecs.0039", fail_reason="Insufficient ECS quota.")
    run = play("create_and_wait.yml", emu, {"image_id": "img-1", "vpc_id": "vpc-1", "subnet_id": "subnet-1"})
    assert run.rc == 2
    failed = emu.control.requests(route="ecs_create_servers")[0]["response"]["serverIds"][0]
    assert "server %s" % failed in run.output and "Ecs.0039" in run.output


def test_create_and_wait_asks_for_its_ids(emu):
    run = play("create_and_wait.yml", emu, None)
    assert run.rc == 2 and "Pass the" in run.output
    assert emu.control.requests() == []
