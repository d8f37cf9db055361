"""Records of a real wait over orders and resources, for the tests of the reports: wait_for_job's body (run_wait)
against the emulator, as a play runs it, so the reports are fed exactly what a wait returns.

The lives are counts of polls, never times; the deadline (60 s) is only a safety net the wait never reaches.
"""

from ansible_collections.hwcloud.jobs.plugins.plugin_utils import wait

from tests.emulator import state as st
from tests.emulator.fixture import scrub_environment

FAST = dict(poll_interval=0.01, max_poll_interval=0.02)


def connection(emu):
    """wait_for_job's options for the emulator (AK/SK; BSS's domain id looked up from IAM), every default given."""
    args = dict((name, option.get("default")) for name, option in wait.argument_spec().items())
    args.update(endpoint=emu.url, iam_endpoint=emu.url, region="cn-north-4", access_key=st.ACCESS_KEY,
                secret_key=st.SECRET_KEY, timeout=60.0, progress_interval=0.0, **FAST)
    return args


def orders_and_resources(emu, monkeypatch):
    """One wait over: a prepaid order that completes and then names the servers it made (main first, only the main one
    asked for); an order cancelled while waiting for payment; a VPC that reaches OK; an ECS server deleted, waited on
    with ``until: absent``. Returns (the wait's result, {what: its id})."""
    scrub_environment(monkeypatch)
    control = emu.control
    completed = control.add_order(phases=[{"status": 6, "for_polls": 1}, {"status": 3, "for_polls": 1}, {"status": 5}],
                                  resources=["srv-main", {"resource_id": "vol-data", "is_main_resource": 0}],
                                  resources_after_polls=1)
    cancelled = control.add_order(phases=[{"status": 6, "for_polls": 1}, {"status": 4}])
    vpc = control.add_resource(kind="vpc", phases=[{"status": "CREATING", "for_polls": 2}, {"status": "OK"}])
    server = control.add_resource(kind="ecs_server", phases=[{"status": "ACTIVE"}])
    control.resource_phases(server["id"], [{"status": "DELETING", "for_polls": 1}, {"absent": True}])
    ids = dict(completed=completed["order_id"], cancelled=cancelled["order_id"], vpc=vpc["id"], server=server["id"])
    args = connection(emu)
    args.update(jobs=[{"service": "bss", "order_id": ids["completed"]}, {"service": "bss", "order_id": ids["cancelled"]},
                      {"service": "vpc", "vpc_id": ids["vpc"]}, {"service": "ecs", "server_id": ids["server"], "until": "absent"}])
    result = wait.run_wait(args)
    # The lives ran as planned: each order and resource was read through its phases to its end.
    shown = dict((o["order_id"], o["statuses_shown"]) for o in control.orders())
    assert shown[ids["completed"]][:3] == [6, 3, 5] and shown[ids["cancelled"]] == [6, 4], shown
    resources = dict((r["id"], r) for r in control.resources())
    assert resources[ids["vpc"]]["statuses_shown"] == ["CREATING", "CREATING", "OK"]
    assert resources[ids["server"]]["absent"] is True
    return result, ids
