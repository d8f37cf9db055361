# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The benchmark's markdown tables and its verdict on each target of the issue."""


def _f(value, digits=2, unit=""):
    if value is None:
        return "n/a"
    if isinstance(value, float):
        value = ("%%.%df" % digits) % value
    return "%s%s" % (value, unit)


def _x(ratio):
    return "n/a" if ratio is None else "%sx" % _f(ratio, 0)


def _range(pair):
    return "n/a" if not pair else "%s-%sx" % (_f(pair[0], 0), _f(pair[1], 0))


def _table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for dummy in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- targets

def targets(result):
    out = []
    cost = result.get("cost")
    if cost:
        ratio = cost["ratio_cpu_per_poll"]
        out.append(dict(target="1. wait_for_job at least 100x cheaper per poll (CPU, net of the controller loop)",
                        measured="%s ms vs %s ms per poll: %s, median of %d (range %s); net of the measured controller CPU instead: %s (range %s)" % (
                            _f(cost["wait_for_job"]["cpu_ms_per_poll"], 2), _f(cost["uri"]["cpu_ms_per_poll"], 1), _x(ratio), cost["repeat"],
                            _range(cost["ratio_cpu_per_poll_range"]), _x(cost["ratio_cpu_per_poll_net_of_measured_controller"]),
                            _range(cost["ratio_cpu_per_poll_net_of_measured_controller_range"])),
                        met=ratio is not None and ratio >= 100))
    fanin = result.get("fanin")
    if fanin:
        rows = fanin["rows"]
        worst = max(rows, key=lambda r: r["lag_s"] - lag_target(fanin, r))
        paced = ["%s %d: %s s (%s: %d jobs under %d calls in %s s take %s s a turn)" % (
            r["service"], r["jobs"], _f(lag_target(fanin, r), 0), name, turn["jobs"], turn["calls"], _f(turn["seconds"], 0),
            _f(turn["turn_s"], 0)) for r in rows for name, turn in sorted((r.get("paced") or {}).items())
            if lag_target(fanin, r) == turn["turn_s"] + fanin["max_poll_interval"]]
        out.append(dict(target="2. detection lag within max_poll_interval + 1 s = %s s at every size; where a service's documented limit "
                        "paces its polls, within a turn of its jobs under it + max_poll_interval%s" % (
                            _f(fanin["lag_target_s"], 0), " (%s)" % "; ".join(paced) if paced else ""),
                        measured="; ".join("%s %d: %s s" % (r["service"], r["jobs"], _f(r["lag_s"], 2)) for r in rows)
                        + " (worst against its target %s %d)" % (worst["service"], worst["jobs"]),
                        met=all(r["lag_s"] <= lag_target(fanin, r) for r in rows)))
        cph = [r for r in rows if r["service"] == "cph"]
        if len(cph) > 1:
            polls = [r["polls"] for r in cph]
            out.append(dict(target="2. CPH status calls independent of the number of jobs in the request",
                            measured="polls (status calls as wait_for_job counts them) %s; HTTP requests %s for %s jobs (one per page of 100 jobs)" % (
                                "/".join(str(p) for p in polls), "/".join(str(r["http_calls"]) for r in cph),
                                "/".join(str(r["jobs"]) for r in cph)),
                            met=max(polls) - min(polls) <= 2))
        for service in sorted(set(r["service"] for r in rows if r["service"] in fanin["record_bytes"])):
            out.extend(_memory_target(service, [r for r in rows if r["service"] == service], fanin["record_bytes"][service]))
        mixed = [r for r in rows if r["service"] == "mixed"]
        cfw = sorted((r for r in rows if r["service"] == "cfw"), key=lambda r: r["jobs"])
        if mixed and cfw:
            m, c = mixed[0], cfw[-1]
            loop = (result.get("cost") or {}).get("controller_loop_ms_per_s")
            out.append(dict(target="2. (reported) one wait over %d jobs of all %d services, beside %d CFW jobs" % (m["jobs"], m["services"], c["jobs"]),
                            measured="lag %s s vs %s s; CPU per poll %s vs %s ms gross, %s vs %s ms net of the controller loop; %d vs %d polls" % (
                                _f(m["lag_s"], 2), _f(c["lag_s"], 2), _f(m["cpu_ms_per_poll_gross"], 2), _f(c["cpu_ms_per_poll_gross"], 2),
                                _f(_net_per_poll(m, loop), 2), _f(_net_per_poll(c, loop), 2), m["polls"] or 0, c["polls"] or 0),
                            met=None))
        same = [r for r in rows if r["service"] == "cfw" and r["jobs"] == fanin["baseline"]["jobs"]][0]
        out.append(dict(target="2. (reported) wall of the uri baseline over wait_for_job, %d CFW jobs" % fanin["baseline"]["jobs"],
                        measured="%s s vs %s s: %sx" % (_f(fanin["baseline"]["task_wall"], 1), _f(same["task_wall"], 1), _f(fanin["wall_ratio_baseline"], 2)),
                        met=None))
    thr = result.get("throttled")
    if thr:
        out.append(dict(target="3. throttled: within 1.5x of the ideal limit-bound time",
                        measured="%s s vs ideal %s s (%d jobs at %d req/s): %sx" % (
                            _f(thr["task_wall"], 1), _f(thr["ideal_s"], 1), thr["jobs"], thr["rate_limit"], _f(thr["vs_ideal"], 2)),
                        met=thr["vs_ideal"] <= 1.5))
        out.append(dict(target="3. (issue 24) throttled: x ideal beside the %sx measured before the budget" % _f(THROTTLED_BASELINE, 2),
                        measured="%sx vs %sx" % (_f(thr["vs_ideal"], 2), _f(THROTTLED_BASELINE, 2)),
                        met=thr["vs_ideal"] < THROTTLED_BASELINE))
        out.append(dict(target="3. throttled: under 5% of calls throttled",
                        measured="%d of %d calls (%s%%)" % (thr["throttled_calls"], thr["http_calls"], _f(100 * thr["throttled_share"], 1)),
                        met=thr["throttled_share"] < 0.05))
    start = result.get("startup")
    if start:
        rows = start["rows"]
        out.append(dict(target="4. (reported) start-up overhead over a one-debug-task playbook",
                        measured="info module +%s s wall / +%s s CPU; wait_for_job on a finished job +%s s wall / +%s s CPU" % (
                            _f(rows["cfw_job_info"]["over_debug_wall"], 2), _f(rows["cfw_job_info"]["over_debug_cpu"], 2),
                            _f(rows["wait_for_job"]["over_debug_wall"], 2), _f(rows["wait_for_job"]["over_debug_cpu"], 2)),
                        met=None))
        for name in ("job_info", "wait_for_job", "uri"):
            if name in rows:
                base = start.get("baseline", {}).get(name)
                out.append(dict(target="4. (issue 24) start-up of one `%s` task over one `debug` task (before: %sx)%s" % (
                    name, _f(base, 2), "; goal within %s s" % _f(start["baseline"]["goal_over_debug_s"], 2) if name == "job_info" else ""),
                    measured="%sx (+%s s wall, medians of %d alternating runs)" % (
                        _f(rows[name]["over_debug_ratio"], 2), _f(rows[name]["over_debug_wall"], 3), rows["debug"]["runs"]),
                    met=(rows[name]["over_debug_wall"] <= start["baseline"]["goal_over_debug_s"]) if name == "job_info" else None))
    rds = result.get("rds")
    if rds:
        base = rds["baseline"]
        out.append(dict(target="7. (issue 24) the RDS case: at most %d throttled calls (before: %d of %d)" % (
            base["target_throttled"], base["throttled_calls"], base["http_calls"]),
            measured="%d throttled of %d calls" % (rds["throttled_calls"], rds["http_calls"]),
            met=rds["throttled_calls"] <= base["target_throttled"]))
        out.append(dict(target="7. (issue 24) the RDS case: the task back within %s s of the last job's end (before: %s s)" % (
            _f(base["target_lag_s"], 0), _f(base["lag_s"], 0)),
            measured="%s s" % _f(rds["lag_s"], 1), met=rds["lag_s"] <= base["target_lag_s"]))
    sc = result.get("scale")
    if sc:
        big = sc["rows"][-1]
        out.append(dict(target="8. (issue 24) %d jobs: the last found within the floor (%d jobs at %d calls a second) + max_poll_interval "
                        "of its end, as the RDS case counts" % (big["jobs"], big["jobs"], big["rate"]),
                        measured="%s s after the last job ended (target %s s); %s calls a second against the limit's %d; the task took "
                        "%s s from its start, where no order of polls can take less than %s s; %s polls, %d throttled" % (
                            _f(big["last_found_after_end_s"], 1), _f(big["target_s"], 0), _f(big.get("calls_per_s"), 1), big["rate"],
                            _f(big["task_wall"], 1), _f(big.get("least_wall_s"), 0), big["polls"], big["throttled_calls"]),
                        met=big["last_found_after_end_s"] <= big["target_s"]))
        if sc.get("rss_kib_per_job") is not None:
            out.append(dict(target="8. (reported) memory linear in the jobs, CPU per poll flat",
                            measured="peak RSS %s MiB (%d jobs) to %s MiB (%d jobs): %s KiB a job; CPU per poll %s ms to %s ms (%sx)" % (
                                _f(sc["rows"][0]["maxrss_mib"], 1), sc["rows"][0]["jobs"], _f(big["maxrss_mib"], 1), big["jobs"],
                                _f(sc["rss_kib_per_job"], 1), _f(sc["rows"][0]["cpu_ms_per_poll"], 2), _f(big["cpu_ms_per_poll"], 2),
                                _f(sc["cpu_per_poll_ratio"], 2)),
                            met=None))
    return out


