"""Load: wait_for_job on 1000 CFW jobs against an emulator limited to 50 requests per second."""

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import BIN, ansible_env

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - hwcloud.jobs.wait_for_job:
        service: cfw
        job_id: "{{ ids }}"
        timeout: 600
        poll_interval: 2
        max_poll_interval: 10
        max_concurrency: 10
        progress_interval: 10
      register: waited
    - ansible.builtin.copy:
        content: "{{ waited | to_json }}"
        dest: "{{ out }}"
        mode: "0600"
"""

# Runs ansible-playbook and prints the peak RSS (KiB) of it and its workers.
RUN_AND_MEASURE = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print('PEAK_RSS_KB=%d' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(rc)\n")


def wait_for_many(emu, tmp_path, count, rate_limit=None, finish_within=20):
    emu.control.add_jobs([dict(service="cfw", job_id="load%05d" % i, state="running", then="succeeded",
                               after_seconds=round(finish_within * ((i * 7919) % count) / float(count), 2)) for i in range(count)])
    if rate_limit:
        emu.control.add_fault(route="cfw_job", rate_limit=rate_limit, window_seconds=1)
    playbook = tmp_path / "load.yml"
    playbook.write_text(PLAYBOOK)
    out = tmp_path / "result.json"
    extra = json.dumps({"ids": ["load%05d" % i for i in range(count)], "out": str(out)})
    cmd = [sys.executable, "-c", RUN_AND_MEASURE, os.path.join(BIN, "ansible-playbook"), str(playbook), "-e", extra]
    proc = subprocess.run(cmd, env=ansible_env(emu.env("aksk", project_id=True)), capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    peak = int(proc.stdout.rsplit("PEAK_RSS_KB=", 1)[1].split()[0])
    return json.loads(out.read_text()), peak, proc.stdout


@pytest.mark.slow
def test_thousand_jobs_rate_limited_every_job_once_few_throttled(emu, tmp_path):
    # The jobs end within a few seconds: a round of 1000 polls takes 20 s at 50 requests per second, so every job
    # has ended by the second round, and the run costs two rounds and the throttling, not minutes of idle polling.
    small, small_rss, dummy = wait_for_many(emu, tmp_path, 100, finish_within=4)
    emu.control.reset()
    emu.control.config(request_log_limit=100000)  # every call of the run stays in the log
    result, rss, stdout = wait_for_many(emu, tmp_path, 1000, rate_limit=50, finish_within=8)
    ids = result["succeeded_ids"]
    assert len(ids) == 1000 and len(set(ids)) == 1000
    assert result["failed_ids"] == [] and result["pending_ids"] == []
    calls = [r for r in emu.control.requests() if "/jobs/load" in r["path"]]
    throttled = [r for r in calls if r["status"] == 429]
    share = len(throttled) / float(len(calls))
    # How few calls were throttled depends on the machine's pace against the emulator's one-second window: a figure
    # to read (and the benchmarks' business), not an assertion.
    figures = (len(calls), len(throttled), 100 * share, result["polls"], result["elapsed"], rss / 1024.0, small_rss / 1024.0)
    print("\nLOAD 1000 CFW jobs @ 50 rps: %d calls, %d throttled (%.2f%%), %d polls, %.1f s, peak RSS %.1f MiB "
          "(100 jobs unthrottled: %.1f MiB)" % figures)
    assert result["throttled"] == len(throttled)  # each 429 the emulator sent, counted by the client
    assert {r["status"] for r in calls} <= {200, 429}
    # Every job once: a throttled call is retried, never given up, and a job is not polled again after it succeeded.
    by_job = {}
    for entry in calls:
        by_job.setdefault(entry["path"].rsplit("/", 1)[1], []).append(entry)
    assert sorted(by_job) == sorted(ids)
    for job_id, entries in by_job.items():
        answered = [(e["status"], (e["response"] or {}).get("data", {}).get("status")) for e in entries]
        assert answered[-1] == (200, "Success") and answered.count((200, "Success")) == 1, (job_id, answered)
    assert rss < small_rss + 64 * 1024, "peak RSS grew from %d KiB (100 jobs) to %d KiB (1000 jobs)" % (small_rss, rss)
    assert "wait_for_job 1000 jobs: " in stdout
    assert len(set(small["succeeded_ids"])) == 100
