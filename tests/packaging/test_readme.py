"""The README's commands, run as a new user would run them: every bash block of it is run here or by CI."""

import os
import re
import socket
import subprocess

import pytest

from tests.emulator.fixture import scrub_environment
from tests.helpers import BIN, ROOT

README = os.path.join(ROOT, "README.md")
# What ansible-playbook prints when it runs without an inventory.
INVENTORY_WARNINGS = ("No inventory was parsed", "provided hosts list is empty")


def blocks(language):
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    return re.findall(r"^```%s\n(.*?)^```" % language, text, re.S | re.M)


def block_with(needle):
    found = [b for b in blocks("bash") if needle in b]
    assert len(found) == 1, "README has %d bash blocks with %r" % (len(found), needle)
    return found[0]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def user_env(home):
    """A user's shell: no cloud variables of ours, the project's venv first on PATH, a HOME of its own."""
    env = scrub_environment(also=("ANSIBLE_",))
    env.update(HOME=str(home), PATH=BIN + os.pathsep + env.get("PATH", ""), PIP_NO_INDEX="1", ANSIBLE_NOCOLOR="1",
               ANSIBLE_PYTHON_INTERPRETER=os.path.join(BIN, "python"))
    return env


def run_block(text, cwd, env, timeout=180):
    proc = subprocess.run(["bash", "-euo", "pipefail", "-c", text], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def test_every_bash_block_is_run_by_the_tests_or_ci():
    found = blocks("bash")
    run_here = [block_with("ansible-galaxy collection install ."), block_with("playbooks/first_wait.yml"),
                block_with("ansible-rulebook"), block_with("playbooks/create_and_wait.yml")]
    top = found[0]
    assert top.splitlines()[0].startswith("bash scripts/demo.sh") and top.splitlines()[1].startswith("bash scripts/test.sh")
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as handle:
        assert "bash scripts/test.sh" in handle.read()
    with open(os.path.join(ROOT, "tests", "packaging", "test_demo.py"), encoding="utf-8") as handle:
        assert "scripts/demo.sh" in handle.read()
    assert sorted(found) == sorted([top] + run_here)


def test_the_first_playbook_is_the_file_it_names():
    yaml_block = [b for b in blocks("yaml") if b.startswith("# playbooks/first_wait.yml")]
    assert len(yaml_block) == 1
    with open(os.path.join(ROOT, "playbooks", "first_wait.yml"), encoding="utf-8") as handle:
        assert yaml_block[0].split("\n", 1)[1] in handle.read()


def test_the_start_and_wait_task_is_the_playbooks():
    yaml_block = [b for b in blocks("yaml") if b.startswith("# playbooks/create_and_wait.yml (the task)")]
    assert len(yaml_block) == 1
    with open(os.path.join(ROOT, "playbooks", "create_and_wait.yml"), encoding="utf-8") as handle:
        playbook = handle.read()
    task = yaml_block[0].split("\n", 1)[1]
    assert "\n".join("    " + line if line else line for line in task.splitlines()) in playbook


def test_install_commands(tmp_path):
    """In a fresh clone, with an empty HOME: from the directory, from Git, from a built tarball."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", ROOT, str(clone)], check=True)
    env = user_env(tmp_path / "home")
    rc, output = run_block(block_with("ansible-galaxy collection install ."), str(clone), env, timeout=300)
    assert rc == 0, output[-4000:]
    assert (clone / "dist" / "hwcloud-jobs-0.2.0.tar.gz").exists(), output[-2000:]
    installed = tmp_path / "home" / ".ansible" / "collections" / "ansible_collections" / "hwcloud" / "jobs"
    assert (installed / "plugins" / "modules" / "job_info.py").exists()
    assert not (installed / ".venv").exists() and not (installed / ".git").exists()
    doc = subprocess.run([os.path.join(BIN, "ansible-doc"), "hwcloud.jobs.job_info"], env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert doc.returncode == 0 and "service" in doc.stdout, doc.stderr[-2000:]


@pytest.mark.parametrize("needle,expected", [
    ("playbooks/first_wait.yml", ['"cfw": {', '"succeeded": 2', '"workspace": {']),
    ("ansible-rulebook", ["repair desktop", "desk-b"]),
    ("playbooks/create_and_wait.yml", ["TASK [The servers that are up]", "\"msg\": [", "ok=3", "failed=0"]),
])
def test_the_emulator_walkthroughs(tmp_path, needle, expected):
    port = str(free_port())
    text = block_with(needle).replace("8080", port)
    env = user_env(tmp_path / "home")
    rc, output = run_block(text, ROOT, env)
    try:
        assert rc == 0, output[-4000:]
        for piece in expected:
            assert piece in output, output[-4000:]
        for warning in INVENTORY_WARNINGS:  # a new user's first run prints no warning about the inventory
            assert warning not in output, output[-4000:]
    finally:
        pid_file = os.path.join(ROOT, ".build", "emulator-%s.pid" % port)
        if os.path.exists(pid_file):  # the block's own kill did not run: stop that emulator, and only it
            with open(pid_file) as handle:
                os.kill(int(handle.read().strip()), 15)
