#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cph_job_info
short_description: Get the status of Cloud Phone (CPH) jobs
version_added: 0.1.0
description:
  - Reads Cloud Phone Host jobs, either one job by O(job_id) or every job of one request by O(request_id)
    (a batch operation on many phones returns one request id and a job per phone).
  - By O(request_id), every page of the list is read.
  - Each job is returned as the API sends it, plus the collection's normalised keys
    (RV(jobs[].state), RV(jobs[].started_at), ...).
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  job_id:
    description:
      - ID of one job, as returned when the task was submitted.
      - Exactly one of O(job_id) and O(request_id) is required.
    type: str
  request_id:
    description:
      - Request ID returned by a batch operation; returns every job of the request.
    type: str
extends_documentation_fragment:
  - hwcloud.jobs.connection
attributes:
  check_mode:
    support: full
    description: The module only reads.
seealso:
  - module: hwcloud.jobs.wait_for_job
    description: Wait until jobs are done, and fail naming each failed job.
  - module: hwcloud.jobs.api_call
    description: Call any Huawei Cloud API and wait on the jobs it starts.
  - module: hwcloud.jobs.job_info
  - module: hwcloud.jobs.koophone_task_info
  - module: hwcloud.jobs.workspace_job_info
  - module: hwcloud.jobs.cfw_job_info
"""

EXAMPLES = r"""
- name: Status of the jobs of a batch restart
  hwcloud.jobs.cph_job_info:
    region: cn-north-4
    request_id: "{{ restart.json.request_id }}"
  register: cph

- name: Show the phones whose job failed
  ansible.builtin.debug:
    msg: "{{ item.phone_id }}: {{ item.error_code }} {{ item.error_msg }}"
  loop: "{{ cph.jobs | selectattr('state', 'equalto', 'failed') }}"

- name: One job, with credentials from the environment (HW_ACCESS_KEY, HW_SECRET_KEY, HW_REGION_NAME)
  hwcloud.jobs.cph_job_info:
    job_id: 6837531fd3f54550927b930180a706bf
  register: one
"""

RETURN = r"""
jobs:
  description: The jobs, as the API sends them plus the normalised keys. A list even for one job.
  returned: success
  type: list
  elements: dict
  contains:
    service:
      description: The service that holds the job.
      type: str
      returned: always
      sample: cph
    job_id:
      description: Job ID.
      type: str
      returned: always
      sample: 6837531fd3f54550927b930180a706bf
    state:
      description:
        - V(running), V(succeeded) or V(failed) from RV(jobs[].status); any other status is V(unknown), never a success.
      type: str
      returned: always
      sample: succeeded
    status:
      description: Raw status, V(1) running, V(2) succeeded, V(-1) failed.
      type: int
      returned: when the API sends it
      sample: 2
    started_at:
      description: RV(jobs[].begin_time) as ISO 8601 UTC, or null.
      type: str
      returned: always
      sample: "2019-04-26T07:00:00Z"
    ended_at:
      description: RV(jobs[].end_time) as ISO 8601 UTC, or null.
      type: str
      returned: always
      sample: "2019-04-26T07:00:06Z"
    duration:
      description: Seconds from start to end, or null while either is unknown.
      type: float
      returned: always
      sample: 6.0
    progress:
      description: Always null; CPH gives no progress.
      type: int
      returned: always
      sample: null
    request_id:
      description: Request ID the job belongs to.
      type: str
      returned: when the API sends it
      sample: 2676a3b4f7df49c297c6775989806d32
    phone_id:
      description: Cloud phone ID, for jobs on a phone.
      type: str
      returned: when the API sends it
      sample: 1234567b8bab40ffb711234cb80d0234
    server_id:
      description: Cloud phone server ID, for jobs on a server.
      type: str
      returned: when the API sends it
      sample: 1e223c8e-3ad0-4bf0-a837-bc90d4f91d01
    encode_server_id:
      description: Encoding server ID, for jobs on an encoding server.
      type: str
      returned: when the API sends it
      sample: null
    node_id:
      description: Node ID (deprecated by the API, still sent).
      type: str
      returned: when the API sends it
      sample: 1e223c8e-3ad0-4bf0-a837-bc90d4f91d01
    begin_time:
      description: Start time as sent.
      type: str
      returned: when the API sends it
      sample: "2019-04-26T07:00:00Z"
    end_time:
      description: End time as sent.
      type: str
      returned: when the API sends it
      sample: "2019-04-26T07:00:06Z"
    error_code:
      description: Error code of a failed job.
      type: str
      returned: when the API sends it
      sample: CPS.0005
    error_msg:
      description: Description of the error code.
      type: str
      returned: when the API sends it
      sample: Phone not found.
    execute_msg:
      description: What the job returned, for example a command's output (at most 1024 bytes).
      type: str
      returned: when the API sends it
      sample: "ok"
"""

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import run_named_info_module


def main():
    run_named_info_module("cph")


if __name__ == "__main__":
    main()
