"""Run a playbook the way AWX does: ansible-runner on a private data dir, credentials injected as envvars."""

import glob
import json
import os
import shutil
import subprocess

import yaml

from tests.helpers import BIN, COLLECTIONS, ansible_env


class RunnerRun:
    def __init__(self, proc, artifacts):
        self.rc = proc.returncode
        self.output = proc.stdout + proc.stderr
        self.artifacts = artifacts

    def read(self, name):
        with open(os.path.join(self.artifacts, name), encoding="utf-8") as handle:
            return handle.read()

    @property
    def status(self):
        return self.read("status").strip()

    def events(self):
        """The job events, in order, as AWX receives them."""
        paths = glob.glob(os.path.join(self.artifacts, "job_events", "*.json"))
        events = []
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                events.append(json.load(handle))
        return sorted(events, key=lambda e: e.get("counter", 0))

    def raw_events(self):
        """Every event file's text, to search for what must never be there."""
        texts = []
        for path in sorted(glob.glob(os.path.join(self.artifacts, "job_events", "*.json"))):
            with open(path, encoding="utf-8") as handle:
                texts.append(handle.read())
        return texts


def run_with_runner(private_data_dir, playbook, envvars, extravars, ident="run", timeout=300):
    """ansible-runner run DIR -p PLAYBOOK, the playbook copied into DIR/project, localhost inventory."""
    project = os.path.join(private_data_dir, "project")
    os.makedirs(project, exist_ok=True)
    shutil.copy(playbook, project)
    os.makedirs(os.path.join(private_data_dir, "inventory"), exist_ok=True)
    os.makedirs(os.path.join(private_data_dir, "env"), exist_ok=True)
    localhost = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    inventory = {"all": {"hosts": {"localhost": localhost}}}
    files = {
        ("inventory", "hosts.yml"): inventory,
        ("env", "envvars"): dict(envvars, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS),
        ("env", "extravars"): extravars,
        ("env", "settings"): {"job_timeout": timeout},
    }
    for parts, content in files.items():
        with open(os.path.join(private_data_dir, *parts), "w", encoding="utf-8") as handle:
            yaml.safe_dump(content, handle)
    cmd = [os.path.join(BIN, "ansible-runner"), "run", str(private_data_dir), "-p", os.path.basename(playbook), "--ident", ident]
    # The runner's own environment carries no cloud variable (ansible_env drops them): only envvars do, as in AWX.
    proc = subprocess.run(cmd, env=ansible_env({}), capture_output=True, text=True, timeout=timeout + 30, check=False)
    return RunnerRun(proc, os.path.join(str(private_data_dir), "artifacts", ident))
