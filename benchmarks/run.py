# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The cost of gating on jobs with hwcloud.jobs, against what users write today.

    bash scripts/bench.sh [--smoke] [--only cost,fanin,throttled,startup,start,profile,rds,scale] [--results DIR]

Every scenario runs ansible-playbook against an emulator this script starts on 127.0.0.1 (and
stops, by its own pid). Prints markdown tables, writes DIR/latest.json and DIR/latest.md; a full
run (no --smoke, no --only) also rewrites benchmarks/RESULTS.md. Never fails on slowness: the
exit code is non-zero only when a benchmark could not run (a playbook failed, the emulator died).
"""

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import time

import harness as h
import report
from profile_poll import profile_poll, record_sizes

SCENARIOS = ("cost", "fanin", "throttled", "startup", "start", "profile", "rds", "scale")

FULL = dict(
    cost=dict(interval=0.05, short=1, long=11, repeat=3),
    fanin=dict(sizes=[10, 100, 1000], services=["cfw", "cph"], window=60.0, baseline_size=100, baseline_delay=5, baseline_retries=40,
               poll_interval=1.0, max_poll_interval=10.0, mixed_size=1000),
    throttled=dict(jobs=1000, rate=50),
    startup=dict(repeat=7),
    start=dict(seconds=3, count=3, interval=0.2, repeat=3),
    profile=dict(calls=600),
    rds=dict(jobs=20, first_end=20.0, last_end=50.0, limit=60, window=60),
    scale=dict(sizes=[1000, 10000], rate=100, window=30.0),
)
SMOKE = dict(
    cost=dict(interval=0.05, short=1, long=2, repeat=1),
    fanin=dict(sizes=[4], services=["cfw", "cph"], window=1.5, baseline_size=4, baseline_delay=0.5, baseline_retries=20,
               poll_interval=0.5, max_poll_interval=1.0, mixed_size=22),
    throttled=dict(jobs=50, rate=50),
    startup=dict(repeat=1),
    start=dict(seconds=1, count=3, interval=0.2, repeat=1),
    profile=dict(calls=100),
    rds=dict(jobs=4, first_end=1.0, last_end=3.0, limit=60, window=60),
    scale=dict(sizes=[20, 50], rate=100, window=1.0),
)
SEED = 20261123


class BenchError(RuntimeError):
    """A benchmark could not run (as opposed to running slowly)."""


def check(run):
    if run["rc"] != 0 or run["timed_out"]:
        raise BenchError("%s: ansible-playbook rc=%s timed_out=%s; log %s:\n%s" % (
            run["label"], run["rc"], run["timed_out"], run["log"], run.get("log_tail", "")))
    return run


# ---------------------------------------------------------------- 1. cost per poll

def cost_per_poll(emu, runner, cfg):
    """Short and long waits on one CFW job per side, and pauses of the same lengths; per-poll figures from the differences."""
    interval = cfg["interval"]

    def job(seconds):
        # Running until `seconds` after its first poll, then Success: both sides wait the same length, start-up aside.
        return emu.control.add_job(service="cfw", phases=[{"status": "Running", "for_polls": 1},
                                                          {"status": "Running", "for_seconds": seconds}, {"status": "Success"}])["job_id"]

    def measure(side, seconds):
        emu.control.clear_requests()
        if side == "pause":
            run = runner.playbook("pause.yml", "cost-pause-%ds" % seconds, dict(bench_seconds=seconds))
        elif side == "wait_for_job":
            run = runner.playbook("wait_for_job.yml", "cost-wfj-%ds" % seconds,
                                  dict(bench_service="cfw", bench_job_ids=[job(seconds)], bench_poll_interval=interval,
                                       bench_max_poll_interval=interval), emu.env)
        else:
            run = runner.playbook("uri_until.yml", "cost-uri-%ds" % seconds,
                                  dict(bench_job_ids=[job(seconds)], bench_endpoint=emu.url, bench_project_id=emu.project_id,
                                       bench_token=emu.token, bench_retries=int(seconds / interval) + 10, bench_delay=interval))
        check(run)
        t = h.task(run)
        return dict(seconds=seconds, wall=h.rnd(run["wall"]), task_wall=t.get("wall"), cpu=h.rnd(run["cpu"]),
                    controller_cpu=t.get("controller_cpu"), polls=len(emu.cloud_requests("cfw_job")) if side != "pause" else 0)

    sides = ("pause", "wait_for_job", "uri")
    reps = []
    for dummy in range(cfg["repeat"]):
        # Interleaved, so a change in the machine's load hits every side alike.
        runs = dict((side, []) for side in sides)
        for seconds in (cfg["short"], cfg["long"]):
            for side in sides:
                runs[side].append(measure(side, seconds))
        reps.append(_per_poll(runs, interval))
    result = dict(interval=interval, short_seconds=cfg["short"], long_seconds=cfg["long"], repeat=cfg["repeat"], reps=reps)
    for key in ("controller_loop_ms_per_s", "controller_loop_ms_per_s_in_task", "ratio_cpu_per_poll",
                "ratio_cpu_per_poll_net_of_measured_controller", "ratio_busy_wall_per_poll"):
        result[key] = h.rnd(h.median([r[key] for r in reps]), 2)
        result[key + "_range"] = [min(r[key] for r in reps if r[key] is not None), max(r[key] for r in reps if r[key] is not None)] \
            if any(r[key] is not None for r in reps) else None
    for side in ("wait_for_job", "uri"):
        result[side] = dict((key, h.rnd(h.median([r[side][key] for r in reps]), 3)) for key in reps[0][side])
    return result


def _per_poll(raw, interval):
    """Per-poll figures of one interleaved repetition: differences long - short, the controller loop taken out."""
    short, long_ = raw["pause"]
    loop_rate = (long_["cpu"] - short["cpu"]) / (long_["task_wall"] - short["task_wall"])
    result = dict(raw=raw, controller_loop_ms_per_s=h.rnd(loop_rate * 1000, 2),
                  controller_loop_ms_per_s_in_task=h.rnd(1000 * long_["controller_cpu"] / long_["task_wall"], 2))
    for side in ("wait_for_job", "uri"):
        short, long_ = raw[side]
        polls = long_["polls"] - short["polls"]
        d_cpu, d_wall = long_["cpu"] - short["cpu"], long_["task_wall"] - short["task_wall"]
        d_controller = long_["controller_cpu"] - short["controller_cpu"]
        # A machine so busy that the long wait polled no more than the short one gives no per-poll figure.
        per_poll = (lambda value, digits: h.rnd(value / polls, digits)) if polls > 0 else (lambda value, digits: None)
        result[side] = dict(
            marginal_polls=polls,
            gross_cpu_ms_per_poll=per_poll(1000 * d_cpu, 3),
            loop_ms_taken_out=h.rnd(1000 * loop_rate * d_wall, 1),
            cpu_ms_per_poll=per_poll(1000 * (d_cpu - loop_rate * d_wall), 3),
            cpu_ms_per_poll_net_of_measured_controller=per_poll(1000 * (d_cpu - d_controller), 3),
            wall_s_per_poll=per_poll(d_wall, 4),
            busy_wall_ms_per_poll=h.rnd(1000 * (d_wall / polls - interval), 2) if polls > 0 else None,
        )
    wfj, uri = result["wait_for_job"], result["uri"]
    for key, name in (("cpu_ms_per_poll", "ratio_cpu_per_poll"),
                      ("cpu_ms_per_poll_net_of_measured_controller", "ratio_cpu_per_poll_net_of_measured_controller"),
                      ("busy_wall_ms_per_poll", "ratio_busy_wall_per_poll")):
        result[name] = h.rnd(uri[key] / wfj[key], 1) if uri[key] is not None and wfj[key] and wfj[key] > 0 else None
    return result


# ---------------------------------------------------------------- 2. fan-in

def seed_jobs(emu, service, count, window, rng):
    """`count` running jobs finishing at random times within `window` s; their ids and when the last one finishes."""
    offsets = [round(rng.uniform(0.0, window), 3) for dummy in range(count)]
    jobs = emu.control.add_jobs([dict(service=service, state="running", then="succeeded", after_seconds=o) for o in offsets])
    created = h.iso_epoch(jobs[0]["created_at"])
    return jobs, created + max(offsets)


def fan_in_one(emu, runner, service, count, cfg, rng):
    emu.fresh()
    jobs, last_finish = seed_jobs(emu, service, count, cfg["window"], rng)
    route = "cph_jobs" if service == "cph" else "cfw_job"
    ids = dict(bench_request_ids=[jobs[0]["request_id"]]) if service == "cph" else dict(bench_job_ids=[j["job_id"] for j in jobs])
    emu_cpu = emu.cpu_seconds()
    run = check(runner.playbook("wait_for_job.yml", "fanin-%s-%d" % (service, count),
                                dict(bench_service=service, bench_poll_interval=cfg["poll_interval"],
                                     bench_max_poll_interval=cfg["max_poll_interval"], **ids), emu.env))
    return _fan_in_figures(emu, run, route, last_finish, emu_cpu, count, "wait_for_job")


# Every service of the table, and how a mixed list names its jobs: one request (CPH) or task (KooPhone) holding
# that service's share, or one id per job.
MIXED_SERVICES = ("cph", "koophone", "workspace", "cfw", "ecs", "evs", "ims", "bms", "dcs", "cce", "rds")
MIXED_GROUPS = {"cph": "request_id", "koophone": "task_id"}
JOB_ROUTES = dict((s, "%s_job" % s) for s in MIXED_SERVICES)
JOB_ROUTES.update(cph="cph_jobs", koophone="koophone_task")


def fan_in_mixed(emu, runner, count, cfg, rng):
    """`count` jobs spread over every service, finishing at random times, waited on by one wait_for_job with `jobs`."""
    emu.fresh()
    shares = [count // len(MIXED_SERVICES) + (1 if i < count % len(MIXED_SERVICES) else 0) for i in range(len(MIXED_SERVICES))]
    specs, entries, last = [], [], 0.0
    for service, share in zip(MIXED_SERVICES, shares):
        group = MIXED_GROUPS.get(service)
        for number in range(share):
            offset = round(rng.uniform(0.0, cfg["window"]), 3)
            last = max(last, offset)
            spec = dict(service=service, job_id="mixed-%s-%04d" % (service, number), state="running", then="succeeded", after_seconds=offset)
            if group:
                spec[group] = "mixed-%s-group" % service
            specs.append(spec)
        entries.append({"service": service, group: "mixed-%s-group" % service} if group else
                       {"service": service, "job_id": ["mixed-%s-%04d" % (service, n) for n in range(share)]})
    jobs = emu.control.add_jobs(specs)
    last_finish = h.iso_epoch(jobs[0]["created_at"]) + last
    emu_cpu = emu.cpu_seconds()
    run = check(runner.playbook("wait_for_jobs_mixed.yml", "fanin-mixed-%d" % count,
                                dict(bench_jobs=entries, bench_poll_interval=cfg["poll_interval"],
                                     bench_max_poll_interval=cfg["max_poll_interval"]), emu.env))
    row = _fan_in_figures(emu, run, None, last_finish, emu_cpu, count, "wait_for_job")
    calls = [c for c in emu.cloud_requests() if c["route"] in JOB_ROUTES.values()]
    row.update(http_calls=len(calls), services=len(MIXED_SERVICES),
               calls_by_service=dict((s, sum(1 for c in calls if c["route"] == JOB_ROUTES[s])) for s in MIXED_SERVICES),
               paced=paced_turns(dict(zip(MIXED_SERVICES, shares))))
    return row


def paced_turns(shares):
    """{service: {jobs, calls, seconds, turn_s}} of the services whose documented limit paces their polls: a turn of
    their jobs under the budget (a little under the limit) is the least time in which each is polled once."""
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
    from ansible_collections.hwcloud.jobs.plugins.module_utils.throttle import SHARE
    turns = {}
    for service, jobs in shares.items():
        limit = SERVICES[service].limit
        if limit and jobs:
            turns[service] = dict(jobs=jobs, calls=limit[0], seconds=limit[1], turn_s=h.rnd(jobs * limit[1] / (limit[0] * SHARE), 1))
    return turns


def fan_in_baseline(emu, runner, count, cfg, rng):
    emu.fresh()
    jobs, last_finish = seed_jobs(emu, "cfw", count, cfg["window"], rng)
    emu_cpu = emu.cpu_seconds()
    run = check(runner.playbook("uri_until.yml", "fanin-uri-cfw-%d" % count,
                                dict(bench_job_ids=[j["job_id"] for j in jobs], bench_endpoint=emu.url, bench_project_id=emu.project_id,
                                     bench_token=emu.token, bench_retries=cfg["baseline_retries"], bench_delay=cfg["baseline_delay"]),
                                timeout=cfg["window"] + 900))
    return _fan_in_figures(emu, run, "cfw_job", last_finish, emu_cpu, count, "uri")


def _fan_in_figures(emu, run, route, last_finish, emu_cpu, count, side):
    t = h.task(run)
    calls = emu.cloud_requests(route)
    last_call = max(c["epoch"] for c in calls) if calls else None
    return dict(
        side=side, jobs=count, wall=h.rnd(run["wall"], 3), task_wall=t.get("wall"), cpu=h.rnd(run["cpu"], 3),
        maxrss_mib=h.rnd(run["maxrss_kb"] / 1024.0, 1),
        lag_s=h.rnd(t["end"] - last_finish, 3), last_call_after_finish_s=h.rnd(last_call - last_finish, 3) if last_call else None,
        return_after_last_call_s=h.rnd(t["end"] - last_call, 3) if last_call else None,
        http_calls=len(calls), polls=t.get("polls"), jobs_json_bytes=t.get("jobs_json_bytes"),
        emulator_cpu=h.rnd(emu.cpu_seconds() - emu_cpu, 3), log=run["log"])


def fan_in(emu, runner, cfg):
    rng = random.Random(SEED)
    sizes = record_sizes(emu)
    rows = []
    for service in cfg["services"]:
        for count in cfg["sizes"]:
            rows.append(fan_in_one(emu, runner, service, count, cfg, rng))
            rows[-1]["service"] = service
    rows.append(fan_in_mixed(emu, runner, cfg["mixed_size"], cfg, rng))
    rows[-1]["service"] = "mixed"
    baseline = fan_in_baseline(emu, runner, cfg["baseline_size"], cfg, rng)
    baseline["service"] = "cfw"
    same = [r for r in rows if r["service"] == "cfw" and r["jobs"] == cfg["baseline_size"]][0]
    for row in rows:
        row["cpu_ms_per_poll_gross"] = h.rnd(1000.0 * row["cpu"] / row["polls"], 3) if row.get("polls") else None
    return dict(window_s=cfg["window"], poll_interval=cfg["poll_interval"], max_poll_interval=cfg["max_poll_interval"],
                baseline_delay=cfg["baseline_delay"], rows=rows, baseline=baseline, record_bytes=sizes,
                wall_ratio_baseline=h.rnd(baseline["task_wall"] / same["task_wall"], 2),
                lag_target_s=cfg["max_poll_interval"] + 1.0)


# ---------------------------------------------------------------- 3. throttled

def throttled(emu, runner, cfg):
    emu.fresh()
    count, rate = cfg["jobs"], cfg["rate"]
    jobs = emu.control.add_jobs([dict(service="cfw", state="succeeded") for dummy in range(count)])
    emu.control.add_fault(route="cfw_job", rate_limit=rate, window_seconds=1)
    emu_cpu = emu.cpu_seconds()
    run = check(runner.playbook("wait_for_job.yml", "throttled-cfw-%d" % count,
                                dict(bench_service="cfw", bench_job_ids=[j["job_id"] for j in jobs]), emu.env))
    t = h.task(run)
    calls = emu.cloud_requests("cfw_job")
    limited = sum(1 for c in calls if c["status"] == 429)
    ideal = count / float(rate)
    return dict(jobs=count, rate_limit=rate, ideal_s=h.rnd(ideal, 2), task_wall=t.get("wall"), vs_ideal=h.rnd(t["wall"] / ideal, 2),
                http_calls=len(calls), throttled_calls=limited, throttled_share=h.rnd(limited / float(len(calls)), 4),
                succeeded=t.get("jobs"), polls=t.get("polls"), retries=t.get("retries"), client_throttled=t.get("throttled"),
                transient_errors=t.get("transient_errors"), cpu=h.rnd(run["cpu"], 3), maxrss_mib=h.rnd(run["maxrss_kb"] / 1024.0, 1),
                emulator_cpu=h.rnd(emu.cpu_seconds() - emu_cpu, 3))


# ---------------------------------------------------------------- 4. start-up

IMPORT_LINE = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)\s*$")


def imported(log_path):
    """{module: self microseconds} from a -X importtime log (all processes of the run)."""
    modules = {}
    with open(os.path.join(h.REPO, log_path)) as handle:
        for line in handle:
            match = IMPORT_LINE.match(line)
            if match:
                modules[match.group(4)] = modules.get(match.group(4), 0) + int(match.group(1))
    return modules


def _import_delta(base, more):
    new = dict((k, v) for k, v in more.items() if k not in base)
    groups = {}
    for name, micros in new.items():
        top = name.split(".")[0] if not name.startswith("ansible_collections.") else ".".join(name.split(".")[:4])
        groups[top] = groups.get(top, 0) + micros
    top_groups = sorted(groups.items(), key=lambda kv: -kv[1])[:10]
    return dict(modules=len(new), self_ms=h.rnd(sum(new.values()) / 1000.0, 1),
                by_package_ms=[(k, h.rnd(v / 1000.0, 1)) for k, v in top_groups])


def module_side_imports():
    """What the info modules import beyond AnsibleModule, measured as the module's Python would (-X importtime)."""
    env = dict(os.environ, PYTHONPATH=os.path.join(h.REPO, ".build", "collections"))
    out = {}
    for name, code in (("basic", "import ansible.module_utils.basic"),
                       ("ours", "import ansible.module_utils.basic; import ansible_collections.hwcloud.jobs.plugins.module_utils.common")):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True, check=True, timeout=60)
        modules = {}
        for line in proc.stderr.splitlines():
            match = IMPORT_LINE.match(line)
            if match:
                modules[match.group(4)] = modules.get(match.group(4), 0) + int(match.group(1))
        out[name] = modules
    return _import_delta(out["basic"], out["ours"])


