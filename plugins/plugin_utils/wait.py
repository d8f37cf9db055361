# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one way to wait: ``wait_on`` makes the waiter, runs it and builds the result and its verdict; wait_for_job
(``run_wait``), api_call's ``wait: true`` and so the role call it, and the event source makes its waiter with
``new_waiter`` round by round.

Controller-only. Kept out of the action plugins so tests (and the event source)
run exactly this code without a play.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec, id_entries, new_client, rate_limit_of
from ansible_collections.hwcloud.jobs.plugins.module_utils.declared import (
    DECLARED_KEYS, ID_KIND, declared_ids, declared_service, is_declared,
)
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.fetch import fetch_records
from ansible_collections.hwcloud.jobs.plugins.module_utils.words import success_message
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import (
    ABSENT, SERVICES, check_id, get_service, id_kinds, id_kinds_text,
)
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter, failure_message, stopped_message, timeout_message

# The options of wait_on that have no argument of their own in every caller (api_call's wait has no delay).
WAIT_DEFAULTS = dict(delay=0.0, progress_interval=30.0, fail_on_failure=True, fail_fast=False)


def polling_argument_spec():
    """The options that say how to poll, shared by wait_for_job and the event source."""
    return dict(
        poll_interval=dict(type="float", default=1.0),
        max_poll_interval=dict(type="float", default=10.0),
        not_found_timeout=dict(type="float", default=30.0),
        max_concurrency=dict(type="int", default=10),
        rate_limit=dict(type="str"),
    )


def argument_spec():
    spec = connection_argument_spec()
    spec.update(polling_argument_spec())
    spec.update(
        service=dict(type="str", choices=sorted(SERVICES)),
        jobs=dict(type="list", elements="raw"),
        timeout=dict(type="float", default=1800.0),
        delay=dict(type="float", default=0.0),
        fail_on_failure=dict(type="bool", default=True),
        fail_fast=dict(type="bool", default=False),
        progress_interval=dict(type="float", default=30.0),
        until=dict(type="raw"),
    )
    spec.update(id_options())
    return spec


def id_options():
    """An option per id kind of the table (job_id, request_id, task_id): one id or a list."""
    return dict((kind, dict(type="list", elements="str")) for kind in id_kinds())


def split_ids(value):
    """The ids of one id option or entry: a list, or a string of ids separated by commas; blanks left out.

    An id holds no comma (check_id), so a comma-separated string is never one id.
    """
    values = value if isinstance(value, list) else [value]
    ids = []
    for one in values:
        if isinstance(one, (int, float)) and not isinstance(one, bool):
            one = str(one)
        if isinstance(one, str) and "," in one:
            ids.extend(part.strip() for part in one.split(",") if part.strip())
        else:
            ids.append(one.strip() if isinstance(one, str) else one)
    return ids


def check_numbers(args):
    for name in ("timeout", "poll_interval", "max_poll_interval"):
        if name in args and args[name] <= 0:
            raise ConfigError("%s must be more than 0, got %s" % (name, args[name]))
    for name in ("delay", "not_found_timeout", "progress_interval"):
        if name in args and args[name] < 0:
            raise ConfigError("%s must not be negative, got %s" % (name, args[name]))
    if args["max_poll_interval"] < args["poll_interval"]:
        raise ConfigError("max_poll_interval (%s) must not be less than poll_interval (%s)" % (args["max_poll_interval"], args["poll_interval"]))
    if not 1 <= args["max_concurrency"] <= 100:
        raise ConfigError("max_concurrency must be between 1 and 100, got %s" % args["max_concurrency"])
    rate_limit_of(args)


def _add_refs(refs, seen, service, call, ids, where, until=None):
    """Refs for the ids of one entry: its naming id may be several (ids separated by commas, or a list), each
    checked as an id that may go into a URL, a parent id only one; duplicates once."""
    fixed = {}
    for kind in call.id_kinds:
        if kind == call.names:
            continue
        values = split_ids(ids[kind])
        if len(values) != 1:
            raise ConfigError("%s must be one id (it scopes %s), got %d" % (_at(where, kind), call.names, len(values)))
        fixed[kind] = check_id(_at(where, kind), values[0])
    for one in split_ids(ids[call.names]):
        check_id(_at(where, call.names), one)
        given = dict(fixed, **{call.names: one})
        key = (service, tuple(sorted(given.items())), _until_key(until))
        if key not in seen:
            seen.add(key)
            refs.append(Ref(service, call.names, one, given, until))


