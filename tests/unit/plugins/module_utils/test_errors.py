"""errors.py: ApiError's declared fields, and the diagnosis of a call that got no response."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from urllib.parse import urlsplit

import pytest
import requests

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import (
    ApiError, JobNotFound, WIRE_CAUSES, diagnose, failed_before_sending, short_reason,
)
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings

from fakes import params


def test_an_api_error_declares_what_the_transport_knows():
    err = ApiError("GET", "/p", 503)
    assert (err.unsent, err.may_be_applied, err.cause, err.transient) == (False, False, None, True)
    err = ApiError("POST", "/p", None, "ConnectionError", "refused", transient=True, unsent=True, cause="refused")
    assert err.unsent and err.cause == "refused" and not err.may_be_applied
    assert ApiError("POST", "/p", 500, may_be_applied=True).may_be_applied
    assert not JobNotFound.of(ApiError("GET", "/p", 404, "X", "gone")).may_be_applied


def test_a_refused_connection_is_diagnosed_as_unsent_naming_host_and_option():
    exc = requests.exceptions.ConnectionError("HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded "
                                              "(Caused by NewConnectionError(': Failed to establish a new connection: "
                                              "[Errno 111] Connection refused'))")
    settings = Settings(params(endpoint="http://127.0.0.1:9"))
    found = diagnose(exc, urlsplit("http://127.0.0.1:9/v1/x"), settings)
    assert found.cause == "refused" and found.cause in WIRE_CAUSES
    assert found.text == "127.0.0.1:9 refused the connection ([Errno 111] Connection refused); check endpoint"


def test_an_untrusted_certificate_names_ca_path_and_its_variable(monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    exc = requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1000)")
    found = diagnose(exc, urlsplit("https://cfw.cn-north-4.myhuaweicloud.com/v1"), Settings(params()))
    assert found.cause == "untrusted" and not found.unsent
    assert "set ca_path (or HWCLOUD_JOBS_CA_PATH)" in found.text and "check region, cloud or endpoints" in found.text


@pytest.mark.parametrize("exc,unsent", [
    (requests.exceptions.ConnectTimeout("connect timed out"), True),
    (requests.exceptions.ReadTimeout("read timed out"), False),
    (requests.exceptions.ProxyError("proxy"), False),
    (requests.exceptions.ConnectionError("connection reset by peer"), False),
])
def test_only_a_connection_never_opened_is_unsent(exc, unsent):
    assert failed_before_sending(exc) is unsent
    assert diagnose(exc, urlsplit("https://h/p"), Settings(params())).unsent is unsent


def test_a_short_reason_is_the_os_error_when_there_is_one():
    assert short_reason(requests.exceptions.ConnectionError("... [Errno 111] Connection refused')")) == "[Errno 111] Connection refused"
    assert short_reason(requests.exceptions.ReadTimeout("HTTPSConnectionPool: Read timed out.")) == "read timed out"
    assert short_reason(ValueError("x" * 300)).endswith("...")