# Issue 24: 1000 jobs under 50 calls a second took 1.34x the ideal before the budget.
THROTTLED_BASELINE = 1.34
MAX_COPIES = 8


def _net_per_poll(row, loop_ms_per_s):
    """CPU ms per poll of a fan-in run with the controller loop (from the cost scenario) taken out, or None."""
    if loop_ms_per_s is None or not row.get("polls"):
        return None
    return (1000.0 * row["cpu"] - loop_ms_per_s * row["task_wall"]) / row["polls"]


def _memory_target(service, rows, record):
    """Peak RSS per extra job, in copies of one job record as Python holds it; linear when that stays bounded."""
    rows = sorted(rows, key=lambda r: r["jobs"])
    if len(rows) < 3:
        return []
    slopes = [(b["maxrss_mib"] - a["maxrss_mib"]) * 1024 * 1024 / (b["jobs"] - a["jobs"]) for a, b in zip(rows, rows[1:])]
    copies = slopes[-1] / record["python_bytes"]
    return [dict(target="2. %s peak RSS growing no faster than the job records (linear, at most %d copies of a record per job)" % (service, MAX_COPIES),
                 measured="%s MiB at %s jobs: +%s KiB per extra job (%s), a record being %s KiB in Python (%s KiB of JSON): %s copies" % (
                     "/".join(_f(r["maxrss_mib"], 1) for r in rows), "/".join(str(r["jobs"]) for r in rows), _f(slopes[-1] / 1024, 1),
                     " then ".join("%s KiB" % _f(s / 1024, 1) for s in slopes), _f(record["python_bytes"] / 1024.0, 2),
                     _f(record["json_bytes"] / 1024.0, 2), _f(copies, 1)),
                 met=copies <= MAX_COPIES)]


