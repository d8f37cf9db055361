"""The fault matrix: each fault x each service of the table x (job_info, wait_for_job), each cell with its expected outcome.

A service is tried on its job call; BSS on a prepaid order (completed, naming the resource it made), a service of
resources only (VPC) on its first resource the emulator serves. A cell that cannot apply is in LEFT_OUT, with why.

Both sides run the collection's own code over real HTTP against the emulator, each service at its own listener:
job_info's body (``run_job_info``) with a stand-in for AnsibleModule, and wait_for_job's body (``run_wait``), the
same functions the module and the action plugin call.

No outcome depends on how fast the machine is. Each cell runs on a clock of its own (``CellClock``): it starts at
the emulator's time, which is frozen for the run, and moves only when the code under test sleeps, so a backoff, a
Retry-After, the poll intervals, ``not_found_timeout`` and the deadline all pass at once and always in the same
order. A job vanishes after a count of polls, not a time. What stays on the wall clock cannot change an outcome:
a read stall is a socket timeout (``HTTP_TIMEOUT``) against a longer delay of the emulator.

Cells run in parallel; each has its own job id and its faults match only that job's path. A service whose status
call carries the id in its query, not its path (a fault cannot tell its jobs apart), runs its cells one at a
time after the others, with the faults cleared between cells.

    python -m tests.fault_matrix     run every cell, write docs/fault-matrix.md (from the repository root)

tests/integration/test_fault_matrix.py runs the same cells and checks the committed page against them.
"""

import collections
import contextlib
import email.utils
import os
import re
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
from ansible_collections.hwcloud.jobs.plugins.module_utils import common  # noqa: E402
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES as TABLE  # noqa: E402
from ansible_collections.hwcloud.jobs.plugins.plugin_utils import wait as wait_body  # noqa: E402

from tests.emulator import keys  # noqa: E402
from tests.emulator import orders as emulator_orders  # noqa: E402
from tests.emulator import resources as emulator_resources  # noqa: E402
from tests.emulator import server as emulator_server  # noqa: E402
from tests.emulator import state as emulator_state  # noqa: E402
from tests.emulator.fixture import EmulatorProcess  # noqa: E402

DOC = os.path.join(ROOT, "docs", "fault-matrix.md")
HTTP_TIMEOUT = 0.5
STALL = HTTP_TIMEOUT + 1.0
WAIT_TIMEOUT = 4.0
NOT_FOUND_TIMEOUT = 1.5
SECRETS = (keys.SECRET_KEY, keys.USER_PASSWORD)
# The emulator's 5xx answers on CPH paths carry CPH's internal-error code; elsewhere its own.
FAULT_5XX_CODE = {"cph": "CPS.0003"}


def emulator_route(service, kind):
    """The emulator's route of this service's status call for ``kind``, and whether the id is in its path."""
    routes = [(pattern, name) for method, pattern, name, owner in emulator_server.ROUTES if method == "GET" and owner == service]
    for pattern, name in routes:
        if "(?P<%s>" % kind in pattern:
            return name, True
    return routes[0][1], False


def odd_statuses(vocabulary):
    """A status outside a vocabulary ({state: raw values}), and a documented one with the wrong JSON type."""
    succeeded = vocabulary["succeeded"][0]
    if isinstance(succeeded, int):
        return max(v for values in vocabulary.values() for v in values) + 5, str(succeeded)
    return "Odd", 2


# What a cell waits on: a job, a prepaid order (the emulator's orders.py) or a resource (its resources.py).
JOB, ORDER, RESOURCE = "job", "order", "resource"
ORDER_ROUTES = frozenset(name for dummy_method, dummy_pattern, name, dummy_owner in emulator_orders.ROUTES)

# Cells the matrix leaves out, (service, fault): why (the page and the test name them).
LEFT_OUT = {
    ("bss", "job disappears mid-wait"): "BSS keeps every order, a cancelled one too: an order the detail call showed does "
                                        "not vanish (one never shown is the row below), and the emulator's orders cannot",
}

# One service's target: the id option that names what a cell waits on, the emulator's route of its status call and
# whether the id is in its path, an odd status and a wrong-typed one, the parent ids its call takes, what it waits on,
# and for a resource the emulator's kind of it.
Target = collections.namedtuple("Target", "kind route in_path odd wrong parents thing resource_kind")