def _at(where, key):
    return "%s.%s" % (where, key) if where else key


def _until_key(until):
    return tuple(until) if isinstance(until, list) else until


def _given_kinds(entry, kinds):
    return [kind for kind in kinds if entry.get(kind) not in (None, "", []) and split_ids(entry[kind])]


def refs_from_jobs(jobs):
    """The ids of a mixed ``jobs`` list: [{service, <the id kinds of one of its calls>}, ...], checked before anything
    is sent."""
    kinds = id_kinds()
    if not isinstance(jobs, list) or not jobs:
        raise ConfigError("jobs must be a non-empty list of {service, %s}" % id_kinds_text())
    refs, seen = [], set()
    for position, entry in enumerate(jobs):
        where = "jobs[%d]" % position
        if not isinstance(entry, dict):
            raise ConfigError("%s must be a mapping with service and one of %s, got %s"
                              % (where, id_kinds_text(", "), type(entry).__name__))
        if is_declared(entry):
            service = declared_service(entry, where)
            call = service.calls[0]
            _add_refs(refs, seen, service, call, {ID_KIND: declared_ids(entry, where)}, where,
                      check_until(entry.get("until"), call, "%s.until" % where))
            continue
        allowed = ["service"] + kinds + ["until"]
        unknown = sorted(str(k) for k in entry if k not in allowed)
        if unknown:
            raise ConfigError("%s has unknown keys %s (allowed: %s; or a declared shape: %s)"
                              % (where, ", ".join(unknown), ", ".join(allowed), ", ".join(DECLARED_KEYS)))
        if entry.get("service") in (None, ""):
            raise ConfigError("%s has no service (one of %s)" % (where, ", ".join(sorted(SERVICES))))
        service = get_service(entry["service"], where)
        given = _given_kinds(entry, kinds)
        if not given:
            raise ConfigError("%s must give the ids of one call of %s: %s; it gives none" % (where, service.title, service.takes()))
        call = service.call_for(given, where)
        _add_refs(refs, seen, service, call, entry, where, check_until(entry.get("until"), call, "%s.until" % where))
    return refs


def check_until(until, call, where="until"):
    """A resource's other target: 'absent', or raw statuses (a list, or one); None when not given. Refused on a job."""
    if until in (None, [], ""):
        return None
    if not call.is_resource:
        raise ConfigError("%s is for a resource, not a job: %s names a job, which ends as its service says" % (where, call.names))
    if until == ABSENT:
        return ABSENT
    values = until if isinstance(until, list) else [until]
    if not all(isinstance(v, (str, int)) and not isinstance(v, bool) and v != "" for v in values):
        raise ConfigError("%s must be 'absent' or a list of raw statuses (strings or numbers), got %r" % (where, until))
    # Plain str and int: a status is matched by its type too, and Ansible 2.19 hands over tagged str subclasses.
    return [str(v) if isinstance(v, str) else int(v) for v in values]


def refs_from_options(args):
    """The ids of the one-service form: service with ids of the kinds one of its calls takes (one id of each parent,
    any number of the id that names the job), or ids of several kinds each of which a one-id call takes."""
    service = get_service(args.get("service"))
    given = dict((kind, split_ids(args[kind])) for kind in _given_kinds(args, id_kinds()))
    refs, seen = [], set()
    for ids in id_entries(service, given):
        call = service.call_for(ids)
        _add_refs(refs, seen, service, call, ids, None, check_until(args.get("until"), call))
    return refs


def refs_from(args):
    """The refs to wait for, from exactly one of the two forms."""
    one_service = [name for name in ["service", "until"] + id_kinds() if args.get(name) not in (None, [])]
    if args.get("jobs") is not None:
        if one_service:
            raise ConfigError("give either jobs or service with ids, not both (jobs was given with %s)" % ", ".join(one_service))
        return refs_from_jobs(args["jobs"])
    if not args.get("service"):
        raise ConfigError("give jobs (a list of {service, %s}) or service with %s" % (id_kinds_text(), id_kinds_text(" or ")))
    return refs_from_options(args)


def run_wait(args, on_progress=None, on_warning=None, client_factory=new_client):
    """The task result of wait_for_job for validated ``args`` (``failed`` and ``msg`` set when it fails)."""
    on_warning = on_warning or (lambda text: None)
    try:
        check_numbers(args)
        refs = refs_from(args)
        client = client_factory(args, pool_size=args["max_concurrency"])  # rate_limit, if given: every host's budget
    except ConfigError as err:
        return dict(changed=False, failed=True, msg=str(err))
    try:
        for warning in client.settings.warnings:
            on_warning(warning)
        return dict(wait_on(args, client, refs, on_progress, on_warning), changed=False)
    finally:
        client.close()


