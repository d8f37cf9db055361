"""job_info for every service, and one mixed wait whose services answer on their own hosts (endpoints), through Ansible."""

import json
import os

import pytest

from tests.helpers import ROOT, run_module, run_playbook

ALL_SERVICES = ["cph", "koophone", "workspace", "cfw", "ecs", "evs", "ims", "bms", "dcs", "cce", "rds"]

READ_ALL = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Read the jobs of each service
      hwcloud.jobs.job_info: "{{ item }}"
      loop: "{{ reads }}"
      register: read
    - name: Keep the records
      ansible.builtin.copy:
        content: "{{ read.results | map(attribute='jobs') | list | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


def test_job_info_reads_lists_of_ids_of_every_service(emu, tmp_path):
    reads = []
    for service in ALL_SERVICES:
        if service == "koophone":
            emu.control.add_jobs([dict(service=service, job_id="koo-a", task_id="koo-task", state="succeeded"),
                                  dict(service=service, job_id="koo-b", task_id="koo-task", state="failed")])
            reads.append({"service": service, "task_id": ["koo-task"]})
            continue
        emu.control.add_jobs([dict(service=service, job_id="%s-ok" % service, state="succeeded"),
                              dict(service=service, job_id="%s-bad" % service, state="failed")])
        reads.append({"service": service, "job_id": ["%s-ok" % service, "%s-bad" % service, "%s-ok" % service]})
    playbook = tmp_path / "read.yml"
    playbook.write_text(READ_ALL)
    run = run_playbook(str(playbook), emu.env("aksk", project_id=True), {"reads": reads, "result_path": str(tmp_path / "out.json")})
    assert run.rc == 0, run.output[-4000:]
    results = json.loads((tmp_path / "out.json").read_text())
    for service, jobs in zip(ALL_SERVICES, results):
        assert [(j["service"], j["state"]) for j in jobs] == [(service, "succeeded"), (service, "failed")], jobs
        assert all(j["started_at"] for j in jobs) == (service != "koophone")  # KooPhone's jobs carry no times
    by_route = {}
    for entry in emu.control.requests():
        by_route[entry["route"]] = by_route.get(entry["route"], 0) + 1
    # Each id once, even when given twice.
    assert all(by_route["%s_job" % s] == 2 for s in ALL_SERVICES if s not in ("cph", "koophone"))


def test_job_info_refuses_an_id_kind_the_service_does_not_take(emu):
    run = run_module("job_info", {"service": "ecs", "task_id": ["t1"]}, emu.env("aksk", project_id=True))
    assert run.rc != 0 and "Elastic Cloud Server (ECS) takes job_id or server_id, got task_id" in run.result["msg"]
    run = run_module("job_info", {"service": "cce", "job_id": ["a/../b"]}, emu.env("aksk", project_id=True))
    assert run.rc != 0 and "job_id 'a/../b' holds characters" in run.result["msg"]
    assert [r for r in emu.control.requests() if not r["path"].startswith("/_emulator/")] == []


def test_endpoints_naming_an_unknown_service_is_refused(emu):
    run = run_module("job_info", {"service": "cfw", "job_id": ["c1"], "endpoints": {"cfw": emu.url, "ecss": emu.url}},
                     emu.env("aksk", project_id=True))
    assert run.rc != 0 and "endpoints names 'ecss', which is not a service" in run.result["msg"]


MIXED = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Servers, a CCE cluster and firewalls, each service on its own host
      hwcloud.jobs.wait_for_job:
        jobs:
          - {service: ecs, job_id: [ecs-1, ecs-2]}
          - {service: cce, job_id: cce-1}
          - {service: cfw, job_id: cfw-1}
        endpoints: "{{ endpoints }}"
        poll_interval: 0.2
        max_poll_interval: 0.5
        timeout: 60
      register: waited
    - name: Keep the result
      ansible.builtin.copy:
        content: "{{ waited | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


