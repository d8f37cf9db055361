"""The fault matrix: each fault x each service x (info module, wait_for_job), each cell with its expected outcome.

Both sides run the collection's own code over real HTTP against the emulator: the info module's body
(``run_info_module``) with a stand-in for AnsibleModule, and wait_for_job's body (``run_wait``), the same
functions the module and the action plugin call. Cells run in parallel; each one has its own job id and its
faults match only that job's path. Nothing here depends on how fast the machine is: outcomes and call counts
are checked, never durations (the deadline arithmetic is unit-tested on an injected clock).

    python -m tests.fault_matrix     run every cell, write docs/fault-matrix.md (from the repository root)

tests/integration/test_fault_matrix.py runs the same cells and checks the committed page against them.
"""

import email.utils
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
for _path in (ROOT, COLLECTIONS):
    if _path not in sys.path:
        sys.path.insert(0, _path)

# pylint: disable=wrong-import-position
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec, run_info_module  # noqa: E402
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import argument_spec as wait_argument_spec, run_wait  # noqa: E402

from tests.emulator.fixture import EmulatorProcess  # noqa: E402

DOC = os.path.join(ROOT, "docs", "fault-matrix.md")
SERVICES = {
    # service: (module, id option, emulator route, a status outside the table, the same status with the wrong type)
    "cph": ("cph_job_info", "job_id", "cph_job", 7, "2"),
    "koophone": ("koophone_task_info", "task_id", "koophone_task", 0, "2"),
    "workspace": ("workspace_job_info", "job_id", "workspace_job", "PAUSED", 2),
    "cfw": ("cfw_job_info", "job_id", "cfw_job", "Done", 2),
}
HTTP_TIMEOUT = 1.0
WAIT_TIMEOUT = 4.0
NOT_FOUND_TIMEOUT = 1.5
SECRETS = ("emulatorSecretKey000000000000000000000001", "emulator-password")


def http_date(seconds_from_now):
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


# name: (what the emulator does, expected info outcome, expected wait outcome)
# Outcomes: "ok" = the job's true state (succeeded); "unknown" = a record in state unknown, never success;
# "fail:CODE" = a clear failure carrying CODE; "timeout" = failed at the deadline naming the pending job;
# "failed" = the job reported failed (gone or never shown).
FAULTS = [
    ("429 APIGW.0308, no Retry-After (x2)", dict(status=429, count=2), "ok", "ok"),
    ("429, Retry-After: 1", dict(status=429, count=1, headers={"Retry-After": "1"}), "ok", "ok"),
    ("429, Retry-After: HTTP date +1 s", dict(status=429, count=1, headers={"Retry-After": "DATE+1"}), "ok", "ok"),
    ("429, Retry-After: 86400", dict(status=429, count=1, headers={"Retry-After": "86400"}), "fail:APIGW.0308", "ok"),
    ("500 (x2)", dict(status=500, count=2), "ok", "ok"),
    ("502 (x2)", dict(status=502, count=2), "ok", "ok"),
    ("503 (x2)", dict(status=503, count=2), "ok", "ok"),
    ("504 (x2)", dict(status=504, count=2), "ok", "ok"),
    ("connection reset (x2)", dict(drop=True, count=2), "ok", "ok"),
    ("read stall > http_timeout", dict(delay_seconds=HTTP_TIMEOUT + 1.5, count=1), "ok", "ok"),
    ("truncated JSON (x2)", dict(status=200, body='{"data": {"status": "Succ', count=2), "ok", "ok"),
    ("HTML page from a gateway (x2)", dict(status=502, body="<html><body>502 Bad Gateway</body></html>", count=2), "ok", "ok"),
    ("empty body (x2)", dict(status=200, body="", count=2), "ok", "ok"),
    ("503 for ever", dict(status=503, count=100000), "fail:EMULATOR.FAULT", "timeout"),
    ("HTML 200 for ever", dict(status=200, body="<html>maintenance</html>", count=100000), "fail:InvalidResponse", "timeout"),
    ("body { }", dict(status=200, body="{ }", count=100000), "unknown", "timeout"),
    ("status missing", {"job_fields": {"status": "__absent__"}}, "unknown", "timeout"),
    ("status null", {"job_fields": {"status": None}}, "unknown", "timeout"),
    ("status outside the table", {"job_status": "odd"}, "unknown", "timeout"),
    ("status of the wrong type", {"job_status": "wrong_type"}, "unknown", "timeout"),
    ("401 APIGW.0307, AK/SK", dict(status=401, error_code="APIGW.0307", error_msg="The token must be updated.", count=1),
     "fail:APIGW.0307", "fail:APIGW.0307"),
    ("401 APIGW.0307, IAM password", dict(status=401, error_code="APIGW.0307", error_msg="The token must be updated.", count=1,
                                          auth="password"), "ok", "ok"),
    ("403 APIGW.0302", dict(status=403, error_code="APIGW.0302", error_msg="Forbidden", count=1), "fail:APIGW.0302", "fail:APIGW.0302"),
    ("401 APIGW.0303 date skew", dict(status=401, error_code="APIGW.0303", error_msg="The request date is too far off", count=1),
     "fail:APIGW.0303", "fail:APIGW.0303"),
    ("job disappears mid-wait", {"vanish": 2}, "gone", "failed"),
    ("job never shown", {"never": True}, "gone", "failed"),
]
NOT_FOUND_CODE = {"cph": "CPS.0005", "koophone": None, "workspace": "WKS.00010002", "cfw": "CFW.00200004"}