def startup(emu, runner, cfg):
    emu.fresh()
    job_id = emu.control.add_job(service="cfw", state="succeeded")["job_id"]
    plays = (("debug", "debug.yml", {}, None),
             ("cfw_job_info", "cfw_job_info.yml", dict(bench_job_ids=[job_id]), emu.env),
             ("wait_for_job", "wait_for_job.yml", dict(bench_service="cfw", bench_job_ids=[job_id]), emu.env),
             ("job_info", "job_info.yml", dict(bench_job_ids=[job_id]), emu.env),
             ("uri", "uri_one.yml", dict(bench_job_ids=[job_id], bench_endpoint=emu.url, bench_project_id=emu.project_id,
                                         bench_token=emu.token), None))
    runs = dict((play[0], []) for play in plays)
    for dummy in range(cfg["repeat"]):
        for name, playbook, variables, env in plays:
            runs[name].append(check(runner.playbook(playbook, "startup-" + name, variables, env)))
    rows = {}
    for name, runs_of in runs.items():
        rows[name] = dict(runs=len(runs_of), wall=h.rnd(h.median([r["wall"] for r in runs_of]), 3),
                          cpu=h.rnd(h.median([r["cpu"] for r in runs_of]), 3),
                          task_wall=h.rnd(h.median([h.task(r).get("wall") for r in runs_of]), 4),
                          maxrss_mib=h.rnd(h.median([r["maxrss_kb"] for r in runs_of]) / 1024.0, 1))
    for name in ("cfw_job_info", "wait_for_job", "job_info", "uri"):
        for key in ("wall", "cpu", "task_wall", "maxrss_mib"):
            rows[name]["over_debug_" + key] = h.rnd(rows[name][key] - rows["debug"][key], 3)
        rows[name]["over_debug_ratio"] = h.rnd(rows[name]["wall"] / rows["debug"]["wall"], 3)
    traced = {}
    for name, playbook, variables, env in (plays[0], plays[2]):
        extra = dict(env or {}, PYTHONPROFILEIMPORTTIME="1")
        traced[name] = imported(check(runner.playbook(playbook, "startup-importtime-" + name, variables, extra))["log"])
    return dict(rows=rows, wait_for_job_imports=_import_delta(traced["debug"], traced["wait_for_job"]),
                info_module_imports=module_side_imports(), baseline=STARTUP_BASELINE)


