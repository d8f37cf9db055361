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


def waits(text):
    """(the loop, the logical line it starts on) for every `until`/`while` loop of a shell text, comments left out."""
    text = re.sub(r"(?m)^\s*#.*$|\s#\s.*$", "", text.replace("\\\n", " "))
    found = []
    for match in re.finditer(r"(?<![\w-])(until|while)\s", text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        done = re.compile(r"(?<![\w-])done(?![\w-])").search(text, match.end())
        found.append((text[match.start():done.end() if done else len(text)], text[start:end if end >= 0 else len(text)]))
    return found


def unbounded_waits(text):
    """The lines of the loops that could wait forever or give up without a word.

    A loop is bounded when its line runs it under `timeout N ...` and ends `|| { echo "..." >&2; false; }` (the
    message, and a failure that stops a `set -e` script but never closes a user's shell), or when the loop
    itself checks a deadline (`SECONDS`) and says on stderr what it gave up on.
    """
    found = []
    for loop, line in waits(text):
        under_timeout = re.match(r"\s*timeout \d+ ", line) and re.search(r'\|\| \{ echo "[^"]+" >&2; false; \}\s*$', line)
        deadline = "SECONDS" in loop and ">&2" in loop
        if not (under_timeout or deadline):
            found.append(line.strip())
    return found


def test_every_wait_in_the_readme_and_the_demo_gives_up_after_a_bound_with_a_message():
    assert unbounded_waits("until curl -sf http://127.0.0.1:8080/_emulator/health >/dev/null; do sleep 0.2; done\n")
    assert unbounded_waits("timeout 9 bash -c 'until false; do sleep 1; done'\n")  # no message
    assert unbounded_waits("while true; do sleep 1; done  # until SECONDS >&2\n")  # a comment is no bound
    readme_waits = [w for b in blocks("bash") for w in waits(b)]
    assert len(readme_waits) == 3, readme_waits  # each walkthrough waits for its emulator
    assert [line for b in blocks("bash") for line in unbounded_waits(b)] == []
    with open(os.path.join(ROOT, "scripts", "demo.sh"), encoding="utf-8") as handle:
        demo = handle.read()
    assert waits(demo) and unbounded_waits(demo) == []
    assert "kill -KILL" in demo  # its wait for the emulator to stop is bounded too


def test_a_walkthrough_on_a_taken_port_stops_with_the_emulators_message_and_the_waits(tmp_path):
    """The port held by a socket that never answers (as by an emulator still stopping): both say what went wrong."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(8)
        port = str(held.getsockname()[1])
        text = block_with("playbooks/first_wait.yml").replace("8080", port)
        assert "timeout 30 " in text and "after 30 s" in text
        text = text.replace("timeout 30 ", "timeout 3 ").replace("after 30 s", "after 3 s")
        rc, output = run_block(text, ROOT, user_env(tmp_path / "home"), timeout=120)
    assert rc != 0, output[-4000:]
    assert "emulator: port 127.0.0.1:%s is taken (another emulator still running?)\n" % port in output, output[-4000:]
    assert "no emulator answers on 127.0.0.1:%s after 3 s (see its message above)\n" % port in output, output[-4000:]
    assert "Traceback" not in output and "PLAY [" not in output, output[-4000:]  # stopped there, under set -e
    assert not os.path.exists(os.path.join(ROOT, ".build", "emulator-%s.pid" % port))


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


@pytest.mark.parametrize("needles,expected", [
    # Two walkthroughs pasted one after the other: the second's emulator starts on the port the first's just left.
    (("playbooks/first_wait.yml", "playbooks/create_and_wait.yml"),
     ['"cfw": {', '"succeeded": 2', '"workspace": {', "TASK [The servers that are up]", "\"msg\": [", "ok=3", "failed=0"]),
    (("ansible-rulebook",), ["repair desktop", "desk-b"]),
], ids=["first_wait-then-create_and_wait", "rulebook"])
def test_the_emulator_walkthroughs(tmp_path, needles, expected):
    port = str(free_port())
    text = "".join(block_with(needle) for needle in needles).replace("8080", port)
    env = user_env(tmp_path / "home")
    rc, output = run_block(text, ROOT, env)
    try:
        assert rc == 0, output[-4000:]
        assert "Traceback" not in output and "is taken" not in output, output[-4000:]
        for piece in expected:
            assert piece in output, output[-4000:]
        for warning in INVENTORY_WARNINGS:  # a new user's first run prints no warning about the inventory
            assert warning not in output, output[-4000:]
    finally:
        pid_file = os.path.join(ROOT, ".build", "emulator-%s.pid" % port)
        if os.path.exists(pid_file):  # the block's own kill did not run: stop that emulator, and only it
            with open(pid_file) as handle:
                os.kill(int(handle.read().strip()), 15)
