# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The two exception types of the collection, and how an API error body is read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The API gateway's codes that mean "try again later" under a 4xx, for every service; a service's own are
# ``retry_codes`` in its entry of the table, passed per call.
TRANSIENT_ERROR_CODES = frozenset([
    "APIGW.0308",     # throttled
])
TRANSIENT_STATUSES = frozenset([429, 500, 502, 503, 504])

_CODE_KEYS = ("error_code", "errorCode", "code")
_MSG_KEYS = ("error_msg", "errorMsg", "message", "error_message", "msg")


class ConfigError(ValueError):
    """Bad input or configuration, said in the user's terms (the option, the value's problem).

    Raised before any request for what the options alone show (ids, URLs, numbers, credentials that go together),
    and after IAM answered for what only IAM can show (no project named after the region, several).
    """


class ApiError(Exception):
    """A failed call: HTTP status (None when no response came), the API's code and message."""

    def __init__(self, method, path, status=None, error_code=None, error_msg=None, request_id=None, transient=None, retry_after=None):
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
        super(ApiError, self).__init__(self.describe())

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

    Shapes: {error_code, error_msg}, {errorCode, errorMsg}, {code, message},
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
