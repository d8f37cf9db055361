# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What api_call does once its arguments are validated: checks, one signed call, its started jobs, the wait.

Controller-only. Kept out of the action plugin so tests run exactly this code without a play. The wait is
wait_for_job's (``wait_on``, in this session): the same waiter, the same result, the same verdict words.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from urllib.parse import parse_qsl, urlsplit, urlunsplit

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec, new_client
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.redaction import mask, redact, secret_values
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, get_service
from ansible_collections.hwcloud.jobs.plugins.module_utils.settings import check_url
from ansible_collections.hwcloud.jobs.plugins.module_utils.starts import keys_looked, places_looked, read_start_answer
from ansible_collections.hwcloud.jobs.plugins.module_utils import words
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.wait import check_numbers, polling_argument_spec, refs_from_jobs, wait_on

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Headers the signer or the auth options set: a task may not replace them.
RESERVED_HEADERS = frozenset(["authorization", "x-auth-token", "x-sdk-date", "host", "x-security-token", "x-project-id",
                              "x-domain-id"])
ORDER_KIND = "order_id"  # the id kind of a prepaid order: the table's entry that takes it waits on orders


def argument_spec():
    spec = connection_argument_spec()
    spec.update(polling_argument_spec())
    spec.update(
        service=dict(type="str", choices=sorted(SERVICES)),
        url=dict(type="str"),
        method=dict(type="str", default="GET", choices=list(METHODS)),
        path=dict(type="str"),
        query=dict(type="dict"),
        body=dict(type="raw"),
        headers=dict(type="dict"),
        status_code=dict(type="list", elements="int"),
        wait=dict(type="bool", default=False),
        # One name for the deadline of a wait, as wait_for_job calls it; wait_timeout is its first name.
        timeout=dict(type="float", default=1800.0, aliases=["wait_timeout"]),
        fail_fast=dict(type="bool", default=False),
        send_token_to_any_host=dict(type="bool", default=False),
    )
    return spec


# ---- checks (before anything is sent) ----

def check_args(args):
    """The request parts, checked: (service or None, url or None, path, query pairs, body bytes or None, headers, statuses)."""
    given = [name for name in ("service", "url") if args.get(name) not in (None, "")]
    if len(given) != 1:
        raise ConfigError("give exactly one of service (an entry of the table: %s) and url (an absolute https URL); %s"
                          % (", ".join(sorted(SERVICES)), "both were given" if given else "neither was given"))
    service = get_service(args["service"]) if args.get("service") else None
    url = check_url("url", args["url"], args.get("allow_insecure_http"), base=False) if args.get("url") else None
    _check_placeholders("url", urlsplit(url).path if url else "")
    if service is not None and not args.get("path"):
        raise ConfigError("path is required with service (the API path, e.g. /v1/{project_id}/cloudservers)")
    path = check_path(args.get("path") or "")
    if args.get("method") not in METHODS:
        raise ConfigError("method must be one of %s, got %r" % (", ".join(METHODS), args.get("method")))
    return service, url, path, query_pairs(args.get("query")), body_bytes(args.get("body")), check_headers(args.get("headers")), \
        check_statuses(args.get("status_code"))


def check_path(path):
    if path == "":
        return path
    if not isinstance(path, str) or not path.startswith("/"):
        raise ConfigError("path must start with '/', got %r" % _shown(path))
    if ".." in path or "#" in path or "?" in path:
        raise ConfigError("path must not hold '..', '#' or '?' (give the query as query), got %r" % _shown(path))
    _check_placeholders("path", path)
    return path


def _check_placeholders(option, text):
    others = sorted(set(name for name in PLACEHOLDER.findall(text) if name != "project_id"))
    if others or text.count("{") != text.count("}"):
        raise ConfigError("%s may hold only the placeholder {project_id}; it holds %s"
                          % (option, ", ".join("{%s}" % n for n in others) or "an unpaired brace"))


def query_pairs(query):
    """(key, value) pairs from a mapping: a list value repeats its key; booleans as 'true'/'false'."""
    if query in (None, {}):
        return []
    if not isinstance(query, dict):
        raise ConfigError("query must be a mapping of parameter to value (a list repeats the parameter)")
    pairs = []
    for key in sorted(query, key=str):
        values = query[key] if isinstance(query[key], list) else [query[key]]
        for value in values:
            if isinstance(value, (dict, list)) or value is None:
                raise ConfigError("query.%s must be a text, a number, a boolean or a list of them" % key)
            pairs.append((str(key), ("true" if value else "false") if isinstance(value, bool) else str(value)))
    return pairs


def body_bytes(body):
    if body is None:
        return None
    if not isinstance(body, (dict, list)):
        raise ConfigError("body must be a mapping or a list (it is sent as JSON), got %s" % type(body).__name__)
    try:
        return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise ConfigError("body cannot be sent as JSON: %s" % exc)


