"""Client.call, the general signed call: what is sent, and when a call that changes something is sent again.

The no-double-send rule: a non-GET goes out again only when the answer says it was not processed (429, the
gateway's throttling code) or when no byte of it left (connection refused, connect timeout). The wire
failures below are real sockets on 127.0.0.1, so the exceptions are the ones requests really raises.
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

import json
import socket
import threading

import pytest
import requests

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import was_not_processed
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.jobs.plugins.module_utils import signer

from tests.emulator import keys
from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, params

URL = "https://ecs.cn-north-4.myhuaweicloud.com/v1/%s/cloudservers" % keys.PROJECT_ID
BODY = json.dumps({"server": {"name": "web", "count": 3}}).encode("utf-8")


def client_for(session, **overrides):
    clock = FakeClock()
    return Client(Settings(params(**overrides)), session=session, clock=clock, sleep=clock.sleep)


def test_post_is_signed_over_its_body_with_repeated_query_keys():
    session = FakeSession(FakeResponse(200, {"job_id": "j1"}))
    client = client_for(session)
    response = client.call("POST", URL, [("tag", "a"), ("tag", "b b")], BODY)
    sent = session.sent[0]
    assert response.status_code == 200
    assert sent["url"] == URL + "?tag=a&tag=b%20b"
    assert sent["data"] == BODY
    assert sent["headers"]["Content-Type"] == "application/json;charset=UTF-8"
    again = signer.sign_headers("POST", sent["url"], dict((k, v) for k, v in sent["headers"].items() if k != "Authorization"),
                                BODY, keys.ACCESS_KEY, keys.SECRET_KEY)
    assert again["Authorization"] == sent["headers"]["Authorization"]
    changed = signer.sign_headers("POST", sent["url"], dict((k, v) for k, v in sent["headers"].items() if k != "Authorization"),
                                  BODY + b" ", keys.ACCESS_KEY, keys.SECRET_KEY)
    assert changed["Authorization"] != sent["headers"]["Authorization"]


def test_a_body_that_is_not_json_is_returned_not_raised():
    session = FakeSession(FakeResponse(200, raw=b"<html>ok</html>", headers={"Content-Type": "text/html"}))
    response = client_for(session).call("GET", URL)
    assert response.content == b"<html>ok</html>" and len(session.sent) == 1


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
@pytest.mark.parametrize("status,body", [
    (500, {"error_code": "Ecs.0001", "error_msg": "internal"}),
    (502, {}),
    (503, {"error_code": "APIGW.0201", "error_msg": "backend unavailable"}),
    (504, {}),
])
def test_a_change_answered_with_5xx_is_sent_once_and_may_have_been_applied(method, status, body):
    session = FakeSession(FakeResponse(status, body, headers={"X-Request-Id": "rid-5xx"}))
    client = client_for(session)
    with pytest.raises(ApiError) as err:
        client.call(method, URL, body=BODY)
    assert len(session.sent) == 1
    assert err.value.may_be_applied is True and err.value.request_id == "rid-5xx"


def test_a_get_answered_with_5xx_is_retried_as_today():
    session = FakeSession(FakeResponse(503, {}), FakeResponse(200, {"ok": True}))
    assert client_for(session).call("GET", URL).status_code == 200
    assert len(session.sent) == 2


@pytest.mark.parametrize("throttled", [
    FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}),
    FakeResponse(429, {}),
    FakeResponse(403, {"error_code": "APIGW.0308", "error_msg": "throttled"}),
])
def test_a_throttled_post_is_sent_again_and_succeeds(throttled):
    session = FakeSession(throttled, FakeResponse(200, {"job_id": "j1"}))
    client = client_for(session)
    assert client.call("POST", URL, body=BODY).json() == {"job_id": "j1"}
    assert len(session.sent) == 2 and client.retries == 1


def test_a_post_throttled_every_time_stops_at_the_attempt_limit_and_was_not_applied():
    session = FakeSession(FakeResponse(429, {"error_code": "APIGW.0308", "error_msg": "throttled"}))
    with pytest.raises(ApiError) as err:
        client_for(session).call("POST", URL, body=BODY)
    assert len(session.sent) == 4 and err.value.may_be_applied is False


def test_a_callers_fault_is_neither_resent_nor_said_to_be_applied():
    session = FakeSession(FakeResponse(400, {"error_code": "Ecs.0005", "error_msg": "bad flavor"}))
    with pytest.raises(ApiError) as err:
        client_for(session).call("POST", URL, body=BODY)
    assert len(session.sent) == 1 and err.value.status == 400


def test_accepted_statuses_are_returned():
    session = FakeSession(FakeResponse(404, {"error_code": "Ecs.0114", "error_msg": "not found"}))
    assert client_for(session).call("DELETE", URL, accept=(404,)).status_code == 404
    assert len(session.sent) == 1


def test_expired_token_under_password_auth_is_renewed_and_the_post_sent_again():
    """The gateway refused the first attempt (401 APIGW.0307): nothing was processed."""
    token = FakeResponse(201, {"token": {"project": {"id": "0123456789abcdef0123456789abcdef"}}}, headers={"X-Subject-Token": "tok-2"})
    session = FakeSession(token, FakeResponse(401, {"error_code": "APIGW.0307", "error_msg": "expired"}), token,
                          FakeResponse(200, {"job_id": "j1"}))
    client = client_for(session, access_key=None, secret_key=None, username="u", password="pw-123456", domain_name="d")
    assert client.call("POST", URL, body=BODY).json() == {"job_id": "j1"}
    assert [s["method"] for s in session.sent] == ["POST", "POST", "POST", "POST"]
    assert [s["url"].endswith("/cloudservers") for s in session.sent] == [False, True, False, True]


# ---- real sockets: which wire failures mean "not sent" ----

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SilentServer:
    """Accepts connections and reads what comes; answers nothing (a read timeout) or closes (a reset)."""

    def __init__(self, close=False):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.close = close
        self.accepted = 0
        self.conns = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while True:
            try:
                conn, dummy = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.recv(65536)
            if self.close:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                conn.close()
            else:
                self.conns.append(conn)

    def stop(self):
        self.sock.close()
        for conn in self.conns:
            conn.close()


def real_client(**overrides):
    clock = FakeClock()
    return Client(Settings(params(http_timeout=0.3, **overrides)), clock=clock, sleep=clock.sleep)


def test_refused_connection_is_not_sent_so_a_post_is_tried_again():
    client = real_client()
    url = "http://127.0.0.1:%d/v1/p/cloudservers" % _free_port()
    with pytest.raises(ApiError) as err:
        client.call("POST", url, body=BODY)
    # Sent again while nothing left the machine, until the host that never answered fails fast (3 refusals in a row).
    assert client.retries == 2 and err.value.may_be_applied is False
    assert was_not_processed(err.value) and "refused the connection" in str(err.value)


@pytest.mark.parametrize("close", [False, True], ids=["read timeout", "reset"])
def test_a_post_that_left_is_sent_once_however_the_wire_fails(close):
    server = SilentServer(close=close)
    try:
        client = real_client()
        with pytest.raises(ApiError) as err:
            client.call("POST", "http://127.0.0.1:%d/v1/p/cloudservers" % server.port, body=BODY)
        assert server.accepted == 1 and client.retries == 0
        assert err.value.may_be_applied is True
    finally:
        server.stop()


def test_a_get_read_timeout_is_retried():
    server = SilentServer()
    try:
        client = real_client()
        with pytest.raises(ApiError):
            client.call("GET", "http://127.0.0.1:%d/v1/p/jobs/j" % server.port)
        assert server.accepted == 4
    finally:
        server.stop()


def test_connect_timeout_counts_as_not_sent():
    exc = requests.exceptions.ConnectTimeout("connect timed out")
    session = FakeSession(exc, FakeResponse(200, {"job_id": "j1"}))
    client = client_for(session)
    assert client.call("POST", URL, body=BODY).status_code == 200
    assert len(session.sent) == 2
