# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection's exception types, how an API error body is read, and what a failed connection tells."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

try:
    import requests
except ImportError:  # pragma: no cover - the client says requests is missing before any call
    requests = None

# The API gateway's codes that mean "try again later" under a 4xx, for every service; a service's own are
# ``retry_codes`` in its entry of the table, passed per call.
TRANSIENT_ERROR_CODES = frozenset([
    "APIGW.0308",     # throttled
])
TRANSIENT_STATUSES = frozenset([429, 500, 502, 503, 504])

_CODE_KEYS = ("error_code", "errorCode", "code", "errCode")  # errCode/errMsg: SFS Turbo
_MSG_KEYS = ("error_msg", "errorMsg", "message", "error_message", "msg", "errMsg")


class ConfigError(ValueError):
    """Bad input or configuration, said in the user's terms (the option, the value's problem).

    Raised before any request for what the options alone show (ids, URLs, numbers, credentials that go together),
    and after IAM answered for what only IAM can show (no project named after the region, several).
    """


class ApiError(Exception):
    """A failed call: HTTP status (None when no response came), the API's code and message.

    ``unsent``: no byte of the request left (the connection could not be opened); ``may_be_applied``: a call that
    changes something failed in a way that does not say it was not processed, so it was not sent again;
    ``cause``: for a call that got no response, one of WIRE_CAUSES (a wrong address or setting) or None.
    """

    def __init__(self, method, path, status=None, error_code=None, error_msg=None, request_id=None, transient=None, retry_after=None,
                 unsent=False, may_be_applied=False, cause=None):
        self.method = method
        self.path = path
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.retry_after = retry_after
        if transient is None:
            transient = status in TRANSIENT_STATUSES or error_code in TRANSIENT_ERROR_CODES
        self.transient = transient
        self.unsent = unsent
        self.may_be_applied = may_be_applied
        self.cause = cause
        self.hints = []
        super(ApiError, self).__init__(self.describe())

    def __str__(self):
        return self.describe()

    def add_hint(self, text):
        """A sentence for the user after the API's own words: which credentials were used, why we gave up."""
        self.hints.append(text)

    def describe(self):
        where = "%s %s" % (self.method, self.path)
        what = "HTTP %s" % self.status if self.status is not None else "no response"
        parts = [what]
        if self.error_code:
            parts.append(str(self.error_code))
        if self.error_msg:
            parts.append(str(self.error_msg))
        text = "%s failed: %s" % (where, ": ".join(parts))
        if self.request_id:
            text += " (request id %s)" % self.request_id
        for hint in self.hints:
            text += "; " + hint
        return text

    def as_result(self):
        """The keys a module adds beside ``msg`` when it fails."""
        return dict(
            status_code=self.status,
            error_code=self.error_code,
            error_msg=self.error_msg,
            request_id=self.request_id,
            method=self.method,
            path=self.path,
        )

    def retry_later(self, codes):
        """Make the error transient when its code is one of ``codes`` (a service's retry-later codes)."""
        if self.error_code in codes:
            self.transient = True
        return self

    @property
    def is_expired_token(self):
        return self.status == 401 and self.error_code == "APIGW.0307"


class JobNotFound(ApiError):
    """The service says it has no such job (yet): its entry's not-found rule matched the failed call.

    Raised where the call is made, so the waiter and the modules take "not found" as a value and decide it nowhere
    else. It says what the ApiError it came from says.
    """

    @classmethod
    def of(cls, err):
        return cls(err.method, err.path, err.status, err.error_code, err.error_msg, err.request_id, transient=False,
                   retry_after=err.retry_after)


def _first(mapping, keys):
    for key in keys:
        value = mapping.get(key)
        if value not in (None, ""):
            return value
    return None


def read_error_body(body):
    """(error_code, error_msg) from any of the shapes the APIs send, else (None, None).

    Shapes: {error_code, error_msg}, {errorCode, errorMsg}, {code, message}, {errCode, errMsg} (SFS Turbo),
    and the same one level down ({"error": {...}}, IAM's shape).
    """
    if not isinstance(body, dict):
        return None, None
    code, msg = _first(body, _CODE_KEYS), _first(body, _MSG_KEYS)
    if code is None and msg is None:
        for value in body.values():
            if isinstance(value, dict):
                code, msg = _first(value, _CODE_KEYS), _first(value, _MSG_KEYS)
                if code is not None or msg is not None:
                    break
    if isinstance(code, (dict, list)) or isinstance(msg, (dict, list)):
        return None, None
    return (None if code is None else str(code)), (None if msg is None else str(msg))


def json_or_none(response):
    """The response's body as a JSON object, or None."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def describe_body(response):
    """A body that says nothing readable, described: '12 bytes of text/html' or 'an empty body'."""
    content_type = response.headers.get("Content-Type", "no content type")
    size = len(response.content or b"")
    return "%d bytes of %s" % (size, content_type) if size else "an empty body"


# ---- a call that got no response ----

# The causes that mean a wrong address or setting rather than an outage (when the host never answered).
WIRE_CAUSES = ("proxy", "untrusted", "tls", "unresolved", "refused")


class WireDiagnosis:
    """What a failed connection tells: ``cause`` (one of WIRE_CAUSES, or None), ``text`` (the message, naming the
    host and the option to check), ``unsent`` (no byte of the request left)."""

    def __init__(self, cause, text, unsent):
        self.cause = cause
        self.text = text
        self.unsent = unsent


def diagnose(exc, parts, settings, proxy=""):
    """The WireDiagnosis of a requests exception for the URL ``parts`` (urlsplit), under ``settings`` (its CA and
    the options that chose the host); ``proxy`` is the proxy URL the call went through, if any."""
    return WireDiagnosis(*_cause(exc, parts, settings, proxy), unsent=failed_before_sending(exc))


def _cause(exc, parts, settings, proxy):
    host, reason = parts.netloc, short_reason(exc)
    if isinstance(exc, requests.exceptions.ProxyError):
        shown, variable = settings.proxy_origin(proxy or "")
        return "proxy", "the proxy %s failed or refused the connection to %s (%s); check %s" % (
            shown, host, reason, variable or "HTTPS_PROXY, HTTP_PROXY and NO_PROXY")
    if isinstance(exc, requests.exceptions.SSLError) and "CERTIFICATE_VERIFY_FAILED" in str(exc):
        verify = re.search(r"certificate verify failed: [^'\")(]+", str(exc))
        trusted = ("the CA in %s does not sign it" % settings.ca_source if settings.ca_path
                   else "set ca_path (or %s) to the PEM file of the CA that signed it" % settings.variable_of("ca_path"))
        return "untrusted", "the TLS certificate of %s is not trusted (%s): %s, or check %s" % (
            host, verify.group(0).strip() if verify else reason, trusted, settings.options_for(parts.geturl()))
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls", "TLS with %s failed (%s); check %s" % (host, reason, settings.options_for(parts.geturl()))
    if isinstance(exc, requests.exceptions.ConnectionError):
        if re.search(r"Errno -[235]\]|NameResolutionError|Name or service not known|nodename nor servname", str(exc)):
            return "unresolved", "the host %s cannot be resolved (%s); check %s" % (
                parts.hostname, reason, settings.options_for(parts.geturl()))
        if "[Errno 111]" in str(exc) or "Connection refused" in str(exc):
            return "refused", "%s refused the connection (%s); check %s" % (host, reason, settings.options_for(parts.geturl()))
    return None, reason


def failed_before_sending(exc):
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


def short_reason(exc):
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