def check_headers(headers):
    if headers in (None, {}):
        return {}
    if not isinstance(headers, dict):
        raise ConfigError("headers must be a mapping of header name to value")
    checked = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not re.match(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", name):
            raise ConfigError("headers: %r is not a header name" % (name,))
        if name.lower() in RESERVED_HEADERS:
            raise ConfigError("headers.%s is set by the auth options and the signer; it cannot be given" % name)
        if isinstance(value, (dict, list)) or value is None or "\n" in str(value) or "\r" in str(value):
            raise ConfigError("headers.%s must be one line of text" % name)
        checked[name] = str(value)
    return checked


def check_statuses(statuses):
    for status in statuses or []:
        if not 100 <= status <= 599:
            raise ConfigError("status_code values must be HTTP statuses from 100 to 599, got %s" % status)
    return list(statuses) if statuses else None


def _shown(value):
    value = str(value)
    return value if len(value) <= 80 else value[:80] + "..."


def check_token_host(settings, url, allowed_anyway):
    """A token is a bearer credential valid for hours: it goes only to the cloud's hosts or those named in endpoints."""
    if settings.auth_method not in ("token", "password") or allowed_anyway:
        return
    host = (urlsplit(url).hostname or "").lower()
    cloud = settings.cloud.lower()
    named = [settings.endpoint, settings.iam_endpoint] + list(settings.endpoints.values())
    if host == cloud or host.endswith("." + cloud) or host in [(urlsplit(u).hostname or "").lower() for u in named if u]:
        return
    raise ConfigError("url host %s is neither under the cloud's domain (%s) nor named in endpoint or endpoints: an IAM token "
                      "(a bearer credential valid for hours) is not sent there. Sign with access_key and secret_key (the "
                      "signature is good for that one request), or set send_token_to_any_host: true" % (host, cloud))


# ---- the call ----

def _full_url(client, service, url, path, check_mode):
    if service:
        target = service.base_url(client.settings) + path
    else:
        parts = urlsplit(url)
        joined = parts.path.rstrip("/") + path if path else parts.path
        target = urlunsplit((parts.scheme, parts.netloc, joined, parts.query, ""))
    if "{project_id}" in target:
        known = client.settings.project_id
        project_id = known if check_mode else client.project_id()
        target = target.replace("{project_id}", project_id or "{project_id}")
    return target


def _split_query(url, pairs):
    """The URL without its query, and the URL's own query pairs followed by ``pairs``."""
    parts = urlsplit(url)
    own = parse_qsl(parts.query, keep_blank_values=True)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), own + pairs


def scrub(value, secrets):
    """``value`` with every text holding one of ``secrets`` redacted, at any depth."""
    if not secrets:
        return value
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return dict((k, scrub(v, secrets)) for k, v in value.items())
    if isinstance(value, list):
        return [scrub(v, secrets) for v in value]
    return value


def run_api_call(args, check_mode=False, on_progress=None, on_warning=None, on_request=None, client_factory=new_client):
    """The task result of api_call for validated ``args`` (``failed`` and ``msg`` set when it fails).

    Nothing it returns or says holds a value of the body's secret-looking keys, even where an answer echoes one.
    """
    secrets = secret_values(args.get("body"))
    on_warning = on_warning or (lambda text: None)
    on_progress = (lambda line: on_progress(scrub(line, secrets))) if on_progress and secrets else on_progress
    return scrub(_run(args, check_mode, on_progress, lambda text: on_warning(scrub(text, secrets)), on_request, client_factory,
                      secrets), secrets)


def _run(args, check_mode, on_progress, on_warning, on_request, client_factory, secrets):
    result = dict(changed=False)
    try:
        service, url, path, pairs, body, headers, statuses = check_args(args)
        if args["wait"]:
            if args["timeout"] <= 0:
                raise ConfigError("%s must be more than 0, got %s" % ("wait_timeout" if "wait_timeout" in args else "timeout", args["timeout"]))
            check_numbers(args)
            if service is None:
                raise ConfigError(words.WAIT_NEEDS_SERVICE)
        client = client_factory(args, pool_size=args["max_concurrency"])
    except ConfigError as err:
        return dict(result, failed=True, msg=redact(str(err), secrets))
    try:
        for warning in client.settings.warnings:
            on_warning(warning)
        return _call_and_wait(args, client, service, url, path, pairs, body, headers, statuses, check_mode, on_progress,
                              on_warning, on_request, secrets)
    finally:
        client.close()