# ---------------------------------------------------------------- tables

def _cost(cost, profile):
    wfj, uri = cost["wait_for_job"], cost["uri"]
    rows = [
        ("marginal polls (long wait minus short wait)", wfj["marginal_polls"], uri["marginal_polls"], ""),
        ("CPU per poll, gross (ms)", _f(wfj["gross_cpu_ms_per_poll"], 2), _f(uri["gross_cpu_ms_per_poll"], 1), ""),
        ("controller loop taken out (ms)", _f(wfj["loop_ms_taken_out"], 0), _f(uri["loop_ms_taken_out"], 0), ""),
        ("**CPU per poll, net (ms)**", "**%s**" % _f(wfj["cpu_ms_per_poll"], 2), "**%s**" % _f(uri["cpu_ms_per_poll"], 1),
         "**%s**" % _x(cost["ratio_cpu_per_poll"])),
        ("CPU per poll, net of the measured controller CPU (ms)", _f(wfj["cpu_ms_per_poll_net_of_measured_controller"], 2),
         _f(uri["cpu_ms_per_poll_net_of_measured_controller"], 1), _x(cost["ratio_cpu_per_poll_net_of_measured_controller"])),
        ("wall per poll (s)", _f(wfj["wall_s_per_poll"], 3), _f(uri["wall_s_per_poll"], 3), ""),
        ("wall per poll beyond the %s s delay (ms)" % _f(cost["interval"], 2), _f(wfj["busy_wall_ms_per_poll"], 1),
         _f(uri["busy_wall_ms_per_poll"], 0), _x(cost["ratio_busy_wall_per_poll"])),
    ]
    text = _table(("per poll, one CFW job (median of %d)" % cost["repeat"], "wait_for_job", "uri + until", "ratio"), rows)
    text += ("\n\nShort and long waits: %s s and %s s (the job runs that long after its first poll), delay %s s on both sides, "
             "%d interleaved repetitions (ratio range %s). "
             "Ansible's controller loop, from `ansible.builtin.pause` of the same lengths: **%s ms CPU per second** (range %s-%s; "
             "%s ms/s measured in the controller process during the pause); taken out of both sides for the wall time each waited."
             % (cost["short_seconds"], cost["long_seconds"], cost["interval"], cost["repeat"], _range(cost["ratio_cpu_per_poll_range"]),
                _f(cost["controller_loop_ms_per_s"], 1), _f(cost["controller_loop_ms_per_s_range"][0], 1),
                _f(cost["controller_loop_ms_per_s_range"][1], 1), _f(cost["controller_loop_ms_per_s_in_task"], 1)))
    if profile:
        p = profile
        text += ("\nIn-process, without Ansible: `fetch_jobs` for a CFW job costs %s ms CPU per poll back to back and **%s ms** when each "
                 "poll follows %s s of sleep, as real polls do (cold caches); under it, a bare `requests.Session` GET + `.json()` %s / %s ms "
                 "and a bare `http.client` keep-alive GET %s / %s ms. A CPH page of 100 jobs: `fetch_jobs` %s / %s ms, bare requests %s / %s ms." % (
                     _f(p["fetch_jobs_cfw"]["cpu_ms"], 2), _f(p["fetch_jobs_cfw"]["cpu_ms_after_idle"], 2), p["idle_gap_s"],
                     _f(p["requests"]["cpu_ms"], 2), _f(p["requests"]["cpu_ms_after_idle"], 2),
                     _f(p["http_client"]["cpu_ms"], 2), _f(p["http_client"]["cpu_ms_after_idle"], 2),
                     _f(p["fetch_jobs_cph_page_100"]["cpu_ms"], 2), _f(p["fetch_jobs_cph_page_100"]["cpu_ms_after_idle"], 2),
                     _f(p["requests_cph_page_100"]["cpu_ms"], 2), _f(p["requests_cph_page_100"]["cpu_ms_after_idle"], 2)))
    return text


