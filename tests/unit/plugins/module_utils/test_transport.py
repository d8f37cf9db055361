"""transport.py: the one retry policy (what may be sent again, the backoff, Retry-After, the deadline) and the request."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from datetime import datetime, timezone
from itertools import islice

import pytest

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import (
    Backoff, Request, RetryPolicy, retry_after_seconds, was_not_processed,
)

from fakes import FakeClock


def error(status=503, code=None, retry_after=None, unsent=False, transient=None):
    return ApiError("POST", "/v1/x", status, code, "m", transient=transient, retry_after=retry_after, unsent=unsent)


def policy(clock=None, **kwargs):
    return RetryPolicy(clock or FakeClock(), backoff=Backoff(rng=lambda: 1.0), **kwargs)


def test_retry_after_http_date_in_the_future():
    now = datetime(2026, 11, 23, 8, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("Mon, 23 Nov 2026 08:00:07 GMT", now) == 7.0
    assert retry_after_seconds("12", now) == 12.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds("", now) is None


def test_backoff_is_full_jitter_and_starts_again_on_each_iteration():
    assert list(islice(Backoff(rng=lambda: 1.0), 7)) == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert list(islice(Backoff(rng=lambda: 0.5), 3)) == [0.25, 0.5, 1.0]
    backoff = Backoff(rng=lambda: 1.0)
    first = iter(backoff)
    next(first)
    next(first)
    assert next(iter(backoff)) == 0.5
    assert all(0 <= delay <= 8.0 for delay in islice(Backoff(), 50))


@pytest.mark.parametrize("failure,resent", [
    (error(429, "APIGW.0308"), True),           # the gateway throttled it: not processed
    (error(403, "APIGW.0308", transient=True), True),
    (error(None, unsent=True, transient=True), True),   # the connection never opened: nothing left
    (error(503), False),                        # may have been processed
    (error(None, unsent=False, transient=True), False),  # a read timeout, a reset
])
def test_a_change_is_sent_again_only_when_it_was_not_processed(failure, resent):
    delays = iter(Backoff(rng=lambda: 1.0))
    post = Request("POST", "https://h/v1/x")
    assert (policy().wait(post, failure, 1, delays, None) is not None) is resent
    assert was_not_processed(failure) is resent


def test_a_read_is_sent_again_on_any_transient_failure_up_to_the_attempt_limit():
    get, p = Request("GET", "https://h/v1/x"), policy(max_attempts=3)
    delays = iter(p.backoff)
    assert [p.wait(get, error(503), n, delays, None) for n in (1, 2, 3)] == [0.5, 1.0, None]
    assert p.wait(get, error(400), 1, iter(p.backoff), None) is None


def test_retry_after_is_honoured_within_the_deadline_and_bounded_without_one():
    clock = FakeClock()
    p, get = policy(clock), Request("GET", "https://h/v1/x")
    assert p.wait(get, error(429, retry_after=3.0), 1, iter(p.backoff), None) == 3.0
    assert p.wait(get, error(429, retry_after=31.0), 1, iter(p.backoff), None) is None   # no deadline: over 30 s fails now
    assert p.wait(get, error(429, retry_after=31.0), 1, iter(p.backoff), clock() + 60) == 31.0
    assert p.wait(get, error(429, retry_after=3.0), 1, iter(p.backoff), clock() + 3) is None  # not past the deadline


def test_the_http_timeout_is_trimmed_to_the_deadline():
    clock = FakeClock()
    p = RetryPolicy(clock, http_timeout=30.0)
    assert p.timeout(None) == 30.0
    assert p.timeout(clock() + 2) == 2
    assert p.timeout(clock() - 5) == 0.1


def test_a_request_is_idempotent_when_a_read_unless_said_otherwise():
    assert Request("GET", "u").idempotent and not Request("POST", "u").idempotent
    assert Request("POST", "u", idempotent=True).idempotent


def test_a_request_puts_its_query_in_the_url_encoded_sorted_or_in_order():
    assert Request("GET", "https://h/p", {"b": "2 2", "a": 1}).full_url() == "https://h/p?a=1&b=2%202"
    assert Request("GET", "https://h/p", [("t", "b"), ("t", "a")]).full_url() == "https://h/p?t=b&t=a"
    assert Request("GET", "https://h/p", []).full_url() == "https://h/p"
    assert Request("GET", "https://h/p?x").path == "/p"
