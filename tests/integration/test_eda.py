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
