# -*- coding: utf-8 -*-
"""The event source hwcloud.jobs.job_status on an asyncio queue, against the emulator.

Loaded by path from the collections directory, as ansible-rulebook loads it. Short poll intervals; the
tests count events and requests, and wait on conditions (with generous safety timeouts), not on the clock.
"""

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
import threading

import pytest
import yaml

from tests.emulator import state as st
from tests.emulator.fixture import scrub_environment
from tests.helpers import COLLECTIONS

RELATIVE = os.path.join("extensions", "eda", "plugins", "event_source", "job_status.py")
INSTALLED = os.path.join(COLLECTIONS, "ansible_collections", "hwcloud", "jobs", RELATIVE)
SAFETY = 60  # seconds: only a hung test ever reaches it
FAST = dict(poll_interval=0.01, max_poll_interval=0.02)
# BSS documents 10 calls a second: a round of polls 0.02 s apart would poll one order of two. The user's limit wins
# over the table's, so these tests of what each entry ends in poll every entry every round.
UNPACED = dict(FAST, rate_limit="10000/second")


def load_source():
    spec = importlib.util.spec_from_file_location("hwcloud_jobs_eda_job_status", INSTALLED)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


source = load_source()


@pytest.fixture
def conn(emu, monkeypatch):
    """Connection arguments for the emulator (AK/SK), with no cloud variable inherited."""
    scrub_environment(monkeypatch)
    return dict(endpoint=emu.url, iam_endpoint=emu.url, region="cn-north-4", access_key=st.ACCESS_KEY, secret_key=st.SECRET_KEY)


def drain(queue):
    events = []
    while not queue.empty():
        events.append(queue.get_nowait())
    return events


def run_source(args, **kwargs):
    """Run the source to its end (exit_when_done); the events it queued."""
    async def go():
        queue = asyncio.Queue()
        await asyncio.wait_for(source.run(queue, args, **kwargs), SAFETY)
        return drain(queue)
    return asyncio.run(go())


def job_events(events):
    return [e for e in events if "hwcloud_job" in e]


def states(events):
    return [(e["hwcloud_job"]["job_id"], e["previous_state"], e["hwcloud_job"]["state"]) for e in job_events(events)]


async def until(predicate, what):
    """Wait (without blocking the loop) until ``predicate()`` holds; fail after SAFETY seconds."""
    for dummy in range(SAFETY * 50):
        if await asyncio.to_thread(predicate):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


class Spy:
    """A client factory that keeps the client and notes when its session is closed and its job calls start and end.

    IAM calls (the project look-up comes first with AK/SK and no project id) are not watched: they end at once.
    """

    def __init__(self):
        self.client = None
        self.closed = False
        self.started = threading.Event()
        self.finished = threading.Event()

    def __call__(self, options, **kwargs):
        self.client = source.new_client(options, **kwargs)
        session = self.client.session
        close, request = session.close, session.request

        def closing():
            self.closed = True
            close()

        def requesting(method, url, *args, **kw):
            if "/v3/projects" in url or "/v3/auth/" in url:
                return request(method, url, *args, **kw)  # IAM (the project look-up): not the job call watched
            self.started.set()
            try:
                return request(method, url, *args, **kw)
            finally:
                self.finished.set()

        session.close, session.request = closing, requesting
        return self.client


# ---- events ----