def lag_target(fanin, row):
    """The lag a fan-in row may have: max_poll_interval + 1 s, or, where a documented limit paces a service of the row
    (the mixed run's RDS: 60 calls a minute), the slowest such service's turn + max_poll_interval."""
    turns = [turn["turn_s"] for turn in (row.get("paced") or {}).values()]
    return max([fanin["lag_target_s"]] + [turn + fanin["max_poll_interval"] for turn in turns])


def _fanin(fanin):
    head = ("client", "jobs", "lag (s)", "last call after last finish (s)", "task wall (s)", "polls", "HTTP calls",
            "peak RSS (MiB)", "CPU (s)", "CPU per poll (ms)", "job records (KiB)")
    rows = []
    for r in fanin["rows"] + [fanin["baseline"]]:
        if r["side"] != "wait_for_job":
            client = "uri + until (delay %s s), cfw" % fanin["baseline_delay"]
        elif r["service"] == "mixed":
            client = "wait_for_job, one task over %d services" % r["services"]
        else:
            client = "wait_for_job %s" % r["service"]
        rows.append((client, r["jobs"], _f(r["lag_s"], 2), _f(r["last_call_after_finish_s"], 2), _f(r["task_wall"], 1),
                     _f(r["polls"]), r["http_calls"], _f(r["maxrss_mib"], 1), _f(r["cpu"], 1), _f(r.get("cpu_ms_per_poll_gross"), 2),
                     _f(r["jobs_json_bytes"] / 1024.0 if r["jobs_json_bytes"] else None, 0)))
    return _table(head, rows) + (
        "\n\nJobs finish at seeded random times within %s s of being created; wait_for_job with poll_interval %s s, max_poll_interval %s s "
        "(lag target %s s). Lag: from the last job finishing to the task returning. CPH: all jobs in one request. "
        "The mixed run: the jobs spread evenly over every service of the table (CPH and KooPhone as one request or task each), "
        "in one task with `jobs`; CPU per poll is the whole run's CPU over its polls (start-up and controller loop included). "
        "Wall of the uri baseline over wait_for_job (%d CFW jobs): **%sx**." % (
            _f(fanin["window_s"], 0), fanin["poll_interval"], fanin["max_poll_interval"], _f(fanin["lag_target_s"], 0),
            fanin["baseline"]["jobs"], _f(fanin["wall_ratio_baseline"], 2)))


