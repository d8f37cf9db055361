"""Resources that start no job, through ansible-playbook against the emulator (resources.py): a VPC, an ELB load
balancer and an RDS instance waited on to their ready state; a server to SHUTOFF with `until`; a deletion to 404 with
`until: absent`; a declared NAT gateway; job_info on an RDS instance; a status in no list is unknown, never a success;
an entry whose ids match no call is refused. Counts come from the emulator's request log and its resources' statuses
shown (one per read), never from the wall clock."""

import json
import re

import yaml

from tests.helpers import run_playbook
from tests.packaging.test_readme import blocks

FAST = "poll_interval: 0.1, max_poll_interval: 0.2"


def playbook(tmp_path, tasks, name="play.yml"):
    path = tmp_path / name
    path.write_text("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks)
    return str(path)


def wait_play(tmp_path, jobs, extra="", register="waited"):
    """One wait_for_job task on ``jobs`` (a list of mappings), its result written to out.json."""
    return playbook(tmp_path, (
        "    - hwcloud.jobs.wait_for_job:\n"
        "        jobs: %s\n"
        "        timeout: %s\n"
        "        poll_interval: 0.1\n        max_poll_interval: 0.2\n        progress_interval: 0\n"
        "      register: %s\n      ignore_errors: true\n"
        "    - ansible.builtin.copy: {content: \"{{ %s | to_json }}\", dest: \"{{ out }}\"}\n"
    ) % (json.dumps(jobs), extra or 60, register, register))


def run(emu, tmp_path, path):
    out = tmp_path / "out.json"
    done = run_playbook(path, emu.env("aksk"), {"out": str(out)})
    return done, json.loads(out.read_text()) if out.exists() else None


def reads(emu, route, resource_id):
    return [e for e in emu.control.requests(route=route) if resource_id in e["path"] + "?" + e["query"]]


def test_a_vpc_a_load_balancer_and_an_rds_instance_are_waited_on_to_their_ready_state(emu, tmp_path):
    vpc = emu.control.add_resource(kind="vpc", phases=[{"status": "CREATING", "for_polls": 2}, {"status": "OK"}])
    elb = emu.control.add_resource(kind="elb_loadbalancer", phases=[{"status": "PENDING_CREATE", "for_polls": 2},
                                                                    {"status": "ACTIVE"}])
    rds = emu.control.add_resource(kind="rds_instance", phases=[{"status": "BUILD", "for_polls": 1}, {"status": "ACTIVE"}])
    jobs = [{"service": "vpc", "vpc_id": vpc["id"]}, {"service": "elb", "loadbalancer_id": elb["id"]},
            {"service": "rds", "instance_id": rds["id"]}]
    done, result = run(emu, tmp_path, wait_play(tmp_path, jobs))
    assert done.rc == 0 and not result.get("failed"), done.output[-4000:]
    assert sorted(result["succeeded_ids"]) == sorted([vpc["id"], elb["id"], rds["id"]]), result
    shown = dict((r["id"], r["statuses_shown"]) for r in emu.control.resources())
    assert shown[vpc["id"]] == ["CREATING", "CREATING", "OK"]
    assert shown[elb["id"]] == ["PENDING_CREATE", "PENDING_CREATE", "ACTIVE"]
    assert shown[rds["id"]] == ["BUILD", "ACTIVE"]
    assert len(reads(emu, "vpc_vpc", vpc["id"])) == 3 and len(reads(emu, "elb_loadbalancer", elb["id"])) == 3
    rds_reads = reads(emu, "rds_instances", rds["id"])
    assert len(rds_reads) == 2 and all(e["query"] == "id=%s" % rds["id"] for e in rds_reads)


def test_a_server_reaches_shutoff_with_until(emu, tmp_path):
    server = emu.control.add_resource(kind="ecs_server", phases=[{"status": "ACTIVE", "for_polls": 2}, {"status": "SHUTOFF"}])
    done, result = run(emu, tmp_path, wait_play(tmp_path, [{"service": "ecs", "server_id": server["id"], "until": ["SHUTOFF"]}]))
    assert done.rc == 0 and result["succeeded_ids"] == [server["id"]], done.output[-4000:]
    resource, = emu.control.resources()
    assert resource["statuses_shown"] == ["ACTIVE", "ACTIVE", "SHUTOFF"]  # ACTIVE, ready by default, is on the way here
    assert len(reads(emu, "ecs_server", server["id"])) == 3


def test_a_deletion_ends_at_404_with_until_absent(emu, tmp_path):
    volume = emu.control.add_resource(kind="evs_volume", phases=[{"status": "available"}])
    emu.control.resource_phases(volume["id"], [{"status": "deleting", "for_polls": 2}, {"absent": True}])
    done, result = run(emu, tmp_path, wait_play(tmp_path, [{"service": "evs", "volume_id": volume["id"], "until": "absent"}]))
    assert done.rc == 0 and result["succeeded_ids"] == [volume["id"]], done.output[-4000:]
    statuses = [e["status"] for e in reads(emu, "evs_cloudvolume", volume["id"])]
    assert statuses == [200, 200, 404]
    resource, = emu.control.resources()
    assert resource["statuses_shown"] == ["deleting", "deleting", "absent"] and resource["absent"] is True


def test_a_declared_nat_gateway_is_waited_on(emu, tmp_path):
    nat = emu.control.add_resource(kind="nat_gateway", phases=[{"status": "PENDING_CREATE", "for_polls": 2}, {"status": "ACTIVE"}])
    entry = {"service": "nat", "path": "/v2/{project_id}/nat_gateways/{id}", "id": nat["id"], "status": "nat_gateway.status",
             "succeeded": ["ACTIVE"], "failed": ["ERROR"]}
    done, result = run(emu, tmp_path, wait_play(tmp_path, [entry]))
    assert done.rc == 0 and result["succeeded_ids"] == [nat["id"]], done.output[-4000:]
    entries = reads(emu, "nat_gateway", nat["id"])
    assert len(entries) == 3 and all(e["auth"] == "aksk" and e["status"] == 200 for e in entries)


def test_job_info_reads_an_rds_instance(emu, tmp_path):
    rds = emu.control.add_resource(kind="rds_instance", phases=[{"status": "BUILD"}])
    path = playbook(tmp_path, (
        "    - hwcloud.jobs.job_info: {service: rds, instance_id: %s}\n"
        "      register: info\n"
        "    - ansible.builtin.copy: {content: \"{{ info | to_json }}\", dest: \"{{ out }}\"}\n") % rds["id"])
    done, result = run(emu, tmp_path, path)
    assert done.rc == 0, done.output[-4000:]
    text = json.dumps(result)
    assert rds["id"] in text and '"BUILD"' in text and '"running"' in text, result
    assert len(reads(emu, "rds_instances", rds["id"])) == 1


def test_a_status_in_no_list_is_unknown_never_a_success(emu, tmp_path):
    """RDS's FROZEN is neither on the way nor a failure: the task fails at its deadline, saying the status is unknown."""
    rds = emu.control.add_resource(kind="rds_instance", phases=[{"status": "FROZEN"}])
    done, result = run(emu, tmp_path, wait_play(tmp_path, [{"service": "rds", "instance_id": rds["id"]}], extra=2))
    assert result["failed"] is True and result.get("succeeded_ids", []) == [], result
    assert "unknown" in result["msg"] and rds["id"] not in result.get("succeeded_ids", [])
    assert "FROZEN" in json.dumps(result)
    assert len(reads(emu, "rds_instances", rds["id"])) >= 1


def test_an_entry_whose_ids_match_no_call_is_refused_naming_the_ids_and_the_sets(emu, tmp_path):
    done, result = run(emu, tmp_path, wait_play(tmp_path, [{"service": "cce", "node_id": "node-1"}]))
    assert result["failed"] is True
    assert "node_id" in result["msg"] and "cluster_id + node_id" in result["msg"], result["msg"]
    assert emu.control.requests() == []  # refused before anything is sent
    assert "wait_for_job" in done.output


def readme_resources_block():
    found = [b for b in blocks("yaml") if "nat_gateways/{id}" in b and "until: absent" in b]
    assert len(found) == 1
    return found[0]


def test_the_readmes_resources_example_runs(emu, tmp_path):
    """The README's "Resources" block as written, its variables given as a play would have them."""
    vpc = emu.control.add_resource(kind="vpc", phases=[{"status": "CREATING", "for_polls": 1}, {"status": "OK"}])
    server = emu.control.add_resource(kind="ecs_server", phases=[{"status": "ACTIVE", "for_polls": 1}, {"status": "SHUTOFF"}])
    volume = emu.control.add_resource(kind="evs_volume", phases=[{"status": "deleting", "for_polls": 1}, {"absent": True}])
    nat = emu.control.add_resource(kind="nat_gateway", phases=[{"status": "PENDING_CREATE", "for_polls": 1}, {"status": "ACTIVE"}])
    task, = yaml.safe_load(readme_resources_block())
    task["hwcloud.jobs.wait_for_job"].update(timeout=60, poll_interval=0.1, max_poll_interval=0.2)
    task.update(register="waited")
    tasks = [task, {"ansible.builtin.copy": {"content": "{{ waited | to_json }}", "dest": "{{ out }}"}}]
    path = tmp_path / "readme.yml"
    path.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    out = tmp_path / "out.json"
    done = run_playbook(str(path), emu.env("aksk"), {
        "out": str(out), "vpc": {"json": {"vpc": {"id": vpc["id"]}}}, "server_id": server["id"], "volume_id": volume["id"],
        "nat": {"json": {"nat_gateway": {"id": nat["id"]}}}})
    assert done.rc == 0, done.output[-4000:]
    result = json.loads(out.read_text())
    assert sorted(result["succeeded_ids"]) == sorted([vpc["id"], server["id"], volume["id"], nat["id"]])
    assert re.search(r"wait_for_job 4 jobs: 4 done", done.output) or result["changed"] is False


def test_a_dcs_instance_is_waited_on_to_running(emu, tmp_path):
    dcs = emu.control.add_resource(kind="dcs_instance", phases=[{"status": "CREATING", "for_polls": 2}, {"status": "RUNNING"}])
    done, result = run(emu, tmp_path, wait_play(tmp_path, [{"service": "dcs", "instance_id": dcs["id"]}]))
    assert done.rc == 0 and result["succeeded_ids"] == [dcs["id"]], done.output[-4000:]
    resource, = emu.control.resources()
    assert resource["statuses_shown"] == ["CREATING", "CREATING", "RUNNING"]
    assert len(reads(emu, "dcs_instance", dcs["id"])) == 3