def test_terminal_one_event_per_job_in_the_order_they_end(emu, conn):
    late = emu.control.add_job(service="workspace", state="running", then="succeeded", after_polls=3, sub_jobs=[{}, {}])
    early = emu.control.add_job(service="cph", state="running", then="failed", after_polls=1)
    done = emu.control.add_job(service="cfw", state="succeeded")
    jobs = [{"service": "workspace", "job_id": late["job_id"]}, {"service": "cph", "job_id": early["job_id"]},
            {"service": "cfw", "job_id": done["job_id"]}]
    spy = Spy()
    events = run_source(dict(conn, jobs=jobs, **FAST), client_factory=spy)
    assert states(events) == [(done["job_id"], None, "succeeded"), (early["job_id"], "running", "failed"),
                              (late["job_id"], "running", "succeeded")]
    for event in events:
        assert event["meta"] == {"source": {"type": "hwcloud.jobs.job_status"}}
    assert events[2]["hwcloud_job"]["service"] == "workspace" and len(events[2]["hwcloud_job"]["sub_jobs"]) == 2
    assert spy.closed
    # polled until each ended, and no more: the ended jobs are not polled again
    assert len(emu.control.requests(route="cfw_job")) == 1
    assert len(emu.control.requests(route="cph_job")) == 2
    assert len(emu.control.requests(route="workspace_job")) == 4


def test_changes_every_state_once(emu, conn):
    job = emu.control.add_job(service="workspace", state="running", then="failed", after_polls=4, sub_jobs=[{}, {"desktop_id": "d-2"}])
    events = run_source(dict(conn, jobs=[{"service": "workspace", "job_id": job["job_id"]}], emit="changes", **FAST))
    assert states(events) == [(job["job_id"], None, "running"), (job["job_id"], "running", "failed")]
    assert len(emu.control.requests(route="workspace_job")) == 5  # polled five times, two events
    assert [s["desktop_id"] for s in events[-1]["hwcloud_job"]["failed_sub_jobs"]] == ["d-2"]


def test_jobs_of_a_request_each_once(emu, conn):
    jobs = emu.control.add_jobs([{"service": "cph", "request_id": "req-1", "state": "running", "then": "succeeded", "after_polls": n}
                                 for n in (1, 2, 3)])
    events = run_source(dict(conn, jobs=[{"service": "cph", "request_id": "req-1"}], **FAST))
    assert sorted(e["hwcloud_job"]["job_id"] for e in events) == sorted(j["job_id"] for j in jobs)
    assert [e["hwcloud_job"]["state"] for e in events] == ["succeeded"] * 3
    assert [e["hwcloud_job"]["job_id"] for e in events] == [j["job_id"] for j in jobs]  # in the order they ended


def test_never_found_gives_one_unknown_event_after_the_grace(emu, conn):
    events = run_source(dict(conn, jobs=[{"service": "cfw", "job_id": "no-such-job"}], not_found_timeout=0.3, **FAST))
    assert len(events) == 1
    record = events[0]["hwcloud_job"]
    assert record["state"] == "unknown" and record["not_found"] is True and record["job_id"] == "no-such-job"
    assert events[0]["previous_state"] is None
    assert len(emu.control.requests(route="cfw_job")) > 3  # polled through the grace, one event


def test_found_late_within_the_grace_no_unknown_event(emu, conn):
    job = emu.control.add_job(service="cph", state="succeeded", hidden_for_polls=3)
    events = run_source(dict(conn, jobs=[{"service": "cph", "job_id": job["job_id"]}], emit="changes", not_found_timeout=SAFETY, **FAST))
    assert states(events) == [(job["job_id"], None, "succeeded")]


def test_environment_fallbacks(emu, conn, monkeypatch):
    for name, value in emu.env("token").items():
        monkeypatch.setenv(name, value)
    job = emu.control.add_job(service="koophone", state="failed")
    events = run_source(dict(jobs=[{"service": "koophone", "task_id": job["task_id"]}], **FAST))
    assert states(events) == [(job["job_id"], None, "failed")]
    assert emu.control.requests(route="koophone_task")[0]["auth"] == "token"


def test_events_pass_ansible_rulebooks_meta_filter(emu, conn):
    meta_filter = pytest.importorskip("ansible_rulebook.event_filter.insert_meta_info")
    job = emu.control.add_job(service="cph", state="succeeded")
    event = run_source(dict(conn, jobs=[{"service": "cph", "job_id": job["job_id"]}], **FAST))[0]
    meta = meta_filter.main(event, source_name="watch", source_type="hwcloud.jobs.job_status")["meta"]
    assert meta["source"] == {"type": "hwcloud.jobs.job_status", "name": "watch"} and "uuid" in meta


