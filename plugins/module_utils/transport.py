# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Sending one request: its attempts under one RetryPolicy (what may be sent again, the backoff, Retry-After,
the deadline), the error each failed attempt makes, and the hosts that never answered (they fail fast)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import threading
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from urllib.parse import quote, urlsplit

try:
    import requests
except ImportError:  # pragma: no cover - the client refuses to start without requests
    requests = None

from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, describe_body, diagnose, json_or_none, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.redaction import redact
from ansible_collections.hwcloud.jobs.plugins.module_utils.throttle import Budgets

READ_METHODS = frozenset(["GET", "HEAD", "OPTIONS"])
# The API gateway's code for a call refused by throttling (HTTP 429 most often; the code alone decides).
THROTTLED_CODES = frozenset(["APIGW.0308"])
# Without a deadline (an info module), a Retry-After longer than this is not waited for: the call fails at once.
MAX_RETRY_AFTER = 30.0
# A host that never answered in this task and failed this many attempts in a row the same way (refused, name not
# resolved, certificate not trusted, proxy refused) is a wrong address or setting, not an outage: the call fails at once.
FAIL_FAST_ATTEMPTS = 3
CREDENTIAL_HEADERS = ("authorization", "x-auth-token", "x-security-token")


def was_not_processed(error):
    """True when a failed attempt certainly changed nothing: throttled by the gateway, or never sent.

    A read timeout, a reset connection or a 5xx may come after the service acted on the call, so they are False.
    """
    return not_processed(error.status, error.error_code, error.unsent)


def not_processed(status, error_code, unsent=False):
    """was_not_processed, from the parts of an error before it is made."""
    if status is None:
        return bool(unsent)
    return status == 429 or error_code in THROTTLED_CODES


