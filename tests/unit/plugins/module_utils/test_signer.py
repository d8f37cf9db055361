"""The collection's signer against the vendor's reference (huaweicloudsdkcore)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import random
from urllib.parse import quote

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from ansible_collections.hwcloud.jobs.plugins.module_utils import signer

from tests.emulator import keys

AK = keys.ACCESS_KEY
SK = keys.SECRET_KEY
DATE = "20261123T083000Z"

SEGMENTS = ["jobs", "a b", "ünïcödé", "x+y", "semi;colon", "eq=ual", "at@", "tilde~", "paren(1)", "star*",
            "comma,", "dollar$", "amp&", "quote'", "dash-_.", "中文", "%", "100%25", "plus+plus", "!bang"]
KEYS = ["request_id", "offset", "limit", "name", "a b", "ключ", "k~", "x"]
VALUES = ["", "1", "100", "a b", "a+b", "ü", "x=y", "&", "~tilde", "/slash", "?q", "#frag", "中"]
EXTRA_HEADERS = [("Content-Type", "application/json"), ("X-Project-Id", "0123456789abcdef0123456789abcdef"),
                 ("x-request-id", "0f9c"), ("X-Security-Token", "tok en"), ("User-Agent", "hwcloud.jobs/0.1.0"),
                 ("X-Custom", "  padded value  "), ("Under_Score", "left out")]


def generated_requests(count=120, seed=20261123):
    rng = random.Random(seed)
    for index in range(count):
        path = "/" + "/".join(rng.choice(SEGMENTS) for dummy in range(rng.randint(1, 5)))
        if rng.random() < 0.3:
            path += "/"
        pairs = [(rng.choice(KEYS), rng.choice(VALUES)) for dummy in range(rng.randint(0, 5))]
        if pairs and rng.random() < 0.4:
            pairs.append(pairs[0])  # a repeated key=value
        headers = dict(rng.sample(EXTRA_HEADERS, rng.randint(0, len(EXTRA_HEADERS))))
        method = rng.choice(["GET", "POST", "PUT", "DELETE"])
        body = b"" if method == "GET" else rng.choice([b"", b"{}", '{"name": "ü"}'.encode("utf-8"), b"x" * 3000])
        yield index, method, path, pairs, headers, body


def reference_authorization(method, host, path, pairs, headers, body):
    request = SdkRequest(method=method, schema="https", host=host, resource_path=quote(path, safe="/~"),
                         query_params=list(pairs), header_params=dict(headers, **{"X-Sdk-Date": DATE}), body=body)
    Signer(BasicCredentials(AK, SK)).sign(request)
    return request.header_params["Authorization"]


@pytest.mark.parametrize("index,method,path,pairs,headers,body", list(generated_requests()))
def test_authorization_matches_vendor_sdk(index, method, path, pairs, headers, body):
    host = "cph.cn-north-4.myhuaweicloud.com"
    query = "&".join("%s=%s" % (quote(k, safe="~"), quote(v, safe="~")) for k, v in pairs)
    url = "https://%s%s%s" % (host, quote(path, safe="/~"), "?" + query if query else "")
    ours = signer.sign_headers(method, url, dict(headers, **{"X-Sdk-Date": DATE}), body, AK, SK)
    assert ours["Authorization"] == reference_authorization(method, host, path, pairs, headers, body)
    assert ours["Host"] == host


def test_host_with_port_is_signed_as_sent():
    url = "http://127.0.0.1:8443/v3/projects?name=cn-north-4"
    ours = signer.sign_headers("GET", url, {"X-Sdk-Date": DATE}, b"", AK, SK)
    assert ours["Host"] == "127.0.0.1:8443"
    assert ours["Authorization"] == reference_authorization("GET", "127.0.0.1:8443", "/v3/projects", [("name", "cn-north-4")], {}, b"")


def test_date_is_added_when_missing_and_in_sdk_format():
    ours = signer.sign_headers("GET", "https://h/x", {}, None, AK, SK)
    assert len(ours["X-Sdk-Date"]) == 16 and ours["X-Sdk-Date"].endswith("Z")
    assert "SignedHeaders=host;x-sdk-date," in ours["Authorization"]


def test_canonical_uri_always_ends_with_slash():
    assert signer.canonical_uri("/v1/p/jobs") == "/v1/p/jobs/"
    assert signer.canonical_uri("/v1/a%20b/") == "/v1/a%20b/"


def test_secret_never_in_headers():
    ours = signer.sign_headers("GET", "https://h/x", {"X-Sdk-Date": DATE}, None, AK, SK)
    assert all(SK not in value for value in ours.values())
