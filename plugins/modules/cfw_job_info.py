#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 hwcloud.jobs contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cfw_job_info
short_description: Get the status of a Cloud Firewall (CFW) job
version_added: 0.1.0
description:
  - Reads one Cloud Firewall job, for example the creation of a firewall.
  - The job is returned as the API's C(data) object, plus the collection's normalised keys.
  - Times are accepted both as the documented C(yyyy-mm-ddThh:mm:ssZ) strings and as the epoch milliseconds
    the vendor's example sends.
author:
  - hwcloud.jobs contributors (@hwcloud-jobs)
options:
  job_id:
    description:
      - Job ID.
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
  - module: hwcloud.jobs.koophone_task_info
  - module: hwcloud.jobs.workspace_job_info
"""

EXAMPLES = r"""
- name: Status of a firewall job
  hwcloud.jobs.cfw_job_info:
    region: eu-west-101
    job_id: f588ce71-e26c-400d-8981-f854355f6849
  register: cfw

- name: Stop here unless it succeeded
  ansible.builtin.assert:
    that: cfw.jobs[0].state == 'succeeded'
"""

RETURN = r"""
jobs:
  description: The job, as a list of one record.
  returned: success
  type: list
  elements: dict
  contains:
    service:
      description: The service that holds the job.
      type: str
      returned: always
      sample: cfw
    job_id:
      description: Job ID (the API's RV(jobs[].id), or the ID asked for when the API sends none).
      type: str
      returned: always
      sample: f588ce71-e26c-400d-8981-f854355f6849
    id:
      description: Job ID as sent.
      type: str
      returned: when the API sends it
      sample: f588ce71-e26c-400d-8981-f854355f6849
    state:
      description:
        - V(running), V(succeeded) or V(failed) from RV(jobs[].status); any other status is V(unknown), never a success.
      type: str
      returned: always
      sample: succeeded
    status:
      description: Raw status, V(Running), V(Success) or V(Failed).
      type: str
      returned: when the API sends it
      sample: Success
    begin_time:
      description: Creation time as sent (epoch milliseconds or a time string).
      type: raw
      returned: when the API sends it
      sample: 1641370501000
    end_time:
      description: End time as sent.
      type: raw
      returned: when the API sends it
      sample: 1641370515000
    started_at:
      description: RV(jobs[].begin_time) as ISO 8601 UTC, or null.
      type: str
      returned: always
      sample: "2022-01-05T08:15:01Z"
    ended_at:
      description: RV(jobs[].end_time) as ISO 8601 UTC, or null.
      type: str
      returned: always
      sample: "2022-01-05T08:15:15Z"
    duration:
      description: Seconds from start to end, or null.
      type: float
      returned: always
      sample: 14.0
    progress:
      description: Always null; CFW gives no progress.
      type: int
      returned: always
      sample: null
"""

from ansible_collections.hwcloud.jobs.plugins.module_utils.common import run_named_info_module


def main():
    run_named_info_module("cfw")


if __name__ == "__main__":
    main()