def test_a_mixed_wait_reaches_each_service_on_its_own_host(emu, tmp_path):
    emu.control.add_jobs([
        dict(service="ecs", job_id="ecs-1", state="running", then="succeeded", after_polls=1, sub_jobs=[{}, {}]),
        dict(service="ecs", job_id="ecs-2", state="succeeded"),
        dict(service="cce", job_id="cce-1", state="running", then="succeeded", after_polls=2, sub_jobs=[{}]),
        dict(service="cfw", job_id="cfw-1", state="running", then="succeeded", after_polls=1),
    ])
    env = emu.env("aksk", project_id=True)
    env.pop("HWCLOUD_JOBS_ENDPOINT")  # no endpoint for all: only the per-service ones
    endpoints = dict((name, emu.endpoints[name]) for name in ("ecs", "cce", "cfw"))
    playbook = tmp_path / "mixed.yml"
    playbook.write_text(MIXED)
    run = run_playbook(str(playbook), env, {"endpoints": endpoints, "result_path": str(tmp_path / "out.json")})
    assert run.rc == 0, run.output[-4000:]
    result = json.loads((tmp_path / "out.json").read_text())
    assert sorted(result["succeeded_ids"]) == ["cce-1", "cfw-1", "ecs-1", "ecs-2"]
    assert result["by_service"] == {"ecs": {"succeeded": 2, "failed": 0, "pending": 0}, "cce": {"succeeded": 1, "failed": 0, "pending": 0},
                                    "cfw": {"succeeded": 1, "failed": 0, "pending": 0}}
    seen = set((e["route"], e["service_listener"]) for e in emu.control.requests() if e["route"] and e["route"].endswith("_job"))
    assert seen == {("ecs_job", "ecs"), ("cce_job", "cce"), ("cfw_job", "cfw")}
    ports = set(endpoints.values())
    assert len(ports) == 3 and emu.url not in ports


def test_the_infrastructure_example_names_the_failed_volume(emu):
    """playbooks/infrastructure_jobs.yml, run as a user would: ids as variables, credentials in the environment."""
    emu.control.add_jobs([
        dict(service="ecs", job_id="srv-job-1", state="running", then="succeeded", after_polls=1, sub_jobs=[{}, {}]),
        dict(service="evs", job_id="vol-job-1", state="succeeded"),
        dict(service="evs", job_id="vol-job-2", state="running", then="failed", after_polls=1,
             sub_jobs=[{"volume_id": "vol-bad", "state": "failed", "fail_reason": "Insufficient capacity."}]),
        dict(service="cce", job_id="cce-job-1", state="succeeded"),
    ])
    run = run_playbook(os.path.join(ROOT, "playbooks", "infrastructure_jobs.yml"), emu.env("aksk"),
                       {"ecs_job_ids": ["srv-job-1"], "evs_job_ids": ["vol-job-1", "vol-job-2"], "cce_job_ids": ["cce-job-1"]},
                       ["-i", os.path.join(ROOT, "playbooks", "inventory.yml")])
    assert run.rc == 2, run.output[-4000:]
    assert "evs job vol-job-2 failed" in run.output and "vol-bad" in run.output and "Insufficient capacity." in run.output
    assert "1 failed, 0 not done" in run.output, run.output[-3000:]
    assert "srv-job-1 failed" not in run.output and "cce-job-1 failed" not in run.output


# ---- issue 23's services: job_info and wait_for_job through Ansible, each service at its own listener ----

MORE_SERVICES = ["gaussdb", "taurusdb", "geminidb", "dds", "sdrs", "cbr", "sfsturbo", "elb", "dws", "dli", "sms", "geip"]

