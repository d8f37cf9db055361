"""playbooks/create_if_absent.yml run twice against the emulator, as a user would: one server, one POST, and the
second run changes nothing (its lookup is a GET)."""

import os

from tests.helpers import ROOT, identity_secrets, run_playbook

PLAYBOOK = os.path.join(ROOT, "playbooks", "create_if_absent.yml")
USER_INVENTORY = ["-i", os.path.join(ROOT, "playbooks", "inventory.yml")]
IDS = {"server_name": "web-1", "image_id": "img-1", "vpc_id": "vpc-1", "subnet_id": "subnet-1"}


def play(emu, extra_vars):
    run = run_playbook(PLAYBOOK, emu.env("aksk"), extra_vars, USER_INVENTORY)
    assert not any(secret in run.output for secret in identity_secrets(emu.control)), "a secret was printed"
    return run


def test_run_twice_it_creates_one_server_and_the_second_run_changes_nothing(emu):
    emu.control.config(batch_job_seconds=0.5)
    first = play(emu, IDS)
    assert first.rc == 0, first.output[-4000:]
    posts = emu.control.requests(route="ecs_create_servers")
    assert len(posts) == 1
    server_id = posts[0]["response"]["serverIds"][0]
    assert "web-1: created %s" % server_id in first.stdout and "changed=1" in first.stdout
    second = play(emu, IDS)
    assert second.rc == 0, second.output[-4000:]
    assert len(emu.control.requests(route="ecs_create_servers")) == 1
    assert "web-1: %s" % server_id in second.stdout and "changed=0" in second.stdout
    assert len(emu.control.requests(route="ecs_list_servers")) == 2


def test_a_name_that_only_contains_the_wanted_one_does_not_count(emu):
    emu.control.config(batch_job_seconds=0.3)
    assert play(emu, dict(IDS, server_name="web-10")).rc == 0
    run = play(emu, IDS)
    assert run.rc == 0, run.output[-4000:]
    assert len(emu.control.requests(route="ecs_create_servers")) == 2


def test_it_asks_for_its_name_and_ids(emu):
    run = play(emu, None)
    assert run.rc == 2 and "Pass the" in run.output
    assert emu.control.requests() == []


def test_the_readme_shows_the_playbooks_tasks():
    import re  # pylint: disable=import-outside-toplevel
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        blocks = re.findall(r"^```yaml\n(.*?)^```", handle.read(), re.S | re.M)
    block, = [b for b in blocks if b.startswith("# playbooks/create_if_absent.yml (the tasks)")]
    with open(PLAYBOOK, encoding="utf-8") as handle:
        playbook = handle.read()
    tasks = block.split("\n", 1)[1]
    assert "\n".join("    " + line if line else line for line in tasks.splitlines()) in playbook