def retry_after_seconds(value, now=None):
    """Seconds from a Retry-After header (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


class Backoff:
    """Full-jitter exponential backoff, iterated as amazon.aws's BackoffIterator is: the n-th wait (from 0) is
    uniform(0, min(cap, base * 2**n)). Each ``iter()`` starts again from the first."""

    def __init__(self, base=0.5, cap=8.0, rng=None):
        self.base = base
        self.cap = cap
        self.rng = rng or random.random

    def __iter__(self):
        attempt = 0
        while True:
            yield self.rng() * min(self.cap, self.base * (2 ** attempt))
            attempt += 1


class Request:
    """What to send, and how it is treated.

    ``query``: a mapping or (key, value) pairs; ``auth``: signed or with a token (False for IAM's token call);
    ``with_project``: the X-Project-Id header under AK/SK; ``retry_codes``: the service's codes that mean "try again
    later"; ``accept``: statuses >= 400 returned rather than raised; ``json_only``: a 2xx body that is not a JSON
    object is a (transient) error, else it is returned with None as its parsed body; ``idempotent``: sending it
    twice changes nothing (by default, a read); ``limit``: the service's documented limit of calls ((calls, seconds),
    its table entry's), which the host's budget takes until it knows better; ``service``: the name of the service
    called, whose budget at the host the call spends.
    """

    def __init__(self, method, url, query=None, headers=None, body=None, auth=True, with_project=True, retry_codes=(),
                 accept=(), json_only=True, idempotent=None, limit=None, service=None):
        self.method = method
        self.url = url
        self.query = query
        self.headers = headers or {}
        self.body = body
        self.auth = auth
        self.with_project = with_project
        self.retry_codes = retry_codes
        self.accept = accept
        self.json_only = json_only
        self.idempotent = method in READ_METHODS if idempotent is None else idempotent
        self.limit = limit
        self.service = service

    @property
    def path(self):
        return urlsplit(self.url).path

    def full_url(self):
        if not self.query:
            return self.url
        pairs = sorted(self.query.items()) if isinstance(self.query, dict) else list(self.query)
        return self.url + "?" + "&".join("%s=%s" % (quote(str(k), safe="~"), quote(str(v), safe="~")) for k, v in pairs)


class RetryPolicy:
    """When a failed attempt is sent again, and after how long.

    A request is sent again when its error is transient, fewer than ``max_attempts`` were made, and either the request
    is idempotent or the vendor said it was not processed (429, the gateway's throttling code) or nothing was sent.
    The wait is the next ``backoff`` delay, or the Retry-After when longer; none is waited past the ``deadline``
    (without one, a Retry-After over ``max_retry_after`` is not waited for).
    """

    def __init__(self, clock=time.monotonic, max_attempts=4, backoff=None, max_retry_after=MAX_RETRY_AFTER, http_timeout=30.0):
        self.clock = clock
        self.max_attempts = max_attempts
        self.backoff = backoff or Backoff()
        self.max_retry_after = max_retry_after
        self.http_timeout = http_timeout

    def may_resend(self, request, error):
        return request.idempotent or was_not_processed(error)

    def wait(self, request, error, attempt, delays, deadline):
        """Seconds to wait before sending ``request`` again after its ``attempt``-th failure, or None to give up;
        ``delays`` is this request's iterator over the backoff."""
        if not self.may_resend(request, error) or not error.transient or attempt >= self.max_attempts:
            return None
        wait = next(delays)
        if error.retry_after is not None:
            if deadline is None and error.retry_after > self.max_retry_after:
                return None
            wait = max(wait, error.retry_after)
        if deadline is not None and self.clock() + wait >= deadline:
            return None
        return wait

    def timeout(self, deadline):
        """One attempt's HTTP timeout: http_timeout, trimmed to the deadline."""
        if deadline is None:
            return self.http_timeout
        return max(0.1, min(self.http_timeout, deadline - self.clock()))


class Transport:
    """A kept-alive session: sends a Request under the policy, maps each failed attempt to an ApiError.

    ``signer`` (the client's Auth) gives a request's auth headers (``headers``) and the secrets in use (``secrets``).
    """

    def __init__(self, settings, session, policy, sleep=time.sleep, limit=None):
        self.settings = settings
        self.session = session
        self.policy = policy
        self.clock = policy.clock
        self.sleep = sleep
        # One budget per host for this client's credentials: every call of the task spends it (throttle.py).
        self.throttle = Budgets(self.clock, sleep, limit)
        self.retries = 0
        self._proxy_cache = {}
        self._lock = threading.RLock()
        self._hosts = {}

    def send(self, request, deadline, signer):
        """The last attempt's response and its parsed JSON body (None unless a 2xx JSON object). Raises ApiError."""
        delays = iter(self.policy.backoff)
        attempt = 0
        while True:
            full_url = request.full_url()
            # A header whose value is callable gets a fresh value per attempt (KooPhone's x-request-id).
            headers = dict((k, v() if callable(v) else v) for k, v in request.headers.items())
            if request.auth:
                headers = signer.headers(request.method, full_url, headers, request.body, request.with_project, deadline)
            budget = self.throttle.for_url(full_url, request.limit, request.service)
            budget.acquire(deadline)
            try:
                response = self.session.request(request.method, full_url, headers=headers, data=request.body,
                                                proxies=self._proxies(full_url), timeout=self.policy.timeout(deadline),
                                                allow_redirects=False)
                self._answered(full_url)
                error = None if response.status_code < 400 else self._error(request, response, full_url, signer)
                budget.record(response.status_code == 429, error.retry_after if error else None, error.error_msg if error else None)
                if error is not None and response.status_code in request.accept:
                    return response, None
                parsed = json_or_none(response) if error is None and response.status_code < 300 else None
                if error is None and not request.json_only:
                    return response, parsed
                if error is None and response.status_code < 300 and parsed is None:
                    error = ApiError(request.method, request.path, response.status_code, "InvalidResponse",
                                     "the body is not a JSON object (%s)" % describe_body(response),
                                     response.headers.get("X-Request-Id"), transient=True)
            except requests.exceptions.RequestException as exc:
                response = None
                error = self._wire_error(request, full_url, exc, headers, signer)
            if error is None:
                return response, parsed
            attempt += 1
            wait = self.policy.wait(request, error, attempt, delays, deadline)
            if wait is None:
                raise error
            self.retries += 1
            self.sleep(wait)

    def redact(self, text, signer, sent_headers=None):
        """``text`` without the settings' secrets, the token in use, or the credentials of ``sent_headers``."""
        secrets = list(self.settings.secrets) + list(signer.secrets())
        for name, value in (sent_headers or {}).items():
            if name.lower() in CREDENTIAL_HEADERS and isinstance(value, str):
                secrets.extend((value, value.rsplit("Signature=", 1)[-1]))
        return redact(text, secrets, shortest=6)

    def _proxies(self, url):
        """The environment's proxies for this URL's host (HTTPS_PROXY, NO_PROXY, ...), looked up once per host."""
        netloc = urlsplit(url).netloc
        if netloc not in self._proxy_cache:
            self._proxy_cache[netloc] = requests.utils.get_environ_proxies(url)
        return self._proxy_cache[netloc]

    def _error(self, request, response, url, signer):
        code, msg = read_error_body(json_or_none(response))
        if code is None and msg is None:
            msg = describe_body(response)
        error = ApiError(request.method, request.path, response.status_code, code, self.redact(msg, signer) if msg else msg,
                         response.headers.get("X-Request-Id"), retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                         may_be_applied=not request.idempotent and not not_processed(response.status_code, code))
        error.retry_later(request.retry_codes)
        if response.status_code in (401, 403):
            error.add_hint(self.settings.credentials_note())
        elif response.status_code == 407:
            shown, variable = self.settings.proxy_origin(self._proxies(url).get(urlsplit(url).scheme) or "")
            error.add_hint("HTTP 407 came from the proxy %s, which wants other credentials; check %s" % (shown, variable or "HTTP_PROXY"))
        return error

    def _wire_error(self, request, url, exc, sent_headers, signer):
        """The ApiError for a call that got no response; a host that never answered and keeps failing the same way
        (FAIL_FAST_ATTEMPTS in a row) makes it non-transient, naming the host, the cause and the option to check."""
        parts = urlsplit(url)
        found = diagnose(exc, parts, self.settings, self._proxies("%s://%s/" % (parts.scheme, parts.netloc)).get(parts.scheme))
        error = ApiError(request.method, request.path, None, type(exc).__name__, self.redact(found.text, signer, sent_headers),
                         transient=True, unsent=found.unsent, cause=found.cause,
                         may_be_applied=not request.idempotent and not not_processed(None, None, found.unsent))
        if found.cause is None:
            return error
        host = parts.netloc
        with self._lock:
            state = self._hosts.setdefault(host, {"answered": False, "cause": None, "count": 0})
            if state["answered"]:
                return error
            state["count"] = state["count"] + 1 if state["cause"] == found.cause else 1
            state["cause"] = found.cause
            if state["count"] >= FAIL_FAST_ATTEMPTS:
                error.transient = False
                error.add_hint("%s has not answered once in this task and failed %d attempts in a row this way; "
                               "giving up at once" % (host, state["count"]))
        return error

    def _answered(self, url):
        host = urlsplit(url).netloc
        if not self._hosts.get(host, {}).get("answered"):
            with self._lock:
                self._hosts.setdefault(host, {})["answered"] = True
