# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What wait_for_job does once its arguments are validated: checks, one client, the waiter, the verdict.

Kept out of the action plugin so tests run exactly this code without a play.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.hwcloud.jobs.plugins.module_utils.client import check_id
from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec, new_client
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ApiError, ConfigError
from ansible_collections.hwcloud.jobs.plugins.module_utils.services import SERVICES, fetch_jobs, get_service
from ansible_collections.hwcloud.jobs.plugins.module_utils.waiter import Ref, Waiter, failure_message, timeout_message

ID_OPTIONS = ("job_id", "request_id", "task_id")


def argument_spec():
    spec = connection_argument_spec()
    spec.update(
        service=dict(type="str", required=True, choices=sorted(SERVICES)),
        job_id=dict(type="list", elements="str"),
        request_id=dict(type="list", elements="str"),
        task_id=dict(type="list", elements="str"),
        timeout=dict(type="float", default=1800.0),
        delay=dict(type="float", default=0.0),
        poll_interval=dict(type="float", default=1.0),
        max_poll_interval=dict(type="float", default=10.0),
        not_found_timeout=dict(type="float", default=30.0),
        fail_on_failure=dict(type="bool", default=True),
        progress_interval=dict(type="float", default=30.0),
        max_concurrency=dict(type="int", default=10),
    )
    return spec


def check_numbers(args):
    for name in ("timeout", "poll_interval", "max_poll_interval"):
        if args[name] <= 0:
            raise ConfigError("%s must be more than 0, got %s" % (name, args[name]))
    for name in ("delay", "not_found_timeout", "progress_interval"):
        if args[name] < 0:
            raise ConfigError("%s must not be negative, got %s" % (name, args[name]))
    if args["max_poll_interval"] < args["poll_interval"]:
        raise ConfigError("max_poll_interval (%s) must not be less than poll_interval (%s)" % (args["max_poll_interval"], args["poll_interval"]))
    if not 1 <= args["max_concurrency"] <= 100:
        raise ConfigError("max_concurrency must be between 1 and 100, got %s" % args["max_concurrency"])


def refs_from(args, service):
    """The ids to wait for, checked before anything is sent."""
    given = [name for name in ID_OPTIONS if args.get(name)]
    wrong = [name for name in given if name not in service.calls]
    if wrong:
        raise ConfigError("%s takes %s, not %s" % (service.title, " or ".join(service.id_kinds), ", ".join(wrong)))
    if not given:
        raise ConfigError("one of %s is required for service %s" % (", ".join(service.id_kinds), service.name))
    refs, seen = [], set()
    for name in given:
        for value in args[name]:
            check_id(name, value)
            if (name, value) not in seen:
                seen.add((name, value))
                refs.append(Ref(name, value))
    return refs


def run_wait(args, on_progress=None, on_warning=None, client_factory=new_client):
    """The task result of wait_for_job for validated ``args`` (``failed`` and ``msg`` set when it fails)."""
    on_warning = on_warning or (lambda text: None)
    result = dict(changed=False)
    try:
        check_numbers(args)
        service = get_service(args["service"])
        refs = refs_from(args, service)
        client = client_factory(args, pool_size=args["max_concurrency"])
    except ConfigError as err:
        return dict(result, failed=True, msg=str(err))
    for warning in client.settings.warnings:
        on_warning(warning)
    try:
        outcome = _wait(args, service, client, refs, on_progress, on_warning)
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


def _wait(args, service, client, refs, on_progress, on_warning):
    workers = min(args["max_concurrency"], len(refs))
    executor = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        waiter = Waiter(
            fetch=lambda ref, deadline: fetch_jobs(client, service, ref.kind, ref.value, deadline),
            is_not_found=service.not_found,
            service_name=service.name,
            timeout=args["timeout"],
            delay=args["delay"],
            poll_interval=args["poll_interval"],
            max_poll_interval=args["max_poll_interval"],
            not_found_timeout=args["not_found_timeout"],
            progress_interval=args["progress_interval"],
            parallel_map=(lambda fn, items: list(executor.map(fn, items))) if executor else None,
            on_progress=on_progress,
            on_warning=on_warning,
            overrun=min(0.5, args["http_timeout"]),
        )
        return waiter.wait(refs)
    finally:
        if executor:
            executor.shutdown(wait=True)
