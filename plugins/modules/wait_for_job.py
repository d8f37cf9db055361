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
  - Polls the status of one or many jobs of one service until every one is done (succeeded or failed)
    or O(timeout) passes.
  - Runs on the controller, in-process, with one kept-alive HTTP session for the whole task; a poll costs
    one round trip, not a module run.
  - Polling starts at O(poll_interval) and grows with jitter to O(max_poll_interval); the last sleep is trimmed
    to the time left. A status call that fails transiently (HTTP 429, 5xx, connection errors, a body that is not JSON)
    is retried, and if the retries run out the job is polled again later while time is left.
  - A status that is not documented is C(unknown), never a success; polling goes on and a warning names the value.
  - A job the service does not know yet (HTTP 404, or CPH's HTTP 400 C(CPS.0005)) is given O(not_found_timeout)
    seconds to appear before it counts as failed.
  - The task fails when a job failed (unless O(fail_on_failure=false)), naming each failed job with its error code
    and message (Workspace, each failed sub-job with its desktop), and at the deadline, naming the jobs still pending.
  - With IAM password authentication, a token that expires during the wait is renewed once.
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  service:
    description:
      - The service that holds the jobs.
    type: str
    required: true
    choices: [cfw, cph, koophone, workspace]
  job_id:
    description:
      - One job ID or a list of them (O(service=cph), O(service=workspace), O(service=cfw)).
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
  timeout:
    description:
      - Total seconds to wait. The task fails no later than O(timeout) + O(http_timeout) + 1 second.
    type: float
    default: 1800
  delay:
    description:
      - Seconds to wait before the first poll.
    type: float
    default: 0
  poll_interval:
    description:
      - Seconds between the first polls; grows by half each poll, with jitter, up to O(max_poll_interval).
    type: float
    default: 1
  max_poll_interval:
    description:
      - Longest wait between two polls of a job.
    type: float
    default: 10
  not_found_timeout:
    description:
      - Seconds a job may be unknown to the service after the wait starts (it may not be visible yet right after it was submitted)
        before it counts as failed.
    type: float
    default: 30
  fail_on_failure:
    description:
      - Whether the task fails when a job failed. With V(false), look at RV(failed_ids) instead.
    type: bool
    default: true
  progress_interval:
    description:
      - Seconds between progress lines (done/total, failed, running, elapsed, Workspace progress) in the output. V(0) for none.
    type: float
    default: 30
  max_concurrency:
    description:
      - Status calls in flight at once, 1 to 100.
    type: int
    default: 10
extends_documentation_fragment:
  - hwcloud.jobs.connection
attributes:
  action:
    support: full
    description: Runs as an action plugin on the controller.
  check_mode:
    support: full
    description: Runs normally in check mode; it only reads.
seealso:
  - module: hwcloud.jobs.cph_job_info
  - module: hwcloud.jobs.workspace_job_info
"""

EXAMPLES = r"""
- name: Restart phones (returns one request id and a job per phone)
  ansible.builtin.uri:
    url: "https://cph.cn-north-4.myhuaweicloud.com/v1/{{ project_id }}/cloud-phone/phones/batch-restart"
    method: POST
    headers:
      X-Auth-Token: "{{ token }}"
    body_format: json
    body:
      phones:
        - phone_id: 1234567b8bab40ffb711234cb80d0234
        - phone_id: abc4567b8bab40ffb711234cb80d0abc
  register: restart

- name: Wait for every phone of the request
  hwcloud.jobs.wait_for_job:
    service: cph
    request_id: "{{ restart.json.request_id }}"
    timeout: 900
  register: waited

- name: Many firewall jobs at once, collecting failures instead of failing
  hwcloud.jobs.wait_for_job:
    service: cfw
    job_id: "{{ created.results | map(attribute='json.data.job_id') | list }}"
    fail_on_failure: false
  register: cfw

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
        job_id: "{{ desktops.json.job_id }}"
        progress_interval: 10
"""

RETURN = r"""
jobs:
  description: The job records, as the service's info module returns them; for a request or task, every job in it.
  returned: always
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
  returned: always
  type: list
  elements: str
  sample: [f588ce71-e26c-400d-8981-f854355f6849]
failed_ids:
  description: IDs of the jobs that failed, including IDs the service never showed within O(not_found_timeout).
  returned: always
  type: list
  elements: str
  sample: []
pending_ids:
  description: IDs of the jobs not done at the deadline (empty unless the task timed out).
  returned: always
  type: list
  elements: str
  sample: []
elapsed:
  description: Seconds the wait took.
  returned: always
  type: float
  sample: 12.402
polls:
  description: Status calls made (one per job, request or task per round; pages of a CPH request count once).
  returned: always
  type: int
  sample: 7
transient_errors:
  description: Status calls that failed transiently even after the client's retries, and were polled again later.
  returned: always
  type: int
  sample: 0
retries:
  description: HTTP retries the client made for transient failures.
  returned: always
  type: int
  sample: 0
timed_out:
  description: Whether the deadline passed with jobs not done.
  returned: always
  type: bool
  sample: false
"""