READ_AND_WAIT = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Read a succeeded and a failed job
      hwcloud.jobs.job_info: "{{ {'service': service, 'endpoints': endpoints, kind: [ok, bad]} }}"
      register: read
    - name: Wait for a running job and a done one
      hwcloud.jobs.wait_for_job:
        jobs: "{{ [{'service': service, kind: [slow, ok]}] }}"
        endpoints: "{{ endpoints }}"
        poll_interval: 0.2
        max_poll_interval: 0.5
        timeout: 60
      register: waited
    - name: Wait for the failed one
      hwcloud.jobs.wait_for_job:
        jobs: "{{ [{'service': service, kind: bad}] }}"
        endpoints: "{{ endpoints }}"
        poll_interval: 0.2
        timeout: 30
      register: failed_wait
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'read': read.jobs, 'waited': waited, 'failed_wait': failed_wait} | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


@pytest.mark.parametrize("service", MORE_SERVICES)
def test_job_info_and_wait_for_job_read_each_new_service(emu, tmp_path, service):
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES  # pylint: disable=import-outside-toplevel
    kind = SERVICES[service].id_kinds[0]
    ok, bad, slow = ("%s-%s" % (service, word) for word in ("ok", "bad", "slow"))
    emu.control.add_jobs([dict(service=service, job_id=ok, state="succeeded"),
                          dict(service=service, job_id=bad, state="failed"),
                          dict(service=service, job_id=slow, state="running", then="succeeded", after_polls=2)])
    env = emu.env("aksk", project_id=True)
    env.pop("HWCLOUD_JOBS_ENDPOINT")  # the service's own listener only
    playbook = tmp_path / "read.yml"
    playbook.write_text(READ_AND_WAIT)
    run = run_playbook(str(playbook), env, {"service": service, "kind": kind, "ok": ok, "bad": bad, "slow": slow,
                                            "endpoints": {service: emu.endpoints[service]}, "result_path": str(tmp_path / "out.json")})
    assert run.rc == 0, run.output[-4000:]
    result = json.loads((tmp_path / "out.json").read_text())
    assert [(j["service"], j["job_id"], j["state"]) for j in result["read"]] == [(service, ok, "succeeded"), (service, bad, "failed")]
    assert all(j["started_at"] for j in result["read"]), result["read"]
    assert sorted(result["waited"]["succeeded_ids"]) == sorted([ok, slow]) and not result["waited"].get("failed")
    assert result["failed_wait"]["failed"] and result["failed_wait"]["failed_ids"] == [bad]
    routes = set((e["route"], e["service_listener"]) for e in emu.control.requests() if e["route"] and e["route"].endswith("_job"))
    assert routes == {("%s_job" % service, service)}


# ---- issue 23's services whose id is scoped by a parent: both ids in job_info, in jobs: entries and in the path ----

PARENT_SCOPED = {
    "kafka": "instance_id",
    "rabbitmq": "instance_id",
    "rocketmq": "instance_id",
    "mrs": "cluster_id",
    "ges": "graph_id",
    "functiongraph": "function_urn",
}

READ_AND_WAIT_SCOPED = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Read a succeeded and a failed job of one parent
      hwcloud.jobs.job_info: "{{ {'service': service, 'endpoints': endpoints, parent_kind: parent, kind: [ok, bad]} }}"
      register: read
    - name: Wait for a running job and a done one
      hwcloud.jobs.wait_for_job:
        jobs: "{{ [{'service': service, parent_kind: parent, kind: [slow, ok]}] }}"
        endpoints: "{{ endpoints }}"
        poll_interval: 0.2
        max_poll_interval: 0.5
        timeout: 60
      register: waited
    - name: Wait for the failed one
      hwcloud.jobs.wait_for_job:
        jobs: "{{ [{'service': service, parent_kind: parent, kind: bad}] }}"
        endpoints: "{{ endpoints }}"
        poll_interval: 0.2
        timeout: 30
      register: failed_wait
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'read': read.jobs, 'waited': waited, 'failed_wait': failed_wait} | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


