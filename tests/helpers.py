# -*- coding: utf-8 -*-
"""Run the collection as a user would, for the integration and packaging tests (and paths any test may need).

Import it as `from tests.helpers import ...` (tests/conftest.py puts the checkout on sys.path); the conftest.py
files hold fixtures only. The environment a run gets is scrubbed by tests.emulator.fixture.scrub_environment.
"""

import json
import os
import re
import subprocess
import sys

from tests.emulator.fixture import scrub_environment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
BIN = os.path.dirname(sys.executable)
# The integration tests' home: its inventory and its targets (roles, for ANSIBLE_ROLES_PATH; run_target.yml, which
# runs one of them, is in targets/setup_emulator/, for ansible-test integration too).
HERE = os.path.join(ROOT, "tests", "integration")


def ensure_collection_link():
    """The link scripts/setup.sh makes; made here too when missing (each pytest-xdist worker may try at once)."""
    link = os.path.join(COLLECTIONS, "ansible_collections", "hwcloud", "jobs")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        try:
            os.symlink(os.path.join("..", "..", "..", ".."), link)
        except FileExistsError:
            pass


def use_collection_from_checkout():
    """Make the checkout importable in-process as ansible_collections.hwcloud.jobs."""
    ensure_collection_link()
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)


def ansible_env(extra):
    env = scrub_environment()
    env.update(
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_ROLES_PATH=os.path.join(HERE, "targets"),
        ANSIBLE_INVENTORY=os.path.join(HERE, "inventory.yml"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING="0",
        PATH=BIN + os.pathsep + env.get("PATH", ""),
    )
    env.update(extra)
    return env


class Run:
    def __init__(self, proc, result=None):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.result = result

    @property
    def output(self):
        return self.stdout + self.stderr


def run_playbook(playbook, env, extra_vars=None, args=(), timeout=300):
    """ansible-playbook PLAYBOOK with env; returns Run (rc, stdout, stderr)."""
    cmd = [os.path.join(BIN, "ansible-playbook"), playbook]
    if extra_vars:
        cmd += ["-e", json.dumps(extra_vars)]
    cmd += list(args)
    proc = subprocess.run(cmd, env=ansible_env(env), capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    return Run(proc)


def run_target(target, emu_url, env, extra_vars=None, args=()):
    variables = dict(target=target, hwcloud_emulator_url=emu_url)
    variables.update(extra_vars or {})
    return run_playbook(os.path.join(HERE, "targets", "setup_emulator", "run_target.yml"), env, variables, args)


def run_module(module, module_args, env, args=(), timeout=120):
    """ansible localhost -m hwcloud.jobs.MODULE -a JSON; Run with .result the module's result dict."""
    cmd = [os.path.join(BIN, "ansible"), "localhost", "-m", "hwcloud.jobs." + module, "-a", json.dumps(module_args)] + list(args)
    proc = subprocess.run(cmd, env=ansible_env(env), capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    # The default callback prints "localhost | SUCCESS => {json}" (or FAILED!) on stdout.
    match = re.search(r"^localhost \| (\S+)!? => (\{.*\})\s*$", proc.stdout, re.S | re.M)
    result = json.loads(match.group(2)) if match else None
    if result is not None:
        result.setdefault("failed", match.group(1).startswith("FAILED"))
    return Run(proc, result)


def identity_secrets(control):
    """The secret values of the emulator's identity (docs/DEV-CONTRACT.md)."""
    ident = control.identity()
    return [ident["secret_key"], ident["temporary"]["secret_key"], ident["temporary"]["security_token"], ident["user"]["password"]]
