"""The benchmark command runs end to end in its smoke mode: it prints the tables and writes valid JSON.

Benchmarks print figures and never fail on slowness, so nothing here checks a figure against a
target: only that every scenario ran and reported.
"""

import hashlib
import json
import os
import subprocess

import pytest

from tests.emulator.fixture import scrub_environment
from tests.helpers import ROOT

RESULTS_MD = os.path.join(ROOT, "benchmarks", "RESULTS.md")


def _digest(path):
    if not os.path.exists(path):
        return None
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.mark.slow
def test_bench_smoke_prints_tables_and_writes_json(tmp_path):
    before = _digest(RESULTS_MD)
    env = scrub_environment()
    proc = subprocess.run(["bash", os.path.join(ROOT, "scripts", "bench.sh"), "--smoke", "--results", str(tmp_path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    for heading in ("### Targets", "### 1. Cost per poll", "### 2. Fan-in", "### 3. Throttled", "### 4. Start-up", "### 5. Start and wait", "### Profile"):
        assert heading in proc.stdout, output[-6000:]
    assert "| wait_for_job cfw | 4 |" in proc.stdout and "| wait_for_job cph | 4 |" in proc.stdout

    with open(str(tmp_path / "latest.json")) as handle:
        result = json.load(handle)
    assert result["meta"]["mode"] == "smoke"
    # Every run of both sides polled the job until it ended (how many more the long wait polled than the short one
    # depends on the machine's load: a busy machine's uri loop may manage no more, and the figure is then None).
    for rep in result["cost"]["reps"]:
        for side in ("wait_for_job", "uri"):
            assert [run["polls"] > 0 for run in rep["raw"][side]] == [True, True], (side, rep["raw"][side])
            per_poll = rep[side]["cpu_ms_per_poll"]
            assert (per_poll is None) == (rep[side]["marginal_polls"] <= 0), (side, rep[side])
    assert result["cost"]["controller_loop_ms_per_s"] is not None
    assert [(r["service"], r["jobs"]) for r in result["fanin"]["rows"]] == [("cfw", 4), ("cph", 4), ("mixed", 22)]
    assert all(n > 0 for n in result["fanin"]["rows"][-1]["calls_by_service"].values())  # every service polled
    assert all(r["lag_s"] is not None and r["http_calls"] > 0 and r["maxrss_mib"] > 0 for r in result["fanin"]["rows"])
    assert result["fanin"]["baseline"]["http_calls"] >= 4  # one call a job at least
    assert result["throttled"]["http_calls"] >= result["throttled"]["jobs"]
    assert set(result["startup"]["rows"]) == {"debug", "cfw_job_info", "wait_for_job", "job_info", "uri"}
    assert result["rds"]["http_calls"] >= result["rds"]["jobs"] and result["rds"]["lag_s"] is not None
    assert [r["jobs"] for r in result["scale"]["rows"]] == [20, 50] and all(r["polls"] >= r["jobs"] for r in result["scale"]["rows"])
    assert result["startup"]["wait_for_job_imports"]["modules"] > 0
    assert result["profile"]["fetch_jobs_cfw"]["cpu_ms"] > 0
    assert result["targets"] and all({"target", "measured", "met"} <= set(t) for t in result["targets"])
    assert (tmp_path / "latest.md").read_text().strip() in proc.stdout
    assert _digest(RESULTS_MD) == before, "a smoke run must not rewrite benchmarks/RESULTS.md"
