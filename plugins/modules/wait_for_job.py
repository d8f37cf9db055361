#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# This is a documentation-only stub: the work is done by the action plugin of the same name,
# on the controller (the convention of ansible.builtin.wait_for_connection).

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: wait_for_job
short_description: Wait until Huawei Cloud jobs are done, and fail clearly if any failed
version_added: 0.1.0
description:
  - Polls the status of one or many jobs until every one is done (succeeded or failed) or O(timeout) passes.
  - The jobs are given either as O(service) with O(job_id), O(request_id) or O(task_id), or as O(jobs), a list
    of jobs of any services, waited on together under one deadline and one concurrency limit.
  - Runs on the controller, in-process, with one kept-alive HTTP session for the whole task; a poll costs
    one round trip, not a module run.
  - Polling starts at O(poll_interval) and grows with jitter to O(max_poll_interval); the last sleep is trimmed
    to the time left. A status call that fails transiently (HTTP 429, 5xx, connection errors, a body that is not JSON)
    is retried, and if the retries run out the job is polled again later while time is left.
  - A status that is not documented is C(unknown), never a success; polling goes on and a warning names the value.
  - A job the service does not know yet (HTTP 404, or the service's own not-found code such as CPH's HTTP 400 C(CPS.0005))
    is given O(not_found_timeout) seconds to appear before it counts as failed.
  - The task fails when a job failed (unless O(fail_on_failure=false)), naming each failed job with its error code
    and message (and each failed sub-job with what it worked on, such as a Workspace desktop),
    and at the deadline, naming the jobs still pending and what they wait for (such as a payment).
  - With IAM password authentication, a token that expires during the wait is renewed at each expiry, at most once per
    status call (a call whose fresh token is refused as expired too fails the task).
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  service:
    description:
      - The service that holds the jobs given by O(job_id), O(request_id) or O(task_id).
      - Mutually exclusive with O(jobs); one of the two is required.
    type: str
    choices: [bms, cce, cfw, cph, dcs, ecs, evs, ims, koophone, rds, workspace]
  job_id:
    description:
      - One job ID or a list of them, of O(service) (every service but KooPhone).
    type: list
    elements: str
  request_id:
    description:
      - CPH only. One request ID or a list; waits for every job of each request, read in one call (with its pages) per request.
    type: list
    elements: str
  task_id:
    description:
      - KooPhone only. One task ID or a list; waits for every job of each task.
    type: list
    elements: str
  jobs:
    description:
      - Jobs of any services, each a mapping of C(service) and exactly one of C(job_id), C(request_id), C(task_id)
        (an ID or a list of IDs of the kinds that service takes).
      - Waited on together, polled from the first second, under one O(timeout) and one O(max_concurrency).
      - Mutually exclusive with O(service) and its IDs. A bad entry is refused before anything is sent, naming its position.
    type: list
    elements: raw
  delay:
    description:
      - Seconds to wait before the first poll.
    type: float
    default: 0
  fail_on_failure:
    description:
      - Whether the task fails when a job failed. With V(false), look at RV(failed_ids) instead.
    type: bool
    default: true
  progress_interval:
    description:
      - Seconds between progress lines in the output. V(0) for none.
      - 'A progress line reads, for instance, "wait_for_job 300 jobs: 120 done (2 failed), 180 not done (4 waiting for payment),
        60s elapsed, progress 45%; ecs 100/200, cfw 20/100". It gives the jobs done (of them failed) and not done, what jobs not done wait
        for where their status says, the seconds elapsed, the mean progress of the jobs whose service reports one, and
        done/total per service when there are several.'
      - 'When a limit of calls holds the polls back, a line says so once, and every progress line ends with it, for
        instance "paced: rds 60 calls a minute".'
    type: float
    default: 30
  rate_limit:
    description:
      - The most calls to make to each service's host, as calls per window, for instance V(60/minute), V(10/second)
        or V(200/5 minutes). It wins over the limit the vendor documents for a service.
      - Without it, a service's documented limit paces its polls (RDS, 60 calls a minute per user), and an HTTP 429
        whose message names the gateway's limit (C(limit:60,time:1 minute)) teaches it; the polls take turns under
        it, the jobs polled longest ago first. One budget per host is shared by every job of the task.
      - A value that is not a positive number of calls with a window is refused, naming this option.
    type: str
extends_documentation_fragment:
  - hwcloud.jobs.wait_options
  - hwcloud.jobs.connection
attributes:
  action:
    support: full
    description: Runs as an action plugin on the controller.
  check_mode:
    support: full
    description: Runs normally in check mode; it only reads.
seealso:
  - module: hwcloud.jobs.api_call
    description: Start jobs with any Huawei Cloud API call and wait on them in the same task.
  - module: hwcloud.jobs.job_info
  - module: hwcloud.jobs.cph_job_info
  - module: hwcloud.jobs.koophone_task_info
  - module: hwcloud.jobs.workspace_job_info
  - module: hwcloud.jobs.cfw_job_info
