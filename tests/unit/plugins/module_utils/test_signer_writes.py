"""Every request api_call sends is signed as the vendor SDK signs it: POST, PUT, PATCH and DELETE with JSON bodies
(empty, non-ASCII, nested, 1 MB) and queries with spaces, '+', '~', '/', non-ASCII text and repeated keys.

The request is built the way api_call builds it (query_pairs, body_bytes, Client.call on a scripted session); the
vendor's Signer (huaweicloudsdkcore) signs the same method, path, query pairs, headers and body, and the two
Authorization headers must be equal.
"""

from __future__ import (absolute_import, division, print_function)

__metaclass__ = type

from urllib.parse import urlsplit

from hypothesis import example, given, settings, strategies as st
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import Client
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import Settings
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.api_call import body_bytes, query_pairs

from tests.emulator import keys
from tests.unit.fakes import FakeClock, FakeResponse, FakeSession, examples, params

AK = keys.ACCESS_KEY
SK = keys.SECRET_KEY
HOST = "ecs.cn-north-4.myhuaweicloud.com"
PATH = "/v1/%s/cloudservers" % keys.PROJECT_ID

CHARACTERS = st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, blacklist_categories=("Cs",))
TEXT = st.text(alphabet=st.sampled_from(list("ab zZ09+~/-_.=&?#%ü中ключ")) | CHARACTERS, max_size=12)
SCALAR = TEXT | st.integers(-10 ** 6, 10 ** 6) | st.booleans()
QUERY = st.dictionaries(TEXT.filter(bool), SCALAR | st.lists(SCALAR, min_size=1, max_size=3), max_size=4)
JSON = st.recursive(st.none() | st.booleans() | st.integers(-10 ** 9, 10 ** 9) | TEXT,
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3), max_leaves=12)
BODY = st.none() | st.dictionaries(TEXT, JSON, max_size=4) | st.lists(JSON, max_size=3)
MEGABYTE = {"server": {"name": "web", "user_data": "ü" * (512 * 1024)}}


def sent_request(method, query, body):
    session = FakeSession(FakeResponse(200, {"job_id": "j1"}))
    clock = FakeClock()
    client = Client(Settings(params()), session=session, clock=clock, sleep=clock.sleep)
    client.call(method, "https://%s%s" % (HOST, PATH), query_pairs(query), body_bytes(body),
                {"Content-Type": "application/json;charset=UTF-8"} if body is not None else {})
    return session.sent[0]


def reference_authorization(method, pairs, headers, body):
    signed = dict((k, v) for k, v in headers.items() if k not in ("Authorization", "Host"))
    request = SdkRequest(method=method, schema="https", host=HOST, resource_path=PATH, query_params=list(pairs),
                         header_params=signed, body=body if body is not None else "")
    Signer(BasicCredentials(AK, SK)).sign(request)
    return request.header_params["Authorization"]


@settings(max_examples=examples(150), deadline=None)
@given(method=st.sampled_from(["POST", "PUT", "PATCH", "DELETE"]), query=QUERY, body=BODY)
@example(method="POST", query={}, body={})
@example(method="PUT", query={"name": "a b+c~d/e", "tag": ["x", "x", "中文"]}, body={"k": {"n": [1, {"d": "é"}]}})
@example(method="PATCH", query={"q": ["1", "2"]}, body=MEGABYTE)
@example(method="DELETE", query={"ids": ["a", "b"]}, body=None)
def test_a_change_is_signed_as_the_vendor_sdk_signs_it(method, query, body):
    sent = sent_request(method, query, body)
    pairs = query_pairs(query)
    assert urlsplit(sent["url"]).path == PATH
    assert sent["data"] == body_bytes(body)
    assert sent["headers"]["Authorization"] == reference_authorization(method, pairs, sent["headers"], sent["data"])


def test_the_megabyte_body_is_sent_whole_and_signed():
    sent = sent_request("POST", {}, MEGABYTE)
    assert len(sent["data"]) > 1024 * 1024
    assert sent["headers"]["Authorization"] == reference_authorization("POST", [], sent["headers"], sent["data"])
