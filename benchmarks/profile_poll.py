# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""In-process profile of one status poll, without Ansible around it.

The poll path wait_for_job runs per job and round (services.fetch_jobs -> client -> requests),
timed against the floors under it: a bare requests.Session GET and a bare http.client GET on a
kept-alive connection. cProfile output goes to results/profile_*.txt.
"""

import cProfile
import http.client
import io
import json
import os
import pstats
import sys
import time
from urllib.parse import urlsplit

from harness import REPO, rnd

COLLECTIONS = os.path.join(REPO, ".build", "collections")
IDLE_GAP = 0.05
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)


def _per_call(fn, calls):
    """CPU and wall seconds per call of fn, back to back, after a few warm-up calls."""
    for dummy in range(min(20, calls)):
        fn()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for dummy in range(calls):
        fn()
    return (time.process_time() - cpu0) / calls, (time.perf_counter() - wall0) / calls


def _per_call_after_idle(fn, calls, gap=IDLE_GAP):
    """CPU seconds per call of fn when each call follows `gap` seconds of sleep, as polls do (cold caches)."""
    cpu = 0.0
    for dummy in range(calls):
        time.sleep(gap)
        start = time.process_time()
        fn()
        cpu += time.process_time() - start
    return cpu / calls


def _top(profile, sort, limit=25):
    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    return text.getvalue()


def _own_share(profile):
    """Share of the profiled time spent in the collection's own functions (tottime)."""
    stats = pstats.Stats(profile).stats
    total = sum(v[2] for v in stats.values())
    ours = sum(v[2] for (filename, _line, _name), v in stats.items() if "hwcloud/jobs" in filename or "/plugins/module_utils/" in filename)
    by_function = {}
    for (filename, line, name), v in stats.items():
        if "hwcloud/jobs" in filename or "/plugins/module_utils/" in filename:
            by_function["%s:%d(%s)" % (os.path.basename(filename), line, name)] = v[2]
    top = sorted(by_function.items(), key=lambda kv: -kv[1])[:8]
    return (ours / total if total else None), total, top


def profile_poll(emu, calls, out_dir):
    """Per-poll CPU of our path and of its floors; cProfile of our path for a CFW job and a CPH page of 100 jobs."""
    from ansible_collections.hwcloud.jobs.plugins.module_utils.common import new_client  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import get_service  # pylint: disable=import-outside-toplevel
    import requests  # pylint: disable=import-outside-toplevel

    emu.fresh()
    cfw_id = emu.control.add_job(service="cfw", state="running")["job_id"]
    cph = emu.control.add_jobs([{"service": "cph", "state": "running"} for dummy in range(100)])
    request_id = cph[0]["request_id"]
    params = dict(region="cn-north-4", endpoint=emu.url, iam_endpoint=emu.url, project_id=emu.project_id, auth_token=emu.token,
                  access_key=None, secret_key=None, security_token=None, username=None, password=None, domain_name=None,
                  validate_certs=True, http_timeout=30.0)
    client = new_client(params)
    cfw, cph_service = get_service("cfw"), get_service("cph")
    path = "/v3/%s/jobs/%s" % (emu.project_id, cfw_id)
    url = emu.url + path
    headers = {"X-Auth-Token": emu.token, "Content-Type": "application/json"}

    session = requests.Session()
    parts = urlsplit(emu.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)

    def bare_http():
        conn.request("GET", path, headers=headers)
        answer = conn.getresponse()
        json.loads(answer.read())

    def bare_requests():
        session.get(url, headers=headers).json()

    def ours_cfw():
        fetch_jobs(client, cfw, "job_id", cfw_id)

    def ours_cph_page():
        fetch_jobs(client, cph_service, "request_id", request_id)

    def requests_cph_page():
        session.get(emu.url + "/v1/%s/cloud-phone/jobs" % emu.project_id,
                    params={"request_id": request_id, "offset": 0, "limit": 100}, headers=headers).json()

    result = {}
    for name, fn, n in (("http_client", bare_http, calls), ("requests", bare_requests, calls), ("fetch_jobs_cfw", ours_cfw, calls),
                        ("requests_cph_page_100", requests_cph_page, max(10, calls // 10)),
                        ("fetch_jobs_cph_page_100", ours_cph_page, max(10, calls // 10))):
        emu_cpu0 = emu.cpu_seconds()
        cpu, wall = _per_call(fn, n)
        emu_cpu = (emu.cpu_seconds() - emu_cpu0) / (n + min(20, n))
        idle_calls = max(10, n // 20)
        result[name] = dict(calls=n, cpu_ms=rnd(cpu * 1000, 3), wall_ms=rnd(wall * 1000, 3), emulator_cpu_ms=rnd(emu_cpu * 1000, 3),
                            cpu_ms_after_idle=rnd(_per_call_after_idle(fn, idle_calls) * 1000, 3), idle_calls=idle_calls)

    files = {}
    for name, fn, n in (("cfw", ours_cfw, calls), ("cph_page_100", ours_cph_page, max(10, calls // 10))):
        profile = cProfile.Profile()
        profile.enable()
        for dummy in range(n):
            fn()
        profile.disable()
        share, total, top = _own_share(profile)
        path_out = os.path.join(out_dir, "profile_%s.txt" % name)
        with open(path_out, "w") as handle:
            handle.write("# cProfile of %d calls of services.fetch_jobs (%s), in-process against the emulator\n\n" % (n, name))
            handle.write(_top(profile, "tottime"))
            handle.write(_top(profile, "cumulative"))
        files[name] = os.path.relpath(path_out, REPO)
        result["own_code_" + name] = dict(share_of_profiled_time=rnd(share, 3), profiled_seconds=rnd(total, 3),
                                          top_own_functions_ms_per_call=[(k, rnd(v / n * 1000, 4)) for k, v in top])
    result["files"] = files
    result["idle_gap_s"] = IDLE_GAP
    conn.close()
    session.close()
    client.close()
    return result


def _deep_size(value, seen=None):
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        size += sum(_deep_size(k, seen) + _deep_size(v, seen) for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        size += sum(_deep_size(v, seen) for v in value)
    return size


def record_sizes(emu, count=100):
    """Bytes per job record as wait_for_job holds it (Python objects) and returns it (JSON), for CFW and CPH."""
    from ansible_collections.hwcloud.jobs.plugins.module_utils.common import new_client  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_jobs  # pylint: disable=import-outside-toplevel
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import get_service  # pylint: disable=import-outside-toplevel

    emu.fresh()
    params = dict(region="cn-north-4", endpoint=emu.url, iam_endpoint=emu.url, project_id=emu.project_id, auth_token=emu.token,
                  validate_certs=True, http_timeout=30.0)
    client = new_client(params)
    sizes = {}
    for service in ("cfw", "cph"):
        jobs = emu.control.add_jobs([dict(service=service, state="succeeded") for dummy in range(count)])
        if service == "cph":
            records = fetch_jobs(client, get_service("cph"), "request_id", jobs[0]["request_id"])
        else:
            records = [fetch_jobs(client, get_service("cfw"), "job_id", j["job_id"])[0] for j in jobs]
        sizes[service] = dict(json_bytes=round(len(json.dumps(records)) / float(count)), python_bytes=round(_deep_size(records) / float(count)))
    client.close()
    return sizes
