"""HTTPS as the cloud serves it (issue 17): the emulator's HTTPS listener, with a certificate of a CA made at run time.

A job is read over HTTPS with ca_path (IAM over HTTPS too) and the same read fails clearly without it, naming the
host and ca_path, before anything reaches the emulator.
"""

import asyncio
import importlib.util
import os

import pytest

from tests.emulator import state as st
from tests.emulator.fixture import scrub_environment

from tests.helpers import COLLECTIONS, run_module, run_playbook
from tests.integration.netsupport import Pki, cloud_calls, pki, tls_emu, tls_emulator  # noqa: F401 pylint: disable=unused-import

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - hwcloud.jobs.wait_for_job:
        jobs: {jobs}
        timeout: 120
        poll_interval: 0.2
        max_poll_interval: 0.5
      register: waited
    - ansible.builtin.debug:
        var: waited.succeeded_ids
"""


def https_env(emu, method="aksk", **extra):
    """The emulator's usual variables, with both endpoints on its HTTPS listener."""
    env = emu.env(method)
    env.update(HWCLOUD_JOBS_ENDPOINT=emu.tls_url, HWCLOUD_JOBS_IAM_ENDPOINT=emu.tls_url)
    env.update(extra)
    return env


def tls_port(emu):
    return emu.tls_url.rsplit(":", 1)[1]


@pytest.mark.parametrize("method", ["aksk", "password"])
def test_a_job_is_read_over_https_with_ca_path_iam_included(tls_emu, pki, method):
    tls_emu.control.add_job(service="cfw", job_id="tls-job-1", state="succeeded")
    run = run_module("cfw_job_info", {"job_id": "tls-job-1", "ca_path": pki.ca}, https_env(tls_emu, method))
    assert run.rc == 0, run.output
    assert [job["job_id"] for job in run.result["jobs"]] == ["tls-job-1"]
    assert run.result["jobs"][0]["state"] == "succeeded"
    paths = [call["path"] for call in cloud_calls(tls_emu)]
    # IAM over HTTPS: the project looked up by region (AK/SK), or the token that scopes it (password)
    assert ("/v3/auth/tokens" if method == "password" else "/v3/projects") in paths


def test_without_ca_path_the_certificate_is_not_trusted_naming_host_and_ca_path(tls_emu):
    tls_emu.control.add_job(service="cfw", job_id="tls-job-2", state="succeeded")
    run = run_module("cfw_job_info", {"job_id": "tls-job-2"}, https_env(tls_emu))
    assert run.rc != 0
    msg = run.result["msg"]
    assert "the TLS certificate of 127.0.0.1:%s is not trusted" % tls_port(tls_emu) in msg
    assert "certificate verify failed" in msg and "set ca_path (or HWCLOUD_JOBS_CA_PATH)" in msg
    assert "has not answered once in this task and failed 3 attempts in a row" in msg
    assert "Traceback" not in run.output
    assert cloud_calls(tls_emu) == []


def test_a_certificate_of_another_ca_says_the_ca_in_ca_path_does_not_sign_it(tls_emu, tmp_path):
    other = Pki(tmp_path / "other", name="some other CA")
    run = run_module("cfw_job_info", {"job_id": "tls-job-3"}, https_env(tls_emu, HWCLOUD_JOBS_CA_PATH=other.ca))
    assert run.rc != 0
    assert "is not trusted" in run.result["msg"]
    assert "the CA in ca_path (from HWCLOUD_JOBS_CA_PATH) does not sign it" in run.result["msg"]
    assert cloud_calls(tls_emu) == []


@pytest.mark.parametrize("variable", ["HWCLOUD_JOBS_CA_PATH", "REQUESTS_CA_BUNDLE"])
def test_the_ca_comes_from_the_environment_too(tls_emu, pki, variable):
    tls_emu.control.add_job(service="cfw", job_id="tls-job-4", state="failed")
    run = run_module("cfw_job_info", {"job_id": "tls-job-4"}, https_env(tls_emu, **{variable: pki.ca}))
    assert run.rc == 0, run.output
    assert run.result["jobs"][0]["state"] == "failed"


