# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""hwcloud.jobs.job_status: an ansible-rulebook event source that reports each Huawei Cloud job as it ends.

It runs the code of wait_for_job (the service table, the client, the poll
schedule, the Waiter's poll_round), round by round, in a worker thread, and
turns what each round changed into events.
"""

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor

DOCUMENTATION = r"""
---
short_description: Report Huawei Cloud jobs, orders and resources (CPH, Workspace, ECS, BSS orders, VPCs, ...) as they end.
description:
  - An ansible-rulebook event source that polls the jobs given in O(jobs), of any services of the collection,
    with the same code as M(hwcloud.jobs.wait_for_job), and puts one event on the queue per job when it ends
    (or, with O(emit=changes), at every change of its state).
  - 'A job event is C({"hwcloud_job": <job record>, "previous_state": <state or null>, "meta": {"source": {"type":
    "hwcloud.jobs.job_status"}}}). The job record is the one M(hwcloud.jobs.job_info) returns: every field the API
    sends, plus C(service), C(job_id), C(state), times, C(progress), and C(sub_jobs), C(failed_sub_jobs) and
    C(sub_jobs_without_status) where the service has sub-jobs.'
  - 'A prepaid order (C({service: bss, order_id: ...})) and a resource (C({service: vpc, vpc_id: ...}),
    C({service: ecs, server_id: ...}), ...) give the same events: the record of an order keeps the order''s fields
    (C(order_id), its raw C(status)) and, once completed, C(resources), the IDs of what it made (main first); a completed
    order that lists none yet is still C(running). A resource''s record keeps the fields of its API and the ID it was
    asked by (C(vpc_id), C(server_id), ...); one waited on with C(until=absent) ends, C(succeeded), with C(absent=true)
    when its service no longer shows it. C(job_id) is the order''s or the resource''s ID.'
  - C(meta.source) is a mapping because ansible-rulebook adds C(meta.source.name), C(meta.received_at) and C(meta.uuid)
    to every event (it fails on a C(meta.source) that is a string).
  - Never the same event twice for one job; once a job has ended (or been given up as not found) it is not reported again.
  - A job that is still not found when O(not_found_timeout) has passed gives one event with C(state=unknown) and
    C(not_found=true), never one per poll. (M(hwcloud.jobs.wait_for_job) counts such a job as failed, since a task
    must end with a verdict; the event source says what it knows, and a rule can test C(not_found).)
  - 'While the API fails (HTTP 429 or 5xx, no answer, a body that is not JSON, after the client''s retries), one event
    C({"hwcloud_error": {"service", "error_code", "error_msg", "request_id", "status_code"}, "meta": ...}) is put per
    outage of a service, and polling goes on; once that service answers again, a later outage gives a new event.'
  - An error that polling again cannot mend (credentials refused, a project that does not exist) stops the source
    with that error's message, as does bad input, before any request.
