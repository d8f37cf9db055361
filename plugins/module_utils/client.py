# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One HTTP client per task: settings, auth, transport, retries, one error type."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import json
import os
import random
import re
import threading
import time
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

from urllib.parse import urlsplit, quote

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by ansible-test's import sanity test
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.hwcloud.jobs.plugins.module_utils import signer
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError, read_error_body
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import DEFAULT_CLOUD, SERVICES
from ansible_collections.hwcloud.jobs.plugins.module_utils.throttle import AdaptiveThrottle

COLLECTION_VERSION = "0.2.0"
USER_AGENT = "hwcloud.jobs/%s" % COLLECTION_VERSION

PROJECT_ID_PATTERN = re.compile(r"^[0-9a-fA-F]{32}$")
REGION_PATTERN = re.compile(r"^[a-z]{2,}(-[a-z0-9]+){1,3}$")
IAM_HOST = "https://iam.{region}.{cloud}"
CLOUD_PATTERN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Without a deadline (an info module), a Retry-After longer than this is not waited for: the call fails at once.
MAX_RETRY_AFTER = 30.0
IAM_TOKEN_PATH = "/v3/auth/tokens"
IAM_PROJECTS_PATH = "/v3/projects"
CREDENTIAL_HEADERS = ("authorization", "x-auth-token", "x-security-token")
# A host that never answered in this task and failed this many attempts in a row the same way (refused, name not
# resolved, certificate not trusted, proxy refused) is a wrong address or setting, not an outage: the call fails at once.
FAIL_FAST_ATTEMPTS = 3
CA_PATH_ENV = "HWCLOUD_JOBS_CA_PATH"
# The variables requests reads a proxy from, in the order it prefers them (lower case first, as urllib does).
PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY")
PROXY_SCHEMES = ("http", "https", "socks4", "socks4a", "socks5", "socks5h")
PEM_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(option, value, allow_insecure_http=False):
    """An http(s) base URL with a host and nothing after the path. Returns it without a trailing '/'.

    Plain http is for loopback (an emulator, a local proxy) unless the user opts in.
    """
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        parts, port_ok = None, False
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise ConfigError("%s must be an http:// or https:// URL with a host, got %r" % (option, _without_userinfo(value)))
    if parts.username or parts.password:
        raise ConfigError("%s must not carry credentials in the URL; use the auth options" % option)
    if parts.query or parts.fragment:
        raise ConfigError("%s must be a base URL without a query or fragment, got %r" % (option, value))
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback(parts.hostname):
        raise ConfigError("%s %r is plain http to a host that is not loopback: credentials and tokens would cross the network "
                          "unencrypted; use https, or set allow_insecure_http: true" % (option, value))
    return value.rstrip("/")


def _without_userinfo(value):
    if isinstance(value, str) and "@" in value:
        return value.rsplit("@", 1)[-1]
    return value


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
    """Full-jitter exponential backoff: attempt n sleeps uniform(0, min(cap, base * 2**n))."""

    def __init__(self, base=0.5, cap=8.0, rng=None):
        self.base = base
        self.cap = cap
        self.rng = rng or random.random

    def delay(self, attempt):
        return self.rng() * min(self.cap, self.base * (2 ** attempt))


