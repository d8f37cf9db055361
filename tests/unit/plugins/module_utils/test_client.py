"""The client: settings validation, auth flows, retries of transient failures, the error it raises."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest
import requests

from datetime import datetime, timezone

from ansible_collections.hwcloud.jobs.plugins.module_utils import transport as transport_module
from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import Backoff
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError, read_error_body

from tests.emulator import keys
from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

URL = "https://cfw.cn-north-4.myhuaweicloud.com"
PATH = "/v3/%s/jobs/j1" % keys.PROJECT_ID
SECRETS = [keys.SECRET_KEY, "s3cr3t-pa55", "tok-XYZ-123", "sec-token-777"]


def client_and_clock(session, **overrides):
    clock = FakeClock()
    client = Client(Settings(params(**overrides)), session=session, clock=clock, sleep=clock.sleep)
    return client, clock


def client_for(session, **overrides):
    return client_and_clock(session, **overrides)[0]


@pytest.mark.parametrize("overrides,needle", [
    (dict(access_key=None), "access_key"),
    (dict(secret_key=None), "secret_key"),
    (dict(access_key=None, secret_key=None), "no credentials"),
    (dict(access_key=None, secret_key=None, username="u", password="p"), "domain_name"),
    (dict(access_key=None, secret_key=None, security_token="t"), "security_token"),
    (dict(project_id="0123"), "project_id"),
    (dict(project_id="0123456789abcdef0123456789abcdeX"), "project_id"),
    (dict(region="Cn North 4"), "region"),
    (dict(endpoint="ftp://example.com"), "endpoint"),
    (dict(endpoint="example.com"), "endpoint"),
    (dict(endpoint="https://"), "endpoint"),
    (dict(endpoint="https://h/x?y=1"), "endpoint"),
    (dict(endpoint="https://h:99999"), "endpoint"),
    (dict(iam_endpoint="iam"), "iam_endpoint"),
    (dict(http_timeout=0), "http_timeout"),
])
def test_bad_settings_fail_before_sending_naming_the_option(overrides, needle):
    with pytest.raises(ConfigError) as err:
        Settings(params(**overrides))
    assert needle in str(err.value)


def test_endpoint_with_credentials_is_refused_without_echoing_them():
    with pytest.raises(ConfigError) as err:
        Settings(params(endpoint="https://user:hunter2@example.com"))
    assert "hunter2" not in str(err.value) and "endpoint" in str(err.value)


def test_auth_precedence_token_then_aksk_then_password():
    assert Settings(params(auth_token="t")).auth_method == "token"
    assert Settings(params()).auth_method == "aksk"
    assert Settings(params(access_key=None, secret_key=None, username="u", password="p", domain_name="d")).auth_method == "password"


def test_iam_endpoint_suffix_is_stripped():
    assert Settings(params(iam_endpoint="https://iam.example.com/v3/auth/tokens")).iam_base() == "https://iam.example.com"
    assert Settings(params()).iam_base() == "https://iam.cn-north-4.myhuaweicloud.com"


def test_aksk_request_is_signed_with_project_and_security_token():
    session = FakeSession(FakeResponse(200, {"data": {}}))
    client = client_for(session, security_token="sec-token-777")
    client.get_json(URL, PATH)
    headers = session.sent[0]["headers"]
    assert headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=%s, SignedHeaders=" % keys.ACCESS_KEY)
    assert headers["X-Project-Id"] == "0123456789abcdef0123456789abcdef"
    assert headers["X-Security-Token"] == "sec-token-777"
    assert "x-security-token" in headers["Authorization"] and "user-agent" in headers["Authorization"]
    assert headers["User-Agent"].startswith("hwcloud.jobs/")


def test_token_auth_sends_x_auth_token():
    session = FakeSession(FakeResponse(200, {"data": {}}))
    client = client_for(session, auth_token="tok-XYZ-123")
    client.get_json(URL, PATH)
    assert session.sent[0]["headers"]["X-Auth-Token"] == "tok-XYZ-123"
    assert "Authorization" not in session.sent[0]["headers"]


def iam_token_response(token="tok-issued", project_id="fedcba9876543210fedcba9876543210"):
    return FakeResponse(201, {"token": {"project": {"id": project_id, "name": "cn-north-4"}}}, headers={"X-Subject-Token": token})


def test_password_auth_gets_a_project_scoped_token_once_and_takes_its_project():
    session = FakeSession(iam_token_response(), FakeResponse(200, {"data": {}}))
    client = client_for(session, access_key=None, secret_key=None, project_id=None,
                        username="alice", password="s3cr3t-pa55", domain_name="acme")
    assert client.project_id() == "fedcba9876543210fedcba9876543210"
    client.get_json(URL, PATH)
    client.get_json(URL, PATH)
    iam = session.sent[0]
    assert iam["method"] == "POST" and iam["url"] == "https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens"
    body = json.loads(iam["data"])
    assert body["auth"]["identity"]["password"]["user"] == {"name": "alice", "password": "s3cr3t-pa55", "domain": {"name": "acme"}}
    assert body["auth"]["scope"] == {"project": {"name": "cn-north-4"}}
    assert [s["headers"].get("X-Auth-Token") for s in session.sent[1:]] == ["tok-issued", "tok-issued"]
    assert len(session.sent) == 3


def test_password_token_expired_mid_task_is_renewed_once():
    expired = FakeResponse(401, {"error_code": "APIGW.0307", "error_msg": "The token must be updated."})
    session = FakeSession(iam_token_response("t1"), expired, iam_token_response("t2"), FakeResponse(200, {"data": {"status": "Success"}}))
    client = client_for(session, access_key=None, secret_key=None, username="alice", password="s3cr3t-pa55", domain_name="acme")
    assert client.get_json(URL, PATH) == {"data": {"status": "Success"}}
    assert [s["headers"].get("X-Auth-Token") for s in session.sent] == [None, "t1", None, "t2"]


def test_expired_token_given_by_user_is_not_renewed():
    session = FakeSession(FakeResponse(401, {"error_code": "APIGW.0307", "error_msg": "The token must be updated."}))
    client = client_for(session, auth_token="tok-XYZ-123")
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH)
    assert err.value.status == 401 and err.value.error_code == "APIGW.0307" and len(session.sent) == 1


def test_project_looked_up_by_region_with_aksk():
    session = FakeSession(FakeResponse(200, {"projects": [{"id": "11111111111111111111111111111111", "name": "cn-north-4"}]}))
    client = client_for(session, project_id=None)
    assert client.project_id() == "11111111111111111111111111111111"
    assert client.project_id() == "11111111111111111111111111111111"
    assert len(session.sent) == 1
    sent = session.sent[0]
    assert sent["url"] == "https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4"
    assert "X-Project-Id" not in sent["headers"]


@pytest.mark.parametrize("projects,needle", [([], "no project"), ([{"id": "a" * 32}, {"id": "b" * 32}], "2 projects")])
def test_project_lookup_ambiguous_or_empty_fails_clearly(projects, needle):
    client = client_for(FakeSession(FakeResponse(200, {"projects": projects})), project_id=None)
    with pytest.raises(ConfigError) as err:
        client.project_id()
    assert needle in str(err.value) and "project_id" in str(err.value)


@pytest.mark.parametrize("first", [
    FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}),
    FakeResponse(500, {"error_code": "X", "error_msg": "boom"}),
    FakeResponse(502, raw="<html>Bad Gateway</html>", headers={"Content-Type": "text/html"}),
    FakeResponse(503, raw=""),
    FakeResponse(504, raw=""),
    FakeResponse(200, raw='{"data": {"sta'),
    FakeResponse(200, raw="<html>gateway</html>"),
    requests.exceptions.ConnectionError("connection reset by peer"),
    requests.exceptions.ReadTimeout("read timed out"),
])
def test_transient_failures_are_retried_with_backoff(first):
    session = FakeSession(first, FakeResponse(200, {"data": {"status": "Success"}}))
    client, clock = client_and_clock(session)
    assert client.get_json(URL, PATH) == {"data": {"status": "Success"}}
    assert len(session.sent) == 2 and client.retries == 1
    assert 0 <= clock.slept[0] <= 0.5
    # a 429 also starts the client's own rate limit, which may space the retry further
    assert len(clock.slept) == (2 if getattr(first, "status_code", None) == 429 else 1)


def test_retries_are_bounded_and_the_last_error_raised():
    session = FakeSession(FakeResponse(503, {"error_code": "APIGW.0201", "error_msg": "unavailable"}, headers={"X-Request-Id": "rid-9"}))
    client, clock = client_and_clock(session)
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH)
    assert len(session.sent) == 4 and len(clock.slept) == 3
    assert all(s <= min(8.0, 0.5 * 2 ** i) for i, s in enumerate(clock.slept))
    assert err.value.transient and err.value.request_id == "rid-9"
    assert str(err.value) == "GET %s failed: HTTP 503: APIGW.0201: unavailable (request id rid-9)" % PATH


class FrozenDatetime(datetime):
    """datetime whose now() is 2026-11-23 08:00:00 UTC, for Retry-After dates read against the client's now."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 11, 23, 8, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("header,expected", [
    ("3", 3.0),                                   # delta seconds: exactly that long
    ("Mon, 23 Nov 2026 08:00:07 GMT", 7.0),       # an HTTP date 7 s after now: 7 s
    ("Mon, 23 Nov 2026 07:59:00 GMT", 0.25),      # an HTTP date already past: only the backoff
])
def test_retry_after_is_honoured(monkeypatch, header, expected):
    monkeypatch.setattr(transport_module, "datetime", FrozenDatetime)
    throttled = FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "throttled"}, headers={"Retry-After": header})
    session = FakeSession(throttled, FakeResponse(200, {"data": {}}))
    clock = FakeClock()
    client = Client(Settings(params()), session=session, clock=clock, sleep=clock.sleep, backoff=Backoff(rng=lambda: 0.5))
    client.get_json(URL, PATH)
    # The first sleep is the retry's: the longer of the backoff (0.5 x 0.5 s here) and the Retry-After.
    assert clock.slept[0] == expected and len(session.sent) == 2