def _throttled(thr):
    head = ("jobs", "limit (req/s)", "ideal (s)", "took (s)", "x ideal", "HTTP calls", "throttled (429)", "share", "peak RSS (MiB)", "CPU (s)")
    row = (thr["jobs"], thr["rate_limit"], _f(thr["ideal_s"], 1), _f(thr["task_wall"], 1), _f(thr["vs_ideal"], 2), thr["http_calls"],
           thr["throttled_calls"], "%s%%" % _f(100 * thr["throttled_share"], 1), _f(thr["maxrss_mib"], 1), _f(thr["cpu"], 1))
    return _table(head, [row]) + ("\n\nCFW jobs already finished (one good call each is the least possible); the emulator answers 429 beyond "
                                  "%d requests in any 1 s window; wait_for_job with its defaults (max_concurrency 10)." % thr["rate_limit"])


def _startup(start):
    head = ("playbook", "wall (s)", "CPU (s)", "task wall (s)", "peak RSS (MiB)", "wall over debug (s)", "CPU over debug (s)",
            "x debug", "x debug before (issue 24)")
    rows = []
    for name, label in (("debug", "one `debug` task (the floor)"), ("cfw_job_info", "one `cfw_job_info` task"),
                        ("job_info", "one `job_info` task"), ("wait_for_job", "one `wait_for_job` on a finished job"),
                        ("uri", "one `ansible.builtin.uri` task")):
        if name not in start["rows"]:
            continue
        r = start["rows"][name]
        rows.append((label, _f(r["wall"], 3), _f(r["cpu"], 3), _f(r["task_wall"], 3), _f(r["maxrss_mib"], 1),
                     _f(r.get("over_debug_wall"), 3) if name != "debug" else "", _f(r.get("over_debug_cpu"), 3) if name != "debug" else "",
                     _f(r.get("over_debug_ratio"), 2) if name != "debug" else "", _f(start.get("baseline", {}).get(name), 2)
                     if name in start.get("baseline", {}) else ""))
    wfj, info = start["wait_for_job_imports"], start["info_module_imports"]
    return _table(head, rows) + (
        "\n\nMedians of %d runs. Imported at start-up beyond the floor: `wait_for_job` %d modules, %s ms of import time (%s); "
        "the info module, beyond `AnsibleModule`, %d modules, %s ms (%s)." % (
            start["rows"]["debug"]["runs"], wfj["modules"], _f(wfj["self_ms"], 0),
            ", ".join("%s %s ms" % (k, _f(v, 1)) for k, v in wfj["by_package_ms"][:6]),
            info["modules"], _f(info["self_ms"], 0), ", ".join("%s %s ms" % (k, _f(v, 1)) for k, v in info["by_package_ms"][:6])))