def _parent_of(service, project_id):
    if service == "functiongraph":  # a URN holds ':' and goes into the path percent-encoded
        return "urn:fss:cn-north-4:%s:function:default:hello-world:latest" % project_id
    return "%s-parent-1" % service


@pytest.mark.parametrize("service", sorted(PARENT_SCOPED))
def test_job_info_and_wait_for_job_read_each_parent_scoped_service(emu, tmp_path, service):
    from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES  # pylint: disable=import-outside-toplevel
    parent_kind = PARENT_SCOPED[service]
    kind = [k for k in SERVICES[service].id_kinds if k != parent_kind][0]
    env = emu.env("aksk", project_id=True)
    env.pop("HWCLOUD_JOBS_ENDPOINT")  # the service's own listener only
    parent = _parent_of(service, env["HUAWEICLOUD_SDK_PROJECT_ID"])
    ok, bad, slow = ("%s-%s" % (service, word) for word in ("ok", "bad", "slow"))
    emu.control.add_jobs([dict(service=service, job_id=ok, state="succeeded", **{parent_kind: parent}),
                          dict(service=service, job_id=bad, state="failed", **{parent_kind: parent}),
                          dict(service=service, job_id=slow, state="running", then="succeeded", after_polls=2,
                               **{parent_kind: parent}),
                          # the same job id under another parent is another job: never read here
                          dict(service=service, job_id="%s-elsewhere" % service, state="failed", **{parent_kind: "other-parent"})])
    playbook = tmp_path / "read.yml"
    playbook.write_text(READ_AND_WAIT_SCOPED)
    run = run_playbook(str(playbook), env, {"service": service, "kind": kind, "parent_kind": parent_kind, "parent": parent,
                                            "ok": ok, "bad": bad, "slow": slow, "endpoints": {service: emu.endpoints[service]},
                                            "result_path": str(tmp_path / "out.json")})
    assert run.rc == 0, run.output[-4000:]
    result = json.loads((tmp_path / "out.json").read_text())
    assert [(j["service"], j["job_id"], j["state"]) for j in result["read"]] == [(service, ok, "succeeded"), (service, bad, "failed")]
    assert all(j["started_at"] for j in result["read"]), result["read"]
    assert sorted(result["waited"]["succeeded_ids"]) == sorted([ok, slow]) and not result["waited"].get("failed")
    assert result["failed_wait"]["failed"] and result["failed_wait"]["failed_ids"] == [bad]
    asked = [e for e in emu.control.requests() if e["route"] == "%s_job" % service]
    assert asked and set(e["service_listener"] for e in asked) == {service}
    if service == "functiongraph":
        assert all("/urn%3Afss%3Acn-north-4%3A" in e["path"] for e in asked), [e["path"] for e in asked]


BAD_SCOPED = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: A task id without its instance id
      hwcloud.jobs.wait_for_job:
        jobs: [{service: kafka, task_id: t-1}]
        timeout: 10
      register: waited
      ignore_errors: true
    - name: A GES job id without its graph id
      hwcloud.jobs.job_info:
        service: ges
        job_id: j-1
      register: read
      ignore_errors: true
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'waited': waited, 'read': read} | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


def test_an_id_without_its_parent_is_refused_before_anything_is_sent(emu, tmp_path):
    playbook = tmp_path / "bad.yml"
    playbook.write_text(BAD_SCOPED)
    run = run_playbook(str(playbook), emu.env("aksk", project_id=True), {"result_path": str(tmp_path / "out.json")})
    assert run.rc == 0, run.output[-4000:]
    result = json.loads((tmp_path / "out.json").read_text())
    assert result["waited"]["failed"] and "kafka" in result["waited"]["msg"].lower() and "instance_id + task_id" in result["waited"]["msg"]
    assert result["read"]["failed"] and "ges" in result["read"]["msg"].lower() and "graph_id + job_id" in result["read"]["msg"]
    assert not [e for e in emu.control.requests() if e["route"] in ("kafka_job", "ges_job")]
