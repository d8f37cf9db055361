"""Reaching a host (issue 17): ca_path, proxy variables, a wrong address failing fast, which credentials were used."""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import pytest
import requests

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import FAIL_FAST_ATTEMPTS
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import fallback_sources, new_client
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter

from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

PEM = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY")
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HWCLOUD_JOBS_CA_PATH")
REFUSED = requests.exceptions.ConnectionError(
    "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: /v1/x (Caused by NewConnectionError("
    "'<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused'))")
UNRESOLVED = requests.exceptions.ConnectionError(
    "HTTPSConnectionPool(host='cfw.xx-nowhere-9.myhuaweicloud.com', port=443): Max retries exceeded with url: /v1/x "
    "(Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve "
    "'cfw.xx-nowhere-9.myhuaweicloud.com' ([Errno -2] Name or service not known)\"))")
UNTRUSTED = requests.exceptions.SSLError(
    "HTTPSConnectionPool(host='127.0.0.1', port=8443): Max retries exceeded with url: /v1/x (Caused by SSLError("
    "SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer "
    "certificate (_ssl.c:1006)')))")
PROXY_REFUSED = requests.exceptions.ProxyError(
    "HTTPSConnectionPool(host='127.0.0.1', port=8443): Max retries exceeded with url: /v1/x (Caused by ProxyError("
    "'Unable to connect to proxy', OSError('Tunnel connection failed: 403 Forbidden')))")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in PROXY_VARIABLES + CA_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def make_client(session, sources=None, **overrides):
    clock = FakeClock()
    return Client(Settings(params(**overrides), sources=sources), session=session, clock=clock, sleep=clock.sleep)


# ---- ca_path ----

def test_ca_path_that_does_not_exist_is_refused_naming_the_path(tmp_path):
    missing = str(tmp_path / "no-such-ca.pem")
    with pytest.raises(ConfigError) as err:
        Settings(params(ca_path=missing))
    assert "ca_path %r does not exist" % missing in str(err.value)


def test_ca_path_holding_no_certificate_is_refused_naming_the_path(tmp_path):
    empty = tmp_path / "ca.pem"
    empty.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a certificate\n")
    with pytest.raises(ConfigError) as err:
        Settings(params(ca_path=str(empty)))
    assert "ca_path %r holds no PEM certificate" % str(empty) in str(err.value)
    with pytest.raises(ConfigError) as err:
        Settings(params(ca_path=str(tmp_path)))
    assert "is not a file" in str(err.value)


def test_ca_path_from_its_variable_is_named_by_the_variable(tmp_path, monkeypatch):
    missing = str(tmp_path / "gone.pem")
    monkeypatch.setenv("HWCLOUD_JOBS_CA_PATH", missing)
    with pytest.raises(ConfigError) as err:
        new_client(params(ca_path=missing))
    assert "ca_path (from HWCLOUD_JOBS_CA_PATH) %r does not exist" % missing in str(err.value)


def test_ca_path_is_what_the_session_verifies_with(tmp_path):
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(PEM)
    client = Client(Settings(params(ca_path=str(bundle))))
    assert client.session.verify == str(bundle)


def test_requests_ca_bundle_keeps_working_and_is_checked_too(tmp_path, monkeypatch):
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(PEM)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    assert Client(Settings(params())).session.verify == str(bundle)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigError) as err:
        Settings(params())
    assert "REQUESTS_CA_BUNDLE" in str(err.value) and "missing.pem" in str(err.value)


def test_ca_path_is_not_read_when_certificates_are_not_verified(tmp_path):
    settings = Settings(params(ca_path=str(tmp_path / "missing.pem"), validate_certs=False))
    assert Client(settings).session.verify is False


# ---- proxy variables ----

