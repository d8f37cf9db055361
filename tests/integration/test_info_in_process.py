"""The info modules in-process on the controller and as modules elsewhere: the same result, check mode,
module_defaults, environment and no_log (issue 24).

One playbook, two hosts: ``in_process`` (a local connection, where the action plugin calls the module's code
in-process) and ``as_module`` (a local connection under another name, `elsewhere`, a copy of ansible's own written
beside the playbook: the action plugin runs the module there as it would on a remote host). -vvv shows which ran
a module: only ``as_module`` puts one in a temporary directory.
"""

import json
import os
import re

import ansible.plugins.connection.local as local_connection

from tests.emulator import keys
from tests.helpers import run_playbook

JOBS = [
    {"service": "cph", "job_id": "ipcph0001", "request_id": "ipreq0001", "phone_id": "phone-1", "state": "succeeded", "execute_msg": "hi"},
    {"service": "cph", "job_id": "ipcph0002", "request_id": "ipreq0001", "phone_id": "phone-2", "state": "failed",
     "error_code": "CPS.0110", "error_msg": "Command failed."},
    {"service": "koophone", "job_id": "ipkoo0001", "task_id": "iptask0001", "state": "succeeded", "execute_msg": "out"},
    {"service": "workspace", "job_id": "ip-wks-0001", "job_type": "CREATE_DESKTOP",
     "sub_jobs": [{"desktop_name": "desk-01", "user_name": "alice", "state": "succeeded"}]},
    {"service": "cfw", "job_id": "ip-cfw-0001", "state": "succeeded"},
    {"service": "cfw", "job_id": "ip-cfw-0002", "state": "failed"},
]

# (module, args): each read once per host, as a task of the one playbook.
TASKS = [
    ("job_info", {"service": "cfw", "job_id": ["ip-cfw-0001", "ip-cfw-0002"]}),
    ("cph_job_info", {"request_id": "ipreq0001"}),
    ("koophone_task_info", {"task_id": "iptask0001"}),
    ("workspace_job_info", {"job_id": "ip-wks-0001"}),
    ("cfw_job_info", {"job_id": "ip-cfw-0001"}),
    ("cfw_job_info", {"job_id": "no-such-cfw-job"}),
]


def elsewhere_plugin(directory):
    """ansible's local connection plugin, named `elsewhere`: the collection cannot tell it runs on the controller."""
    source = open(local_connection.__file__.replace(".pyc", ".py")).read()
    source = re.sub(r"name: local\b", "name: elsewhere", source, count=1)
    source = re.sub(r"transport = ['\"]local['\"]", "transport = 'elsewhere'", source)
    os.makedirs(os.path.join(directory, "connection_plugins"), exist_ok=True)
    with open(os.path.join(directory, "connection_plugins", "elsewhere.py"), "w") as plugin:
        plugin.write(source)


def playbook(tmp_path, env):
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(json.dumps({"all": {"hosts": {
        "in_process": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"},
        "as_module": {"ansible_connection": "elsewhere", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}}))
    elsewhere_plugin(str(tmp_path))
    # The credentials come three ways: module_defaults (the access key and secret), the task's environment (the
    # project and region), the process's environment (the endpoints).
    defaults = {"group/hwcloud.jobs.hwcloud": {"access_key": env.pop("HUAWEICLOUD_SDK_AK"), "secret_key": env.pop("HUAWEICLOUD_SDK_SK")}}
    task_env = {"HUAWEICLOUD_SDK_PROJECT_ID": env.pop("HUAWEICLOUD_SDK_PROJECT_ID"), "HW_REGION_NAME": env.pop("HW_REGION_NAME")}
    tasks = []
    for number, (module, args) in enumerate(TASKS):
        tasks.append({"name": "read %d" % number, "hwcloud.jobs." + module: args, "register": "read_%d" % number, "ignore_errors": True})
        tasks.append({"name": "checked %d" % number, "hwcloud.jobs." + module: args, "register": "checked_%d" % number,
                      "ignore_errors": True, "check_mode": True})
    tasks.append({"name": "hidden", "hwcloud.jobs.cfw_job_info": {"job_id": "ip-cfw-0001"}, "register": "hidden", "no_log": True})
    names = ["read_%d" % n for n in range(len(TASKS))] + ["checked_%d" % n for n in range(len(TASKS))] + ["hidden"]
    tasks.append({"ansible.builtin.copy": {
        "content": "{{ {%s} | to_json }}" % ", ".join("'%s': %s" % (name, name) for name in names),
        "dest": str(tmp_path) + "/{{ inventory_hostname }}.json", "mode": "0600"}})
    book = tmp_path / "info.yml"
    book.write_text(json.dumps([{"hosts": "all", "gather_facts": False, "module_defaults": defaults,
                                 "environment": task_env, "tasks": tasks}]))
    return str(book), str(inventory)


def comparable(result):
    """A result without what ansible adds around a module's run on a host, and without the request id (one per call)."""
    kept = dict((k, v) for k, v in result.items() if not k.startswith("_ansible") and k not in ("ansible_facts", "request_id"))
    if result.get("request_id") and isinstance(kept.get("msg"), str):
        kept["msg"] = kept["msg"].replace(result["request_id"], "<request id>")
    return kept


def test_in_process_and_as_module_give_the_same_results(emu, tmp_path):
    emu.control.add_jobs(JOBS)
    book, inventory = playbook(tmp_path, emu.env("aksk", project_id=True))
    endpoints = {"HWCLOUD_JOBS_ENDPOINT": emu.url, "HWCLOUD_JOBS_IAM_ENDPOINT": emu.url}
    run = run_playbook(book, endpoints, args=["-i", inventory, "-vvv", "--forks", "2"])
    assert run.rc == 0, run.output[-6000:]
    here = json.loads((tmp_path / "in_process.json").read_text())
    there = json.loads((tmp_path / "as_module.json").read_text())
    # Only as_module ran a module (its temporary directory); in_process read the jobs in the controller's worker.
    assert re.search(r"<as_module> .*AnsiballZ_cfw_job_info", run.output) and "AnsiballZ_cph_job_info" in run.output
    assert not re.search(r"<in_process> .*AnsiballZ_(job_info|cph_job_info|koophone_task_info|workspace_job_info|cfw_job_info)",
                         run.output)
    for number, (module, args) in enumerate(TASKS):
        for kind in ("read", "checked"):
            name = "%s_%d" % (kind, number)
            assert comparable(here[name]) == comparable(there[name]), (name, here[name], there[name])
    assert [len(here["read_%d" % n]["jobs"]) for n in range(5)] == [2, 2, 1, 1, 1]
    assert here["checked_1"]["jobs"] == here["read_1"]["jobs"]  # check mode reads as well: nothing is changed
    missing = here["read_5"]
    assert missing["failed"] and "no-such-cfw-job" in missing["msg"]
    # module_defaults reached both (the key and secret were given nowhere else), the task's environment too (the
    # project id, given nowhere else: no IAM lookup); no_log hid the same on both.
    assert not [r for r in emu.control.requests() if r["path"].startswith("/v3/projects")]
    assert comparable(here["hidden"]) == comparable(there["hidden"])
    shown = run.output.split("TASK [hidden]", 1)[1].split("TASK [", 1)[0]
    assert "ip-cfw-0001" not in shown and "censored" in shown
    assert keys.SECRET_KEY not in run.output
    cloud = [r for r in emu.control.requests() if not r["path"].startswith("/_emulator/")]
    assert len([r for r in cloud if "ip-cfw-0001" in r["path"]]) == 2 * 5  # every read (job_info, cfw_job_info, each checked too, the hidden one) on both hosts