# Issue 24's measurements before the info modules ran in-process (medians of 7 alternating runs, one machine):
# wall of a one-task playbook over a one-task debug playbook.
STARTUP_BASELINE = dict(job_info=2.2, uri=2.0, wait_for_job=1.18, goal_over_debug_s=0.15)


# ---------------------------------------------------------------- 7. the RDS case of issue 24

# Issue 24's measurement before the budget: 116 calls, 36 throttled, the task back 49 s after the last job ended.
RDS_BASELINE = dict(http_calls=116, throttled_calls=36, lag_s=49.0, target_throttled=3, target_lag_s=25.0)


def rds_case(emu, runner, cfg):
    """One wait_for_job over RDS jobs that end between first_end and last_end s after they are made, the gateway
    allowing `limit` calls a `window` per user (the emulator's rate limit on rds_job, in the gateway's words)."""
    emu.fresh()
    count = cfg["jobs"]
    offsets = [round(cfg["first_end"] + (cfg["last_end"] - cfg["first_end"]) * i / float(max(1, count - 1)), 3) for i in range(count)]
    jobs = emu.control.add_jobs([dict(service="rds", state="running", then="succeeded", after_seconds=o) for o in offsets])
    last_finish = h.iso_epoch(jobs[0]["created_at"]) + max(offsets)
    emu.control.add_fault(route="rds_job", rate_limit=cfg["limit"], window_seconds=cfg["window"])
    run = check(runner.playbook("wait_for_job.yml", "rds-%d" % count, dict(bench_service="rds", bench_job_ids=[j["job_id"] for j in jobs]),
                                emu.env))
    t = h.task(run)
    calls = emu.cloud_requests("rds_job")
    return dict(jobs=count, limit=cfg["limit"], window_s=cfg["window"], first_end_s=cfg["first_end"], last_end_s=cfg["last_end"],
                http_calls=len(calls), throttled_calls=sum(1 for c in calls if c["status"] == 429), lag_s=h.rnd(t["end"] - last_finish, 2),
                task_wall=t.get("wall"), polls=t.get("polls"), client_throttled=t.get("throttled"),
                floor_s=h.rnd(count * cfg["window"] / float(cfg["limit"]), 1), baseline=RDS_BASELINE, log=run["log"])