# ---- orders and resources ----

def reads_of(emu, route, ident):
    return [e for e in emu.control.requests(route=route) if ident in e["path"] + "?" + e["query"]]


def order_and_resources(emu):
    """A completed order that names the server it made three polls after it completed, a cancelled order, a VPC that
    reaches OK, a server deleted (until: absent); each ends at a poll of its own: the cancelled order at the 2nd, the
    server at the 3rd, the VPC at the 4th, the completed order at the 5th."""
    control = emu.control
    completed = control.add_order(phases=[{"status": 6, "for_polls": 1}, {"status": 5}], resources_after_polls=3,
                                  resources=["srv-main", {"resource_id": "vol-data", "is_main_resource": 0}])
    cancelled = control.add_order(phases=[{"status": 6, "for_polls": 1}, {"status": 4}])
    vpc = control.add_resource(kind="vpc", phases=[{"status": "CREATING", "for_polls": 3}, {"status": "OK"}])
    server = control.add_resource(kind="ecs_server", phases=[{"status": "ACTIVE"}])
    control.resource_phases(server["id"], [{"status": "DELETING", "for_polls": 2}, {"absent": True}])
    ids = dict(completed=completed["order_id"], cancelled=cancelled["order_id"], vpc=vpc["id"], server=server["id"])
    jobs = [{"service": "bss", "order_id": ids["completed"]}, {"service": "bss", "order_id": ids["cancelled"]},
            {"service": "vpc", "vpc_id": ids["vpc"]}, {"service": "ecs", "server_id": ids["server"], "until": "absent"}]
    return ids, jobs


def test_an_event_per_order_and_resource_as_each_ends(emu, conn):
    ids, jobs = order_and_resources(emu)
    events = run_source(dict(conn, jobs=jobs, **UNPACED))
    assert states(events) == [(ids["cancelled"], "running", "failed"), (ids["server"], "running", "succeeded"),
                              (ids["vpc"], "running", "succeeded"), (ids["completed"], "running", "succeeded")]
    records = dict((e["hwcloud_job"]["job_id"], e["hwcloud_job"]) for e in events)
    assert all(e["meta"] == {"source": {"type": "hwcloud.jobs.job_status"}} for e in events)
    cancelled, completed = records[ids["cancelled"]], records[ids["completed"]]
    assert (cancelled["service"], cancelled["order_id"], cancelled["status"]) == ("bss", ids["cancelled"], 4)
    assert not cancelled.get("resources")
    assert (completed["service"], completed["order_id"], completed["status"]) == ("bss", ids["completed"], 5)
    assert completed["resources"] == ["srv-main"]  # what it made, its main resource (the table asks for it alone)
    vpc, server = records[ids["vpc"]], records[ids["server"]]
    assert (vpc["service"], vpc["vpc_id"], vpc["status"]) == ("vpc", ids["vpc"], "OK") and not vpc.get("absent")
    assert (server["service"], server["server_id"], server["absent"]) == ("ecs", ids["server"], True)
    # Each polled until it ended, and no more.
    assert len(reads_of(emu, "bss_order", ids["cancelled"])) == 2
    assert [e["status"] for e in reads_of(emu, "ecs_server", ids["server"])] == [200, 200, 404]
    assert len(reads_of(emu, "vpc_vpc", ids["vpc"])) == 4
    assert len(reads_of(emu, "bss_order", ids["completed"])) == 5
    shown = dict((o["order_id"], o) for o in emu.control.orders())
    assert shown[ids["completed"]]["resource_polls"] == 4 and shown[ids["cancelled"]]["resource_polls"] == 0