@pytest.mark.parametrize("content,problem", [(None, "does not exist"), (b"not a certificate\n", "holds no PEM certificate")])
def test_a_bad_ca_path_is_refused_before_any_request_naming_the_path(tls_emu, tmp_path, content, problem):
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_bytes(content)
    run = run_module("cfw_job_info", {"job_id": "tls-job-5", "ca_path": str(path)}, https_env(tls_emu))
    assert run.rc != 0
    assert "ca_path %r %s" % (str(path), problem) in run.result["msg"]
    assert cloud_calls(tls_emu) == []


def test_wait_for_job_over_https_with_ca_path_from_module_defaults_group(tls_emu, pki, tmp_path):
    tls_emu.control.add_jobs([
        {"service": "cfw", "job_id": "tls-w1", "state": "running", "then": "succeeded", "after_polls": 2},
        {"service": "workspace", "job_id": "tls-w2", "state": "succeeded"}])
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAY.format(jobs='[{"service": "cfw", "job_id": "tls-w1"}, {"service": "workspace", "job_id": "tls-w2"}]')
                        .replace("  tasks:", "  module_defaults:\n    group/hwcloud.jobs.hwcloud:\n      ca_path: %s\n  tasks:" % pki.ca))
    run = run_playbook(str(playbook), https_env(tls_emu))
    assert run.rc == 0, run.output
    assert '"tls-w1"' in run.stdout and '"tls-w2"' in run.stdout
    assert {call["path"].rsplit("/", 1)[1] for call in cloud_calls(tls_emu) if "jobs" in call["path"]} >= {"tls-w1", "tls-w2"}


def test_wait_for_job_without_ca_path_fails_at_once_naming_host_and_ca_path(tls_emu, tmp_path):
    tls_emu.control.add_job(service="cfw", job_id="tls-w3", state="running")
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAY.format(jobs='[{"service": "cfw", "job_id": "tls-w3"}]').replace("timeout: 120", "timeout: 1800"))
    run = run_playbook(str(playbook), https_env(tls_emu, HW_PROJECT_ID=st.PROJECTS["cn-north-4"]))
    assert run.rc != 0
    assert "the TLS certificate of 127.0.0.1:%s is not trusted" % tls_port(tls_emu) in run.stdout
    assert "ca_path" in run.stdout
    assert cloud_calls(tls_emu) == []


def _load_event_source():
    path = os.path.join(COLLECTIONS, "ansible_collections", "hwcloud", "jobs", "extensions", "eda", "plugins", "event_source",
                        "job_status.py")
    spec = importlib.util.spec_from_file_location("hwcloud_jobs_eda_job_status_tls", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_event_source_reads_over_https_with_ca_path(tls_emu, pki, monkeypatch):
    scrub_environment(monkeypatch)
    tls_emu.control.add_job(service="cfw", job_id="tls-e1", state="failed")
    source = _load_event_source()
    args = dict(endpoint=tls_emu.tls_url, iam_endpoint=tls_emu.tls_url, region="cn-north-4", access_key=st.ACCESS_KEY,
                secret_key=st.SECRET_KEY, ca_path=pki.ca, jobs=[{"service": "cfw", "job_id": "tls-e1"}],
                poll_interval=0.01, max_poll_interval=0.02)

    async def go():
        queue = asyncio.Queue()
        await asyncio.wait_for(source.run(queue, args), 60)
        events = []
        while not queue.empty():
            events.append(queue.get_nowait())
        return events

    events = [e for e in asyncio.run(go()) if "hwcloud_job" in e]
    assert [(e["hwcloud_job"]["job_id"], e["hwcloud_job"]["state"]) for e in events] == [("tls-e1", "failed")]