# ---------------------------------------------------------------- 8. scale

def scale(emu, runner, cfg):
    """One wait over 1,000 and 10,000 CFW jobs ending within `window` s, the gateway allowing `rate` calls a second:
    peak RSS per job, CPU per poll, and the last job found against the limit's floor (jobs / rate) + max_poll_interval."""
    rows = []
    rng = random.Random(SEED)
    for count in cfg["sizes"]:
        emu.fresh()
        emu.control.config(request_log_limit=max(100000, 4 * count))
        # Made a thousand at a time: one control call of 10,000 jobs outlasts its timeout on a loaded machine.
        offsets = [round(rng.uniform(0.0, cfg["window"]), 3) for dummy in range(count)]
        jobs = []
        for first in range(0, count, 1000):
            jobs.extend(emu.control.add_jobs([dict(service="cfw", state="running", then="succeeded", after_seconds=o)
                                              for o in offsets[first:first + 1000]]))
        last_finish = max(h.iso_epoch(j["created_at"]) + o for j, o in zip(jobs, offsets))
        emu.control.add_fault(route="cfw_job", rate_limit=cfg["rate"], window_seconds=1)
        emu_cpu = emu.cpu_seconds()
        run = check(runner.playbook("wait_for_job.yml", "scale-cfw-%d" % count,
                                    dict(bench_service="cfw", bench_job_ids=[j["job_id"] for j in jobs], bench_timeout=3600), emu.env,
                                    timeout=3600))
        t = h.task(run)
        calls = emu.cloud_requests("cfw_job")
        floor = count / float(cfg["rate"])
        start = t["end"] - t["wall"]
        rows.append(dict(jobs=count, rate=cfg["rate"], window_s=cfg["window"], floor_s=h.rnd(floor, 1), target_s=h.rnd(floor + 10.0, 1),
                         task_wall=t.get("wall"), last_found_after_start_s=h.rnd(t["end"] - start, 1),
                         least_wall_s=h.rnd(floor + cfg["window"] / 2.0, 1), calls_per_s=h.rnd(len(calls) / max(0.001, t.get("wall") or 0.001), 1),
                         last_found_after_end_s=h.rnd(t["end"] - last_finish, 1), http_calls=len(calls),
                         throttled_calls=sum(1 for c in calls if c["status"] == 429), polls=t.get("polls"),
                         cpu=h.rnd(run["cpu"], 2), cpu_ms_per_poll=h.rnd(1000.0 * run["cpu"] / max(1, t.get("polls") or 1), 3),
                         maxrss_mib=h.rnd(run["maxrss_kb"] / 1024.0, 1), emulator_cpu=h.rnd(emu.cpu_seconds() - emu_cpu, 2), log=run["log"]))
    if len(rows) > 1:
        small, big = rows[0], rows[-1]
        growth = (big["maxrss_mib"] - small["maxrss_mib"]) * 1024.0 / max(1, big["jobs"] - small["jobs"])
        return dict(rows=rows, rss_kib_per_job=h.rnd(growth, 2),
                    cpu_per_poll_ratio=h.rnd(big["cpu_ms_per_poll"] / small["cpu_ms_per_poll"], 2) if small["cpu_ms_per_poll"] else None)
    return dict(rows=rows)