def _rds(rds):
    base = rds["baseline"]
    head = ("", "HTTP calls", "throttled (429)", "after the last job's end (s)", "task wall (s)")
    rows = [("before (issue 24)", base["http_calls"], base["throttled_calls"], _f(base["lag_s"], 0), ""),
            ("now", rds["http_calls"], rds["throttled_calls"], _f(rds["lag_s"], 1), _f(rds["task_wall"], 1)),
            ("target", "", "<= %d" % base["target_throttled"], "<= %s" % _f(base["target_lag_s"], 0), "")]
    return _table(head, rows) + (
        "\n\n%d RDS jobs ending %s to %s s after they are made, one `wait_for_job` with its defaults; the emulator's gateway "
        "allows %d calls in %s s per user and API and says so in its 429. The limit's floor: %s s per turn of every job." % (
            rds["jobs"], _f(rds["first_end_s"], 0), _f(rds["last_end_s"], 0), rds["limit"], _f(rds["window_s"], 0), _f(rds["floor_s"], 0)))


def _scale(sc):
    head = ("jobs", "limit (calls/s)", "floor (s)", "task wall (s)", "least wall (s)", "after the last job's end (s)", "HTTP calls",
            "calls/s", "throttled", "polls", "CPU (s)", "CPU per poll (ms)", "peak RSS (MiB)")
    rows = [(r["jobs"], r["rate"], _f(r["floor_s"], 0), _f(r["task_wall"], 1), _f(r.get("least_wall_s"), 0), _f(r["last_found_after_end_s"], 1),
             r["http_calls"], _f(r.get("calls_per_s"), 1), r["throttled_calls"], r["polls"], _f(r["cpu"], 1), _f(r["cpu_ms_per_poll"], 2),
             _f(r["maxrss_mib"], 1)) for r in sc["rows"]]
    return _table(head, rows) + (
        "\n\nCFW jobs ending at seeded random times within %s s; the emulator's gateway allows %d calls a second and names the "
        "limit in its 429 (CFW documents none, so the first 429 teaches it). CPU is the whole `ansible-playbook` tree's. "
        "Least wall: no order of polls ends sooner than jobs / limit + window / 2, since a job polled before its end must be "
        "polled again (of the jobs polled in the first window, half on average). The target counts from the last job's end, "
        "as the RDS case does: a whole turn of every job under the limit (the floor) and max_poll_interval." % (
            _f(sc["rows"][0]["window_s"], 0), sc["rows"][0]["rate"]))