class Settings:
    """Validated connection and auth settings, built from the module's params."""

    def __init__(self, params, sources=None):
        # An empty string (an environment variable set to nothing) counts as not set.
        params = dict((k, None if v == "" else v) for k, v in params.items())
        # option -> the environment variable its value came from (for messages: names, never values).
        self.sources = dict(sources or {})
        self.region = params.get("region")
        self.endpoint = params.get("endpoint")
        self.endpoints = params.get("endpoints") or {}
        self.cloud = params.get("cloud") or DEFAULT_CLOUD
        self.iam_endpoint = params.get("iam_endpoint")
        self.project_id = params.get("project_id")
        self.auth_token = params.get("auth_token")
        self.access_key = params.get("access_key")
        self.secret_key = params.get("secret_key")
        self.security_token = params.get("security_token")
        self.username = params.get("username")
        self.password = params.get("password")
        self.domain_name = params.get("domain_name")
        self.validate_certs = params.get("validate_certs", True)
        self.http_timeout = float(30 if params.get("http_timeout") is None else params["http_timeout"])
        self.allow_insecure_http = bool(params.get("allow_insecure_http"))
        self.ca_path = params.get("ca_path")
        self.ca_source = None
        self.warnings = []
        self._check()
        self.auth_method = self._pick_auth()

    def _check(self):
        if self.region is not None and not REGION_PATTERN.match(self.region):
            raise ConfigError("region %r is not a region name such as 'cn-north-4'" % self.region)
        if self.endpoint is not None:
            self.endpoint = check_base_url("endpoint", self.endpoint, self.allow_insecure_http)
        self.endpoints = self._check_endpoints(self.endpoints)
        if not isinstance(self.cloud, str) or not CLOUD_PATTERN.match(self.cloud):
            raise ConfigError("cloud must be a domain name such as 'myhuaweicloud.com', got %r" % (self.cloud,))
        if self.iam_endpoint is not None:
            iam = check_base_url("iam_endpoint", self.iam_endpoint, self.allow_insecure_http)
            for suffix in (IAM_TOKEN_PATH, "/v3"):
                if iam.endswith(suffix):
                    iam = iam[:-len(suffix)]
            self.iam_endpoint = iam
        if self.project_id is not None and not PROJECT_ID_PATTERN.match(self.project_id):
            raise ConfigError("project_id must be 32 hexadecimal characters, got a value of %d characters" % len(self.project_id)
                              if len(self.project_id) != 32 else "project_id must be 32 hexadecimal characters")
        if not 0 < self.http_timeout <= 600:
            raise ConfigError("http_timeout must be more than 0 and at most 600 seconds, got %s" % self.http_timeout)
        self._check_ca()
        self.proxy_secrets = check_proxy_environment()
        if self.validate_certs is False:
            self.warnings.append("validate_certs is false: TLS certificates are not verified, so an impostor could receive "
                                 "the credentials; use it only against a host you control")

    def _check_ca(self):
        """ca_path, else REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE: a readable PEM file holding a certificate."""
        if self.ca_path is not None:
            self.ca_source = self.described("ca_path")
        else:
            for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
                if os.environ.get(name):
                    self.ca_path, self.ca_source = os.environ[name], name
                    break
        if self.ca_path is None or self.validate_certs is False:
            return
        self.ca_path = os.path.expanduser(self.ca_path)
        problem = _pem_problem(self.ca_path)
        if problem:
            raise ConfigError("%s %r %s; give the path of a PEM file holding the CA certificate(s) to trust"
                              % (self.ca_source, self.ca_path, problem))

    def described(self, option):
        """'auth_token' or 'auth_token (from HW_AUTH_TOKEN)': an option and where its value came from."""
        if option in self.sources:
            return "%s (from %s)" % (option, self.sources[option])
        return option

    def credentials_note(self):
        """Which credentials a call used and where they came from (names, never values)."""
        methods = {
            "token": "the token in " + self.described("auth_token"),
            "aksk": "the access key pair in %s and %s" % (self.described("access_key"), self.described("secret_key")),
            "password": "the IAM password of the user in %s, %s and %s" % (
                self.described("username"), self.described("password"), self.described("domain_name")),
        }
        if self.auth_method == "aksk" and self.security_token:
            methods["aksk"] += " with the security token in " + self.described("security_token")
        note = "credentials used: " + methods[self.auth_method]
        also = []
        if self.auth_method == "token" and (self.access_key or self.secret_key):
            also.append(methods["aksk"])
        if self.auth_method in ("token", "aksk") and (self.username or self.password):
            also.append(methods["password"])
        if also:
            unset = self.sources.get("auth_token" if self.auth_method == "token" else "access_key")
            note += ", chosen over %s (%s takes precedence%s)" % (
                " and ".join(also), "a token" if self.auth_method == "token" else "a key pair",
                "; unset %s to use the others" % unset if unset else "")
        return note

    def _check_endpoints(self, endpoints):
        """endpoints: service name -> base URL, for services the table knows."""
        if not isinstance(endpoints, dict):
            raise ConfigError("endpoints must be a mapping of service name to base URL, got %s" % type(endpoints).__name__)
        checked = {}
        for name, url in endpoints.items():
            if name not in SERVICES:
                raise ConfigError("endpoints names %r, which is not a service of this collection (known: %s)"
                                  % (name, ", ".join(sorted(SERVICES))))
            if url in (None, ""):
                continue
            if not isinstance(url, str):
                raise ConfigError("endpoints.%s must be a URL string, got %s" % (name, type(url).__name__))
            checked[name] = check_base_url("endpoints.%s" % name, url, self.allow_insecure_http)
        return checked

    def _pick_auth(self):
        if self.auth_token:
            return "token"
        if self.access_key or self.secret_key:
            if not (self.access_key and self.secret_key):
                missing = "secret_key" if self.access_key else "access_key"
                raise ConfigError("access_key and secret_key go together: %s is missing "
                                  "(or set HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK)" % missing)
            return "aksk"
        if self.security_token:
            raise ConfigError("security_token needs access_key and secret_key (a temporary key)")
        if self.username or self.password:
            missing = [name for name in ("username", "password", "domain_name") if not getattr(self, name)]
            if missing:
                raise ConfigError("IAM password auth needs username, password and domain_name: %s missing" % ", ".join(missing))
            if not (self.region or self.iam_endpoint):
                raise ConfigError("IAM password auth needs region (or HW_REGION_NAME) or iam_endpoint to find IAM")
            return "password"
        raise ConfigError("no credentials: set auth_token, or access_key and secret_key, or username, password and domain_name "
                          "(or their environment variables, e.g. HW_ACCESS_KEY and HW_SECRET_KEY)")

    @property
    def secrets(self):
        return [s for s in (self.secret_key, self.password, self.auth_token, self.security_token) if s] + self.proxy_secrets

    def iam_base(self):
        if self.iam_endpoint:
            return self.iam_endpoint
        if not self.region:
            raise ConfigError("region (or HW_REGION_NAME) or iam_endpoint is needed to reach IAM")
        return IAM_HOST.format(region=self.region, cloud=self.cloud)

    def options_for(self, url):
        """The options that chose this URL's host, for an error that says what to check."""
        base = url.split("?", 1)[0]
        for name, value in sorted(self.endpoints.items()):
            if base.startswith(value + "/"):
                return self.described("endpoints") if "endpoints" in self.sources else "endpoints.%s" % name
        for option in ("endpoint", "iam_endpoint"):
            value = getattr(self, option)
            if value and base.startswith(value + "/"):
                return self.described(option)
        return "%s, %s or endpoints" % (self.described("region"), self.described("cloud"))


