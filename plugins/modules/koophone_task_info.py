#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: koophone_task_info
short_description: Get the jobs of a KooPhone task
version_added: 0.1.0
description:
  - Reads the jobs of one KooPhone task, as returned by an asynchronous command on instances.
  - Sends a fresh C(x-request-id) header on every call, as the API requires.
  - KooPhone has one region, C(cn-south-1), and its endpoint has no region in the host.
  - Each job is returned as the API sends it, plus the collection's normalised keys.
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  task_id:
    description:
      - Task ID returned for an asynchronous request.
    type: str
    required: true
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
  - module: hwcloud.jobs.cph_job_info
  - module: hwcloud.jobs.workspace_job_info
  - module: hwcloud.jobs.cfw_job_info
"""

EXAMPLES = r"""
- name: Jobs of a KooPhone task
  hwcloud.jobs.koophone_task_info:
    region: cn-south-1
    auth_token: "{{ iam_token }}"
    task_id: 6837531fd3f54550927b930180a706bf
  register: task

- name: Command output per job
  ansible.builtin.debug:
    msg: "{{ task.jobs | map(attribute='execute_msg') | list }}"
"""

RETURN = r"""
jobs:
  description: The jobs of the task, as the API sends them plus the normalised keys. Empty when the task has no jobs (yet).
  returned: success
  type: list
  elements: dict
  contains:
    service:
      description: The service that holds the job.
      type: str
      returned: always
      sample: koophone
    job_id:
      description: Job ID.
      type: str
      returned: always
      sample: 1564567b8bab40f34711234cb80d0456
    state:
      description:
        - V(running), V(succeeded) or V(failed) from RV(jobs[].status); any other status is V(unknown), never a success.
      type: str
      returned: always
      sample: succeeded
    status:
      description:
        - Raw status, V(1) running, V(2) succeeded, V(-1) failed; app-install tasks also report V(0) (not run yet,
          so V(running), shown as "not started yet" while waiting) and V(3) (failed).
      type: int
      returned: when the API sends it
      sample: 2
    started_at:
      description: Always null; the API sends no times.
      type: str
      returned: always
      sample: null
    ended_at:
      description: Always null; the API sends no times.
      type: str
      returned: always
      sample: null
    duration:
      description: Always null.
      type: float
      returned: always
      sample: null
    progress:
      description: Always null; KooPhone gives no progress.
      type: int
      returned: always
      sample: null
    error_code:
      description: Error code of the job.
      type: str
      returned: when the API sends it
      sample: CPS0005
    error_msg:
      description: Description of the error code.
      type: str
      returned: when the API sends it
      sample: Phone not found.
    execute_msg:
      description: The command's output, sent whether or not it succeeded (at most 1024 bytes; may be null).
      type: str
      returned: when the API sends it
      sample: xxxxxx
"""

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import run_named_info_module


def main():
    run_named_info_module("koophone")


if __name__ == "__main__":
    main()