def _start(start):
    head = ("task", "runs", "wall (s)", "CPU (s)", "task wall (s)", "controller CPU in task (s)", "POSTs", "polls")
    rows = []
    for name, label in (("api_call", "`api_call` POST create %d servers, `wait: true`" % start["count"]),
                        ("wait_for_job", "`wait_for_job` on a job of the same life")):
        r = start["rows"][name]
        rows.append((label, r["runs"], _f(r["wall"], 3), _f(r["cpu"], 3), _f(r["task_wall"], 3), _f(r["controller_cpu"], 3),
                     r["posts"], r["polls"]))
    return _table(head, rows) + (
        "\n\nMedians. The ECS job runs %s s after the task first sees it, polled every %s s. CPU is the whole "
        "`ansible-playbook` process tree's; `api_call` minus `wait_for_job`: %s s of CPU per task (the start call and its answer's "
        "reading; on a loaded machine the noise of a run is of the same order)." % (
            _f(start["seconds"], 1), _f(start["interval"], 2), _f(start["rows"]["api_call"]["over_wait_for_job_cpu"], 3)))


def _profile(profile):
    lines = []
    for name in ("cfw", "cph_page_100"):
        own = profile["own_code_" + name]
        lines.append("- `fetch_jobs` %s: the collection's own functions take %s%% of the profiled time; top: %s (ms per call)." % (
            name.replace("_", " "), _f(100 * own["share_of_profiled_time"], 0),
            ", ".join("`%s` %s" % (k, _f(v, 3)) for k, v in own["top_own_functions_ms_per_call"][:5])))
    lines.append("- cProfile listings: %s." % ", ".join("`%s`" % f for f in profile["files"].values()))
    return "\n".join(lines)


def markdown(result):
    meta = result["meta"]
    m = meta["machine"]
    parts = ["## Benchmarks (%s run, %s)" % (meta["mode"], meta["started"]), "",
             "Machine: %s, %s cores, %s GiB; %s; Python %s, ansible-core %s, requests %s; collection at %s%s. "
             "Command: `%s` (%s s, %d ansible-playbook runs)." % (
                 m["cpu"], m["cores"], m["memory_gib"], m["os"], m["python"], m["ansible_core"], m["requests"], m["commit"],
                 " (plugins/ modified)" if m["dirty"] else "", meta["command"], _f(meta["duration_s"], 0), meta["playbook_runs"]),
             "Load average (1 min) at start and end: %s, %s (other work on the machine adds noise)." % (
                 _f(meta["load_average_start"][0], 2), _f(meta["load_average_end"][0], 2))]
    if meta["mode"] == "smoke":
        parts += ["", "Smoke run: sizes and waits too small for the verdicts to mean anything; run without --smoke for figures."]
    if result.get("targets"):
        rows = [(t["target"], t["measured"], t.get("note") or ("met" if t["met"] else ("not met" if t["met"] is False else "(no target)")))
                for t in result["targets"]]
        parts += ["", "### Targets", "", _table(("target", "measured", "verdict"), rows)]
    if result.get("cost"):
        parts += ["", "### 1. Cost per poll", "", _cost(result["cost"], result.get("profile"))]
    if result.get("fanin"):
        parts += ["", "### 2. Fan-in", "", _fanin(result["fanin"])]
    if result.get("throttled"):
        parts += ["", "### 3. Throttled", "", _throttled(result["throttled"])]
    if result.get("startup"):
        parts += ["", "### 4. Start-up", "", _startup(result["startup"])]
    if result.get("start"):
        parts += ["", "### 5. Start and wait (`api_call`)", "", _start(result["start"])]
    if result.get("rds"):
        parts += ["", "### 7. The RDS case (issue 24)", "", _rds(result["rds"])]
    if result.get("scale"):
        parts += ["", "### 8. Scale (issue 24)", "", _scale(result["scale"])]
    if result.get("profile"):
        parts += ["", "### Profile of one poll (cProfile, in-process)", "", _profile(result["profile"])]
    return "\n".join(parts) + "\n"


def results_page(text):
    return ("# Benchmark results\n\nThe latest full run of `bash scripts/bench.sh` (written by it; the JSON is in "
            "`benchmarks/results/latest.json`, not committed). How each figure is measured: `benchmarks/README.md`.\n\n" + text)
