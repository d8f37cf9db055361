"""api_call through ansible-playbook against the emulator: start jobs and wait on them in one task, never send a
change twice, check mode, secrets. Counts come from the emulator's request log, never from the wall clock."""

import json

import pytest

from tests.helpers import run_playbook

ADMIN_PASS = "Adm1n-Pa55-word!"
ECS_JOB = "ecs_job"


def playbook(tmp_path, tasks, name="play.yml"):
    path = tmp_path / name
    path.write_text("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks)
    return str(path)


CREATE_THREE = """
    - name: Create three servers and wait for them
      hwcloud.jobs.api_call:
        service: ecs
        method: POST
        path: /v1/{project_id}/cloudservers
        body:
          server: {name: web, count: 3, flavorRef: s6.small.1, adminPass: "%s"}
        wait: true
        wait_timeout: 60
        poll_interval: 0.2
        max_poll_interval: 0.5
      register: created
    - ansible.builtin.copy: {content: "{{ created | to_json }}", dest: "{{ out }}"}
""" % ADMIN_PASS


def ecs_requests(emu):
    return [r for r in emu.control.requests() if r["route"] in ("ecs_create_servers", ECS_JOB)]


def test_one_task_creates_three_servers_and_waits_for_them(emu, tmp_path):
    emu.control.config(batch_job_seconds=0.6)
    out = tmp_path / "created.json"
    run = run_playbook(playbook(tmp_path, CREATE_THREE), emu.env("aksk"), {"out": str(out)}, args=["-vvvv"])
    assert run.rc == 0, run.output[-5000:]
    result = json.loads(out.read_text())
    posts = [r for r in ecs_requests(emu) if r["method"] == "POST"]
    polls = [r for r in ecs_requests(emu) if r["route"] == ECS_JOB]
    assert len(posts) == 1 and json.loads(posts[0]["body"])["server"]["count"] == 3
    job_id = posts[0]["response"]["job_id"]
    assert result["started"] == [{"service": "ecs", "job_id": job_id}]
    assert result["succeeded_ids"] == [job_id] and result["failed_ids"] == [] and result["changed"] is True
    assert len(polls) == result["polls"] >= 1 and all(job_id in r["path"] for r in polls)
    assert [s["entities"]["server_id"] for s in result["jobs"][0]["sub_jobs"]] == posts[0]["response"]["serverIds"]
    # The secret of the body is in no output line, even at -vvvv, and in no returned value; the emulator did get it.
    assert ADMIN_PASS not in run.output and ADMIN_PASS not in out.read_text()
    assert "api_call POST http://127.0.0.1" in run.output and '"adminPass": "********"' in run.output
    assert ADMIN_PASS in posts[0]["body"]


def test_a_failed_sub_job_fails_the_task_naming_the_server_and_its_error_code(emu, tmp_path):
    emu.control.config(batch_job_seconds=0.6)
    emu.control.fail_next_start("ecs", index=1, error_code="Ecs.0039", fail_reason="Insufficient ECS quota.")
    run = run_playbook(playbook(tmp_path, CREATE_THREE), emu.env("aksk"), {"out": str(tmp_path / "x.json")})
    assert run.rc != 0
    post = [r for r in ecs_requests(emu) if r["method"] == "POST"][0]
    failed_server = post["response"]["serverIds"][1]
    assert "server %s" % failed_server in run.output and "Ecs.0039" in run.output, run.output[-3000:]
    for other in (post["response"]["serverIds"][0], post["response"]["serverIds"][2]):
        assert "server %s" % other not in run.output


POST_ONE = """
    - name: Create one server
      hwcloud.jobs.api_call:
        service: ecs
        method: POST
        path: /v1/{project_id}/cloudservers
        body: {server: {name: web}}
      register: created
      ignore_errors: true
    - ansible.builtin.copy: {content: "{{ created | to_json }}", dest: "{{ out }}"}
"""


def test_a_post_answered_500_is_sent_once(emu, tmp_path):
    emu.control.add_fault(route="ecs_create_servers", status=500, error_code="Ecs.0001", error_msg="Internal error.")
    out = tmp_path / "r.json"
    run = run_playbook(playbook(tmp_path, POST_ONE), emu.env("aksk"), {"out": str(out)})
    assert run.rc == 0, run.output[-3000:]
    result = json.loads(out.read_text())
    posts = emu.control.requests(route="ecs_create_servers")
    assert len(posts) == 1
    assert result["failed"] and result["may_be_applied"] is True and result["request_id"] == posts[0]["request_id"]
    assert "may have been applied" in result["msg"] and posts[0]["request_id"] in result["msg"]


def test_a_post_answered_429_then_200_is_sent_twice_and_succeeds(emu, tmp_path):
    emu.control.add_fault(route="ecs_create_servers", status=429, headers={"Retry-After": "0"})
    out = tmp_path / "r.json"
    run = run_playbook(playbook(tmp_path, POST_ONE), emu.env("aksk"), {"out": str(out)})
    assert run.rc == 0, run.output[-3000:]
    result = json.loads(out.read_text())
    posts = emu.control.requests(route="ecs_create_servers")
    assert [p["status"] for p in posts] == [429, 200]
    assert "failed" not in result or not result["failed"]
    assert result["started"] == [{"service": "ecs", "job_id": posts[1]["response"]["job_id"]}]
    assert len(emu.control.jobs(service="ecs")) == 1


def test_check_mode_sends_nothing(emu, tmp_path):
    out = tmp_path / "r.json"
    run = run_playbook(playbook(tmp_path, POST_ONE.replace("register: created", "register: created\n      check_mode: true")),
                       emu.env("aksk", project_id=True), {"out": str(out)})
    assert run.rc == 0, run.output[-3000:]
    result = json.loads(out.read_text())
    assert emu.control.requests() == []
    assert result["changed"] is True and result["request"]["method"] == "POST"
    assert result["request"]["url"].endswith("/v1/0123456789abcdef0123456789abcdef/cloudservers")


def test_module_defaults_reach_api_call_and_a_later_task_waits_on_started(emu, tmp_path):
    emu.control.config(batch_job_seconds=0.3)
    env = emu.env("aksk")
    defaults = "".join("        %s: \"%s\"\n" % (k, v) for k, v in (
        ("endpoint", env["HWCLOUD_JOBS_ENDPOINT"]), ("iam_endpoint", env["HWCLOUD_JOBS_IAM_ENDPOINT"]), ("region", "cn-north-4"),
        ("access_key", env["HUAWEICLOUD_SDK_AK"]), ("secret_key", env["HUAWEICLOUD_SDK_SK"])))
    path = tmp_path / "defaults.yml"
    path.write_text(
        "- hosts: localhost\n  gather_facts: false\n  module_defaults:\n    group/hwcloud.jobs.hwcloud:\n" + defaults +
        "  tasks:\n"
        "    - hwcloud.jobs.api_call:\n"
        "        service: cph\n        method: POST\n        path: /v1/{project_id}/cloud-phone/phones/batch-restart\n"
        "        body: {phones: [{phone_id: p1}, {phone_id: p2}]}\n"
        "      register: restart\n"
        "    - hwcloud.jobs.wait_for_job: {jobs: \"{{ restart.started }}\", timeout: 30, poll_interval: 0.2}\n"
        "      register: waited\n"
        "    - ansible.builtin.assert: {that: [\"waited.succeeded_ids | length == 2\", \"restart.started | length == 2\"]}\n")
    run = run_playbook(str(path), {})
    assert run.rc == 0, run.output[-3000:]
    assert len(emu.control.requests(route="cph_batch_restart")) == 1


@pytest.mark.parametrize("args,needle", [
    ({"service": "ecs", "url": "https://x.myhuaweicloud.com/v1", "path": "/v1"}, "both were given"),
    ({"service": "ecs", "path": "/v1/{server_id}"}, "path may hold only the placeholder {project_id}"),
    ({"url": "http://example.com/v1"}, "is plain http"),
    ({"service": "ecs", "path": "/v1", "method": "FETCH"}, "method"),
])
def test_bad_input_fails_before_anything_is_sent(emu, tmp_path, args, needle):
    path = tmp_path / "bad.yml"
    path.write_text("- hosts: localhost\n  gather_facts: false\n  tasks:\n    - hwcloud.jobs.api_call: %s\n" % json.dumps(args))
    run = run_playbook(str(path), emu.env("aksk"))
    assert run.rc != 0 and needle in run.output and "Traceback" not in run.output
    assert emu.control.requests() == []


MODIFY_KAFKA_CONFIGS = """
    - name: Change a Kafka instance's configuration and wait for its background task
      hwcloud.jobs.api_call:
        service: kafka
        method: PUT
        path: /v2/{project_id}/instances/inst-7/configs
        body:
          kafka_configs: [{name: auto.create.groups.enable, value: "false"}]
        wait: true
        timeout: 60
        poll_interval: 0.2
        max_poll_interval: 0.5
      register: changed_configs
    - ansible.builtin.copy: {content: "{{ changed_configs | to_json }}", dest: "{{ out }}"}
"""


def test_a_dms_task_is_waited_on_with_the_instance_the_calls_path_names(emu, tmp_path):
    """ModifyInstanceConfigs answers {job_id}: a DMS task id, meaningful only with its instance, which the call's
    path names (/instances/inst-7/configs): the task polls /instances/inst-7/tasks/<id> until SUCCESS."""
    emu.control.config(batch_job_seconds=0.6)
    out = tmp_path / "configs.json"
    run = run_playbook(playbook(tmp_path, MODIFY_KAFKA_CONFIGS), emu.env("aksk"), {"out": str(out)})
    assert run.rc == 0, run.output[-5000:]
    result = json.loads(out.read_text())
    puts = [r for r in emu.control.requests() if r["route"] == "kafka_modify_configs"]
    task_id = puts[0]["response"]["job_id"]
    polls = [r for r in emu.control.requests() if r["method"] == "GET" and task_id in r["path"]]
    assert len(puts) == 1 and result["started"] == [{"service": "kafka", "instance_id": "inst-7", "task_id": task_id}]
    assert result["succeeded_ids"] == [task_id] and result["changed"] is True
    assert len(polls) == result["polls"] >= 1 and all("/instances/inst-7/tasks/%s" % task_id in r["path"] for r in polls)