class Client:
    """A kept-alive session with auth, retries and error mapping. One per task.

    ``clock`` and ``sleep`` are injectable so the retry logic is testable without sleeping.
    """

    def __init__(self, settings, session=None, clock=time.monotonic, sleep=time.sleep, backoff=None, max_attempts=4, pool_size=10):
        if not HAS_REQUESTS:
            raise ConfigError("the Python library 'requests' is required")
        self.settings = settings
        self.clock = clock
        self.sleep = sleep
        self.backoff = backoff or Backoff()
        self.max_attempts = max_attempts
        self.session = session or self._new_session(pool_size)
        self.throttle = AdaptiveThrottle(clock, sleep)
        self._proxy_cache = {}
        self._token = settings.auth_token
        self._project_id = settings.project_id
        self._lock = threading.RLock()
        self._hosts = {}
        self.retries = 0

    def _new_session(self, pool_size):
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=max(pool_size, 1), max_retries=0)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        # Not trust_env: requests would re-read the environment and ~/.netrc on every call, and a netrc entry for
        # the endpoint would replace the AK/SK signature with Basic auth. Proxies and the CA bundle are read once.
        session.trust_env = False
        session.verify = self.settings.validate_certs
        if session.verify:
            session.verify = self.settings.ca_path or True
        session.headers["User-Agent"] = "%s python-requests/%s" % (USER_AGENT, requests.__version__)
        return session

    def redact(self, text, sent_headers=None):
        """``text`` without the settings' secrets, the token in use, or the credentials of ``sent_headers``."""
        secrets = list(self.settings.secrets) + ([self._token] if self._token else [])
        for name, value in (sent_headers or {}).items():
            if name.lower() in CREDENTIAL_HEADERS and isinstance(value, str):
                secrets.extend((value, value.rsplit("Signature=", 1)[-1]))
        # Very short values are left alone: masking one letter everywhere would garble the message, not protect it.
        for secret in secrets:
            if len(secret) >= 6:
                text = text.replace(secret, "********")
        return text

    # ---- auth ----

    def project_id(self, deadline=None):
        """The project id: given, or from the IAM token's scope, or looked up from IAM by region."""
        with self._lock:
            if self._project_id:
                return self._project_id
            if self.settings.auth_method == "password":
                self._fetch_token(deadline)
            if not self._project_id:
                self._project_id = self._lookup_project(deadline)
            return self._project_id

    def _lookup_project(self, deadline):
        if not self.settings.region:
            raise ConfigError("neither project_id nor region is set: set region (or HW_REGION_NAME) to look the project up "
                              "from IAM, or project_id (or HUAWEICLOUD_SDK_PROJECT_ID)")
        url = self.settings.iam_base() + IAM_PROJECTS_PATH
        body = self._send("GET", url, {"name": self.settings.region}, {}, None, deadline, with_project=False)[1]
        projects = body.get("projects") if isinstance(body, dict) else None
        if not projects:
            raise ConfigError("IAM lists no project named %r for these credentials; set project_id" % self.settings.region)
        if len(projects) > 1:
            raise ConfigError("IAM lists %d projects named %r; set project_id to one of: %s" % (
                len(projects), self.settings.region, ", ".join(str(p.get("id")) for p in projects)))
        project_id = projects[0].get("id")
        if not isinstance(project_id, str) or not PROJECT_ID_PATTERN.match(project_id):
            raise ConfigError("IAM returned a project id of an unexpected shape for %r; set project_id" % self.settings.region)
        return project_id

    def _fetch_token(self, deadline=None):
        """Exchange username/password for a project-scoped token (kept for the client's life)."""
        s = self.settings
        scope = {"project": {"id": self._project_id}} if self._project_id else {"project": {"name": s.region}}
        payload = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": s.username, "password": s.password, "domain": {"name": s.domain_name}}}},
            "scope": scope,
        }}
        url = s.iam_base() + IAM_TOKEN_PATH
        response, body = self._transport("POST", url, None, {"Content-Type": "application/json;charset=utf8"},
                                         json.dumps(payload).encode("utf-8"), deadline, auth=False)
        token = response.headers.get("X-Subject-Token")
        if not token:
            raise ApiError("POST", IAM_TOKEN_PATH, response.status_code, "IAM.NoToken",
                           "IAM answered without an X-Subject-Token header", response.headers.get("X-Request-Id"), transient=False)
        self._token = token
        project = ((body or {}).get("token") or {}).get("project") or {}
        if not self._project_id and isinstance(project.get("id"), str) and PROJECT_ID_PATTERN.match(project["id"]):
            self._project_id = project["id"]

    def _auth_headers(self, method, url, headers, body, with_project, deadline=None):
        s = self.settings
        headers = dict(headers)
        if with_project and self._project_id and s.auth_method == "aksk":
            headers["X-Project-Id"] = self._project_id
        if s.auth_method == "aksk":
            if s.security_token:
                headers["X-Security-Token"] = s.security_token
            headers["User-Agent"] = self.session.headers["User-Agent"]
            return signer.sign_headers(method, url, headers, body, s.access_key, s.secret_key)
        headers["X-Auth-Token"] = self._ensure_token(deadline)
        return headers

    def _ensure_token(self, deadline=None):
        if self.settings.auth_method == "password" and not self._token:
            with self._lock:
                if not self._token:
                    self._fetch_token(deadline)
        return self._token

    # ---- transport ----

    def get_json(self, base_url, path, query=None, headers=None, deadline=None):
        """GET base_url + path; the parsed JSON body (a dict). Raises ApiError."""
        return self.get_reply(base_url, path, query, headers, deadline)[0]

    def get_reply(self, base_url, path, query=None, headers=None, deadline=None, retry_codes=()):
        """GET base_url + path; (the parsed JSON body, the response's X-Request-Id). Raises ApiError.

        ``retry_codes``: the service's error codes that mean "try again later" (its entry's ``retry_codes``).
        """
        response, body = self._send("GET", base_url + path, query, headers or {}, None, deadline, retry_codes=retry_codes)
        return body, response.headers.get("X-Request-Id")

    def call(self, method, url, query=None, body=None, headers=None, deadline=None, accept=()):
        """Any signed call: ``method`` to ``url`` (absolute) with ``query`` pairs (a list of (key, value), a key
        repeated as often as given), ``body`` bytes (JSON), extra ``headers``. Returns the response, whatever
        its body; a status >= 400 raises ApiError unless it is in ``accept``.

        GET is retried as every read is. A call that changes something (any other method) is sent again only
        when the answer says it was not processed (429, the gateway's throttling code) or when the connection
        failed before a byte of it was sent; any other failure raises ApiError with ``may_be_applied`` true.
        """
        method = method.upper()
        options = dict(accept=accept, json_only=False)
        if method not in READ_METHODS:
            options["may_resend"] = was_not_processed
        if body is not None and not any(name.lower() == "content-type" for name in (headers or {})):
            headers = dict(headers or {}, **{"Content-Type": "application/json;charset=UTF-8"})
        try:
            return self._send(method, url, list(query or []), headers or {}, body, deadline, **options)[0]
        except ApiError as err:
            err.may_be_applied = method not in READ_METHODS and not was_not_processed(err)
            raise

    def _send(self, method, url, query, headers, body, deadline, with_project=True, **options):
        """(response, parsed body); a token that expired under password auth is renewed once."""
        renewed = False
        while True:
            token_used = self._ensure_token(deadline)
            try:
                return self._transport(method, url, query, headers, body, deadline, auth=True, with_project=with_project, **options)
            except ApiError as err:
                if err.is_expired_token and self.settings.auth_method == "password" and not renewed:
                    renewed = True
                    with self._lock:
                        if self._token == token_used:
                            self._fetch_token(deadline)
                    continue
                raise

    def _transport(self, method, url, query, headers, body, deadline, auth=True, with_project=True, retry_codes=(),
                   may_resend=None, accept=(), json_only=True):
        """Send with retries of transient failures; the last attempt's response and its parsed JSON body (2xx only).

        ``retry_codes``: the service's error codes that mean "try again later";
        ``may_resend(error)`` (for calls that change something) says whether a failed attempt may be sent again;
        ``accept`` are statuses >= 400 returned rather than raised; ``json_only=False`` returns a 2xx or 3xx
        whose body is not a JSON object, with None as its parsed body.
        """
        path = urlsplit(url).path
        attempt = 0
        while True:
            full_url = _with_query(url, query)
            # A header whose value is callable gets a fresh value per attempt (KooPhone's x-request-id).
            send_headers = dict((k, v() if callable(v) else v) for k, v in headers.items())
            if auth:
                send_headers = self._auth_headers(method, full_url, send_headers, body, with_project, deadline)
            self.throttle.acquire(deadline)
            try:
                response = self.session.request(method, full_url, headers=send_headers, data=body, proxies=self._proxies(full_url),
                                                timeout=self._timeout(deadline), allow_redirects=False)
                self._answered(full_url)
                error = None if response.status_code < 400 else self._error(method, path, response, full_url).retry_later(retry_codes)
                self.throttle.record(response.status_code == 429, error.retry_after if error else None)
                if error is not None and response.status_code in accept:
                    return response, None
                parsed = _json_or_none(response) if error is None and response.status_code < 300 else None
                if error is None and not json_only:
                    return response, parsed
                if error is None and response.status_code < 300 and parsed is None:
                    error = ApiError(method, path, response.status_code, "InvalidResponse",
                                     "the body is not a JSON object (%s)" % _describe_body(response),
                                     response.headers.get("X-Request-Id"), transient=True)
            except requests.exceptions.RequestException as exc:
                response = None
                error = self._wire_error(method, full_url, path, exc, send_headers)
                error.unsent = _failed_before_sending(exc)
            if error is None:
                return response, parsed
            attempt += 1
            wait = self._retry_wait(error, attempt, deadline) if may_resend is None or may_resend(error) else None
            if wait is None:
                raise error
            self.retries += 1
            self.sleep(wait)

    def _proxies(self, url):
        """The environment's proxies for this URL's host (HTTPS_PROXY, NO_PROXY, ...), looked up once per host."""
        netloc = urlsplit(url).netloc
        if netloc not in self._proxy_cache:
            self._proxy_cache[netloc] = requests.utils.get_environ_proxies(url)
        return self._proxy_cache[netloc]

    def _timeout(self, deadline):
        timeout = self.settings.http_timeout
        if deadline is not None:
            timeout = max(0.1, min(timeout, deadline - self.clock()))
        return timeout

    def _retry_wait(self, error, attempt, deadline):
        """Seconds to wait before the next attempt, or None to give up."""
        if not error.transient or attempt >= self.max_attempts:
            return None
        wait = self.backoff.delay(attempt - 1)
        if error.retry_after is not None:
            if deadline is None and error.retry_after > MAX_RETRY_AFTER:
                return None
            wait = max(wait, error.retry_after)
        if deadline is not None and self.clock() + wait >= deadline:
            return None
        return wait

    def _error(self, method, path, response, url=None):
        body = _json_or_none(response)
        code, msg = read_error_body(body)
        if code is None and msg is None:
            msg = _describe_body(response)
        error = ApiError(method, path, response.status_code, code, self.redact(msg) if msg else msg,
                         response.headers.get("X-Request-Id"),
                         retry_after=retry_after_seconds(response.headers.get("Retry-After")))
        if response.status_code in (401, 403):
            error.add_hint(self.settings.credentials_note())
        elif response.status_code == 407:
            proxy = self._proxies(url).get(urlsplit(url).scheme) or "" if url else ""
            variable = proxy_variable(proxy)
            error.add_hint("HTTP 407 came from the proxy %s%s, which wants other credentials; check %s" % (
                proxy_shown(proxy), " (from %s)" % variable if variable else "", variable or "HTTP_PROXY"))
        return error

    def _wire_error(self, method, url, path, exc, sent_headers=None):
        """The ApiError for a call that got no response; a host that never answered and keeps failing the same way
        (FAIL_FAST_ATTEMPTS in a row) makes it non-transient, naming the host, the cause and the option to check."""
        parts = urlsplit(url)
        host = parts.netloc
        cause, text = self._cause(exc, parts)
        error = ApiError(method, path, None, type(exc).__name__, self.redact(text, sent_headers), transient=True)
        if cause is None:
            return error
        with self._lock:
            state = self._hosts.setdefault(host, {"answered": False, "cause": None, "count": 0})
            if state["answered"]:
                return error
            state["count"] = state["count"] + 1 if state["cause"] == cause else 1
            state["cause"] = cause
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

    def _cause(self, exc, parts):
        """(cause, message) of a failed connection: one of the causes that fail fast, or (None, the short reason)."""
        host, reason = parts.netloc, _short(exc)
        if isinstance(exc, requests.exceptions.ProxyError):
            proxy = self._proxies(urlunsplit_base(parts)).get(parts.scheme) or ""
            variable = proxy_variable(proxy)
            return "proxy", "the proxy %s%s failed or refused the connection to %s (%s); check %s" % (
                proxy_shown(proxy), " (from %s)" % variable if variable else "", host, reason,
                variable or "HTTPS_PROXY, HTTP_PROXY and NO_PROXY")
        if isinstance(exc, requests.exceptions.SSLError) and "CERTIFICATE_VERIFY_FAILED" in str(exc):
            verify = re.search(r"certificate verify failed: [^'\")(]+", str(exc))
            trusted = ("the CA in %s does not sign it" % self.settings.ca_source if self.settings.ca_path
                       else "set ca_path (or %s) to the PEM file of the CA that signed it" % CA_PATH_ENV)
            return "untrusted", "the TLS certificate of %s is not trusted (%s): %s, or check %s" % (
                host, verify.group(0).strip() if verify else reason, trusted, self.settings.options_for(parts.geturl()))
        if isinstance(exc, requests.exceptions.SSLError):
            return "tls", "TLS with %s failed (%s); check %s" % (host, reason, self.settings.options_for(parts.geturl()))
        if isinstance(exc, requests.exceptions.ConnectionError):
            if re.search(r"Errno -[235]\]|NameResolutionError|Name or service not known|nodename nor servname", str(exc)):
                return "unresolved", "the host %s cannot be resolved (%s); check %s" % (
                    parts.hostname, reason, self.settings.options_for(parts.geturl()))
            if "[Errno 111]" in str(exc) or "Connection refused" in str(exc):
                return "refused", "%s refused the connection (%s); check %s" % (host, reason, self.settings.options_for(parts.geturl()))
        return None, reason