def test_changes_of_an_order_and_of_a_deletion(emu, conn):
    """A completed order that lists no resource yet is still running: no change until it names them."""
    ids, jobs = order_and_resources(emu)
    events = run_source(dict(conn, jobs=[jobs[0], jobs[3]], emit="changes", **UNPACED))
    assert states(events) == [(ids["completed"], None, "running"), (ids["server"], None, "running"),
                              (ids["server"], "running", "succeeded"), (ids["completed"], "running", "succeeded")]
    assert [e["hwcloud_job"]["status"] for e in events if e["hwcloud_job"]["job_id"] == ids["completed"]] == [6, 5]
    assert [e["hwcloud_job"].get("resources") for e in events if e["hwcloud_job"]["job_id"] == ids["completed"]] == \
        [None, ["srv-main"]]
    assert [e["hwcloud_job"].get("absent") for e in events if e["hwcloud_job"]["job_id"] == ids["server"]] == [None, True]
    assert events[1]["hwcloud_job"]["status"] == "DELETING"


def test_a_resource_never_found_gives_one_unknown_event_and_an_absent_one_succeeds(emu, conn):
    """Not found is the end asked for with until: absent, and only then."""
    jobs = [{"service": "vpc", "vpc_id": "vpc-none"}, {"service": "vpc", "vpc_id": "vpc-gone", "until": "absent"}]
    events = run_source(dict(conn, jobs=jobs, not_found_timeout=0.3, **UNPACED))
    assert states(events) == [("vpc-gone", None, "succeeded"), ("vpc-none", None, "unknown")]
    assert events[0]["hwcloud_job"]["absent"] is True and events[1]["hwcloud_job"]["not_found"] is True
    assert len(reads_of(emu, "vpc_vpc", "vpc-gone")) == 1 and len(reads_of(emu, "vpc_vpc", "vpc-none")) > 3


# ---- outages ----

def test_one_error_event_per_outage_and_polling_goes_on(emu, conn):
    job = emu.control.add_job(service="workspace", state="running", then="succeeded", after_seconds=3600)
    args = dict(conn, jobs=[{"service": "workspace", "job_id": job["job_id"]}], http_timeout=0.3, **FAST)
    control = emu.control

    def faulted():
        return sum(1 for r in control.requests(route="workspace_job") if r["fault"])

    def answered():
        return sum(1 for r in control.requests(route="workspace_job") if r["status"] == 200)

    async def go():
        queue = asyncio.Queue()
        task = asyncio.create_task(source.run(queue, args))
        await until(lambda: answered() >= 1, "a first answer")
        control.add_fault(route="workspace_job", status=503, count=100000)
        await until(lambda: faulted() >= 12, "several rounds of the first outage")
        first = drain(queue)
        control.clear_faults()
        seen = answered()
        await until(lambda: answered() >= seen + 3, "answers after the first outage")
        control.add_fault(route="workspace_job", drop=True, count=100000)
        await until(lambda: faulted() >= 24, "several rounds of the second outage")
        control.clear_faults()
        control.advance_clock(3600)
        await asyncio.wait_for(task, SAFETY)
        return first, drain(queue)

    first, rest = asyncio.run(go())
    assert [e["hwcloud_error"]["status_code"] for e in first] == [503]
    error = first[0]["hwcloud_error"]
    assert error["service"] == "workspace" and error["error_code"] == "EMULATOR.FAULT" and error["request_id"]
    assert error["error_msg"] and set(error) == {"service", "error_code", "error_msg", "request_id", "status_code"}
    errors = [e["hwcloud_error"] for e in rest if "hwcloud_error" in e]
    assert len(errors) == 1 and errors[0]["status_code"] is None and errors[0]["error_msg"]
    assert states(rest) == [(job["job_id"], "running", "succeeded")]
    text = json.dumps(first + rest)
    assert st.SECRET_KEY not in text


# ---- cancellation and exit_when_done ----

