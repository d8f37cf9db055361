# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SDK-HMAC-SHA256 request signing, as Huawei Cloud's API gateway checks it.

Pure functions over plain values: no I/O, no clock unless none is given.
The vendor's Python SDK core (huaweicloudsdkcore) is the reference; the unit
tests compare this module's Authorization header with it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import hmac
from datetime import datetime, timezone

from urllib.parse import quote, unquote, urlsplit, parse_qsl

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
DATE_HEADER = "X-Sdk-Date"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def sdk_date(now=None):
    """The X-Sdk-Date value for a UTC datetime (default: now)."""
    now = now or datetime.now(timezone.utc)
    return now.strftime(DATE_FORMAT)


def _encode(value):
    return quote(value, safe="~")


def canonical_uri(path):
    """Each segment of the decoded path percent-encoded, always ending in '/'."""
    uri = "/".join(_encode(segment) for segment in unquote(path or "/").split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(pairs):
    """Sorted, percent-encoded k=v pairs joined by '&'. Pairs are decoded strings."""
    return "&".join("%s=%s" % (_encode(k), _encode(v)) for k, v in sorted(pairs))


def signed_header_names(headers):
    """Lower-cased, sorted header names to sign.

    Names holding '_' are left out, as the vendor SDK does: gateways may drop them.
    """
    return sorted(name.lower() for name in headers if "_" not in name)


def canonical_request(method, path, query_pairs, headers, body):
    names = signed_header_names(headers)
    lowered = dict((name.lower(), str(value).strip()) for name, value in headers.items())
    header_lines = "".join("%s:%s\n" % (name, lowered[name]) for name in names)
    if isinstance(body, str):
        body = body.encode("utf-8")
    payload_hash = hashlib.sha256(body).hexdigest() if body else EMPTY_SHA256
    return "\n".join([
        method.upper(),
        canonical_uri(path),
        canonical_query(query_pairs),
        header_lines,
        ";".join(names),
        payload_hash,
    ])


def string_to_sign(canonical, date_value):
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return "%s\n%s\n%s" % (ALGORITHM, date_value, digest)


def signature(secret_key, text):
    return hmac.new(secret_key.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_headers(method, url, headers, body, access_key, secret_key, now=None):
    """Return a new header dict with Host, X-Sdk-Date and Authorization set.

    ``headers`` are the headers that will be sent and signed (Content-Type,
    X-Project-Id, x-request-id, ...). ``url`` is the full URL as it will be
    sent; its query is decoded before canonicalisation.
    """
    parts = urlsplit(url)
    signed = dict(headers)
    if not any(name.lower() == "host" for name in signed):
        signed["Host"] = parts.netloc
    date_value = next((v for k, v in signed.items() if k.lower() == DATE_HEADER.lower()), None)
    if date_value is None:
        date_value = sdk_date(now)
        signed[DATE_HEADER] = date_value
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    canonical = canonical_request(method, parts.path, pairs, signed, body)
    sig = signature(secret_key, string_to_sign(canonical, date_value))
    signed["Authorization"] = "%s Access=%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM, access_key, ";".join(signed_header_names(signed)), sig)
    return signed