def test_retry_after_past_the_deadline_is_not_waited_for():
    throttled = FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "throttled"}, headers={"Retry-After": "3600"})
    session = FakeSession(throttled, FakeResponse(200, {"data": {}}))
    client, clock = client_and_clock(session)
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH, deadline=clock() + 10)
    assert err.value.status == 429 and clock.slept == [] and len(session.sent) == 1


def test_http_timeout_is_trimmed_to_the_deadline():
    session = FakeSession(FakeResponse(200, {"data": {}}))
    client, clock = client_and_clock(session)
    client.get_json(URL, PATH, deadline=clock() + 2)
    assert session.sent[0]["timeout"] == 2


PASSWORD = dict(access_key=None, secret_key=None, username="u", password="s3cr3t-pa55", domain_name="d", project_id=None)


class StalledSession(FakeSession):
    """Every call hangs for its whole timeout, then times out (IAM stalling), on the fake clock."""

    def __init__(self, clock):
        super().__init__(FakeResponse(200))
        self.clock = clock

    def request(self, method, url, headers=None, data=None, timeout=None, allow_redirects=True, proxies=None):
        self.sent.append(dict(method=method, url=url, timeout=timeout))
        self.clock.now += timeout
        raise requests.exceptions.ReadTimeout("read timed out")


