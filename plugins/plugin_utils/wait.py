# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What wait_for_job does once its arguments are validated: checks, one client, the waiter, the verdict.

Controller-only. Kept out of the action plugin so tests (and the event source)
run exactly this code without a play.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec, new_client
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import ID_KINDS, SERVICES, check_id, fetch_jobs, get_service
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.waiter import Ref, Waiter, failure_message, timeout_message

JOB_ENTRY_KEYS = ("service",) + ID_KINDS


def polling_argument_spec():
    """The options that say how to poll, shared by wait_for_job and the event source."""
    return dict(
        poll_interval=dict(type="float", default=1.0),
        max_poll_interval=dict(type="float", default=10.0),
        not_found_timeout=dict(type="float", default=30.0),
        max_concurrency=dict(type="int", default=10),
    )


def argument_spec():
    spec = connection_argument_spec()
    spec.update(polling_argument_spec())
    spec.update(
        service=dict(type="str", choices=sorted(SERVICES)),
        job_id=dict(type="list", elements="str"),
        request_id=dict(type="list", elements="str"),
        task_id=dict(type="list", elements="str"),
        jobs=dict(type="list", elements="raw"),
        timeout=dict(type="float", default=1800.0),
        delay=dict(type="float", default=0.0),
        fail_on_failure=dict(type="bool", default=True),
        progress_interval=dict(type="float", default=30.0),
    )
    return spec


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


def _add_refs(refs, seen, service, kind, value, where):
    """Refs for a string or a list of strings, each checked as an id that may go into a URL; duplicates once."""
    values = value if isinstance(value, list) else [value]
    for one in values:
        check_id(where, one)
        if (service.name, kind, one) not in seen:
            seen.add((service.name, kind, one))
            refs.append(Ref(service, kind, one))


def refs_from_jobs(jobs):
    """The ids of a mixed ``jobs`` list: [{service, job_id | request_id | task_id}, ...], checked before anything is sent."""
    if not isinstance(jobs, list) or not jobs:
        raise ConfigError("jobs must be a non-empty list of {service, job_id | request_id | task_id}")
    refs, seen = [], set()
    for position, entry in enumerate(jobs):
        where = "jobs[%d]" % position
        if not isinstance(entry, dict):
            raise ConfigError("%s must be a mapping with service and one of job_id, request_id, task_id, got %s"
                              % (where, type(entry).__name__))
        unknown = sorted(str(k) for k in entry if k not in JOB_ENTRY_KEYS)
        if unknown:
            raise ConfigError("%s has unknown keys %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(JOB_ENTRY_KEYS)))
        if entry.get("service") in (None, ""):
            raise ConfigError("%s has no service (one of %s)" % (where, ", ".join(sorted(SERVICES))))
        if not isinstance(entry["service"], str) or entry["service"] not in SERVICES:
            raise ConfigError("%s: service must be one of %s, got %r" % (where, ", ".join(sorted(SERVICES)), entry["service"]))
        service = SERVICES[entry["service"]]
        kinds = [kind for kind in ID_KINDS if entry.get(kind) not in (None, "", [])]
        if len(kinds) != 1:
            raise ConfigError("%s must give exactly one of job_id, request_id, task_id; it gives %s"
                              % (where, " and ".join(kinds) if kinds else "none"))
        kind = kinds[0]
        service.check_id_kind(kind, where)
        _add_refs(refs, seen, service, kind, entry[kind], "%s.%s" % (where, kind))
    return refs


def refs_from_options(args):
    """The ids of the one-service form: service with job_id, request_id or task_id lists."""
    service = get_service(args.get("service"))
    given = [name for name in ID_KINDS if args.get(name)]
    for name in given:
        service.check_id_kind(name)
    if not given:
        raise ConfigError("one of %s is required for service %s" % (", ".join(service.id_kinds), service.name))
    refs, seen = [], set()
    for name in given:
        _add_refs(refs, seen, service, name, args[name], name)
    return refs


def refs_from(args):
    """The refs to wait for, from exactly one of the two forms."""
    one_service = [name for name in ("service",) + ID_KINDS if args.get(name) not in (None, [])]
    if args.get("jobs") is not None:
        if one_service:
            raise ConfigError("give either jobs or service with ids, not both (jobs was given with %s)" % ", ".join(one_service))
        return refs_from_jobs(args["jobs"])
    if not args.get("service"):
        raise ConfigError("give jobs (a list of {service, job_id | request_id | task_id}) or service with "
                          "job_id, request_id or task_id")
    return refs_from_options(args)


def run_wait(args, on_progress=None, on_warning=None, client_factory=new_client):
    """The task result of wait_for_job for validated ``args`` (``failed`` and ``msg`` set when it fails)."""
    on_warning = on_warning or (lambda text: None)
    result = dict(changed=False)
    try:
        check_numbers(args)
        refs = refs_from(args)
        client = client_factory(args, pool_size=args["max_concurrency"])
    except ConfigError as err:
        return dict(result, failed=True, msg=str(err))
    for warning in client.settings.warnings:
        on_warning(warning)
    try:
        outcome = _wait(args, client, refs, on_progress, on_warning)
    except ConfigError as err:
        return dict(result, failed=True, msg=str(err))
    except ApiError as err:
        return dict(result, failed=True, msg=err.describe(), **err.as_result())
    finally:
        client.session.close()
    result.update(outcome, retries=client.retries, throttled=client.throttle.throttled)
    if outcome["pending_ids"]:
        result.update(failed=True, msg=timeout_message(outcome, args["timeout"]))
    elif outcome["failed_ids"] and args["fail_on_failure"]:
        result.update(failed=True, msg=failure_message(outcome))
    else:
        result["msg"] = "%d jobs done: %d succeeded, %d failed" % (len(outcome["jobs"]), len(outcome["succeeded_ids"]), len(outcome["failed_ids"]))
    return result


def check_endpoints(client, refs):
    """Every service's base URL, resolved once before the first poll: a region with no endpoint fails here."""
    for service in dict((ref.service.name, ref.service) for ref in refs).values():
        service.base_url(client.settings)


def new_waiter(args, client, executor=None, **options):
    """A Waiter over ``client`` with the polling options of ``args``."""
    return Waiter(
        fetch=lambda ref, deadline: fetch_jobs(client, ref.service, ref.kind, ref.value, deadline),
        poll_interval=args["poll_interval"],
        max_poll_interval=args["max_poll_interval"],
        not_found_timeout=args["not_found_timeout"],
        parallel_map=(lambda fn, items: list(executor.map(fn, items))) if executor else None,
        overrun=min(0.5, args["http_timeout"]),
        **options
    )


def _wait(args, client, refs, on_progress, on_warning):
    check_endpoints(client, refs)
    workers = min(args["max_concurrency"], len(refs))
    executor = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        waiter = new_waiter(args, client, executor, timeout=args["timeout"], delay=args["delay"],
                            progress_interval=args["progress_interval"], on_progress=on_progress, on_warning=on_warning)
        return waiter.wait(refs)
    finally:
        if executor:
            executor.shutdown(wait=True)