def emulated_kind(service, call):
    """The emulator's kind (resources.KINDS) of a resource call: the kind of that service whose creating and ready
    statuses the call's shape reads as running and succeeded; None when the emulator has none."""
    for kind, (owner, creating, ready) in sorted(emulator_resources.KINDS.items()):
        if owner == service and call.shape.state_of(creating) == "running" and call.shape.state_of(ready) == "succeeded":
            return kind
    return None


def matrix_services():
    """Each service of the table: its job call, where it has one, else (a service of resources only: vpc) its first
    resource call the emulator serves; a BSS order is the job of its call. Each as a Target."""
    services = {}
    for name in TABLE:
        calls = TABLE[name].calls
        call = next((c for c in calls if not c.is_resource), None) or next(c for c in calls if emulated_kind(name, c))
        kind = call.names  # the id that names the job; a call of two ids takes its parent too (a DMS task's instance)
        route, in_path = emulator_route(name, kind)
        thing = RESOURCE if call.is_resource else ORDER if route in ORDER_ROUTES else JOB
        vocabulary = emulator_state.VOCABULARY[name] if thing == JOB else (call.shape or TABLE[name].job).statuses
        services[name] = Target(kind, route, in_path, *odd_statuses(vocabulary), parents=tuple(k for k in call.id_kinds if k != kind),
                                thing=thing, resource_kind=emulated_kind(name, call) if thing == RESOURCE else None)
    return services


SERVICES = matrix_services()


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
    ("read stall > http_timeout", dict(delay_seconds=STALL, count=1), "ok", "ok"),
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


def not_found_code(service):
    """The error code of the emulator's answer for a job (an order, a resource) it does not have; None when it answers
    an empty list."""
    target = SERVICES[service]
    if target.thing == ORDER:
        return emulator_orders.ORDER_NOT_FOUND[1]
    if target.thing == RESOURCE:
        body = emulator_resources.NOT_FOUND[target.resource_kind][1]
        return body.get("error_code") or body.get("code") or body["error"]["code"]
    known = dict(emulator_server.NOT_FOUND, **emulator_server.NOT_FOUND_NESTED).get(service)
    return known[1] if known else None


def lists_jobs_under_a_key(service):
    """Whether the table reads this service's jobs from under a key of the answer (so that `{ }` holds no job)."""
    return TABLE[service].call_for(list(cell_ids(service, "ref"))).jobs is not None


class CellClock:
    """One cell's clock: it starts at the emulator's (frozen) time and moves only when the code under test sleeps.

    ``on_sleep`` runs after every sleep (the vanishing job is deleted there once it has been polled enough).
    """

    def __init__(self, start, on_sleep=None):
        self.now = start
        self.slept = 0.0
        self.on_sleep = on_sleep
        self._lock = threading.Lock()

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        with self._lock:
            self.now += max(0.0, seconds)
            self.slept += max(0.0, seconds)
        if self.on_sleep:
            self.on_sleep()


_CELL = threading.local()


class CellWaiter(wait_body.Waiter):
    """The waiter, on the clock of the cell running in this thread (the real clock outside a cell)."""

    def __init__(self, *args, **kwargs):
        clock = getattr(_CELL, "clock", None)
        if clock is not None:
            kwargs.setdefault("clock", clock)
            kwargs.setdefault("sleep", clock.sleep)
        super().__init__(*args, **kwargs)


def cell_client(params, **kwargs):
    """The client of job_info and wait_for_job, on the clock of the cell running in this thread."""
    clock = getattr(_CELL, "clock", None)
    if clock is not None:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("sleep", clock.sleep)
    return _REAL_NEW_CLIENT(params, **kwargs)


_REAL_NEW_CLIENT = common.new_client


@contextlib.contextmanager
def on_cell_clocks():
    """While the matrix runs, the waiter and the client that job_info builds take the cell's clock.

    run_wait takes a client factory; the waiter and job_info's client are built inside the collection's code,
    which takes no clock from outside, so their constructors are swapped here for the run and put back after.
    """
    saved = wait_body.Waiter, common.new_client
    wait_body.Waiter, common.new_client = CellWaiter, cell_client
    try:
        yield
    finally:
        wait_body.Waiter, common.new_client = saved


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
    """Connection options: each service at its own listener of the emulator (one with none, vpc, at the main one,
    which serves every route), IAM at the main one."""
    env = emu.env(method, project_id=True)
    endpoints = dict((name, emu.url) for name in SERVICES)
    endpoints.update(emu.endpoints)
    params = dict(endpoints=endpoints, iam_endpoint=emu.url, region="cn-north-4",
                  project_id=env["HUAWEICLOUD_SDK_PROJECT_ID"])
    if method == "aksk":
        params.update(access_key=env["HUAWEICLOUD_SDK_AK"], secret_key=env["HUAWEICLOUD_SDK_SK"])
    else:
        params.update(username=env["HW_USER_NAME"], password=env["HW_USER_PASSWORD"], domain_name=env["HW_DOMAIN_NAME"])
    return params


