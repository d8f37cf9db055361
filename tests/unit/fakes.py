"""A scripted stand-in for requests.Session, a fake clock, and helpers."""

import json
import os

import requests

from tests.emulator import keys


class FakeResponse:
    def __init__(self, status=200, body=None, headers=None, raw=None):
        self.status_code = status
        self.headers = requests.structures.CaseInsensitiveDict(headers or {})
        self.headers.setdefault("X-Request-Id", "req-%d" % status)
        if raw is not None:
            self.content = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        else:
            self.content = json.dumps(body if body is not None else {}).encode("utf-8")

    def json(self):
        return json.loads(self.content.decode("utf-8"))


class FakeSession:
    """Answers each request with the next scripted item: a FakeResponse, or an exception to raise."""

    def __init__(self, *script):
        self.script = list(script)
        self.sent = []
        self.headers = {"User-Agent": "hwcloud.jobs/test"}

    def close(self):
        self.closed = True

    def request(self, method, url, headers=None, data=None, timeout=None, allow_redirects=True, proxies=None):
        self.sent.append(dict(method=method, url=url, headers=dict(headers or {}), data=data, timeout=timeout))
        item = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(item, Exception):
            raise item
        if callable(item):
            return item(method, url, headers)
        return item


class FakeClock:
    def __init__(self, start=1000.0):
        self.now = start
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


BASE_PARAMS = dict(region="cn-north-4", project_id=keys.PROJECT_ID,
                   access_key=keys.ACCESS_KEY, secret_key=keys.SECRET_KEY,
                   validate_certs=True, http_timeout=5.0)


def params(**overrides):
    values = dict(BASE_PARAMS)
    values.update(overrides)
    return values


def examples(count):
    """How many examples a property test tries: `count`, or fewer where HWCLOUD_JOBS_PROPERTY_EXAMPLES says so (the
    version matrix's legs, which run the same tests on other ansible-core releases: noxfile.py)."""
    return min(count, int(os.environ.get("HWCLOUD_JOBS_PROPERTY_EXAMPLES", count)))
