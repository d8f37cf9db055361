# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One HTTP client per task: the settings, auth and transport put together, and closed when done.

``with new_client(params) as client:`` (common.py) closes its session at the end; so does ``client.close()``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by ansible-test's import sanity test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.hwcloud.jobs.plugins.module_utils.auth import Auth
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.transport import READ_METHODS, Request, RetryPolicy, Transport
from ansible_collections.hwcloud.jobs.plugins.module_utils.version import USER_AGENT


class Client:
    """A kept-alive session with auth, retries and error mapping. One per task.

    ``clock`` and ``sleep`` are injectable so the retry logic is testable without sleeping; ``backoff`` and
    ``max_attempts`` make its RetryPolicy; ``limit`` (a throttle.Limit, the user's rate_limit) is every host's budget.
    """

    def __init__(self, settings, session=None, clock=time.monotonic, sleep=time.sleep, backoff=None, max_attempts=4, pool_size=10,
                 limit=None):
        if not HAS_REQUESTS:
            raise ConfigError("the Python library 'requests' is required")
        self.settings = settings
        self.clock = clock
        self.sleep = sleep
        self.policy = RetryPolicy(clock, max_attempts=max_attempts, backoff=backoff, http_timeout=settings.http_timeout)
        self.transport = Transport(settings, session or _new_session(settings, pool_size), self.policy, sleep, limit)
        self.auth = Auth(settings, self.transport)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        """Close the kept-alive session (its pooled connections)."""
        self.transport.session.close()

    @property
    def session(self):
        return self.transport.session

    @property
    def throttle(self):
        """The budgets of calls, one per host (throttle.Budgets)."""
        return self.transport.throttle

    def budget(self, base_url, limit=None, service=None):
        """The budget of ``service`` at ``base_url``'s host; ``limit`` (its documented one) is taken when none is known."""
        return self.transport.throttle.for_url(base_url, limit, service)

    @property
    def retries(self):
        """How many attempts were sent again, over the client's life."""
        return self.transport.retries

    @property
    def max_attempts(self):
        return self.policy.max_attempts

    def project_id(self, deadline=None):
        """The project id: given, or from the IAM token's scope, or looked up from IAM by region."""
        return self.auth.project_id(deadline)

    def get_json(self, base_url, path, query=None, headers=None, deadline=None):
        """GET base_url + path; the parsed JSON body (a dict). Raises ApiError."""
        return self.get_reply(base_url, path, query, headers, deadline)[0]

    def get_reply(self, base_url, path, query=None, headers=None, deadline=None, retry_codes=(), limit=None, service=None):
        """GET base_url + path; (the parsed JSON body, the response's X-Request-Id). Raises ApiError.

        ``retry_codes``: the service's error codes that mean "try again later" (its entry's ``retry_codes``);
        ``limit``: its documented limit of calls (its entry's ``limit``); ``service``: its name (whose budget the call spends).
        """
        request = Request("GET", base_url + path, query, headers, retry_codes=retry_codes, limit=limit, service=service)
        response, body = self.auth.send(request, deadline)
        return body, response.headers.get("X-Request-Id")

    def call(self, method, url, query=None, body=None, headers=None, deadline=None, accept=(), limit=None, service=None):
        """Any signed call: ``method`` to ``url`` (absolute) with ``query`` pairs (a list of (key, value), a key
        repeated as often as given), ``body`` bytes (JSON), extra ``headers``. Returns the response, whatever
        its body; a status >= 400 raises ApiError unless it is in ``accept``.

        GET is retried as every read is. A call that changes something (any other method) is sent again only
        when the answer says it was not processed (429, the gateway's throttling code) or when the connection
        failed before a byte of it was sent; any other failure raises ApiError with ``may_be_applied`` true.
        ``service`` and ``limit``: the service called and its documented limit, whose budget the call spends.
        """
        method = method.upper()
        if body is not None and not any(name.lower() == "content-type" for name in (headers or {})):
            headers = dict(headers or {}, **{"Content-Type": "application/json;charset=UTF-8"})
        request = Request(method, url, list(query or []), headers, body, accept=accept, json_only=False,
                          idempotent=method in READ_METHODS, limit=limit, service=service)
        return self.auth.send(request, deadline)[0]


def _new_session(settings, pool_size):
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=max(pool_size, 1), max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    # Not trust_env: requests would re-read the environment and ~/.netrc on every call, and a netrc entry for
    # the endpoint would replace the AK/SK signature with Basic auth. Proxies and the CA bundle are read once.
    session.trust_env = False
    session.verify = settings.validate_certs
    if session.verify:
        session.verify = settings.ca_path or True
    session.headers["User-Agent"] = "%s python-requests/%s" % (USER_AGENT, requests.__version__)
    return session
