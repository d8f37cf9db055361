# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every benchmark scenario needs: the emulator, a measured ansible-playbook run, small statistics."""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import datetime

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(REPO, "benchmarks")
PLAYBOOKS = os.path.join(HERE, "playbooks")
BIN = os.path.dirname(sys.executable)
CLOUD_PREFIXES = ("HW_", "HUAWEICLOUD_", "HWCLOUD_")
CLK_TCK = os.sysconf("SC_CLK_TCK")

if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.emulator.fixture import EmulatorProcess  # noqa: E402 pylint: disable=wrong-import-position


class Emulator:
    """The emulator subprocess this benchmark starts (and stops, by its own pid only)."""

    def __init__(self, log_path):
        self.handle = EmulatorProcess(log_path=log_path)
        self.token = None

    def __enter__(self):
        os.environ.pop("HWCLOUD_JOBS_EMULATOR_URL", None)  # always our own emulator, never an external one
        self.handle.start()
        self.fresh()
        return self

    def __exit__(self, *exc):
        self.handle.stop()

    @property
    def url(self):
        return self.handle.url

    @property
    def control(self):
        return self.handle.control

    def fresh(self):
        """Reset jobs, log and faults; a long request log; a token for both sides of a comparison."""
        self.control.reset()
        self.control.config(request_log_limit=2000000)
        self.env = self.handle.env("token", project_id=True)
        self.token = self.env["HW_AUTH_TOKEN"]
        self.project_id = self.env["HUAWEICLOUD_SDK_PROJECT_ID"]

    def cpu_seconds(self):
        """User + system CPU the emulator process has used so far."""
        if not self.handle.pid:
            return 0.0
        with open("/proc/%d/stat" % self.handle.pid) as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / float(CLK_TCK)

    def cloud_requests(self, route=None):
        """The cloud calls logged since the last clear, optionally of one route (control calls are never logged)."""
        entries = self.control.requests(route=route)
        for entry in entries:
            entry["epoch"] = iso_epoch(entry["time"])
        return entries


def iso_epoch(text):
    """Epoch seconds of the emulator's '2024-01-02T03:04:05.123Z'."""
    return datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


def ansible_env(extra, timer_file):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(CLOUD_PREFIXES))
    env.update(
        ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, ".build", "collections"),
        ANSIBLE_INVENTORY=os.path.join(HERE, "inventory.yml"),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="bench_timer",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        BENCH_TIMER_FILE=timer_file,
        PATH=BIN + os.pathsep + env.get("PATH", ""),
    )
    env.update(extra or {})
    return env


class Runner:
    """Runs ansible-playbook as a user would and measures the whole process tree with wait4."""

    def __init__(self, work_dir):
        self.work_dir = work_dir
        self.count = 0
        os.makedirs(work_dir, exist_ok=True)

    def playbook(self, name, label, extra_vars=None, env=None, timeout=600):
        """Run benchmarks/playbooks/NAME; a dict of rc, wall, cpu, maxrss_kb, tasks (from bench_timer)."""
        self.count += 1
        stem = os.path.join(self.work_dir, "%03d-%s" % (self.count, label))
        vars_file, timer_file, log_file = stem + ".vars.json", stem + ".timer.json", stem + ".log"
        with open(vars_file, "w") as handle:
            json.dump(extra_vars or {}, handle)
        cmd = [os.path.join(BIN, "ansible-playbook"), os.path.join(PLAYBOOKS, name), "-e", "@" + vars_file]
        usage_file = stem + ".rusage.json"
        with open(log_file, "w") as log:
            start = time.time()
            # Through a tiny wrapper: a child's ru_maxrss starts at the RSS of the process it was forked from,
            # so forking ansible-playbook from this (growing) process would put a floor under its peak RSS.
            proc = subprocess.Popen([sys.executable, "-S", "-c", SPAWN_AND_MEASURE, usage_file] + cmd,  # pylint: disable=consider-using-with
                                    env=ansible_env(env, timer_file), cwd=REPO, stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            timed_out = _wait(proc, timeout)
            wall = time.time() - start
        tasks = []
        if os.path.exists(timer_file):
            with open(timer_file) as handle:
                tasks = json.load(handle)["tasks"]
        usage = dict(rc=proc.returncode or -9, cpu_user=0.0, cpu_sys=0.0, maxrss_kb=0)
        if os.path.exists(usage_file):
            with open(usage_file) as handle:
                usage = json.load(handle)
        rc = usage["rc"]
        run = dict(label=label, rc=rc, timed_out=timed_out, started=start, wall=wall,
                   cpu=usage["cpu_user"] + usage["cpu_sys"], cpu_user=usage["cpu_user"], cpu_sys=usage["cpu_sys"],
                   maxrss_kb=usage["maxrss_kb"], tasks=tasks, log=os.path.relpath(log_file, REPO))
        if rc != 0:
            with open(log_file) as handle:
                run["log_tail"] = handle.read()[-3000:]
        return run


# argv: usage file, then the command. Runs the command as its child and writes that child's rusage (its whole
# reaped tree: CPU, peak RSS of the largest process) as JSON; exits with the command's exit code.
SPAWN_AND_MEASURE = """
import json, os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_pid, status, usage = os.wait4(pid, 0)
rc = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as handle:
    json.dump(dict(rc=rc, cpu_user=usage.ru_utime, cpu_sys=usage.ru_stime, maxrss_kb=usage.ru_maxrss), handle)
sys.exit(rc if rc >= 0 else 128 - rc)
"""


def _wait(proc, timeout):
    """Wait for the wrapper; past the timeout kill its process group (the wrapper and ansible-playbook's tree)."""
    try:
        proc.wait(timeout=timeout)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return True


def task(run, index=-1):
    """The bench_timer record of one task of a run (the last by default), or {}."""
    return run["tasks"][index] if run["tasks"] else {}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def rnd(value, digits=4):
    return None if value is None else round(value, digits)