options:
  jobs:
    description:
      - 'The jobs, orders and resources to report, as in M(hwcloud.jobs.wait_for_job), a list of mappings, each with
        C(service) and the IDs of one of its calls (the ID that names the job a string or a list of strings), for example
        C({service: workspace, job_id: 7f3e...}), C({service: cph, request_id: ...}) (every job of that request),
        C({service: bss, order_id: ...}) (a prepaid order), C({service: vpc, vpc_id: ...}) (a resource), or
        C({service: ecs, server_id: ..., until: absent}) (a deletion, done when the server is
        gone).'
    type: list
    elements: raw
    required: true
  emit:
    description:
      - V(terminal), one event per job, when it ends.
      - V(changes), an event at every change of a job's state (its first state seen too), the end included.
    type: str
    choices: [terminal, changes]
    default: terminal
  exit_when_done:
    description:
      - Return once every job has ended, or stayed not found past O(not_found_timeout), so that a rulebook run
        (ansible-rulebook ends when its sources have) ends by itself.
      - V(false), keep running, idle, until ansible-rulebook stops the source.
    type: bool
    default: true
  poll_interval:
    description:
      - Seconds between the first polls; grows by half each poll, with jitter, up to O(max_poll_interval).
    type: float
    default: 1.0
  max_poll_interval:
    description:
      - Longest wait between two polls of a job, in seconds.
    type: float
    default: 10.0
  not_found_timeout:
    description:
      - Seconds a job may be not found (just submitted, not yet visible) before it is reported as C(unknown) with C(not_found).
    type: float
    default: 30.0
  max_concurrency:
    description:
      - Status calls in flight at once, 1 to 100.
    type: int
    default: 10
  rate_limit:
    description:
      - The most calls to make to each service's host, as calls per window, for instance V(60/minute), V(10/second)
        or V(200/5 minutes). It wins over the limit the vendor documents for a service.
      - Without it, a service's documented limit paces its polls (RDS, 60 calls a minute per user), and an HTTP 429
        whose message names the gateway's limit (C(limit:60,time:1 minute)) teaches it; the polls take turns under
        it, the jobs polled longest ago first. One budget per host is shared by every call of the task (api_call's
        own call and the polls of its wait too).
      - A value that is not a positive number of calls with a window is refused, naming this option, before
        anything is sent.
    type: str
  region:
    description:
      - Region name, for example C(cn-north-4). Falls back to E(HW_REGION_NAME), then E(HUAWEICLOUD_SDK_REGION).
    type: str
  project_id:
    description:
      - Project ID; looked up from IAM by O(region) when not set. Falls back to E(HUAWEICLOUD_SDK_PROJECT_ID), then E(HW_PROJECT_ID).
    type: str
  cloud:
    description:
      - Domain suffix of the default hosts (V(myhuaweicloud.com) when not set). Falls back to E(HW_CLOUD).
    type: str
  endpoint:
    description:
      - Base URL of every service. Falls back to E(HWCLOUD_JOBS_ENDPOINT).
    type: str
  endpoints:
    description:
      - Base URL per service name. Falls back to E(HWCLOUD_JOBS_ENDPOINTS), a JSON object.
    type: dict
  iam_endpoint:
    description:
      - Base URL of IAM. Falls back to E(HWCLOUD_JOBS_IAM_ENDPOINT), then E(HUAWEICLOUD_SDK_IAM_ENDPOINT), then E(HW_AUTH_URL).
    type: str
  auth_token:
    description:
      - An IAM token. Falls back to E(HW_AUTH_TOKEN).
    type: str
  access_key:
    description:
      - Access key ID (AK). Falls back to E(HUAWEICLOUD_SDK_AK), then E(HW_ACCESS_KEY).
    type: str
  secret_key:
    description:
      - Secret access key (SK). Never sent, never in an event or a message. Falls back to E(HUAWEICLOUD_SDK_SK), then E(HW_SECRET_KEY).
    type: str
  security_token:
    description:
      - Security token of a temporary AK/SK. Falls back to E(HUAWEICLOUD_SDK_SECURITY_TOKEN), then E(HW_SECURITY_TOKEN).
    type: str
  username:
    description:
      - IAM user name (with O(password) and O(domain_name)). Falls back to E(HW_USER_NAME).
    type: str
  password:
    description:
      - IAM user password. Falls back to E(HW_USER_PASSWORD).
    type: str
  domain_name:
    description:
      - Account (domain) of the IAM user. Falls back to E(HW_DOMAIN_NAME).
    type: str
  domain_id:
    description:
      - Account (domain) ID for BSS orders under AK/SK (sent as C(X-Domain-Id)); looked up from IAM when not set.
        Falls back to E(HUAWEICLOUD_SDK_DOMAIN_ID).
    type: str
  validate_certs:
    description:
      - Whether to verify TLS certificates.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA certificate(s) to trust, for a cloud or a TLS-inspecting proxy with a private CA.
        Falls back to E(HWCLOUD_JOBS_CA_PATH); without either, E(REQUESTS_CA_BUNDLE) still works.
    type: path
  allow_insecure_http:
    description:
      - Allow a plain C(http://) endpoint on a host that is not loopback.
    type: bool
    default: false
  http_timeout:
    description:
      - Seconds to wait for one HTTP response; one round of polls retries transient failures within that time.
    type: float
    default: 30.0
notes:
  - The options mean what they mean for the modules of the collection (see M(hwcloud.jobs.job_info)), with the same
    environment variables.
  - Cancelling the source (ansible-rulebook does so when it shuts down) stops it at once, between polls or during
    one, and closes its HTTP session; a call already on the wire is left to end within O(http_timeout) in its thread.
requirements:
  - requests
"""

EXAMPLES = r"""
- name: Report Workspace and CPH jobs as they end
  hosts: localhost
  sources:
    - hwcloud.jobs.job_status:
        jobs:
          - service: workspace
            job_id: "{{ workspace_job_id }}"
          - service: cph
            request_id: "{{ cph_request_id }}"
        poll_interval: 5
        max_poll_interval: 30
  rules:
    - name: A desktop failed
      condition: event.hwcloud_job.state == "failed" and event.hwcloud_job.service == "workspace"
      action:
        run_playbook:
          name: playbooks/repair_desktop.yml
"""

SOURCE = "hwcloud.jobs.job_status"
# Keys ansible-rulebook adds to the args of every source; not options of ours.
RULEBOOK_KEYS = ("eda_feedback_queue",)

logger = logging.getLogger(SOURCE)


def _collections_dir(path):
    """The directory holding the ``ansible_collections`` that ``path`` sits in (as ansible-galaxy installs it), or None."""
    here = os.path.dirname(os.path.abspath(path))
    while True:
        parent = os.path.dirname(here)
        if os.path.basename(here) == "ansible_collections":
            return parent
        if parent == here:
            return None
        here = parent


def _load_collection():
    """The collection's wait body and its names; ansible-rulebook loads this file by path, without ansible_collections
    on the import path, so the directory it was installed in is added when the import fails."""
    try:
        from ansible_collections.hwcloud.jobs.plugins.plugin_utils import wait  # pylint: disable=import-outside-toplevel
    except ImportError:
        where = _collections_dir(__file__)
        if where is None:
            raise ImportError("%s: cannot import ansible_collections.hwcloud.jobs: this file is not inside an "
                              "ansible_collections directory (install the collection with ansible-galaxy)" % SOURCE)
        sys.path.append(where)
        from ansible_collections.hwcloud.jobs.plugins.plugin_utils import wait  # pylint: disable=import-outside-toplevel
    return wait


wait = _load_collection()
# pylint: disable=wrong-import-position
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator  # noqa: E402
from ansible.module_utils.errors import UnsupportedError  # noqa: E402

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import connection_argument_spec, new_client  # noqa: E402
from ansible_collections.hwcloud.jobs.plugins.module_utils.errors import ConfigError  # noqa: E402
from ansible_collections.hwcloud.jobs.plugins.module_utils.jobs import UNKNOWN  # noqa: E402
from ansible_collections.hwcloud.jobs.plugins.module_utils.redaction import redact  # noqa: E402
from ansible_collections.hwcloud.jobs.plugins.plugin_utils.report import is_done  # noqa: E402

EMIT_MODES = ("terminal", "changes")


def argument_spec():
    """The modules' connection options, wait_for_job's polling options, and the source's own."""
    spec = connection_argument_spec()
    spec.update(wait.polling_argument_spec())
    spec.update(
        jobs=dict(type="list", elements="raw", required=True),
        emit=dict(type="str", choices=list(EMIT_MODES), default="terminal"),
        exit_when_done=dict(type="bool", default=True),
    )
    return spec


def check_args(args):
    """(validated options, refs) or ConfigError naming the argument; nothing is sent before this returns."""
    if not isinstance(args, dict):
        raise ConfigError("%s: its arguments must be a mapping, got %s" % (SOURCE, type(args).__name__))
    given = dict((k, v) for k, v in args.items() if k not in RULEBOOK_KEYS)
    result = ArgumentSpecValidator(argument_spec()).validate(given)
    secrets = [s for s in result._no_log_values if isinstance(s, str) and s]  # pylint: disable=protected-access
    if result.errors.errors:
        raise ConfigError(redact("%s: %s" % (SOURCE, "; ".join(_describe(e) for e in result.errors.errors)), secrets))
    options = result.validated_parameters
    try:
        wait.check_numbers(options)
        refs = wait.refs_from_jobs(options["jobs"])
    except ConfigError as err:
        raise ConfigError(redact("%s: %s" % (SOURCE, err), secrets))
    return options, refs


def _describe(error):
    if isinstance(error, UnsupportedError):
        return "unsupported arguments: %s" % error
    return str(error)


def job_event(record, previous_state):
    return {"hwcloud_job": record, "previous_state": previous_state, "meta": {"source": {"type": SOURCE}}}


def error_event(service, err):
    return {"hwcloud_error": {"service": service, "error_code": err.error_code, "error_msg": err.error_msg or err.describe(),
                              "request_id": err.request_id, "status_code": err.status},
            "meta": {"source": {"type": SOURCE}}}


class Reporter:
    """What the rounds have shown, and which events that makes: each job's last state, the ends already told,
    the services in an outage."""

    def __init__(self, waiter, emit):
        self.waiter = waiter
        self.emit = emit
        self.last = {}
        self.ended = set()
        self.outages = set()

    def records(self, ref):
        """The ref's jobs as the source reports them: none before a first answer; past the grace, the waiter's
        records (a job never found, or gone, is ``unknown``: the source's waiter is made with that missing state)."""
        return self.waiter.records_of(ref) if ref.gave_up else ref.records

    def job_events(self, refs):
        events = []
        for ref in refs:
            for number, record in enumerate(self.records(ref)):
                key = (ref.service.name, ref.kind, ref.value, record.get("job_id") or number)
                if key in self.ended:
                    continue
                state, previous = record["state"], self.last.get(key)
                ends = is_done(record) or ref.gave_up
                if state != previous and (ends or self.emit == "changes"):
                    events.append(job_event(record, previous))
                self.last[key] = state
                if ends:
                    self.ended.add(key)
        return events

    def error_events(self, outcomes):
        """One event per service whose calls failed this round (the round's outcomes) and were not failing already;
        a service whose calls all answered (the job, or not found) is out of its outage."""
        failing, answering = {}, set()
        for outcome in outcomes:
            name = outcome.ref.service.name
            if outcome.error is not None and not outcome.not_found:
                failing.setdefault(name, outcome.error)
            else:
                answering.add(name)
        answering -= set(failing)
        events = [error_event(name, err) for name, err in failing.items() if name not in self.outages]
        self.outages = (self.outages - answering) | set(failing)
        return events


async def run(queue, args, client_factory=new_client):
    """The source's body; ``client_factory`` is the seam tests use to see the client."""
    options, refs = check_args(args)
    try:
        client = client_factory(options, pool_size=options["max_concurrency"])
        wait.check_endpoints(client, refs)
    except ConfigError as err:
        raise ConfigError("%s: %s" % (SOURCE, err))
    for warning in client.settings.warnings:
        logger.warning(warning)
    fetchers = wait.fetch_pool(options, refs, thread_name_prefix="job_status")
    rounds = ThreadPoolExecutor(max_workers=1, thread_name_prefix="job_status_round")
    try:
        waiter = wait.new_waiter(options, client, fetchers, on_warning=logger.warning, missing_state=UNKNOWN)
        await _poll(queue, options, client, refs, waiter, rounds)
    finally:
        client.close()
        for executor in (rounds, fetchers):
            if executor:
                executor.shutdown(wait=False, cancel_futures=True)


async def _poll(queue, options, client, refs, waiter, rounds):
    """Round after round until every job is done; a round runs in a worker thread (its calls block)."""
    loop = asyncio.get_running_loop()
    reporter = Reporter(waiter, options["emit"])
    waiter.begin()
    while True:
        # One round's calls, retries included, take at most one call's timeout.
        deadline = waiter.clock() + client.settings.http_timeout
        outcomes = await loop.run_in_executor(rounds, waiter.poll_round, refs, deadline)
        for event in reporter.error_events(outcomes) + reporter.job_events(refs):
            await queue.put(event)
        if all(ref.done for ref in refs):
            break
        await asyncio.sleep(waiter.schedule.next())
    if not options["exit_when_done"]:
        await asyncio.Event().wait()


async def main(queue, args):
    """Put an event on ``queue`` for each job of ``args["jobs"]`` as it ends (see DOCUMENTATION)."""
    await run(queue, args)


if __name__ == "__main__":

    class MockQueue(asyncio.Queue):
        """Prints each event instead of queueing it."""

        async def put(self, item):
            print(item)  # noqa: T201

    asyncio.run(main(MockQueue(), {"jobs": [{"service": "cph", "job_id": sys.argv[1] if len(sys.argv) > 1 else "job-1"}],
                                   "not_found_timeout": 5.0}))