def _call_and_wait(args, client, service, url, path, pairs, body, headers, statuses, check_mode, on_progress, on_warning,
                   on_request, secrets):
    result = dict(changed=False)
    method = args["method"]
    try:
        target, pairs = _split_query(_full_url(client, service, url, path, check_mode), pairs)
        check_token_host(client.settings, target, args["send_token_to_any_host"])
        request = dict(method=method, url=target, query=pairs, body=mask(args.get("body")))
        if on_request:
            on_request(request)
        if check_mode and method != "GET":
            return dict(result, changed=True, request=request, started=[], orders=[], msg=words.check_mode_not_sent(method, target))
        send_headers = dict(service.request_headers() if service else {}, **headers)
        accept = [s for s in statuses or [] if s >= 400]
        # A call to a service of the table spends that service's budget, which its jobs' polls share (throttle.py).
        response = client.call(method, target, pairs, body, send_headers, accept=accept, limit=service.limit if service else None,
                               service=service.name if service else None)
    except ConfigError as err:
        return dict(result, failed=True, msg=redact(str(err), secrets))
    except ApiError as err:
        return dict(result, failed=True, changed=method != "GET", msg=redact(_call_failure(err), secrets),
                    may_be_applied=err.may_be_applied, **err.as_result())
    try:
        result.update(_answer(response, method, service, secrets, urlsplit(target).path))
        ok = response.status_code in statuses if statuses else 200 <= response.status_code < 300
        if not ok:
            return dict(result, failed=True, msg=words.answer_not_accepted(method, urlsplit(target).path, response.status_code,
                                                                           statuses, result["request_id"]))
        if result["not_started"]:
            on_warning(words.not_started_line(result["not_started"]))
        if not args["wait"]:
            return result
        return _wait_started(args, client, service, result, on_progress, on_warning)
    except ConfigError as err:
        msg = "%s; %s" % (err, orders_placed_line(result["orders"])) if result.get("orders") else str(err)
        return dict(result, failed=True, msg=redact(msg, secrets))


def _call_failure(err):
    text = err.describe()
    return words.may_be_applied(text, err.request_id) if err.may_be_applied else text


def _answer(response, method, service, secrets, path=None):
    """status, request_id, changed, json or content, started, not_started, orders (``path``, the call's: the parent ids
    of a started id scoped by one, a DMS task's instance)."""
    # Only a call that was sent, is not a read, and was not refused changes something.
    out = dict(status=response.status_code, request_id=response.headers.get("X-Request-Id"),
               changed=method != "GET" and response.status_code < 400)
    try:
        parsed = json.loads(response.content.decode("utf-8")) if response.content else None
        is_json = response.content not in (None, b"")
    except ValueError:
        parsed, is_json = None, False
    if is_json:
        out["json"] = mask(parsed)
    else:
        out["content"] = redact(response.content.decode("utf-8", "replace"), secrets) if response.content else ""
    started, not_started, orders = read_start_answer(service, parsed, path) if service and is_json else ([], [], [])
    out.update(started=started + order_entries(orders), not_started=mask(not_started), orders=orders)
    return out


def order_service():
    """The table's entry that waits on prepaid orders (the one whose calls take an order id), or None."""
    return next((service for service in SERVICES.values() if ORDER_KIND in service.id_kinds), None)


def order_entries(orders):
    """The orders of a prepaid answer in wait_for_job's ``jobs:`` form: [{service: bss, order_id: ...}]."""
    service = order_service()
    return [{"service": service.name, ORDER_KIND: order} for order in orders] if service and orders else []


def orders_placed_line(orders):
    """Said with any failure after a prepaid call: the orders exist, and sending the call again places more."""
    service = order_service()
    return ("the call placed order%s %s: sending it again places another; wait on %s with wait_for_job "
            "(jobs: [%s])" % ("s" if len(orders) > 1 else "", ", ".join(orders), "them" if len(orders) > 1 else "it",
                              ", ".join("{service: %s, %s: %s}" % (service.name if service else "bss", ORDER_KIND, o) for o in orders)))


def _wait_started(args, client, service, result, on_progress, on_warning):
    """Wait on ``result['started']`` with wait_for_job's wait, in this session; its result keys and verdict."""
    if not result["started"]:
        looked = "%s (the shapes it knows; and %s at any depth)" % (places_looked(service), keys_looked(service))
        return dict(result, failed=True, msg=words.no_job_id(service.name, looked))
    # Its orders and the jobs it started, in one wait and one deadline.
    waited = wait_on(dict(args, fail_on_failure=True), client, refs_from_jobs(result["started"]),
                     on_progress, on_warning)
    # The call's request id stays the task's; a wait's error keeps its own code and message.
    result.update((key, value) for key, value in waited.items() if key != "request_id")
    if not result.get("failed") and result["not_started"]:
        result.update(failed=True, msg=words.not_started_line(result["not_started"]))
    if result.get("failed") and result["orders"]:
        result["msg"] = "%s; %s" % (result.get("msg"), orders_placed_line(result["orders"]))
    return result
