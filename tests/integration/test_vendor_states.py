"""wait_for_job on the states the vendor publishes beyond the seeds, against the emulator, as a user runs it.

KooPhone's current API definition (GetTask, https://support.huaweicloud.com/intl/en-us/api-koophone/GetTask.html)
adds 0 (not run yet) and 3 (failed) for app-install tasks; the Go SDK's CCE fixture
(https://github.com/huaweicloud/golangsdk/blob/master/openstack/cce/v3/nodes/testing/fixtures.go, JobOutput) has a
finished ScaleupCluster job whose CreateNode sub-job carries no status, with two sub-jobs of its own.
Counted in polls and calls, never in seconds.
"""

import json

from tests.helpers import run_playbook

WAIT = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Wait as a user would
      hwcloud.jobs.wait_for_job: {args}
      register: waited
      ignore_errors: true
    - name: Keep the result
      ansible.builtin.copy:
        content: "{{{{ waited | to_json }}}}"
        dest: "{{{{ result_path }}}}"
        mode: "0600"
"""

CLUSTER = "6951aa4d-88ef-11e8-b196-0255ac101c43"


def wait(emu, tmp_path, args, output=None):
    playbook = tmp_path / "wait.yml"
    playbook.write_text(WAIT.format(args=json.dumps(args)))
    run = run_playbook(str(playbook), emu.env("aksk", project_id=True), {"result_path": str(tmp_path / "result.json")})
    assert run.rc == 0, run.output[-4000:]
    if output is not None:
        output.append(run.output)
    return json.loads((tmp_path / "result.json").read_text())


def test_a_koophone_app_install_that_reports_3_fails_the_wait_at_its_first_poll(emu, tmp_path):
    emu.control.add_jobs([
        dict(service="koophone", job_id="koo-app-ok", task_id="ZGCA-task-1", state="succeeded"),
        dict(service="koophone", job_id="koo-app-3", task_id="ZGCA-task-1", phases=[
            {"status": 3, "fields": {"error_code": "KOOPHONE.API.1323", "error_msg": "App installation task does not exist."}}]),
    ])
    assert emu.control.job("koo-app-3")["state"] == "failed"
    result = wait(emu, tmp_path, {"service": "koophone", "task_id": "ZGCA-task-1", "timeout": 600, "poll_interval": 30, "max_poll_interval": 30})
    assert result["failed"] and not result["timed_out"]
    assert result["failed_ids"] == ["koo-app-3"] and result["succeeded_ids"] == ["koo-app-ok"]
    assert result["polls"] == 1
    assert "KOOPHONE.API.1323" in result["msg"] and "App installation task does not exist." in result["msg"]
    assert len(emu.control.requests(route="koophone_task")) == 1


def test_a_koophone_task_not_started_yet_is_waited_on_and_named_so(emu, tmp_path):
    emu.control.add_job(service="koophone", job_id="koo-app-0", task_id="ZGCA-task-0", state="running", running_status=0)
    output = []
    result = wait(emu, tmp_path, {"service": "koophone", "task_id": "ZGCA-task-0", "timeout": 2, "poll_interval": 0.5,
                                  "max_poll_interval": 0.5, "progress_interval": 0.1}, output)
    assert result["failed"] and result["timed_out"] and result["pending_ids"] == ["koo-app-0"]
    assert result["jobs"][0]["state"] == "running" and result["jobs"][0]["status"] == 0
    assert "koo-app-0 (running, status 0: not started yet)" in result["msg"]
    assert "wait_for_job 1 job: 0 done (0 failed), 1 not done (1 not started yet)" in output[0]
    assert "not a documented value" not in output[0]


def test_a_cce_job_with_a_status_less_sub_job_succeeds_in_one_poll(emu, tmp_path):
    nested = [
        {"kind": "Job", "metadata": {"uid": "73ce03fd-8b1b-11e8-8f9d-0255ac10193f"},
         "spec": {"type": "GetPSMCert", "clusterUID": CLUSTER}, "status": {"phase": "Success"}},
        {"kind": "Job", "metadata": {"uid": "73ce0473-8b1b-11e8-8f9d-0255ac10193f"},
         "spec": {"type": "InstallNode", "clusterUID": CLUSTER, "resourceID": "73bd7e31-8b1b-11e8-8f9d-0255ac10193f"},
         "status": {"phase": "Success"}},
    ]
    emu.control.add_job(
        service="cce", job_id="73ce052c-8b1b-11e8-8f9d-0255ac10193f", cluster_id=CLUSTER, job_type="ScaleupCluster",
        resource_name="cluster-test", phases=[{"status": "Success"}],
        sub_jobs=[{"id": "73cc28df-8b1b-11e8-8f9d-0255ac10193f", "fields": {
            "status": "__absent__",
            "spec": {"type": "CreateNode", "clusterUID": CLUSTER, "resourceName": "myhost", "subJobs": nested}}}])
    answer = emu.control.job("73ce052c-8b1b-11e8-8f9d-0255ac10193f")["answer"]
    assert "status" not in answer["spec"]["subJobs"][0] and answer["status"]["phase"] == "Success"
    args = {"service": "cce", "job_id": "73ce052c-8b1b-11e8-8f9d-0255ac10193f", "timeout": 600, "poll_interval": 30,
            "max_poll_interval": 30}
    result = wait(emu, tmp_path, args)
    assert not result.get("failed"), result.get("msg")
    assert result["succeeded_ids"] == ["73ce052c-8b1b-11e8-8f9d-0255ac10193f"] and result["polls"] == 1
    job = result["jobs"][0]
    assert job["state"] == "succeeded" and job["failed_sub_jobs"] == []
    assert job["sub_jobs_without_status"] == ["73cc28df-8b1b-11e8-8f9d-0255ac10193f"]
    assert len(emu.control.requests(route="cce_job")) == 1


def test_a_cce_sub_job_with_a_status_the_table_does_not_list_keeps_the_job_from_success(emu, tmp_path):
    emu.control.add_job(service="cce", job_id="cce-odd-sub", phases=[{"status": "Success"}],
                        sub_jobs=[{"id": "odd-step", "fields": {"status": {"phase": "Paused"}}}])
    result = wait(emu, tmp_path, {"service": "cce", "job_id": "cce-odd-sub", "timeout": 1, "poll_interval": 0.5})
    assert result["failed"] and result["timed_out"] and result["pending_ids"] == ["cce-odd-sub"]
    assert result["jobs"][0]["state"] == "unknown" and result["jobs"][0]["sub_jobs_without_status"] == []
