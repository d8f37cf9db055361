"""Through a corporate proxy (issue 17): a real tinyproxy started by the tests, in front of the emulator.

The proxy's own log says what went through it: one CONNECT per kept-alive connection to the HTTPS listener,
absolute-form GETs for plain http. The emulator's log says the signatures verified.
"""

import pytest

from tests.helpers import run_module, run_playbook
from tests.integration.netsupport import Tinyproxy, cloud_calls, pki, tls_emu, tls_emulator  # noqa: F401 pylint: disable=unused-import

USER, PASSWORD = "proxyuser", "Pr0xy-Secret-4711"

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - hwcloud.jobs.wait_for_job:
        jobs:
          - {service: cfw, job_id: px-1}
          - {service: workspace, job_id: px-2}
          - {service: cph, request_id: px-req}
        timeout: 120
        poll_interval: 0.2
        max_poll_interval: 0.5
        ca_path: CA_PATH
      register: waited
    - ansible.builtin.debug:
        var: waited.succeeded_ids
"""


@pytest.fixture
def proxy(tmp_path):
    handle = Tinyproxy(tmp_path, USER, PASSWORD).start()
    try:
        yield handle
    finally:
        handle.stop()


def https_env(emu, **extra):
    env = emu.env("aksk")
    env.update(HWCLOUD_JOBS_ENDPOINT=emu.tls_url, HWCLOUD_JOBS_IAM_ENDPOINT=emu.tls_url)
    env.update(extra)
    return env


def add_jobs(emu):
    emu.control.add_jobs([
        {"service": "cfw", "job_id": "px-1", "state": "running", "then": "succeeded", "after_polls": 2},
        {"service": "workspace", "job_id": "px-2", "state": "succeeded"},
        {"service": "cph", "request_id": "px-req", "phone_id": "phone-px"}])


def test_wait_for_job_goes_through_the_proxy_and_signatures_still_verify(tls_emu, pki, proxy, tmp_path):
    add_jobs(tls_emu)
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAY.replace("CA_PATH", pki.ca))
    run = run_playbook(str(playbook), https_env(tls_emu, HTTPS_PROXY=proxy.url()), args=["-vvvv"])
    assert run.rc == 0, run.output
    calls = cloud_calls(tls_emu)
    assert calls and all(call["status"] == 200 for call in calls), calls  # every signed call verified, through the tunnel
    connects = proxy.requests("CONNECT")
    target = tls_emu.tls_url.split("://", 1)[1]
    assert 1 <= len(connects) <= len(calls)  # kept-alive connections: one CONNECT each, never one per call beyond them
    assert set(connects) == {target}
    assert PASSWORD not in run.output and "%s:%s" % (USER, PASSWORD) not in run.output


def test_no_proxy_bypasses_it(tls_emu, pki, proxy):
    tls_emu.control.add_job(service="cfw", job_id="px-3", state="succeeded")
    run = run_module("cfw_job_info", {"job_id": "px-3", "ca_path": pki.ca},
                     https_env(tls_emu, HTTPS_PROXY=proxy.url(), NO_PROXY="127.0.0.1"))
    assert run.rc == 0, run.output
    assert proxy.requests("CONNECT") == []
    assert [call["path"].rsplit("/", 1)[1] for call in cloud_calls(tls_emu) if "/jobs/" in call["path"]] == ["px-3"]


def test_plain_http_goes_through_http_proxy_as_absolute_urls(tls_emu, proxy):
    tls_emu.control.add_job(service="cfw", job_id="px-4", state="succeeded")
    run = run_module("cfw_job_info", {"job_id": "px-4"}, dict(tls_emu.env("aksk"), HTTP_PROXY=proxy.url()))
    assert run.rc == 0, run.output
    gets = proxy.requests("GET")
    assert "%s/v3/projects?name=cn-north-4" % tls_emu.url in gets
    assert any(url.startswith(tls_emu.url) and url.endswith("/jobs/px-4") for url in gets)
    assert all(call["status"] == 200 for call in cloud_calls(tls_emu))


def test_a_refusing_proxy_says_it_was_the_proxy_and_hides_its_credentials(tls_emu, pki, proxy):
    wrong = "http://%s:wrong-%s@127.0.0.1:%d" % (USER, PASSWORD, proxy.port)
    run = run_module("cfw_job_info", {"job_id": "px-5", "ca_path": pki.ca}, https_env(tls_emu, HTTPS_PROXY=wrong), args=["-vvvv"])
    assert run.rc != 0
    msg = run.result["msg"]
    assert "the proxy http://127.0.0.1:%d (from HTTPS_PROXY) failed or refused the connection" % proxy.port in msg
    assert "Tunnel connection failed: 401" in msg and "check HTTPS_PROXY" in msg
    assert PASSWORD not in run.output
    assert cloud_calls(tls_emu) == []
    assert len(proxy.requests("CONNECT")) == 3  # the documented grace: 3 attempts, then it fails at once


def test_a_proxy_that_is_not_there_says_it_was_the_proxy(tls_emu, pki, proxy):
    port = proxy.port
    proxy.stop()
    run = run_module("cfw_job_info", {"job_id": "px-6", "ca_path": pki.ca},
                     https_env(tls_emu, HTTPS_PROXY="http://127.0.0.1:%d" % port))
    assert run.rc != 0
    assert "the proxy http://127.0.0.1:%d (from HTTPS_PROXY) failed or refused" % port in run.result["msg"]
    assert cloud_calls(tls_emu) == []


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY"])
def test_a_proxy_url_without_a_scheme_is_refused_naming_the_variable(tls_emu, pki, proxy, variable):
    run = run_module("cfw_job_info", {"job_id": "px-7", "ca_path": pki.ca},
                     https_env(tls_emu, **{variable: "%s:%s@127.0.0.1:%d" % (USER, PASSWORD, proxy.port)}))
    assert run.rc != 0
    assert run.result["msg"].startswith("%s must be a proxy URL with a scheme and a host" % variable)
    assert PASSWORD not in run.output
    assert cloud_calls(tls_emu) == [] and proxy.requests("CONNECT") == []