def wait_on(args, client, refs, on_progress=None, on_warning=None):
    """The one way to wait: ``refs`` polled through ``client`` with the options of ``args`` (``timeout``, the polling
    options, ``fail_fast``, ``fail_on_failure``, ``delay``, ``progress_interval``); the result and its verdict.

    The result: jobs, succeeded_ids, failed_ids, pending_ids, by_service, elapsed, polls, transient_errors, timed_out,
    stopped_early, retries, throttled, and ``msg`` (``failed`` when the wait failed). An error polling again cannot
    mend, or a region with no endpoint, gives ``failed`` and ``msg`` (and the API error's fields) instead.
    The caller made ``client`` and closes it.
    """
    args = dict(WAIT_DEFAULTS, **args)
    try:
        check_endpoints(client, refs)
        outcome = _wait(args, client, refs, on_progress, on_warning)
    except ConfigError as err:
        return dict(failed=True, msg=str(err))
    except ApiError as err:
        return dict(failed=True, msg=err.describe(), **err.as_result())
    result = dict(outcome, retries=client.retries, throttled=client.throttle.throttled)
    result.update(verdict(outcome, args))
    return result


def verdict(outcome, args):
    """``failed`` and ``msg`` of a finished wait: a stop at the first failure, a timeout (failures first), failures."""
    if outcome.get("stopped_early"):
        return dict(failed=True, msg=stopped_message(outcome)) if args["fail_on_failure"] else dict(msg=stopped_message(outcome))
    if outcome["pending_ids"]:
        return dict(failed=True, msg=timeout_message(outcome, args["timeout"]))
    if outcome["failed_ids"] and args["fail_on_failure"]:
        return dict(failed=True, msg=failure_message(outcome))
    return dict(msg=success_message(len(outcome["jobs"]), len(outcome["succeeded_ids"]), len(outcome["failed_ids"]),
                                    outcome.get("elapsed")))


def check_endpoints(client, refs):
    """Every service's base URL, resolved once before the first poll: a region with no endpoint fails here."""
    for service in set(ref.service for ref in refs):
        service.base_url(client.settings)


def fetch_by_ref(client, ref, deadline):
    """The records behind a ref; each carries the ids it was asked by besides its job_id (a request or task id, a
    resource's parent id), as a job not found does."""
    records = fetch_records(client, ref.service, ref.ids, deadline, ref.until)
    for kind, value in ref.ids.items():
        if kind == "job_id":
            continue
        for record in records:
            if record.get(kind) in (None, ""):
                record[kind] = value
    return records


def pace_of(client):
    """pace(ref) for the Waiter: the budget a ref's calls spend (its service at its host, under its documented limit),
    looked up once per service."""
    budgets = {}

    def pace(ref):
        name = ref.service.name
        if name not in budgets:
            budgets[name] = client.budget(ref.service.base_url(client.settings), ref.service.limit, name)
        return budgets[name]
    return pace if hasattr(client, "budget") else None


def new_waiter(args, client, executor=None, **options):
    """A Waiter over ``client`` with the polling options of ``args``, paced by the client's budgets."""
    return Waiter(
        fetch=lambda ref, deadline: fetch_by_ref(client, ref, deadline),
        poll_interval=args["poll_interval"],
        max_poll_interval=args["max_poll_interval"],
        not_found_timeout=args["not_found_timeout"],
        parallel_map=(lambda fn, items: list(executor.map(fn, items))) if executor else None,
        overrun=min(0.5, args["http_timeout"]),
        pace=pace_of(client),
        **options
    )


def fetch_pool(args, refs, **options):
    """The threads a round's status calls run in: max_concurrency, no more than the refs; None for one ref."""
    workers = min(args["max_concurrency"], len(refs))
    return ThreadPoolExecutor(max_workers=workers, **options) if workers > 1 else None


def _wait(args, client, refs, on_progress, on_warning):
    executor = fetch_pool(args, refs)
    try:
        waiter = new_waiter(args, client, executor, timeout=args["timeout"], delay=args["delay"], fail_fast=args["fail_fast"],
                            progress_interval=args["progress_interval"], on_progress=on_progress, on_warning=on_warning)
        return waiter.wait(refs)
    finally:
        if executor:
            executor.shutdown(wait=True)
