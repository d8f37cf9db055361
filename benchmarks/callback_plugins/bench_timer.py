# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark callback: when each task started and returned, and what the controller process spent meanwhile.

Enabled by the benchmark runner only (ANSIBLE_CALLBACKS_ENABLED=bench_timer); writes JSON to
the file named by BENCH_TIMER_FILE after every task result.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Task timings for the hwcloud.jobs benchmarks
description:
  - Records, per task, the wall-clock start and return times and the controller process's own CPU time,
    plus the counters wait_for_job returns, into the JSON file named by E(BENCH_TIMER_FILE).
requirements:
  - enabled with ANSIBLE_CALLBACKS_ENABLED=bench_timer
"""

import json
import os
import resource
import time

from ansible.plugins.callback import CallbackBase

WAIT_KEYS = ("polls", "elapsed", "retries", "transient_errors", "throttled", "timed_out")


def _self_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.path = os.environ.get("BENCH_TIMER_FILE")
        self.tasks = []
        self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.current = {"name": task.get_name(), "action": task.action, "start": time.time(),
                        "controller_cpu_start": _self_cpu(), "retries_seen": 0}
        self.tasks.append(self.current)

    def v2_runner_retry(self, result):
        if self.current is not None:
            self.current["retries_seen"] += 1

    def _finish(self, result, status):
        if self.current is None:
            return
        task = self.current
        task["end"] = time.time()
        task["controller_cpu"] = round(_self_cpu() - task.pop("controller_cpu_start"), 4)
        task["wall"] = round(task["end"] - task["start"], 4)
        task["status"] = status
        res = result._result
        for key in WAIT_KEYS:
            if key in res:
                task[key] = res[key]
        if isinstance(res.get("jobs"), list):
            task["jobs"] = len(res["jobs"])
            task["jobs_json_bytes"] = len(json.dumps(res["jobs"], default=str))
        if isinstance(res.get("results"), list):
            task["items"] = len(res["results"])
        if status == "failed":
            task["msg"] = str(res.get("msg", ""))[:500]
        self.current = None
        self._write()

    def v2_runner_on_ok(self, result):
        self._finish(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._finish(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._finish(result, "unreachable")

    def _write(self):
        if not self.path:
            return
        with open(self.path, "w") as handle:
            json.dump({"tasks": self.tasks}, handle)