class Done(Exception):
    def __init__(self, result):
        super().__init__("module exited")
        self.result = result


class StandInModule:
    """What run_info_module needs of AnsibleModule: params, warn, exit_json, fail_json."""

    def __init__(self, params):
        self.params = params
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def exit_json(self, **result):
        raise Done(result)

    def fail_json(self, **result):
        raise Done(dict(result, failed=True))


def defaults(spec):
    return dict((name, option.get("default")) for name, option in spec.items())


def auth_params(emu, method):
    env = emu.env(method, project_id=True)
    params = dict(endpoint=emu.url, iam_endpoint=emu.url, region="cn-north-4", project_id=env["HUAWEICLOUD_SDK_PROJECT_ID"])
    if method == "aksk":
        params.update(access_key=env["HUAWEICLOUD_SDK_AK"], secret_key=env["HUAWEICLOUD_SDK_SK"])
    else:
        params.update(username=env["HW_USER_NAME"], password=env["HW_USER_PASSWORD"], domain_name=env["HW_DOMAIN_NAME"])
    return params


def seed(emu, service, ref, fault_spec):
    """The job behind a cell: succeeded unless the fault changes it; returns the id the module takes."""
    route_id = ref
    spec = dict(service=service, job_id=ref, state="succeeded")
    if service == "koophone":
        spec.update(task_id=ref, job_id=ref + "j")
    odd, wrong = SERVICES[service][3], SERVICES[service][4]
    if fault_spec.get("job_fields"):
        spec["fields"] = fault_spec["job_fields"]
    if fault_spec.get("job_status"):
        spec.pop("state")
        spec["phases"] = [{"status": odd if fault_spec["job_status"] == "odd" else wrong}]
    if fault_spec.get("vanish"):
        spec.update(state="running")
    if not fault_spec.get("never"):
        emu.control.add_job(**spec)
    return route_id


def install_fault(emu, service, ref, fault_spec):
    spec = dict((k, v) for k, v in fault_spec.items() if k not in ("auth", "job_fields", "job_status", "vanish", "never"))
    if not spec:
        return
    headers = spec.get("headers")
    if headers and headers.get("Retry-After") == "DATE+1":
        spec["headers"] = {"Retry-After": http_date(1)}
    spec.update(route=SERVICES[service][2], path="/%s$" % ref)
    emu.control.add_fault(**spec)


def run_info(emu, service, ref, method):
    module_name, id_option = SERVICES[service][0], SERVICES[service][1]
    params = defaults(connection_argument_spec())
    params.update(auth_params(emu, method), http_timeout=HTTP_TIMEOUT)
    params[id_option] = ref
    params.setdefault("job_id", None)
    params.setdefault("request_id", None)
    try:
        run_info_module(StandInModule(params), service, (id_option,) if module_name != "cph_job_info" else ("job_id", "request_id"))
    except Done as done:
        return done.result
    raise AssertionError("the module did not exit")


def run_wait_cell(emu, service, ref, method):
    id_option = SERVICES[service][1]
    args = defaults(wait_argument_spec())
    args.update(auth_params(emu, method), service=service, http_timeout=HTTP_TIMEOUT, timeout=WAIT_TIMEOUT, poll_interval=0.2,
                max_poll_interval=0.5, not_found_timeout=NOT_FOUND_TIMEOUT, progress_interval=0)
    args[id_option] = [ref]
    return run_wait(args)


def classify_info(result):
    if result.get("failed"):
        return "fail:%s" % result.get("error_code")
    jobs = result["jobs"]
    if not jobs:
        return "gone"
    states = {j["state"] for j in jobs}
    return "ok" if states == {"succeeded"} else "unknown" if states == {"unknown"} else "/".join(sorted(states))


def classify_wait(result):
    if result.get("pending_ids"):
        return "timeout"
    if result.get("failed_ids"):
        return "failed"
    if result.get("failed"):
        return "fail:%s" % result.get("error_code")
    return "ok" if result.get("succeeded_ids") else "?"


def expected_info(expected, service, name):
    if expected == "gone":
        return "gone" if NOT_FOUND_CODE[service] is None else "fail:%s" % NOT_FOUND_CODE[service]
    if name == "body { }" and service == "koophone":
        return "gone"  # a task whose body holds no jobs lists no jobs
    if expected == "fail:EMULATOR.FAULT" and service == "cph":
        return "fail:CPS.0003"  # the emulator's 5xx on CPH paths carry CPH's internal-error code
    return expected


def expected_wait(expected, service, name):
    if name == "body { }" and service == "koophone":
        return {"failed"}  # no jobs in the task: not found, failed once the grace is over
    return {expected}