def test_iam_token_call_is_trimmed_to_the_deadline():
    """A stalled IAM cannot hold a wait past its deadline: the token call gets only the time left, then no retry."""
    clock = FakeClock()
    session = StalledSession(clock)
    client = Client(Settings(params(http_timeout=10.0, **PASSWORD)), session=session, clock=clock, sleep=clock.sleep)
    start = clock()
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH, deadline=start + 3)
    assert session.sent[0]["url"].endswith("/v3/auth/tokens") and session.sent[0]["timeout"] == 3
    assert err.value.path == "/v3/auth/tokens"
    assert clock() - start <= 3 + 0.1  # the documented bound is timeout + http_timeout + 1 s; here not even a retry


def test_project_lookup_is_trimmed_to_the_deadline():
    session = FakeSession(requests.exceptions.ReadTimeout("read timed out"))
    client, clock = client_and_clock(session, http_timeout=10.0, project_id=None)
    with pytest.raises(ApiError):
        client.project_id(deadline=clock() + 2)
    assert session.sent[0]["url"].startswith("https://iam.cn-north-4.myhuaweicloud.com/v3/projects")
    assert session.sent[0]["timeout"] == 2


@pytest.mark.parametrize("overrides,needle", [
    (dict(endpoints={"nope": "https://x.example.com"}), "endpoints names 'nope', which is not a service"),
    (dict(endpoints={"cph": "ftp://x"}), "endpoints.cph must be an http:// or https:// URL"),
    (dict(endpoints={"cfw": "http://cfw.example.com"}), "endpoints.cfw 'http://cfw.example.com' is plain http"),
    (dict(endpoints=["https://x"]), "endpoints must be a mapping"),
    (dict(cloud="not a domain"), "cloud must be a domain name"),
])
def test_bad_cloud_and_endpoints_are_refused_naming_them(overrides, needle):
    with pytest.raises(ConfigError) as err:
        Settings(params(**overrides))
    assert needle in str(err.value)


def test_cloud_names_every_default_host_and_iam():
    settings = Settings(params(cloud="example-cloud.eu", **PASSWORD))
    assert settings.iam_base() == "https://iam.cn-north-4.example-cloud.eu"


@pytest.mark.parametrize("status,body", [
    (403, {"error_code": "APIGW.0302", "error_msg": "forbidden"}),
    (400, {"error_code": "CPS.0005", "error_msg": "Phone not found."}),
    (404, {"error_code": "WKS.00010002", "error_msg": "job not found"}),
    (401, {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}),
])
def test_callers_faults_are_not_retried(status, body):
    session = FakeSession(FakeResponse(status, body, headers={"X-Request-Id": "rid-1"}))
    client, clock = client_and_clock(session)
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH)
    assert len(session.sent) == 1 and clock.slept == []
    assert (err.value.status, err.value.error_code, err.value.error_msg, err.value.request_id) == (status, body["error_code"], body["error_msg"], "rid-1")
    assert err.value.as_result()["method"] == "GET" and err.value.as_result()["path"] == PATH