def test_cancel_during_a_slow_poll_stops_at_once_and_closes_the_session(emu, conn):
    job = emu.control.add_job(service="cph", state="running")
    # The call stays on the wire for 10 s: far longer than a loaded machine takes between the call's start and the
    # cancel's effect (2 s was not, once, with a CI run's other stages beside it). It ends on its own afterwards.
    emu.control.add_fault(route="cph_job", delay_seconds=10)
    spy = Spy()

    async def go():
        task = asyncio.create_task(source.run(asyncio.Queue(), dict(conn, jobs=[{"service": "cph", "job_id": job["job_id"]}]), client_factory=spy))
        await asyncio.to_thread(spy.started.wait, SAFETY)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return spy.finished.is_set()

    assert asyncio.run(go()) is False  # the task ended while its one call was still on the wire
    assert spy.closed
    assert spy.finished.wait(SAFETY)  # that call ends on its own in its thread (and is not left to the next test)


def test_cancel_between_polls(emu, conn):
    job = emu.control.add_job(service="cph", state="running")
    spy = Spy()

    async def go():
        args = dict(conn, jobs=[{"service": "cph", "job_id": job["job_id"]}], poll_interval=600, max_poll_interval=600)
        task = asyncio.create_task(source.run(asyncio.Queue(), args, client_factory=spy))
        await until(lambda: len(mine()) == 1, "the first poll")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    def mine():
        # This job's calls only: a call of an earlier test still ending in its thread may be logged here too.
        return [r for r in emu.control.requests(route="cph_job") if r["path"].endswith("/" + job["job_id"])]

    asyncio.run(go())
    assert spy.closed and len(mine()) == 1


def test_without_exit_when_done_it_idles_until_cancelled(emu, conn):
    job = emu.control.add_job(service="cph", state="succeeded")
    spy = Spy()

    async def go():
        queue = asyncio.Queue()
        args = dict(conn, jobs=[{"service": "cph", "job_id": job["job_id"]}], exit_when_done=False, **FAST)
        task = asyncio.create_task(source.run(queue, args, client_factory=spy))
        await until(lambda: not queue.empty(), "the event")
        for dummy in range(20):
            await asyncio.sleep(0.02)
        assert not task.done()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return drain(queue)

    assert states(asyncio.run(go())) == [(job["job_id"], None, "succeeded")]
    assert spy.closed and len(emu.control.requests(route="cph_job")) == 1


# ---- bad input ----

GOOD_JOBS = [{"service": "cph", "job_id": "j1"}]


@pytest.mark.parametrize("args, names", [
    (dict(jobs=GOOD_JOBS, poll_interval="fast"), ["poll_interval"]),
    (dict(jobs=GOOD_JOBS, emit="sometimes"), ["emit", "terminal, changes"]),
    (dict(jobs=GOOD_JOBS, exit_when_done="maybe"), ["exit_when_done"]),
    (dict(jobs=GOOD_JOBS, max_concurrency=[1]), ["max_concurrency"]),
    (dict(jobs=GOOD_JOBS, poll_intervall=1), ["unsupported", "poll_intervall"]),
    (dict(), ["jobs"]),
    (dict(jobs=[]), ["jobs"]),
    (dict(jobs=[{"job_id": "j1"}]), ["jobs[0]", "service"]),
    (dict(jobs=[{"service": "nova", "job_id": "j1"}]), ["jobs[0]", "service"]),
    (dict(jobs=[{"service": "cph", "task_id": "t1"}]), ["jobs[0]", "task_id"]),
    (dict(jobs=[{"service": "cph", "job_id": "j1", "request_id": "r1"}]), ["jobs[0]", "job_id + request_id"]),
    (dict(jobs=[{"service": "cph", "job_id": "../x"}]), ["jobs[0].job_id"]),
    (dict(jobs=["cph:j1"]), ["jobs[0]", "mapping"]),
    (dict(jobs=GOOD_JOBS, poll_interval=5, max_poll_interval=1), ["max_poll_interval"]),
    (dict(jobs=GOOD_JOBS, rate_limit="fast"), ["rate_limit", "'fast'"]),
    (dict(jobs=GOOD_JOBS, rate_limit="0/minute"), ["rate_limit", "positive number of calls with a window"]),
    (dict(jobs=GOOD_JOBS, endpoint="ftp://x"), ["endpoint"]),
    (dict(jobs=GOOD_JOBS, http_timeout="soon", secret_key="sk-secret-value-123456"), ["http_timeout"]),
])
def test_bad_input_fails_before_any_request(emu, conn, args, names):
    args = dict(conn, **args)
    with pytest.raises(source.ConfigError) as caught:
        run_source(args)
    message = str(caught.value)
    assert message.startswith("hwcloud.jobs.job_status: ")
    for name in names:
        assert name in message
    assert "sk-secret-value-123456" not in message and st.SECRET_KEY not in message
    assert emu.control.requests() == []