def delete_after_polls(emu, service, job_id, polls, limit=30.0):
    """Delete the job once the emulator has answered `polls` polls of it (a count, not a time)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if emu.control.job(job_id)["polls"] >= polls:
            break
        time.sleep(0.05)
    emu.control.delete_job(job_id, service=service)


def run_cell(emu, index, fault, service):
    name, fault_spec, want_info, want_wait = fault
    method = fault_spec.get("auth", "aksk")
    cells = {}
    for side in ("info", "wait"):
        ref = "fm%02d%s%s" % (index, service[:3], side[0])
        seed(emu, service, ref, fault_spec)
        install_fault(emu, service, ref, fault_spec)
        job_id = ref + ("j" if service == "koophone" else "")
        if side == "info":
            if fault_spec.get("vanish"):
                emu.control.delete_job(job_id, service=service)
            result = run_info(emu, service, ref, method)
            cells["info"] = (classify_info(result), expected_info(want_info, service, name), result)
        else:
            watcher = None
            if fault_spec.get("vanish"):
                watcher = threading.Thread(target=delete_after_polls, args=(emu, service, job_id, fault_spec["vanish"]))
                watcher.start()
            result = run_wait_cell(emu, service, ref, method)
            if watcher is not None:
                watcher.join()
            cells["wait"] = (classify_wait(result), expected_wait(want_wait, service, name), result)
    return name, service, cells


def run_matrix(emu, workers=16):
    """Every cell; returns rows of (fault name, service, {side: (seen, expected, result)})."""
    cells = [(i, fault, service) for i, fault in enumerate(FAULTS) for service in SERVICES]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda cell: run_cell(emu, *cell), cells))


def matches(seen, want):
    return seen == want if isinstance(want, str) else seen in want


def render(rows):
    lines = ["# Fault matrix", "",
             "Written by `python -m tests.fault_matrix` (run it after changing a cell); tests/integration/test_fault_matrix.py",
             "runs the same cells and fails when this page no longer shows what they do. Do not edit by hand.",
             "Each cell: the outcome seen (expected in brackets when it differs), for the info module | wait_for_job.",
             "ok = the job's true state (succeeded); unknown = a record in state unknown (never success);",
             "fail:CODE = a clear failure with that code; timeout = failed at the deadline naming the pending job;",
             "failed = reported as a failed job (gone, or never shown within not_found_timeout); gone = no such job.",
             "wait_for_job here: timeout %.1f s, http_timeout %.1f s, not_found_timeout %.1f s." % (WAIT_TIMEOUT, HTTP_TIMEOUT, NOT_FOUND_TIMEOUT),
             "", "| fault | " + " | ".join(SERVICES) + " |", "|---|" + "---|" * len(SERVICES)]
    by_fault = {}
    for name, service, cells in rows:
        by_fault.setdefault(name, {})[service] = cells
    for name, dummy_spec, dummy_info, dummy_wait in FAULTS:
        texts = []
        for service in SERVICES:
            parts = []
            for side in ("info", "wait"):
                seen, want, dummy_result = by_fault[name][service][side]
                wanted = want if isinstance(want, str) else "/".join(sorted(want))
                parts.append(seen if matches(seen, want) else "%s [%s]" % (seen, wanted))
            texts.append(" \\| ".join(parts))
        lines.append("| %s | %s |" % (name, " | ".join(texts)))
    return "\n".join(lines) + "\n"


def problems_of(rows):
    """What is wrong in the rows: an outcome not the expected one, a secret in a result, a success made up,
    a timeout that does not name its job."""
    problems = []
    for name, service, cells in rows:
        for side, cell in cells.items():
            seen, want, result = cell
            where = "%s / %s / %s" % (name, service, side)
            if not matches(seen, want):
                problems.append("%s: saw %s, expected %s" % (where, seen, want))
            if any(secret in repr(result) for secret in SECRETS):
                problems.append("%s: a secret in the result" % where)
            if side != "wait":
                continue
            ref = result.get("pending_ids", [None])[0] if seen == "timeout" else None
            if ref is not None and (not result.get("timed_out") or ref not in result.get("msg", "")):
                problems.append("%s: the timeout does not name %s" % (where, ref))
            if "succeeded" in {j["state"] for j in result.get("jobs", [])} and want != {"ok"}:
                problems.append("%s: a job called succeeded" % where)
    return problems


def main():
    """Run every cell against a fresh emulator and write docs/fault-matrix.md; exit 1 if a cell is not as expected."""
    with tempfile.TemporaryDirectory() as tmp:
        emulator = EmulatorProcess(log_path=os.path.join(tmp, "emulator.log")).start()
        try:
            emulator.control.reset()
            rows = run_matrix(emulator)
            problems = problems_of(rows)
        finally:
            emulator.stop()
    table = render(rows)
    with open(DOC, "w", encoding="utf-8") as handle:
        handle.write(table)
    print(table)
    print("wrote %s" % os.path.relpath(DOC, ROOT))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