@pytest.mark.parametrize("body,expected", [
    ({"error_code": "A.1", "error_msg": "m"}, ("A.1", "m")),
    ({"errorCode": "B.2", "errorMsg": "n"}, ("B.2", "n")),
    ({"code": "C.3", "message": "o"}, ("C.3", "o")),
    ({"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}, ("401", "The username or password is wrong.")),
    ({"data": None}, (None, None)),
    ("text", (None, None)),
])
def test_error_body_shapes(body, expected):
    assert read_error_body(body) == expected


def test_no_secret_in_error_messages_even_if_the_server_echoes_one():
    echo = FakeResponse(401, {"error_code": "APIGW.0301", "error_msg": "bad token tok-XYZ-123 or key " + keys.SECRET_KEY})
    client = client_for(FakeSession(echo), auth_token="tok-XYZ-123")
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH)
    text = str(err.value) + json.dumps(err.value.as_result())
    assert not any(secret in text for secret in SECRETS)


def echoing(header, template):
    """A transport failure whose text quotes a header of the request (as a proxy's or an adapter's error may)."""
    def fail(method, url, headers):
        raise requests.exceptions.ConnectionError(template % headers[header])
    return fail


@pytest.mark.parametrize("template", ["refused (sent Authorization: %s)", "[Errno 111] Connection refused; Authorization: %s", "%s"])
def test_connection_error_message_has_no_signature(template):
    session = FakeSession(echoing("Authorization", template))
    client = client_for(session)
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH)
    authorization = session.sent[0]["headers"]["Authorization"]
    sig = authorization.split("Signature=")[1]
    assert len(sig) == 64 and "Signature=" + sig in template % authorization  # the failure did quote the signature
    text = str(err.value) + json.dumps(err.value.as_result())
    assert sig not in text and "no response" in str(err.value) and "ConnectionError" in str(err.value)


def test_connection_error_message_has_no_token_from_iam():
    session = FakeSession(iam_token_response(token="tok-from-iam-4711"), echoing("X-Auth-Token", "refused (X-Auth-Token: %s)"))
    client = client_for(session, access_key=None, secret_key=None, username="u", password="s3cr3t-pa55", domain_name="d")
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH)
    assert session.sent[-1]["headers"]["X-Auth-Token"] == "tok-from-iam-4711"
    assert "tok-from-iam-4711" not in str(err.value) + json.dumps(err.value.as_result()) and "ConnectionError" in str(err.value)


def test_plain_http_refused_off_loopback_unless_allowed():
    for url in ("http://127.0.0.1:8080", "http://localhost", "http://[::1]:9", "http://127.8.9.10"):
        Settings(params(endpoint=url, iam_endpoint=url))
    with pytest.raises(ConfigError) as err:
        Settings(params(endpoint="http://cph.example.com"))
    assert "allow_insecure_http" in str(err.value) and "endpoint" in str(err.value)
    with pytest.raises(ConfigError):
        Settings(params(iam_endpoint="http://10.0.0.1"))
    Settings(params(endpoint="http://cph.example.com", allow_insecure_http=True))


def test_validate_certs_false_warns():
    assert Settings(params()).warnings == []
    settings = Settings(params(validate_certs=False))
    assert any("validate_certs" in w for w in settings.warnings)


def test_absurd_retry_after_without_deadline_fails_at_once():
    throttled = FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "throttled"}, headers={"Retry-After": "86400"})
    session = FakeSession(throttled, FakeResponse(200, {"data": {}}))
    client, clock = client_and_clock(session)
    with pytest.raises(ApiError) as err:
        client.get_json(URL, PATH)
    assert err.value.error_code == "APIGW.0308" and clock.slept == [] and len(session.sent) == 1


def test_netrc_cannot_replace_the_signature(tmp_path, monkeypatch):
    """requests' trust_env would put a ~/.netrc login in Authorization instead of the AK/SK signature."""
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine cfw.cn-north-4.myhuaweicloud.com login someone password netrc-password\n")
    monkeypatch.setenv("NETRC", str(netrc))
    client = Client(Settings(params()))
    prepared = client.session.prepare_request(requests.Request("GET", URL + PATH, headers={"Authorization": "SDK-HMAC-SHA256 x"}))
    assert prepared.headers["Authorization"] == "SDK-HMAC-SHA256 x"
    assert client.session.trust_env is False


def test_the_client_is_a_context_manager_that_closes_its_session():
    session = FakeSession(FakeResponse(200, {"data": {}}))
    with client_for(session) as client:
        client.get_json(URL, PATH)
        assert not getattr(session, "closed", False)
    assert session.closed
    again = FakeSession(FakeResponse(200))
    client_for(again).close()
    assert again.closed