def test_a_rate_limit_is_every_hosts_budget_of_the_source(emu, conn):
    """rate_limit paces the source's polls as it paces a wait's: the client's budget of the job's host carries it."""
    job = emu.control.add_job(service="cfw", state="succeeded")
    spy = Spy()
    events = run_source(dict(conn, jobs=[{"service": "cfw", "job_id": job["job_id"]}], rate_limit="30/minute", **FAST), client_factory=spy)
    assert states(events) == [(job["job_id"], None, "succeeded")]
    budget = spy.client.budget(emu.url, service="cfw")
    assert (budget.limit.calls, budget.limit.seconds) == (30, 60.0) and budget.limit.source == "the option rate_limit"


def test_no_credentials_fails_before_any_request(emu, conn):
    args = dict(conn, access_key=None, secret_key=None, jobs=GOOD_JOBS)
    with pytest.raises(source.ConfigError, match="no credentials"):
        run_source(args)
    assert emu.control.requests() == []


def test_refused_credentials_stop_the_source_with_the_api_message(emu, conn):
    with pytest.raises(source.wait.ApiError) as caught:
        run_source(dict(conn, secret_key="not-the-secret-key-0000", jobs=GOOD_JOBS))
    assert "APIGW.0301" in str(caught.value) and "not-the-secret-key-0000" not in str(caught.value)


# ---- documentation and loading ----

def test_documentation_is_in_step_with_the_argument_spec():
    doc = yaml.safe_load(source.DOCUMENTATION)
    spec = source.argument_spec()
    assert sorted(doc["options"]) == sorted(spec)
    for name, option in spec.items():
        documented = doc["options"][name]
        assert documented["type"] == option["type"], name
        assert documented.get("default") == option.get("default"), name
        assert documented.get("choices") == option.get("choices"), name
        assert bool(documented.get("required")) == bool(option.get("required")), name
        text = " ".join(documented["description"])
        for variable in (option.get("fallback") or (None, []))[1]:
            assert "E(%s)" % variable in text, (name, variable)
    assert yaml.safe_load(source.EXAMPLES)


def _python(code, path, cwd, env=None):
    clean = dict((k, v) for k, v in os.environ.items() if k not in ("PYTHONPATH", "ANSIBLE_COLLECTIONS_PATH"))
    clean.update(env or {})
    return subprocess.run([sys.executable, "-c", code, path], cwd=str(cwd), env=clean, capture_output=True, text=True, timeout=SAFETY, check=False)


LOAD = "import runpy, sys; m = runpy.run_path(sys.argv[1]); print(m['wait'].__file__, callable(m['main']))"


def test_loads_by_path_from_where_ansible_galaxy_installed_it(tmp_path):
    done = _python(LOAD, INSTALLED, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[1] == "True"
    assert os.path.join("ansible_collections", "hwcloud", "jobs", "plugins", "plugin_utils", "wait.py") in done.stdout


def test_outside_ansible_collections_the_import_error_says_so(tmp_path):
    copy = tmp_path / "job_status.py"
    copy.write_text(open(INSTALLED, encoding="utf-8").read(), encoding="utf-8")
    done = _python(LOAD, str(copy), tmp_path)
    assert done.returncode != 0
    assert "not inside an ansible_collections directory" in done.stderr