def parent_id(kind, ref):
    """A cell's own parent of kind ``kind`` (no other cell's job sits under it); a function URN holds ':' as the
    vendor's do, so that the cell also sends it percent-encoded."""
    if kind == "function_urn":
        return "urn:fss:cn-north-4:%s:function:default:%s:latest" % (keys.PROJECTS["cn-north-4"], ref)
    return "%sp" % ref


def cell_ids(service, ref):
    """The ids a cell gives: its id, and for a call of two ids its parent ({instance_id, task_id}): a cell needs both."""
    ids = dict((parent, parent_id(parent, ref)) for parent in SERVICES[service][5])
    ids[SERVICES[service][0]] = ref
    return ids


def job_id_of(service, ref):
    """The job behind a cell's id: the id itself (a job id, an order's, a resource's), or for an id that names a group
    of jobs, its one job."""
    return ref if SERVICES[service].kind == "job_id" or SERVICES[service].thing != JOB else ref + "j"


def status_fields(status_path, fault_spec, odd, wrong):
    """The fields that give a cell's status fault: the status missing, null, outside the vocabulary or wrong-typed
    ("status" names the service's own status field, SMS's "state"; a nested one is dropped whole, CCE's)."""
    status_key = status_path.split(".")[0]
    fields = dict((status_key if key == "status" else key, value) for key, value in (fault_spec.get("job_fields") or {}).items())
    if fault_spec.get("job_status"):
        fields[status_key] = odd if fault_spec["job_status"] == "odd" else wrong
    return fields


def seed_order(emu, service, ref, fault_spec):
    """The order behind a cell: completed, naming the resource it made, unless the fault changes its status."""
    target = SERVICES[service]
    spec = dict(order_id=ref, phases=[{"status": emulator_orders.COMPLETED}], resources=[ref + "-made"])
    fields = status_fields(TABLE[service].job.status, fault_spec, target.odd, target.wrong)
    if fields:
        spec["fields"] = fields
    if not fault_spec.get("never"):
        emu.control.add_order(**spec)


def seed_resource(emu, service, ref, fault_spec, side):
    """The resource behind a cell: ready unless the fault changes its status; one that vanishes is gone before job_info
    reads it, and for a wait creating for ``vanish`` reads, then gone (its life counts the reads)."""
    target = SERVICES[service]
    dummy_owner, creating, ready = emulator_resources.KINDS[target.resource_kind]
    phases = [{"status": ready}]
    if fault_spec.get("vanish"):
        phases = [{"absent": True}] if side == "info" else [{"status": creating, "for_polls": fault_spec["vanish"]}, {"absent": True}]
    spec = dict(kind=target.resource_kind, id=ref, phases=phases)
    call = TABLE[service].call_for([target.kind])
    fields = status_fields(call.shape.status, fault_spec, target.odd, target.wrong)
    if fields:
        spec["fields"] = fields
    if not fault_spec.get("never"):
        emu.control.add_resource(**spec)


def seed(emu, service, ref, fault_spec, side="wait"):
    """The job (order, resource) behind a cell: succeeded unless the fault changes it."""
    if SERVICES[service].thing == ORDER:
        return seed_order(emu, service, ref, fault_spec)
    if SERVICES[service].thing == RESOURCE:
        return seed_resource(emu, service, ref, fault_spec, side)
    kind = SERVICES[service][0]
    spec = dict(service=service, job_id=job_id_of(service, ref), state="succeeded")
    if kind != "job_id":
        spec[kind] = ref
    spec.update((parent, value) for parent, value in cell_ids(service, ref).items() if parent != kind)
    odd, wrong = SERVICES[service][3], SERVICES[service][4]
    if fault_spec.get("job_fields"):
        # "status" names the service's own status field (SMS's is "state"); a nested one is dropped whole (CCE's).
        status_key = TABLE[service].job.status.split(".")[0]
        spec["fields"] = dict((status_key if key == "status" else key, value) for key, value in fault_spec["job_fields"].items())
    if fault_spec.get("job_status"):
        spec.pop("state")
        spec["phases"] = [{"status": odd if fault_spec["job_status"] == "odd" else wrong}]
    if fault_spec.get("vanish"):
        spec.update(state="running")
    if not fault_spec.get("never"):
        emu.control.add_job(**spec)
    return None