def urlunsplit_base(parts):
    return "%s://%s/" % (parts.scheme, parts.netloc)


def proxy_variable(proxy):
    """The name of the environment variable that holds this proxy URL, or None."""
    for name in PROXY_VARIABLES:
        if proxy and os.environ.get(name) == proxy:
            return name
    return None


def proxy_shown(proxy):
    """A proxy URL without its credentials: scheme://host:port."""
    try:
        parts = urlsplit(proxy)
        return "%s://%s%s" % (parts.scheme, parts.hostname, ":%d" % parts.port if parts.port else "")
    except ValueError:
        return "(a proxy URL that cannot be read)"


def check_proxy_environment():
    """Refuse a proxy variable that is not a URL with a scheme and a host, naming it; the passwords in them (to mask)."""
    secrets = []
    for name in PROXY_VARIABLES:
        value = os.environ.get(name)
        if not value:
            continue
        try:
            parts = urlsplit(value)
            ok = parts.scheme in PROXY_SCHEMES and bool(parts.hostname) and "://" in value
            password = parts.password
            dummy = parts.port
        except ValueError:
            ok, password = False, None
        if not ok:
            raise ConfigError("%s must be a proxy URL with a scheme and a host, such as http://proxy.example.com:3128, "
                              "got %r" % (name, _without_userinfo(value)))
        if password:
            secrets.append(password)
            if "@" in value:
                secrets.append(value.split("://", 1)[-1].rsplit("@", 1)[0])
    return secrets