# ---------------------------------------------------------------- 5. start and wait

def start_and_wait(emu, runner, cfg):
    """CPU per task: api_call creating servers and waiting on their job, beside wait_for_job on a job of the same life.

    Both jobs run `seconds` after the task's first look at them (the start call creates its job inside the task; the
    other is created beforehand and runs `seconds` after its first poll), polled at the same fixed interval.
    """
    emu.fresh()
    emu.control.config(batch_job_seconds=cfg["seconds"], request_log_limit=2000000)
    interval = dict(bench_poll_interval=cfg["interval"], bench_max_poll_interval=cfg["interval"])
    runs = dict(api_call=[], wait_for_job=[])
    for dummy in range(cfg["repeat"]):
        emu.control.clear_requests()
        run = check(runner.playbook("api_call_wait.yml", "start-api-call", dict(interval, bench_count=cfg["count"]), emu.env))
        runs["api_call"].append((run, len(emu.cloud_requests("ecs_create_servers")), len(emu.cloud_requests("ecs_job"))))
        job_id = emu.control.add_job(service="ecs", phases=[{"status": "RUNNING", "for_polls": 1},
                                                            {"status": "RUNNING", "for_seconds": cfg["seconds"]},
                                                            {"status": "SUCCESS"}])["job_id"]
        emu.control.clear_requests()
        run = check(runner.playbook("wait_for_job.yml", "start-wait-for-job", dict(interval, bench_service="ecs", bench_job_ids=[job_id]),
                                    emu.env))
        runs["wait_for_job"].append((run, 0, len(emu.cloud_requests("ecs_job"))))
    rows = {}
    for side, measured in runs.items():
        rows[side] = dict(runs=len(measured), wall=h.rnd(h.median([r["wall"] for r, _p, _g in measured]), 3),
                          cpu=h.rnd(h.median([r["cpu"] for r, _p, _g in measured]), 3),
                          task_wall=h.rnd(h.median([h.task(r).get("wall") for r, _p, _g in measured]), 3),
                          controller_cpu=h.rnd(h.median([h.task(r).get("controller_cpu") for r, _p, _g in measured]), 3),
                          posts=h.median([p for _r, p, _g in measured]), polls=h.median([g for _r, _p, g in measured]))
    rows["api_call"]["over_wait_for_job_cpu"] = h.rnd(rows["api_call"]["cpu"] - rows["wait_for_job"]["cpu"], 3)
    return dict(rows=rows, seconds=cfg["seconds"], count=cfg["count"], interval=cfg["interval"])


