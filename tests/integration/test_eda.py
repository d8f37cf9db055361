# -*- coding: utf-8 -*-
"""hwcloud.jobs.job_status through the real ansible-rulebook CLI, and the source in the built tarball."""

import os
import shutil
import subprocess
import tarfile

import pytest

from tests.helpers import COLLECTIONS, ROOT, ansible_env

EDA = os.path.join(COLLECTIONS, "ansible_collections", "hwcloud", "jobs", "extensions", "eda")
RULEBOOK = os.path.join("rulebooks", "workspace_failed_desktop.yml")
TIMEOUT = 300  # generous: the run must end by itself (exit_when_done) well before

pytestmark = pytest.mark.skipif(shutil.which("ansible-rulebook") is None, reason="ansible-rulebook is not installed")


def rulebook(emu, tmp_path, variables, rulebook_file=RULEBOOK):
    """Run ansible-rulebook from the installed collection's extensions/eda, as its README says."""
    vars_file = tmp_path / "jobs.yml"
    vars_file.write_text(variables, encoding="utf-8")
    env = ansible_env(emu.env("aksk"))
    env.pop("PYTHONPATH", None)  # the source must find the collection by itself
    env["EDA_SHUTDOWN_DELAY"] = "30"
    return subprocess.run(
        ["ansible-rulebook", "-i", "inventory.yml", "--rulebook", rulebook_file, "--vars", str(vars_file)],
        cwd=EDA, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def test_playbook_runs_for_the_failed_desktop_only_and_the_run_ends_by_itself(emu, tmp_path):
    failed = emu.control.add_job(service="workspace", state="running", then="failed", after_polls=2, sub_jobs=[
        {"desktop_id": "desk-ok-a", "desktop_name": "ok-a"}, {"desktop_id": "desk-bad", "desktop_name": "bad"}])
    fine = emu.control.add_job(service="workspace", state="running", then="succeeded", after_polls=1, sub_jobs=[
        {"desktop_id": "desk-ok-b", "desktop_name": "ok-b"}])
    variables = ("hwcloud_jobs:\n  - {service: workspace, job_id: %s}\n  - {service: workspace, job_id: %s}\n"
                 "hwcloud_poll_interval: 0.2\nhwcloud_max_poll_interval: 0.5\n" % (failed["job_id"], fine["job_id"]))
    run = rulebook(emu, tmp_path, variables)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert output.count("repair desktop desk-bad (bad, ") == 1, output[-4000:]
    assert "of job %s: WKS.00010001" % failed["job_id"] in output
    for other in ("desk-ok-a", "desk-ok-b", fine["job_id"]):
        assert "repair desktop %s" % other not in output and "of job %s" % fine["job_id"] not in output
    assert output.count("PLAY [Repair the failed desktops of a Workspace job]") == 1
    assert emu.control.job(failed["job_id"])["state"] == "failed" and emu.control.job(fine["job_id"])["state"] == "succeeded"


ORDERS_AND_RESOURCES = """---
- name: Orders and resources as they end
  hosts: all
  sources:
    - name: An order and resources
      hwcloud.jobs.job_status:
        jobs: "{{ hwcloud_jobs }}"
        poll_interval: 0.2
        max_poll_interval: 0.5
  rules:
    - name: An order ended
      condition: event.hwcloud_job.service == "bss"
      action:
        debug:
          msg: "order {{ event.hwcloud_job.order_id }} {{ event.hwcloud_job.state }} status {{ event.hwcloud_job.status }}
            made {{ event.hwcloud_job.resources | default([]) | join(',') }}"
    - name: A resource is gone
      condition: event.hwcloud_job.absent is defined and event.hwcloud_job.absent == true
      action:
        debug:
          msg: "gone {{ event.hwcloud_job.service }} {{ event.hwcloud_job.job_id }}"
    - name: A resource is ready
      condition: event.hwcloud_job.service == "vpc" and event.hwcloud_job.state == "succeeded"
      action:
        debug:
          msg: "ready vpc {{ event.hwcloud_job.vpc_id }} status {{ event.hwcloud_job.status }}"
"""


def test_orders_and_resources_reach_the_rules_as_they_end(emu, tmp_path):
    completed = emu.control.add_order(phases=[{"status": 6, "for_polls": 1}, {"status": 5}], resources_after_polls=1,
                                      resources=["srv-main", {"resource_id": "vol-data", "is_main_resource": 0}])
    cancelled = emu.control.add_order(phases=[{"status": 6, "for_polls": 1}, {"status": 4}])
    vpc = emu.control.add_resource(kind="vpc", phases=[{"status": "CREATING", "for_polls": 1}, {"status": "OK"}])
    server = emu.control.add_resource(kind="ecs_server", phases=[{"status": "ACTIVE"}])
    emu.control.resource_phases(server["id"], [{"status": "DELETING", "for_polls": 1}, {"absent": True}])
    rules = tmp_path / "orders.yml"
    rules.write_text(ORDERS_AND_RESOURCES, encoding="utf-8")
    variables = ("hwcloud_jobs:\n  - {service: bss, order_id: %s}\n  - {service: bss, order_id: %s}\n"
                 "  - {service: vpc, vpc_id: %s}\n  - {service: ecs, server_id: %s, until: absent}\n"
                 % (completed["order_id"], cancelled["order_id"], vpc["id"], server["id"]))
    run = rulebook(emu, tmp_path, variables, rulebook_file=str(rules))
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert output.count("order %s succeeded status 5 made srv-main" % completed["order_id"]) == 1, output[-4000:]
    assert output.count("order %s failed status 4 made" % cancelled["order_id"]) == 1
    assert output.count("ready vpc %s status OK" % vpc["id"]) == 1
    assert output.count("gone ecs %s" % server["id"]) == 1
    assert "vol-data" not in output and "Traceback" not in output


def test_bad_input_is_shown_by_ansible_rulebook_before_any_request(emu, tmp_path):
    run = rulebook(emu, tmp_path, "hwcloud_jobs:\n  - {service: workspace, job_id: j1, task_id: t1}\n")
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "hwcloud.jobs.job_status: jobs[0]" in output and "got job_id + task_id" in output, output[-4000:]
    assert "Traceback" not in output
    assert emu.control.requests() == []


def test_the_built_tarball_ships_the_source_and_the_example(tmp_path):
    done = subprocess.run(["ansible-galaxy", "collection", "build", ROOT, "--output-path", str(tmp_path)],
                          env=ansible_env({}), capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (tarball,) = tmp_path.glob("hwcloud-jobs-*.tar.gz")
    with tarfile.open(str(tarball)) as archive:
        names = set(archive.getnames())
    for name in ("extensions/eda/plugins/event_source/job_status.py", "extensions/eda/rulebooks/workspace_failed_desktop.yml",
                 "extensions/eda/playbooks/repair_desktop.yml", "extensions/eda/inventory.yml"):
        assert name in names, name