def _pem_problem(path):
    """Why this path cannot be a CA bundle, or None."""
    if not os.path.exists(path):
        return "does not exist"
    if not os.path.isfile(path):
        return "is not a file"
    try:
        with open(path, "rb") as handle:
            content = handle.read(10 * 1024 * 1024)
    except (IOError, OSError) as exc:
        return "cannot be read (%s)" % (exc.strerror or exc)
    if PEM_CERTIFICATE not in content:
        return "holds no PEM certificate"
    return None


READ_METHODS = frozenset(["GET", "HEAD", "OPTIONS"])
# The API gateway's code for a call refused by throttling (HTTP 429 most often; the code alone decides).
THROTTLED_CODES = frozenset(["APIGW.0308"])


def was_not_processed(error):
    """True when a failed attempt certainly changed nothing: throttled by the gateway, or never sent.

    A read timeout, a reset connection or a 5xx may come after the service acted on the call, so they are False.
    """
    if error.status is None:
        return bool(getattr(error, "unsent", False))
    return error.status == 429 or error.error_code in THROTTLED_CODES


def _failed_before_sending(exc):
    """True when the connection could not be opened, so no byte of the request left (refused, connect timeout)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ProxyError):
        return False
    if not isinstance(exc, requests.exceptions.ConnectionError):
        return False
    reason = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
    return type(reason).__name__ in ("NewConnectionError", "ConnectTimeoutError", "NameResolutionError")


def _with_query(url, query):
    if not query:
        return url
    pairs = sorted(query.items()) if isinstance(query, dict) else list(query)
    return url + "?" + "&".join("%s=%s" % (quote(str(k), safe="~"), quote(str(v), safe="~")) for k, v in pairs)


def _json_or_none(response):
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _describe_body(response):
    content_type = response.headers.get("Content-Type", "no content type")
    size = len(response.content or b"")
    return "%d bytes of %s" % (size, content_type) if size else "an empty body"


def _short(exc):
    """What went wrong on the wire, in a few words: the OS error when there is one."""
    text = str(exc)
    reason = re.search(r"\[Errno -?\d+\] [^'\")\]]+", text)
    if reason:
        return reason.group(0).strip()
    tunnel = re.search(r"Tunnel connection failed: [^'\")\]]+", text)
    if tunnel:
        return tunnel.group(0).strip()
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "read timed out"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect timed out"
    return text if len(text) <= 200 else text[:200] + "..."
