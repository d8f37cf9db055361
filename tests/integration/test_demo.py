"""The README's first command, as a new user runs it: bash scripts/demo.sh."""

import os
import subprocess

from conftest import ROOT, ansible_env


def test_demo_script_runs_against_the_emulator_and_summarises():
    env = ansible_env({})
    proc = subprocess.run(["bash", os.path.join(ROOT, "scripts", "demo.sh")], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-5000:]
    assert "demo: emulator at http://127.0.0.1:" in out
    assert "CPH request" in out and ": 3 succeeded, 0 failed" in out
    assert "desk-carol (carol): WKS.00010059" in out
    assert "CFW: 3 of 3 jobs succeeded" in out
    assert "wait_for_job workspace:" in out
    assert "emulatorSecretKey" not in out and "emulator-password" not in out
    pid_file = os.path.join(ROOT, ".build", "emulator.pid")
    assert not os.path.exists(pid_file)