@pytest.mark.parametrize("name", ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "ALL_PROXY"])
@pytest.mark.parametrize("value", ["proxy.example.com:3128", "proxy.example.com", "ftp://proxy.example.com:21", "http://"])
def test_a_proxy_url_without_a_scheme_and_host_is_refused_naming_the_variable(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as err:
        Settings(params())
    assert str(err.value).startswith("%s must be a proxy URL with a scheme" % name)


def test_a_refused_proxy_url_never_shows_its_credentials(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "alice:Pr0xyPassw0rd@proxy.example.com:3128")
    with pytest.raises(ConfigError) as err:
        Settings(params())
    assert "Pr0xyPassw0rd" not in str(err.value)


def test_a_proxy_error_names_the_proxy_and_its_variable_never_its_password(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://alice:Pr0xyPassw0rd@127.0.0.1:3128")
    session = FakeSession(PROXY_REFUSED)
    with pytest.raises(ApiError) as err:
        make_client(session, endpoint="https://127.0.0.1:8443").get_json("https://127.0.0.1:8443", "/v1/x")
    text = err.value.describe()
    assert "the proxy http://127.0.0.1:3128 (from HTTPS_PROXY) failed or refused the connection to 127.0.0.1:8443" in text
    assert "Tunnel connection failed: 403 Forbidden" in text and "check HTTPS_PROXY" in text
    assert "Pr0xyPassw0rd" not in text and "alice" not in text
    assert len(session.sent) == FAIL_FAST_ATTEMPTS and not err.value.transient


# ---- a wrong address fails fast ----

def test_a_refused_host_that_never_answered_fails_after_the_grace_naming_host_and_option():
    session = FakeSession(REFUSED)
    client = make_client(session, endpoint="http://127.0.0.1:9")
    with pytest.raises(ApiError) as err:
        client.get_json("http://127.0.0.1:9", "/v1/x", deadline=client.clock() + 1800)
    assert len(session.sent) == FAIL_FAST_ATTEMPTS
    assert not err.value.transient
    text = err.value.describe()
    assert "127.0.0.1:9 refused the connection ([Errno 111] Connection refused); check endpoint" in text
    assert "has not answered once in this task and failed 3 attempts in a row" in text


def test_the_option_named_is_the_one_that_chose_the_host():
    client = make_client(FakeSession(REFUSED), sources={"endpoint": "HWCLOUD_JOBS_ENDPOINT"}, endpoint="http://127.0.0.1:9",
                         endpoints={"cfw": "http://127.0.0.1:10"})
    with pytest.raises(ApiError) as err:
        client.get_json("http://127.0.0.1:10", "/v1/x")
    assert "check endpoints.cfw" in err.value.describe()
    with pytest.raises(ApiError) as err:
        client.get_json("http://127.0.0.1:9", "/v1/x")
    assert "check endpoint (from HWCLOUD_JOBS_ENDPOINT)" in err.value.describe()


def test_an_unresolvable_host_names_the_host_and_region_cloud_endpoints():
    session = FakeSession(UNRESOLVED)
    client = make_client(session, region="xx-nowhere-9", sources={"region": "HW_REGION_NAME"})
    with pytest.raises(ApiError) as err:
        client.get_json(SERVICES["cfw"].base_url(client.settings), "/v1/x", deadline=client.clock() + 1800)
    text = err.value.describe()
    assert "the host cfw.xx-nowhere-9.myhuaweicloud.com cannot be resolved ([Errno -2] Name or service not known)" in text
    assert "check region (from HW_REGION_NAME), cloud or endpoints" in text
    assert len(session.sent) == FAIL_FAST_ATTEMPTS and not err.value.transient


def test_an_untrusted_certificate_names_the_host_and_ca_path():
    session = FakeSession(UNTRUSTED)
    with pytest.raises(ApiError) as err:
        make_client(session, endpoint="https://127.0.0.1:8443").get_json("https://127.0.0.1:8443", "/v1/x")
    text = err.value.describe()
    assert "the TLS certificate of 127.0.0.1:8443 is not trusted (certificate verify failed: unable to get local issuer certificate)" in text
    assert "set ca_path (or HWCLOUD_JOBS_CA_PATH) to the PEM file of the CA that signed it" in text


def test_a_host_that_answered_before_is_retried_to_the_deadline_as_before():
    session = FakeSession(FakeResponse(200, {"ok": 1}), REFUSED)
    client = make_client(session, endpoint="http://127.0.0.1:9", http_timeout=5.0)
    assert client.get_json("http://127.0.0.1:9", "/v1/x") == {"ok": 1}
    with pytest.raises(ApiError) as err:
        client.get_json("http://127.0.0.1:9", "/v1/x", deadline=client.clock() + 1800)
    assert err.value.transient  # the waiter keeps polling it
    assert len(session.sent) == 1 + client.max_attempts
    assert "has not answered once" not in err.value.describe()


def test_causes_that_change_restart_the_count():
    session = FakeSession(REFUSED, UNRESOLVED, REFUSED, UNRESOLVED, REFUSED)
    client = make_client(session, endpoint="http://127.0.0.1:9")
    with pytest.raises(ApiError) as err:
        client.get_json("http://127.0.0.1:9", "/v1/x", deadline=client.clock() + 1800)
    assert err.value.transient and len(session.sent) == client.max_attempts


def test_a_read_timeout_is_not_a_wrong_address():
    session = FakeSession(requests.exceptions.ReadTimeout("read timed out"))
    client = make_client(session, endpoint="http://127.0.0.1:9")
    with pytest.raises(ApiError) as err:
        client.get_json("http://127.0.0.1:9", "/v1/x", deadline=client.clock() + 1800)
    assert err.value.transient and len(session.sent) == client.max_attempts


def test_progress_lines_name_the_last_error_while_it_lasts():
    clock = FakeClock(0.0)
    cfw = SERVICES["cfw"]
    answers = [ApiError("GET", "/v1/p/jobs/j1", None, "ConnectionError", "127.0.0.1:9 refused the connection", transient=True)] * 3
    answers.append([{"service": "cfw", "job_id": "j1", "state": "running", "progress": None}])

    def fetch(ref, deadline):
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    lines = []
    Waiter(fetch, timeout=6.0, poll_interval=1.0, max_poll_interval=1.0, progress_interval=1.0, clock=clock, sleep=clock.sleep,
           on_progress=lines.append).wait([Ref(cfw, "job_id", "j1")])
    assert "last error (1 job): GET /v1/p/jobs/j1 failed: no response: ConnectionError: 127.0.0.1:9 refused the connection" in lines[0]
    assert "last error" not in lines[-1]


# ---- which credentials were used ----

def test_an_auth_error_says_the_token_was_chosen_over_the_keys_and_where_each_came_from():
    token = "MIIstaleTokenValue0123456789"
    session = FakeSession(FakeResponse(401, {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information: the token is invalid."}))
    sources = {"auth_token": "HW_AUTH_TOKEN", "access_key": "HUAWEICLOUD_SDK_AK", "secret_key": "HUAWEICLOUD_SDK_SK"}
    client = make_client(session, sources=sources, auth_token=token, endpoint="http://127.0.0.1:9")
    with pytest.raises(ApiError) as err:
        client.get_json("http://127.0.0.1:9", "/v1/x")
    text = err.value.describe()
    assert "the token is invalid" in text
    assert ("credentials used: the token in auth_token (from HW_AUTH_TOKEN), chosen over the access key pair in access_key "
            "(from HUAWEICLOUD_SDK_AK) and secret_key (from HUAWEICLOUD_SDK_SK) (a token takes precedence; "
            "unset HW_AUTH_TOKEN to use the others)") in text
    assert token not in text and params()["secret_key"] not in text and params()["access_key"] not in text


def test_an_auth_error_with_keys_given_as_options_names_the_options():
    session = FakeSession(FakeResponse(403, {"error_code": "APIGW.0302", "error_msg": "Forbidden"}))
    with pytest.raises(ApiError) as err:
        make_client(session, endpoint="http://127.0.0.1:9").get_json("http://127.0.0.1:9", "/v1/x")
    assert err.value.describe().endswith("; credentials used: the access key pair in access_key and secret_key")


def test_a_server_error_names_no_credentials():
    session = FakeSession(FakeResponse(400, {"error_code": "CFW.0001", "error_msg": "bad"}))
    with pytest.raises(ApiError) as err:
        make_client(session, endpoint="http://127.0.0.1:9").get_json("http://127.0.0.1:9", "/v1/x")
    assert "credentials used" not in err.value.describe()


def test_fallback_sources_name_the_variable_each_value_came_from(monkeypatch, tmp_path):
    monkeypatch.setenv("HW_AUTH_TOKEN", "tok-from-env-123456")
    monkeypatch.setenv("HW_ACCESS_KEY", "AK-in-terraform-style")
    monkeypatch.delenv("HUAWEICLOUD_SDK_AK", raising=False)
    monkeypatch.setenv("HW_REGION_NAME", "cn-north-4")
    monkeypatch.setenv("HWCLOUD_JOBS_CA_PATH", "~/ca.pem")
    sources = fallback_sources({"auth_token": "tok-from-env-123456", "access_key": "AK-in-terraform-style",
                                "region": "cn-south-1", "ca_path": str(tmp_path.home() / "ca.pem"), "secret_key": None})
    assert sources == {"auth_token": "HW_AUTH_TOKEN", "access_key": "HW_ACCESS_KEY", "ca_path": "HWCLOUD_JOBS_CA_PATH"}


def test_neither_project_id_nor_region_names_region_and_its_variable():
    client = make_client(FakeSession(FakeResponse(200, {})), project_id=None, region=None, endpoint="http://127.0.0.1:9")
    with pytest.raises(ConfigError) as err:
        client.project_id()
    assert "region (or HW_REGION_NAME)" in str(err.value) and "project_id" in str(err.value)


def test_https_to_a_plain_http_port_fails_fast_naming_host_and_option():
    wrong_version = requests.exceptions.SSLError(
        "HTTPSConnectionPool(host='127.0.0.1', port=8080): Max retries exceeded with url: /v1/x (Caused by SSLError("
        "SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)')))")
    session = FakeSession(wrong_version)
    client = make_client(session, endpoint="https://127.0.0.1:8080")
    with pytest.raises(ApiError) as err:
        client.get_json("https://127.0.0.1:8080", "/v1/x", deadline=client.clock() + 1800)
    assert "TLS with 127.0.0.1:8080 failed" in err.value.describe() and "check endpoint" in err.value.describe()
    assert len(session.sent) == FAIL_FAST_ATTEMPTS and not err.value.transient


def test_http_407_says_it_came_from_the_proxy_without_its_password(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://alice:Pr0xyPassw0rd@127.0.0.1:3128")
    session = FakeSession(FakeResponse(407, raw=b"", headers={"Proxy-Authenticate": "Basic"}))
    with pytest.raises(ApiError) as err:
        make_client(session, endpoint="http://127.0.0.1:9").get_json("http://127.0.0.1:9", "/v1/x")
    text = err.value.describe()
    assert "HTTP 407 came from the proxy http://127.0.0.1:3128 (from HTTP_PROXY)" in text and "check HTTP_PROXY" in text
    assert "Pr0xyPassw0rd" not in text and "credentials used" not in text