def install_fault(emu, service, ref, fault_spec):
    spec = dict((k, v) for k, v in fault_spec.items() if k not in ("auth", "job_fields", "job_status", "vanish", "never"))
    if not spec:
        return
    headers = spec.get("headers")
    if headers and headers.get("Retry-After") == "DATE+1":
        spec["headers"] = {"Retry-After": http_date(1)}
    dummy_kind, route, in_path = SERVICES[service][:3]
    spec.update(route=route)
    if in_path:
        spec.update(path="/%s(/[a-z]+)?$" % re.escape(ref))  # DLI's id is followed by /status
    emu.control.add_fault(**spec)


def run_info(emu, service, ref, method):
    """job_info's body for the cell's id."""
    params = defaults(common.job_info_argument_spec())
    params.update(auth_params(emu, method), service=service, http_timeout=HTTP_TIMEOUT)
    params.update((kind, [value]) for kind, value in cell_ids(service, ref).items())
    try:
        common.run_job_info(StandInModule(params))
    except Done as done:
        return done.result
    raise AssertionError("the module did not exit")


def run_wait_cell(emu, service, ref, method):
    """wait_for_job's body for the cell's id, with the client on the cell's clock."""
    args = defaults(wait_body.argument_spec())
    args.update(auth_params(emu, method), service=service, http_timeout=HTTP_TIMEOUT, timeout=WAIT_TIMEOUT, poll_interval=0.2,
                max_poll_interval=0.5, not_found_timeout=NOT_FOUND_TIMEOUT, progress_interval=0)
    args.update((kind, [value]) for kind, value in cell_ids(service, ref).items())
    return wait_body.run_wait(args, client_factory=cell_client)


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


def holds_no_job(service, name):
    """A `{ }` answer of a service whose jobs sit under a key of the answer holds no job: not found, not unknown."""
    return name == "body { }" and lists_jobs_under_a_key(service)


def expected_info(expected, service, name):
    if expected == "gone" or holds_no_job(service, name):
        code = not_found_code(service)
        return "gone" if code is None or holds_no_job(service, name) else "fail:%s" % code
    if expected == "fail:EMULATOR.FAULT" and service in FAULT_5XX_CODE:
        return "fail:%s" % FAULT_5XX_CODE[service]
    return expected


def expected_wait(expected, service, name):
    if holds_no_job(service, name):
        return {"failed"}  # no job in the answer: not found, failed once the grace is over
    return {expected}


def vanisher(emu, service, job_id, polls):
    """An on_sleep hook: delete the job once the emulator has answered ``polls`` polls of it (a count, not a time)."""
    gone = []

    def hook():
        if not gone and emu.control.job(job_id)["polls"] >= polls:
            emu.control.delete_job(job_id, service=service)
            gone.append(True)
    return hook


def run_side(emu, service, ref, fault_spec, side, start):
    """One side of a cell, on a fresh clock of its own starting at ``start``."""
    method = fault_spec.get("auth", "aksk")
    seed(emu, service, ref, fault_spec, side)
    install_fault(emu, service, ref, fault_spec)
    job_id = job_id_of(service, ref)
    on_sleep = None
    if fault_spec.get("vanish") and SERVICES[service].thing == JOB:  # a resource's life vanishes by itself (seed_resource)
        if side == "info":
            emu.control.delete_job(job_id, service=service)
        else:
            on_sleep = vanisher(emu, service, job_id, fault_spec["vanish"])
    _CELL.clock = CellClock(start, on_sleep)
    try:
        return run_info(emu, service, ref, method) if side == "info" else run_wait_cell(emu, service, ref, method)
    finally:
        _CELL.clock = None