"""

EXAMPLES = r"""
- name: Restart phones and wait until each is up again, in one task (api_call starts the jobs and waits on them)
  hwcloud.jobs.api_call:
    service: cph
    method: POST
    path: /v1/{project_id}/cloud-phone/phones/batch-restart
    body:
      phones:
        - phone_id: 1234567b8bab40ffb711234cb80d0234
        - phone_id: abc4567b8bab40ffb711234cb80d0abc
    wait: true
    timeout: 900
  register: restart

- name: Create desktops now; other tasks can run before the wait
  hwcloud.jobs.api_call:
    service: workspace
    method: POST
    path: /v2/{project_id}/desktops
    body:
      desktop_type: DEDICATED
      product_id: workspace.x86.ultimate.large2
      desktops:
        - {user_name: alice, computer_name: desk-alice}
        - {user_name: bob, computer_name: desk-bob}
  register: desktops

- name: Wait for the jobs an earlier task started (its started list is the form jobs takes)
  hwcloud.jobs.wait_for_job:
    jobs: "{{ desktops.started }}"
    timeout: 1800
  register: waited

- name: Wait for every phone of a CPH request whose id came from elsewhere (a pipeline's variable)
  hwcloud.jobs.wait_for_job:
    service: cph
    request_id: "{{ cph_request_id }}"
    timeout: 900

- name: Many firewall jobs at once, collecting failures instead of failing
  hwcloud.jobs.wait_for_job:
    service: cfw
    job_id: "{{ firewalls.results | map(attribute='started') | flatten | map(attribute='job_id') | list }}"
    fail_on_failure: false
  register: cfw

- name: A Workspace job, two firewall jobs and a CPH batch, in one task
  hwcloud.jobs.wait_for_job:
    jobs:
      - service: workspace
        job_id: "{{ desktops.started[0].job_id }}"
      - service: cfw
        job_id: [f588ce71-e26c-400d-8981-f854355f6849, 0e8a3b4c-1f2d-4c5e-9a7b-6c5d4e3f2a1b]
      - service: cph
        request_id: "{{ cph_request_id }}"
    timeout: 1800
  register: gate

- name: Credentials once for the whole collection
  module_defaults:
    group/hwcloud.jobs.hwcloud:
      region: cn-north-4
      access_key: "{{ vault_ak }}"
      secret_key: "{{ vault_sk }}"
  block:
    - name: Wait for a desktop creation job
      hwcloud.jobs.wait_for_job:
        service: workspace
        job_id: "{{ desktops.started[0].job_id }}"
        progress_interval: 10
"""

RETURN = r"""
jobs:
  description: The job records, as the service's info module returns them; for a request or task, every job in it.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: dict
  sample:
    - service: cfw
      job_id: f588ce71-e26c-400d-8981-f854355f6849
      id: f588ce71-e26c-400d-8981-f854355f6849
      status: Success
      state: succeeded
      begin_time: 1641370501000
      end_time: 1641370515000
      started_at: "2022-01-05T08:15:01Z"
      ended_at: "2022-01-05T08:15:15Z"
      duration: 14.0
      progress: null
succeeded_ids:
  description: IDs of the jobs that succeeded (for a request or task, the IDs of the jobs inside it).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: str
  sample: [f588ce71-e26c-400d-8981-f854355f6849]
failed_ids:
  description: IDs of the jobs that failed, including IDs the service never showed within O(not_found_timeout).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: str
  sample: []
pending_ids:
  description:
    - IDs of the jobs not done when the wait ended, empty when every job ended.
    - They are the jobs left at the deadline (RV(timed_out) is V(true)), or the jobs left when O(fail_fast) ended the
      wait at a failed job (RV(stopped_early) is V(true)).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: list
  elements: str
  sample: []
elapsed:
  description: Seconds the wait took.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: float
  sample: 12.402
polls:
  description: Status calls made (one per job, request or task per round; pages of a CPH request count once).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 7
transient_errors:
  description: Status calls that failed transiently even after the client's retries, and were polled again later.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 0
retries:
  description: HTTP retries the client made for transient failures.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 0
by_service:
  description: Per service, how many jobs succeeded, failed and were still pending.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: dict
  sample: {cfw: {succeeded: 2, failed: 0, pending: 0}, workspace: {succeeded: 0, failed: 1, pending: 0}}
throttled:
  description: Status calls the API answered with HTTP 429 (throttled); the client slows down after the first.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: int
  sample: 0
timed_out:
  description: Whether the deadline passed with jobs not done.
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: bool
  sample: false
stopped_early:
  description: V(true) when O(fail_fast) ended the wait before the deadline (at a failed job, with other jobs not done, in RV(pending_ids)).
  returned: when the wait polled the jobs to a verdict; not on bad input, nor when an error waiting cannot cure (such as HTTP 403) stopped it
  type: bool
  sample: false
"""
