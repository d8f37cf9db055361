"""Prepaid orders through ansible-playbook against the emulator: api_call's wait on the order a prepaid call placed
(pending payment, processing, completed, then the resources it made), a cancelled order, an order that does not exist.
Counts come from the emulator's request log and its orders' statuses shown, never from the wall clock."""

import json

from tests.emulator.control import header_value
from tests.emulator.keys import DOMAIN_ID
from tests.helpers import run_playbook

PREPAID = """
    - name: Create two yearly servers, paid at once, and wait on the order
      hwcloud.jobs.api_call:
        service: ecs
        method: POST
        path: /v1/{project_id}/cloudservers
        body:
          server:
            name: db
            count: 2
            flavorRef: s6.small.1
            extendparam: {chargingMode: prePaid, periodType: year, periodNum: 1, isAutoPay: "true"}
        wait: true
        wait_timeout: 60
        poll_interval: 0.2
        max_poll_interval: 0.5
        not_found_timeout: %s
      register: created
      ignore_errors: true
    - ansible.builtin.copy: {content: "{{ created | to_json }}", dest: "{{ out }}"}
"""


def playbook(tmp_path, tasks, name="play.yml"):
    path = tmp_path / name
    path.write_text("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks)
    return str(path)


def run_prepaid(emu, tmp_path, not_found_timeout=30):
    out = tmp_path / "created.json"
    run = run_playbook(playbook(tmp_path, PREPAID % not_found_timeout), emu.env("aksk"), {"out": str(out)})
    return run, json.loads(out.read_text())


def posts(emu):
    return list(emu.control.requests(route="ecs_create_servers"))


def test_a_prepaid_creation_waits_on_its_order_and_names_the_servers_it_made(emu, tmp_path):
    emu.control.plan_next_order(phases=[{"status": 6, "for_polls": 1}, {"status": 3, "for_polls": 1}, {"status": 5}],
                                resources_after_polls=1)
    run, result = run_prepaid(emu, tmp_path)
    assert run.rc == 0 and not result.get("failed"), run.output[-4000:]
    post, = posts(emu)
    order_id = post["response"]["order_id"]
    order, = emu.control.orders()
    assert order["order_id"] == order_id and order["statuses_shown"][:2] == [6, 3] and order["statuses_shown"][-1] == 5
    assert result["started"] == [{"service": "bss", "order_id": order_id}] and result["orders"] == [order_id]
    assert result["succeeded_ids"] == [order_id] and result["changed"] is True
    record, = result["jobs"]
    assert record["state"] == "succeeded" and record["resources"] == post["response"]["serverIds"]
    # The completed order listed no resource at first: it stayed running until the query named them.
    assert order["resource_polls"] == 2
    # Domain-level credentials: the domain id looked up from IAM once, sent as X-Domain-Id, and no project.
    assert len(emu.control.requests(route="iam_domains")) == 1
    for entry in emu.control.requests(route="bss_order") + emu.control.requests(route="bss_order_resources"):
        assert header_value(entry, "X-Domain-Id") == DOMAIN_ID and header_value(entry, "X-Project-Id") is None


def test_a_cancelled_order_fails_at_once_and_says_not_to_send_the_call_again(emu, tmp_path):
    emu.control.plan_next_order(phases=[{"status": 6, "for_polls": 1}, {"status": 4}])
    run, result = run_prepaid(emu, tmp_path)
    post, = posts(emu)
    order_id = post["response"]["order_id"]
    assert result["failed"] and result["failed_ids"] == [order_id], run.output[-3000:]
    assert order_id in result["msg"] and "sending it again places another" in result["msg"]
    assert "{service: bss, order_id: %s}" % order_id in result["msg"]
    assert emu.control.orders()[0]["statuses_shown"] == [6, 4]
    assert emu.control.requests(route="bss_order_resources") == []


def test_an_order_that_does_not_exist_is_not_found_after_not_found_timeout(emu, tmp_path):
    out = tmp_path / "waited.json"
    tasks = """
    - hwcloud.jobs.wait_for_job:
        jobs: [{service: bss, order_id: CS2612070000NONE}]
        not_found_timeout: 0.5
        poll_interval: 0.1
        max_poll_interval: 0.2
        timeout: 60
      register: waited
      ignore_errors: true
    - ansible.builtin.copy: {content: "{{ waited | to_json }}", dest: "{{ out }}"}
"""
    run_playbook(playbook(tmp_path, tasks), emu.env("aksk"), {"out": str(out)})
    result = json.loads(out.read_text())
    assert result["failed"] and "CS2612070000NONE" in result["msg"] and "not_found_timeout" in result["msg"], result["msg"]
    assert len(emu.control.requests(route="bss_order")) >= 2


def test_a_token_sends_no_domain_id(emu, tmp_path):
    order = emu.control.add_order(phases=[{"status": 5}], resources=["srv-main", {"resource_id": "vol-1", "is_main_resource": 0}])
    out = tmp_path / "waited.json"
    tasks = """
    - hwcloud.jobs.wait_for_job:
        service: bss
        order_id: %s
        timeout: 60
      register: waited
    - ansible.builtin.copy: {content: "{{ waited | to_json }}", dest: "{{ out }}"}
""" % order["order_id"]
    run = run_playbook(playbook(tmp_path, tasks), emu.env("token"), {"out": str(out)})
    assert run.rc == 0, run.output[-3000:]
    assert json.loads(out.read_text())["jobs"][0]["resources"] == ["srv-main"]
    assert emu.control.requests(route="iam_domains") == []
    assert all(header_value(e, "X-Domain-Id") is None for e in emu.control.requests(route="bss_order"))