def run_cell(emu, index, fault, service, start, serial=False):
    """Both sides of one cell: (fault name, service, {side: (seen, expected, result)})."""
    name, fault_spec, want_info, want_wait = fault
    cells = {}
    for side in ("info", "wait"):
        ref = "fm%02d%s%s" % (index, service[:3], side[0])
        result = run_side(emu, service, ref, fault_spec, side, start)
        if serial:
            emu.control.clear_faults()
        if side == "info":
            cells["info"] = (classify_info(result), expected_info(want_info, service, name), result)
        else:
            cells["wait"] = (classify_wait(result), expected_wait(want_wait, service, name), result)
    return name, service, cells


def run_matrix(emu, workers=16):
    """Every cell; returns rows of (fault name, service, {side: (seen, expected, result)}) in FAULTS x SERVICES order.

    The emulator's clock is frozen for the run (and left frozen: a reset gives the real one back).
    """
    emu.control.freeze_clock(True)
    start = emu.control.clock()["epoch"]
    cells = [(i, fault, service) for i, fault in enumerate(FAULTS) for service in SERVICES if (service, fault[0]) not in LEFT_OUT]
    parallel = [cell for cell in cells if SERVICES[cell[2]][2]]
    serial = [cell for cell in cells if not SERVICES[cell[2]][2]]
    rows = {}
    with on_cell_clocks():
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for cell, row in zip(parallel, pool.map(lambda cell: run_cell(emu, *cell, start=start), parallel)):
                rows[cell[0], cell[2]] = row
        emu.control.clear_faults()
        for cell in serial:
            rows[cell[0], cell[2]] = run_cell(emu, *cell, start=start, serial=True)
    return [rows[index, service] for index, dummy_fault, service in cells]


def left_out_text():
    return "; ".join("%s, %s: %s" % (service, fault, why) for (service, fault), why in sorted(LEFT_OUT.items()))


def cell_count():
    """The cells the matrix runs (of each side): every fault x every service, but those LEFT_OUT."""
    return sum(1 for fault in FAULTS for service in SERVICES if (service, fault[0]) not in LEFT_OUT)


def matches(seen, want):
    return seen == want if isinstance(want, str) else seen in want


def render(rows):
    lines = ["# Fault matrix", "",
             "Written by `python -m tests.fault_matrix` (run it after changing a cell); tests/integration/test_fault_matrix.py",
             "runs the same cells and fails when this page no longer shows what they do. Do not edit by hand.",
             "%d faults x %d services (every service of the table, each at its own listener of the emulator but %s, at its main"
             % (len(FAULTS), len(SERVICES), ", ".join(name for name in SERVICES if name not in emulator_state.SERVICES)),
             "one) x 2 sides: %d cells" % (2 * cell_count()),
             "(%d left out, n/a below: %s)." % (2 * len(LEFT_OUT), left_out_text()),
             "A service waits on its job call's jobs; bss on an order (its resources read once it completed); vpc, which has",
             "only resources, on a VPC (the fault acts on its read; gone means the service no longer shows it).",
             "Each cell: the outcome seen (expected in brackets when it differs), for job_info | wait_for_job.",
             "ok = the job's true state (succeeded); unknown = a record in state unknown (never success);",
             "fail:CODE = a clear failure with that code; timeout = failed at the deadline naming the pending job;",
             "failed = reported as a failed job (gone, or never shown within not_found_timeout); gone = no such job.",
             "wait_for_job here: timeout %.1f s, not_found_timeout %.1f s, polls every 0.2 s growing to 0.5 s, on a clock of"
             % (WAIT_TIMEOUT, NOT_FOUND_TIMEOUT),
             "the cell's own that moves only when the code sleeps (no outcome depends on the machine's speed);",
             "http_timeout %.1f s, against a read stall of %.1f s." % (HTTP_TIMEOUT, STALL),
             "", "| fault | " + " | ".join(SERVICES) + " |", "|---|" + "---|" * len(SERVICES)]
    by_fault = {}
    for name, service, cells in rows:
        by_fault.setdefault(name, {})[service] = cells
    for name, dummy_spec, dummy_info, dummy_wait in FAULTS:
        texts = []
        for service in SERVICES:
            if service not in by_fault[name]:
                texts.append("n/a")
                continue
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
            if result.get("elapsed") is not None and result["elapsed"] > WAIT_TIMEOUT:
                problems.append("%s: the wait ran %.3f s on its clock, past its timeout" % (where, result["elapsed"]))
            if seen == "timeout" and not result.get("elapsed", 0) >= WAIT_TIMEOUT - 0.001:
                problems.append("%s: timed out at %s s on its clock, before its timeout" % (where, result.get("elapsed")))
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