# ---------------------------------------------------------------- the run

def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            names = [l.split(":", 1)[1].strip() for l in handle if l.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as handle:
            mem = int(handle.readline().split()[1]) / 1024.0 / 1024.0
    except (OSError, ValueError, IndexError):
        mem = None
    import ansible.release  # pylint: disable=import-outside-toplevel
    import requests  # pylint: disable=import-outside-toplevel

    def git(*args):
        try:
            return subprocess.run(["git", "-C", h.REPO] + list(args), capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        except OSError:
            return ""
    return dict(cpu=cpu, cores=os.cpu_count(), memory_gib=h.rnd(mem, 1), os=platform.platform(), python=platform.python_version(),
                ansible_core=ansible.release.__version__, requests=requests.__version__,
                commit=git("rev-parse", "--short", "HEAD"), dirty=bool(git("status", "--porcelain", "--", "plugins")))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and short waits (under a minute), for the test suite")
    parser.add_argument("--only", help="comma-separated subset of: %s" % ",".join(SCENARIOS))
    parser.add_argument("--results", default=os.path.join(h.HERE, "results"), help="where latest.json, latest.md and the logs go")
    args = parser.parse_args(argv)
    only = args.only.split(",") if args.only else list(SCENARIOS)
    unknown = set(only) - set(SCENARIOS)
    if unknown:
        parser.error("unknown scenarios %s" % sorted(unknown))
    cfg = SMOKE if args.smoke else FULL
    work = os.path.join(args.results, "runs")
    os.makedirs(work, exist_ok=True)
    for stale in os.listdir(work):
        os.remove(os.path.join(work, stale))
    started = time.time()
    result = dict(meta=dict(mode="smoke" if args.smoke else "full", scenarios=only, started=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
                            command="bash scripts/bench.sh" + (" --smoke" if args.smoke else "") + (" --only " + args.only if args.only else ""),
                            machine=machine(), config=dict((k, cfg[k]) for k in only),
                            load_average_start=[round(x, 2) for x in os.getloadavg()]))
    runner = h.Runner(work)
    with h.Emulator(os.path.join(args.results, "emulator.log")) as emu:
        for name, fn in (("cost", cost_per_poll), ("fanin", fan_in), ("throttled", throttled), ("startup", startup),
                         ("start", start_and_wait), ("rds", rds_case), ("scale", scale)):
            if name in only:
                print("benchmark: %s ..." % name, file=sys.stderr, flush=True)
                stage = time.time()
                result[name] = fn(emu, runner, cfg[name])
                result[name]["duration_s"] = h.rnd(time.time() - stage, 1)
        if "profile" in only:
            print("benchmark: profile ...", file=sys.stderr, flush=True)
            result["profile"] = profile_poll(emu, cfg["profile"]["calls"], args.results)
    result["meta"]["duration_s"] = h.rnd(time.time() - started, 1)
    result["meta"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["meta"]["playbook_runs"] = runner.count
    result["targets"] = report.targets(result)
    if args.smoke:
        for target in result["targets"]:
            target["met"] = None
            target["note"] = "smoke run: not judged"
    text = report.markdown(result)
    print(text)
    with open(os.path.join(args.results, "latest.json"), "w") as handle:
        json.dump(result, handle, indent=1, sort_keys=True)
    with open(os.path.join(args.results, "latest.md"), "w") as handle:
        handle.write(text)
    if not args.smoke and not args.only:
        with open(os.path.join(h.HERE, "RESULTS.md"), "w") as handle:
            handle.write(report.results_page(text))
    print("wrote %s" % os.path.relpath(os.path.join(args.results, "latest.json"), os.getcwd()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as err:
        print("benchmark could not run: %s" % err, file=sys.stderr)
        sys.exit(1)
